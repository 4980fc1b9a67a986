"""The picture of a model as plain data: a node per layer (and input), an edge per connection.

Built from a :class:`~lstm_calc.summary.ModelSummary` alone, from the same rows and
``connected_to`` connections the summary's Connected to column prints, so every input
format gives the same picture. :mod:`lstm_calc.diagram_layout` places the nodes; the
writers in :mod:`lstm_calc.render` draw them (SVG) or write them out (Mermaid, DOT).

Names come from model files that anyone may send, so every text here is made printable
first (:func:`printable`): a writer only has to escape its own syntax.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.records import record
from lstm_calc.shapes import format_shape, listed_shapes

if TYPE_CHECKING:
    from typing import NamedTuple

    from lstm_calc.summary import Connection, LayerSummary, ModelSummary

if TYPE_CHECKING:

    class DiagramNode(NamedTuple):
        name: str
        type: str
        lines: tuple[str, ...]
        params: int
        is_input: bool
        is_output: bool

    class DiagramEdge(NamedTuple):
        source: int
        target: int
        label: str

    class DiagramGraph(NamedTuple):
        name: str
        total_params: int
        nodes: tuple[DiagramNode, ...]
        edges: tuple[DiagramEdge, ...]

else:
    DiagramNode = record("DiagramNode", ("name", "type", "lines", "params", "is_input", "is_output"))
    DiagramEdge = record("DiagramEdge", ("source", "target", "label"))
    DiagramGraph = record("DiagramGraph", ("name", "total_params", "nodes", "edges"))

#: The type Keras gives a model input; a stack's input has no row of its own in the summary.
INPUT_TYPE = "InputLayer"


def printable(text: str) -> str:
    """``text`` with every character that is not printable (controls, line breaks, bidirectional
    overrides, lone surrogates, non-characters) written as a Python escape, ``\\n`` or ``\\u202e``."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def params_text(params: int) -> str:
    """``48,896 params``, as a box writes its count."""
    return f"{params:,} param" + ("" if params == 1 else "s")


def diagram_graph(summary: ModelSummary) -> DiagramGraph:
    """The nodes and edges of ``summary``'s picture.

    Nodes come in the summary's row order (a stack's input first); a shared layer is one
    node with an edge from each tensor of each of its uses. An edge is labelled with the
    output it carries, ``[1]``, where its source has several outputs, and ``[node][output]``
    as Keras writes it where its source is shared.
    """
    rows: list[LayerSummary] = list(summary.layers)
    connections = [connection for row in rows for connection in row.connected_to]
    known = {row.name for row in rows}
    # A stack's input is only named by its first layer's connection; give it a row.
    missing = dict.fromkeys(c.layer for c in [*connections, *summary.outputs] if c.layer not in known)
    inputs = [_input_row(summary, name) for name in missing]
    rows = inputs + rows
    index: dict[str, int] = {}
    for number, row in enumerate(rows):
        index.setdefault(row.name, number)
    outputs = {connection.layer for connection in summary.outputs}
    shared = {c.layer for c in [*connections, *summary.outputs] if c.node_index > 0}
    several = {row.name for row in rows if isinstance(row.output_shape, list) and len(row.output_shape) > 1}
    nodes = tuple(_node(row, row.name in outputs) for row in rows)
    edges = tuple(
        DiagramEdge(index[connection.layer], target, _edge_label(connection, shared, several))
        for target, row in enumerate(rows)
        for connection in row.connected_to
    )
    return DiagramGraph(printable(summary.name), summary.total_params, nodes, edges)


def _input_row(summary: ModelSummary, name: str) -> LayerSummary:
    from lstm_calc.summary import LayerSummary

    shapes = listed_shapes(summary.input_shape)
    return LayerSummary(name, INPUT_TYPE, shapes[0], shapes[0], (), 4)


def _node(row: LayerSummary, is_output: bool) -> DiagramNode:
    shapes = listed_shapes(row.output_shape)
    if len(shapes) == 1:
        shape_lines = [format_shape(shapes[0])]
    else:
        shape_lines = [f"[{number}] {format_shape(shape)}" for number, shape in enumerate(shapes)]
    name, kind = printable(row.name), printable(row.type)
    lines = (name, kind, *shape_lines, params_text(row.params))
    return DiagramNode(name, kind, lines, row.params, row.type == INPUT_TYPE, is_output)


def _edge_label(connection: Connection, shared: set[str], several: set[str]) -> str:
    if connection.layer in shared:
        return f"[{connection.node_index}][{connection.tensor_index}]"
    if connection.layer in several:
        return f"[{connection.tensor_index}]"
    return ""
