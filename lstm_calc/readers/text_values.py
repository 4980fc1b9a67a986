"""Texts the evaluators compute as Python does, where they stay short and plain: f-strings, ``str.format``
and ``%`` formatting of names (``f"linear{i}"``, ``"gate{}".format(i)``, ``"denselayer%d" % i``)."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from lstm_calc.arguments import MAX_INTEGER_DIGITS

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_INTEGER_LIMIT = 10**MAX_INTEGER_DIGITS

#: The longest string ``+`` makes: a name, not a text doubled in a loop until memory runs out.
MAX_JOINED_TEXT = 10_000


def formatted_text(
    node: ast.JoinedStr, value_of: Callable[[ast.expr], Any], refusal: Callable[[ast.AST], Exception]
) -> str:
    """An f-string's text (``f"linear{i}"``), each ``{value}`` a string or integer ``value_of`` knows, with
    no conversion nor format spec (which could ask for a width of a billion), the whole at most
    :data:`MAX_JOINED_TEXT` long; otherwise ``refusal`` of the part it cannot write, or of the f-string."""
    parts = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            parts.append(str(part.value))
            continue
        if not isinstance(part, ast.FormattedValue) or part.format_spec is not None or part.conversion != -1:
            raise refusal(part)
        value = value_of(part.value)
        if not isinstance(value, (str, int)) or isinstance(value, int) and not -_INTEGER_LIMIT < value < _INTEGER_LIMIT:
            raise refusal(part.value)
        parts.append(str(value))
    text = "".join(parts)
    if len(text) > MAX_JOINED_TEXT:
        raise refusal(node)
    return text


def format_text(template: Any, values: list[Any]) -> str | None:
    """``template.format(*values)`` where the template's fields are plain (``{}``, ``{0}``: no
    conversion, no format spec, which could ask for a width of a billion) and the values strings
    or integers; ``None`` otherwise."""
    import string

    if not isinstance(template, str) or not all(isinstance(value, (str, int)) for value in values):
        return None
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for _, field, spec, conversion in fields:
        if spec or conversion or field not in (None, "") and not field.isdigit():
            return None
    longest = max((len(str(value)) for value in values), default=0)
    if len(template) + len(fields) * longest > MAX_JOINED_TEXT:
        return None
    try:
        return template.format(*values)
    except (IndexError, ValueError):
        return None


def percent_text(template: str, values: list[Any]) -> str | None:
    """``template % tuple(values)`` where each field is a plain ``%d``, ``%i`` or ``%s`` (no width, which could
    ask for a billion characters) or ``%%``, given integers (a string for ``%s`` too); None otherwise."""
    fields = [field for field in re.findall(r"%(.?)", template) if field != "%"]
    if len(fields) != len(values) or any(field not in ("d", "i", "s") for field in fields):
        return None
    for field, value in zip(fields, values):
        if isinstance(value, bool) or not isinstance(value, int) and not (field == "s" and isinstance(value, str)):
            return None
    if len(template) + sum(len(str(value)) for value in values) > MAX_JOINED_TEXT:
        return None
    return template % tuple(values)
