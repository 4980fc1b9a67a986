"""The known mistakes in counting a layer's parameters, each a variation of the layer's own formula.

``lstmcalc why`` asks which of them, or which pair, gives the number a person has. A mistake
never counts by itself: it changes what the layer's formula is given (the input shape, an
argument such as ``use_bias``, the gate blocks or bias vectors a kind declares, a factor in
front) and the layer's own :meth:`~lstm_calc.layers.base.Layer.params_formula` does the rest.
The catalogue is a table keyed by the layer's ``class_name`` (:data:`MISTAKES`); a wrapper
(``Bidirectional``) has its own mistakes and those of the layer it wraps, made inside it.

Mistakes that need the model around the layer (the input size of the layer before, another
layer's count) read a :class:`Setting`; the diagnosis itself is :mod:`lstm_calc.why`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.formula_expressions import Const, Var, product_of
from lstm_calc.layers.attention_mistakes import ATTENTION_MISTAKES
from lstm_calc.layers.base import Layer
from lstm_calc.layers.mistake_records import Case, Mistake, Setting, Variation, with_config, with_declared
from lstm_calc.shapes import Shape, Shapes

if TYPE_CHECKING:
    from lstm_calc.layers.recurrent import Recurrent


def _recurrent(layer: Layer[Any]) -> Recurrent:
    return cast("Recurrent", layer)


def _one(shapes: Shapes) -> Shape:
    """A layer's input shape (the first, for a layer that takes several)."""
    return shapes[0] if isinstance(shapes, list) else shapes


def _features(shapes: Shapes) -> int | None:
    return _one(shapes)[-1]


def _time_steps(shapes: Shapes) -> int | None:
    """The time axis of a (batch, time_steps, features) input, when its length is known."""
    shape = _one(shapes)
    return shape[1] if len(shape) == 3 else None


def _on_features(case: Case, features: int) -> Case:
    return replace(case, input_shape=(*case.input_shape[:-1], features))


def _uses_bias(layer: Layer[Any]) -> bool:
    return bool(layer.config.get("use_bias"))


# ---------------------------------------------------------------------------------------------
# The mistakes


def _bias_forgotten(case: Case, setting: Setting) -> Variation | None:
    if not _uses_bias(case.layer):
        return None
    return Variation(
        replace(case, layer=with_config(case.layer, use_bias=False)),
        "the count without the bias",
        f"{setting.subject} has a bias (use_bias: true)",
    )


def _biases(count: int) -> Callable[[Any], int]:
    def bias_vectors(self: Any) -> int:
        return count

    return bias_vectors


def _torch_biases_in_keras(case: Case, setting: Setting) -> Variation | None:
    layer = _recurrent(case.layer)
    if layer.framework != KERAS or layer.bias_vectors() != 1:
        return None
    return Variation(
        replace(case, layer=with_declared(layer, bias_vectors=_biases(2))),
        "PyTorch's count, with two bias vectors per gate block",
        f"Keras's {layer.class_name} keeps one bias vector per gate block; torch.nn keeps two (b_ih and b_hh)",
    )


def _keras_bias_in_torch(case: Case, setting: Setting) -> Variation | None:
    layer = _recurrent(case.layer)
    if layer.framework != PYTORCH or layer.bias_vectors() != 2:
        return None
    return Variation(
        replace(case, layer=with_declared(layer, bias_vectors=_biases(1))),
        "Keras's count, with one bias vector per gate block",
        f"torch.nn.{layer.type_name} keeps two bias vectors per gate block (bias_ih and bias_hh), Keras one",
    )


def _reset_after_ignored(case: Case, setting: Setting) -> Variation | None:
    layer = case.layer
    if layer.framework != KERAS or not layer.config.get("reset_after") or not _uses_bias(layer):
        return None
    return Variation(
        replace(case, layer=with_config(layer, reset_after=False)),
        "the textbook GRU's count, with one bias vector (reset_after: false)",
        "Keras's GRU has reset_after: true by default, which keeps an input and a recurrent bias vector",
    )


def _reset_after_assumed(case: Case, setting: Setting) -> Variation | None:
    layer = case.layer
    if layer.framework != KERAS or layer.config.get("reset_after") or not _uses_bias(layer):
        return None
    return Variation(
        replace(case, layer=with_config(layer, reset_after=True)),
        "the count with reset_after: true, two bias vectors",
        f"{setting.subject} has reset_after: false, which keeps one bias vector",
    )


def _gate_blocks(count: int) -> Callable[[Case, Setting], Variation | None]:
    def vary(case: Case, setting: Setting) -> Variation | None:
        layer = _recurrent(case.layer)
        blocks = layer.gate_blocks
        if blocks == count:
            return None
        return Variation(
            replace(case, layer=with_declared(layer, gate_blocks=count)),
            f"the count with {count} gate block{'s' if count > 1 else ''}",
            f"{layer.class_name} has {blocks} gate block{'s' if blocks > 1 else ''}, "
            f"each with its own input and recurrent matrix",
        )

    return vary


