"""The library's entry points: from spec text or a file to a :class:`ModelSummary`."""

from __future__ import annotations

import os
import sys

from lstm_calc.errors import Location, SpecError
from lstm_calc.graph import chain, infer
from lstm_calc.source import line_text, load_spec_text, position
from lstm_calc.spec import parse_model_spec
from lstm_calc.summary import ModelSummary

#: Specs are a few lines; refuse to read anything big enough to be a mistake.
MAX_SPEC_BYTES = 8 * 1024 * 1024
STDIN_NAME = "<stdin>"


def summarize_text(text: str, filename: str = STDIN_NAME) -> ModelSummary:
    """Summarise a spec given as YAML text; ``filename`` is only used in error locations.

    A :class:`SpecError` carries the text of the spec line it points at, for display.
    """
    try:
        data = load_spec_text(text, filename)
        return infer(chain(parse_model_spec(data, filename)))
    except SpecError as error:
        if error.location is not None and error.location.file == filename and error.source_line is None:
            error.source_line = line_text(text, error.location.line)
        raise


def read_spec(path: str) -> tuple[str, str]:
    """Read a spec file (``-`` for stdin) and return its text and the name to show in messages."""
    if path == "-":
        raw = sys.stdin.buffer.read(MAX_SPEC_BYTES + 1)
        name = STDIN_NAME
    else:
        name = path
        try:
            # os.path, not pathlib: pathlib (with urllib and ipaddress) takes 3 ms to import.
            if os.path.isdir(path):
                raise SpecError("is a directory, not a spec file", Location(name, 1, 1))
            with open(path, "rb") as handle:
                raw = handle.read(MAX_SPEC_BYTES + 1)
        except FileNotFoundError:
            raise SpecError("no such file", Location(name, 1, 1)) from None
        except OSError as error:
            raise SpecError(f"cannot read the file: {error.strerror}", Location(name, 1, 1)) from None
    return decode_spec(raw, name), name


def decode_spec(raw: bytes, name: str) -> str:
    """The text of a spec read as bytes: at most 8 MiB of UTF-8, with or without a byte order mark."""
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError(
            f"the spec is larger than {MAX_SPEC_BYTES // (1024 * 1024)} MiB; is this the right file?",
            Location(name, 1, 1),
        )
    # Dropping the byte order mark by hand spares importing the utf-8-sig codec.
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        # Everything before the bad byte is good UTF-8, so it locates the byte in characters.
        before = raw[: error.start].decode("utf-8")
        problem = SpecError("the spec is not UTF-8 text", Location(name, *position(before, len(before))))
        problem.source_line = line_text(raw.decode("utf-8", "backslashreplace"), problem.location.line)
        raise problem from None


def summarize_file(path: str) -> ModelSummary:
    """Summarise the spec at ``path`` (``-`` for stdin)."""
    text, name = read_spec(path)
    return summarize_text(text, name)
