"""How the ``lstmcalc`` commands end and print: exit codes, library errors as messages,
failing standard output, the terminal's width and the tables.

Exit codes: 0 success, 1 a spec over its budget (``check``) or a count no known mistake
explains (``why``), 2 a bad spec or bad usage, 3 an internal error (a bug in lstmcalc).
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from lstm_calc import terminal

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType
    from typing import Literal

    from lstm_calc.budget import CheckReport
    from lstm_calc.stats import ModelStats
    from lstm_calc.summary import ModelSummary

EXIT_OVER_BUDGET = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3


def print_check_table(report: CheckReport) -> None:
    """Print ``check``'s report as a coloured table, for a terminal."""
    from lstm_calc.render.check_table import render_check_table

    render_check_table(report, terminal.rich_console(highlight=False, force_terminal=True))


def print_table(
    result: ModelSummary,
    stats: ModelStats | None = None,
    table_columns: tuple[str, ...] | None = None,
    line_length: int | None = None,
) -> None:
    """Print ``summary``'s table as wide as the terminal (or the table) is: plain text where
    standard output is no terminal, else through rich (in colour, unless NO_COLOR is set).

    ``table_columns`` (keys of :mod:`lstm_calc.render.summary_columns`, None for Keras's)
    and ``line_length`` (``--line-length``; by default Keras's for the terminal) shape it."""
    from lstm_calc.render.table import line_length_for, plain_table

    columns = terminal_columns()
    line_length = line_length or line_length_for(columns, result, table_columns)
    width = max(columns, line_length)
    if not terminal.stdout_is_terminal():
        text = plain_table(
            result, width, line_length, stats, ascii_only=terminal.ascii_only(sys.stdout), columns=table_columns
        )
        if text is not None:
            sys.stdout.write(text)
            return
    from lstm_calc.render.table import render_table

    console = terminal.rich_console(highlight=False, width=width)
    render_table(result, console, line_length, stats, table_columns)


def terminal_columns() -> int:
    """The width to print for: COLUMNS, else the terminal's width, else 80."""
    # shutil.get_terminal_size()'s rule without importing shutil, which brings bz2, lzma and
    # fnmatch: 5 ms of a table's start-up.
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        # sys.__stdout__ is None when Python starts without one: then there is no terminal.
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


@contextmanager
def output_errors(context: click.Context | None) -> Iterator[None]:
    """End the command when standard output fails: quietly, with the status the command would
    have had (check's verdict), when the reader stops early (| head); with one line on stderr
    and exit status 2 when the write fails (a full disk, an encoding without a character)."""
    try:
        try:
            yield
        finally:
            terminal.flush_stdout()
    except (OSError, UnicodeEncodeError) as error:
        message = terminal.output_failure(error)
        if message is None and not terminal.is_broken_pipe(error):
            raise
        terminal.stop_writing()
        if message is None:
            sys.exit((context.obj or {}).get("status_on_broken_pipe", 0) if context else 0)
        try:
            click.echo(message, err=True)
        except OSError:  # stderr fails too (2>&1): the status still tells
            pass
        sys.exit(EXIT_BAD_INPUT)


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