def _proj_size_ignored(case: Case, setting: Setting) -> Variation | None:
    layer = case.layer
    projected = layer.config.get("proj_size") or 0
    if layer.framework != PYTORCH or not projected:
        return None
    return Variation(
        replace(case, layer=with_config(layer, proj_size=0)),
        "the count without the projection",
        f"proj_size: {projected} adds weight_hr ({projected} × {layer.config['units']}) "
        f"and makes h {projected} wide, so the recurrent matrix is {projected} wide too",
    )


def _num_layers_ignored(case: Case, setting: Setting) -> Variation | None:
    layer = case.layer
    stacked = layer.config.get("num_layers") or 1
    if layer.framework != PYTORCH or stacked == 1:
        return None
    return Variation(
        replace(case, layer=with_config(layer, num_layers=1)),
        "the first layer's count alone",
        f"num_layers: {stacked} stacks {stacked} layers in the one module, each above the first reading h",
    )


def _torch_bidirectional_not_doubled(case: Case, setting: Setting) -> Variation | None:
    layer = case.layer
    if layer.framework != PYTORCH or not layer.config.get("bidirectional"):
        return None
    return Variation(
        replace(case, layer=with_config(layer, bidirectional=False)),
        "one direction's count",
        "torch.nn's bidirectional=True keeps a reverse copy of every weight (the _reverse tensors)",
    )


def _torch_bidirectional_doubled_twice(case: Case, setting: Setting) -> Variation | None:
    layer = case.layer
    if layer.framework != PYTORCH or not layer.config.get("bidirectional"):
        return None
    return _doubled_again(case)


def _doubled_again(case: Case) -> Variation:
    return Variation(
        replace(case, factor=product_of(Const(2), case.factor or Const(1))),
        "twice the count of both directions",
        "the count of both directions already holds the backward copy: double one direction once",
    )


def _bidirectional_not_doubled(case: Case, setting: Setting) -> Variation | None:
    wrapper = case.layer
    if wrapper.config.get("backward_layer") is not None:
        return None
    return Variation(
        replace(case, layer=wrapper.config["layer"]),
        "one direction's count",
        "Bidirectional keeps a backward copy of the layer with weights of its own",
    )


def _bidirectional_doubled_twice(case: Case, setting: Setting) -> Variation | None:
    return _doubled_again(case)


def _time_steps_as_features(case: Case, setting: Setting) -> Variation | None:
    steps, features = _time_steps(case.input_shape), _features(case.input_shape)
    if steps is None or steps == features:
        return None
    return Variation(
        _on_features(case, steps),
        f"the count with the {steps} time steps as input features",
        f"{setting.subject} reads {features} features at each of its {steps} time steps; "
        "the same weights serve every time step",
    )


def _wrong_input_layer(case: Case, setting: Setting) -> Variation | None:
    if setting.source_input is None or setting.source is None:
        return None
    wrong, features = _features(setting.source_input), _features(case.input_shape)
    if wrong is None or wrong == features:
        return None
    return Variation(
        _on_features(case, wrong),
        f"the count on the {wrong} features `{setting.source}` reads",
        f"{setting.subject} reads the {features} features `{setting.source}` outputs, not {_its_input(setting, wrong)}",
    )


def _its_input(setting: Setting, features: int) -> str:
    """``the 126 input features``: what the layer before reads."""
    if setting.source_reads_input:
        return f"the {features} input features"
    return f"the {features} features `{setting.source}` reads"


def _time_steps_flattened(case: Case, setting: Setting) -> Variation | None:
    steps, features = _time_steps(case.input_shape), _features(case.input_shape)
    if steps is None or features is None or steps == 1:
        return None
    return Variation(
        _on_features(case, steps * features),
        f"the count on {steps} × {features} flattened inputs",
        f"Dense acts on the last axis alone: one {features} × {case.layer.config['units']} kernel "
        f"serves all {steps} time steps",
    )


def _embedding_times_steps(case: Case, setting: Setting) -> Variation | None:
    shape = case.input_shape
    steps = shape[1] if len(shape) == 2 else None
    output_dim = case.layer.config["output_dim"]
    if steps is None or steps == output_dim:
        return None
    return Variation(
        replace(case, layer=with_config(case.layer, output_dim=steps)),
        f"input_dim × time steps, the {steps} time steps in place of output_dim",
        f"the table holds one vector of output_dim ({output_dim}) numbers per id, whatever the sequence's length",
    )


def _kernel_size_forgotten(case: Case, setting: Setting) -> Variation | None:
    size = case.layer.config["kernel_size"]
    if size == 1:
        return None
    return Variation(
        replace(case, layer=with_config(case.layer, kernel_size=1)),
        "the count without the kernel size",
        f"each filter spans {size} time steps of every input channel",
    )


#: Batch sizes tried when the batch size is not known: the usual powers of two.
USUAL_BATCH_SIZES = tuple(2**power for power in range(3, 13))


