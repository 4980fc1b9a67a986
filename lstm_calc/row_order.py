"""The order in which Keras lists a functional model's layers in its summary.

Keras walks back from the outputs depth-first (``keras.src.ops.function.map_graph``); a layer the
outputs do not depend on is refused here, where Keras would silently drop it (an input it lists).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.spec import InputSpec, LayerSpec, NodeSpec

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lstm_calc.mask_flow import MaskOperation
    from lstm_calc.spec import ModelSpec

    #: A node, a model input, or an operation computing a mask (``lstm_calc.mask_flow``).
    Source = InputSpec | NodeSpec | MaskOperation


def keras_row_order(
    model: ModelSpec, parents: dict[int, list[Source]]
) -> tuple[list[LayerSpec | InputSpec | MaskOperation], bool]:
    """The inputs and layers of a graph in Keras's summary order, and whether Keras prints it
    "sequential-like" (without the Connected to column).

    Keras walks back from the outputs depth-first (noting the order in which it first meets
    each layer), gives every node a depth (its distance from the outputs), then lists the
    layers from the deepest, breaking ties by that first-meeting order; an input the outputs
    do not depend on is listed at depth 0, first there, as Keras lists it. Layers the outputs
    do not depend on are refused here, where Keras would silently drop them.
    """

    def operation(node: Source) -> int:
        return id(node.layer) if isinstance(node, NodeSpec) else id(node)

    # 1. Depth-first from each output; post-order lists every node after the nodes it takes from.
    post_order: list[Source] = []
    first_met: dict[int, int] = {}
    finished: set[int] = set()
    for reference in model.outputs:
        if id(reference.source) in finished:
            continue
        first_met.setdefault(operation(reference.source), len(first_met))
        stack: list[tuple[Source, Iterator[Source]]] = [(reference.source, iter(parents.get(id(reference.source), [])))]
        while stack:
            node, pending = stack[-1]
            parent = next(pending, None)
            if parent is None:
                stack.pop()
                finished.add(id(node))
                post_order.append(node)
            elif id(parent) not in finished:
                first_met.setdefault(operation(parent), len(first_met))
                stack.append((parent, iter(parents.get(id(parent), []))))
    _refuse_unreached(model, finished)
    # Keras lists a model input the outputs do not need as well, at depth 0 before the others there, in
    # the order of the model's inputs (map_graph: "inputs that are not connected to outputs").
    for spec in model.inputs:
        if id(spec) not in finished:
            first_met[id(spec)] = -1
            post_order.append(spec)

    # 2. Depths: an output is 0; a node is one deeper than the deepest node that takes from it.
    node_depth: dict[int, int] = {}
    operation_depth: dict[int, int] = {}
    for node in reversed(post_order):
        depth = max(node_depth.setdefault(id(node), 0), operation_depth.get(operation(node), 0))
        operation_depth[operation(node)] = depth
        node_depth[id(node)] = depth
        for parent in parents.get(id(node), []):
            node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))

    # 3. Rows from the deepest; ties in first-met order.
    items = {operation(node): (node.layer if isinstance(node, NodeSpec) else node) for node in post_order}
    order = sorted(items, key=lambda key: (-operation_depth[key], first_met[key]))

    nodes_by_depth: defaultdict[int, list[Source]] = defaultdict(list)
    for node in post_order:
        nodes_by_depth[node_depth[id(node)]].append(node)
    applications: defaultdict[int, int] = defaultdict(int)
    for node in model.nodes:
        applications[id(node.layer)] += 1
    sequential_like = all(
        len(nodes) == 1 and len(parents.get(id(nodes[0]), [])) <= 1 for nodes in nodes_by_depth.values()
    ) and all(count == 1 for count in applications.values())
    return [items[key] for key in order], sequential_like


def _refuse_unreached(model: ModelSpec, reached: set[int]) -> None:
    for node in model.nodes:
        if id(node) not in reached:
            raise SpecError(
                f"layer '{node.layer.name}' does not lead to any output (Keras would leave it out); "
                "add it to 'outputs:' or remove it",
                node.location,
                node.path,
            )
