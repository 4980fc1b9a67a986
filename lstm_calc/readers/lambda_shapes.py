"""The output shape of a simple ``Lambda`` function in Keras code, followed as the operation computes it.

Keras 3 traces a Lambda's function on a symbolic input to learn its output shape; lstmcalc
never runs code, so it follows the few functions real sequence code writes, and only those:
indexing and slicing (``x[:, -1]``, ``x[:, :5]``, ``x[..., 0]``), reductions over given axes
(``K.mean(x, axis=1)``, ``keras.ops.sum``, ``tf.reduce_max(x, axis=1, keepdims=True)``), and
``expand_dims``/``squeeze`` at a given axis, nested in one another, written as a ``lambda``
or as a function defined once in the file (``def last_step(x): return x[:, -1]``). Every
number in them must be a literal. Anything else, an axis past the input's rank, the batch
axis, or a slice of an axis of unknown size gives no shape: the Lambda then asks for its
``output_shape``, as a Lambda without one does. Never a guessed shape.

:func:`traced_output_shape` gives the function's rule as a :class:`TracedShape`, which the
Lambda layer calls with its input shape (Keras's own ``output_shape`` may be such a function
of the input shape); :func:`settle_traced_shapes` then writes each shape found as plain data.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedDict, new_located_list, put
from lstm_calc.readers.syntax_walk import dotted, made_node, nodes_of
from lstm_calc.shapes import describe_shape

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from lstm_calc.errors import Location
    from lstm_calc.layers import Layer
    from lstm_calc.shapes import Shape

#: Where each followed function is imported from, by module (after import aliases are resolved).
_BACKEND = ("keras.backend", "tensorflow.keras.backend", "tf_keras.backend", "tensorflow.compat.v1.keras.backend")
_OPS = ("keras.ops",)
_TENSORFLOW = ("tensorflow", "tensorflow.math")
#: operation -> (parameter names, defaults from the right) for each family of modules.
_REDUCE = (("x", "axis", "keepdims"), (None, False))
_TF_REDUCE = (("input_tensor", "axis", "keepdims"), (None, False))
SHAPE_FUNCTIONS: dict[str, tuple[str, tuple[str, ...], tuple[Any, ...]]] = {}
for _module in _BACKEND:
    for _name in ("mean", "sum", "max"):
        SHAPE_FUNCTIONS[f"{_module}.{_name}"] = ("reduce", *_REDUCE)
    SHAPE_FUNCTIONS[f"{_module}.expand_dims"] = ("expand_dims", ("x", "axis"), (-1,))
    SHAPE_FUNCTIONS[f"{_module}.squeeze"] = ("squeeze", ("x", "axis"), ())
for _module in _OPS:
    for _name in ("mean", "sum", "max"):
        SHAPE_FUNCTIONS[f"{_module}.{_name}"] = ("reduce", *_REDUCE)
    SHAPE_FUNCTIONS[f"{_module}.expand_dims"] = ("expand_dims", ("x", "axis"), ())
    SHAPE_FUNCTIONS[f"{_module}.squeeze"] = ("squeeze", ("x", "axis"), (None,))
for _module in _TENSORFLOW:
    for _name in ("reduce_mean", "reduce_sum", "reduce_max"):
        SHAPE_FUNCTIONS[f"{_module}.{_name}"] = ("reduce", *_TF_REDUCE)
SHAPE_FUNCTIONS["tensorflow.expand_dims"] = ("expand_dims", ("input", "axis"), ())
SHAPE_FUNCTIONS["tensorflow.squeeze"] = ("squeeze", ("input", "axis"), (None,))
_NOT_LITERAL = object()


class TracedShape:
    """A Lambda's output shape as a function of its input shape (both with the batch axis), or None
    where lstmcalc cannot be sure; remembers what it gave, for :func:`settle_traced_shapes`."""

    def __init__(self, parameter: str, body: ast.expr, modules: dict[str, str], location: Location) -> None:
        self.parameter = parameter
        self.body = body
        self.modules = modules
        self.location = location
        self.given: list[Shape | None] = []

    def __call__(self, input_shape: Shape) -> Shape | None:
        shape = self._shape(self.body, tuple(input_shape))
        self.given.append(shape)
        return shape

    def _shape(self, node: ast.expr, input_shape: Shape) -> Shape | None:
        if isinstance(node, ast.Name) and node.id == self.parameter:
            return input_shape
        if isinstance(node, ast.Subscript):
            inner = self._shape(node.value, input_shape)
            return None if inner is None else indexed(inner, node.slice)
        if isinstance(node, ast.Call):
            return self._call(node, input_shape)
        return None

    def _call(self, call: ast.Call, input_shape: Shape) -> Shape | None:
        function = SHAPE_FUNCTIONS.get(dotted(call.func, self.modules) or "")
        if function is None or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        operation, parameters, defaults = function
        given = dict(zip(parameters, call.args))
        if len(call.args) > len(parameters):
            return None
        for keyword in call.keywords:
            if keyword.arg not in parameters or keyword.arg in given:
                return None
            given[keyword.arg] = keyword.value
        tensor = self._shape(given.pop(parameters[0]), input_shape) if parameters[0] in given else None
        if tensor is None:
            return None
        values = dict(zip(parameters[len(parameters) - len(defaults) :], defaults))
        for name, node in given.items():
            values[name] = _literal(node)
            if values[name] is _NOT_LITERAL:
                return None
        if any(name not in values for name in parameters[1:]):
            return None
        if operation == "reduce":
            return reduced(tensor, values["axis"], values["keepdims"])
        if operation == "expand_dims":
            return expanded(tensor, values["axis"])
        return squeezed(tensor, values["axis"])


def traced_output_shape(function: ast.expr, tree: ast.Module, location: Location) -> TracedShape | None:
    """The rule of a Lambda's ``function`` (a ``lambda`` or the name of a function defined once in
    ``tree``) when it has one parameter and returns one expression; else None."""
    definition: ast.Lambda | ast.FunctionDef | None = None
    body: ast.expr | None = None
    if isinstance(function, ast.Lambda):
        definition, body = function, function.body
    elif isinstance(function, ast.Name):
        definition = _only_definition(tree, function.id)
        body = _returned(definition) if definition is not None else None
    if definition is None or body is None:
        return None
    arguments = definition.args
    if (
        len(arguments.args) != 1
        or arguments.posonlyargs
        or arguments.kwonlyargs
        or arguments.vararg
        or arguments.kwarg
        or arguments.defaults
    ):
        return None
    return TracedShape(arguments.args[0].arg, body, imported_modules(tree), location)


def _only_definition(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    """The one ``def name`` of the file, when nothing else in it binds ``name`` (else it may be another)."""
    found: list[ast.AST] = []
    for node in nodes_of(tree, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Name, ast.arg, ast.alias)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            found.append(node)
        elif isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            found.append(node)
        elif isinstance(node, ast.arg) and node.arg == name:
            found.append(node)
        elif isinstance(node, ast.alias) and (node.asname or node.name).split(".")[0] == name:
            found.append(node)
    only = found[0] if len(found) == 1 else None
    return only if isinstance(only, ast.FunctionDef) and not only.decorator_list else None


def _returned(definition: ast.FunctionDef) -> ast.expr | None:
    """The expression a function returns when its body is only ``return EXPRESSION`` (after a docstring)."""
    body = definition.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if len(body) == 1 and isinstance(body[0], ast.Return):
        return body[0].value
    return None


def imported_modules(tree: ast.Module) -> dict[str, str]:
    """``{"K": "keras.backend", "tf": "tensorflow"}``: each name the file's imports bind, when bound once
    and never assigned (a name bound twice may be either)."""
    found: dict[str, str] = {}
    doubtful: set[str] = set()
    for node in nodes_of(tree, (ast.Import, ast.ImportFrom, ast.Name)):
        pairs: list[tuple[str, str]] = []
        if isinstance(node, ast.Import):
            pairs = [(a.asname, a.name) if a.asname else (a.name.split(".")[0],) * 2 for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            pairs = [(a.asname or a.name, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            doubtful.add(node.id)
        for name, module in pairs:
            if found.get(name, module) != module:
                doubtful.add(name)
            found[name] = module
    return {name: module for name, module in found.items() if name not in doubtful}


def _axis(axis: Any, rank: int, extra: int = 0) -> int | None:
    """An axis as a non-negative index below ``rank + extra``, never the batch axis; None otherwise."""
    if not isinstance(axis, int) or isinstance(axis, bool) or not -(rank + extra) <= axis < rank + extra:
        return None
    axis = axis + rank + extra if axis < 0 else axis
    return axis if axis > 0 else None


def reduced(shape: Shape, axis: Any, keepdims: Any) -> Shape | None:
    axes = list(axis) if isinstance(axis, (tuple, list)) else [axis]
    found = [_axis(item, len(shape)) for item in axes]
    if not axes or None in found or len(set(found)) != len(found) or not isinstance(keepdims, bool):
        return None
    if keepdims:
        return tuple(1 if index in found else size for index, size in enumerate(shape))
    return tuple(size for index, size in enumerate(shape) if index not in found)


def expanded(shape: Shape, axis: Any) -> Shape | None:
    index = _axis(axis, len(shape), extra=1)
    return None if index is None else (*shape[:index], 1, *shape[index:])


def squeezed(shape: Shape, axis: Any) -> Shape | None:
    axes = list(axis) if isinstance(axis, (tuple, list)) else [axis]
    found = [_axis(item, len(shape)) for item in axes]
    if not axes or None in found or any(shape[index] != 1 for index in found if index is not None):
        return None
    return tuple(size for index, size in enumerate(shape) if index not in found)


def indexed(shape: Shape, index: ast.expr) -> Shape | None:
    """The shape of ``x[index]`` for literal integers, slices and one ``...``; the batch axis kept whole."""
    items = list(index.elts) if isinstance(index, ast.Tuple) else [index]
    ellipses = [i for i, item in enumerate(items) if isinstance(item, ast.Constant) and item.value is Ellipsis]
    if len(ellipses) > 1 or len(items) - len(ellipses) > len(shape):
        return None
    if ellipses:
        at = ellipses[0]
        items = [*items[:at], *[made_node(ast.Slice())] * (len(shape) - len(items) + 1), *items[at + 1 :]]
    items += [made_node(ast.Slice())] * (len(shape) - len(items))
    out: list[int | None] = []
    for position, (item, size) in enumerate(zip(items, shape)):
        if isinstance(item, ast.Slice):
            bounds = [_literal_int(part) for part in (item.lower, item.upper, item.step)]
            if any(bound is False for bound in bounds):
                return None
            whole = all(bound is None for bound in bounds)
            if whole:
                out.append(size)
            elif position == 0 or size is None or bounds[2] == 0:
                return None
            else:
                out.append(len(range(*slice(*bounds).indices(size))))
        else:
            number = _literal_int(item)
            if number is None or number is False or position == 0:
                return None
            if size is not None and not -size <= number < size:
                return None
    return tuple(out)


def _literal(node: ast.expr) -> Any:
    """The value of a literal (``-1``, ``(1, 2)``, ``True``), else ``_NOT_LITERAL``."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_LITERAL


