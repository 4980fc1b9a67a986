"""The Keras 3 summary table, drawn with rich exactly as ``model.summary()`` draws it.

Without colour the same characters are written directly: the columns have fixed
widths, so each row is a pure function of its texts, and a cell too long for its column
wraps as rich wraps it (:func:`lstm_calc.render.columns.wrapped_cell`); rich's general
layout (measuring, wrapping, splitting into styled segments: about 0.4 ms a row, and
several ms to warm up) is not needed. Colour, and the rare text only rich knows how to
show (a name its markup or emoji codes could touch, a line under the table wider than
the console), are drawn by rich. tests/test_table.py and tests/test_plain_table.py hold
the two to the same output, with and without the Connected to and MACs columns.

Counts are never wrapped or cut: where a count (or its column's title) is wider than
Keras's column for it, that column widens to fit and the text columns give way, the
widest first; where even they cannot, the table is wider than the line (Keras cuts the
count instead). Both writers take their widths from :func:`column_widths`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lstm_calc.render.columns import ELLIPSIS, wrapped_cell
from lstm_calc.render.totals import total_lines
from lstm_calc.shapes import format_shapes

if TYPE_CHECKING:
    from collections.abc import Callable

    import rich.console
    from rich.console import JustifyMethod

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
#: The columns of counts, which keep their whole width.
NUMERIC_HEADERS = ("Param #", "MACs")


def line_length_for(terminal_columns: int, summary: ModelSummary | None = None) -> int:
    """Keras's rule: 88 columns (108 with Connected to), or the terminal's width less 4 when narrower."""
    default = DEFAULT_LINE_LENGTH if summary is None or summary.sequential_like else GRAPH_LINE_LENGTH
    return max(MIN_LINE_LENGTH, min(default, terminal_columns - 4))


def _number(value: object) -> str:
    # Keras's colours: 45 for None, 34 for numbers; they vanish without a colour terminal.
    return f"[color(45)]{value}[/]" if value is None else f"[color(34)]{value}[/]"


def _connections(layer: LayerSummary) -> str:
    import rich.markup

    if not layer.connected_to:
        return "-"
    return ", ".join(
        f"{rich.markup.escape(c.layer)}[{_number(c.node_index)}][{_number(c.tensor_index)}]" for c in layer.connected_to
    )


def _headers(summary: ModelSummary, stats: ModelStats | None) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The column titles and Keras's positions for them (fractions of the line length)."""
    graph = not summary.sequential_like
    headers = (
        ("Layer (type)", "Output Shape", "Param #")
        + (("MACs",) if stats else ())
        + (("Connected to",) if graph else ())
    )
    if graph:
        return headers, GRAPH_STATS_COLUMN_POSITIONS if stats else GRAPH_COLUMN_POSITIONS
    return headers, STATS_COLUMN_POSITIONS if stats else COLUMN_POSITIONS


def _column_widths(positions: tuple[float, ...], line_length: int) -> list[int]:
    widths = []
    current = 0
    for position in positions:
        widths.append(int(position * line_length) - current)
        current += widths[-1]
    return widths


def render_table(
    summary: ModelSummary, console: rich.console.Console, line_length: int, stats: ModelStats | None = None
) -> None:
    """Print the summary on ``console``: model name, the layer table and the three totals.

    A graph that is not a plain chain gets Keras's Connected to column. With ``stats``
    (``--stats``), a MACs column and torchinfo's figures under the totals.
    """
    import rich.cells
    import rich.segment

    plain = None
    if console.color_system is None:
        plain = _plain_text(
            summary, console.width, line_length, stats, rich.cells.cell_len, ascii_only=console.options.ascii_only
        )
    if plain is None:
        render_rich_table(summary, console, line_length, stats)
    else:
        # One segment, through the console, so that its capture and recording see it as they see print().
        console.print(rich.segment.Segments([rich.segment.Segment(plain)]), crop=False, end="")


def plain_table(
    summary: ModelSummary,
    width: int,
    line_length: int,
    stats: ModelStats | None = None,
    ascii_only: bool = False,
) -> str | None:
    """The colourless table without importing rich at all (a pipe's case), or None.

    Only for plain ASCII, where every character takes one cell; anything else is left to
    :func:`render_table`. Importing rich's console and cell widths is a third of a
    table's start-up. ``ascii_only`` draws the borders with ``+-|``, as rich does for
    an output whose encoding has no box-drawing characters.
    """
    return _plain_text(summary, width, line_length, stats, _ascii_cells, ascii_only)


def _ascii_cells(text: str) -> int:
    # Larger than any line, so that a non-ASCII text never counts as fitting.
    return len(text) if text.isascii() else 1 << 30


