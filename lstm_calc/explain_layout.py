"""The picture of ``explain --format svg`` as plain data: for each recurrent layer, the layer unrolled
over time, and the inside of its cell.

Both parts are a :class:`~lstm_calc.diagram.DiagramGraph` placed in a
:class:`~lstm_calc.diagram_layout.Layout`, so :mod:`lstm_calc.render.diagram_svg` draws them as it
draws a model. The unrolled part is placed here, left to right: initial states, one copy of the cell
per time step shown (each with the layer's weight names and shapes written on it), the final states;
``x_t`` below each copy, the outputs the layer hands on above, ``h`` (and ``c``) carried along arrows
labelled with their shapes. The inside of the cell is laid out by
:func:`~lstm_calc.diagram_layout.layout`: the step's inputs, an equation per box with its terms'
shapes, an arrow wherever an equation uses another's result. Every text is from the explanation,
which ``explain`` already pins against Keras and torch.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.diagram import DiagramEdge, DiagramGraph, DiagramNode, printable
from lstm_calc.diagram_layout import (
    LABEL_CHAR_WIDTH,
    LABEL_HEIGHT,
    LINE_HEIGHT,
    MARGIN,
    PADDING,
    Box,
    Label,
    Layout,
    Route,
    layout,
    text_width,
)
from lstm_calc.shapes import describe_shape, first_shape

if TYPE_CHECKING:
    from lstm_calc.explain import Equation, Explanation

#: With more time steps than this (or an unknown number), the copies shown are x_1, x_2, …, x_T.
MAX_DRAWN_STEPS = 5
ELLIPSIS = "…"
#: The room between two copies of the cell, beyond their labels, and above and below the row.
STEP_GAP = 28
ROW_GAP = 36
SECTION_GAP = 40
#: The widest a line of term shapes inside the cell may grow before the next term starts a new line.
TERMS_LINE_CHARS = 34


#: One part of the picture: what is drawn and where.
Part = tuple[DiagramGraph, Layout]


def shown_steps(time_steps: int | None) -> list[str]:
    """The time steps drawn, by name: ``["1", "2", "3", "4"]``, or ``["1", "2", "…", "T"]`` when
    the sequence is long or of unknown length (then ``T`` is its length where known)."""
    if time_steps is not None and time_steps <= MAX_DRAWN_STEPS:
        return [str(step) for step in range(1, time_steps + 1)]
    return ["1", "2", ELLIPSIS, "T" if time_steps is None else str(time_steps)]


def _before(step: str) -> str:
    """The step before ``step``: ``T-1`` before ``T``."""
    return str(int(step) - 1) if step.isdigit() else f"{step}-1"


def _subscript(symbol: str, step: str) -> str:
    return f"{symbol}_{step}" if len(step) == 1 else f"{symbol}_{{{step}}}"


def explain_parts(explanations: list[Explanation]) -> tuple[float, float, list[Part]]:
    """Every part of the picture of ``explanations``, stacked from the top: for each layer, its
    unrolled row then its cell. Returns the picture's width, height and parts."""
    parts: list[Part] = []
    top = 0.0
    for explanation in explanations:
        for part in (_unrolled(explanation), _cell(explanation)):
            graph, placed = part
            parts.append((graph, _shifted(placed, 0, top)))
            top += placed.height + SECTION_GAP - MARGIN
    width = max(placed.width for _, placed in parts)
    return math.ceil(width), math.ceil(top - SECTION_GAP + MARGIN), parts


def _shifted(placed: Layout, dx: float, dy: float) -> Layout:
    def label(item: Label) -> Label:
        return item._replace(x=item.x + dx, y=item.y + dy)

    return placed._replace(
        title=label(placed.title),
        boxes=tuple(box._replace(x=box.x + dx, y=box.y + dy) for box in placed.boxes),
        routes=tuple(
            route._replace(
                points=tuple((x + dx, y + dy) for x, y in route.points),
                label=None if route.label is None else label(route.label),
            )
            for route in placed.routes
        ),
    )


def _box_size(lines: tuple[str, ...]) -> tuple[float, float]:
    return max(text_width(line) for line in lines) + 2 * PADDING, LINE_HEIGHT * len(lines) + 2 * PADDING


def _label_width(text: str) -> float:
    return text_width(text, LABEL_CHAR_WIDTH) + 6


def _framework_name(framework: str) -> str:
    return "Keras" if framework == KERAS else "torch.nn"