def batch_sizes(case: Case) -> tuple[int, ...]:
    """The batch size the input gives, or else the usual ones."""
    first = case.input_shape[0] if isinstance(case.input_shape, list) else case.input_shape
    batch = first[0] if first else None
    return (batch,) if batch else USUAL_BATCH_SIZES


def batch_multiplied(case: Case, batch: int) -> Variation:
    """The count times a batch of ``batch`` (tried for each of :func:`batch_sizes`)."""
    return Variation(
        replace(case, factor=product_of(Var("batch_size", batch), case.factor or Const(1))),
        f"the count times a batch of {batch}",
        "every sample of a batch shares the same weights: the batch size is not in the count",
    )


BIAS_FORGOTTEN = Mistake("bias_forgotten", _bias_forgotten)
TIME_STEPS_AS_FEATURES = Mistake("time_steps_as_features", _time_steps_as_features)
WRONG_INPUT_LAYER = Mistake("wrong_input_layer", _wrong_input_layer)
#: The key of the mistake :func:`batch_multiplied` makes (its batch size varies, so it is no table entry).
BATCH_MULTIPLIED = "batch_multiplied"
#: The key of the mistake of taking another layer's count (found by :mod:`lstm_calc.why` in the model).
OTHER_LAYER_COUNT = "other_layer_count"

TORCH_BIASES_IN_KERAS = Mistake("torch_biases_in_keras", _torch_biases_in_keras)
_RECURRENT = (
    BIAS_FORGOTTEN,
    Mistake("keras_bias_in_torch", _keras_bias_in_torch),
    Mistake("bidirectional_not_doubled", _torch_bidirectional_not_doubled),
    Mistake("bidirectional_doubled_twice", _torch_bidirectional_doubled_twice),
    Mistake("num_layers_ignored", _num_layers_ignored),
    TIME_STEPS_AS_FEATURES,
    WRONG_INPUT_LAYER,
)

#: Every kind's mistakes, by ``class_name``, in the order a diagnosis prefers them.
MISTAKES: dict[str, tuple[Mistake, ...]] = {
    "LSTM": (
        *_RECURRENT,
        TORCH_BIASES_IN_KERAS,
        Mistake("proj_size_ignored", _proj_size_ignored),
        Mistake("gates_3", _gate_blocks(3)),
        Mistake("gates_1", _gate_blocks(1)),
    ),
    # Keras's GRU keeps two bias vectors, as torch.nn does, when reset_after is true: reset_after_assumed.
    "GRU": (
        *_RECURRENT,
        Mistake("reset_after_ignored", _reset_after_ignored),
        Mistake("reset_after_assumed", _reset_after_assumed),
        Mistake("gates_4", _gate_blocks(4)),
        Mistake("gates_1", _gate_blocks(1)),
    ),
    "SimpleRNN": (
        *_RECURRENT,
        TORCH_BIASES_IN_KERAS,
        Mistake("gates_4", _gate_blocks(4)),
        Mistake("gates_3", _gate_blocks(3)),
    ),
    "Dense": (BIAS_FORGOTTEN, Mistake("time_steps_flattened", _time_steps_flattened), WRONG_INPUT_LAYER),
    "Embedding": (Mistake("embedding_times_steps", _embedding_times_steps),),
    "Conv1D": (
        BIAS_FORGOTTEN,
        Mistake("kernel_size_forgotten", _kernel_size_forgotten),
        TIME_STEPS_AS_FEATURES,
        WRONG_INPUT_LAYER,
    ),
    "ConvLSTM1D": (BIAS_FORGOTTEN,),
    "ConvLSTM2D": (BIAS_FORGOTTEN,),
    "MultiHeadAttention": (BIAS_FORGOTTEN, *ATTENTION_MISTAKES),
    "Bidirectional": (
        Mistake("bidirectional_not_doubled", _bidirectional_not_doubled),
        Mistake("bidirectional_doubled_twice", _bidirectional_doubled_twice),
    ),
}

#: Wrappers whose wrapped layer's mistakes are made inside them: kind -> the argument holding it.
WRAPPED_IN: dict[str, str] = {"Bidirectional": "layer"}


def mistakes_of(layer: Layer[Any]) -> tuple[Mistake, ...]:
    """The known mistakes for ``layer``'s kind, with those of a wrapped layer made inside the wrapper."""
    own = MISTAKES.get(layer.class_name, ())
    argument = WRAPPED_IN.get(layer.class_name)
    if argument is None or layer.config.get("backward_layer") is not None:
        return own
    inner: Layer[Any] = layer.config[argument]
    return (*own, *(_inside(mistake, argument) for mistake in mistakes_of(inner)))


def _inside(mistake: Mistake, argument: str) -> Mistake:
    """``mistake`` made on the layer a wrapper holds in ``argument``."""

    def vary(case: Case, setting: Setting) -> Variation | None:
        inner = case.layer.config[argument]
        variation = mistake.vary(Case(inner, case.input_shape, case.factor), setting)
        if variation is None:
            return None
        wrapper = with_config(case.layer, **{argument: variation.case.layer})
        return replace(variation, case=replace(variation.case, layer=wrapper))

    return Mistake(mistake.key, vary)
