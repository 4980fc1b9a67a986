"""Reading an input file named on the command line: a regular file only, never past a limit.

A path can name a FIFO (opening it for reading waits for a writer, forever), a device
(``/dev/zero`` never ends, ``/dev/tty`` waits for a person) or a symlink to one. Files,
those named and those ``check`` finds (:mod:`lstm_calc.discovery`), are opened by
:func:`open_found`: without blocking, and refused unless :func:`os.fstat` of the opened
descriptor says regular file, so the test and the read are about the same file.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError

if TYPE_CHECKING:
    from typing import IO

#: Read in pieces this big: a read of the whole limit would allocate all of it up front.
READ_CHUNK = 64 * 1024
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def open_input_file(path: str, what: str, pipes: bool = False) -> IO[bytes]:
    """The regular file at ``path`` opened for binary reading; :class:`SpecError` at its start otherwise.

    ``what`` names the input for a directory: it "is a directory, not a model file". With
    ``pipes``, a pipe (``<(cat spec.yaml)``) is read too.
    """
    at_start = Location(path, 1, 1)
    try:
        refused = leads_out_of_tree(path)
    except OSError as error:
        raise SpecError(f"cannot resolve the path: {error.strerror}", at_start) from None
    if refused:
        raise SpecError(LINK_OUT_OF_TREE, at_start)
    # os.path, not pathlib: pathlib (with urllib and ipaddress) takes 3 ms to import.
    if os.path.isdir(path):
        raise SpecError(f"is a directory, not a {what}", at_start)
    try:
        return open_found(path, None, pipes)
    except SpecError as error:
        if error.location is None:  # what the path is instead of a file: said of the path itself
            error.location = at_start
        raise


#: Why a path is refused that leads out of the current directory through a link.
LINK_OUT_OF_TREE = "leads through a symbolic link to outside the current directory; not followed"
#: Why a configuration file is refused that leads out of its own directory through a link.
LINK_OUT_OF_ITS_DIRECTORY = "leads through a symbolic link to outside its directory; not followed"


def leads_out_of_tree(path: str) -> bool:
    """Whether ``path``, inside the current directory as written, leads outside it through a symbolic link.

    A checkout from a pull request can hold ``model.yaml -> ~/.ssh/id_rsa``: followed, an
    error message would quote the secret. A path written outside the current directory
    (``/models/net.yaml``, ``../net.yaml``) is the user's own choice and is followed.
    Raises ``OSError`` when the current directory or the path cannot be resolved.
    """
    cwd = os.getcwd()
    return within(os.path.abspath(path), cwd) and not within(os.path.realpath(path), cwd)


def within(path: str, root: str) -> bool:
    """Whether the absolute ``path`` is ``root`` or lies under it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


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


def open_found(name: str, identity: tuple[int, int] | None, pipes: bool = False) -> IO[bytes]:
    """Open the regular file found as ``name`` for reading, without ever blocking on a FIFO or device.

    The descriptor is checked again: it must be a regular file, the one found (``identity``).
    With ``pipes``, an anonymous pipe is read too, as ``cat`` reads it: a user's own command
    line may name one (``<(...)`` is /dev/fd/63, a link to ``pipe:[...]``). A named FIFO is
    still refused: with no writer yet it would read as empty, or block.
    """
    try:
        descriptor = os.open(name, _OPEN_FLAGS)
    except FileNotFoundError:
        raise SpecError("no such file", Location(name, 1, 1)) from None
    except OSError as error:
        raise SpecError(f"cannot read the file: {error.strerror}", Location(name, 1, 1)) from None
    try:
        status = os.fstat(descriptor)
        if pipes and stat.S_ISFIFO(status.st_mode) and _is_anonymous_pipe(name):
            os.set_blocking(descriptor, True)
        elif not stat.S_ISREG(status.st_mode):
            raise not_a_file(status.st_mode)
        if identity is not None and file_identity(status) != identity:
            raise SpecError("the file was replaced while lstmcalc checked it; check again")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _is_anonymous_pipe(name: str) -> bool:
    """Whether ``name`` is a process's descriptor for a pipe (/dev/fd/N -> ``pipe:[inode]``)."""
    try:
        return os.readlink(name).startswith("pipe:[")
    except OSError:
        return False


def not_a_file(mode: int) -> SpecError:
    """The error for a path that is no regular file: what it is, and that it was not opened."""
    what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    hint = " (give - to check a spec from standard input)" if stat.S_ISFIFO(mode) else ""
    return SpecError(f"is {what}, not a spec file; not opened{hint}")


def file_identity(status: os.stat_result) -> tuple[int, int]:
    """A file's device and inode: the same file under any name."""
    return (status.st_dev, status.st_ino)


#: Specs are a few lines; refuse to read anything big enough to be a mistake.
MAX_SPEC_BYTES = 8 * 1024 * 1024
STDIN_NAME = "<stdin>"


def read_spec(path: str) -> tuple[str, str]:
    """Read a spec file (``-`` for stdin) and return its text and the name to show in messages."""
    if path == "-":
        name = STDIN_NAME
        if sys.stdin is None:  # started with standard input closed (<&-)
            raise SpecError("standard input is closed", Location(name, 1, 1))
        try:
            raw = read_at_most(sys.stdin.buffer, MAX_SPEC_BYTES + 1)
        except OSError as error:
            raise SpecError(f"cannot read standard input: {error.strerror}", Location(name, 1, 1)) from None
    else:
        name = path
        raw = read_input_bytes(path, MAX_SPEC_BYTES, "spec file")
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
        from lstm_calc.source_lines import line_text, position

        # Everything before the bad byte is good UTF-8, so it locates the byte in characters.
        before = raw[: error.start].decode("utf-8")
        location = Location(name, *position(before, len(before)))
        problem = SpecError("the spec is not UTF-8 text", location)
        problem.source_line = line_text(raw.decode("utf-8", "backslashreplace"), location.line)
        raise problem from None
