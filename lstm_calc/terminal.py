"""Standard output at the edges: a reader that stops early, a full disk, an encoding without
box-drawing characters.

No click here: the command line (lstm_calc.cli) prints the messages and picks the exit
statuses. Importing this module costs nothing: rich is imported only by :func:`rich_console`.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from rich.console import Console

#: How a write to standard output fails when the fault is not lstmcalc's: a full disk or
#: quota, a file-size limit (ulimit -f), a device error, a closed or non-blocking descriptor.
#: Any other OSError stays an internal error: the library turns its own reading errors
#: into located messages, so an unknown one is a bug to report.
_WRITE_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EBADF", "EAGAIN", "EROFS")
    if hasattr(errno, name)
)


def is_broken_pipe(error: BaseException) -> bool:
    """Whether ``error`` says the reader of standard output has gone (``| head``)."""
    return isinstance(error, BrokenPipeError) or (isinstance(error, OSError) and error.errno == errno.EPIPE)


def output_failure(error: BaseException) -> str | None:
    """The one-line message for ``error`` if it is a failure to write standard output, else None.

    A broken pipe is not covered: it is no failure, the reader just stopped (see
    :func:`is_broken_pipe`).
    """
    if isinstance(error, UnicodeEncodeError):
        encoding = getattr(sys.stdout, "encoding", None)
        if not encoding or _codec_name(encoding) != _codec_name(error.encoding):
            return None
        character = ascii(error.object[error.start : error.start + 1])
        return (
            f"lstmcalc: error: cannot write {character} to standard output in its encoding ({encoding}); "
            "set PYTHONIOENCODING=utf-8"
        )
    number = error.errno if isinstance(error, OSError) else None
    if isinstance(error, OSError) and not is_broken_pipe(error) and number is not None and number in _WRITE_ERRNOS:
        return f"lstmcalc: error: cannot write to standard output: {error.strerror or os.strerror(number)}"
    return None


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


@contextmanager
def ending_on_output_failure(status_on_broken_pipe: Callable[[], int], status_on_failure: int) -> Iterator[None]:
    """End the process when writing standard output fails: quietly, with ``status_on_broken_pipe()``
    (the status the command would have had), when the reader stops early (| head); with one line
    on stderr and ``status_on_failure`` when the write fails (a full disk, an encoding without a
    character). What stdout still buffers is written out at the end, so that its failure shows here."""
    try:
        try:
            yield
        finally:
            flush_stdout()
    except (OSError, UnicodeEncodeError) as error:
        message = output_failure(error)
        if message is None and not is_broken_pipe(error):
            raise
        stop_writing()
        if message is None:
            sys.exit(status_on_broken_pipe())
        try:
            if sys.stderr is not None:
                sys.stderr.write(message + "\n")
                sys.stderr.flush()
        except OSError:  # stderr fails too (2>&1): the status still tells
            pass
        sys.exit(status_on_failure)


def stop_writing() -> None:
    """Point standard output at the null device, so that nothing more is written to it.

    After a broken pipe or a failed write, Python's final flush of what is still
    buffered would fail again at exit with a second error (the Python documentation's
    advice in "Note on SIGPIPE").
    """
    try:
        if sys.stdout is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):  # not a real file (tests)
        pass


def stand_in_for_closed_stdout() -> None:
    """When the process started without standard output (``>&-``), make writing to it fail as
    writing to a closed descriptor does, rather than crash on ``None`` or print nowhere."""
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()


class _ClosedOutput(io.TextIOBase):
    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")


def flush_stdout() -> None:
    """Write out what standard output still buffers, so that a failure shows here and not at exit."""
    if sys.stdout is not None:
        sys.stdout.flush()


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal, as rich decides it: the one rule for colour and tables.

    A terminal gets rich's tables in colour (NO_COLOR, which rich reads, takes the
    colour away); anything else gets plain text.
    """
    # rich's own test (TTY_COMPATIBLE, FORCE_COLOR, then isatty), made without importing rich,
    # which a pipe never needs.
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if "FORCE_COLOR" in os.environ:
        return os.environ["FORCE_COLOR"] != ""
    return sys.stdout.isatty()


def ascii_only(stream: object) -> bool:
    """Whether a table written to ``stream`` must be drawn with ASCII rather than box-drawing characters.

    rich's own test (an encoding that is not a UTF), so that the table written without
    rich draws the same characters as rich does.
    """
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return not encoding.lower().startswith("utf")


def rich_console(**options: Any) -> Console:
    """A rich ``Console`` on standard output that raises ``BrokenPipeError`` when the reader goes.

    rich would end the process with exit status 1, which ``check`` uses for "over
    budget"; the command picks the status instead.
    """
    import rich.console

    class PipeConsole(rich.console.Console):
        def on_broken_pipe(self) -> None:
            _raise_broken_pipe()

    return PipeConsole(file=sys.stdout, **options)


def _raise_broken_pipe() -> None:
    raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))
