"""Counts that may grow with a time axis of unknown length: ``fixed + per_step × time_steps``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import NamedTuple

# The type checker reads the fields' types from a typing.NamedTuple; at run time the record
# is a named tuple from lstm_calc.records with the same fields, which is quicker to define (this module is
# imported at every start). tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:

    class _Amount(NamedTuple):
        fixed: int = 0
        per_step: int = 0

else:
    _Amount = record("Amount", ("fixed", "per_step"), defaults=(0, 0))


class Amount(_Amount):
    """``fixed + per_step × T``, where T is a number of time steps the spec leaves unknown (``null``).

    When every axis is known, ``per_step`` is 0 and ``fixed`` is the whole count. A named
    tuple (quick to define at start-up) whose ``+`` and ``*`` are arithmetic, not the tuple's.
    """

    __slots__ = ()

    # + and * are arithmetic, not the tuple's joining and repeating: the point of the class. No
    # caller treats an Amount as a plain tuple, so the broken substitution is never reached.
    def __add__(self, other: Amount) -> Amount:  # type: ignore[override]
        return Amount(self.fixed + other.fixed, self.per_step + other.per_step)

    def __mul__(self, factor: int) -> Amount:  # type: ignore[override]
        return Amount(self.fixed * factor, self.per_step * factor)

    __rmul__ = __mul__  # type: ignore[assignment]

    def times(self, other: Amount) -> Amount:
        """The product of two amounts, where an unknown length times an unknown length still counts per step.

        Only a layer applied along an unknown axis to something that is itself per step
        (two unknown axes) meets that case; lstmcalc then counts per position of both.
        """
        if self.per_step and other.per_step:
            return Amount(0, (self.fixed + self.per_step) * (other.fixed + other.per_step))
        return Amount(
            self.fixed * other.fixed,
            self.fixed * other.per_step + self.per_step * other.fixed,
        )


def positions(axes: Iterable[int | None]) -> Amount:
    """How many positions ``axes`` span: their product, or per step when one of them is unknown."""
    sizes = list(axes)
    known = math.prod(size for size in sizes if size is not None)
    if None in sizes:
        return Amount(0, known)
    return Amount(known, 0)


def total(amounts: Iterable[Amount]) -> Amount:
    """The sum of ``amounts``."""
    result = Amount()
    for amount in amounts:
        result = result + amount
    return result
