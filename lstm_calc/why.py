"""``lstmcalc why``: which known mistake, or pair of mistakes, gives the parameter count a person has.

The right count is the layer's own (its weights, built by the same classes as ``summary``);
every wrong count tried is the layer's own formula varied by a mistake of the catalogue in
:mod:`lstm_calc.layers.mistakes`. Single mistakes are tried first, then another layer's
count (in a model), then pairs of mistakes; every explanation found is kept, the preferred
first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_calc.formula_expressions import Expr
from lstm_calc.layers.mistake_records import Case, Mistake, Setting, Variation
from lstm_calc.layers.mistakes import BATCH_MULTIPLIED, OTHER_LAYER_COUNT, batch_multiplied, batch_sizes, mistakes_of

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from lstm_calc.formulas import LayerOptions
    from lstm_calc.layers import Layer
    from lstm_calc.shapes import Shape, Shapes
    from lstm_calc.spec_records import ModelSpec
    from lstm_calc.summary import ModelSummary

RIGHT = "right"
EXPLAINED = "explained"
UNEXPLAINED = "unexplained"


class LayerChoiceError(Exception):
    """``--layer`` names no layer of the model, or one without a formula; the message says which exist."""


@dataclass(frozen=True)
class Step:
    """One mistake of an explanation: its key, what was counted, and what is right instead."""

    key: str
    counted: str
    reason: str


@dataclass(frozen=True)
class Explanation:
    """One or two mistakes that together give the number, and the calculation that gives it."""

    steps: tuple[Step, ...]
    type_name: str
    formula: Expr

    @property
    def params(self) -> int:
        return self.formula.value()


@dataclass(frozen=True)
class Diagnosis:
    """The number a person has, the right calculation, and the explanations found (none: unexplained)."""

    got: int
    name: str | None
    type_name: str
    framework: str
    formula: Expr
    params: int
    explanations: tuple[Explanation, ...]

    @property
    def verdict(self) -> str:
        """``right``, ``explained`` or ``unexplained``."""
        if self.got == self.params:
            return RIGHT
        return EXPLAINED if self.explanations else UNEXPLAINED


@dataclass(frozen=True)
class OtherLayer:
    """Another layer of the model with a formula: how sentences call it, and its count."""

    name: str
    label: str
    type_name: str
    formula: Expr


def diagnose(
    layer: Layer[Any], input_shape: Shapes, got: int, setting: Setting | None = None, others: Sequence[OtherLayer] = ()
) -> Diagnosis:
    """Explain ``got`` as a count of ``layer`` on ``input_shape`` with known mistakes.

    ``layer.params_formula`` must exist (kinds with a formula); ``others`` are the model's
    other layers whose count someone may have taken for this one's.
    """
    setting = setting or Setting()
    right = Case(layer, input_shape)
    params = sum(weight.size for weight in layer.weights(input_shape))
    explanations: tuple[Explanation, ...] = ()
    if got != params:
        explanations = _explanations(right, got, setting, others)
    return Diagnosis(
        got, setting.name, layer.formula_type_name(), layer.framework, right.formula(), params, explanations
    )


def _explanations(right: Case, got: int, setting: Setting, others: Sequence[OtherLayer]) -> tuple[Explanation, ...]:
    catalogue = mistakes_of(right.layer)
    found = [_explained(single) for single in _variations(right, catalogue, setting) if single[1].case.count() == got]
    found += [_other_count(other, right, setting) for other in others if other.formula.value() == got]
    if found:
        return tuple(found)
    pairs: dict[frozenset[str], Explanation] = {}
    for first in _variations(right, catalogue, setting):
        if first[0] == BATCH_MULTIPLIED:
            continue  # always made second, on top of the other mistake
        for second in _variations(first[1].case, mistakes_of(first[1].case.layer), setting):
            keys = frozenset((first[0], second[0]))
            if len(keys) == 2 and keys not in pairs and second[1].case.count() == got:
                pairs[keys] = _explained(first, second)
    return tuple(pairs.values())


def _variations(case: Case, catalogue: Sequence[Mistake], setting: Setting) -> Iterator[tuple[str, Variation]]:
    """Each mistake of ``catalogue`` that applies to ``case``, then the batch size multiplied in."""
    for mistake in catalogue:
        variation = mistake.vary(case, setting)
        if variation is not None:
            yield mistake.key, variation
    for batch in batch_sizes(case):
        yield BATCH_MULTIPLIED, batch_multiplied(case, batch)


def _explained(*variations: tuple[str, Variation]) -> Explanation:
    """The explanation of one mistake, or of two made one after the other, by key and variation."""
    last = variations[-1][1].case
    steps = tuple(Step(key, variation.counted, variation.reason) for key, variation in variations)
    return Explanation(steps, last.layer.formula_type_name(), last.formula())


def _other_count(other: OtherLayer, right: Case, setting: Setting) -> Explanation:
    if other.name == setting.source and setting.source_input is not None:
        features = right.input_shape[-1]
        reason = f"{setting.subject} reads the {features} features `{other.name}` outputs, not {_source_input(setting)}"
    else:
        reason = f"that count is `{other.name}`'s; {setting.subject} has weights of its own"
    return Explanation((Step(OTHER_LAYER_COUNT, other.label, reason),), other.type_name, other.formula)


def _source_input(setting: Setting) -> str:
    assert setting.source_input is not None
    features = setting.source_input[-1]
    return f"the {features} input features" if setting.source_reads_input else f"the {features} features it reads"


# ---------------------------------------------------------------------------------------------
# The two ways to ask: a layer of a model, or a layer described by options


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def diagnose_model_layer(model: ModelSpec, summary: ModelSummary, layer_name: str, got: int) -> Diagnosis:
    """Explain ``got`` as the count of the layer ``layer_name`` of a built model."""
    rows = {row.name: row for row in summary.layers}
    specs = [spec for spec in model.layers if spec.name in rows]
    formulas = {spec.name: _formula(spec.layer, rows[spec.name].input_shape) for spec in specs}
    with_formula = [spec for spec in specs if formulas[spec.name] is not None]
    chosen = next((spec for spec in specs if spec.name == layer_name), None)
    if chosen is None or chosen not in with_formula:
        names = ", ".join(spec.name for spec in with_formula) or "none"
        problem = "has no layer named" if chosen is None else "has no formula lstmcalc knows for"
        raise LayerChoiceError(f"{summary.name} {problem} '{layer_name}'; layers with a formula: {names}")
    row = rows[layer_name]
    source = row.connected_to[0].layer if row.connected_to else None
    source_row = rows.get(source) if source else None
    setting = Setting(
        layer_name,
        source if source_row else None,
        _single(source_row.input_shape) if source_row else None,
        bool(source_row and not any(connection.layer in rows for connection in source_row.connected_to)),
    )
    others = []
    seen: dict[str, int] = {}
    for spec in with_formula:
        type_name = spec.layer.formula_type_name()
        seen[type_name] = seen.get(type_name, 0) + 1
        if spec.name == layer_name:
            continue
        ordinal = seen[type_name]
        label = f"the {_ORDINALS[ordinal - 1]} {type_name}'s count" if ordinal <= len(_ORDINALS) else ""
        formula = formulas[spec.name]
        assert formula is not None
        others.append(OtherLayer(spec.name, label or f"the count of `{spec.name}`", type_name, formula))
    return diagnose(chosen.layer, row.input_shape, got, setting, others)


def _single(shapes: Shapes) -> Shape:
    """A layer's input shape (the first, for a layer that takes several)."""
    return shapes[0] if isinstance(shapes, list) else shapes


def _formula(layer: Layer[Any], input_shape: Shapes) -> Expr | None:
    """``layer``'s formula on its input, or None for a kind without one (a wrapper of one, too)."""
    try:
        return layer.params_formula(input_shape)
    except NotImplementedError:
        return None


def diagnose_options(
    options: LayerOptions, got: int, time_steps: int | None = None, batch_size: int | None = None
) -> Diagnosis:
    """Explain ``got`` as the count of the one layer ``options`` describe (``lstmcalc why KIND``),
    on ``time_steps`` and with ``batch_size`` when given."""
    from lstm_calc.formulas import check_options

    check_options(options)
    layer, shape = _built(options, time_steps, batch_size)
    return diagnose(layer, shape, got)


def _built(options: LayerOptions, time_steps: int | None, batch_size: int | None) -> tuple[Layer[Any], Shapes]:
    from lstm_calc.formulas import build_layer

    built = build_layer(options, time_steps, batch_size)
    return built.spec.layer, built.summary.input_shape


__all__ = ["EXPLAINED", "RIGHT", "UNEXPLAINED", "Diagnosis", "Explanation", "Step", "diagnose"]
