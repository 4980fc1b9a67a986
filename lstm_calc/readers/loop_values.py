"""The values a ``for`` loop takes, where the code makes them known, as Python iterates over them.

Shared by the PyTorch ``__init__`` reader (loops and comprehensions that make modules) and the
Keras code readers (loops that add or call layers): ``range(...)`` of known integers, a known
list, tuple or dict (its keys), ``d.items()``/``.keys()``/``.values()`` of a known dict, and
``zip``/``enumerate``/``reversed`` of those. Anything else is :class:`~lstm_calc.readers.evaluate.Unknown`;
a range longer than :data:`MAX_RANGE` is :class:`RangeTooLong`, found before a single value
is made.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.code_names import callee_name
from lstm_calc.readers.evaluate import Unknown
from lstm_calc.readers.field_records import is_mapping

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.errors import Location

#: The most steps the loops (and comprehensions) of one model's code may take in all.
MAX_UNROLLED = 100_000
#: The most steps of one range lstmcalc unrolls.
MAX_RANGE = 10_000
#: The builtins whose values a loop may iterate over, of known arguments.
_ITERATORS = ("range", "zip", "enumerate", "reversed")
#: A dict's methods a loop may iterate over (``for name, size in tasks.items()``).
_DICT_VIEWS = ("items", "keys", "values")


class RangeTooLong(Unknown):
    """A range of known bounds longer than lstmcalc unrolls: a loop of it is not followed."""

    def __init__(self, node: ast.AST, steps: int) -> None:
        super().__init__(node)
        self.steps = steps

    def error(self, loc: Callable[[ast.AST], Location]) -> SpecError:
        """The located refusal of this range."""
        return SpecError(
            f"lstmcalc follows a range of at most {MAX_RANGE:,} steps here; this one has {self.steps:,}",
            loc(self.node),
        )


def loop_values(node: ast.expr, evaluate: Callable[[ast.expr], Any], longest: int = MAX_RANGE) -> list[Any]:
    """The known values iterating over ``node`` gives, its parts' values read with ``evaluate``
    (which raises :class:`Unknown`); a pair of ``zip``, ``enumerate`` or ``.items()`` is a list.
    A range of more than ``longest`` steps is :class:`RangeTooLong`, found before it is made."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _ITERATORS:
        return _iterator_values(node, node.func.id, evaluate, longest)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args and not node.keywords:
        owner = evaluate(node.func.value) if node.func.attr in _DICT_VIEWS else None
        if is_mapping(owner) and node.func.attr == "items":
            return [list(pair) for pair in owner.items()]
        if is_mapping(owner):
            return list(owner.values() if node.func.attr == "values" else owner)
    value = evaluate(node)
    if isinstance(value, list) or is_mapping(value):
        return list(value)  # a dict's keys
    raise Unknown(node)


def _iterator_values(node: ast.Call, function: str, evaluate: Callable[[ast.expr], Any], longest: int) -> list[Any]:
    if function == "range" and not node.keywords:
        bounds = [evaluate(argument) for argument in node.args]
        if all(isinstance(bound, int) for bound in bounds) and 1 <= len(bounds) <= 3:
            if bounds[2:] == [0]:
                raise Unknown(node)  # Python refuses a step of 0
            steps = range(*bounds)  # its length is known before a single value is made
            count = _range_length(steps)
            if count > min(longest, MAX_RANGE):
                raise RangeTooLong(node, count)
            return list(steps)
    elif function == "zip" and node.args and not node.keywords:
        return [list(items) for items in zip(*(loop_values(argument, evaluate, longest) for argument in node.args))]
    elif function == "reversed" and len(node.args) == 1 and not node.keywords:
        inner = node.args[0]
        # Python reverses a sequence, a range or a dict; not an iterator (zip, enumerate, reversed) of one.
        if not (isinstance(inner, ast.Call) and callee_name(inner) in ("zip", "enumerate", "reversed")):
            return loop_values(inner, evaluate, longest)[::-1]
    elif function == "enumerate" and len(node.args) == 1 and all(key.arg == "start" for key in node.keywords):
        start = evaluate(node.keywords[0].value) if node.keywords else 0
        if isinstance(start, int):
            return [[index, item] for index, item in enumerate(loop_values(node.args[0], evaluate, longest), start)]
    raise Unknown(node)


def is_loop_target(target: ast.expr) -> bool:
    """A name, or names to unpack each value into (``for a, b in zip(...)``): what an unrolled loop binds."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return bool(target.elts) and all(is_loop_target(item) for item in target.elts)
    return isinstance(target, ast.Name)


def bind_loop_target(
    target: ast.expr, value: Any, bind: Callable[[str, Any], None], loc: Callable[[ast.AST], Location]
) -> None:
    """Bind a loop's target (see :func:`is_loop_target`) to one of its values with ``bind(name, value)``,
    unpacking as Python does, and refusing where Python would."""
    if isinstance(target, ast.Name):
        bind(target.id, value)
        return
    assert isinstance(target, (ast.Tuple, ast.List))
    if not isinstance(value, list) or len(value) != len(target.elts):
        count = len(value) if isinstance(value, list) else "no"
        raise SpecError(
            f"Python would refuse this loop: it unpacks {count} values into {len(target.elts)} names", loc(target)
        )
    for name, item in zip(target.elts, value):
        bind_loop_target(name, item, bind, loc)


def exits_loop(statement: ast.stmt) -> bool:
    """Whether ``statement`` holds a ``break`` or ``continue`` of the loop around it: not one of a loop
    of its own (the statement's included), which stays in that loop."""
    pending: list[ast.AST] = [statement]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Break, ast.Continue)):
            return True
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            pending += node.orelse  # a loop's else belongs to the loop around it
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            pending += ast.iter_child_nodes(node)
    return False


def _range_length(steps: range) -> int:
    """``len(steps)``, which Python cannot give past sys.maxsize (``range(10**20)``)."""
    try:
        return len(steps)
    except OverflowError:
        if steps.step > 0:
            return max(0, (steps.stop - steps.start + steps.step - 1) // steps.step)
        return max(0, (steps.start - steps.stop - steps.step - 1) // -steps.step)
