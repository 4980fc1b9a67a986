"""What Keras functional code makes, as the code reader follows it: inputs, layers, their calls
(Keras's nodes), the tensors those give, and models; and the graph spec data of one model.

A layer call gives one tensor (:class:`CodeTensor` with ``index`` None: all the call's
outputs, as a graph spec's ``name`` reference); unpacking it (``out, h, c = LSTM(...)(x)``)
or indexing it gives output ``i`` (``name[i]``). Whether the layer has that many outputs
is the spec check's question, asked at the line and column where the code uses the tensor.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.located import LocatedDict, new_located_dict, new_located_list, put
from lstm_calc.readers.code_masks import refuse_other_masks
from lstm_calc.readers.keras_code_names import REPEATING
from lstm_calc.readers.keras_config import call_options, refuse_disagreeing_call_options
from lstm_calc.readers.syntax_walk import walk

if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from typing import Any

    from lstm_calc.located import LocatedList
    from lstm_calc.readers.code_masks import Made

#: The merge functions of ``keras.layers`` -> (the layer class each makes, its positional arguments after the tensors).
MERGE_FUNCTIONS = {
    "concatenate": ("Concatenate", ("axis",)),
    "add": ("Add", ()),
    "subtract": ("Subtract", ()),
    "multiply": ("Multiply", ()),
    "average": ("Average", ()),
    "maximum": ("Maximum", ()),
    "minimum": ("Minimum", ()),
    "dot": ("Dot", ("axes",)),
}
#: The operators on two tensors that make an operation Keras 3 shows as a merge layer's row, by the layer class.
TENSOR_OPERATIONS: dict[type[ast.operator], str] = {ast.Add: "Add", ast.Sub: "Subtract", ast.Mult: "Multiply"}
#: Their classes, which ``keras.ops.add(x, y)``, ``subtract`` and ``multiply`` on two tensors make as the operators do.
OPERATION_CLASSES = frozenset(TENSOR_OPERATIONS.values())
FOLLOWED = "lstmcalc follows tensors made by keras.Input and by Keras layers called on tensors"


# Plain classes, compared by identity: dataclasses would cost a few milliseconds of every start
# that reads Keras code (each generates and compiles its methods).


class CodeInput:
    """A ``keras.Input(...)``: its name and spec block (shape, batch size, dtype)."""

    def __init__(
        self,
        name: str,
        block: LocatedDict,
        location: Location,
        order: int,
        named_at: int | None = None,
        class_name: str = "InputLayer",
        named_on: tuple[int, ...] = (),
    ) -> None:
        self.name = name
        self.block = block
        self.location = location
        self.order = order
        #: When Keras named it (its place among what the code makes), or None for a name the code gives.
        self.named_at = named_at
        self.class_name = class_name
        #: The undecided branches (path ids) it was named in.
        self.named_on = named_on


class CodeLayer:
    """A layer object the code makes: its spec mapping (None for a class lstmcalc lacks) and calls."""

    def __init__(
        self,
        name: str,
        class_name: str,
        spec: LocatedDict | None,
        location: Location,
        unsupported: list[tuple[str, Location]],
        call: ast.Call | None = None,
        nodes: list[CodeNode] | None = None,
        named_at: int | None = None,
        named_on: tuple[int, ...] = (),
    ) -> None:
        self.name = name
        self.class_name = class_name
        self.spec = spec
        self.location = location
        #: The layers lstmcalc lacks in it (itself, or one it wraps), as (class name, location).
        self.unsupported = unsupported
        #: The call that makes it (a wrapper that takes it reads its arguments there).
        self.call = call
        self.nodes: list[CodeNode] = [] if nodes is None else nodes
        self.named_at = named_at
        self.named_on = named_on
        #: The pass of the unrolled loops it was made in (code_loops): one call makes a layer per pass.
        self.made_pass = 0
        #: Its calls on tensors the reader could not follow: (the order of the last call made before, why).
        self.unfollowed_calls: list[tuple[int, SpecError]] = []
        #: Where the code compiles, fits or summarises it: a Sequential model used as a layer (functional_nested).
        self.used_at: Location | None = None


class CodeNode:
    """One call of a layer (or the tensor of an input), with the tensors it takes and where."""

    def __init__(
        self,
        owner: CodeLayer | CodeInput,
        index: int,
        location: Location,
        order: int,
        inputs: list[tuple[CodeTensor, Location]] | None = None,
        on_list: bool = False,
        initial_state: list[tuple[CodeTensor, Location]] | None = None,
        state_location: Location | None = None,
    ) -> None:
        self.owner = owner
        self.index = index
        self.location = location
        self.order = order
        self.inputs: list[tuple[CodeTensor, Location]] = [] if inputs is None else inputs
        #: Whether the layer is called on a list of tensors (a merge) rather than on one.
        self.on_list = on_list
        self.initial_state: list[tuple[CodeTensor, Location]] = [] if initial_state is None else initial_state
        self.state_location = state_location
        #: The call parameters given by keyword, for the last of ``inputs`` (``key=k`` of a MultiHeadAttention).
        self.keywords: tuple[str, ...] = ()
        self.mask: list[tuple[CodeTensor, Location]] = []  #: The tensors given as the call's ``mask``.

    @property
    def sources(self) -> list[CodeTensor]:
        return [tensor for tensor, _ in self.inputs + self.initial_state + self.mask]


class CodeTensor:
    """Output ``index`` of a call (None: all its outputs, one tensor for most layers)."""

    def __init__(self, node: CodeNode, index: int | None = None) -> None:
        self.node = node
        self.index = index


class TensorList:
    """A list or tuple the code writes out, holding tensors (or other objects, or None for plain values)."""

    def __init__(self, items: tuple[object, ...], nodes: tuple[ast.expr, ...]) -> None:
        self.items = items
        self.nodes = nodes


class CodeModel:
    """A ``Model(inputs, outputs, name=...)`` call, and whether the code compiles, fits or summarises it."""

    class_name = "Functional"
    #: When the model took its automatic name, and on which paths (NameDoubts.check).
    named_at: int | None = None
    named_on: tuple[int, ...] = ()

    def __init__(self, location: Location, automatic_name: str) -> None:
        self.location = location
        self.automatic_name = automatic_name
        self.name: tuple[object, Location, Location] | None = None
        self.inputs: list[tuple[CodeTensor, Location]] = []
        self.outputs: list[tuple[CodeTensor, Location]] = []
        self.outputs_location: Location | None = None
        self.error: SpecError | None = None
        self.used = False
        self.target: str | None = None


class Failed:
    """A value the code makes that lstmcalc could not follow; its error is raised where a model needs it."""

    def __init__(self, error: SpecError) -> None:
        self.error = error


class NameDoubts:
    """Where the code may make layers of a class other than once (in a loop, under a condition lstmcalc
    cannot decide, in a comprehension): Keras's automatic names of that class after it are unknown."""

    def __init__(self) -> None:
        self.noted: dict[str, list[tuple[int, Location, str, frozenset[int] | None]]] = {}

    def note(
        self, class_name: str, order: int, location: Location, why: str, once_within: tuple[int, ...] | None = None
    ) -> None:
        """The code may make ``class_name`` layers other than once here (``why``).

        ``once_within`` are the ids of the undecided branches (no loop among them) the layer
        is made in: they run once or not at all, so a layer named inside all of them ran with
        it, exactly once, and its name is known.
        """
        excused = None if once_within is None else frozenset(once_within)
        self.noted.setdefault(class_name, []).append((order, location, why, excused))

    def note_comprehensions(
        self,
        expressions: list[ast.expr],
        order: int,
        aliases: dict[str, str],
        loc: Callable[[ast.AST], Location],
        on_tensors: Callable[[ast.AST], bool] = lambda node: False,
        counted: Collection[int] = (),
    ) -> None:
        """Note what comprehensions and lambdas make as often as they run (layers; ``a + b``, ``x[:, i]``, ``ops.mean``
        on tensors, ``on_tensors``) and sums of tensors, each named from its class's counter, but in ``counted``."""
        from lstm_calc.readers.functional_reductions import operation_class

        for expression in expressions:
            for node in walk(expression):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "sum":
                    if on_tensors(node):
                        self.note("Add", order, loc(node), "by sum() of tensors")
                if isinstance(node, REPEATING) and id(node) not in counted:
                    operations = not isinstance(node, ast.Lambda) and on_tensors(node)
                    for inner in walk(node):
                        class_name = made_class(inner, aliases) if isinstance(inner, ast.Call) else None
                        if operations and isinstance(inner, ast.BinOp):
                            class_name = TENSOR_OPERATIONS.get(type(inner.op))
                        elif operations and isinstance(inner, (ast.Subscript, ast.Call)):
                            class_name = class_name or operation_class(inner)  # x[:, i], ops.mean(x, axis=i)
                        if class_name is not None:
                            self.note(class_name, order, loc(inner), "in a comprehension or lambda")

    def check(self, made: CodeLayer | CodeInput | CodeModel) -> None:
        """Refuse an automatic name that depends on how often such code ran."""
        if made.named_at is None:
            return
        named_on = frozenset(made.named_on)
        doubt = next(
            (
                (location, why)
                for order, location, why, excused in self.noted.get(made.class_name, ())
                if order < made.named_at and (excused is None or not excused <= named_on)
            ),
            None,
        )
        if doubt is None:
            return
        location, why = doubt
        raise SpecError(
            f"cannot tell the name Keras gives this {made.class_name}: the code makes {made.class_name} layers "
            f"{why} (line {location.line}) before it, as often as that runs; give it one with name='...'",
            made.location,
        )


