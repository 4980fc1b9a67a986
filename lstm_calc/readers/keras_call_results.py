"""The structure of what a stacked RNN's call gives in Keras code, and of the states it starts from.

Keras 3's ``RNN`` returns ``(output, *states)`` with one state item per entry of its cell's
``state_size``: an ``RNN`` of one ``LSTMCell`` has ``[units, units]`` and returns ``(out, h, c)``,
but a stack of cells (``RNN([LSTMCell(8), GRUCell(4)])`` or ``RNN(StackedRNNCells([...]))``) has
one entry per cell, an LSTMCell's a list, and returns ``(out, [h1, c1], h2)``
(``keras/src/layers/rnn/rnn.py``, ``compute_output_shape``; ``stacked_rnn_cells.py``). A
``Bidirectional`` of it returns ``(out, *forward_states, *backward_states)``, ``out`` being two
items with ``merge_mode=None``. Its ``initial_state`` takes the same structure: one item per cell
(per direction), since ``StackedRNNCells.call`` zips the cells with the top-level items (a flat
``[h1, c1, h2]`` builds, but gives ``c1`` to the GRUCell and fails when the model runs).

The graph spec numbers a layer's outputs flat (``rnn[3]``), as Keras's summary and saved configs
do; the code reader maps the code's nested items onto those numbers here.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.functional_objects import CodeLayer, CodeTensor, TensorList
from lstm_calc.readers.syntax_walk import unpacking_error

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.errors import Location


def _state_count(type_name: Any) -> int | None:
    """How many state tensors a cell of spec type ``type_name`` carries (Keras's ``state_size``: an int, or an
    LSTMCell's list of two), as its layer class says; None for what is not a cell."""
    from lstm_calc.layers import LAYER_TYPES

    if not isinstance(type_name, str) or type_name.lower() not in LAYER_TYPES:
        return None
    layer_kind = getattr(LAYER_TYPES[type_name.lower()], "layer_kind", None)  # a cell's: LSTMCell's is LSTM
    return None if layer_kind is None else int(layer_kind.state_count)


def _cell_states(rnn: Any) -> tuple[int, ...] | None:
    """Each cell's state count of a stacked RNN's spec mapping, first cell first; None for one cell."""
    if not isinstance(rnn, dict) or rnn.get("type") != "RNN":
        return None
    cell = rnn.get("cell")
    if isinstance(cell, dict) and cell.get("type") == "StackedRNNCells":
        cell = cell.get("cells")
    if not isinstance(cell, list) or not all(isinstance(item, dict) for item in cell):
        return None
    counts = [_state_count(item.get("type")) for item in cell]
    if not counts or any(count is None for count in counts):
        return None  # a cell that is none: the layer refuses it
    return tuple(count for count in counts if count is not None)


def _stack(layer: CodeLayer) -> tuple[tuple[int, ...], int, Any] | None:
    """A stacked RNN's (cells' state counts, directions, its own spec mapping), itself or in a Bidirectional."""
    spec = layer.spec
    if spec is None:
        return None
    if layer.class_name == "Bidirectional":
        inner = spec.get("layer")
        counts = _cell_states(inner)
        return None if counts is None else (counts, 2, inner)
    counts = _cell_states({"type": layer.class_name, **spec})
    return None if counts is None else (counts, 1, spec)


def result_items(layer: object) -> tuple[int, ...] | None:
    """How many tensors each item of the layer's call result holds, where Keras nests some (a stacked
    RNN's with return_state: ``(1, 2, 1)`` for ``(out, [h1, c1], h2)``); None for any other layer."""
    if not isinstance(layer, CodeLayer):
        return None  # an input
    stack = _stack(layer)
    if stack is None or stack[2].get("return_state") is not True:
        return None
    counts, directions, _ = stack
    spec = layer.spec
    assert spec is not None  # a stack has a spec
    outputs = 2 if directions == 2 and "merge_mode" in spec and spec["merge_mode"] is None else 1
    return (1,) * outputs + counts * directions


def result_item(tensor: CodeTensor, items: tuple[int, ...], position: int, where: ast.expr) -> CodeTensor | TensorList:
    """Item ``position`` of a nested call result: a tensor, or a list of them (an LSTMCell's [h, c])."""
    start = sum(items[:position])
    if items[position] == 1:
        return CodeTensor(tensor.node, start)
    size = items[position]
    return TensorList(tuple(CodeTensor(tensor.node, start + i) for i in range(size)), (where,) * size)


def _structure(layer: CodeLayer, items: tuple[int, ...]) -> str:
    """``(output, [h, c], h)``: what each item of the call result is."""
    stack = _stack(layer)
    outputs = len(items) - (len(stack[0]) * stack[1] if stack is not None else 0)
    parts = ["output" if i < outputs else "[h, c]" if size == 2 else "h" for i, size in enumerate(items)]
    return "(" + ", ".join(parts) + ")"


def subscripted(tensor: CodeTensor, index: int, node: ast.expr) -> CodeTensor | TensorList | None:
    """Item ``index`` of a call's result (``outs[2]``); None where Python or lstmcalc refuses it."""
    items = result_items(tensor.node.owner)
    if items is None:
        return CodeTensor(tensor.node, index) if index >= 0 else None
    return result_item(tensor, items, index % len(items), node) if -len(items) <= index < len(items) else None


def unpacked(tensor: CodeTensor, target: ast.Tuple | ast.List, location: Location) -> list[Any]:
    """The items ``a, b, c = rnn(x)`` binds; a stacked RNN's unpacked into another count is refused, as Python
    refuses it (whether another layer has that many outputs is the spec check's question)."""
    count = len(target.elts)
    items = result_items(tensor.node.owner)
    if items is None:
        return [CodeTensor(tensor.node, index) for index in range(count)]
    if count != len(items):
        owner = tensor.node.owner
        assert isinstance(owner, CodeLayer)  # only a layer's call has items
        python = unpacking_error(target.elts, len(items))
        raise SpecError(
            f"layer '{owner.name}' ({owner.class_name}) of stacked cells gives {len(items)} items, "
            f"{_structure(owner, items)}: its output, then one item per cell's states, an LSTMCell's [h, c] a list; "
            f"the code unpacks them into {count} names (Python: {python})",
            location,
        )
    return [result_item(tensor, items, position, element) for position, element in enumerate(target.elts)]


def stacked_states(
    layer: CodeLayer, made: Any, node: ast.expr, loc: Callable[[ast.AST], Location]
) -> list[tuple[CodeTensor, Location]] | None:
    """A stacked RNN's ``initial_state`` (the object ``made`` of ``node``), flattened as the spec lists
    states; refused unless it has one item per cell (per direction), an LSTMCell's [h, c] a list.
    None for any other layer: its states are read as a flat list."""
    stack = _stack(layer)
    if stack is None:
        return None
    counts, directions, _ = stack
    wanted = counts * directions
    found: list[tuple[CodeTensor, Location]] = []
    if isinstance(made, TensorList) and len(made.items) == len(wanted):
        for item, where, count in zip(made.items, made.nodes, wanted):
            if isinstance(item, CodeTensor) and count == 1:
                found.append((item, loc(where)))
            elif isinstance(item, TensorList) and len(item.items) == count:
                if not all(isinstance(part, CodeTensor) for part in item.items):
                    break
                found += [(part, loc(at)) for part, at in zip(item.items, item.nodes)]  # type: ignore[misc]
            else:
                break
        else:
            return found
    example = ", ".join("[h, c]" if count == 2 else "h" for count in counts)
    directions_note = ", the forward cells' then the backward cells'" if directions == 2 else ""
    raise SpecError(
        f"layer '{layer.name}' steps {len(counts)} cells, each from its own states: Keras takes initial_state as "
        f"one item per cell{directions_note}, an LSTMCell's [h, c] a list of its own, as in "
        f"initial_state=[{', '.join([example] * directions)}]; got {ast.unparse(node)!r} "
        "(a flat list builds, but gives each cell another's states and fails when the model runs)",
        loc(node),
    )
