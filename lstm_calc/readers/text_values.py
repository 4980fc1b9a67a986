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


#: A format spec of the mini-language (``02d``, ``.2f``, ``>8s``) with no nested field.
_SPEC = re.compile(
    r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>[0-9]*)[,_]?(?:\.(?P<precision>[0-9]+))?[bcdeEfFgGnosxX%]?", re.DOTALL
)
#: A ``%`` field: flags, a width and a precision written out (not ``*``), a conversion; no ``%(key)s``.
_PERCENT_FIELD = re.compile(
    r"%(?P<flags>[-+ #0]*)(?P<width>[0-9]*)(?:\.(?P<precision>[0-9]*))?(?P<type>[diouxXeEfFgGrsa%])"
)
_CONVERSIONS = {-1: "", ord("s"): "s", ord("r"): "r", ord("a"): "a"}


def _plain_value(value: Any) -> bool:
    """Whether ``value`` is a string, a float or an integer no longer than a spec may hold: what a
    format writes as Python does, and briefly."""
    if isinstance(value, int):
        return bool(-_INTEGER_LIMIT < value < _INTEGER_LIMIT)
    return isinstance(value, (str, float))


def _short_enough(width: str | None, precision: str | None) -> bool:
    """Whether a field's width and precision are small enough that its text stays a name's length."""
    parts = [part for part in (width, precision) if part]
    return all(len(part) <= 5 for part in parts) and sum(map(int, parts)) <= MAX_JOINED_TEXT


def format_field(value: Any, conversion: str, spec: str) -> str | None:
    """``format(value, spec)`` after ``!conversion`` (``""``, ``"s"``, ``"r"`` or ``"a"``), as an f-string or
    ``str.format`` writes a field, for a plain value (:func:`_plain_value`) and a spec of the mini-language
    whose width and precision are small; None otherwise (also where Python refuses the spec)."""
    match = _SPEC.fullmatch(spec)
    if not _plain_value(value) or match is None or not _short_enough(match["width"], match["precision"]):
        return None
    if conversion:
        value = str(value) if conversion == "s" else repr(value) if conversion == "r" else ascii(value)
    try:
        return format(value, spec)
    except (ValueError, TypeError, OverflowError):
        return None


def formatted_text(
    node: ast.JoinedStr, value_of: Callable[[ast.expr], Any], refusal: Callable[[ast.AST], Exception]
) -> str:
    """An f-string's text (``f"linear{i}"``, ``f"h{h:02d}"``, ``f"{v!r}"``, ``f"{v=}"``), each ``{value}`` a
    string, float or integer ``value_of`` knows, written by :func:`format_field`, the whole at most
    :data:`MAX_JOINED_TEXT` long; otherwise ``refusal`` of the part it cannot write, or of the f-string."""
    parts = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            parts.append(str(part.value))
            continue
        if not isinstance(part, ast.FormattedValue) or part.conversion not in _CONVERSIONS:
            raise refusal(part)
        value = value_of(part.value)
        if not _plain_value(value):
            raise refusal(part.value)
        spec = part.format_spec
        if spec is not None:
            assert isinstance(spec, ast.JoinedStr)  # f"{v:{width}d}": a spec of fields of its own
        text = format_field(
            value, _CONVERSIONS[part.conversion], "" if spec is None else formatted_text(spec, value_of, refusal)
        )
        if text is None:
            raise refusal(part)
        parts.append(text)
    text = "".join(parts)
    if len(text) > MAX_JOINED_TEXT:
        raise refusal(node)
    return text


def format_text(template: Any, values: list[Any]) -> str | None:
    """``template.format(*values)`` where the template's fields are numbered or not (``{}``, ``{0}``), each
    with a conversion and a spec :func:`format_field` writes (``{:02d}``, ``{!r}``), and the values plain;
    ``None`` otherwise."""
    import string

    if not isinstance(template, str) or not all(_plain_value(value) for value in values):
        return None
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return None
    texts = []
    automatic, numbered = 0, False
    for literal, field, spec, conversion in fields:
        texts.append(literal)
        if field is None:
            continue
        if field and not field.isdigit() or conversion not in (None, "s", "r", "a") or "{" in (spec or ""):
            return None
        if automatic and field or numbered and not field:
            return None  # Python's ValueError: numbered and automatic fields mixed
        numbered = bool(field)
        index = int(field) if field and len(field) <= 5 else automatic
        automatic += not field
        if index >= len(values):
            return None
        text = format_field(values[index], conversion or "", spec or "")
        if text is None:
            return None
        texts.append(text)
    text = "".join(texts)
    return text if len(text) <= MAX_JOINED_TEXT else None


def percent_text(template: str, values: list[Any]) -> str | None:
    """``template % tuple(values)`` where each field is written out (``%d``, ``%02d``, ``%s``, ``%.1f``, ``%r``;
    no ``*`` width nor ``%(key)s``) with a small width and precision, and the values plain; None otherwise
    (also where Python refuses the values)."""
    fields = list(_PERCENT_FIELD.finditer(template))
    if template.count("%") != sum(field[0].count("%") for field in fields):
        return None
    taking = [field for field in fields if field["type"] != "%"]
    if len(taking) != len(values) or not all(_plain_value(value) for value in values):
        return None
    if not all(_short_enough(field["width"], field["precision"]) for field in taking):
        return None
    try:
        text = template % tuple(values)
    except (ValueError, TypeError, OverflowError):
        return None
    return text if len(text) <= MAX_JOINED_TEXT else None
