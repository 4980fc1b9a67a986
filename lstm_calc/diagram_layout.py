"""Where every box, arrow and label of a model's picture goes: a layered layout in pure Python.

The classic steps of a layered (Sugiyama) drawing, kept simple and deterministic:

1. edges that close a cycle (a shared layer applied to what follows it) are turned round;
2. layers by longest path from the inputs, each input then moved down next to its first user;
3. an edge spanning several layers passes through a thin stand-in node on each layer between;
4. each layer ordered by the barycentre of its neighbours, sweeping down and up, keeping
   the order with the fewest crossings;
5. x by pulling each node towards its neighbours, keeping the order and a gap between
   boxes (an isotonic fit, so boxes never overlap); y layer by layer.

Box widths come from the text length at :data:`CHAR_WIDTH` a character (a monospace font).
Arrows leave the bottom of a box and enter the top of the next, with a vertical stub at
each end; an edge's label sits on the stub at its source, in a row reserved between the
layers, so labels cross no box and no other label.
"""

from __future__ import annotations

import math
import unicodedata
from typing import TYPE_CHECKING

from lstm_calc.diagram import params_text
from lstm_calc.errors import SpecError
from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NamedTuple

    from lstm_calc.diagram import DiagramGraph

    Point = tuple[float, float]

if TYPE_CHECKING:

    class Box(NamedTuple):
        node: int
        x: float
        y: float
        width: float
        height: float

    class Label(NamedTuple):
        text: str
        x: float
        y: float
        width: float
        height: float

    class Route(NamedTuple):
        edge: int
        points: tuple[Point, ...]
        label: Label | None

    class Layout(NamedTuple):
        width: float
        height: float
        title: Label
        boxes: tuple[Box, ...]
        routes: tuple[Route, ...]

else:
    Box = record("Box", ("node", "x", "y", "width", "height"))
    Label = record("Label", ("text", "x", "y", "width", "height"))
    Route = record("Route", ("edge", "points", "label"))
    Layout = record("Layout", ("width", "height", "title", "boxes", "routes"))

#: Text metrics for a 12 px monospace font (DejaVu Sans Mono advances 7.22 px), with room to spare.
FONT_SIZE = 12
CHAR_WIDTH = 7.5
LINE_HEIGHT = 16
LABEL_FONT_SIZE = 11
LABEL_CHAR_WIDTH = 7.0
LABEL_HEIGHT = 15
PADDING = 10
MARGIN = 20
NODE_GAP = 24
STAND_IN_WIDTH = 8
LAYER_GAP = 24
#: The vertical part of an arrow at each end; holds a label at its source.
STUB = LABEL_HEIGHT + 6
LOOP_REACH = 14
ORDER_SWEEPS = 24
PLACEMENT_SWEEPS = 8
#: At most this many nodes to place, boxes and stand-ins together: a few seconds of layout. A graph
#: whose tensors skip many layers each (every layer reading every earlier one) needs a stand-in per
#: layer skipped, so its nodes grow with the cube of its layers; no one reads a picture that big.
MAX_PLACED_NODES = 20_000


def text_width(text: str, char_width: float = CHAR_WIDTH) -> float:
    """The estimated width of ``text`` in a monospace font: wide (East Asian) characters count
    twice, combining marks not at all."""
    cells = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        cells += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return cells * char_width


def _label(text: str, centre_x: float, top: float) -> Label:
    width = text_width(text, LABEL_CHAR_WIDTH) + 6
    return Label(text, centre_x - width / 2, top, width, LABEL_HEIGHT)


