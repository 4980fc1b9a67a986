"""What one YAML scalar of a spec means: text, null, a boolean, an integer or a float.

PyYAML's resolver decides what an unquoted scalar is (YAML 1.1's patterns); the value is
then converted here rather than by PyYAML's constructors, which crash on tagged text such
as ``!!int ''`` or ``!!bool ''`` and convert base-60 numbers (``1:30``) in time quadratic
in their length. Every conversion here costs time linear in the scalar's length, and
every scalar that cannot be read is a :class:`SpecError` at its position.

A spec means the same to every YAML reader: YAML 1.1 (PyYAML, lstmcalc) and YAML 1.2
(editors validating against ``lstmcalc schema``) agree on ``true``/``false`` and on decimal
numbers, so YAML 1.1's other booleans (``yes``, ``off``...) and base-60 numbers, which
YAML 1.2 reads as text, are refused with a message saying what to write instead.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import yaml

from lstm_calc.arguments import BOOLEAN_SPELLINGS, MAX_INTEGER_DIGITS, quoted
from lstm_calc.errors import Location, SpecError

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

TAG_PREFIX = "tag:yaml.org,2002:"
STR_TAG = TAG_PREFIX + "str"
MERGE_TAG = TAG_PREFIX + "merge"
_NULL_TAG = TAG_PREFIX + "null"
_BOOL_TAG = TAG_PREFIX + "bool"
_INT_TAG = TAG_PREFIX + "int"
_FLOAT_TAG = TAG_PREFIX + "float"
_INTEGER_LIMIT = 10**MAX_INTEGER_DIGITS
#: A number of more digits than this in ``base`` is at least 10**MAX_INTEGER_DIGITS, so it is
#: refused before conversion: Python converts decimal digits in time quadratic in their count.
_MAX_DIGITS = {base: math.ceil(MAX_INTEGER_DIGITS / math.log10(base)) + 1 for base in (2, 8, 10, 16)}
#: What unquoted text YAML turns into something other than plain data, for messages.
_IMPLICIT_KINDS = {TAG_PREFIX + "timestamp": "a date", TAG_PREFIX + "value": "a default-value marker"}
#: What each tag of plain data needs, for messages about explicitly tagged text (``!!int x``).
_TAG_NEEDS = {
    _NULL_TAG: "null or nothing",
    _BOOL_TAG: "true or false",
    _INT_TAG: "an integer such as 12",
    _FLOAT_TAG: "a number such as 0.5",
}
#: Unquoted, implicitly typed: PyYAML's ``implicit`` flags for a plain scalar.
_PLAIN = (True, False)


class Merge:
    """What the YAML merge key ``<<`` reads as: an instruction to the enclosing mapping, not a value."""


MERGE = Merge()


def short_tag(tag: str) -> str:
    """``!!int`` for ``tag:yaml.org,2002:int``; other tags as written."""
    return "!!" + tag[len(TAG_PREFIX) :] if tag.startswith(TAG_PREFIX) else tag


def foreign_tag_message(tag: str) -> str:
    """The message for a tag that is not plain data (``!!python/object``, ``!!timestamp``)."""
    return (
        f"YAML tag '{short_tag(tag)}' is not allowed in a spec; only plain values "
        "(strings, numbers, booleans, null, lists and mappings) are read"
    )


def scalar_value(resolve: Callable[..., str], tag: Any, text: str, implicit: Any, location: Location) -> Any:
    """The value of one scalar event: its text, None, a bool, an int, a float or :data:`MERGE`.

    ``resolve`` is the loader's resolver; ``tag`` and ``implicit`` are the event's. Raises
    :class:`SpecError` at ``location`` for anything a spec cannot hold.
    """
    explicit = tag is not None and tag != "!"
    if not explicit:
        tag = resolve(yaml.ScalarNode, text, implicit)
    if tag == STR_TAG:
        return text
    if tag == MERGE_TAG:
        return MERGE
    convert = _CONVERTERS.get(tag)
    if convert is None:
        if explicit:
            raise SpecError(foreign_tag_message(tag), location)
        raise SpecError(
            f"YAML reads {quoted(text)} as {_IMPLICIT_KINDS.get(tag, short_tag(tag))}, "
            "which a spec cannot hold; quote it to use it as text",
            location,
        )
    if explicit:
        written_as = resolve(yaml.ScalarNode, text, _PLAIN)
        if written_as != tag and not (tag == _FLOAT_TAG and written_as == _INT_TAG):
            raise SpecError(f"the tag {short_tag(tag)} needs {_TAG_NEEDS[tag]}, got {quoted(text)}", location)
    return convert(text, location)


def _null(text: str, location: Location) -> None:
    return None


def _boolean(text: str, location: Location) -> bool:
    value = BOOLEAN_SPELLINGS.get(text)
    if value is None:
        meaning = "true" if text.lower() in ("yes", "on") else "false"
        raise SpecError(
            f"{quoted(text)} is the boolean {meaning} in YAML 1.1 but text in YAML 1.2 "
            f"(editors checking the JSON Schema); write {meaning}, or quote it if it is text",
            location,
        )
    return value


def _sign_and_rest(text: str) -> tuple[int, str]:
    cleaned = text.replace("_", "")
    if cleaned[:1] in ("-", "+"):
        return (-1 if cleaned[0] == "-" else 1), cleaned[1:]
    return 1, cleaned


def _refuse_base_60(text: str, location: Location) -> None:
    raise SpecError(
        f"{quoted(text)} is a base-60 number in YAML 1.1 but text in YAML 1.2; "
        "write the number in decimal, or quote it if it is text",
        location,
    )


def _no_digits(text: str, location: Location) -> SpecError:
    return SpecError(f"YAML 1.1 reads {quoted(text)} as a number without digits; quote it if it is text", location)


def _integer(text: str, location: Location) -> int:
    sign, digits = _sign_and_rest(text)
    if ":" in digits:
        _refuse_base_60(text, location)
    if digits[:2] == "0b":
        base, digits = 2, digits[2:]
    elif digits[:2] == "0x":
        base, digits = 16, digits[2:]
    elif digits[:1] == "0" and len(digits) > 1:  # YAML 1.1 octal: 017 is 15
        base, digits = 8, digits[1:]
    else:
        base = 10
    if not digits:
        raise _no_digits(text, location)
    significant = digits.lstrip("0") or "0"
    too_many = SpecError(f"integers in a spec have at most {MAX_INTEGER_DIGITS:,} digits", location)
    if len(significant) > _MAX_DIGITS[base]:
        raise too_many
    value = sign * int(significant, base)
    if not -_INTEGER_LIMIT < value < _INTEGER_LIMIT:
        raise too_many
    return value


def _float(text: str, location: Location) -> float:
    sign, rest = _sign_and_rest(text)
    rest = rest.lower()
    if ":" in rest:
        _refuse_base_60(text, location)
    if rest == ".inf":
        return sign * math.inf
    if rest == ".nan":
        return math.nan
    try:
        # Linear in the length, however many digits; an explicit !!float may hold integer text.
        return sign * float(rest)
    except ValueError:
        if not any(char.isdigit() for char in rest):
            raise _no_digits(text, location) from None
        raise SpecError(f"the tag !!float needs {_TAG_NEEDS[_FLOAT_TAG]}, got {quoted(text)}", location) from None


_CONVERTERS: dict[str, Callable[[str, Location], Any]] = {
    _NULL_TAG: _null,
    _BOOL_TAG: _boolean,
    _INT_TAG: _integer,
    _FLOAT_TAG: _float,
}