def cell_type(e: Explanation) -> str:
    """The kind whose cell each copy is: ``LSTM``, also for a Keras ``Bidirectional(LSTM)``."""
    wrapped = re.fullmatch(r"\w+\((\w+)\)", e.calculation.type_name)
    return wrapped.group(1) if wrapped else e.type_name


def _unrolled(e: Explanation) -> Part:
    """The layer unrolled: states in, a copy of the cell per step shown, states out, x_t below,
    the outputs above."""
    steps = shown_steps(e.time_steps)
    last = steps[-1]
    shapes = _symbol_shapes(e)
    states = [(state.symbol, shapes[f"{state.symbol}_{{t-1}}"]) for state in e.states]
    nodes: list[DiagramNode] = []
    edges: list[DiagramEdge] = []

    def node(lines: tuple[str, ...], is_input: bool = False, is_output: bool = False) -> int:
        nodes.append(DiagramNode(lines[0], "", lines, e.params, is_input, is_output))
        return len(nodes) - 1

    start = node(("initial states", *(f"{symbol}_0 = 0  {shape}" for symbol, shape in states)), is_input=True)
    # torch lists every layer's and direction's tensors, layer 0's forward ones first: the row is that chain.
    chains = e.num_layers * e.directions if e.framework == PYTORCH else 1
    drawn = e.weights[: len(e.weights) // chains]
    weights = tuple(f"{printable(weight.name)} {describe_shape(weight.shape)}" for weight in drawn)
    row = [start]
    for step in steps:
        if step == ELLIPSIS:
            row.append(node((ELLIPSIS,)))
        else:
            row.append(node((f"{cell_type(e)} cell, step {step}", *weights)))
    end_lines = (
        f"final states (return_state: {'true' if e.return_state else 'false'})",
        *(f"{_subscript(symbol, last)}  {shape}" for symbol, shape in states),
        "handed on after the output" if e.return_state else "not handed on",
    )
    end = node(end_lines, is_output=e.return_state)
    row.append(end)
    for source, target, step in zip(row, row[1:], ["0", *steps]):
        carried = _before(steps[-1]) if step == ELLIPSIS else step
        for symbol, shape in states:
            edges.append(DiagramEdge(source, target, f"{_subscript(symbol, carried)} {shape}"))
    inputs: list[int] = []
    for step in steps:
        lines: tuple[str, ...] = (ELLIPSIS,) if step == ELLIPSIS else (_subscript("x", step), shapes["x_t"])
        inputs.append(node(lines, is_input=True))
    outputs: list[int | None] = []
    output = first_shape(e.output_shape)
    for cell, step in zip(row[1:-1], steps):
        if step == ELLIPSIS or not (e.return_sequences or step == last):
            outputs.append(None)
            continue
        lines = (_subscript("h", step), shapes["h_t"])
        if step == last:
            handed = "every h_t" if e.return_sequences else "only this h"
            lines = (*lines, f"output: {handed}, {describe_shape(output)}")
        outputs.append(node(lines, is_output=True))
        edges.append(DiagramEdge(cell, len(nodes) - 1, ""))
    for source, cell in zip(inputs, row[1:-1]):
        if nodes[source].lines != (ELLIPSIS,):
            edges.append(DiagramEdge(source, cell, ""))
    scope = f"{e.name} ({e.type_name}, {_framework_name(e.framework)}): {e.params:,} params"
    title = f"{scope}; the same weights at every step, so the count is the same for any T"
    if e.directions == 2:
        title += "; drawn: the forward direction (the backward one, with its own weights, reads x_T first)"
    if e.num_layers > 1:
        title += f"; drawn: layer 0 of {e.num_layers} (each layer above takes the h_t below as x_t)"
    graph = DiagramGraph(printable(e.name), e.params, tuple(nodes), tuple(edges))
    return graph, _place_unrolled(graph, row, inputs, outputs, len(states), printable(title))


def _place_unrolled(
    graph: DiagramGraph, row: list[int], inputs: list[int], outputs: list[int | None], carried: int, title: str
) -> Layout:
    sizes = [_box_size(node.lines) for node in graph.nodes]
    row_height = max(max(sizes[index][1] for index in row), (carried + 1) * (LABEL_HEIGHT + 10))
    label_room = max((_label_width(edge.label) for edge in graph.edges if edge.label), default=0.0)
    gap = label_room + STEP_GAP
    outputs_height = max((sizes[index][1] for index in outputs if index is not None), default=0.0)
    title_label = Label(title, MARGIN, MARGIN, text_width(title), LABEL_HEIGHT)
    row_top = MARGIN + LABEL_HEIGHT + ROW_GAP / 2 + outputs_height + ROW_GAP
    boxes: dict[int, Box] = {}
    x = float(MARGIN)
    for index in row:
        width = sizes[index][0]
        boxes[index] = Box(index, x, row_top, width, row_height)
        x += width + gap
    right = x - gap + MARGIN
    for column, index in enumerate(row[1:-1]):
        cell = boxes[index]
        centre = cell.x + cell.width / 2
        for kept, top in ((inputs[column], row_top + row_height + ROW_GAP), (outputs[column], row_top - ROW_GAP)):
            if kept is None:
                continue
            width, height = sizes[kept]
            y = top if top > row_top else top - height
            boxes[kept] = Box(kept, centre - width / 2, y, width, height)
    routes = []
    # Each carried state has its own height across the row: h above c, each label above its arrow.
    levels = [row_top + row_height * (rank + 1) / (carried + 1) for rank in range(carried)]
    for number, edge in enumerate(graph.edges):
        source, target = boxes[edge.source], boxes[edge.target]
        if edge.label:
            # The row's edges come first, one per carried state for each pair of neighbours.
            y = levels[number % carried]
            points = ((source.x + source.width, y), (target.x, y))
            middle = (source.x + source.width + target.x) / 2
            width = _label_width(edge.label)
            label = Label(edge.label, middle - width / 2, y - LABEL_HEIGHT - 3, width, LABEL_HEIGHT)
            routes.append(Route(number, points, label))
            continue
        centre = source.x + source.width / 2
        upwards = target.y < source.y
        start = source.y if upwards else source.y + source.height
        end = target.y + target.height if upwards else target.y
        routes.append(Route(number, ((centre, start), (centre, end)), None))
    bottom = max(box.y + box.height for box in boxes.values()) + MARGIN
    width = max(right, title_label.width + 2 * MARGIN)
    return Layout(width, bottom, title_label, tuple(boxes[index] for index in sorted(boxes)), tuple(routes))


def _cell(e: Explanation) -> Part:
    """Inside one copy of the cell: the step's inputs, then an equation per box with its terms'
    shapes, an arrow wherever an equation uses another's result or an input."""
    shapes = _symbol_shapes(e)
    inputs = {symbol: shapes[symbol] for symbol in ("x_t", *(f"{state.symbol}_{{t-1}}" for state in e.states))}
    nodes = [DiagramNode(symbol, "", (symbol, shape), 0, True, False) for symbol, shape in inputs.items()]
    producer = {symbol: index for index, symbol in enumerate(inputs)}
    finals = {f"{state.symbol}_t" for state in e.states}
    edges = []
    for equation in e.equations:
        target = len(nodes)
        lines = (equation.meaning, printable(equation.text), *_term_lines(equation))
        nodes.append(DiagramNode(equation.meaning, "", lines, 0, False, equation.result.symbol in finals))
        used = {term.symbol for term in equation.terms}
        edges += [DiagramEdge(source, target, "") for symbol, source in producer.items() if symbol in used]
        producer[equation.result.symbol] = target
    title = f"inside the {cell_type(e)} cell at step t ({e.legend})"
    graph = DiagramGraph(printable(title), e.params, tuple(nodes), tuple(edges))
    return graph, layout(graph)


def _symbol_shapes(e: Explanation) -> dict[str, str]:
    """The shape of every symbol of the cell's equations, for one sample, as text: ``{"x_t": "(1,)"...}``."""
    terms = [term for equation in e.equations for term in (*equation.terms, equation.result)]
    return {term.symbol: describe_shape(term.shape) for term in terms}


def _term_lines(equation: Equation) -> list[str]:
    """The shape of every term, then the result's, a few to a line."""
    pieces = [f"{term.symbol} {describe_shape(term.shape)}" for term in equation.terms]
    pieces.append(f"-> {equation.result.symbol} {describe_shape(equation.result.shape)}")
    lines = [""]
    for piece in pieces:
        joined = f"{lines[-1]}  {piece}" if lines[-1] else piece
        if lines[-1] and len(joined) > TERMS_LINE_CHARS:
            lines.append(piece)
        else:
            lines[-1] = joined
    return [printable(line) for line in lines]
