"""The known mistakes in counting a multi-head attention layer's parameters: how wide its heads are.

Keras's ``MultiHeadAttention`` gives each head ``key_dim`` (and ``value_dim``) features of its
own, whatever the query's width; ``torch.nn.MultiheadAttention`` splits ``embed_dim`` across its
heads. The usual mistakes take one packing for the other, or give every head the query's full
width. Each is a variation of the layer's own formula (:mod:`lstm_calc.layers.mistakes`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from lstm_calc.arguments import KERAS
from lstm_calc.layers.base import Layer
from lstm_calc.layers.mistake_records import Case, Mistake, Setting, Variation, with_config

if TYPE_CHECKING:
    from lstm_calc.layers.multi_head_attention import MultiHeadAttention


def _embed_dim(case: Case) -> int | None:
    """The query's features (the first input's last axis)."""
    shapes = case.input_shape
    query = shapes[0] if isinstance(shapes, list) else shapes
    size = query[-1]
    return size if isinstance(size, int) else None


def _head_widths(layer: Layer[Any]) -> tuple[int, int]:
    """A Keras layer's key_dim and value_dim (key_dim when not given)."""
    attention = cast("MultiHeadAttention", layer)
    return attention.key_dim, attention.head_value_dim


def _heads_split(case: Case, setting: Setting) -> Variation | None:
    """Keras: heads taken as embed_dim / num_heads wide, as torch packs them."""
    layer, embed = case.layer, _embed_dim(case)
    heads = int(layer.config["num_heads"])
    if layer.framework != KERAS or embed is None or embed % heads:
        return None
    width = embed // heads
    key_dim, value_dim = _head_widths(layer)
    if (key_dim, value_dim) == (width, width):
        return None
    widths = f"key_dim = {key_dim}" + (f" and value_dim = {value_dim}" if value_dim != key_dim else "")
    return Variation(
        replace(case, layer=with_config(layer, key_dim=width, value_dim=None)),
        f"the count with heads embed_dim / num_heads = {width} wide, as torch.nn.MultiheadAttention packs them",
        f"Keras's MultiHeadAttention gives each of its {heads} heads {widths} features of its own: "
        f"query/kernel is ({embed}, {heads}, {key_dim})",
    )


def _heads_full_width(case: Case, setting: Setting) -> Variation | None:
    """Every head given the query's full width: num_heads full-size projections."""
    layer, embed = case.layer, _embed_dim(case)
    heads = int(layer.config["num_heads"])
    if embed is None or heads == 1:
        return None
    if layer.framework == KERAS:
        if _head_widths(layer) == (embed, embed):
            return None
        key_dim, _ = _head_widths(layer)
        varied = with_config(layer, key_dim=embed, value_dim=None)
        reason = f"each of the {heads} heads is key_dim = {key_dim} wide, not the query's {embed} features"
        return Variation(replace(case, layer=varied), f"the count with every head {embed} wide", reason)
    # torch.nn's heads share embed_dim: the mistake is Keras's layout with key_dim = embed_dim, on
    # Keras's inputs (query, value, key) rather than torch's (query, key, value).
    shapes = case.input_shape
    keras_inputs = [shapes[0], shapes[2], shapes[1]] if isinstance(shapes, list) and len(shapes) == 3 else shapes
    varied = type(layer)({**layer.config, "key_dim": embed, "value_dim": None}, KERAS)
    return Variation(
        Case(varied, keras_inputs, case.factor),
        f"the count with every head {embed} wide",
        f"the {heads} heads of torch.nn.MultiheadAttention split embed_dim = {embed}, "
        f"{embed // heads} features each: in_proj_weight is ({3 * embed}, {embed})",
    )


#: The catalogue's entry for ``MultiHeadAttention`` (both conventions; its bias is the common mistake's).
ATTENTION_MISTAKES: tuple[Mistake, ...] = (
    Mistake("heads_split", _heads_split),
    Mistake("heads_full_width", _heads_full_width),
)
