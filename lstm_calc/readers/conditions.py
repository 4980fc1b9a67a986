"""Conditions on known values, as Python decides them: comparisons, ``in``, ``x if c else y``,
``and``/``or``/``not`` and ``str.lower()``.

``if rnn_type in ['LSTM', 'GRU']``, ``0.3 if num_layers > 1 else 0``,
``return_sequences=i < n_layers - 1`` and ``rnn_cell.lower() == 'lstm'`` choose which layers
code makes and with which arguments; on known values they are decided exactly, in PyTorch
code (:class:`~lstm_calc.readers.torch_values.TorchEvaluator`) and in Keras code alike. Only
plain values are compared (numbers, strings, booleans, None, lists of them): anything else
stays unknown.
"""

from __future__ import annotations

import ast
import operator
from typing import TYPE_CHECKING, Any

from lstm_calc.readers.evaluate import Evaluator, Unknown
from lstm_calc.readers.syntax_walk import override_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.readers.evaluate import Environment

_ORDERING: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
#: The string methods that take no argument and give a string, as Python's.
_STRING_METHODS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "strip": str.strip,
    "casefold": str.casefold,
}


def is_condition(node: ast.expr) -> bool:
    """Whether :func:`decide` reads ``node``."""
    if isinstance(node, (ast.Compare, ast.IfExp, ast.BoolOp)):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _STRING_METHODS
        and not node.args
        and not node.keywords
    )


def decide(node: ast.expr, value: Callable[[ast.expr], Any]) -> Any:
    """The value of a condition ``node`` (see :func:`is_condition`), its parts read with ``value``.

    :class:`Unknown` (for the part not known, or for ``node``) where Python's answer is not certain.
    """
    if isinstance(node, ast.IfExp):
        return value(node.body) if _truth(value(node.test), node) else value(node.orelse)
    if isinstance(node, ast.BoolOp):
        result = value(node.values[0])
        for part in node.values[1:]:
            if _truth(result, node) != isinstance(node.op, ast.And):
                return result
            result = value(part)
        return result
    if isinstance(node, ast.UnaryOp):
        return not _truth(value(node.operand), node)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Attribute)
        text = value(node.func.value)
        if not isinstance(text, str):
            raise Unknown(node)
        return _STRING_METHODS[node.func.attr](text)
    assert isinstance(node, ast.Compare)
    left = value(node.left)
    for op, comparator in zip(node.ops, node.comparators):
        right = value(comparator)
        if not compare(op, left, right, node):
            return False
        left = right
    return True


def _plain(item: Any) -> bool:
    if isinstance(item, list):
        return all(_plain(part) for part in item)
    return item is None or isinstance(item, (bool, int, float, str))


def _truth(item: Any, node: ast.AST) -> bool:
    if not _plain(item):
        raise Unknown(node)
    return bool(item)


def compare(op: ast.cmpop, left: Any, right: Any, node: ast.AST) -> bool:
    """``left op right`` of plain values (numbers, strings, None, lists of them) as Python compares them;
    :class:`Unknown` where it would not (``"a" < 1``) or where a side is not plain."""
    if not (_plain(left) and _plain(right)):
        raise Unknown(node)
    if isinstance(op, (ast.Eq, ast.NotEq)):
        return (list(left) == list(right) if isinstance(left, list) and isinstance(right, list) else left == right) == (
            isinstance(op, ast.Eq)
        )
    if isinstance(op, (ast.In, ast.NotIn)):
        if isinstance(right, list) or (isinstance(right, str) and isinstance(left, str)):
            return (left in right) == isinstance(op, ast.In)
        raise Unknown(node)
    if isinstance(op, (ast.Is, ast.IsNot)) and any(side is None or isinstance(side, bool) for side in (left, right)):
        # None, True and False are each one object: the same exactly when of one type and equal.
        return (type(left) is type(right) and left == right) == isinstance(op, ast.Is)
    ordering = _ORDERING.get(type(op))
    numbers = all(isinstance(side, (int, float)) for side in (left, right))
    if ordering is None or not (numbers or (isinstance(left, str) and isinstance(right, str))):
        raise Unknown(node)
    return ordering(left, right)


class ConditionEvaluator(Evaluator):
    """The shared evaluator, which also decides conditions on known values (see :func:`decide`)."""

    def _value(self, node: ast.expr, environment: Environment) -> Any:
        if is_condition(node) and override_key(node, self.overrides) is None:
            return decide(node, lambda part: self._value(part, environment))
        return super()._value(node, environment)
