"""What a recurrent layer computes: its cell equations with the shape of every term, its states,
how it unrolls over time, and how Keras or torch.nn packs its gates into weight tensors.

Everything is derived from a layer built by the same classes as ``summary``: the weight
names and shapes listed are the layer's own, and the shapes in the equations are checked
against them (a gate's block of ``kernel`` has the shape of that gate's ``W`` transposed).
The other framework's packing comes from the same layer class built under that
convention, as ``summary --compare`` counts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.compare import count_note, counterpart_params
from lstm_calc.formulas import LayerOptions, ParamCalculation, build_layer, calculate, check_options
from lstm_calc.layers import Weight
from lstm_calc.layers.recurrent import GRU, LSTM, Recurrent
from lstm_calc.layers.wrappers import Bidirectional
from lstm_calc.shapes import Shape

# Gate orders, as the frameworks' own code splits the packed tensors:
# keras/src/layers/rnn/lstm.py (k_i, k_f, k_c, k_o = ops.split(self.kernel, 4, axis=1)),
# keras/src/layers/rnn/gru.py (x_z, x_r, x_h), and torch/nn/modules/rnn.py's docstrings
# ((W_ii|W_if|W_ig|W_io) for LSTM, (W_ir|W_iz|W_in) for GRU).
GATE_ORDERS = {
    ("LSTM", KERAS): ("i", "f", "c", "o"),
    ("LSTM", PYTORCH): ("i", "f", "g", "o"),
    ("GRU", KERAS): ("z", "r", "h"),
    ("GRU", PYTORCH): ("r", "z", "n"),
    ("SimpleRNN", KERAS): ("",),
    ("SimpleRNN", PYTORCH): ("",),
}
GATE_NAMES = {
    "i": "input gate",
    "f": "forget gate",
    "c": "cell candidate",
    "g": "cell candidate",
    "o": "output gate",
    "z": "update gate",
    "r": "reset gate",
    "h": "candidate",
    "n": "candidate",
    "": "",
}

#: (what the equation computes, the equation), per kind, framework and bias layout.
#: In Keras W is the input matrix, U the recurrent one, b the bias and rb the recurrent
#: bias of reset_after; torch names them W_i?, W_h?, b_i?, b_h? as its documentation does.
_EQUATIONS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("LSTM", KERAS): [
        ("input gate", "i_t = σ(W_i·x_t + U_i·h_{t-1} + b_i)"),
        ("forget gate", "f_t = σ(W_f·x_t + U_f·h_{t-1} + b_f)"),
        ("cell candidate", "c̃_t = tanh(W_c·x_t + U_c·h_{t-1} + b_c)"),
        ("output gate", "o_t = σ(W_o·x_t + U_o·h_{t-1} + b_o)"),
        ("cell state", "c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t"),
        ("hidden state", "h_t = o_t ⊙ tanh(c_t)"),
    ],
    ("LSTM", PYTORCH): [
        ("input gate", "i_t = σ(W_ii·x_t + b_ii + W_hi·h_{t-1} + b_hi)"),
        ("forget gate", "f_t = σ(W_if·x_t + b_if + W_hf·h_{t-1} + b_hf)"),
        ("cell candidate", "g_t = tanh(W_ig·x_t + b_ig + W_hg·h_{t-1} + b_hg)"),
        ("output gate", "o_t = σ(W_io·x_t + b_io + W_ho·h_{t-1} + b_ho)"),
        ("cell state", "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t"),
        ("hidden state", "h_t = o_t ⊙ tanh(c_t)"),
    ],
    ("GRU", KERAS): [
        ("update gate", "z_t = σ(W_z·x_t + b_z + U_z·h_{t-1} + rb_z)"),
        ("reset gate", "r_t = σ(W_r·x_t + b_r + U_r·h_{t-1} + rb_r)"),
        ("candidate", "h̃_t = tanh(W_h·x_t + b_h + r_t ⊙ (U_h·h_{t-1} + rb_h))"),
        ("hidden state", "h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ h̃_t"),
    ],
    ("GRU", PYTORCH): [
        ("reset gate", "r_t = σ(W_ir·x_t + b_ir + W_hr·h_{t-1} + b_hr)"),
        ("update gate", "z_t = σ(W_iz·x_t + b_iz + W_hz·h_{t-1} + b_hz)"),
        ("candidate", "n_t = tanh(W_in·x_t + b_in + r_t ⊙ (W_hn·h_{t-1} + b_hn))"),
        ("hidden state", "h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}"),
    ],
    ("SimpleRNN", KERAS): [("hidden state", "h_t = tanh(W·x_t + U·h_{t-1} + b)")],
    ("SimpleRNN", PYTORCH): [("hidden state", "h_t = tanh(W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh)")],
}
#: Keras's GRU without reset_after: one bias, and the reset gate applied before the recurrent matrix.
_KERAS_GRU_RESET_BEFORE = [
    ("update gate", "z_t = σ(W_z·x_t + U_z·h_{t-1} + b_z)"),
    ("reset gate", "r_t = σ(W_r·x_t + U_r·h_{t-1} + b_r)"),
    ("candidate", "h̃_t = tanh(W_h·x_t + U_h·(r_t ⊙ h_{t-1}) + b_h)"),
    ("hidden state", "h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ h̃_t"),
]
#: torch.nn.LSTM with proj_size: h is projected down after the output gate.
_TORCH_PROJECTED_HIDDEN = ("hidden state", "h_t = W_hr·(o_t ⊙ tanh(c_t))")

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


def explain_options(options: LayerOptions) -> Explanation:
    """Explain the recurrent layer of ``explain KIND --units 12 --input-dim 80``."""
    if options.kind not in ("lstm", "gru", "simplernn"):
        raise ValueError(f"explain takes lstm, gru or simplernn, not {options.kind}")
    check_options(options)
    built = build_layer(options)
    return explain_layer(built.spec, built.summary)


def explain_layer(spec: Any, summary: Any) -> Explanation:
    """Explain a recurrent layer (or a Bidirectional one) built from a spec, given its summary row."""
    layer = spec.layer
    input_shape = summary.input_shape
    directions = 1
    expected = summary.params
    if isinstance(layer, Bidirectional):
        wrapper = layer
        layer = wrapper.inner
        directions = 2
        if wrapper.backward_inner is not None:
            # A backward_layer of its own may differ: explain (and count) the forward layer alone.
            directions = 1
            expected = sum(weight.size for weight in layer.weights(input_shape))
    if not isinstance(layer, Recurrent):
        raise ValueError(f"{spec.name} is not a recurrent layer")
    framework = layer.framework
    kind = layer.class_name
    if framework == PYTORCH:
        directions = layer.directions
    units = layer.units
    features = input_shape[-1]
    projected = (layer.config.get("proj_size") or 0) if framework == PYTORCH else 0
    width = projected or units
    options = _options_of(layer, features, directions)
    calculation = calculate(options)
    if calculation.params != expected:
        raise AssertionError(f"{spec.name}: the formula gives {calculation.params:,}, the layer {expected:,}")
    shapes = _symbol_shapes(kind, framework, units, features, width, projected)
    equations = tuple(_equation(meaning, text, shapes) for meaning, text in _equation_texts(layer, framework))
    weights = tuple(_packed(weight, kind, framework, units) for weight in layer.weights(input_shape))
    # The Bidirectional wrapper is counted as torch's bidirectional=True, unless explained one layer alone.
    subject = spec.layer if directions == 2 and framework == KERAS else layer
    scope = ""
    if directions == 2 and framework == KERAS:
        scope = "the forward layer's tensors; the backward layer has its own of the same shapes"
    own = Packing(framework, GATE_ORDERS[(kind, framework)], weights, expected, "", scope)
    return Explanation(
        name=spec.name,
        type_name=summary.type,
        framework=framework,
        units=units,
        features=features,
        time_steps=input_shape[1],
        batch_size=input_shape[0],
        output_shape=summary.output_shape,
        return_sequences=bool(layer.return_sequences),
        return_state=bool(layer.return_state),
        stateful=bool(layer.config.get("stateful")),
        directions=directions,
        num_layers=layer.num_layers if framework == PYTORCH else 1,
        gate_order=GATE_ORDERS[(kind, framework)],
        equations=equations,
        states=_states(layer, framework, input_shape[0], directions, width),
        weights=weights,
        calculation=calculation,
        params=summary.params,
        packings=(own, _counterpart(subject, layer, input_shape, expected, directions)),
    )


def _counterpart(subject: Any, layer: Recurrent, input_shape: Shape, own: int, directions: int) -> Packing:
    """The other framework's packing of ``layer``, counted as ``summary --compare`` counts ``subject``."""
    kind = layer.class_name
    target = PYTORCH if layer.framework == KERAS else KERAS
    other = counterpart_params(subject, input_shape)
    keras, torch = (own, other) if layer.framework == KERAS else (other, own)
    note = count_note(subject, keras, torch)
    scope = ""
    if other is None:
        return Packing(target, GATE_ORDERS[(kind, target)], (), None, note, scope)
    if target == PYTORCH:
        twin = type(layer)({**layer.config, "bidirectional": directions == 2}, PYTORCH)
        weights = twin.weights(input_shape)
        if sum(weight.size for weight in weights) != other:
            raise AssertionError(f"{kind}: torch.nn's weights disagree with its count {other:,}")
    else:
        # torch's layers and directions are, in Keras, stacked (Bidirectional) layers of one direction each.
        single = {**layer.config, "num_layers": 1, "bidirectional": False, "input_size": None}
        weights = type(layer)(single, KERAS).weights(input_shape)
        stacked = layer.num_layers * layer.directions
        if stacked > 1:
            layers = f"{layer.num_layers} stacked layers" if layer.num_layers > 1 else "a layer"
            wrapped = f" of Bidirectional({kind})" if layer.directions == 2 else ""
            scope = f"the first layer's tensors (forward); Keras builds {layers}{wrapped}, {stacked} such sets"
            if layer.num_layers > 1:
                scope += f", the layers above taking {layer.directions * layer.units} features"
    packed = tuple(_packed(weight, kind, target, layer.units) for weight in weights)
    return Packing(target, GATE_ORDERS[(kind, target)], packed, other, note, scope)


