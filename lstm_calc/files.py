"""Opening and reading input files: regular files only, and never more than a limit.

A path can name a FIFO (opening it for reading waits for a writer, forever), a device
(``/dev/zero`` never ends, ``/dev/tty`` waits for a person) or a symlink to one; each
is refused by what :func:`os.fstat` says of the opened file, so the test and the read
are about the same file.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from lstm_calc.errors import Location, SpecError

#: Read in pieces this big: a read of the whole limit would allocate all of it up front.
READ_CHUNK = 64 * 1024
#: What a path can be other than a regular file or a directory, for messages.
_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# Opening a FIFO without O_NONBLOCK waits for a writer; on a regular file the flag does nothing.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def open_input_file(path: str, what: str) -> BinaryIO:
    """The regular file at ``path`` opened for binary reading; :class:`SpecError` for anything else.

    ``what`` names the input in messages (``spec file``, ``model file``): a directory
    "is a directory, not a spec file".
    """
    at_start = Location(path, 1, 1)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise SpecError("no such file", at_start) from None
    except IsADirectoryError:
        raise SpecError(f"is a directory, not a {what}", at_start) from None
    except OSError as error:
        raise SpecError(f"cannot read the file: {error.strerror}", at_start) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise SpecError(f"is a directory, not a {what}", at_start)
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
            raise SpecError(f"is {kind}, not a {what}; lstmcalc reads regular files only", at_start)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
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
    """At most ``limit + 1`` bytes of the regular file at ``path``: more than ``limit`` means too big.

    Raises :class:`SpecError` (see :func:`open_input_file`) for anything but a readable regular file.
    """
    with open_input_file(path, what) as handle:
        try:
            return read_at_most(handle, limit + 1)
        except OSError as error:
            raise SpecError(f"cannot read the file: {error.strerror}", Location(path, 1, 1)) from None
