"""A subclassed Keras model's ``call`` read as a graph: which layers it applies to which tensors.

``call`` may apply the layers ``__init__`` made in any order, to the input or to any tensor
computed before (two paths from the input), more than once (a shared layer), to a list
(``self.concat([x, y])``); it may merge tensors with ``x + y``, ``x - y``, ``x * y``,
``layers.add([x, y])``, ``layers.concatenate([x, y])`` or a layer made on the spot
(``layers.Add()([x, y])``). Those merges are layers Keras's summary of a subclassed model
does not list (they are not attributes of the model), so they become layers of the graph
without rows: the spec's ``summary_rows`` lists the rows the summary shows, in the order
``__init__`` made them, as Keras lists ``model.layers``.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, NamedTuple

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedDict, new_located_dict, new_located_list, put
from lstm_calc.readers.functional_calls import merge_layer_call
from lstm_calc.readers.functional_objects import MERGE_FUNCTIONS
from lstm_calc.readers.keras_config import KERAS_CLASSES, callee, separate_call_arguments
from lstm_calc.readers.syntax_walk import made_node

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.errors import Location
    from lstm_calc.located import LocatedList

INPUT = "inputs"
READ_RULE = (
    "lstmcalc reads a call() made of assignments and a return, each applying layers made in __init__ "
    "(or merging tensors with +, -, *, layers.add/concatenate) to the input or to tensors computed before; "
    "give the model as a YAML graph spec"
)
#: ``x + y`` in ``call``: the merge layer that computes the same.
OPERATOR_LAYERS: dict[type[ast.operator], str] = {ast.Add: "Add", ast.Sub: "Subtract", ast.Mult: "Multiply"}


class Tensor(NamedTuple):
    """A tensor in ``call``: the model's input, or one application's output (``output`` of several)."""

    source: int  # -1 for the model's input, else the application's position
    output: int | None = None


class Application(NamedTuple):
    """One layer applied in ``call``: ``layer`` is ``self.lstm`` for a model's layer, or ``None`` for a
    merge made in ``call`` (``made`` is then its layer call and class)."""

    layer: str | None
    made: tuple[ast.Call, str] | None
    inputs: tuple[Tensor, ...]
    on_list: bool
    node: ast.AST


class CallGraph(NamedTuple):
    """What ``call`` computes: its applications in the order they run, and the tensor it returns."""

    applications: list[Application]
    output: Tensor

    def chain(self, created: list[str]) -> bool:
        """Whether ``call`` applies the layers ``created`` once each, in that order, each on the last output."""
        if [application.layer for application in self.applications] != created:
            return False
        expected = [Tensor(position - 1) for position in range(len(self.applications))]
        if [application.inputs for application in self.applications] != [(tensor,) for tensor in expected]:
            return False
        return not any(application.on_list for application in self.applications) and self.output == Tensor(
            len(self.applications) - 1
        )


def read_call(
    method: ast.FunctionDef, made: dict[str, str], aliases: dict[str, str], loc: Callable[[ast.AST], Location]
) -> CallGraph:
    """The graph of ``call`` (``made``: the class of each layer ``__init__`` made, by its ``self.x`` name)."""
    positional = [*method.args.posonlyargs, *method.args.args]
    if len(positional) < 2:
        raise SpecError("call() takes the model's input after self, as in call(self, inputs)", loc(method))
    reader = _CallReader(made, aliases, loc)
    reader.tensors[positional[1].arg] = Tensor(-1)
    for statement in method.body:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a docstring
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                reader.tensors[target.id] = reader.tensor(statement.value)
                continue
        if isinstance(statement, ast.Return) and statement.value is not None:
            return CallGraph(reader.applications, reader.tensor(statement.value))
        raise SpecError(f"cannot read this statement of call(); {READ_RULE}", loc(statement))
    raise SpecError(f"call() returns no tensor; {READ_RULE}", loc(method))


class _CallReader:
    def __init__(self, made: dict[str, str], aliases: dict[str, str], loc: Callable[[ast.AST], Location]) -> None:
        self.made = made
        self.aliases = aliases
        self.loc = loc
        self.tensors: dict[str, Tensor] = {}
        self.applications: list[Application] = []

    def tensor(self, node: ast.expr) -> Tensor:
        if isinstance(node, ast.Name) and node.id in self.tensors:
            return self.tensors[node.id]
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            source = self.tensor(node.value)
            if source.source >= 0 and source.output is None and isinstance(node.slice.value, int):
                return Tensor(source.source, node.slice.value)
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATOR_LAYERS:
            class_name = OPERATOR_LAYERS[type(node.op)]
            made = made_node(ast.Call(func=ast.Name(id=class_name), args=[], keywords=[]), node)
            return self._apply(None, (made, class_name), made_node(ast.List(elts=[node.left, node.right])), node)
        if isinstance(node, ast.Call):
            layer = node.func.id if isinstance(node.func, ast.Name) else None
            separate = separate_call_arguments(self.made.get(layer)) if layer is not None else ()
            if layer is not None and separate:  # self.attention(x, x), (query=x, value=y): a tensor per parameter
                given = {keyword.arg: keyword.value for keyword in node.keywords if keyword.arg in separate}
                elements = [*node.args, *(given[name] for name in separate[len(node.args) :] if name in given)]
                return self._apply(layer, None, made_node(ast.List(elts=elements)), node)
            if isinstance(node.func, ast.Name) and node.func.id in self.made and node.args:
                return self._apply(node.func.id, None, node.args[0], node)
            function = callee(node, self.aliases)
            if function in MERGE_FUNCTIONS and not isinstance(node.func, ast.Call):
                made, tensors = merge_layer_call(node, function, self.loc)
                return self._apply(None, (made, MERGE_FUNCTIONS[function][0]), tensors, node)
            if isinstance(node.func, ast.Call) and node.args:
                made_here = callee(node.func, self.aliases)
                if made_here is not None and made_here in KERAS_CLASSES:
                    return self._apply(None, (node.func, made_here), node.args[0], node)
        raise SpecError(f"cannot follow {ast.unparse(node)!r} in call(); {READ_RULE}", self.loc(node))

    def _apply(self, layer: str | None, made: tuple[ast.Call, str] | None, argument: ast.expr, node: ast.AST) -> Tensor:
        on_list = isinstance(argument, (ast.List, ast.Tuple))
        elements = argument.elts if isinstance(argument, (ast.List, ast.Tuple)) else [argument]
        inputs = tuple(self.tensor(element) for element in elements)
        self.applications.append(Application(layer, made, inputs, on_list, node))
        return Tensor(len(self.applications) - 1)


def graph_spec(
    graph: CallGraph,
    layer_specs: dict[str, LocatedDict],
    merge_spec: Callable[[ast.Call, str], LocatedDict],
    model_input: LocatedDict,
    location: Location,
    loc: Callable[[ast.AST], Location],
) -> LocatedDict:
    """The graph spec data of ``graph``: ``layer_specs`` are the model's layers (named) by ``self.x``,
    in creation order, the summary's ``summary_rows``; ``merge_spec`` makes the spec of a merge
    ``call`` makes."""
    spec = new_located_dict(location)
    taken = {str(layer["name"]) for layer in layer_specs.values()}
    input_name = _fresh("input_layer", taken)
    inputs = new_located_dict(model_input.location)
    put(inputs, input_name, model_input, model_input.location, model_input.location)
    node_names: list[str] = []
    uses: dict[str, int] = {}
    entries = []
    for application in graph.applications:
        where = loc(application.node)
        if application.layer is not None:
            layer = layer_specs[application.layer]
            uses[application.layer] = uses.get(application.layer, 0) + 1
            if uses[application.layer] == 1:
                entry = new_located_dict(layer.location)
                for key in layer:
                    put(entry, key, layer[key], layer.key_location(key), layer.value_location(key))
                name = str(layer["name"])
            else:
                name = _fresh(f"{layer['name']}_node{uses[application.layer] - 1}", taken)
                entry = new_located_dict(where)
                put(entry, "name", name, where, where)
                put(entry, "shares", layer["name"], where, where)
        else:
            assert application.made is not None
            entry = merge_spec(*application.made)
            name = _fresh(f"{entry['type'].lower()}_at_line_{where.line}", taken)
            put(entry, "name", name, where, where)
        references = _references(application.inputs, node_names, input_name, where)
        put(entry, "inputs", references if application.on_list else references[0], where, where)
        node_names.append(name)
        entries.append(entry)
    put(spec, "inputs", inputs, location, location)
    put(spec, "layers", new_located_list(location, entries, [entry.location for entry in entries]), location, location)
    outputs = _references((graph.output,), node_names, input_name, location)
    put(spec, "outputs", outputs, location, location)
    rows = [str(layer["name"]) for layer in layer_specs.values()]
    row_locations = [layer.location for layer in layer_specs.values()]
    put(spec, "summary_rows", new_located_list(location, rows, row_locations), location, location)
    return spec


def _references(tensors: tuple[Tensor, ...], node_names: list[str], input_name: str, where: Location) -> LocatedList:
    texts = []
    for tensor in tensors:
        name = input_name if tensor.source < 0 else node_names[tensor.source]
        texts.append(name if tensor.output is None else f"{name}[{tensor.output}]")
    return new_located_list(where, texts, [where] * len(texts))


def _fresh(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name
