"""What a recurrent layer computes: its cell equations with the shape of every term, its states,
how it unrolls over time, and how Keras or torch.nn packs its gates into weight tensors.

Everything is asked of a layer built by the same classes as ``summary``: the recurrent kinds
describe their own cells (gate orders, equations, states and packing, from
:mod:`lstm_calc.layers.recurrent_cells`), the weight names and shapes listed are the layer's
own, and the formula is the layer's ``params_formula``. The other framework's packing comes
from the same layer class built under that convention, as ``summary --compare`` counts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.errors import SpecError
from lstm_calc.formulas import (
    EXPLAIN_KINDS,
    EXPLAINED_TYPES,
    LayerOptions,
    ParamCalculation,
    build_layer,
    check_options,
    layer_calculation,
)
from lstm_calc.layers import Layer
from lstm_calc.layers.lessons import Lesson
from lstm_calc.layers.recurrent_cells import GATE_NAMES
from lstm_calc.shapes import Shape

__all__ = [
    "EXPLAINED_TYPES",
    "GATE_NAMES",
    "Explanation",
    "MAX_EXPLAINED_LAYERS",
    "MAX_EXPLAINED_TENSORS",
    "LessonExplanation",
    "Packing",
    "explain_layer",
    "explain_options",
    "recurrent_layers",
]

#: At most this many layers to explain at once, and weight tensors among them (a torch.nn LSTM of 1,000
#: bidirectional layers has 8,000): each is pages of text, and a picture for each recurrent one, so
#: 10,000 LSTMs took 15 s and 1.6 GB for a picture no one reads; 1,000 take under 2 s and 200 MB.
MAX_EXPLAINED_LAYERS = 1_000
MAX_EXPLAINED_TENSORS = 20_000

#: A symbol of an equation: ``W_f``, ``h_{t-1}``, ``c̃_t``, or SimpleRNN's lone ``W``, ``U``, ``b``.
_SYMBOL = re.compile(r"(?<![A-Za-z_])(?:[A-Za-z]+\u0303?_(?:\{t-1\}|[a-z]+)|[WUb](?![A-Za-z_]))")


@dataclass(frozen=True)
class Term:
    """One symbol of an equation and its shape for one sample."""

    symbol: str
    shape: Shape


@dataclass(frozen=True)
class Equation:
    """``f_t = σ(W_f·x_t + U_f·h_{t-1} + b_f)``: what it computes, its terms and the result's shape."""

    meaning: str
    text: str
    terms: tuple[Term, ...]
    result: Term


@dataclass(frozen=True)
class State:
    """A state carried across time steps (h, c), per sample and with the batch axis."""

    symbol: str
    meaning: str
    shape: Shape
    batched_shape: Shape


@dataclass(frozen=True)
class PackedWeight:
    """One weight tensor as the framework stores it, and which gate block lies where in it."""

    name: str
    shape: Shape
    #: ``columns 0:12 W_iᵀ, 12:24 W_fᵀ...`` or ``rows 0:12 W_ii...``.
    layout: str


@dataclass(frozen=True)
class Packing:
    """How one framework stores the layer: its gate order, its weight tensors and their count."""

    framework: str
    gate_order: tuple[str, ...]
    #: Empty when the framework has no such layer (then ``note`` says why).
    weights: tuple[PackedWeight, ...]
    params: int | None
    #: Why the count differs from the other framework's (as ``summary --compare`` says).
    note: str
    #: What the tensors listed cover when they are not all of them ("" when they are).
    scope: str
    #: Along which axis the gates' blocks are stacked ("" when there are no tensors).
    axis: str = ""


@dataclass(frozen=True)
class Explanation:
    """Everything ``lstmcalc explain`` says about one recurrent layer."""

    name: str
    type_name: str
    framework: str
    units: int
    features: int
    time_steps: int | None
    batch_size: int | None
    output_shape: Any
    return_sequences: bool
    return_state: bool
    stateful: bool
    directions: int
    num_layers: int
    gate_order: tuple[str, ...]
    equations: tuple[Equation, ...]
    states: tuple[State, ...]
    weights: tuple[PackedWeight, ...]
    calculation: ParamCalculation
    params: int
    #: Both frameworks' packings, the layer's own framework first.
    packings: tuple[Packing, ...]
    #: What the width (``units``; a ConvLSTM's ``filters``) is, in the layer's own words.
    width_text: str = ""
    #: What the equations' operators mean (``· matrix times vector``, ``∗ convolution``...).
    legend: str = ""
    #: What else the cell needs said after its equations.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LessonExplanation:
    """Everything ``lstmcalc explain`` says about a layer without a cell (MultiHeadAttention): the
    layer's own lesson, its formula, and the other convention's count."""

    name: str
    type_name: str
    framework: str
    output_shape: Any
    calculation: ParamCalculation
    params: int
    lesson: Lesson
    #: The other convention's count (None when it has no such layer) and why it agrees or differs.
    other_params: int | None
    note: str


