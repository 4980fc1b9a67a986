"""``check`` as text: one row per spec, the located failures, and a count of each status.

The rows, failure lines and count line are shared with the terminal table
(:mod:`lstm_calc.render.check_table`) and the GitHub format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.budget import INVALID, OVER_BUDGET, WITHIN_BUDGET, percent
from lstm_calc.errors import printable
from lstm_calc.render.columns import aligned_cells

if TYPE_CHECKING:
    from lstm_calc.budget import CheckReport, Outcome, SpecCheck
    from lstm_calc.spec_records import Limit

HEADERS = ("STATUS", "SPEC", "MODEL", "PARAMS", "BUDGET", "USED")
#: Columns whose cells are numbers, aligned right.
NUMERIC_COLUMNS = (3, 4, 5)
STATUS_LABELS = {WITHIN_BUDGET: "ok", OVER_BUDGET: "over", INVALID: "invalid"}
#: The indent of a problem's later lines when it wraps.
PROBLEM_INDENT = "    "


def row(spec: SpecCheck) -> tuple[str, ...]:
    """The spec's cells under :data:`HEADERS`; BUDGET is the model-wide limit it uses most of."""
    label = STATUS_LABELS[spec.status]
    # A file name can hold a line break, and a line of a CI log that starts with '::' is a command.
    file = printable(spec.file)
    if spec.summary is None:
        return (label, file, "-", "-", "-", "-")
    name = printable(spec.summary.name)
    params = f"{spec.summary.distinct_params:,}"
    closest = spec.closest_limit
    if closest is None:
        return (label, file, name, params, "-", "-")
    used = percent(closest.actual, closest.limit.value)
    return (label, file, name, params, _budget_cell(closest.limit), used)


def _budget_cell(limit: Limit) -> str:
    if limit.rule == "max_param_bytes":
        return limit.written or f"{limit.value:,} B"
    if limit.rule == "max_trainable_params":
        return f"{limit.value:,} trainable"
    return f"{limit.value:,}"


def failure_line(spec: SpecCheck, outcome: Outcome) -> str:
    """``FILE:LINE:COL: error: MESSAGE`` at the budget line that failed (just FILE for ``--max-params``)."""
    where = outcome.limit.location or spec.file
    return f"{printable(str(where))}: error: {printable(outcome.message)}"


def error_line(spec: SpecCheck) -> str:
    """``FILE:LINE:COL: error: MESSAGE`` for an invalid spec."""
    error = spec.error
    assert error is not None, "error_line is for a spec that failed to read"
    return str(error) if error.location else f"{printable(spec.file)}: {error}"


def problem_lines(report: CheckReport) -> list[str]:
    """One line per failed rule and per invalid spec, in the order of the specs."""
    lines = []
    for spec in report.specs:
        if spec.error is not None:
            lines.append(error_line(spec))
        lines += [failure_line(spec, outcome) for outcome in spec.failures]
    return lines


def wrapped_problem_lines(report: CheckReport, width: int) -> list[str]:
    """:func:`problem_lines` wrapped at word boundaries to ``width``, later lines indented.

    ``FILE:LINE:COL:`` is one word, so it always starts its problem's first line whole.
    """
    # Imported here: textwrap compiles its patterns on import, and a check in a pipe never wraps.
    from lstm_calc.render.prose import wrap

    return [line for problem in problem_lines(report) for line in wrap(problem, width, "", PROBLEM_INDENT)]


def count_line(report: CheckReport) -> str:
    """``12 specs: 11 within budget, 1 over budget, 0 invalid``."""
    total = len(report.specs)
    return (
        f"{total} spec{'' if total == 1 else 's'}: {report.count(WITHIN_BUDGET)} within budget, "
        f"{report.count(OVER_BUDGET)} over budget, {report.count(INVALID)} invalid"
    )


def render_text(report: CheckReport, width: int | None = None) -> str:
    """Plain text for pipes and logs: an aligned table, the problems, and the count line.

    The table's rows stay whole. Each problem is one line, as CI logs, ``grep`` and problem
    matchers read them, unless ``width`` is given: then problems wrap to it.
    """
    rows = [HEADERS, *(row(spec) for spec in report.specs)]
    lines = ["  ".join(cells).rstrip() for cells in aligned_cells(rows, NUMERIC_COLUMNS)]
    problems = problem_lines(report) if width is None else wrapped_problem_lines(report, width)
    sections = ["\n".join(lines), *(["\n".join(problems)] if problems else []), count_line(report)]
    return "\n\n".join(sections) + "\n"
