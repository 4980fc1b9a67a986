"""``lstmcalc params KIND``: one layer's parameter count, its formula, and the largest size a budget allows.

``lstmcalc params lstm --units 12 --input-dim 80`` builds the one-layer model the
options describe with the same layer classes as ``summary`` and counts its weights.
The formula is the layer's own (:meth:`~lstm_calc.layers.base.Layer.params_formula`),
a small expression tree that prints itself symbolically
(``4 × units × (input_dim + units + 1)``), with the numbers substituted
(``4 × 12 × (80 + 12 + 1)``), and evaluates itself (:mod:`lstm_calc.formula_expressions`).
The layer states its gate blocks and bias vectors once, for its weights and its formula
alike; the test suite checks the two against each other over every kind and option.
The kinds and their options are those of the layer registry with ``quick_options``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.errors import SpecError
from lstm_calc.formula_expressions import Expr
from lstm_calc.layers import LAYER_TYPES, Layer, Weight
from lstm_calc.layers.quick_options import QuickOptions
from lstm_calc.naming import to_snake_case
from lstm_calc.shapes import Shape

# ---------------------------------------------------------------------------------------------
# The options of ``lstmcalc params`` and ``explain KIND``


class OptionError(Exception):
    """Options that do not describe a layer; the message names the command-line options."""


#: The kinds the quick commands know, by their lower-case Keras name: those with ``quick_options``.
QUICK_KINDS: dict[str, type[Layer[Any]]] = {
    cls.quick_options.kind or cls.class_name.lower(): cls
    for cls in LAYER_TYPES.values()
    if cls.quick_options is not None
}
KINDS: dict[str, QuickOptions] = {
    name: options for name, cls in QUICK_KINDS.items() if (options := cls.quick_options) is not None
}
#: The kinds ``explain KIND`` draws a cell for.
EXPLAIN_KINDS: tuple[str, ...] = tuple(
    name for name, cls in QUICK_KINDS.items() if cls.explains_cell or cls.explains_lesson
)
#: Their Keras class names, for messages: ``LSTM, GRU, SimpleRNN, MultiHeadAttention``.
EXPLAINED_TYPES = ", ".join(QUICK_KINDS[name].class_name for name in EXPLAIN_KINDS)
#: The command-line spelling of each option, for messages.
OPTION_FLAGS = {
    "units": "--units",
    "input_dim": "--input-dim",
    "output_dim": "--output-dim",
    "filters": "--filters",
    "kernel_size": "--kernel-size",
    "use_bias": "--no-bias",
    "reset_after": "--no-reset-after",
    "bidirectional": "--bidirectional",
    "num_layers": "--num-layers",
    "proj_size": "--proj-size",
    "embed_dim": "--embed-dim",
    "num_heads": "--num-heads",
    "key_dim": "--key-dim",
    "value_dim": "--value-dim",
}
#: The value each optional option has when it is not given.
_DEFAULTS = {"use_bias": True, "reset_after": True, "bidirectional": False, "num_layers": 1, "proj_size": 0}


@dataclass(frozen=True)
class LayerOptions:
    """One layer as the quick commands describe it; ``None`` is an option not given."""

    kind: str
    framework: str = KERAS
    units: int | None = None
    input_dim: int | None = None
    output_dim: int | None = None
    filters: int | None = None
    kernel_size: int | None = None
    use_bias: bool | None = None
    reset_after: bool | None = None
    bidirectional: bool | None = None
    num_layers: int | None = None
    proj_size: int | None = None
    embed_dim: int | None = None
    num_heads: int | None = None
    key_dim: int | None = None
    value_dim: int | None = None

    def get(self, name: str) -> Any:
        """The option's value, or its default when it was not given."""
        value = getattr(self, name)
        return _DEFAULTS.get(name) if value is None else value