def layout(graph: DiagramGraph) -> Layout:
    """Place ``graph``'s boxes and route its edges; every coordinate in pixels, y downwards.

    Raises :class:`SpecError` (without a location) for more than :data:`MAX_PLACED_NODES` to place.
    """
    count = len(graph.nodes)
    loops = [index for index, edge in enumerate(graph.edges) if edge.source == edge.target]
    links = [(index, edge.source, edge.target) for index, edge in enumerate(graph.edges) if edge.source != edge.target]
    turned = _edges_closing_cycles(count, [(source, target) for _, source, target in links])
    # Each link drawn downwards: (edge, upper node, lower node, turned round).
    down = [
        (index, target, source, True) if position in turned else (index, source, target, False)
        for position, (index, source, target) in enumerate(links)
    ]
    layer_of = _layers(count, [(upper, lower) for _, upper, lower, _ in down])
    placed = count + sum(max(layer_of[lower] - layer_of[upper] - 1, 0) for _, upper, lower, _ in down)
    if placed > MAX_PLACED_NODES:
        raise SpecError(
            f"too big to lay out as a picture: {count:,} boxes and {placed - count:,} bends of arrows "
            f"that skip layers (at most {MAX_PLACED_NODES:,} in all); give --format dot for Graphviz "
            "to lay it out, or --format mermaid"
        )

    # Stand-ins: each link becomes a chain of nodes, one per layer it spans.
    layer_count = max(layer_of) + 1 if count else 0
    node_layer = list(layer_of)
    chains: list[list[int]] = []
    for _, upper, lower, _ in down:
        chain = [upper]
        for layer in range(layer_of[upper] + 1, layer_of[lower]):
            node_layer.append(layer)
            chain.append(len(node_layer) - 1)
        chain.append(lower)
        chains.append(chain)
    below: list[list[int]] = [[] for _ in node_layer]
    above: list[list[int]] = [[] for _ in node_layer]
    for chain in chains:
        for upper, lower in zip(chain, chain[1:]):
            below[upper].append(lower)
            above[lower].append(upper)

    layers: list[list[int]] = [[] for _ in range(layer_count)]
    for node, layer in enumerate(node_layer):
        layers[layer].append(node)
    layers = _order(layers, below, above)

    loop_count = [0] * count
    for index in loops:
        loop_count[graph.edges[index].source] += 1
    widths, slots = _widths(graph, down, loops, len(node_layer))
    centres = _place(layers, slots, below, above)

    heights = [LINE_HEIGHT * len(node.lines) + 2 * PADDING for node in graph.nodes]
    heights = [max(height, loop_count[node] * LABEL_HEIGHT + 2 * PADDING) for node, height in enumerate(heights)]
    title_text = f"{graph.name}: {params_text(graph.total_params)}"
    title = Label(title_text, MARGIN, MARGIN, text_width(title_text), LABEL_HEIGHT)
    # Every box of a layer is as tall as its tallest, so arrows leave a layer at one height.
    band = [float(max((heights[node] for node in layer if node < count), default=0)) for layer in layers]
    top = [0.0] * layer_count
    y = MARGIN + LABEL_HEIGHT + LAYER_GAP / 2
    for layer in range(layer_count):
        top[layer] = y
        y += band[layer] + 2 * STUB + LAYER_GAP
    # A box sits at the left of its slot; the loops on it, if any, take the rest.
    boxes = tuple(
        Box(node, round(centres[node] - slots[node] / 2), top[layer_of[node]], widths[node], band[layer_of[node]])
        for node in range(count)
    )
    routes = _routes(graph, boxes, down, chains, centres, node_layer, top, band)
    routes += _loops(graph, boxes, loops)
    right = max([box.x + slots[box.node] for box in boxes] + [title.x + title.width])
    height = y - 2 * STUB - LAYER_GAP + MARGIN if layer_count else MARGIN * 2 + LABEL_HEIGHT
    return Layout(math.ceil(right + MARGIN), math.ceil(height), title, boxes, tuple(sorted(routes)))


