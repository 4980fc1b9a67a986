"""Parse JSON text into located data: every mapping, key, value and list item knows its line and column.

Keras writes ``model.to_json()`` on one line, so a location is often line 1 and a large
column; it still points at the exact key or value.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from typing import TYPE_CHECKING

from lstm_calc.arguments import MAX_INTEGER_DIGITS
from lstm_calc.errors import Location, SpecError
from lstm_calc.located import LocatedDict, new_located_dict, new_located_list, put

if TYPE_CHECKING:
    from typing import Any

    # The standard library's JSON string scanner, which typeshed does not declare.
    def scanstring(string: str, end: int, strict: bool = True, /) -> tuple[str, int]: ...

else:
    from json.decoder import scanstring

#: Deeper nesting than this is no model config; it also bounds the parser's stack.
MAX_DEPTH = 200

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?")
_CONSTANTS = (
    ("true", True),
    ("false", False),
    ("null", None),
    ("NaN", math.nan),
    ("Infinity", math.inf),
    ("-Infinity", -math.inf),
)


def load_located_json(text: str, filename: str) -> Any:
    """One JSON document as located data; raise :class:`SpecError` at the position of a syntax error."""
    try:
        # The standard parser checks the syntax and words its errors; the located parse below
        # then only ever sees valid JSON. Integers are not converted here (len stands in):
        # Python refuses one of thousands of digits, and the located parse says where it is.
        json.loads(text, parse_int=len)
    except json.JSONDecodeError as error:
        raise SpecError(f"invalid JSON: {error.msg}", Location(filename, error.lineno, error.colno)) from None
    except RecursionError:
        raise SpecError("the JSON is nested too deeply to be a model", Location(filename, 1, 1)) from None
    return _Parser(text, filename).parse()


class _Parser:
    """A located parse of valid JSON, iterative so that nesting depth never meets Python's recursion limit."""

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def location(self, index: int) -> Location:
        line = bisect.bisect_right(self.line_starts, index)
        return Location(self.filename, line, index - self.line_starts[line - 1] + 1)

    def skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        assert match is not None  # the pattern matches the empty string
        return match.end()

    def parse(self) -> Any:
        text = self.text
        root: list[Any] = []
        open_containers: list[Any] = []
        index = self.skip(0)
        while True:
            key = key_location = None
            if open_containers and isinstance(open_containers[-1], dict):
                key_location = self.location(index)
                key, index = scanstring(text, index + 1)
                index = self.skip(self.skip(index) + 1)  # past the ':'
            location = self.location(index)
            if text[index] in "{[":
                value: Any = new_located_dict(location) if text[index] == "{" else new_located_list(location, [], [])
                index = self.skip(index + 1)
            else:
                value, index = self.scalar(index)
            self.attach(open_containers, root, value, key, key_location, location)
            if isinstance(value, (dict, list)):
                if text[index] not in "}]":
                    if len(open_containers) >= MAX_DEPTH:
                        raise SpecError(f"the JSON is nested more than {MAX_DEPTH} deep", location)
                    open_containers.append(value)
                    continue
                index += 1  # an empty container closes at once
            while True:  # after a value: a comma, or the closing brackets of finished containers
                index = self.skip(index)
                if not open_containers:
                    return root[0]
                if text[index] == ",":
                    index = self.skip(index + 1)
                    break
                open_containers.pop()
                index += 1

    @staticmethod
    def attach(
        open_containers: list[Any],
        root: list[Any],
        value: Any,
        key: Any,
        key_location: Location | None,
        location: Location,
    ) -> None:
        if not open_containers:
            root.append(value)
            return
        parent = open_containers[-1]
        if isinstance(parent, LocatedDict):
            assert key_location is not None  # parse() reads the key of every mapping entry
            put(parent, key, value, key_location, location)
        else:
            parent.append(value)
            parent.item_locations.append(location)

    def scalar(self, index: int) -> tuple[Any, int]:
        text = self.text
        if text[index] == '"':
            return scanstring(text, index + 1)
        for word, value in _CONSTANTS:
            if text.startswith(word, index):
                return value, index + len(word)
        match = _NUMBER.match(text, index)
        assert match is not None  # json.loads has checked the syntax: what is left is a number
        integer, fraction, exponent = match.groups()
        if fraction or exponent:
            return float(match.group()), match.end()
        if len(integer.lstrip("-")) > MAX_INTEGER_DIGITS:
            raise SpecError(f"integers in a spec have at most {MAX_INTEGER_DIGITS:,} digits", self.location(index))
        return int(integer), match.end()
