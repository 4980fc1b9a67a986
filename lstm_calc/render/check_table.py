"""``check`` on a terminal: the text format's rows as a rich table, statuses in colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rich.box
import rich.console
import rich.table
import rich.text

from lstm_calc.budget import INVALID, OVER_BUDGET, WITHIN_BUDGET
from lstm_calc.render.check_text import HEADERS, NUMERIC_COLUMNS, count_line, row, wrapped_problem_lines

if TYPE_CHECKING:
    from lstm_calc.budget import CheckReport

STATUS_STYLES = {WITHIN_BUDGET: "green", OVER_BUDGET: "bold red", INVALID: "bold yellow"}


def render_check_table(report: CheckReport, console: rich.console.Console) -> None:
    """Print the report on ``console``: the table, the problems, and the count line."""
    # Numbers never wrap; a long spec path or model name folds onto more lines rather than losing its end.
    table = rich.table.Table(
        *(
            rich.table.Column(header.capitalize(), justify="right", no_wrap=True)
            if column in NUMERIC_COLUMNS
            else rich.table.Column(header.capitalize(), overflow="fold")
            for column, header in enumerate(HEADERS)
        ),
        box=rich.box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for spec in report.specs:
        status, *cells = row(spec)
        table.add_row(rich.text.Text(status, style=STATUS_STYLES[spec.status]), *map(rich.text.Text, cells))
    console.print(table)
    console.print()
    problems = wrapped_problem_lines(report, console.width)
    if problems:
        # Wrapped at word boundaries already, so FILE:LINE:COL stays whole and clickable: rich must not re-wrap.
        console.print(rich.text.Text("\n".join(problems)), soft_wrap=True)
        console.print()
    console.print(rich.text.Text(count_line(report), style="bold"))
