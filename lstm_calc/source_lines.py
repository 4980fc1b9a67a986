"""Lines and columns in the text of an input, counting line breaks as YAML does.

Apart from the YAML reader so that quoting a line in an error, or locating a byte that is not
UTF-8, imports no YAML: code and JSON inputs need neither.
"""

from __future__ import annotations

import re

# Compiled on first use (by re's cache): only errors need positions.
_LINE_BREAK = "\r\n|[\n\r\x85\u2028\u2029]"


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, counting line breaks as YAML does."""
    prefix = text[:index]
    line_start = max(prefix.rfind(char) for char in "\n\r\x85\u2028\u2029") + 1
    return len(re.findall(_LINE_BREAK, prefix)) + 1, index - line_start + 1


def line_text(text: str, line: int) -> str:
    """The text of 1-based ``line`` (without its line break), or ``""`` past the end."""
    lines = re.split(_LINE_BREAK, text, maxsplit=line)
    return lines[line - 1] if line <= len(lines) else ""