def model_spec(model: CodeModel, doubts: NameDoubts | None = None, made: Made | None = None) -> LocatedDict:
    """The graph spec data of ``model``: its inputs, every call its outputs need, and its outputs (``made``:
    every layer the code makes, and when it last cleared the session, for :func:`refuse_other_masks`)."""
    if model.error is not None:
        raise model.error
    if doubts is not None and model.name is None:
        doubts.check(model)  # functional_N, after nested models' builds lstmcalc cannot count
    needed = needed_nodes(model)
    if made is not None:
        refuse_other_masks(needed, *made)
    for node in needed:
        if doubts is not None and node.index == 0:
            doubts.check(node.owner)
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


def needed_nodes(model: CodeModel) -> list[CodeNode]:
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
        pending += node.inputs + node.initial_state + node.mask
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
    positional = node.inputs[: len(node.inputs) - len(node.keywords)]
    if positional:
        references = _references(positional, names, node.location)
        if node.on_list:
            put(entry, "inputs", references, node.location, references.location)
        else:
            put(entry, "inputs", references[0], node.location, references.item_locations[0])
    for parameter, (tensor, where) in zip(node.keywords, node.inputs[len(positional) :]):
        put(entry, parameter, _references([(tensor, where)], names, where)[0], where, where)
    if node.initial_state:
        where = node.state_location or node.location
        put(entry, "initial_state", _references(node.initial_state, names, where), where, where)
    if node.mask:
        where = node.mask[0][1]
        put(entry, "mask", _references(node.mask, names, where), where, where)
    return entry


