"""``check``'s defaults from ``[tool.lstmcalc]`` in the nearest ``pyproject.toml``, as ruff reads ``[tool.ruff]``.

The search starts in the current directory and goes up to the file system's root; the
first ``pyproject.toml`` with a ``[tool.lstmcalc]`` table is read, and the others are
passed by (most projects have a ``pyproject.toml`` and no such table). Its keys:

- ``paths``: the PATHs to check when the command line gives none, relative to the
  ``pyproject.toml``'s directory and held to it (no absolute path, no ``..`` out of it);
- ``max-params``: ``--max-params``;
- ``format``: ``--format``.

Options on the command line win. An unknown key or a wrong value is a located error
in ``pyproject.toml``. TOML is read with :mod:`tomllib` (Python 3.11+), or on Python
3.10 with ``tomli`` where it is installed (the ``toml`` extra); on Python 3.10 without
it, a ``[tool.lstmcalc]`` table is an error that says so, and a ``pyproject.toml``
without one is passed by as usual.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, NamedTuple

PYPROJECT = "pyproject.toml"
TABLE = "[tool.lstmcalc]"
KEYS = ("paths", "max-params", "format")
#: A pyproject.toml is a few kilobytes; one bigger than this is not read.
MAX_PYPROJECT_BYTES = 1024 * 1024
# What TOML lets a header or a key be spaced or quoted with, left out to compare names.
_SPACING = re.compile(r'[ \t"\']')

if TYPE_CHECKING:

    class _CheckDefaults(NamedTuple):
        file: str
        paths: tuple[str, ...]
        max_params: int | None
        format: str | None

else:
    _CheckDefaults = record("CheckDefaults", ("file", "paths", "max_params", "format"))


class CheckDefaults(_CheckDefaults):
    """What ``[tool.lstmcalc]`` sets: the ``file`` read (as a path from the current directory),
    ``paths`` (from the current directory too; empty when unset), ``max_params`` and ``format``
    (``None`` when unset)."""

    __slots__ = ()


def find_check_defaults(formats: Sequence[str], start: str = ".") -> CheckDefaults | None:
    """The defaults of the nearest ``pyproject.toml`` above ``start`` with a ``[tool.lstmcalc]``
    table, or ``None``; ``formats`` are the values ``format`` may take."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, PYPROJECT)
        if os.path.lexists(candidate):
            shown = os.path.relpath(candidate, start)
            text = _read(candidate, shown)
            line = _table_line(text)
            defaults = _defaults(text, shown, formats, line) if line is not None else None
            if defaults is not None:
                return defaults
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _table_line(text: str) -> int | None:
    """The line that starts ``[tool.lstmcalc]``: its header, or the first key that sets it with dotted
    keys (``lstmcalc.max-params = 9`` under ``[tool]``, ``tool.lstmcalc.paths = [...]``); None where no
    line does, and the file is passed by without parsing it (most have no such table)."""
    if "lstmcalc" not in text:
        return None
    section = ""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" \t")
        if stripped.startswith("["):
            section = _SPACING.sub("", stripped.partition("]")[0].lstrip("["))
            name = section
        elif "lstmcalc" in line and "=" in line:
            key = _SPACING.sub("", line.partition("=")[0])
            name = f"{section}.{key}" if section else key
        else:
            continue
        if name == "tool.lstmcalc" or name.startswith("tool.lstmcalc."):
            return number
    return None


def _read(path: str, shown: str) -> str:
    # A tree anyone can push may hold a pyproject.toml that is a FIFO, or a link to a device:
    # opened as check opens a spec, without blocking, and read only if it is a regular file.
    import stat

    from lstm_calc.files import LINK_OUT_OF_ITS_DIRECTORY, open_found, read_opened, within

    try:
        if not within(os.path.realpath(path), os.path.realpath(os.path.dirname(os.path.abspath(path)))):
            raise SpecError(LINK_OUT_OF_ITS_DIRECTORY, Location(shown, 1, 1))
        mode = os.stat(path).st_mode
    except OSError as error:
        raise SpecError(f"cannot read the file: {error.strerror}", Location(shown, 1, 1)) from None
    if not stat.S_ISREG(mode):
        raise SpecError("is not a regular file; not opened", Location(shown, 1, 1))
    try:
        with open_found(path, None) as handle:
            raw = read_opened(handle, MAX_PYPROJECT_BYTES, shown)
    except SpecError as error:
        raise SpecError(error.message, Location(shown, 1, 1)) from None
    if len(raw) > MAX_PYPROJECT_BYTES:
        raise SpecError("the file is larger than 1 MiB; is it a pyproject.toml?", Location(shown, 1, 1))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecError("the file is not UTF-8 text", Location(shown, 1, 1)) from None


