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
from lstm_calc.render.summary_columns import JUSTIFY, NUMERIC, cell_texts, default_columns, positions, titles
from lstm_calc.render.totals import total_lines

if TYPE_CHECKING:
    from collections.abc import Callable

    import rich.console

    from lstm_calc.stats import ModelStats
    from lstm_calc.summary import LayerSummary, ModelSummary

    #: The columns after the name, by key (:mod:`lstm_calc.render.summary_columns`); None for Keras's.
    Columns = tuple[str, ...] | None

#: Keras's layout for a sequential model: 88 columns at most (108 with Connected to; the
#: positions of the columns are in :mod:`lstm_calc.render.summary_columns`).
DEFAULT_LINE_LENGTH = 88
#: Below this the columns get too narrow to read; Keras raises an error instead.
MIN_LINE_LENGTH = 40


def line_length_for(terminal_columns: int, summary: ModelSummary | None = None, columns: Columns = None) -> int:
    """Keras's rule: 88 columns (108 with Connected to, 12 more with Trainable), or the
    terminal's width less 4 when narrower."""
    from lstm_calc.render.summary_columns import default_line_length

    default = DEFAULT_LINE_LENGTH if summary is None else default_line_length(summary, columns or ())
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


def _keys(summary: ModelSummary, stats: ModelStats | None, columns: Columns) -> tuple[str, ...]:
    """The columns after the name: those chosen, else Keras's (with MACs for ``stats``)."""
    return columns if columns is not None else default_columns(summary, stats is not None)


def _rich_cells(summary: ModelSummary, layer: LayerSummary, keys: tuple[str, ...]) -> list[str]:
    """A row's cells marked up as Keras marks them up (numbers and marks in colour)."""
    import rich.markup

    cells = [f"{rich.markup.escape(layer.name)} ([color(33)]{layer.type}[/])"]
    for key, text in zip(keys, cell_texts(summary, layer, keys, _number)):
        if key == "connected_to":
            cells.append(_connections(layer))
        elif key == "trainable":
            colour = {"Y": "[color(34)]", "N": "[color(9)]"}.get(text, "")
            cells.append(f"[bold]{colour}{text}{'[/]' if colour else ''}[/]")
        elif key in ("params", "macs"):
            cells.append(_number(text))
        else:
            cells.append(text)
    return cells


def _column_widths(positions: tuple[float, ...], line_length: int) -> list[int]:
    widths = []
    current = 0
    for position in positions:
        widths.append(int(position * line_length) - current)
        current += widths[-1]
    return widths


def render_table(
    summary: ModelSummary,
    console: rich.console.Console,
    line_length: int,
    stats: ModelStats | None = None,
    columns: Columns = None,
) -> None:
    """Print the summary on ``console``: model name, the layer table and the three totals.

    A graph that is not a plain chain gets Keras's Connected to column. With ``stats``
    (``--stats``), a MACs column and torchinfo's figures under the totals. ``columns``
    chooses and orders the columns after the name (keys of
    :mod:`lstm_calc.render.summary_columns`); None takes Keras's.
    """
    import rich.cells
    import rich.segment

    plain = None
    if console.color_system is None:
        plain = _plain_text(
            summary,
            console.width,
            line_length,
            stats,
            rich.cells.cell_len,
            ascii_only=console.options.ascii_only,
            columns=columns,
        )
    if plain is None:
        render_rich_table(summary, console, line_length, stats, columns)
    else:
        # One segment, through the console, so that its capture and recording see it as they see print().
        console.print(rich.segment.Segments([rich.segment.Segment(plain)]), crop=False, end="")


def plain_table(
    summary: ModelSummary,
    width: int,
    line_length: int,
    stats: ModelStats | None = None,
    ascii_only: bool = False,
    columns: Columns = None,
) -> str | None:
    """The colourless table without importing rich at all (a pipe's case), or None.

    Only for plain ASCII, where every character takes one cell; anything else is left to
    :func:`render_table`. Importing rich's console and cell widths is a third of a
    table's start-up. ``ascii_only`` draws the borders with ``+-|``, as rich does for
    an output whose encoding has no box-drawing characters.
    """
    return _plain_text(summary, width, line_length, stats, _ascii_cells, ascii_only, columns)


def _ascii_cells(text: str) -> int:
    # Larger than any line, so that a non-ASCII text never counts as fitting.
    return len(text) if text.isascii() else 1 << 30