def check_options(options: LayerOptions, solving: bool = False) -> None:
    """Refuse options that the kind does not take, or a required one that is missing.

    With ``solving``, the option ``--max-params`` solves for must be left out instead.
    """
    kind = KINDS[options.kind]
    name = options.kind
    if options.framework == PYTORCH and QUICK_KINDS[name].torch_class_name is None:
        raise OptionError(
            f"{QUICK_KINDS[name].class_name} is a Keras layer with no torch.nn counterpart; "
            "leave out --framework pytorch"
        )
    for option in OPTION_FLAGS:
        given = getattr(options, option) is not None
        if not given:
            continue
        if option not in kind.required and option not in kind.optional:
            raise OptionError(f"{OPTION_FLAGS[option]} does not apply to {name}; {name} takes {_flags(kind)}")
        convention = kind.conventions.get(option)
        if convention and convention != options.framework:
            hint = {
                "num_layers": f"in Keras, stack several {QUICK_KINDS[name].class_name} layers",
                "proj_size": "Keras's LSTM has no projection",
                "reset_after": "torch.nn.GRU always applies the reset gate after the recurrent matrix",
                "key_dim": "torch.nn.MultiheadAttention's heads are embed_dim / num_heads wide",
                "value_dim": "torch.nn.MultiheadAttention's heads are embed_dim / num_heads wide",
            }[option]
            framework = "PyTorch" if convention == PYTORCH else "Keras"
            raise OptionError(f"{OPTION_FLAGS[option]} is a {framework} option; use --framework {convention} ({hint})")
    for option in kind.required:
        if option == kind.solves_for and solving:
            if getattr(options, option) is not None:
                raise OptionError(f"--max-params finds the largest {option}; leave {OPTION_FLAGS[option]} out")
            continue
        if getattr(options, option) is None:
            raise OptionError(f"{name} needs {OPTION_FLAGS[option]}")
    projected = options.get("proj_size")
    if projected and options.units is not None and projected >= options.units:
        # torch.nn.LSTM refuses it at construction: "proj_size has to be smaller than hidden_size".
        raise OptionError(f"--proj-size {projected} must be smaller than --units {options.units}")


def _flags(kind: QuickOptions) -> str:
    return ", ".join(OPTION_FLAGS[option] for option in (*kind.required, *kind.optional))


# ---------------------------------------------------------------------------------------------
# The layer itself, built by the same classes as ``summary``


@dataclass(frozen=True)
class BuiltLayer:
    """The one-layer model of some options: its spec, its summary row, and its input shape."""

    spec: Any  # lstm_calc.spec.LayerSpec
    summary: Any  # lstm_calc.summary.LayerSummary


def layer_mapping(options: LayerOptions) -> tuple[dict[str, Any], list[int | None]]:
    """The spec's layer mapping for ``options`` and the per-sample input shape it is built on."""
    return QUICK_KINDS[options.kind].quick_layer(options)


def build_layer(options: LayerOptions, time_steps: int | None = None, batch_size: int | None = None) -> BuiltLayer:
    """Build the one-layer model ``options`` describe, through the spec reader and shape inference,
    on ``time_steps`` and with ``batch_size`` when given (``lstmcalc why``)."""
    from lstm_calc.graph import infer
    from lstm_calc.spec_mapping import model_from_mapping

    try:
        layer, shape = layer_mapping(options)
    except SpecError as error:
        raise OptionError(error.message) from None
    if time_steps is not None:
        # A sequence kind's shape starts with its unknown length; Dense's is its features alone.
        shape = [time_steps, *shape[1:]] if shape[0] is None else [time_steps, *shape]
    model_input: dict[str, Any] = {"shape": shape}
    if batch_size is not None:
        model_input["batch_size"] = batch_size
    if "inputs" in layer:
        # A layer of several tensors (MultiHeadAttention) is called on one input, named x, in a graph
        # whose output is the layer under its automatic name.
        spec = {"inputs": {"x": model_input}, "layers": [layer], "outputs": [to_snake_case(layer["type"])]}
    else:
        spec = {"input": model_input, "layers": [layer]}
    try:
        model = model_from_mapping({"framework": options.framework, **spec}, "<options>")
        summary = infer(model)
    except SpecError as error:
        # The layer classes refuse what the framework refuses (proj_size >= units...).
        raise OptionError(error.message) from None
    row = next(row for row in summary.layers if row.name == model.layers[0].name)
    return BuiltLayer(model.layers[0], row)


# ---------------------------------------------------------------------------------------------
# Formulas


def formula(options: LayerOptions) -> Expr:
    """The parameter count of the layer ``options`` describe, as that layer's own expression."""
    built = build_layer(options)
    formula: Expr = built.spec.layer.params_formula(built.summary.input_shape)
    return formula