def _defaults(text: str, shown: str, formats: Sequence[str], header_line: int) -> CheckDefaults | None:
    tool = _parse(text, shown, header_line).get("tool")
    if not isinstance(tool, dict) or "lstmcalc" not in tool:
        return None  # the line named it inside a string: no table after all
    table = tool["lstmcalc"]
    if not isinstance(table, dict):
        raise SpecError("tool.lstmcalc must be a table", Location(shown, header_line, 1))
    for key in table:
        if key not in KEYS:
            raise SpecError(
                f"unknown key {key!r} in {TABLE}; it takes {', '.join(KEYS)}",
                _key_location(text, shown, header_line, key),
            )
    paths = table.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(path, str) and path for path in paths):
        raise SpecError(
            'paths must be a list of paths, e.g. paths = ["specs"]', _key_location(text, shown, header_line, "paths")
        )
    # The file comes with the tree, as the specs do: its paths are held to its own directory.
    for path in paths:
        if "\0" in path:
            raise SpecError(
                f"{path!r} holds a NUL character, which no path can", _key_location(text, shown, header_line, "paths")
            )
        inside = os.path.normpath(path)
        if os.path.isabs(path) or inside == ".." or inside.startswith(".." + os.sep):
            raise SpecError(
                f"paths are held to the directory of pyproject.toml; {path!r} leaves it",
                _key_location(text, shown, header_line, "paths"),
            )
    max_params = table.get("max-params")
    if max_params is not None and (isinstance(max_params, bool) or not isinstance(max_params, int) or max_params < 1):
        raise SpecError(
            f"max-params must be a whole number of at least 1, got {max_params!r}",
            _key_location(text, shown, header_line, "max-params"),
        )
    output_format = table.get("format")
    if output_format is not None and output_format not in formats:
        raise SpecError(
            f"format must be one of {', '.join(formats)}, got {output_format!r}",
            _key_location(text, shown, header_line, "format"),
        )
    base = os.path.dirname(shown)
    return CheckDefaults(
        shown, tuple(os.path.normpath(os.path.join(base, path)) for path in paths), max_params, output_format
    )


def _parse(text: str, shown: str, header_line: int) -> dict[str, Any]:
    from importlib import import_module

    # By name: the type checker checks for Python 3.10, which has no tomllib.
    try:
        tomllib = import_module("tomllib")
    except ImportError:  # Python 3.10
        try:
            tomllib = import_module("tomli")
        except ImportError:
            raise SpecError(
                f"reading {TABLE} on Python 3.10 needs the tomli package: pip install 'lstmcalc[toml]' "
                "(or use Python 3.11 or later)",
                Location(shown, header_line, 1),
            ) from None
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib writes where: "Invalid value (at line 3, column 14)".
        match = re.search(r"\(at line (\d+), column (\d+)\)$", str(error))
        location = Location(shown, int(match[1]), int(match[2])) if match else Location(shown, 1, 1)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(error))
        raise SpecError(f"invalid TOML: {message}", location) from None
    return document


def _key_location(text: str, shown: str, header_line: int, key: str) -> Location:
    """Where ``key = ...`` is written in the table after its header (the header itself if not found)."""
    lines = text.splitlines()
    pattern = rf'[ \t]*(["\']?){re.escape(key)}\1[ \t]*='
    for number in range(header_line, len(lines)):
        line = lines[number]
        if line.lstrip().startswith("["):
            break
        match = re.match(pattern, line)
        if match:
            return Location(shown, number + 1, len(line) - len(line.lstrip()) + 1)
    return Location(shown, header_line, 1)
