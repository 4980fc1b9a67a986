"""The ``torch.nn`` classes PyTorch code may make, and what each does to the tensors it is called on.

Each class is one :data:`TORCH_KINDS` entry: its constructor's positional parameters (torch
2.x), the argument that gives the size of the input its weights are made for, and how its
output shapes follow from its inputs' (torch's own rules, batch and all). The weights
themselves are the layer classes' (:mod:`lstm_calc.layers`), asked under the PyTorch
convention. A class whose entry has no shape rule of its own (the pools, Flatten, Unflatten, Upsample, the
activation modules with arguments: torch-only kinds whose layer class computes torch's shapes) is
asked its layer class's ``output_shape``; a loss's result is :mod:`~lstm_calc.readers.torch_loss_kinds`'
(where it is followed). Adding a class is adding an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.torch_channel_shapes import (
    batch_norm,
    channels_last,
    embedding_bag,
    group_norm,
    instance_norm,
    prelu,
)
from lstm_calc.readers.torch_layout import (
    OUTPUT_AS_INPUT,
    OUTPUT_ATTENTION,
    OUTPUT_CONTIGUOUS,
    OUTPUT_CONTIGUOUS_IF_INPUTS_ARE,
    OUTPUT_ELEMENTWISE,
    OUTPUT_RECURRENT,
)
from lstm_calc.readers.torch_loss_kinds import LOSS_PARAMETERS
from lstm_calc.readers.torch_recurrent import UNKNOWN_TENSOR, cell_shapes, recurrent_shapes
from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape, fits
from lstm_calc.readers.torch_transformer import (
    TRANSFORMER_POSITIONAL,
    build_transformer,
    decoder_shapes,
    decoder_stack_shapes,
    encoder_shapes,
    encoder_stack_shapes,
    transformer_shapes,
)
from lstm_calc.readers.torch_windows import convolution
from lstm_calc.records import record

if TYPE_CHECKING:
    from typing import NamedTuple

    from lstm_calc.layers.base import Layer

#: In a module's result, a tensor it does not return (MultiheadAttention's weights, need_weights=False).
ABSENT = "absent"


# The type checker reads the fields' types from a typing.NamedTuple; at run time the record is a
# named tuple from lstm_calc.records, quicker to define. tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:

    class _TorchKind(NamedTuple):
        positional: tuple[str, ...]
        feature: str | None
        shapes: Callable[[dict[str, Any], list[TorchShape | None]], Any] | None
        #: torch's defaults for what the layer class would otherwise require (Dropout's p=0.5).
        defaults: tuple[tuple[str, Any], ...] = ()
        #: For a module made of several parts (nn.Transformer): gives it its children, instead of one layer's weights.
        composite: Callable[[dict[str, Any], Any], dict[str, tuple[str, list[Any], Any]]] | None = None
        #: How many tensors of the ``feature`` size its weights are made for (a decoder's tgt and memory: 2).
        weight_inputs: int = 1
        #: A call's tensors as its layer class takes them for its MACs (batch first, features last), or None.
        layer_inputs: Callable[[dict[str, Any], list[TorchShape]], Any] | None = None
        #: The forward's tensor parameters in order, where code may give them by keyword (EmbeddingBag's offsets=).
        call_tensors: tuple[str, ...] = ()
        #: How its output is laid out in memory (an ``OUTPUT_*`` of :mod:`~lstm_calc.readers.torch_layout`), or None.
        layout: str | None = None
        #: The initial states forward may give it: over a ``"sequence"`` or one ``"cell"`` step, and how many tensors.
        states: tuple[str, int] | None = None
        #: Whether it returns whatever it is given, a tuple too (nn.Identity); any other module takes tensors.
        passes_input: bool = False
        #: The constructor arguments torch refuses unless they are bools (an RNN's ``batch_first``).
        bool_arguments: tuple[str, ...] = ()
        #: Its keyword-only parameters (GaussianNLLLoss's ``full``, ``eps``, ``reduction``).
        keywords: tuple[str, ...] = ()
        #: The arguments that take a tensor, registered as a buffer (a loss's ``weight``): read by their shape.
        tensors: tuple[str, ...] = ()

else:
    _TorchKind = record(
        "TorchKind",
        (
            *("positional", "feature", "shapes", "defaults", "composite", "weight_inputs", "layer_inputs"),
            *("call_tensors", "layout", "states", "passes_input", "bool_arguments", "keywords", "tensors"),
        ),
        defaults=((), None, 1, None, (), None, None, False, (), (), ()),
    )


class TorchKind(_TorchKind):
    """One torch.nn class: positional parameters, the argument its weights' input size is, its output rule.

    ``feature`` may name a size inside a module given as an argument: ``encoder_layer.d_model``.

    ``shapes(options, inputs)`` returns the module's result as torch returns it: a shape, or a
    tuple nesting shapes (an LSTM's ``(output, (h_n, c_n))``); ``None`` for what is not known.
    ``shapes`` None: the layer class's ``output_shape`` is the rule (see :func:`module_result`).
    """

    __slots__ = ()


def _last_axis(size_argument: str, output_argument: str | None) -> Callable[..., Any]:
    def shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
        x = inputs[0]
        if x is None:
            return None
        if not x:
            raise ShapeRefusal("takes at least a 1-D input")
        fits(x[-1], options.get(size_argument), size_argument)
        return x if output_argument is None else (*x[:-1], options.get(output_argument))

    return shapes


def _same(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    return inputs[0]


def _embedding(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    x = inputs[0]
    return None if x is None else (*x, options.get("embedding_dim"))


def _layer_norm(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    x = inputs[0]
    if x is None:
        return None
    normalized = options.get("normalized_shape")
    trailing = list(normalized) if isinstance(normalized, (list, tuple)) else [normalized]
    if len(x) < len(trailing):
        raise ShapeRefusal(f"normalizes the last {len(trailing)} axes of a {len(x)}-D input")
    for size, expected in zip(x[len(x) - len(trailing) :], trailing):
        fits(size, expected, "normalized_shape")
    return x


def _attention(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    query, key = inputs[0], inputs[1] if len(inputs) > 1 else None
    weights_wanted = options.get("need_weights", True)
    if query is None or key is None:
        return (UNKNOWN_TENSOR, UNKNOWN_TENSOR if weights_wanted else ABSENT)
    value = inputs[2] if len(inputs) > 2 else None
    if len(query) != len(key) or len(query) not in (2, 3) or value is not None and len(value) != len(key):
        raise ShapeRefusal("takes query, key and value of 2 or 3 axes each")
    fits(query[-1], options.get("embed_dim"), "embed_dim")
    for tensor, size in ((key, "kdim"), (value, "vdim")):  # each defaults to embed_dim
        if tensor is not None:
            fits(
                tensor[-1], options.get(size) or options.get("embed_dim"), f"{size} (the {size[0]}-projection's input)"
            )
    position = 1 if options.get("batch_first") and len(key) == 3 else 0
    if value is not None and None not in (key[position], value[position]) and key[position] != value[position]:
        raise ShapeRefusal(f"key shape {list(key)} does not match value shape {list(value)}")
    if len(query) == 2:
        target, source, batch = query[0], key[0], None
    elif options.get("batch_first"):
        target, source, batch = query[1], key[1], query[0]
    else:
        target, source, batch = query[0], key[0], query[1]
    heads = options.get("num_heads")
    weights: TorchShape = (target, source)
    if not options.get("average_attn_weights", True):
        weights = (heads, *weights)
    if batch is not None or len(query) == 3:
        weights = (batch, *weights)
    return (query, weights if weights_wanted else ABSENT)


def _batched(x: TorchShape, rank: int) -> TorchShape:
    """An unbatched tensor as a batch of one (torch reads a tensor one axis short so)."""
    return (1, *x) if len(x) == rank - 1 else x


def _batch_first(options: dict[str, Any], x: TorchShape) -> TorchShape:
    return x if options.get("batch_first") or len(x) != 3 else (x[1], x[0], *x[2:])


def _sequences(count: int) -> Callable[[dict[str, Any], list[TorchShape]], Any]:
    """The first ``count`` tensors as (batch, positions, features) sequences (one: the shape itself)."""

    def shapes(options: dict[str, Any], inputs: list[TorchShape]) -> Any:
        if len(inputs) < count:
            return None
        found = [_batch_first(options, _batched(x, 3)) for x in inputs[:count]]
        return found[0] if count == 1 else found

    return shapes


def _features_last(options: dict[str, Any], inputs: list[TorchShape]) -> Any:
    return _batched(inputs[0], 2)


def _channels_last(rank_unbatched: int) -> Callable[[dict[str, Any], list[TorchShape]], Any]:
    """torch's (batch, channels, *spatial) as the layer class's (batch, *spatial, channels)."""

    def shapes(options: dict[str, Any], inputs: list[TorchShape]) -> Any:
        x = _batched(inputs[0], rank_unbatched + 1)
        return (x[0], *x[2:], x[1]) if len(x) >= 3 else x

    return shapes


_CONVOLUTION = (
    *("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias"),
    "padding_mode",
)
#: BatchNormNd's and InstanceNormNd's.
_NORM = ("num_features", "eps", "momentum", "affine", "track_running_stats")
_RECURRENT = ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size")
_RECURRENT_TRAITS: dict[str, Any] = {
    "layer_inputs": _sequences(1),
    "layout": OUTPUT_RECURRENT,
    "bool_arguments": ("batch_first",),  # RNNBase's, in torch 2.13; other classes take any truthy value
}
#: The layout of a module whose output is contiguous where its inputs are.
_KEPT = OUTPUT_CONTIGUOUS_IF_INPUTS_ARE
#: Each torch.nn class lstmcalc reads; ``positional`` as torch 2.x's constructors take them.
TORCH_KINDS: dict[str, TorchKind] = {
    "LSTM": TorchKind(
        _RECURRENT, "input_size", partial(recurrent_shapes, with_cell=True), states=("sequence", 2), **_RECURRENT_TRAITS
    ),
    "GRU": TorchKind(
        _RECURRENT[:-1],
        "input_size",
        partial(recurrent_shapes, with_cell=False),
        states=("sequence", 1),
        **_RECURRENT_TRAITS,
    ),
    "RNN": TorchKind(
        ("input_size", "hidden_size", "num_layers", "nonlinearity", *_RECURRENT[3:-1]),
        "input_size",
        partial(recurrent_shapes, with_cell=False),
        states=("sequence", 1),
        **_RECURRENT_TRAITS,
    ),
    "Linear": TorchKind(
        ("in_features", "out_features", "bias"),
        "in_features",
        _last_axis("in_features", "out_features"),
        layer_inputs=_features_last,
        layout=OUTPUT_CONTIGUOUS,
    ),
    "Embedding": TorchKind(
        ("num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"),
        None,
        _embedding,
        layer_inputs=lambda options, inputs: inputs[0],
        layout=OUTPUT_CONTIGUOUS,
    ),
    "EmbeddingBag": TorchKind(
        (
            *("num_embeddings", "embedding_dim", "max_norm", "norm_type", "scale_grad_by_freq", "mode", "sparse"),
            *("_weight", "include_last_offset", "padding_idx"),
        ),
        None,
        embedding_bag,
        layer_inputs=lambda options, inputs: inputs[0],
        call_tensors=("input", "offsets", "per_sample_weights"),
        layout=OUTPUT_CONTIGUOUS,
    ),
    "Dropout": TorchKind(("p", "inplace"), None, _same, (("p", 0.5),), layout=OUTPUT_AS_INPUT),
    "Conv1d": TorchKind(
        _CONVOLUTION, "in_channels", convolution(1), layer_inputs=_channels_last(2), layout=OUTPUT_CONTIGUOUS
    ),
    "Conv2d": TorchKind(_CONVOLUTION, "in_channels", convolution(2), layer_inputs=_channels_last(3), layout=_KEPT),
    "LayerNorm": TorchKind(
        ("normalized_shape", "eps", "elementwise_affine", "bias"),
        "normalized_shape",
        _layer_norm,
        layer_inputs=_features_last,
        layout=OUTPUT_CONTIGUOUS,
    ),
    "BatchNorm1d": TorchKind(
        _NORM, "num_features", batch_norm(1), layer_inputs=_channels_last(3), layout=OUTPUT_CONTIGUOUS
    ),
    "BatchNorm2d": TorchKind(_NORM, "num_features", batch_norm(2), layer_inputs=_channels_last(3), layout=_KEPT),
    "BatchNorm3d": TorchKind(_NORM, "num_features", batch_norm(3), layer_inputs=_channels_last(4), layout=_KEPT),
    "InstanceNorm1d": TorchKind(_NORM, "num_features", instance_norm(1), layer_inputs=_channels_last(2), layout=_KEPT),
    "InstanceNorm2d": TorchKind(_NORM, "num_features", instance_norm(2), layer_inputs=_channels_last(3), layout=_KEPT),
    "InstanceNorm3d": TorchKind(_NORM, "num_features", instance_norm(3), layer_inputs=_channels_last(4), layout=_KEPT),
    "GroupNorm": TorchKind(
        ("num_groups", "num_channels", "eps", "affine"),
        "num_channels",
        group_norm,
        layer_inputs=channels_last,
        layout=_KEPT,
    ),
    "PReLU": TorchKind(("num_parameters", "init"), None, prelu, layer_inputs=channels_last, layout=_KEPT),
    "MultiheadAttention": TorchKind(
        ("embed_dim", "num_heads", "dropout", "bias", "add_bias_kv", "add_zero_attn", "kdim", "vdim", "batch_first"),
        "embed_dim",
        _attention,
        layer_inputs=_sequences(3),
        layout=OUTPUT_ATTENTION,
    ),
}


# The layer classes' torch_positional, written out: importing those classes here would load every
# kind for any spec (tests/test_torch_code.py checks they agree).
_CELL = ("input_size", "hidden_size", "bias")
#: TransformerEncoderLayer's, and TransformerDecoderLayer's too.
_ENCODER_LAYER = (
    "d_model",
    "nhead",
    "dim_feedforward",
    "dropout",
    "activation",
    "layer_norm_eps",
    "batch_first",
    "norm_first",
    "bias",
)
_CELL_TRAITS: dict[str, Any] = {"layer_inputs": _features_last, "layout": OUTPUT_CONTIGUOUS}
_MAX_POOL = ("kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode")
TORCH_KINDS.update(
    {
        "LSTMCell": TorchKind(
            _CELL, "input_size", partial(cell_shapes, with_cell=True), states=("cell", 2), **_CELL_TRAITS
        ),
        "GRUCell": TorchKind(
            _CELL, "input_size", partial(cell_shapes, with_cell=False), states=("cell", 1), **_CELL_TRAITS
        ),
        "RNNCell": TorchKind(
            (*_CELL, "nonlinearity"),
            "input_size",
            partial(cell_shapes, with_cell=False),
            states=("cell", 1),
            **_CELL_TRAITS,
        ),
        "MaxPool1d": TorchKind(_MAX_POOL, None, None, layout=OUTPUT_CONTIGUOUS),
        "AvgPool1d": TorchKind(
            ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"), None, None, layout=_KEPT
        ),
        "MaxPool2d": TorchKind(_MAX_POOL, None, None, layout=_KEPT),
        "AvgPool2d": TorchKind(
            ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"),
            None,
            None,
            layout=_KEPT,
        ),
        "AdaptiveAvgPool1d": TorchKind(("output_size",), None, None, layout=_KEPT),
        "AdaptiveMaxPool1d": TorchKind(("output_size", "return_indices"), None, None, layout=_KEPT),
        "AdaptiveAvgPool2d": TorchKind(("output_size",), None, None, layout=_KEPT),
        "AdaptiveMaxPool2d": TorchKind(("output_size", "return_indices"), None, None, layout=_KEPT),
        "Flatten": TorchKind(("start_dim", "end_dim"), None, None),
        "Unflatten": TorchKind(("dim", "unflattened_size"), None, None, layout=_KEPT),
        "Upsample": TorchKind(
            ("size", "scale_factor", "mode", "align_corners", "recompute_scale_factor"), None, None, layout=_KEPT
        ),
        "TransformerEncoderLayer": TorchKind(
            _ENCODER_LAYER, "d_model", encoder_shapes, layer_inputs=_sequences(1), layout=_KEPT
        ),
        "TransformerDecoderLayer": TorchKind(
            _ENCODER_LAYER, "d_model", decoder_shapes, weight_inputs=2, layer_inputs=_sequences(2), layout=_KEPT
        ),
        "Transformer": TorchKind(
            TRANSFORMER_POSITIONAL, None, transformer_shapes, composite=build_transformer, layout=_KEPT
        ),
        "TransformerEncoder": TorchKind(
            ("encoder_layer", "num_layers", "norm", "enable_nested_tensor", "mask_check"),
            "encoder_layer.d_model",
            encoder_stack_shapes,
            layer_inputs=_sequences(1),
            layout=_KEPT,
        ),
        "TransformerDecoder": TorchKind(
            ("decoder_layer", "num_layers", "norm"),
            "decoder_layer.d_model",
            decoder_stack_shapes,
            weight_inputs=2,
            layer_inputs=_sequences(2),
            layout=_KEPT,
        ),
    }
)
#: The activation modules that are not one element-wise function, by the layout of their output.
_ACTIVATION_LAYOUTS = {
    "Identity": OUTPUT_AS_INPUT,
    **dict.fromkeys(("Softmax", "LogSoftmax", "Softmin", "LogSigmoid"), OUTPUT_CONTIGUOUS),
    "GLU": _KEPT,
}
#: The activation modules by their positional parameters: no weights, and their input's shape but
#: GLU's. One with arguments has its layer class made, whose shape rule refuses what torch refuses
#: when called (Softmax's dim out of range, GLU's odd axis); one without keeps the shape.
for _positional, _names in {
    (): ("Tanh", "Sigmoid", "Identity", "Softsign", "LogSigmoid", "Tanhshrink"),
    ("inplace",): ("ReLU", "SiLU", "SELU", "Mish", "ReLU6", "Hardswish", "Hardsigmoid"),
    ("dim",): ("Softmax", "LogSoftmax", "Softmin", "GLU"),
    ("approximate",): ("GELU",),
    ("negative_slope", "inplace"): ("LeakyReLU",),
    ("alpha", "inplace"): ("ELU", "CELU"),
    ("beta", "threshold"): ("Softplus",),
    ("lambd",): ("Hardshrink", "Softshrink"),
    ("threshold", "value", "inplace"): ("Threshold",),
    ("min_val", "max_val", "inplace", "min_value", "max_value"): ("Hardtanh",),
}.items():
    for _name in _names:
        TORCH_KINDS[_name] = TorchKind(
            _positional, None, None if _positional else _same, layout=_ACTIVATION_LAYOUTS.get(_name, OUTPUT_ELEMENTWISE)
        )
TORCH_KINDS["Identity"] = TORCH_KINDS["Identity"]._replace(passes_input=True)
for _name, (_positional, _keywords) in LOSS_PARAMETERS.items():  # their results: torch_loss_kinds.loss_result
    _tensors = tuple(name for name in ("weight", "pos_weight") if name in _positional)
    TORCH_KINDS[_name] = TorchKind(_positional, None, None, keywords=_keywords, tensors=_tensors)
#: Containers: their children are modules of the tree, not layers of their own.
CONTAINERS = ("Sequential", "ModuleList", "ModuleDict")
#: Constructor keywords that change no count nor shape, and that no layer class takes.
DROPPED_KEYWORDS = frozenset({"device", "dtype", "inplace", "_weight", "_freeze", "sparse", "batch_first"})


def module_result(
    kind: TorchKind, options: dict[str, Any], inputs: list[TorchShape | None], where: Any, layer: Layer[Any] | None
) -> Any:
    """The module's result on ``inputs`` by the kind's rule, else by its ``layer`` class's
    (``None`` where neither is there or the input is not known)."""
    try:
        if kind.shapes is not None:
            return kind.shapes(options, inputs)
        return None if layer is None else _layer_result(layer, inputs)
    except ShapeRefusal as refusal:
        raise SpecError(f"torch would refuse this call: {refusal}", where) from None


def _layer_result(layer: Layer[Any], inputs: list[TorchShape | None]) -> Any:
    """A one-tensor torch-only layer's ``output_shape`` (torch's layout, batch first) as forward's result."""
    from lstm_calc.layers.base import LayerInputError

    if len(inputs) != 1:
        raise ShapeRefusal(f"takes one tensor, not {len(inputs)}")
    if inputs[0] is None:
        return None
    try:
        layer.check_input(inputs[0])
        produced = layer.output_shape(inputs[0])
    except LayerInputError as error:
        raise ShapeRefusal(error.message) from None
    return tuple(produced) if isinstance(produced, list) else produced