def _literal_int(node: ast.expr | None) -> Any:
    """A slice bound or index: its integer, None where it is left out, False where it is not a literal integer."""
    if node is None:
        return None
    value = _literal(node)
    return value if isinstance(value, int) and not isinstance(value, bool) else False


def trace_function_argument(
    layer: LocatedDict,
    layer_class: type[Layer[Any]],
    nodes: dict[str, ast.expr],
    tree: ast.Module,
    loc: Callable[[ast.AST], Location],
) -> None:
    """Give ``layer`` (read from the call arguments ``nodes``) the rule of its output shape where its
    kind's shape is traced from a Python function (Lambda's) that :func:`traced_output_shape` follows
    and the code gives no ``output_shape`` (nor extra ``arguments`` to the function)."""
    # Declared by the kinds it applies to (Lambda), as nested_arguments is by wrappers.
    argument = getattr(layer_class, "keras_traced_function", None)
    if argument is None or argument not in nodes or "output_shape" in nodes or "arguments" in nodes:
        return
    node = nodes[argument]
    traced = traced_output_shape(node, tree, loc(node))
    if traced is not None:
        put(layer, "output_shape", traced, loc(node), loc(node))


def settle_traced_shapes(data: LocatedDict, filename: str) -> None:
    """Write each traced output shape in ``data`` as the sizes it gave (without the batch axis), as if
    the code had written ``output_shape=(...)``: a spec's data stays plain data. Where the model does
    not build, the rules stay, and building it again reports the same error."""
    holders = built_holders(data, filename, lambda mapping: isinstance(mapping.get("output_shape"), TracedShape))
    for holder in holders:
        traced: TracedShape = holder["output_shape"]
        shapes = {shape for shape in traced.given if shape is not None}
        if not shapes:
            del holder["output_shape"]  # never applied in the model
            continue
        if len(shapes) > 1:
            raise SpecError(
                "this Lambda is applied to inputs of different shapes and its function gives "
                f"{' and '.join(describe_shape(shape) for shape in sorted(shapes, key=str))}; "
                "one output_shape cannot hold both: use one Lambda per input",
                traced.location,
            )
        sizes = list(shapes.pop()[1:])
        put(
            holder,
            "output_shape",
            new_located_list(traced.location, sizes, [traced.location] * len(sizes)),
            holder.key_location("output_shape"),
            traced.location,
        )


def built_holders(data: Any, filename: str, holds_rule: Callable[[LocatedDict], bool]) -> list[LocatedDict]:
    """The mappings in ``data`` that ``holds_rule`` (a rule a code reader followed: a traced shape, a custom
    layer's), once the model is built with them, so that each rule has what it gave; none when the model
    does not build (building it again reports the same error)."""
    from lstm_calc.graph import infer
    from lstm_calc.spec import parse_model_spec

    found: list[LocatedDict] = []
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, LocatedDict):
            if holds_rule(value):
                found.append(value)
            pending += value.values()
        elif isinstance(value, dict):
            pending += value.values()
        elif isinstance(value, list):
            pending += value
    if not found:
        return []
    try:
        infer(parse_model_spec(data, filename), count_macs=False)
    except SpecError:
        return []
    return found