def _options_of(layer: Recurrent, features: int, directions: int) -> LayerOptions:
    kind = {"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "simplernn"}[layer.class_name]
    torch = layer.framework == PYTORCH
    return LayerOptions(
        kind=kind,
        framework=layer.framework,
        units=layer.units,
        input_dim=features,
        use_bias=layer.use_bias,
        reset_after=layer.reset_after if isinstance(layer, GRU) and not torch else None,
        bidirectional=directions == 2,
        num_layers=layer.num_layers if torch else None,
        proj_size=(layer.proj_size or 0) if torch and isinstance(layer, LSTM) else None,
    )


def _equation_texts(layer: Recurrent, framework: str) -> list[tuple[str, str]]:
    kind = layer.class_name
    if kind == "GRU" and framework == KERAS and not layer.reset_after:
        texts = list(_KERAS_GRU_RESET_BEFORE)
    else:
        texts = list(_EQUATIONS[(kind, framework)])
    if framework == PYTORCH and kind == "LSTM" and layer.proj_size:
        texts[-1] = _TORCH_PROJECTED_HIDDEN
    if not layer.use_bias:
        texts = [(meaning, _without_biases(text)) for meaning, text in texts]
    return texts


def _without_biases(text: str) -> str:
    return re.sub(r" \+ r?b_?[a-z]*(?=[ )])", "", text)


def _symbol_shapes(
    kind: str, framework: str, units: int, features: int, width: int, projected: int
) -> dict[str, Shape]:
    """The shape of every symbol the equations use, for one sample."""
    shapes: dict[str, Shape] = {"x_t": (features,), "h_{t-1}": (width,), "h_t": (width,)}
    for symbol in ("c_{t-1}", "c_t", "c̃_t", "g_t", "h̃_t", "n_t", "i_t", "f_t", "o_t", "z_t", "r_t"):
        shapes[symbol] = (units,)
    for gate in GATE_ORDERS[(kind, framework)]:
        suffix = f"_{gate}" if gate else ""
        if framework == KERAS:
            shapes[f"W{suffix}"] = (units, features)
            shapes[f"U{suffix}"] = (units, width)
            shapes[f"b{suffix}"] = (units,)
            shapes[f"rb{suffix}"] = (units,)
        else:
            shapes[f"W_i{gate or 'h'}"] = (units, features)
            shapes[f"W_h{gate or 'h'}"] = (units, width)
            shapes[f"b_i{gate or 'h'}"] = (units,)
            shapes[f"b_h{gate or 'h'}"] = (units,)
    if projected:
        shapes["W_hr"] = (projected, units)
    return shapes


def _equation(meaning: str, text: str, shapes: dict[str, Shape]) -> Equation:
    lhs, rhs = text.split(" = ", 1)
    terms = tuple(Term(symbol, shapes[symbol]) for symbol in dict.fromkeys(_SYMBOL.findall(rhs)))
    return Equation(meaning, text, terms, Term(lhs, shapes[lhs]))


def _states(layer: Recurrent, framework: str, batch: int | None, directions: int, width: int) -> tuple[State, ...]:
    names = [("h", "hidden state", width)]
    if isinstance(layer, LSTM):
        names.append(("c", "cell state", layer.units))
    if framework == PYTORCH:
        # torch keeps one state per layer and direction on a leading axis, batch-first or not.
        stacked = layer.num_layers * directions
        return tuple(State(symbol, meaning, (stacked, size), (stacked, batch, size)) for symbol, meaning, size in names)
    return tuple(State(symbol, meaning, (size,), (batch, size)) for symbol, meaning, size in names)


def _packed(weight: Weight, kind: str, framework: str, units: int) -> PackedWeight:
    """Where each gate's block lies in ``weight``: Keras stacks gates along columns, torch along rows."""
    gates = GATE_ORDERS[(kind, framework)]
    base = weight.name.rsplit("/", 1)[-1]
    spans = [f"{index * units}:{(index + 1) * units}" for index in range(len(gates))]
    if framework == KERAS:
        symbol = {"kernel": "W", "recurrent_kernel": "U", "bias": "b"}[base]
        names = [f"{symbol}_{gate}" if gate else symbol for gate in gates]
        if base == "bias":
            if len(weight.shape) == 2:
                recurrent = [f"r{name}" for name in names]
                return PackedWeight(
                    weight.name,
                    weight.shape,
                    f"row 0 (input side) {_blocks(spans, names)}; "
                    f"row 1 (recurrent side) {_blocks(spans, recurrent)}; each ({units},)",
                )
            return PackedWeight(weight.name, weight.shape, _vector_blocks(spans, names, units))
        block = (weight.shape[0], units)
        transposed = [f"{name}ᵀ" for name in names]
        if len(gates) == 1:
            return PackedWeight(weight.name, weight.shape, _blocks(spans, transposed))
        return PackedWeight(weight.name, weight.shape, f"columns {_blocks(spans, transposed)}; each {block}")
    if base.startswith("weight_hr"):
        return PackedWeight(weight.name, weight.shape, "W_hr, the projection of h (not split by gate)")
    side = "i" if "_ih_" in base else "h"
    symbol = "W" if base.startswith("weight") else "b"
    names = [f"{symbol}_{side}{gate or 'h'}" for gate in gates]
    if symbol == "b":
        return PackedWeight(weight.name, weight.shape, _vector_blocks(spans, names, units))
    if len(gates) == 1:
        return PackedWeight(weight.name, weight.shape, _blocks(spans, names))
    block = (units, weight.shape[1])
    return PackedWeight(weight.name, weight.shape, f"rows {_blocks(spans, names)}; each {block}")


def _vector_blocks(spans: list[str], names: list[str], units: int) -> str:
    if len(names) == 1:
        return _blocks(spans, names)
    return f"{_blocks(spans, names)}; each ({units},)"


def _blocks(spans: list[str], names: list[str]) -> str:
    if len(names) == 1:
        return f"{names[0]} (one block: no gates)"
    return ", ".join(f"{span} {name}" for span, name in zip(spans, names))


def recurrent_layers(spec_layers: list[Any], summaries: Any) -> list[tuple[Any, Any]]:
    """The (spec, summary row) pairs of the recurrent layers of a model, matched by name."""
    by_name = {summary.name: summary for summary in summaries}
    pairs = []
    for spec in spec_layers:
        layer = spec.layer
        inner = layer.inner if isinstance(layer, Bidirectional) else layer
        if isinstance(inner, Recurrent) and spec.name in by_name:
            pairs.append((spec, by_name[spec.name]))
    return pairs