def explain_options(options: LayerOptions) -> Explanation | LessonExplanation:
    """Explain the layer of ``explain KIND --units 12 --input-dim 80`` (``explain mha --embed-dim 64 ...``)."""
    if options.kind not in EXPLAIN_KINDS:
        raise ValueError(f"explain takes {', '.join(EXPLAIN_KINDS[:-1])} or {EXPLAIN_KINDS[-1]}, not {options.kind}")
    check_options(options)
    built = build_layer(options)
    if built.spec.layer.explained_cell() is None:
        return explain_layer(built.spec, built.summary)
    # The options give the features (a ConvLSTM's channels) but no frame: the layer is built on a
    # frame the kernel's size, which sizes no weight; the explanation leaves the frame unknown.
    built_on = built.summary.input_shape
    frame = len(built_on) - 3
    shown = (*built_on[:2], *[None] * frame, built_on[-1])
    return explain_layer(built.spec, built.summary, shown, frame)


def _unknown_frame(shapes: Any, frame: int) -> Any:
    """``shapes`` with the ``frame`` axes before the last unknown."""
    if isinstance(shapes, list):
        return [_unknown_frame(shape, frame) for shape in shapes]
    return (*shapes[: -1 - frame], *[None] * frame, shapes[-1]) if frame else shapes


def explain_layer(
    spec: Any, summary: Any, shown: Shape | None = None, frame: int = 0
) -> Explanation | LessonExplanation:
    """Explain a recurrent layer (or a Bidirectional one), or a layer with a lesson, built from a spec,
    given its summary row; ``shown`` is the input as the explanation states it, its ``frame`` axes
    unknown (``explain KIND``)."""
    cell = spec.layer.explained_cell()
    if cell is None:
        return _explain_lesson(spec, summary)
    layer, directions = cell
    input_shape = summary.input_shape
    described = shown or input_shape
    framework = layer.framework
    # The Bidirectional wrapper is counted as torch's bidirectional=True, unless explained one layer alone.
    subject = spec.layer if directions == 2 and framework == KERAS else layer
    # A backward_layer of its own may differ: then the forward layer is explained (and counted) alone.
    weights = subject.weights(input_shape)
    counted = sum(weight.size for weight in weights)
    units = layer.units
    features = input_shape[-1]
    shapes = layer.symbol_shapes(described)
    equations = tuple(_equation(meaning, text, shapes) for meaning, text in layer.equation_texts())
    packed = tuple(_packed(layer, weight.name, weight.shape, framework) for weight in layer.weights(input_shape))
    scope = ""
    if directions == 2 and framework == KERAS:
        scope = "the forward layer's tensors; the backward layer has its own of the same shapes"
    gate_order = layer.gate_orders[framework]
    own = Packing(framework, gate_order, packed, counted, "", scope, layer.packing_axis(framework))
    return Explanation(
        name=spec.name,
        type_name=summary.type,
        framework=framework,
        units=units,
        features=features,
        time_steps=input_shape[1],
        batch_size=input_shape[0],
        output_shape=_unknown_frame(summary.output_shape, frame),
        return_sequences=bool(layer.return_sequences),
        return_state=bool(layer.return_state),
        stateful=bool(layer.config.get("stateful")),
        directions=directions,
        num_layers=layer.num_layers if framework == PYTORCH else 1,
        gate_order=gate_order,
        equations=equations,
        states=tuple(State(*state) for state in layer.cell_states(described, directions)),
        weights=packed,
        calculation=layer_calculation(subject, input_shape, weights),
        params=summary.params,
        packings=(own, _counterpart(subject, layer, input_shape, counted, directions)),
        width_text=layer.width_text(),
        legend=layer.equation_legend,
        notes=tuple(layer.cell_notes(described)),
    )


