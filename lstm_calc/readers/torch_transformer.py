"""``nn.Transformer``: an encoder and a decoder stack, each made of the layer classes' own parts.

torch builds ``encoder`` (``num_encoder_layers`` copies of a TransformerEncoderLayer, then a
LayerNorm ``norm``) and ``decoder`` (the same with TransformerDecoderLayer), all from the one
set of sizes; their weights are asked of :mod:`lstm_calc.layers.transformer_torch` under the
PyTorch convention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import PYTORCH
from lstm_calc.errors import SpecError
from lstm_calc.layers import LayerInputError
from lstm_calc.layers.stacked_layers import stacked_layer_count
from lstm_calc.located import new_located_dict, put
from lstm_calc.naming import AutoNamer
from lstm_calc.readers.torch_refusal import ShapeRefusal, fits

if TYPE_CHECKING:
    from lstm_calc.errors import Location
    from lstm_calc.layers import Weight
    from lstm_calc.located import LocatedDict
    from lstm_calc.readers.torch_refusal import TorchShape

#: ``nn.Transformer``'s constructor, device and dtype aside, with torch 2.x's defaults.
TRANSFORMER_POSITIONAL = (
    "d_model",
    "nhead",
    "num_encoder_layers",
    "num_decoder_layers",
    "dim_feedforward",
    "dropout",
    "activation",
    "custom_encoder",
    "custom_decoder",
    "layer_norm_eps",
    "batch_first",
    "norm_first",
    "bias",
)
_DEFAULTS: dict[str, Any] = {
    "d_model": 512,
    "nhead": 8,
    "num_encoder_layers": 6,
    "num_decoder_layers": 6,
    "dim_feedforward": 2048,
    "dropout": 0.1,
    "activation": "relu",
    "layer_norm_eps": 1e-5,
    "norm_first": False,
    "bias": True,
}
_BLOCK = ("d_model", "nhead", "dim_feedforward", "dropout", "activation", "layer_norm_eps", "norm_first", "bias")


def build_transformer(given: dict[str, Any], where: Location) -> dict[str, tuple[str, list[Weight], Any]]:
    """An ``nn.Transformer``'s children by name (``encoder``, ``decoder``): their classes, weights and layers.

    Its forward calls them in that order: ``encoder(src)``, then ``decoder(tgt, memory)``.
    """
    from lstm_calc.spec_layers import parse_layer

    options = {**_DEFAULTS, **given}
    children: dict[str, tuple[str, list[Weight], Any]] = {}
    for custom in ("custom_encoder", "custom_decoder"):
        if options.get(custom) is not None:
            raise SpecError(f"lstmcalc does not read nn.Transformer's {custom} yet", where)
    d_model = options["d_model"]
    for count in ("num_encoder_layers", "num_decoder_layers"):  # named as given, not as the stack's num_layers
        complaint = stacked_layer_count(options[count])
        if complaint is not None:
            raise SpecError(f"Transformer argument '{count}': {complaint}", where)
    for part, count in (("encoder", "num_encoder_layers"), ("decoder", "num_decoder_layers")):
        stack_type = f"Transformer{part.capitalize()}"
        block = _entry(where, type=f"{stack_type}Layer", **{name: options[name] for name in _BLOCK})
        norm = _entry(where, type="LayerNorm", normalized_shape=d_model, eps=options["layer_norm_eps"])
        norm_bias = options["bias"]
        if norm_bias is not True:
            put(norm, "bias", norm_bias, where, where)
        stack = _entry(where, type=stack_type, num_layers=options[count], norm=norm)
        put(stack, f"{part}_layer", block, where, where)
        layer = parse_layer(stack, "", where, PYTORCH, AutoNamer(), False).layer
        inputs: Any = (None, None, d_model)
        try:
            weights = list(layer.weights([inputs, inputs] if part == "decoder" else inputs))
        except LayerInputError as error:  # what torch's constructor refuses (nhead not dividing d_model)
            raise SpecError(f"nn.Transformer's {part}: {stack_type}Layer {error.message}", where) from None
        children[part] = (stack_type, weights, layer)
    return children


def _entry(where: Location, **arguments: Any) -> LocatedDict:
    entry = new_located_dict(where)
    for name, value in arguments.items():
        put(entry, name, value, where, where)
    return entry


def encoder_shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    """A TransformerEncoderLayer on (batch or time, ..., d_model): the output has its input's shape."""
    x = inputs[0]
    if x is None:
        return None
    if len(x) not in (2, 3):
        raise ShapeRefusal(f"takes a 2-D or 3-D input, not {len(x)}-D")
    fits(x[-1], options.get("d_model"), "d_model")
    return x


def encoder_stack_shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    """A TransformerEncoder: its layer's rule, with the d_model of the layer it was given."""
    layer = options.get("encoder_layer")
    d_model = layer.get("d_model") if isinstance(layer, dict) else None
    return encoder_shapes({"d_model": d_model}, inputs)


def decoder_shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    """A decoder (layer or stack) on (tgt, memory): the output has tgt's shape."""
    target, memory = inputs[0], inputs[1] if len(inputs) > 1 else None
    if memory is None and len(inputs) < 2:
        raise ShapeRefusal("takes a target and a memory (tgt, memory)")
    for x in (target, memory):
        if x is not None:
            encoder_shapes(options, [x])
    return target


def decoder_stack_shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    """A TransformerDecoder: its layer's rule, with the d_model of the layer it was given."""
    layer = options.get("decoder_layer")
    d_model = layer.get("d_model") if isinstance(layer, dict) else None
    return decoder_shapes({"d_model": d_model}, inputs)


def transformer_shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    """An nn.Transformer on (src, tgt): the output has tgt's shape."""
    source, target = inputs[0], inputs[1] if len(inputs) > 1 else None
    d_model = options.get("d_model", 512)
    for x in (source, target):
        if x is not None:
            encoder_shapes({"d_model": d_model}, [x])
    return target
