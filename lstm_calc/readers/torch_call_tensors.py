"""Which of a torch.nn module call's keyword arguments are its tensors: ``attention(query=x, key=x, value=x)``,
``embedding(input=ids)``, ``lstm(x, hx=state)``, as torch 2.x names each class's ``forward`` parameters."""

from __future__ import annotations

from itertools import takewhile
from typing import TYPE_CHECKING, Any

from lstm_calc.readers.torch_forward_values import Tensor

if TYPE_CHECKING:
    from lstm_calc.readers.torch_kinds import TorchKind

#: The tensor parameters of the forward of torch.nn classes whose first is not ``input`` (nn.LSTM's
#: ``forward(input, hx=None)``, nn.Linear's ``forward(input)``, and most others'), as torch 2.x names them.
_CALL_TENSORS = {
    "MultiheadAttention": ("query", "key", "value"),
    "TransformerEncoderLayer": ("src",),
    "TransformerEncoder": ("src",),
    "TransformerDecoderLayer": ("tgt", "memory"),
    "TransformerDecoder": ("tgt", "memory"),
    "Transformer": ("src", "tgt"),
}


def keyword_tensors(kind: TorchKind | None, given: int, keywords: dict[str, Any], class_name: str = "") -> list[Any]:
    """What ``keywords`` give the call's tensor parameters after the ``given`` positional ones, in order
    up to the first left out (``bag(text, offsets=offsets)``, ``attention(query=x, key=x, value=x)``,
    ``lstm(input=x, hx=state)``)."""
    if kind is None:
        return []
    names = kind.call_tensors or _CALL_TENSORS.get(
        class_name, ("input", "hx") if kind.feature == "input_size" else ("input",)
    )
    return [keywords[name] for name in takewhile(keywords.__contains__, names[given:])]


#: nn.MultiheadAttention's forward parameters after its three tensors, in order (torch 2.x).
_ATTENTION_AFTER_TENSORS = ("key_padding_mask", "need_weights", "attn_mask", "average_attn_weights", "is_causal")


def positional_options(class_name: str, arguments: list[Any]) -> dict[str, Any]:
    """The options a torch.nn module call gives by position that change its result: nn.MultiheadAttention's
    ``need_weights`` and ``average_attn_weights`` (``attention(q, k, v, None, False)``)."""
    if class_name != "MultiheadAttention":
        return {}
    given = dict(zip(_ATTENTION_AFTER_TENSORS, arguments[3:]))
    return {name: given[name] for name in ("need_weights", "average_attn_weights") if name in given}


def encoder_keywords(arguments: list[Any], keywords: dict[str, Any]) -> dict[str, Any]:
    """What nn.Transformer's forward gives its encoder by keyword: ``src_key_padding_mask`` (its sixth parameter),
    with which torch may run the encoder's layers on nested tensors."""
    mask = keywords.get("src_key_padding_mask", arguments[5] if len(arguments) > 5 else None)
    return {} if mask is None else {"src_key_padding_mask": mask}


def nesting_words(
    layer: Any, class_name: str, options: dict[str, Any], arguments: list[Any], keywords: dict[str, Any]
) -> str | None:
    """Why torch may run the layers of a module (of ``layer``) called on ``arguments`` and ``keywords`` on nested
    tensors, whose sizes torchinfo cannot take: nn.TransformerEncoder's ``src_key_padding_mask`` (by keyword or
    third: forward(src, mask, src_key_padding_mask)), unless made with ``enable_nested_tensor=False``; else None."""
    nesting = None if layer is None else layer.torch_nesting_keyword
    if nesting is None or options.get("enable_nested_tensor") is False:
        return None
    padding = keywords.get(nesting, arguments[2] if len(arguments) > 2 else None)
    given = isinstance(padding, Tensor)
    return f"nn.{class_name} given {nesting} may run its layers on nested tensors" if given else None
