"""Errors the library raises; the command line turns them into messages and exit codes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lstm_calc.records import record

if TYPE_CHECKING:
    from typing import NamedTuple

# The type checker reads the fields' types from a typing.NamedTuple; at run time the record
# is a named tuple from lstm_calc.records with the same fields, which is quicker to define (this module is
# imported at every start). tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:

    class _Location(NamedTuple):
        file: str
        line: int
        column: int

else:
    _Location = record("Location", ("file", "line", "column"))


class Location(_Location):
    """A 1-based position in a spec file: ``file`` (a name for messages), ``line`` and ``column``.

    A named tuple rather than a dataclass: a big spec has a Location for every key
    and value, and tuples are the smallest and quickest to create.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class SpecError(Exception):
    """A spec that cannot be summarised: bad YAML, a bad value, or a model Keras would refuse.

    ``location`` points at the offending key, value or layer; ``path`` names it the
    way a reader finds it in the spec (``layers[2].units``). ``source_line`` is the
    text of the spec line at ``location``, when the spec text is at hand.
    """

    def __init__(self, message: str, location: Location | None = None, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.path = path
        self.source_line: str | None = None

    def __str__(self) -> str:
        """``FILE:LINE:COL: error: MESSAGE`` on one line, whatever the spec's text holds."""
        where = f"{printable(str(self.location))}: " if self.location else ""
        return f"{where}error: {_shorten_long_words(printable(self.message))}"

    def excerpt(self) -> str:
        """The spec line at the error and a caret under its column, gcc style, or ``""``.

        For people at a terminal; pipes and CI logs get the one line of ``str(error)``.
        """
        if self.location is None or not self.source_line or not self.source_line.strip():
            return ""
        shown, caret = _window(self.source_line, self.location.column)
        gutter = str(self.location.line)
        blank = " " * len(gutter)
        return f" {gutter} | {shown}\n {blank} | {' ' * caret}^"


#: A message quotes names and values from the spec; past this, a run without spaces is cut in its middle.
LONG_WORD = 200
_LONG_WORD = rf"\S{{{LONG_WORD + 1},}}"
#: How many characters of a long source line an excerpt shows around the column.
EXCERPT_CHARACTERS = 100


def printable(text: str) -> str:
    """``text`` with every character a terminal acts on (newline, escape, bidi control...) escaped.

    A spec can put any character in a name through YAML's ``"\\x1b"`` escapes; an error
    message must stay one inert line on the terminal that shows it.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _shorten_long_words(message: str) -> str:
    def shorten(match: re.Match[str]) -> str:
        word = match.group()
        return f"{word[: LONG_WORD // 2]}...{word[-LONG_WORD // 4 :]}"

    return re.sub(_LONG_WORD, shorten, message)


def _window(line: str, column: int) -> tuple[str, int]:
    """The part of ``line`` to show around ``column`` and the caret's offset in it, in terminal cells."""
    index = min(max(column - 1, 0), len(line))
    start = max(0, min(index - EXCERPT_CHARACTERS // 2, len(line) - EXCERPT_CHARACTERS))
    end = start + EXCERPT_CHARACTERS
    before = ("..." if start else "") + _cells(line[start:index], 3 if start else 0)
    caret = _width(before)
    after = _cells(line[index:end], caret) + ("..." if end < len(line) else "")
    return before + after, caret


def _cells(text: str, offset: int) -> str:
    """``text`` as shown: tabs expanded to the next multiple of 8 from ``offset``, control characters escaped."""
    if "\t" not in text:
        return printable(text)
    shown = ""
    for part in re.split(r"(\t)", text):
        if part == "\t":
            shown += " " * (8 - (offset + _width(shown)) % 8)
        else:
            shown += printable(part)
    return shown


def _width(text: str) -> int:
    """How many terminal cells ``text`` takes: East Asian wide characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text
    )
