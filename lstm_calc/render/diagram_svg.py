"""A model's picture as a standalone SVG document, drawn from a computed layout.

Everything here is drawing: where things go is :mod:`lstm_calc.diagram_layout`'s. Names
are XML-escaped, and the document names no font file, script or external resource.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from lstm_calc.diagram_layout import FONT_SIZE, LABEL_FONT_SIZE, LINE_HEIGHT, PADDING

if TYPE_CHECKING:
    from lstm_calc.diagram import DiagramGraph, DiagramNode
    from lstm_calc.diagram_layout import Box, Label, Layout

FONT_FAMILY = "DejaVu Sans Mono, Menlo, Consolas, monospace"
LINE_COLOUR = "#4a5560"
#: Fill and stroke of a box: a plain layer, an input, an output (an input that is also an output is an output).
PLAIN = ("#f5f7fa", "#4a5560")
INPUT = ("#e4f2e0", "#3b7d33")
OUTPUT = ("#fdebd3", "#b3641b")


def number(value: float) -> str:
    """A coordinate with at most one decimal, as the same text for the same value on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def render_svg(graph: DiagramGraph, placed: Layout) -> str:
    """``graph`` as SVG, drawn where ``placed`` (:func:`~lstm_calc.diagram_layout.layout`) puts it."""
    return svg_document(placed.width, placed.height, placed.title.text, picture_lines(graph, placed))


def svg_document(width: float, height: float, title: str, body: list[str]) -> str:
    """A standalone SVG document of ``width`` by ``height`` with ``body``'s elements on a white page."""
    width_text, height_text = number(width), number(height)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_text}" height="{height_text}" '
        f'viewBox="0 0 {width_text} {height_text}" font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}">',
        f"<title>{escape(title)}</title>",
        "<defs>",
        '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'markerUnits="userSpaceOnUse" orient="auto">',
        f'<path d="M0,0 L10,5 L0,10 z" fill="{LINE_COLOUR}"/>',
        "</marker>",
        "</defs>",
        f'<rect width="{width_text}" height="{height_text}" fill="#ffffff"/>',
        *body,
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


def picture_lines(graph: DiagramGraph, placed: Layout) -> list[str]:
    """The elements drawing ``graph`` where ``placed`` puts it: its title, arrows, boxes and labels."""
    lines = [
        _text(placed.title, "title", bold=True),
        '<g class="edges" fill="none" stroke="' + LINE_COLOUR + '" stroke-width="1.2">',
    ]
    for route in placed.routes:
        path = " ".join(f"{'M' if i == 0 else 'L'}{number(x)},{number(y)}" for i, (x, y) in enumerate(route.points))
        edge = graph.edges[route.edge]
        lines.append(
            f'<path class="edge" data-source="{edge.source}" data-target="{edge.target}" d="{path}" '
            'marker-end="url(#arrow)"/>'
        )
    lines.append("</g>")
    lines.append('<g class="nodes">')
    for box in placed.boxes:
        lines += _box(graph.nodes[box.node], box)
    lines.append("</g>")
    lines.append('<g class="labels">')
    for route in placed.routes:
        if route.label is not None:
            lines.append(
                f'<rect class="label-box" x="{number(route.label.x)}" y="{number(route.label.y)}" '
                f'width="{number(route.label.width)}" height="{number(route.label.height)}" fill="#ffffff" '
                'fill-opacity="0.9"/>'
            )
            lines.append(_text(route.label, "label"))
    lines.append("</g>")
    return lines


def _box(node: DiagramNode, box: Box) -> list[str]:
    fill, stroke = OUTPUT if node.is_output else INPUT if node.is_input else PLAIN
    kind = "output" if node.is_output else "input" if node.is_input else "layer"
    stroke_width = "2" if node.is_output or node.is_input else "1"
    drawn = [
        f'<g class="node {kind}" data-node="{box.node}">',
        f"<title>{escape(node.name)}</title>",
        f'<rect x="{number(box.x)}" y="{number(box.y)}" width="{number(box.width)}" height="{number(box.height)}" '
        f'rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>',
    ]
    centre = number(box.x + box.width / 2)
    for row, line in enumerate(node.lines):
        baseline = number(box.y + PADDING + LINE_HEIGHT * row + FONT_SIZE)
        weight = ' font-weight="bold"' if row == 0 else ""
        drawn.append(f'<text x="{centre}" y="{baseline}" text-anchor="middle"{weight}>{escape(line)}</text>')
    drawn.append("</g>")
    return drawn


def _text(label: Label, kind: str, bold: bool = False) -> str:
    size = FONT_SIZE if kind == "title" else LABEL_FONT_SIZE
    anchor = ' text-anchor="start"' if kind == "title" else ' text-anchor="middle"'
    x = label.x if kind == "title" else label.x + label.width / 2
    baseline = label.y + label.height - (label.height - size) / 2 - 1
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text class={quoteattr(kind)} x="{number(x)}" y="{number(baseline)}" font-size="{size}"{anchor}{weight}>'
        f"{escape(label.text)}</text>"
    )
