"""The builtins the evaluator computes on known values, as Python gives them: ``len(layers)``, ``str(i)``,
``max(sizes)``, ``int(hidden / 2)``, ``list(sizes)``. Imported when code calls one."""

from __future__ import annotations

import ast
from typing import Any

from lstm_calc.readers.evaluate import Evaluator, Unknown, is_number
from lstm_calc.readers.field_records import is_mapping


def builtin_value(evaluator: Evaluator, node: ast.Call, arguments: list[Any]) -> Any:
    """``len``, ``min``, ``max``, ``sum``, ``abs``, ``int``, ``round`` and ``str`` of known values, as Python
    gives them."""
    assert isinstance(node.func, ast.Name)
    name = node.func.id
    if name == "len" and len(arguments) == 1 and (isinstance(arguments[0], (list, str)) or is_mapping(arguments[0])):
        return len(arguments[0])
    if name == "str" and len(arguments) == 1 and isinstance(arguments[0], (int, float, str)):
        return str(arguments[0])  # add_module(str(i), ...)
    if name in ("list", "tuple") and len(arguments) == 1 and isinstance(arguments[0], list):
        from lstm_calc.readers.sequence_values import copied_sequence  # list(sizes): a new list, same items

        return copied_sequence(name, arguments[0], evaluator.loc(node), node)
    if name == "int" and len(arguments) == 1 and isinstance(arguments[0], bool):
        return int(arguments[0])  # int(self.bidirectional) + 1: 1 or 2 directions
    if any(isinstance(argument, (dict, str)) for argument in arguments) or not arguments:
        raise Unknown(node)
    values = arguments[0] if len(arguments) == 1 and isinstance(arguments[0], list) else arguments
    if not all(is_number(value) for value in values):
        raise Unknown(node)
    try:
        if name in ("min", "max", "sum") and values and (len(arguments) == 1) == isinstance(arguments[0], list):
            result = min(values) if name == "min" else max(values) if name == "max" else sum(values)
            return evaluator.integer(result, node)
        if name in ("abs", "int") and len(arguments) == 1 and is_number(arguments[0]):
            return evaluator.integer(abs(arguments[0]) if name == "abs" else int(arguments[0]), node)
        if name == "round" and len(arguments) in (1, 2) and all(is_number(value) for value in arguments):
            if len(arguments) == 2 and not isinstance(arguments[1], int):
                raise Unknown(node)
            return evaluator.integer(round(*arguments), node)
    except (OverflowError, ValueError):
        raise Unknown(node) from None
    raise Unknown(node)
