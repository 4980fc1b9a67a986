"""``check`` for GitHub Actions: an ``::error`` workflow command at each budget line that failed.

GitHub shows these as annotations on the pull request's files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.errors import printable
from lstm_calc.render.check_text import count_line

if TYPE_CHECKING:
    from lstm_calc.budget import CheckReport
    from lstm_calc.errors import Location


def _escape_data(text: str) -> str:
    # The escapes of GitHub's workflow-command format (actions/toolkit, core/src/command.ts). Other
    # control characters are shown escaped, as in text: left raw, an escape sequence in a file name
    # would be cut out of the line on its way to the log (click's echo does, off a terminal), and the
    # annotation pinned on another file.
    lines = (printable(line) for line in text.replace("\r\n", "\n").split("\n"))
    return "%0A".join(line.replace("%", "%25") for line in lines)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _error(file: str, location: Location | None, message: str) -> str:
    where = f"file={_escape_property(file)}"
    if location is not None:
        where += f",line={location.line},col={location.column}"
    return f"::error {where}::{_escape_data(message)}"


def render_check_github(report: CheckReport, quiet: bool = False) -> str:
    """One ``::error file=...,line=...,col=...::message`` per failed rule and invalid spec, then the
    count line (unless ``quiet``: then nothing at all when every spec passes)."""
    lines = []
    for spec in report.specs:
        if spec.error is not None:
            location = spec.error.location
            lines.append(_error(location.file if location else spec.file, location, spec.error.message))
        for outcome in spec.failures:
            lines.append(_error(spec.file, outcome.limit.location, outcome.message))
    if not quiet:
        lines.append(count_line(report))
    return "".join(line + "\n" for line in lines)
