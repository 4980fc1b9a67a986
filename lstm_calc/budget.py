"""Parameter budgets: the limits a spec sets on its own counts, and a model checked against them.

Everything here is plain data: a :class:`~lstm_calc.spec_records.Limit` per budget line, an :class:`Outcome` per
limit checked, a :class:`SpecCheck` per spec and a :class:`CheckReport` for a whole run.
Renderers in :mod:`lstm_calc.render` print them; the command line picks the exit status.
They are named tuples rather than dataclasses, which ``lstmcalc check`` would spend a
few milliseconds of its start-up defining.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import NamedTuple

    from lstm_calc.errors import SpecError
    from lstm_calc.spec_records import Limit
    from lstm_calc.summary import ModelSummary

WITHIN_BUDGET = "within_budget"
OVER_BUDGET = "over_budget"
INVALID = "invalid"
#: From best to worst: a run is as bad as its worst spec.
STATUSES = (WITHIN_BUDGET, OVER_BUDGET, INVALID)

#: The rule of ``lstmcalc check --max-params N``, which every spec gets on top of its own budget.
COMMAND_LINE_MAX_PARAMS = "--max-params"


# The type checker reads the fields' types from a typing.NamedTuple; at run time the record
# is a named tuple from lstm_calc.records with the same fields, which is quicker to define.
# tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:

    class _Rule(NamedTuple):
        measure: Callable[[ModelSummary], int]
        noun: str
        exact: bool = False

    class _Outcome(NamedTuple):
        limit: Limit
        actual: int
        subject: str

    class _SpecCheck(NamedTuple):
        file: str
        summary: ModelSummary | None = None
        outcomes: tuple[Outcome, ...] = ()
        error: SpecError | None = None

    class _CheckReport(NamedTuple):
        specs: tuple[SpecCheck, ...]

else:
    _Rule = record("Rule", ("measure", "noun", "exact"), defaults=(False,))
    _Outcome = record("Outcome", ("limit", "actual", "subject"))
    _SpecCheck = record("SpecCheck", ("file", "summary", "outcomes", "error"), defaults=(None, (), None))
    _CheckReport = record("CheckReport", ("specs",))


class Rule(_Rule):
    """What a budget key limits: a count of the model, and whether it is a ceiling or an exact pin.

    ``measure`` takes a :class:`ModelSummary` and returns the count; ``noun`` names it in messages.
    """

    __slots__ = ()


#: Every model-wide rule, by the key that sets it. A layer's own ``max_params`` limits that layer's params.
#: A parameter tied to another (``decoder.weight = encoder.weight``) is one tensor, counted once, as
#: torch's ``parameters()`` counts it: torchinfo's totals, which ``summary`` prints, count it twice.
RULES: dict[str, Rule] = {
    "max_params": Rule(lambda model: model.distinct_params, "params"),
    "max_trainable_params": Rule(lambda model: model.distinct_trainable_params, "trainable params"),
    "max_param_bytes": Rule(lambda model: model.distinct_param_bytes, "bytes of parameters"),
    "expect_params": Rule(lambda model: model.distinct_params, "params", exact=True),
    COMMAND_LINE_MAX_PARAMS: Rule(lambda model: model.distinct_params, "params"),
}


def percent(count: int, limit: int) -> str:
    """``81.3%``: how much of ``limit`` the count uses, rounded down so that 100.0% means at or over it."""
    permille = count * 1000 // limit
    return f"{permille // 10}.{permille % 10}%"


class Outcome(_Outcome):
    """A :class:`Limit` checked: the ``actual`` count it limits, as measured on its ``subject``
    (the model or one layer)."""

    __slots__ = ()

    @property
    def passed(self) -> bool:
        if RULES[self.limit.rule].exact:
            return self.actual == self.limit.value
        return self.actual <= self.limit.value

    @property
    def message(self) -> str:
        """What failed, in words: ``the model has 203,459 params, over max_params 200,000 (101.7%)``."""
        limit = self.limit
        if RULES[limit.rule].exact:
            return (
                f"{self.subject} has {self.actual:,} params but {limit.rule} is {limit.value:,} "
                f"({self.actual - limit.value:+,}); if the change is intended, update {limit.rule}"
            )
        shown = f"{limit.written} = {limit.value:,} bytes" if limit.written else f"{limit.value:,}"
        noun = "params" if limit.layer else RULES[limit.rule].noun
        return (
            f"{self.subject} has {self.actual:,} {noun}, over {limit.rule} {shown} "
            f"({percent(self.actual, limit.value)})"
        )


def check_limits(summary: ModelSummary, limits: Iterable[Limit]) -> tuple[Outcome, ...]:
    """Measure the model (or the named layer) against each limit."""
    # summary.py's records are not typed yet, so their fields are unknown; once they are, this
    # ignore is unused and mypy says so (warn_unused_ignores).
    layers = {layer.name: layer for layer in summary.layers}
    outcomes = []
    for limit in limits:
        if limit.layer is None:
            outcomes.append(Outcome(limit, RULES[limit.rule].measure(summary), "the model"))
        else:
            layer = layers[limit.layer]
            outcomes.append(Outcome(limit, layer.params, f"layer '{layer.name}' ({layer.type})"))
    return tuple(outcomes)


class SpecCheck(_SpecCheck):
    """One spec checked: its ``summary`` and every limit's :class:`Outcome`, or the :class:`SpecError`
    that makes it invalid."""

    __slots__ = ()

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(outcome for outcome in self.outcomes if not outcome.passed)

    @property
    def status(self) -> str:
        if self.error is not None:
            return INVALID
        return OVER_BUDGET if self.failures else WITHIN_BUDGET

    @property
    def closest_limit(self) -> Outcome | None:
        """The model-wide ceiling the model uses most of (``expect_params`` and layer limits aside), if any."""
        ceilings = [
            outcome for outcome in self.outcomes if outcome.limit.layer is None and not RULES[outcome.limit.rule].exact
        ]
        # By the per-mille shown to the user, so that a tie goes to the first limit written.
        if not ceilings:
            return None
        return max(ceilings, key=lambda outcome: outcome.actual * 1000 // outcome.limit.value)


class CheckReport(_CheckReport):
    """Every spec (:class:`SpecCheck`) of one ``check`` run, in the order they were found."""

    __slots__ = ()

    def count(self, status: str) -> int:
        """How many specs have ``status``."""
        return sum(1 for spec in self.specs if spec.status == status)

    @property
    def status(self) -> str:
        """The worst status of any spec (within budget for none)."""
        return max((spec.status for spec in self.specs), key=STATUSES.index, default=WITHIN_BUDGET)
