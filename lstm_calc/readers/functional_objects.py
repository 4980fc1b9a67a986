"""What Keras functional code makes, as the code reader follows it: inputs, layers, their calls
(Keras's nodes), the tensors those give, and models; and the graph spec data of one model.

A layer call gives one tensor (:class:`CodeTensor` with ``index`` None: all the call's
outputs, as a graph spec's ``name`` reference); unpacking it (``out, h, c = LSTM(...)(x)``)
or indexing it gives output ``i`` (``name[i]``). Whether the layer has that many outputs
is the spec check's question, asked at the line and column where the code uses the tensor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedDict, new_located_dict, new_located_list, put

if TYPE_CHECKING:
    import ast

    from lstm_calc.errors import Location
    from lstm_calc.located import LocatedList


@dataclass(eq=False)
class CodeInput:
    """A ``keras.Input(...)``: its name and spec block (shape, batch size, dtype)."""

    name: str
    block: LocatedDict
    location: Location
    order: int


@dataclass(eq=False)
class CodeLayer:
    """A layer object the code makes: its spec mapping (None for a class lstmcalc lacks) and calls."""

    name: str
    class_name: str
    spec: LocatedDict | None
    location: Location
    #: The layers lstmcalc lacks in it (itself, or one it wraps), as (class name, location).
    unsupported: list[tuple[str, Location]]
    #: The call that makes it (a wrapper that takes it reads its arguments there).
    call: ast.Call | None = None
    nodes: list[CodeNode] = field(default_factory=list)


@dataclass(eq=False)
class CodeNode:
    """One call of a layer (or the tensor of an input), with the tensors it takes and where."""

    owner: CodeLayer | CodeInput
    index: int
    location: Location
    order: int
    inputs: list[tuple[CodeTensor, Location]] = field(default_factory=list)
    #: Whether the layer is called on a list of tensors (a merge) rather than on one.
    on_list: bool = False
    initial_state: list[tuple[CodeTensor, Location]] = field(default_factory=list)
    state_location: Location | None = None

    @property
    def sources(self) -> list[CodeTensor]:
        return [tensor for tensor, _ in self.inputs + self.initial_state]


@dataclass(frozen=True, eq=False)
class CodeTensor:
    """Output ``index`` of a call (None: all its outputs, one tensor for most layers)."""

    node: CodeNode
    index: int | None = None


@dataclass(frozen=True, eq=False)
class TensorList:
    """A list or tuple the code writes out, holding tensors (or other objects, or None for plain values)."""

    items: tuple[object, ...]
    nodes: tuple[ast.expr, ...]


@dataclass(eq=False)
class CodeModel:
    """A ``Model(inputs, outputs, name=...)`` call, and whether the code compiles, fits or summarises it."""

    location: Location
    automatic_name: str
    name: tuple[object, Location, Location] | None = None
    inputs: list[tuple[CodeTensor, Location]] = field(default_factory=list)
    outputs: list[tuple[CodeTensor, Location]] = field(default_factory=list)
    outputs_location: Location | None = None
    error: SpecError | None = None
    used: bool = False
    target: str | None = None


@dataclass(frozen=True, eq=False)
class Failed:
    """A value the code makes that lstmcalc could not follow; its error is raised where a model needs it."""

    error: SpecError


def model_spec(model: CodeModel) -> LocatedDict:
    """The graph spec data of ``model``: its inputs, every call its outputs need, and its outputs."""
    if model.error is not None:
        raise model.error
    needed = _needed_nodes(model)
    names = _node_names(needed)
    spec = new_located_dict(model.location)
    if model.name is not None:
        put(spec, "name", *model.name)
    else:
        put(spec, "name", model.automatic_name, model.location, model.location)
    inputs = new_located_dict(model.location)
    for tensor, location in model.inputs:
        owner = tensor.node.owner
        assert isinstance(owner, CodeInput)  # checked as the model was read
        put(inputs, owner.name, owner.block, location, owner.location)
    put(spec, "inputs", inputs, model.location, model.location)
    entries = [_entry(node, names) for node in needed if isinstance(node.owner, CodeLayer)]
    layers = new_located_list(model.location, entries, [entry.location for entry in entries])
    put(spec, "layers", layers, model.location, model.location)
    outputs_location = model.outputs_location or model.location
    put(spec, "outputs", _references(model.outputs, names, outputs_location), outputs_location, outputs_location)
    return spec


def _needed_nodes(model: CodeModel) -> list[CodeNode]:
    """The calls the model's outputs take tensors from, in the order the code makes them."""
    model_inputs = {id(tensor.node) for tensor, _ in model.inputs}
    needed: dict[int, CodeNode] = {}
    pending = [(tensor, location) for tensor, location in model.outputs]
    while pending:
        tensor, location = pending.pop()
        node = tensor.node
        if id(node) in needed:
            continue
        needed[id(node)] = node
        if isinstance(node.owner, CodeInput):
            if id(node) not in model_inputs:
                raise SpecError(
                    f"the model's outputs need the input '{node.owner.name}' (made at line "
                    f"{node.owner.location.line}), which is not among the model's inputs; "
                    "add it to Model(inputs=[...])",
                    location,
                )
            continue
        pending += node.inputs + node.initial_state
    ordered = sorted(needed.values(), key=lambda node: node.order)
    _refuse_unsupported(ordered)
    for node in ordered:
        owner = node.owner
        if isinstance(owner, CodeLayer) and node.index > 0 and id(owner.nodes[0]) not in needed:
            raise SpecError(
                f"layer '{owner.name}' is called here again, but its first call (line {owner.nodes[0].location.line}) "
                "is not part of this model; lstmcalc reads a shared layer whose first call the model makes",
                node.location,
            )
    return ordered


