"""``lstmcalc explain --format svg``: the recurrent layers unrolled over time and their cells, as one
standalone SVG document drawn with :mod:`lstm_calc.render.diagram_svg`'s primitives from the layout
of :mod:`lstm_calc.explain_layout`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.explain_layout import explain_parts
from lstm_calc.render.diagram_svg import picture_lines, svg_document

if TYPE_CHECKING:
    from lstm_calc.explain import Explanation


def render_explanations_svg(explanations: list[Explanation]) -> str:
    """The picture of each layer of ``explanations``, one under the other: unrolled, then its cell."""
    width, height, parts = explain_parts(explanations)
    body: list[str] = []
    for number, (graph, placed) in enumerate(parts):
        body += [f'<g class="part" data-part="{number}">', *picture_lines(graph, placed), "</g>"]
    title = "; ".join(f"{e.name} ({e.type_name}) unrolled over time" for e in explanations)
    return svg_document(width, height, title, body)
