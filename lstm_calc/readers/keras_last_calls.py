"""A layer of the summarised model called again outside it, later in the code (a seq2seq model's
decoder and Dense, called again for the inference model).

Keras's ``model.summary()`` shows each layer's output shape from the layer's last call anywhere
(``format_layer_shape`` reads ``layer._inbound_nodes``, which every symbolic call appends to, in
whichever model), so after ``decoder(step_in)`` on ``Input(shape=(1, 4))`` the training model's
row shows ``(None, 1, 16)``. lstmcalc summarises the model as it stands once the whole file has
run: each layer's last call the reader follows anywhere in the file is the call whose shapes its
row shows. A later call outside the model is summarised in a small model of its own (the call,
what it takes tensors from, and the first call of each layer in it, which a graph spec defines
the layer by); a later call lstmcalc cannot follow (its tensor made some other way) is refused
there, since its shape is unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.functional_objects import (
    CodeInput,
    CodeLayer,
    CodeModel,
    CodeNode,
    CodeTensor,
    model_spec,
    needed_nodes,
)

if TYPE_CHECKING:
    from lstm_calc.located import LocatedDict


def later_calls(model: CodeModel) -> tuple[tuple[str, LocatedDict], ...]:
    """For each layer of ``model`` whose last call is outside it: the layer's name and
    the graph spec of a model whose last call of that layer is that call. A later call the reader could
    not follow is refused at its line."""
    nodes = needed_nodes(model)
    in_model = {id(node) for node in nodes}
    last_in_model: dict[int, CodeNode] = {}
    for node in nodes:
        if isinstance(node.owner, CodeLayer):
            last_in_model[id(node.owner)] = node  # nodes are in the code's order
    found: list[tuple[str, LocatedDict]] = []
    for mine in last_in_model.values():
        layer = mine.owner
        assert isinstance(layer, CodeLayer)
        last = layer.nodes[-1]
        for order, error in layer.unfollowed_calls:
            if order >= last.order:
                raise SpecError(
                    f"layer '{layer.name}' of the model is called again here, and Keras's summary shows the "
                    f"shape of a layer's last call, in whichever model; lstmcalc cannot tell this call's: "
                    f"{error.message}",
                    error.location,
                )
        if id(last) not in in_model:
            found.append((layer.name, model_spec(_model_of(model, last))))
    return tuple(found)


def _model_of(model: CodeModel, last: CodeNode) -> CodeModel:
    """A model of ``last``, the calls it takes tensors from, and each of their layers' first call."""
    seen: dict[int, CodeNode] = {}
    pending = [last]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen[id(node)] = node
        if isinstance(node.owner, CodeLayer):
            pending += [tensor.node for tensor in node.sources]
            pending.append(node.owner.nodes[0])
    of_it = CodeModel(last.location, model.automatic_name)
    of_it.inputs = [(CodeTensor(node), node.location) for node in seen.values() if isinstance(node.owner, CodeInput)]
    of_it.outputs = [
        (CodeTensor(node), node.location)
        for node in seen.values()
        if isinstance(node.owner, CodeLayer) and (node is last or node.index == 0)
    ]
    return of_it