def render_rich_table(
    summary: ModelSummary, console: rich.console.Console, line_length: int, stats: ModelStats | None = None
) -> None:
    """:func:`render_table`, always drawn by rich."""
    import rich.markup
    import rich.table

    headers, _ = _headers(summary, stats)
    widths = column_widths(summary, line_length, stats)
    columns = [
        rich.table.Column(header, justify=_JUSTIFY[header], width=width, no_wrap=header in NUMERIC_HEADERS)
        for header, width in zip(headers, widths)
    ]
    table = rich.table.Table(*columns, width=_table_width(widths), show_lines=True)
    for layer in summary.layers:
        name = f"{rich.markup.escape(layer.name)} ([color(33)]{layer.type}[/])"
        cells = [name, format_shapes(layer.output_shape, _number), _number(f"{layer.params:,}")]
        if stats:
            from lstm_calc.render.stats_text import macs_cell

            cells.append(_number(macs_cell(layer.macs)))
        if not summary.sequential_like:
            cells.append(_connections(layer))
        table.add_row(*cells)
    console.print(f'[bold]Model: "{rich.markup.escape(summary.name)}"[/]')
    # Not cut to the console: a table widened for its counts may be wider than the terminal.
    console.print(table, crop=False)
    for label, count, size in total_lines(summary):
        console.print(f"[bold] {label}: [/]" + _number(count) + f" ({size})")
    if stats:
        from lstm_calc.render.stats_text import footer_lines

        for label, value in footer_lines(stats):
            console.print(f"[bold] {label}: [/]" + rich.markup.escape(value))


_JUSTIFY: dict[str, JustifyMethod] = {
    "Layer (type)": "left",
    "Output Shape": "left",
    "Param #": "right",
    "MACs": "right",
    "Connected to": "left",
}
#: The borders of rich's HEAVY_HEAD box (rich.table's default), and of the ASCII box rich
#: draws instead for an output that cannot encode them: left, line, crossing, right.
_BOX = {"top": "┏━┳┓", "head": "┃", "head_row": "┡━╇┩", "cell": "│", "row": "├─┼┤", "bottom": "└─┴┘"}
_ASCII_BOX = {"top": "+--+", "head": "|", "head_row": "|-+|", "cell": "|", "row": "|-+|", "bottom": "+--+"}
#: The characters of names written as they are by rich: no markup brackets, emoji codes
#: (:smile:), escapes or spaces.
_PLAIN_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
#: What rich's console.print would read as an emoji code in a line under the table; compiled
#: (and cached by re) only for a line with two colons.
_EMOJI_CODE = r":\S*:"


def _cell_widths(positions: tuple[float, ...], line_length: int) -> list[int]:
    """The text width of each column, as rich lays out the fixed widths within ``line_length``."""
    # Each column is its width plus one space of padding either side; rich takes what
    # the borders need from the columns evenly, in order, rounding halves to even.
    widths = [width + 2 for width in _column_widths(positions, line_length)]
    excess = sum(widths) - (line_length - len(widths) - 1)
    if excess > 0:
        remaining = len(widths)
        for index, width in enumerate(widths):
            taken = min(width, round(excess / remaining))
            widths[index] = width - taken
            excess -= taken
            remaining -= 1
    return [width - 2 for width in widths]


def _table_width(widths: list[int]) -> int:
    # Each column's text, a space of padding either side, and a border left of each and at the end.
    return sum(widths) + 3 * len(widths) + 1


def _count_widths(summary: ModelSummary, stats: ModelStats | None) -> list[int]:
    """The width of the longest cell of each column of counts (Param #, then MACs with ``stats``)."""
    # Counts are digits, commas, spaces, "+", "×" and "T": one cell each, so len() measures them.
    widths = [max((len(f"{layer.params:,}") for layer in summary.layers), default=0)]
    if stats:
        from lstm_calc.render.stats_text import macs_cell

        widths.append(max((len(macs_cell(layer.macs)) for layer in summary.layers), default=0))
    return widths


def column_widths(summary: ModelSummary, line_length: int, stats: ModelStats | None = None) -> list[int]:
    """The text width of each column: Keras's layout when every count and title fits in it.

    Otherwise a column of counts widens to its longest count (or title), and the text
    columns give way, the widest first, down to their titles' longest word (no column is
    narrower than that); then the columns of counts give up any room they have left.
    What still does not fit makes the table wider than ``line_length``.
    """
    headers, positions = _headers(summary, stats)
    widths = _cell_widths(positions, line_length)
    numeric = [index for index, header in enumerate(headers) if header in NUMERIC_HEADERS]
    needs = {index: max(len(headers[index]), width) for index, width in zip(numeric, _count_widths(summary, stats))}
    if all(widths[index] >= need for index, need in needs.items()):
        return widths
    floors = [needs.get(index, max(map(len, header.split()))) for index, header in enumerate(headers)]
    widths = [max(width, floor) for width, floor in zip(widths, floors)]
    excess = _table_width(widths) - line_length
    for givers in ([index for index in range(len(widths)) if index not in needs], numeric):
        while excess > 0:
            shrinkable = [index for index in givers if widths[index] > floors[index]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda index: widths[index])
            widths[widest] -= 1
            excess -= 1
    return widths


