"""Errors the library raises; the command line turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A 1-based position in a spec file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class SpecError(Exception):
    """A spec that cannot be summarised: bad YAML, a bad value, or a model Keras would refuse.

    ``location`` points at the offending key, value or layer; ``path`` names it the
    way a reader finds it in the spec (``layers[2].units``).
    """

    def __init__(self, message: str, location: Location | None = None, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.path = path

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}error: {self.message}"