def not_a_tensor(loc: Callable[[ast.AST], Location], node: ast.expr, owner: str) -> SpecError:
    """The error for a call argument that is no tensor the reader follows."""
    if not isinstance(node, (ast.Constant, ast.Dict, ast.Set)):
        return cannot_follow(loc, node)
    source = ast.unparse(node)
    return SpecError(f"{owner} is given {source!r}, which is not a tensor lstmcalc can follow: {FOLLOWED}", loc(node))


def set_call_options(layer: CodeLayer, node: CodeNode, options: dict[str, tuple[Any, Location]]) -> None:
    """The call keywords a layer takes as spec arguments (``return_attention_scores=True``), each with
    where it is written: the first call's go on the layer; every later call must agree with them."""
    if layer.spec is None:
        return  # a layer lstmcalc does not support, refused with the others once the model is known
    if node.index == 0:
        for key, (value, where) in options.items():
            put(layer.spec, key, value, where, where)
        return
    first = {key: layer.spec[key] for key in call_options(layer.class_name) if key in layer.spec}
    refuse_disagreeing_call_options(layer.name, options, first, node.location)


def _references(tensors: list[tuple[CodeTensor, Location]], names: dict[int, str], location: Location) -> LocatedList:
    texts = []
    for tensor, _ in tensors:
        name = names[id(tensor.node)]
        texts.append(name if tensor.index is None else f"{name}[{tensor.index}]")
    return new_located_list(location, texts, [where for _, where in tensors])


def cannot_follow(loc: Callable[[ast.AST], Location], node: ast.expr) -> SpecError:
    """The refusal of a tensor made other than by an input or a layer call."""
    source = ast.unparse(node)
    shown = source if len(source) <= 60 else source[:57] + "..."
    return SpecError(
        f"cannot follow the tensor {shown!r} without running the code: {FOLLOWED}, not other "
        "functions, operations on tensors or loops; rebuild it with layers, or give the model as a YAML graph spec",
        loc(node),
    )


def model_as_layer(loc: Callable[[ast.AST], Location], call: ast.Call) -> SpecError:
    """The refusal of a model called on a tensor, as a layer."""
    return SpecError(
        "a model used as a layer is not read; call its layers on the tensor instead, "
        "or summarise each model on its own",
        loc(call),
    )


def custom_class(location: Location, class_name: str, classes: dict[str, int], call: ast.Call) -> SpecError:
    """The refusal of the user's own layer class (``class Attention(Layer)``), named with its line."""
    line = classes[call.func.id] if isinstance(call.func, ast.Name) else call.lineno
    return SpecError(
        f"custom layer '{class_name}' defined at line {line}: lstmcalc cannot count its weights; "
        "give the model as a YAML graph spec with Keras layers in its place",
        location,
    )


def made_class(call: ast.Call, aliases: dict[str, str]) -> str | None:
    """The class of the input, layer or merge layer ``call`` makes, if it makes one."""
    from lstm_calc.readers.keras_config import INPUT_LAYER, KERAS_CLASSES, callee

    name = callee(call, aliases)
    if name == "Input":
        return INPUT_LAYER
    return MERGE_FUNCTIONS[name][0] if name in MERGE_FUNCTIONS else name if name in KERAS_CLASSES else None
