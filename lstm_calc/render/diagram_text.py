"""A model's picture as text for other tools: a Mermaid flowchart (GitHub draws it in Markdown)
and a Graphviz DOT graph.

Node identifiers are ``n0``, ``n1``...; names only ever appear inside quoted labels, escaped
for each syntax, so a hostile name cannot end a label or add a statement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lstm_calc.diagram import DiagramGraph, DiagramNode

#: Characters Mermaid reads inside a quoted label (quote, entity start, comment, HTML, Markdown), written as
#: its numeric entity codes (``#34;``), which it turns back into the characters when it draws.
_MERMAID_SPECIAL = frozenset('"#%&<>`\\')


def _mermaid_text(text: str) -> str:
    return "".join(f"#{ord(char)};" if char in _MERMAID_SPECIAL else char for char in text)


def _mermaid_node(number: int, node: DiagramNode) -> str:
    label = "<br>".join(_mermaid_text(line) for line in node.lines)
    if node.is_output:
        return f'    n{number}[["{label}"]]'
    if node.is_input:
        return f'    n{number}(["{label}"])'
    return f'    n{number}["{label}"]'


def render_mermaid(graph: DiagramGraph) -> str:
    """``graph`` as a Mermaid ``flowchart TD``: inputs as stadiums, outputs as framed boxes."""
    lines = ["flowchart TD"]
    lines += [_mermaid_node(number, node) for number, node in enumerate(graph.nodes)]
    for edge in graph.edges:
        label = f'|"{_mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"    n{edge.source} -->{label} n{edge.target}")
    lines.append("    classDef input fill:#e4f2e0,stroke:#3b7d33,stroke-width:2px")
    lines.append("    classDef output fill:#fdebd3,stroke:#b3641b,stroke-width:2px")
    for kind, chosen in (
        ("input", [n.is_input and not n.is_output for n in graph.nodes]),
        ("output", [n.is_output for n in graph.nodes]),
    ):
        numbers = [f"n{number}" for number, picked in enumerate(chosen) if picked]
        if numbers:
            lines.append(f"    class {','.join(numbers)} {kind}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    # In a DOT string a backslash starts an escape (\N, \l), quotes end the string, and Graphviz
    # reads HTML entities (&amp;) in any label.
    return text.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')


def render_dot(graph: DiagramGraph) -> str:
    """``graph`` as a Graphviz ``digraph``: ``dot -Tsvg model.dot -o model.svg``."""
    title = _dot_text(f"{graph.name}: {graph.total_params:,} params")
    lines = [
        "digraph model {",
        f'    graph [rankdir=TB, label="{title}", labelloc=t, fontname="monospace"];',
        '    node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", fontname="monospace"];',
        '    edge [fontname="monospace"];',
    ]
    for number, node in enumerate(graph.nodes):
        label = "\\n".join(_dot_text(line) for line in node.lines)
        style = ""
        if node.is_output:
            style = ', fillcolor="#fdebd3", color="#b3641b", penwidth=2'
        elif node.is_input:
            style = ', fillcolor="#e4f2e0", color="#3b7d33", penwidth=2'
        lines.append(f'    n{number} [label="{label}"{style}];')
    for edge in graph.edges:
        label = f' [label="{_dot_text(edge.label)}"]' if edge.label else ""
        lines.append(f"    n{edge.source} -> n{edge.target}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"
