"""Prose wrapped to the terminal's width: at spaces only, so no number or word is ever split."""

from __future__ import annotations

import re
import textwrap

#: The width of text written without a width: the terminal rule's answer in a pipe.
DEFAULT_WIDTH = 80
#: A shape or tuple of names, ``(None, 12)`` or ``(units, features)``: kept on one line.
_SHAPE = re.compile(r"\((?:[\w.]+, )*[\w.]+,?\)")
_KEEP_TOGETHER = "\0"
#: The spaces before a word that starts with "::": such a word never starts a line.
_COMMAND = re.compile(r"\s+(?=::)")


def wrap(text: str, width: int = DEFAULT_WIDTH, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` as lines of at most ``width`` columns, each starting with ``indent`` (later ones ``hanging``).

    A word longer than the line (a path, a long number) stays whole on a line of its own,
    and so does a shape; no line but the first starts with ``::``.
    """
    glued = _SHAPE.sub(lambda match: match.group(0).replace(" ", _KEEP_TOGETHER), text)
    # GitHub's runner reads a line that starts with "::" after its indent as a workflow command.
    glued = _COMMAND.sub(lambda match: _KEEP_TOGETHER * len(match.group(0)), glued)
    lines = textwrap.wrap(
        glued,
        max(width, 1),
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_KEEP_TOGETHER, " ") for line in lines]
