"""``x.shape[i]`` of a tensor in Keras functional code, read without running the code.

An input's shape is its ``keras.Input`` block's, batch size first (None unless given); the shape of
the tensor a layer call gives is the one the summary would show for it, found by summarising the
calls it needs as a model of their own. A dimension that is None (the batch, a variable number of
steps) is no number: the code's value there is unknown, and is asked for as before. Imported only
where the code reads the shape of a tensor.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import located_value
from lstm_calc.readers.evaluate import UNKNOWN, Binding, known
from lstm_calc.readers.functional_objects import CodeInput, CodeLayer, CodeModel, CodeTensor, model_spec

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.errors import Location
    from lstm_calc.readers.functional_objects import CodeNode


def dimension(made: object, node: ast.Subscript, loc: Callable[[ast.AST], Location], filename: str) -> Binding:
    """``x.shape[i]`` (``node``) of the tensor ``made``: known where Keras knows that size before the model
    runs; :data:`UNKNOWN` where it is None, ``i`` is no integer written out, or lstmcalc cannot tell."""
    try:
        index = ast.literal_eval(node.slice)
    except (ValueError, TypeError):  # a name, a slice: not written out
        return UNKNOWN
    if not isinstance(made, CodeTensor) or not isinstance(index, int) or isinstance(index, bool):
        return UNKNOWN
    shape = tensor_shape(made, filename)
    if shape is None or not -len(shape) <= index < len(shape) or shape[index] is None:
        return UNKNOWN
    return known(located_value(shape[index], loc(node)))


def tensor_shape(tensor: CodeTensor, filename: str) -> tuple[object, ...] | None:
    """The shape Keras gives ``tensor`` (batch axis first, None where unknown until run), or None where
    lstmcalc cannot tell it exactly: a later call of a shared layer, or a call the summary would refuse."""
    node = tensor.node
    owner = node.owner
    if isinstance(owner, CodeInput):
        shape = owner.block.get("shape")
        if not isinstance(shape, list) or not all(_dimension(size) for size in shape):
            return None
        return (owner.block.get("batch_size"), *shape)
    if node.index != 0 or not isinstance(owner, CodeLayer):
        return None
    from lstm_calc.api import build

    probe = CodeModel(node.location, "functional")
    probe.inputs = [(CodeTensor(source), source.location) for source in _inputs_of(node)]
    probe.outputs = [(tensor, node.location)]
    try:
        summary = build(model_spec(probe), filename, None, count_macs=False)[1]
    except SpecError:
        return None
    row = next((row for row in summary.layers if row.name == owner.name), None)
    shape = None if row is None else row.output_shape
    if tensor.index is not None:  # one output of several, numbered flat as the summary lists them
        shape = shape[tensor.index] if isinstance(shape, list) and tensor.index < len(shape) else None
    if not isinstance(shape, tuple) or not all(_dimension(size) for size in shape):
        return None
    return shape


def _inputs_of(node: CodeNode) -> list[CodeNode]:
    """The input calls ``node`` takes tensors from, at any depth, in the order the code makes them."""
    found: dict[int, CodeNode] = {}
    seen: set[int] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current.owner, CodeInput):
            found[id(current)] = current
        pending += [source.node for source in current.sources]
    return sorted(found.values(), key=lambda found_node: found_node.order)


def _dimension(size: object) -> bool:
    return size is None or isinstance(size, int) and not isinstance(size, bool)
