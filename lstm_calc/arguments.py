"""Declared layer arguments: their names, defaults and the checks Keras applies to their values."""

from __future__ import annotations

import math
from typing import Any, Callable, NamedTuple, Optional

#: A check returns ``None`` for a good value, or what was wrong with it.
Check = Callable[[Any], Optional[str]]

REQUIRED = object()


class Argument(NamedTuple):
    """One keyword argument a layer kind accepts, named as in Keras."""

    name: str
    check: Check
    default: Any = REQUIRED

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


#: Messages quote at most this many characters of a string from the spec.
QUOTE_LIMIT = 60


def quoted(text: str) -> str:
    """``'text'`` as a message quotes a string from the spec: escaped, and cut short when long."""
    if len(text) <= QUOTE_LIMIT:
        return repr(text)
    return f"{text[:QUOTE_LIMIT]!r}... ({len(text):,} characters)"


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return quoted(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, float) and not math.isfinite(value):
        # As YAML writes them: that is how they got into the spec.
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    return str(value)


def is_integer(value: Any) -> bool:
    """A YAML integer; ``true``, ``64.0`` and ``"64"`` are not integers."""
    return isinstance(value, int) and not isinstance(value, bool)


def positive_int(value: Any) -> Optional[str]:
    if is_integer(value) and value > 0:
        return None
    return f"expected a positive integer, got {_describe(value)}"


def optional_positive_int(value: Any) -> Optional[str]:
    return None if value is None else positive_int(value)


def boolean(value: Any) -> Optional[str]:
    return None if isinstance(value, bool) else f"expected true or false, got {_describe(value)}"


def fraction(value: Any) -> Optional[str]:
    """A rate between 0 and 1 inclusive, as Keras's Dropout accepts."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and 0 <= value <= 1:
        return None
    return f"expected a number between 0 and 1, got {_describe(value)}"


def layer_name(value: Any) -> Optional[str]:
    if not isinstance(value, str) or not value or "/" in value:
        return f"expected a non-empty name without '/', got {_describe(value)}"
    return printable_name(value)


def printable_name(value: str) -> Optional[str]:
    """A name is printed in tables and messages: no line breaks, escapes or other control characters."""
    if value.isprintable():
        return None
    return f"expected a name of printable characters (no line breaks or control characters), got {_describe(value)}"


def anything(value: Any) -> Optional[str]:
    """Arguments that change no shape or count (activations, initializers...) are kept as given."""
    return None


def one_of(*choices: str) -> Check:
    def check(value: Any) -> Optional[str]:
        if value in choices:
            return None
        return f"expected one of {', '.join(choices)}, got {_describe(value)}"

    return check


def arguments(*declared: Argument) -> dict[str, Argument]:
    """A name-to-argument table, in declaration order."""
    return {argument.name: argument for argument in declared}


def kept(*names: str) -> tuple[Argument, ...]:
    """Arguments accepted and kept without a check, because they change no shape or count."""
    return tuple(Argument(name, anything, None) for name in names)
