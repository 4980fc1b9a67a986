"""Text in columns: cells padded to their column's width, and a table cell wrapped as rich wraps it.

Both are plain string work, with no import of rich: the text renderers (``check``,
``--compare``, ``params``) align their columns with :func:`aligned_cells`, and the
summary table's plain writer wraps a long cell with :func:`wrapped_cell`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

#: rich's word: any leading space, the word, any spaces after it (``rich._wrap.re_word``).
#: A pattern, compiled (and cached by re) only when a cell wraps.
_WORD = r"\s*\S+\s*"
#: What rich puts at the end of a word too long for its column (a column's default overflow).
ELLIPSIS = "…"


def aligned_cells(rows: Sequence[Sequence[str]], right_aligned: Collection[int] = ()) -> list[list[str]]:
    """Each row's cells padded to the widest cell of their column, right-aligned in the
    columns ``right_aligned`` (indices), left-aligned in the others.

    A row shorter than the first leaves its missing columns out; the caller joins the cells.
    """
    columns = range(len(rows[0])) if rows else range(0)
    widths = [max(len(row[column]) for row in rows if column < len(row)) for column in columns]
    return [
        [
            cell.rjust(width) if column in right_aligned else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        ]
        for row in rows
    ]


def wrapped_cell(text: str, width: int, justify: str = "left") -> list[str]:
    """``text`` as the lines a rich table cell ``width`` wide shows it in, each exactly ``width`` long.

    rich's rule (``Text.wrap`` with a column's default overflow, "ellipsis"), for text in
    which every character takes one cell and no line breaks or tabs occur: words break at
    spaces; a word longer than the column gets a line of its own, cut short with "…";
    spaces past the column's edge are dropped. ``justify`` is "left", "right" or "center"
    (the odd space to the right, as rich centres).
    """
    lines = [text[start:end] for start, end in _line_spans(text, width)]
    fitted = []
    for line in lines:
        if len(line) > width:
            trailing = len(line) - len(line.rstrip())
            line = line[: len(line) - min(trailing, len(line) - width)]
        if justify != "left":
            line = line.rstrip()
        if len(line) > width:
            line = line[: width - 1] + ELLIPSIS
        if justify == "center":
            line = " " * ((width - len(line)) // 2) + line
        fitted.append(line.rjust(width) if justify == "right" else line.ljust(width))
    return fitted


def _line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where each line of ``text`` starts and ends: ``rich._wrap.divide_line`` without folding."""
    breaks = [0]
    offset = 0
    for match in re.finditer(_WORD, text):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width or (offset and start):
            if start:
                breaks.append(start)
            offset = len(word)
    breaks.append(len(text))
    return list(zip(breaks, breaks[1:]))