@dataclass(frozen=True)
class ParamCalculation:
    """What ``lstmcalc params`` prints: the formula, the layer's weights, and the count they share."""

    #: The quick command's options, or None for a layer of a spec (``explain SPEC``).
    options: LayerOptions | None
    type_name: str
    expression: Expr
    weights: tuple[Weight, ...]
    #: Why the other convention's count is the same or differs, for kinds that say so (MultiHeadAttention).
    note: str | None = None

    @property
    def params(self) -> int:
        return sum(weight.size for weight in self.weights)

    @property
    def line(self) -> str:
        """``LSTM params = 4 × units × (input_dim + units + 1) = 4 × 12 × (80 + 12 + 1) = 4,464``."""
        return (
            f"{self.type_name} params = {self.expression.symbolic()} = {self.expression.substituted()} "
            f"= {self.params:,}"
        )


def calculate(options: LayerOptions) -> ParamCalculation:
    """The parameter count of one layer from its weights, with the formula that gives the same number."""
    check_options(options)
    return _calculation(options)


def _calculation(options: LayerOptions) -> ParamCalculation:
    built = build_layer(options)
    return layer_calculation(built.spec.layer, built.summary.input_shape, built.summary.weights, options)


def layer_calculation(
    layer: Layer[Any], input_shape: Shape, weights: tuple[Weight, ...], options: LayerOptions | None = None
) -> ParamCalculation:
    """``layer``'s own formula on ``input_shape``, beside the ``weights`` it counts."""
    return ParamCalculation(
        options,
        layer.formula_type_name(),
        layer.params_formula(input_shape),
        tuple(weights),
        layer.params_note(input_shape),
    )


# ---------------------------------------------------------------------------------------------
# The inverse question: the largest size that fits a parameter budget


@dataclass(frozen=True)
class Solution:
    """The largest value of ``variable`` whose layer has at most ``max_params`` parameters, and the next one's count."""

    variable: str
    max_params: int
    best: ParamCalculation
    next: ParamCalculation

    @property
    def value(self) -> int:
        value: int = getattr(self.best.options, self.variable)
        return value


def solve_max_params(options: LayerOptions, max_params: int) -> Solution:
    """The largest ``units`` (``filters``, ``output_dim``) whose count is at most ``max_params``.

    Every count here is a polynomial of degree at most 2 in that size, so its
    coefficients follow from the count at three sizes; the root of the quadratic,
    taken with integer arithmetic (``math.isqrt``), is then corrected by one against
    the real count of the layer, which is what the answer reports.
    """
    check_options(options, solving=True)
    variable = KINDS[options.kind].solves_for
    lowest = options.get("proj_size") + 1  # torch refuses proj_size >= hidden_size

    def at(value: int) -> LayerOptions:
        size: dict[str, Any] = {variable: value}
        return replace(options, **size)

    def count(value: int) -> int:
        return _calculation(at(value)).params

    # The three smallest sizes torch accepts: with proj_size, units starts above it.
    f0, f1, f2 = (count(value) for value in (lowest, lowest + 1, lowest + 2))
    a2 = f2 - 2 * f1 + f0  # twice the quadratic coefficient
    b = f1 - f0 - a2 // 2 * (2 * lowest + 1)
    c = f0 - a2 // 2 * lowest * lowest - b * lowest
    estimate = _largest_root(a2, b, c, max_params)
    best = max(estimate, lowest - 1)
    while count(best + 1) <= max_params:
        best += 1
    while best >= lowest and count(best) > max_params:
        best -= 1
    if best < lowest:
        raise OptionError(
            f"no {variable} fits: {lowest} {variable} already give {count(lowest):,} params, "
            f"more than --max-params {max_params:,}"
        )
    return Solution(variable, max_params, _calculation(at(best)), _calculation(at(best + 1)))


def _largest_root(a2: int, b: int, c: int, limit: int) -> int:
    """The largest integer x with (a2 / 2)·x² + b·x + c <= limit, to within one (corrected by the caller)."""
    if a2 == 0:
        if b <= 0:
            raise OptionError("the count does not grow with the size, so --max-params cannot bound it")
        return (limit - c) // b
    # a2·x² + 2b·x + 2(c - limit) <= 0  ->  x = (-2b + sqrt(4b² - 8·a2·(c - limit))) / (2·a2)
    discriminant = 4 * b * b - 8 * a2 * (c - limit)
    if discriminant < 0:
        return 0
    return (math.isqrt(discriminant) - 2 * b) // (2 * a2)
