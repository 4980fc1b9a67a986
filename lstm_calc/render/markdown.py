"""A GitHub-flavoured Markdown table and totals, for pull-request comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.render.summary_columns import JUSTIFY, cell_texts, default_columns, titles
from lstm_calc.render.totals import total_lines

if TYPE_CHECKING:
    from lstm_calc.stats import ModelStats
    from lstm_calc.summary import ModelSummary


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(
    summary: ModelSummary, stats: ModelStats | None = None, columns: tuple[str, ...] | None = None
) -> str:
    """The summary as Markdown: a bold model line, a table, and a list of totals (and ``--stats`` figures).

    ``columns`` chooses and orders the columns after the name (keys of
    :mod:`lstm_calc.render.summary_columns`); None takes Keras's, with MACs for ``stats``.
    """
    keys = columns if columns is not None else default_columns(summary, stats is not None)
    header = "| " + " | ".join(titles(keys)) + " |"
    rule = "| " + " | ".join(_RULES[JUSTIFY[key]] for key in ("name", *keys)) + " |"
    lines = [f'**Model: "{_cell(summary.name)}"**', "", header, rule]
    for layer in summary.layers:
        cells = [f"{layer.name} ({layer.type})", *cell_texts(summary, layer, keys)]
        lines.append("| " + " | ".join(map(_cell, cells)) + " |")
    lines.append("")
    for label, count, size in total_lines(summary):
        lines.append(f"- **{label}:** {count} ({size})")
    if stats:
        from lstm_calc.render.stats_text import footer_lines

        lines += [f"- **{label}:** {value}" for label, value in footer_lines(stats)]
    lines += [f"- **Note:** {_cell(note)}" for note in summary.notes]
    return "\n".join(lines) + "\n"


_RULES = {"left": ":---", "right": "---:", "center": ":---:"}