def _explain_lesson(spec: Any, summary: Any) -> LessonExplanation:
    layer = spec.layer
    lesson = layer.explained_lesson(summary.input_shape)
    if lesson is None:
        raise ValueError(f"{spec.name} has nothing to explain")
    own = summary.params
    other = layer.counterpart_params(summary.input_shape)
    keras, torch = (own, other) if layer.framework == KERAS else (other, own)
    return LessonExplanation(
        name=spec.name,
        type_name=summary.type,
        framework=layer.framework,
        output_shape=summary.output_shape,
        calculation=layer_calculation(layer, summary.input_shape, summary.weights),
        params=own,
        lesson=lesson,
        other_params=other,
        note=layer.count_note(keras, torch),
    )


def _counterpart(subject: Layer[Any], layer: Any, input_shape: Shape, own: int, directions: int) -> Packing:
    """The other framework's packing of ``layer``, counted as ``summary --compare`` counts ``subject``."""
    kind = layer.class_name
    target = PYTORCH if layer.framework == KERAS else KERAS
    if target == PYTORCH and layer.torch_class_name is None:
        return Packing(target, (), (), None, subject.count_note(own, None), "")
    scope = ""
    if target == PYTORCH:
        # torch's bidirectional=True is one module holding both directions: the count is its weights'.
        weights = layer.torch_layer(bidirectional=directions == 2).weights(input_shape)
        other: int | None = sum(weight.size for weight in weights)
    else:
        # torch's layers and directions are, in Keras, stacked (Bidirectional) layers of one direction each.
        other = subject.counterpart_params(input_shape)
        weights = [] if other is None else layer.keras_single_layer().weights(input_shape)
        stacked = layer.num_layers * layer.directions
        if other is not None and stacked > 1:
            layers = f"{layer.num_layers} stacked layers" if layer.num_layers > 1 else "a layer"
            wrapped = f" of Bidirectional({kind})" if layer.directions == 2 else ""
            scope = f"the first layer's tensors (forward); Keras builds {layers}{wrapped}, {stacked} such sets"
            if layer.num_layers > 1:
                scope += f", the layers above taking {layer.directions * layer.units} features"
    keras, torch = (own, other) if layer.framework == KERAS else (other, own)
    note = subject.count_note(keras, torch)
    packed = tuple(_packed(layer, weight.name, weight.shape, target) for weight in weights)
    return Packing(target, layer.gate_orders[target], packed, other, note, scope, layer.packing_axis(target))


def _packed(layer: Any, name: str, shape: Shape, framework: str) -> PackedWeight:
    return PackedWeight(name, shape, layer.gate_layout(name, shape, framework))


def _equation(meaning: str, text: str, shapes: dict[str, Shape]) -> Equation:
    lhs, rhs = text.split(" = ", 1)
    terms = tuple(Term(symbol, shapes[symbol]) for symbol in dict.fromkeys(_SYMBOL.findall(rhs)))
    return Equation(meaning, text, terms, Term(lhs, shapes[lhs]))


def recurrent_layers(spec_layers: list[Any], summaries: Any) -> list[tuple[Any, Any]]:
    """The (spec, summary row) pairs of the layers of a model that have a cell or a lesson to explain,
    matched by name.

    Raises :class:`SpecError`, at the first layer past them, for more than :data:`MAX_EXPLAINED_LAYERS`
    such layers or :data:`MAX_EXPLAINED_TENSORS` weight tensors among them.
    """
    by_name = {summary.name: summary for summary in summaries}
    pairs = [
        (spec, by_name[spec.name])
        for spec in spec_layers
        if (spec.layer.explained_cell() is not None or spec.layer.explains_lesson) and spec.name in by_name
    ]
    tensors = 0
    for count, (spec, row) in enumerate(pairs, start=1):
        tensors += len(row.weights)
        if count > MAX_EXPLAINED_LAYERS or tensors > MAX_EXPLAINED_TENSORS:
            total = sum(len(row.weights) for _, row in pairs)
            raise SpecError(
                f"too much to explain at once: {len(pairs):,} recurrent and attention layers with {total:,} weight "
                f"tensors (at most {MAX_EXPLAINED_LAYERS:,} layers and {MAX_EXPLAINED_TENSORS:,} tensors), this "
                "layer the first past them; explain a smaller model, or one layer alone by its kind and sizes "
                "(lstmcalc explain lstm --units 8 --input-dim 80; see lstmcalc explain --help)",
                spec.location,
                spec.path,
            )
    return pairs
