"""The Keras 3 summary table, drawn with rich exactly as ``model.summary()`` draws it."""

from __future__ import annotations

from typing import Optional

import rich.console
import rich.markup
import rich.table

from lstm_calc.render.totals import total_lines
from lstm_calc.shapes import format_shapes
from lstm_calc.stats import ModelStats
from lstm_calc.summary import LayerSummary, ModelSummary

#: Keras's layout for a sequential model: 88 columns at most, split at 45% and 80%.
DEFAULT_LINE_LENGTH = 88
COLUMN_POSITIONS = (0.45, 0.80, 1.0)
#: ... and for a functional model with the Connected to column: 108 columns.
GRAPH_LINE_LENGTH = 108
GRAPH_COLUMN_POSITIONS = (0.3, 0.56, 0.74, 1.0)
#: With ``--stats``, a MACs column joins them (Keras has no such column; these are lstmcalc's).
STATS_COLUMN_POSITIONS = (0.38, 0.65, 0.82, 1.0)
GRAPH_STATS_COLUMN_POSITIONS = (0.25, 0.45, 0.58, 0.72, 1.0)
#: Below this the columns get too narrow to read; Keras raises an error instead.
MIN_LINE_LENGTH = 40


def line_length_for(terminal_columns: int, summary: Optional[ModelSummary] = None) -> int:
    """Keras's rule: 88 columns (108 with Connected to), or the terminal's width less 4 when narrower."""
    default = DEFAULT_LINE_LENGTH if summary is None or summary.sequential_like else GRAPH_LINE_LENGTH
    return max(MIN_LINE_LENGTH, min(default, terminal_columns - 4))


def _number(value: object) -> str:
    # Keras's colours: 45 for None, 34 for numbers; they vanish without a colour terminal.
    return f"[color(45)]{value}[/]" if value is None else f"[color(34)]{value}[/]"


def _connections(layer: LayerSummary) -> str:
    if not layer.connected_to:
        return "-"
    return ", ".join(
        f"{rich.markup.escape(c.layer)}[{_number(c.node_index)}][{_number(c.tensor_index)}]" for c in layer.connected_to
    )


def render_table(
    summary: ModelSummary, console: rich.console.Console, line_length: int, stats: Optional[ModelStats] = None
) -> None:
    """Print the summary on ``console``: model name, the layer table and the three totals.

    A graph that is not a plain chain gets Keras's Connected to column. With ``stats``
    (``--stats``), a MACs column and torchinfo's figures under the totals.
    """
    graph = not summary.sequential_like
    if graph:
        positions = GRAPH_STATS_COLUMN_POSITIONS if stats else GRAPH_COLUMN_POSITIONS
    else:
        positions = STATS_COLUMN_POSITIONS if stats else COLUMN_POSITIONS
    widths = []
    current = 0
    for position in positions:
        widths.append(int(position * line_length) - current)
        current += widths[-1]
    columns = [
        rich.table.Column("Layer (type)", justify="left", width=widths[0]),
        rich.table.Column("Output Shape", justify="left", width=widths[1]),
        rich.table.Column("Param #", justify="right", width=widths[2]),
    ]
    if stats:
        # Four or five columns are narrow: a long count folds onto a second line rather than losing digits.
        columns[2].overflow = "fold"
        columns.append(rich.table.Column("MACs", justify="right", width=widths[3], overflow="fold"))
    if graph:
        columns.append(rich.table.Column("Connected to", justify="left", width=widths[-1]))
    table = rich.table.Table(*columns, width=line_length, show_lines=True)
    for layer in summary.layers:
        name = f"{rich.markup.escape(layer.name)} ([color(33)]{layer.type}[/])"
        cells = [name, format_shapes(layer.output_shape, _number), _number(f"{layer.params:,}")]
        if stats:
            from lstm_calc.render.stats_text import macs_cell

            cells.append(_number(macs_cell(layer.macs)))
        if graph:
            cells.append(_connections(layer))
        table.add_row(*cells)
    console.print(f'[bold]Model: "{rich.markup.escape(summary.name)}"[/]')
    console.print(table)
    for label, count, size in total_lines(summary):
        console.print(f"[bold] {label}: [/]" + _number(count) + f" ({size})")
    if stats:
        from lstm_calc.render.stats_text import footer_lines

        for label, value in footer_lines(stats):
            console.print(f"[bold] {label}: [/]" + rich.markup.escape(value))
