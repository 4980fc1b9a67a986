"""Prose wrapped to the terminal's width: at spaces only, so no number or word is ever split."""

from __future__ import annotations

import textwrap
from typing import Optional

#: The width of text written without a width: the terminal rule's answer in a pipe.
DEFAULT_WIDTH = 80


def wrap(text: str, width: int = DEFAULT_WIDTH, indent: str = "", hanging: Optional[str] = None) -> list[str]:
    """``text`` as lines of at most ``width`` columns, each starting with ``indent`` (later ones ``hanging``).

    A word longer than the line (a path, a long number) stays whole on a line of its own.
    """
    return textwrap.wrap(
        text,
        max(width, 1),
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