def _edges_closing_cycles(count: int, edges: Sequence[tuple[int, int]]) -> set[int]:
    """The positions in ``edges`` of those that go back to a node still being visited, depth-first
    from each node in order: turning them round leaves no cycle."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for position, (source, target) in enumerate(edges):
        out[source].append((position, target))
    state = [0] * count  # 0 unseen, 1 on the path, 2 done
    closing: set[int] = set()
    for start in range(count):
        if state[start]:
            continue
        state[start] = 1
        stack = [(start, iter(out[start]))]
        while stack:
            node, pending = stack[-1]
            step = next(pending, None)
            if step is None:
                state[node] = 2
                stack.pop()
                continue
            position, target = step
            if state[target] == 1:
                closing.add(position)
            elif state[target] == 0:
                state[target] = 1
                stack.append((target, iter(out[target])))
    return closing


def _layers(count: int, edges: Sequence[tuple[int, int]]) -> list[int]:
    """Longest-path layers of an acyclic graph; a node nothing enters then sits just above its
    highest user, so an input waits next to the layer that reads it."""
    successors: list[list[int]] = [[] for _ in range(count)]
    entering = [0] * count
    for source, target in edges:
        successors[source].append(target)
        entering[target] += 1
    remaining = list(entering)
    ready = [node for node in range(count) if not remaining[node]]
    layer = [0] * count
    while ready:
        node = ready.pop()
        for target in successors[node]:
            layer[target] = max(layer[target], layer[node] + 1)
            remaining[target] -= 1
            if not remaining[target]:
                ready.append(target)
    for node in range(count):
        if not entering[node] and successors[node]:
            layer[node] = min(layer[target] for target in successors[node]) - 1
    return layer


def _crossings(upper: list[int], lower: list[int], below: list[list[int]]) -> int:
    """How many edges between two neighbouring layers cross, by counting inversions."""
    position = {node: index for index, node in enumerate(lower)}
    ends = [end for node in upper for end in sorted(position[t] for t in below[node])]
    tree = [0] * (len(lower) + 1)
    crossings = 0
    for seen, end in enumerate(ends):
        # Fenwick tree: how many earlier edges end at or before `end`.
        at_or_before, index = 0, end + 1
        while index > 0:
            at_or_before += tree[index]
            index -= index & -index
        crossings += seen - at_or_before
        index = end + 1
        while index <= len(lower):
            tree[index] += 1
            index += index & -index
    return crossings


def _total_crossings(layers: list[list[int]], below: list[list[int]]) -> int:
    return sum(_crossings(upper, lower, below) for upper, lower in zip(layers, layers[1:]))


def _order(layers: list[list[int]], below: list[list[int]], above: list[list[int]]) -> list[list[int]]:
    """Layers reordered by barycentre sweeps, keeping the order with the fewest crossings."""
    best, best_crossings = [list(layer) for layer in layers], _total_crossings(layers, below)
    current = [list(layer) for layer in layers]
    for sweep in range(ORDER_SWEEPS):
        if best_crossings == 0:
            break
        downwards = sweep % 2 == 0
        indices = range(1, len(current)) if downwards else range(len(current) - 2, -1, -1)
        for layer in indices:
            fixed = current[layer - 1] if downwards else current[layer + 1]
            position = {node: index for index, node in enumerate(fixed)}
            neighbours = above if downwards else below
            keys = {}
            for index, node in enumerate(current[layer]):
                around = [position[other] for other in neighbours[node]]
                keys[node] = sum(around) / len(around) if around else float(index)
            current[layer] = sorted(current[layer], key=lambda node: keys[node])
        crossings = _total_crossings(current, below)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in current], crossings
    return best


def _widths(
    graph: DiagramGraph, down: list[tuple[int, int, int, bool]], loops: list[int], total: int
) -> tuple[list[float], list[float]]:
    """Each node's box width, and the width it takes in its layer (its box and any loops on it).

    A box is wide enough for its text, and for its labelled arrows side by side on each edge.
    """
    sides: dict[tuple[int, bool], list[str]] = {}
    for index, upper, lower, turned in down:
        label = graph.edges[index].label
        sides.setdefault((upper, False), []).append(label if not turned else "")
        sides.setdefault((lower, True), []).append(label if turned else "")
    loop_labels: dict[int, list[str]] = {}
    for index in loops:
        loop_labels.setdefault(graph.edges[index].source, []).append(graph.edges[index].label)
    widths = [float(STAND_IN_WIDTH)] * total
    slots = list(widths)
    for node, item in enumerate(graph.nodes):
        width = max(text_width(line) for line in item.lines) + 2 * PADDING
        for top in (False, True):
            labels = sides.get((node, top), [])
            if any(labels):
                widest = max(text_width(label, LABEL_CHAR_WIDTH) for label in labels) + 6 + 4
                width = max(width, widest * (len(labels) + 1))
        widths[node] = slots[node] = math.ceil(width)
        if node in loop_labels:
            labels = loop_labels[node]
            slots[node] += (
                LOOP_REACH * len(labels) + 4 + max(text_width(label, LABEL_CHAR_WIDTH) + 6 for label in labels)
            )
    return widths, slots


def _place(layers: list[list[int]], slots: list[float], below: list[list[int]], above: list[list[int]]) -> list[float]:
    """Each node's centre x: pulled towards the mean of its neighbours' centres, sweeping down and
    up, each layer fitted in order with at least :data:`NODE_GAP` between slots."""
    centres = [0.0] * len(slots)
    for layer in layers:
        x = 0.0
        for node in layer:
            centres[node] = x + slots[node] / 2
            x += slots[node] + NODE_GAP
    for sweep in range(PLACEMENT_SWEEPS):
        neighbours = above if sweep % 2 == 0 else below
        for layer in layers if sweep % 2 == 0 else reversed(layers):
            wanted = []
            for node in layer:
                around = neighbours[node]
                wanted.append(sum(centres[other] for other in around) / len(around) if around else centres[node])
            for node, centre in zip(layer, _fit_in_order(wanted, [slots[node] for node in layer])):
                centres[node] = centre
    left = min((centres[node] - slots[node] / 2 for layer in layers for node in layer), default=0.0)
    return [round(centre - left + MARGIN) for centre in centres]


def _fit_in_order(wanted: list[float], slots: list[float]) -> list[float]:
    """The centres nearest ``wanted`` (least squares) that keep the order and the gaps: pool
    adjacent violators on the centres less their least offsets."""
    offsets = [0.0]
    for left, right in zip(slots, slots[1:]):
        offsets.append(offsets[-1] + (left + right) / 2 + NODE_GAP)
    blocks: list[list[float]] = []  # [mean, size]
    for want, offset in zip(wanted, offsets):
        blocks.append([want - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, size = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * size) / (blocks[-1][1] + size), blocks[-1][1] + size]
    fitted = [mean for mean, size in blocks for _ in range(int(size))]
    return [value + offset for value, offset in zip(fitted, offsets)]


def _ports(boxes_x: float, width: float, others: list[tuple[float, int]]) -> dict[int, float]:
    """Where each of a side's arrows meets the box, spread evenly, in the order of the x they come from."""
    ordered = sorted(others)
    return {chain: round(boxes_x + width * (rank + 1) / (len(ordered) + 1)) for rank, (_, chain) in enumerate(ordered)}


