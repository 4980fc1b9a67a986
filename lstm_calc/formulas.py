"""Parameter-count formulas for one layer, built from terms that are evaluated, and checked against the layers.

``lstmcalc params lstm --units 12 --input-dim 80`` builds the one-layer model the
options describe with the same layer classes as ``summary`` and counts its weights;
the formula is a small expression tree that prints itself symbolically
(``4 × units × (input_dim + units + 1)``), with the numbers substituted
(``4 × 12 × (80 + 12 + 1)``), and evaluates itself (:mod:`lstm_calc.formula_expressions`).
The two counts are compared every time, so the formula shown and the count printed
cannot disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.errors import SpecError
from lstm_calc.formula_expressions import Const, Difference, Expr, Product, Sum, Var, product_of, sum_of
from lstm_calc.layers import Weight

# ---------------------------------------------------------------------------------------------
# The options of ``lstmcalc params`` and ``explain KIND``


class OptionError(Exception):
    """Options that do not describe a layer; the message names the command-line options."""


@dataclass(frozen=True)
class Kind:
    """A layer kind the quick commands know: its spec type, its options and the option ``--max-params`` solves for."""

    type: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    solves_for: str
    #: Options that only one convention has, and which.
    conventions: dict[str, str] = field(default_factory=dict)


_RECURRENT_OPTIONS = ("use_bias", "bidirectional", "num_layers")
KINDS: dict[str, Kind] = {
    "lstm": Kind(
        "LSTM",
        ("units", "input_dim"),
        (*_RECURRENT_OPTIONS, "proj_size"),
        "units",
        {"num_layers": PYTORCH, "proj_size": PYTORCH},
    ),
    "gru": Kind(
        "GRU",
        ("units", "input_dim"),
        (*_RECURRENT_OPTIONS, "reset_after"),
        "units",
        {"num_layers": PYTORCH, "reset_after": KERAS},
    ),
    "simplernn": Kind("SimpleRNN", ("units", "input_dim"), _RECURRENT_OPTIONS, "units", {"num_layers": PYTORCH}),
    "dense": Kind("Dense", ("units", "input_dim"), ("use_bias",), "units"),
    "embedding": Kind("Embedding", ("input_dim", "output_dim"), (), "output_dim"),
    "conv1d": Kind("Conv1D", ("filters", "kernel_size", "input_dim"), ("use_bias",), "filters"),
}
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
    for option in OPTION_FLAGS:
        given = getattr(options, option) is not None
        if not given:
            continue
        if option not in kind.required and option not in kind.optional:
            raise OptionError(f"{OPTION_FLAGS[option]} does not apply to {name}; {name} takes {_flags(kind)}")
        convention = kind.conventions.get(option)
        if convention and convention != options.framework:
            hint = {
                "num_layers": f"in Keras, stack several {kind.type} layers",
                "proj_size": "Keras's LSTM has no projection",
                "reset_after": "torch.nn.GRU always applies the reset gate after the recurrent matrix",
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


def _flags(kind: Kind) -> str:
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
    kind = options.kind
    if kind == "embedding":
        return {"type": "Embedding", "input_dim": options.input_dim, "output_dim": options.output_dim}, [None]
    layer: dict[str, Any] = {"type": KINDS[kind].type, "use_bias": options.get("use_bias")}
    if kind == "conv1d":
        layer.update(filters=options.filters, kernel_size=options.kernel_size)
        return layer, [None, options.input_dim]
    layer["units"] = options.units
    if kind == "dense":
        return layer, [options.input_dim]
    if kind == "gru" and options.framework == KERAS:
        layer["reset_after"] = options.get("reset_after")
    if options.framework == PYTORCH:
        layer.update(num_layers=options.get("num_layers"), bidirectional=options.get("bidirectional"))
        if kind == "lstm":
            layer["proj_size"] = options.get("proj_size")
    elif options.get("bidirectional"):
        layer = {"type": "Bidirectional", "layer": layer}
    return layer, [None, options.input_dim]


def build_layer(options: LayerOptions) -> BuiltLayer:
    """Build the one-layer model ``options`` describe, through the spec reader and shape inference."""
    from lstm_calc.graph import infer
    from lstm_calc.spec_mapping import model_from_mapping

    layer, shape = layer_mapping(options)
    try:
        model = model_from_mapping(
            {"framework": options.framework, "input": {"shape": shape}, "layers": [layer]}, "<options>"
        )
        summary = infer(model)
    except SpecError as error:
        # The layer classes refuse what the framework refuses (proj_size >= units...).
        raise OptionError(error.message) from None
    return BuiltLayer(model.layers[0], summary.layers[0])


# ---------------------------------------------------------------------------------------------
# Formulas


#: Gate blocks of each recurrent kind.
GATES = {"lstm": 4, "gru": 3, "simplernn": 1}


def recurrent_biases(options: LayerOptions) -> int:
    """Bias vectors per gate: one in Keras, two in torch.nn and in Keras's GRU with reset_after."""
    if not options.get("use_bias"):
        return 0
    if options.framework == PYTORCH or (options.kind == "gru" and options.get("reset_after")):
        return 2
    return 1