def render_rich_table(
    summary: ModelSummary,
    console: rich.console.Console,
    line_length: int,
    stats: ModelStats | None = None,
    columns: Columns = None,
) -> None:
    """:func:`render_table`, always drawn by rich."""
    import rich.markup
    import rich.table

    keys = _keys(summary, stats, columns)
    widths = column_widths(summary, line_length, stats, columns)
    table_columns = [
        rich.table.Column(header, justify=JUSTIFY[key], width=width, no_wrap=key in NUMERIC)
        for header, key, width in zip(titles(keys), ("name", *keys), widths)
    ]
    table = rich.table.Table(*table_columns, width=_table_width(widths), show_lines=True)
    for layer in summary.layers:
        table.add_row(*_rich_cells(summary, layer, keys))
    console.print(f'[bold]Model: "{rich.markup.escape(summary.name)}"[/]')
    # Not cut to the console: a table widened for its counts may be wider than the terminal.
    console.print(table, crop=False)
    for label, count, size in total_lines(summary):
        console.print(f"[bold] {label}: [/]" + _number(count) + f" ({size})")
    if stats:
        from lstm_calc.render.stats_text import footer_lines

        for label, value in footer_lines(stats):
            console.print(f"[bold] {label}: [/]" + rich.markup.escape(value))
    for note in summary.notes:
        console.print(" Note: " + rich.markup.escape(note), soft_wrap=True)


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


def _count_widths(summary: ModelSummary, keys: tuple[str, ...]) -> dict[int, int]:
    """The width of the longest cell of each column of counts, by its index in the table."""
    numeric = [index for index, key in enumerate(keys) if key in NUMERIC]
    rows = [cell_texts(summary, layer, tuple(keys[index] for index in numeric)) for layer in summary.layers]
    # Counts are digits, commas, spaces, "+", "×", "%", "-" and "T": one cell each, so len() measures them.
    return {index + 1: max((len(row[at]) for row in rows), default=0) for at, index in enumerate(numeric)}


def column_widths(
    summary: ModelSummary, line_length: int, stats: ModelStats | None = None, columns: Columns = None
) -> list[int]:
    """The text width of each column: Keras's layout when every count and title fits in it
    (for a choice of columns Keras has no layout for, :func:`summary_columns.chosen_widths`).

    Otherwise a column of counts widens to its longest count (or title), and the text
    columns give way, the widest first, down to their titles' longest word (no column is
    narrower than that); then the columns of counts give up any room they have left.
    What still does not fit makes the table wider than ``line_length``.
    """
    keys = _keys(summary, stats, columns)
    layout = positions(keys)
    if layout is None:
        from lstm_calc.render.summary_columns import chosen_widths

        return chosen_widths(summary, keys, line_length)
    headers = titles(keys)
    widths = _cell_widths(layout, line_length)
    needs = {index: max(len(headers[index]), width) for index, width in _count_widths(summary, keys).items()}
    numeric = list(needs)
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


def _plain_text(
    summary: ModelSummary,
    width: int,
    line_length: int,
    stats: ModelStats | None = None,
    cell_len: Callable[[str], int] | None = None,
    ascii_only: bool = False,
    columns: Columns = None,
) -> str | None:
    """The whole summary as rich would print it without colour on a console ``width`` wide,
    long cells wrapped as rich wraps them; or None where only rich knows how it would look
    (a name rich's markup could touch, a line under the table wider than the console).
    ``cell_len`` measures text in terminal cells (rich's); ``ascii_only`` takes rich's
    ASCII borders."""
    if cell_len is None:
        import rich.cells

        cell_len = rich.cells.cell_len
    keys = _keys(summary, stats, columns)
    headers = titles(keys)
    widths = column_widths(summary, line_length, stats, columns)
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
    justify = [JUSTIFY[key] for key in ("name", *keys)]
    # Counts never wrap: their columns are made to fit them, as rich's cells measure them.
    # Every other cell is ASCII (the names are checked above): one cell a character.
    wraps = [key not in NUMERIC for key in ("name", *keys)]
    rows = [[f"{layer.name} ({layer.type})", *cell_texts(summary, layer, keys)] for layer in summary.layers]
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
                # One line each, never wrapped, as rich prints them (soft_wrap).
                *(f" Note: {note}" for note in summary.notes),
            ]
        )
        + "\n"
    )


def _too_wide_or_emoji(line: str, width: int, cell_len: Callable[[str], int]) -> bool:
    return cell_len(line) > width or (line.count(":") >= 2 and re.search(_EMOJI_CODE, line) is not None)


def _padded(cell: str, width: int, side: str, cell_len: Callable[[str], int]) -> str:
    excess = width - cell_len(cell)
    if side == "center":
        # rich's centring: the odd space goes to the right.
        return f" {' ' * (excess // 2)}{cell}{' ' * (excess - excess // 2)} "
    space = " " * excess
    return f" {cell}{space} " if side == "left" else f" {space}{cell} "
