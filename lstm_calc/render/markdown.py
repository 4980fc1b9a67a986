"""A GitHub-flavoured Markdown table and totals, for pull-request comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.render.totals import total_lines
from lstm_calc.shapes import format_shapes

if TYPE_CHECKING:
    from lstm_calc.stats import ModelStats
    from lstm_calc.summary import ModelSummary


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(summary: ModelSummary, stats: ModelStats | None = None) -> str:
    """The summary as Markdown: a bold model line, a table, and a list of totals (and ``--stats`` figures)."""
    graph = not summary.sequential_like
    header = "| Layer (type) | Output Shape | Param # |"
    rule = "| :--- | :--- | ---: |"
    if stats:
        header, rule = header + " MACs |", rule + " ---: |"
    if graph:
        header, rule = header + " Connected to |", rule + " :--- |"
    lines = [f'**Model: "{_cell(summary.name)}"**', "", header, rule]
    for layer in summary.layers:
        row = f"| {_cell(layer.name)} ({layer.type}) | {format_shapes(layer.output_shape)} | {layer.params:,} |"
        if stats:
            from lstm_calc.render.stats_text import macs_cell

            row += f" {macs_cell(layer.macs)} |"
        if graph:
            row += f" {_cell(', '.join(map(str, layer.connected_to)) or '-')} |"
        lines.append(row)
    lines.append("")
    for label, count, size in total_lines(summary):
        lines.append(f"- **{label}:** {count} ({size})")
    if stats:
        from lstm_calc.render.stats_text import footer_lines

        lines += [f"- **{label}:** {value}" for label, value in footer_lines(stats)]
    return "\n".join(lines) + "\n"
