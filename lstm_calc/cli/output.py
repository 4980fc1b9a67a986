"""How the ``lstmcalc`` commands end and print: library errors as messages, failing standard
output, check's coloured table. The exit codes are :mod:`lstm_calc.exits`'s; the terminal's width
and summary's tables are :mod:`lstm_calc.summary_output`'s.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from lstm_calc import terminal
from lstm_calc.exits import EXIT_BAD_INPUT, EXIT_INTERNAL_ERROR

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType
    from typing import Literal

    from lstm_calc.budget import CheckReport


def print_check_table(report: CheckReport) -> None:
    """Print ``check``'s report as a coloured table, for a terminal."""
    from lstm_calc.render.check_table import render_check_table

    render_check_table(report, terminal.rich_console(highlight=False, force_terminal=True))


@contextmanager
def output_errors(context: click.Context | None) -> Iterator[None]:
    """End the command when standard output fails: quietly, with the status the command would
    have had (check's verdict), when the reader stops early (| head); with one line on stderr
    and exit status 2 when the write fails (a full disk, an encoding without a character)."""

    def status_on_broken_pipe() -> int:
        return int((context.obj or {}).get("status_on_broken_pipe", 0)) if context else 0

    with terminal.ending_on_output_failure(status_on_broken_pipe, EXIT_BAD_INPUT):
        yield


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Keep Python's cycle collector off while the command works, and restore it after."""
    # The work builds acyclic data: the cycle collector would only rescan everything a
    # big spec allocates, several times over (a third of the time for 100,000 layers).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class reported_errors:
    """Turn library errors into a message on stderr and an exit code; never show a traceback for them."""

    def __init__(self, context: click.Context) -> None:
        self.debug = bool(context.obj and context.obj.get("debug"))

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> Literal[False]:
        if error is None or isinstance(error, (click.exceptions.Exit, click.ClickException, click.Abort)):
            return False
        if terminal.is_broken_pipe(error) or terminal.output_failure(error):
            return False  # for output_errors, around every command
        from lstm_calc.errors import SpecError, printable

        if isinstance(error, SpecError):
            click.echo(str(error), err=True)
            if sys.stderr.isatty() and error.excerpt():
                click.echo(error.excerpt(), err=True)
            sys.exit(EXIT_BAD_INPUT)
        if isinstance(error, (KeyboardInterrupt, SystemExit)) or self.debug:
            return False
        click.echo(
            f"lstmcalc: internal error: {type(error).__name__}: {printable(str(error))}. This is a bug in lstmcalc; "
            "please report it on the lstmcalc issue tracker with the spec (--debug shows the traceback).",
            err=True,
        )
        sys.exit(EXIT_INTERNAL_ERROR)


def write_output(text: str, output: str | None) -> None:
    """Write ``text`` to the file ``output`` (``-o``), or to standard output when it is None."""
    if output is None:
        click.echo(text, nl=False)
        return
    if not output:  # -o '' (an unset shell variable): no file, and no location to name
        raise click.BadParameter("needs a file name, not an empty one", param_hint="'-o' / '--output'")
    from lstm_calc.errors import Location, SpecError
    from lstm_calc.output_files import write_file

    try:
        write_file(output, text)
    except OSError as error:
        raise SpecError(f"cannot write the file: {error.strerror}", Location(output, 1, 1)) from None