def formula(options: LayerOptions) -> Expr:
    """The parameter count of the layer ``options`` describe, as an expression."""
    kind = options.kind
    bias = Const(1) if options.get("use_bias") else None
    if kind == "dense":
        if bias is None:
            return Product((Var("input_dim", options.input_dim), Var("units", options.units)))
        return Product((Var("units", options.units), Sum((Var("input_dim", options.input_dim), bias))))
    if kind == "embedding":
        return Product((Var("input_dim", options.input_dim), Var("output_dim", options.output_dim)))
    if kind == "conv1d":
        window = Product((Var("kernel_size", options.kernel_size), Var("input_dim", options.input_dim)))
        return product_of(Var("filters", options.filters), sum_of(window, bias))
    return _recurrent_formula(options)


def _recurrent_formula(options: LayerOptions) -> Expr:
    units = Var("units", options.units)
    directions = 2 if options.get("bidirectional") else 1
    projected = options.get("proj_size")
    # The width of h, which feeds the recurrent matrix and the next layer: proj_size when torch projects it.
    width: Expr = Var("proj_size", projected) if projected else units
    biases = Const(recurrent_biases(options))

    def one_direction(layer_input: Expr) -> Expr:
        gates = product_of(Const(GATES[options.kind]), units, sum_of(layer_input, width, biases))
        return sum_of(gates, Product((width, units)) if projected else None)

    first = product_of(Const(directions), one_direction(Var("input_dim", options.input_dim)))
    layers = options.get("num_layers")
    if layers == 1:
        return first
    deeper_input = product_of(Const(directions), width)
    deeper = product_of(Difference(Var("num_layers", layers), Const(1)), Const(directions), one_direction(deeper_input))
    return Sum((first, deeper))


@dataclass(frozen=True)
class ParamCalculation:
    """What ``lstmcalc params`` prints: the formula, the layer's weights, and the count they share."""

    options: LayerOptions
    type_name: str
    expression: Expr
    weights: tuple[Weight, ...]

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
    expression = formula(options)
    type_name = built.summary.type
    wrapped = built.spec.layer.config.get("layer")
    if wrapped is not None:
        type_name = f"{type_name}({wrapped.type_name})"
    result = ParamCalculation(options, type_name, expression, built.summary.weights)
    if expression.value() != result.params:
        raise AssertionError(
            f"the formula {expression.symbolic()} gives {expression.value():,} but the layer has {result.params:,}"
        )
    return result


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
        return getattr(self.best.options, self.variable)


def solve_max_params(options: LayerOptions, max_params: int) -> Solution:
    """The largest ``units`` (``filters``, ``output_dim``) whose count is at most ``max_params``.

    Every count here is a polynomial of degree at most 2 in that size, so its
    coefficients follow from the formula at 1, 2 and 3; the root of the quadratic,
    taken with integer arithmetic (``math.isqrt``), is then corrected by one against
    the real count of the layer, which is what the answer reports.
    """
    check_options(options, solving=True)
    variable = KINDS[options.kind].solves_for
    lowest = options.get("proj_size") + 1  # torch refuses proj_size >= hidden_size

    def at(value: int) -> LayerOptions:
        return replace(options, **{variable: value})

    def count(value: int) -> int:
        return _calculation(at(value)).params

    f1, f2, f3 = (formula(at(value)).value() for value in (1, 2, 3))
    a2 = f3 - 2 * f2 + f1  # twice the quadratic coefficient
    b = f2 - f1 - 3 * a2 // 2
    c = f1 - a2 // 2 - b
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
