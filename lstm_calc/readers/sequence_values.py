"""Lists and tuples the evaluators compute as Python does: ``[hidden] + list(sizes)``, ``(8,) + dims``,
``[0.1] * layers`` (the sizes of an MLP head, a dropout per layer), at most :data:`MAX_SEQUENCE` items."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedList, LocatedTuple, new_located_list

if TYPE_CHECKING:
    from lstm_calc.errors import Location

#: The most items a list or tuple the code joins or repeats may have: a model's sizes are a few, not a list
#: doubled in a loop until memory runs out.
MAX_SEQUENCE = 10_000


def copied_sequence(builtin: str, sequence: list[Any], where: Location, node: ast.AST) -> LocatedList:
    """``list(sequence)`` or ``tuple(sequence)``: a new list or tuple of the same items, standing at ``where``."""
    if not isinstance(sequence, LocatedList):
        from lstm_calc.readers.evaluate import Unknown

        raise Unknown(node)
    kind = LocatedTuple if builtin == "tuple" else LocatedList
    return new_located_list(where, list(sequence), sequence.item_locations, kind)


def joined_or_repeated(op: ast.operator, left: Any, right: Any, where: Location) -> LocatedList | None:
    """``left + right`` of two lists or two tuples, or ``sequence * n``, as Python gives it, standing at ``where``;
    None where Python's result is not one lstmcalc holds. A list joined with a tuple is refused in Python's words."""
    if isinstance(op, ast.Add) and isinstance(left, LocatedList) and isinstance(right, LocatedList):
        if type(left) is not type(right):
            first, second = ("tuple" if isinstance(side, LocatedTuple) else "list" for side in (left, right))
            words = f'can only concatenate {first} (not "{second}") to {first}'
            raise SpecError(f"Python refuses this (TypeError: {words})", where)
        items, locations = [*left, *right], [*left.item_locations, *right.item_locations]
        kind = type(left)
    elif isinstance(op, ast.Mult) and (type(left) is int) != (type(right) is int):
        sequence, times = (left, right) if type(right) is int else (right, left)
        if not isinstance(sequence, LocatedList) or len(sequence) * max(times, 0) > MAX_SEQUENCE:
            return None
        items, locations = list(sequence) * max(times, 0), sequence.item_locations * max(times, 0)
        kind = type(sequence)
    else:
        return None
    return new_located_list(where, items, locations, kind) if len(items) <= MAX_SEQUENCE else None