def _plain_cells(summary: ModelSummary, layer: LayerSummary, stats: ModelStats | None) -> list[str]:
    cells = [f"{layer.name} ({layer.type})", format_shapes(layer.output_shape), f"{layer.params:,}"]
    if stats:
        from lstm_calc.render.stats_text import macs_cell

        cells.append(macs_cell(layer.macs))
    if not summary.sequential_like:
        cells.append(", ".join(map(str, layer.connected_to)) or "-")
    return cells


def _plain_text(
    summary: ModelSummary,
    width: int,
    line_length: int,
    stats: ModelStats | None = None,
    cell_len: Callable[[str], int] | None = None,
    ascii_only: bool = False,
) -> str | None:
    """The whole summary as rich would print it without colour on a console ``width`` wide,
    long cells wrapped as rich wraps them; or None where only rich knows how it would look
    (a name rich's markup could touch, a line under the table wider than the console).
    ``cell_len`` measures text in terminal cells (rich's); ``ascii_only`` takes rich's
    ASCII borders."""
    if cell_len is None:
        import rich.cells

        cell_len = rich.cells.cell_len
    headers, _ = _headers(summary, stats)
    widths = column_widths(summary, line_length, stats)
    names = [summary.name, *(layer.name for layer in summary.layers)]
    names += [connection.layer for layer in summary.layers for connection in layer.connected_to]
    if not all(name and _PLAIN_NAME_CHARACTERS.issuperset(name) for name in names):
        return None
    lines_below = [f" {label}: {count} ({size})" for label, count, size in total_lines(summary)]
    if stats:
        from lstm_calc.render.stats_text import footer_lines

        lines_below += [f" {label}: {value}" for label, value in footer_lines(stats)]
    model_line = f'Model: "{summary.name}"'
    if any(_too_wide_or_emoji(line, width, cell_len) for line in (model_line, *lines_below)):
        return None
    justify = [_JUSTIFY[header] for header in headers]
    # Counts never wrap: their columns are made to fit them, as rich's cells measure them.
    # Every other cell is ASCII (the names are checked above): one cell a character.
    wraps = [header not in NUMERIC_HEADERS for header in headers]
    rows = [_plain_cells(summary, layer, stats) for layer in summary.layers]
    counts = [index for index, wrapped in enumerate(wraps) if not wrapped]
    if not all(cell_len(cells[index]) <= widths[index] for cells in rows for index in counts):
        return None

    def rule(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (width + 2) for width in widths) + right

    def row(cells: list[str], edge: str, header: bool = False) -> str:
        if all(len(cell) <= width for cell, width in zip(cells, widths)):
            return edge + edge.join(map(_padded, cells, widths, justify, [cell_len] * len(cells))) + edge
        columns = [
            wrapped_cell(cell, width, side) if wrapped else [_padded(cell, width, side, cell_len)[1:-1]]
            for cell, width, side, wrapped in zip(cells, widths, justify, wraps)
        ]
        height = max(map(len, columns))
        # rich puts a short cell at the top of a data row, at the bottom of the header row.
        columns = [
            [*lines, *[" " * width] * (height - len(lines))]
            if not header
            else [*[" " * width] * (height - len(lines)), *lines]
            for lines, width in zip(columns, widths)
        ]
        return "\n".join(edge + edge.join(f" {line} " for line in lines) + edge for lines in zip(*columns))

    box = _ASCII_BOX if ascii_only else _BOX
    separator = "\n" + rule(*box["row"]) + "\n"
    body = separator.join(row(cells, box["cell"]) for cells in rows)
    if ascii_only and ELLIPSIS in body:
        return None
    return (
        "\n".join(
            [
                model_line,
                rule(*box["top"]),
                row(list(headers), box["head"], header=True),
                rule(*box["head_row"]),
                body,
                rule(*box["bottom"]),
                *lines_below,
            ]
        )
        + "\n"
    )


def _too_wide_or_emoji(line: str, width: int, cell_len: Callable[[str], int]) -> bool:
    return cell_len(line) > width or (line.count(":") >= 2 and re.search(_EMOJI_CODE, line) is not None)


def _padded(cell: str, width: int, side: str, cell_len: Callable[[str], int]) -> str:
    space = " " * (width - cell_len(cell))
    return f" {cell}{space} " if side == "left" else f" {space}{cell} "