def _routes(
    graph: DiagramGraph,
    boxes: tuple[Box, ...],
    down: list[tuple[int, int, int, bool]],
    chains: list[list[int]],
    centres: list[float],
    node_layer: list[int],
    top: list[float],
    band: list[float],
) -> list[Route]:
    leaving: dict[int, list[tuple[float, int]]] = {}
    entering: dict[int, list[tuple[float, int]]] = {}
    for number, chain in enumerate(chains):
        leaving.setdefault(chain[0], []).append((centres[chain[1]], number))
        entering.setdefault(chain[-1], []).append((centres[chain[-2]], number))
    bottom_ports: dict[int, float] = {}
    top_ports: dict[int, float] = {}
    for node, others in leaving.items():
        bottom_ports.update(_ports(boxes[node].x, boxes[node].width, others))
    for node, others in entering.items():
        top_ports.update(_ports(boxes[node].x, boxes[node].width, others))
    routes = []
    for number, ((index, upper, lower, turned), chain) in enumerate(zip(down, chains)):
        start_x, end_x = bottom_ports[number], top_ports[number]
        start_y = top[node_layer[upper]] + band[node_layer[upper]]
        points: list[Point] = [(start_x, start_y), (start_x, start_y + STUB)]
        for stand_in in chain[1:-1]:
            layer = node_layer[stand_in]
            points += [(centres[stand_in], top[layer] - STUB), (centres[stand_in], top[layer] + band[layer] + STUB)]
        end_y = top[node_layer[lower]]
        points += [(end_x, end_y - STUB), (end_x, end_y)]
        text = graph.edges[index].label
        label = None
        if text and not turned:
            label = _label(text, start_x, start_y + (STUB - LABEL_HEIGHT) / 2)
        elif text:
            label = _label(text, end_x, end_y - STUB + (STUB - LABEL_HEIGHT) / 2)
        routes.append(Route(index, tuple(reversed(points)) if turned else tuple(points), label))
    return routes


def _loops(graph: DiagramGraph, boxes: tuple[Box, ...], loops: list[int]) -> list[Route]:
    """A layer applied to its own output: an arrow out of its right side and back, nested."""
    routes = []
    placed: dict[int, int] = {}
    for index in loops:
        node = graph.edges[index].source
        box = boxes[node]
        rank = placed[node] = placed.get(node, -1) + 1
        total = sum(1 for i in loops if graph.edges[i].source == node)
        right = box.x + box.width
        reach = LOOP_REACH * (total - rank)
        upper, lower = box.y + PADDING + rank * LABEL_HEIGHT / 2, box.y + box.height - PADDING - rank * LABEL_HEIGHT / 2
        points = ((right, upper), (right + reach, upper), (right + reach, lower), (right, lower))
        text = graph.edges[index].label
        label = None
        if text:
            label = _label(text, 0, box.y + PADDING / 2 + rank * LABEL_HEIGHT)
            label = label._replace(x=right + LOOP_REACH * total + 4)
        routes.append(Route(index, points, label))
    return routes
