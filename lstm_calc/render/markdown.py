"""A GitHub-flavoured Markdown table and totals, for pull-request comments."""

from __future__ import annotations

from lstm_calc.render.totals import total_lines
from lstm_calc.shapes import format_shapes
from lstm_calc.summary import ModelSummary


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(summary: ModelSummary) -> str:
    """The summary as Markdown: a bold model line, a table, and a list of totals."""
    graph = not summary.sequential_like
    lines = [
        f'**Model: "{_cell(summary.name)}"**',
        "",
        "| Layer (type) | Output Shape | Param # |" + (" Connected to |" if graph else ""),
        "| :--- | :--- | ---: |" + (" :--- |" if graph else ""),
    ]
    for layer in summary.layers:
        row = f"| {_cell(layer.name)} ({layer.type}) | {format_shapes(layer.output_shape)} | {layer.params:,} |"
        if graph:
            row += f" {_cell(', '.join(map(str, layer.connected_to)) or '-')} |"
        lines.append(row)
    lines.append("")
    for label, count, size in total_lines(summary):
        lines.append(f"- **{label}:** {count} ({size})")
    return "\n".join(lines) + "\n"
