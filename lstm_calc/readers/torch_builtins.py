"""Python's own functions in ``forward`` on known values: ``len``, ``range``, ``int``, ``float``,
``min``, ``max`` and the math module's (``math.sqrt(self.d_model)``); a tensor's ``len`` is its first size."""

from __future__ import annotations

import ast
import math
from typing import TYPE_CHECKING, Any

from lstm_calc.readers.torch_forward import UNKNOWN_VALUE, Tensor, Unfollowed

if TYPE_CHECKING:
    from collections.abc import Callable

#: The builtins forward may call on known values (a file that rebinds one is not read for it).
BUILTIN_NAMES = frozenset({"len", "range", "int", "float", "min", "max"})
#: The functions of Python's math module forward may apply to known numbers.
MATH_FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: getattr(math, name) for name in ("sqrt", "log", "log2", "log10", "exp", "ceil", "floor", "pow")
}


def builtin(node: ast.Call, name: str, arguments: list[Any]) -> Any:
    """``name(*arguments)`` for a name of :data:`BUILTIN_NAMES`; unknown where an argument is."""
    if any(argument is UNKNOWN_VALUE for argument in arguments):
        return UNKNOWN_VALUE
    if name == "len" and len(arguments) == 1:
        value = arguments[0]
        if isinstance(value, Tensor):
            return UNKNOWN_VALUE if not value.shape or value.shape[0] is None else value.shape[0]
        if isinstance(value, (tuple, list)):
            return len(value)
    if name == "range" and all(isinstance(argument, int) for argument in arguments):
        return range(*arguments)
    if name == "int" and len(arguments) == 1 and isinstance(arguments[0], (int, float)):
        return int(arguments[0])
    if name == "float" and len(arguments) == 1 and isinstance(arguments[0], (int, float, str)):
        try:
            return float(arguments[0])  # float("-inf"), a mask's fill value
        except ValueError:
            raise Unfollowed(node, _short(node)) from None
    if name in ("min", "max") and all(isinstance(argument, (int, float)) for argument in arguments):
        return (min if name == "min" else max)(arguments)
    raise Unfollowed(node, _short(node))


def math_function(node: ast.Call, name: str, numbers: list[Any]) -> Any:
    """``math.<name>(*numbers)`` on known numbers."""
    if not all(isinstance(number, (int, float)) and not isinstance(number, bool) for number in numbers):
        raise Unfollowed(node, _short(node))
    try:
        return MATH_FUNCTIONS[name](*numbers)
    except (ValueError, OverflowError, TypeError):
        raise Unfollowed(node, _short(node)) from None


def _short(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 50 else text[:47] + "..."