def _refuse_unsupported(nodes: list[CodeNode]) -> None:
    from lstm_calc.readers.keras_config import unsupported_layers_message

    found: dict[tuple[str, int, int], tuple[str, Location]] = {}
    for node in nodes:
        if isinstance(node.owner, CodeLayer):
            for name, location in node.owner.unsupported:
                found.setdefault((name, location.line, location.column), (name, location))
    if found:
        listed = [f"{name} (line {location.line})" for name, location in found.values()]
        raise SpecError(unsupported_layers_message(listed), next(iter(found.values()))[1])


def _node_names(nodes: list[CodeNode]) -> dict[int, str]:
    """Each call's entry name: the input's or layer's for its first call, ``<layer>_node<i>`` for later ones."""
    taken = {node.owner.name for node in nodes}
    names: dict[int, str] = {}
    for node in nodes:
        if node.index == 0:
            names[id(node)] = node.owner.name
            continue
        name = f"{node.owner.name}_node{node.index}"
        while name in taken:
            name += "_"
        taken.add(name)
        names[id(node)] = name
    return names


def _entry(node: CodeNode, names: dict[int, str]) -> LocatedDict:
    layer = node.owner
    assert isinstance(layer, CodeLayer) and layer.spec is not None  # unsupported layers are refused first
    if node.index == 0:
        entry = new_located_dict(layer.spec.location)
        for key in layer.spec:
            put(entry, key, layer.spec[key], layer.spec.key_location(key), layer.spec.value_location(key))
    else:
        entry = new_located_dict(node.location)
        put(entry, "name", names[id(node)], node.location, node.location)
        put(entry, "shares", layer.name, node.location, layer.location)
    references = _references(node.inputs, names, node.location)
    if node.on_list:
        put(entry, "inputs", references, node.location, references.location)
    else:
        put(entry, "inputs", references[0], node.location, references.item_locations[0])
    if node.initial_state:
        where = node.state_location or node.location
        put(entry, "initial_state", _references(node.initial_state, names, where), where, where)
    return entry


def _references(tensors: list[tuple[CodeTensor, Location]], names: dict[int, str], location: Location) -> LocatedList:
    texts = []
    for tensor, _ in tensors:
        name = names[id(tensor.node)]
        texts.append(name if tensor.index is None else f"{name}[{tensor.index}]")
    return new_located_list(location, texts, [where for _, where in tensors])
