"""The Keras 3 summary table, drawn with rich exactly as ``model.summary()`` draws it.

Without colour, and when every cell fits on one line, the same characters are written
directly: Keras's columns have fixed widths, so each row is a pure function of its
three texts, and rich's general layout (measuring, wrapping, splitting into styled
segments: about 0.4 ms a row, and several ms to warm up) is not needed. Anything
else (colour, a cell that wraps, a name rich's markup or emoji codes could touch)
is drawn by rich. tests/test_table.py holds the two to the same output.
"""

from __future__ import annotations

import re
from typing import Optional

import rich.console
import rich.markup
import rich.table

from lstm_calc.render.totals import total_lines
from lstm_calc.shapes import format_shapes
from lstm_calc.summary import ModelSummary

#: Keras's layout for a sequential model: 88 columns at most, split at 45% and 80%.
DEFAULT_LINE_LENGTH = 88
COLUMN_POSITIONS = (0.45, 0.80, 1.0)
#: Below this the columns get too narrow to read; Keras raises an error instead.
MIN_LINE_LENGTH = 40


def line_length_for(terminal_columns: int) -> int:
    """Keras's rule: 88 columns, or the terminal's width less 4 when that is narrower."""
    return max(MIN_LINE_LENGTH, min(DEFAULT_LINE_LENGTH, terminal_columns - 4))


def _number(value: object) -> str:
    # Keras's colours: 45 for None, 34 for numbers; they vanish without a colour terminal.
    return f"[color(45)]{value}[/]" if value is None else f"[color(34)]{value}[/]"


def _column_widths(line_length: int) -> list[int]:
    widths = []
    current = 0
    for position in COLUMN_POSITIONS:
        widths.append(int(position * line_length) - current)
        current += widths[-1]
    return widths


def render_table(summary: ModelSummary, console: rich.console.Console, line_length: int) -> None:
    """Print the summary on ``console``: model name, the layer table and the three totals."""
    plain = _plain_text(summary, console, line_length) if console.color_system is None else None
    if plain is None:
        render_rich_table(summary, console, line_length)
    else:
        console.file.write(plain)


def render_rich_table(summary: ModelSummary, console: rich.console.Console, line_length: int) -> None:
    """:func:`render_table`, always drawn by rich."""
    widths = _column_widths(line_length)
    table = rich.table.Table(
        rich.table.Column("Layer (type)", justify="left", width=widths[0]),
        rich.table.Column("Output Shape", justify="left", width=widths[1]),
        rich.table.Column("Param #", justify="right", width=widths[2]),
        width=line_length,
        show_lines=True,
    )
    for layer in summary.layers:
        name = f"{rich.markup.escape(layer.name)} ([color(33)]{layer.type}[/])"
        table.add_row(name, format_shapes(layer.output_shape, _number), _number(f"{layer.params:,}"))
    console.print(f'[bold]Model: "{rich.markup.escape(summary.name)}"[/]')
    console.print(table)
    for label, count, size in total_lines(summary):
        console.print(f"[bold] {label}: [/]" + _number(count) + f" ({size})")


#: Names written as they are by rich: no markup brackets, emoji codes (:smile:), escapes or spaces.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.\-]+")
_HEADER = ("Layer (type)", "Output Shape", "Param #")


def _cell_widths(line_length: int) -> list[int]:
    """The text width of each column, as rich lays out Keras's fixed widths within ``line_length``."""
    # Each column is its width plus one space of padding either side; rich takes what
    # the four borders need from the columns evenly, in order, rounding halves to even.
    widths = [width + 2 for width in _column_widths(line_length)]
    excess = sum(widths) - (line_length - 4)
    if excess > 0:
        remaining = len(widths)
        for index, width in enumerate(widths):
            taken = min(width, round(excess / remaining))
            widths[index] = width - taken
            excess -= taken
            remaining -= 1
    return [width - 2 for width in widths]


def _plain_text(summary: ModelSummary, console: rich.console.Console, line_length: int) -> Optional[str]:
    """The whole summary as rich would print it without colour, or None if a cell would wrap."""
    widths = _cell_widths(line_length)
    rows = [
        (f"{layer.name} ({layer.type})", format_shapes(layer.output_shape), f"{layer.params:,}")
        for layer in summary.layers
    ]
    if not all(_PLAIN_NAME.fullmatch(name) for name in (summary.name, *(layer.name for layer in summary.layers))):
        return None
    if not all(len(cell) <= width for row in (_HEADER, *rows) for cell, width in zip(row, widths)):
        return None
    model_line = f'Model: "{summary.name}"'
    totals = [f" {label}: {count} ({size})" for label, count, size in total_lines(summary)]
    if max(len(line) for line in (model_line, *totals)) > console.width:
        return None

    def line(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (width + 2) for width in widths) + right

    def row(cells: tuple[str, str, str], edge: str) -> str:
        name, shape, params = cells
        return (
            f"{edge} {name:<{widths[0]}} {edge} {shape:<{widths[1]}} {edge} {params:>{widths[2]}} {edge}"
        )

    separator = "\n" + line("├", "─", "┼", "┤") + "\n"
    return "\n".join(
        [
            model_line,
            line("┏", "━", "┳", "┓"),
            row(_HEADER, "┃"),
            line("┡", "━", "╇", "┩"),
            separator.join(row(cells, "│") for cells in rows),
            line("└", "─", "┴", "┘"),
            *totals,
        ]
    ) + "\n"
