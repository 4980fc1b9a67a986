"""Reading an input file named on the command line: a regular file only, never past a limit.

A path can name a FIFO (opening it for reading waits for a writer, forever), a device
(``/dev/zero`` never ends, ``/dev/tty`` waits for a person) or a symlink to one. Files
are opened as ``check`` opens what it finds (:func:`lstm_calc.discovery.open_found`):
without blocking, and refused unless :func:`os.fstat` of the opened descriptor says
regular file, so the test and the read are about the same file.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from lstm_calc.discovery import open_found
from lstm_calc.errors import Location, SpecError

if TYPE_CHECKING:
    from typing import IO

#: Read in pieces this big: a read of the whole limit would allocate all of it up front.
READ_CHUNK = 64 * 1024


def open_input_file(path: str, what: str, pipes: bool = False) -> IO[bytes]:
    """The regular file at ``path`` opened for binary reading; :class:`SpecError` at its start otherwise.

    ``what`` names the input for a directory: it "is a directory, not a model file". With
    ``pipes``, a pipe (``<(cat spec.yaml)``) is read too.
    """
    at_start = Location(path, 1, 1)
    # os.path, not pathlib: pathlib (with urllib and ipaddress) takes 3 ms to import.
    if os.path.isdir(path):
        raise SpecError(f"is a directory, not a {what}", at_start)
    try:
        return open_found(path, None, pipes)
    except SpecError as error:
        if error.location is None:  # what the path is instead of a file: said of the path itself
            error.location = at_start
        raise


def read_at_most(stream: IO[bytes], limit: int) -> bytes:
    """The first ``limit`` bytes of ``stream`` (all of it if shorter), read a chunk at a time."""
    chunks = []
    size = 0
    while size < limit:
        chunk = stream.read(min(READ_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_input_bytes(path: str, limit: int, what: str) -> bytes:
    """At most ``limit + 1`` bytes of the regular file or pipe at ``path``: more than ``limit`` means too big.

    Raises :class:`SpecError` (see :func:`open_input_file`) for anything else, or what cannot be read.
    """
    with open_input_file(path, what, pipes=True) as handle:
        return read_opened(handle, limit, path)


def read_opened(handle: IO[bytes], limit: int, path: str) -> bytes:
    """At most ``limit + 1`` bytes of the input ``path`` opened as ``handle``; a failed read
    (a disk error, a file on a vanished mount) is a :class:`SpecError` at its start."""
    try:
        return read_at_most(handle, limit + 1)
    except OSError as error:
        raise SpecError(f"cannot read the file: {error.strerror}", Location(path, 1, 1)) from None
