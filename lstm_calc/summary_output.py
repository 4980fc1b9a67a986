"""How ``lstmcalc summary`` prints its tables, without click: plain text where standard output is
no terminal, rich's tables where it is one, and torchinfo's table. The command line
(:mod:`lstm_calc.cli`) and the quick summary of :mod:`lstm_calc.launcher` both print through here."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from lstm_calc import terminal

if TYPE_CHECKING:
    from lstm_calc.stats import ModelStats
    from lstm_calc.summary import ModelSummary


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


def _table_width(
    result: ModelSummary, table_columns: tuple[str, ...] | None, line_length: int | None
) -> tuple[int, int]:
    """The width to print ``summary``'s table in, and its line length: ``--line-length``, else Keras's
    for the terminal."""
    from lstm_calc.render.table import line_length_for

    columns = terminal_columns()
    line_length = line_length or line_length_for(columns, result, table_columns)
    return max(columns, line_length), line_length


def _plain_table_text(
    result: ModelSummary,
    stats: ModelStats | None = None,
    table_columns: tuple[str, ...] | None = None,
    line_length: int | None = None,
) -> str | None:
    """``summary``'s table as plain text where standard output is no terminal; None where rich
    prints it (a terminal, or a table that plain text cannot draw as rich does)."""
    if terminal.stdout_is_terminal():
        return None
    from lstm_calc.render.table import plain_table

    width, line_length = _table_width(result, table_columns, line_length)
    return plain_table(
        result, width, line_length, stats, ascii_only=terminal.ascii_only(sys.stdout), columns=table_columns
    )


def torchinfo_text(result: ModelSummary, depth: int | None, columns: tuple[str, ...]) -> str:
    """torchinfo's text for ``result`` at ``depth`` (torchinfo's default where None), with torchinfo's
    ``columns``: the same text on a terminal or not, in ASCII where the output cannot take box drawing."""
    from lstm_calc.render.torchinfo_table import DEFAULT_DEPTH, render_torchinfo

    return render_torchinfo(result, DEFAULT_DEPTH if depth is None else depth, columns, terminal.ascii_only(sys.stdout))


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
    text = _plain_table_text(result, stats, table_columns, line_length)
    if text is not None:
        sys.stdout.write(text)
        return
    from lstm_calc.render.table import render_table

    width, line_length = _table_width(result, table_columns, line_length)
    console = terminal.rich_console(highlight=False, width=width)
    render_table(result, console, line_length, stats, table_columns)
