"""A user's own Keras layer class (``class Attention(keras.layers.Layer)``) in Keras code, read, never run.

Where the code makes such a layer (``Attention(64)``), its ``__init__`` is read with its parameters
bound to the call's arguments and defaults (:mod:`~lstm_calc.readers.custom_methods`), giving the
layer's attributes (``self.units = units``). The layer's spec is a ``CustomLayer`` whose
``weights`` and ``output_shape`` are rules of its input shape (:class:`CustomLayerRules`): its
``build(input_shape)`` is read with that shape to find each ``self.add_weight(shape=...)``, and its
``compute_output_shape``, or else its ``call`` on a tensor of that shape, gives the output shape.
Where lstmcalc cannot follow the code a count or the output depends on, the rule raises a located
error naming the class, its line and what could not be followed; never a guessed count.
"""

from __future__ import annotations

import ast
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedDict, new_located_dict, new_located_list, put
from lstm_calc.readers.custom_methods import MethodReader, Unset
from lstm_calc.readers.custom_tensors import TensorShape, Unfollowed
from lstm_calc.readers.endless_making import runs_in
from lstm_calc.readers.lambda_shapes import built_holders, imported_modules
from lstm_calc.readers.syntax_walk import is_super_call, walk
from lstm_calc.spec_layers import FIRST_LAYER_INPUT_KEYS

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.errors import Location
    from lstm_calc.readers.evaluate import Binding, Evaluator
    from lstm_calc.shapes import Shape

LAYER_BASE = "Layer"
CUSTOM_TYPE = "CustomLayer"
_INSTEAD = "give the model as a YAML graph spec with Keras layers in its place"
#: ``call``'s parameters besides the input that Keras fills itself when no layer before gives them.
_CALL_EXTRAS = ("mask", "training")
#: Keyword arguments of Keras's ``Layer.__init__`` that a spec reads (a custom class passes them on): ``dtype``
#: is the layer's dtype policy, whose variable dtype its weights take unless ``add_weight`` gives one.
KERAS_KEYWORDS = ("name", "trainable", "dtype", *FIRST_LAYER_INPUT_KEYS)


def layer_classes(tree: ast.Module, aliases: dict[str, str]) -> dict[str, ast.ClassDef]:
    """The module's classes that subclass Keras's ``Layer`` (``Layer``, ``layers.Layer``, ``keras.layers.Layer``)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = {
                aliases.get(base.id, base.id) if isinstance(base, ast.Name) else getattr(base, "attr", None)
                for base in node.bases
            }
            if LAYER_BASE in names:
                found[node.name] = node
    return found


def method(definition: ast.ClassDef, name: str) -> ast.FunctionDef | None:
    """The class's last ``def name`` (the one Python keeps), if any."""
    found = [node for node in definition.body if isinstance(node, ast.FunctionDef) and node.name == name]
    return found[-1] if found else None


class VariableNames:
    """The names Keras gives weights made without one: ``variable``, ``variable_1``... counted across the model."""

    def __init__(self) -> None:
        self.count = 0

    def next_name(self) -> str:
        name = "variable" if self.count == 0 else f"variable_{self.count}"
        self.count += 1
        return name


class CustomLayerContext:
    """What every custom layer of one file is read with: its evaluator, module names, imports, the
    weight names Keras gives unnamed weights, and ``floatx()`` as the file sets it."""

    def __init__(self, evaluator: Evaluator, module: dict[str, Binding], tree: ast.Module) -> None:
        self.evaluator = evaluator
        self.module = module
        self.tree = tree
        self.modules = imported_modules(tree)
        self.variables = VariableNames()

    @cached_property
    def floatx(self) -> str:
        """What ``keras.backend.floatx()`` gives: the file's ``set_floatx(...)``, else float32."""
        from lstm_calc.readers.keras_dtype_settings import floatx_setting

        return floatx_setting(self.tree)

    def reader(self, attributes: dict[str, Any] | None = None) -> MethodReader:
        return MethodReader(self.evaluator, self.module, self.modules, attributes, lambda: self.floatx)


class CustomLayerRules:
    """One custom layer object: its weights and output shape for an input shape, read from its class."""

    def __init__(self, definition: ast.ClassDef, context: CustomLayerContext, made: MethodReader) -> None:
        self.definition = definition
        self.context = context
        self.attributes = made.attributes
        self.init_weights = made.weights
        #: What its ``__init__`` gives ``super().__init__(...)`` (``name=``, ``dtype=``), each an :class:`Unset` if
        #: unknown.
        self.super_given = made.super_given
        self.built: dict[tuple[Shape, str | None], Built] = {}
        #: The input shapes and layer names it was built with, in order (settle_custom_layers writes the first's).
        self.given: list[tuple[Shape, str | None]] = []

    def weights(self, input_shape: Shape, layer_name: str | None = None) -> list[Made]:
        """Each weight's name, shape, whether trainable and dtype (None: the layer's), in the order the code
        creates them."""
        return self._build(input_shape, layer_name)[0]

    def output_shape(self, input_shape: Shape, layer_name: str | None = None) -> Shape | list[Shape]:
        """The output shape, batch axis first (a list of them for a layer that returns several tensors)."""
        return self._build(input_shape, layer_name)[1]

    def _build(self, input_shape: Shape, layer_name: str | None) -> Built:
        key = (input_shape, layer_name)
        if key not in self.built:
            self.given.append(key)
            reader = self.context.reader({"name": layer_name, **self.attributes})
            build = method(self.definition, "build")
            if build is not None:
                try:
                    reader.run(build, _first_parameter(build, input_shape))
                except Unfollowed as error:
                    raise self.error(error, "cannot count its weights", "its build()") from None
            weights = []
            for weight in [*self.init_weights, *reader.weights]:
                name = weight.name or self.context.variables.next_name()
                weights.append((name, weight.shape, weight.trainable, weight.dtype))
            self.built[key] = (weights, self._output(reader, input_shape))
        return self.built[key]

    def _output(self, built: MethodReader, input_shape: Shape) -> Shape | list[Shape]:
        computed = method(self.definition, "compute_output_shape")
        if computed is not None:
            reader = self.context.reader(built.attributes)
            try:
                shape = reader.run(computed, _first_parameter(computed, input_shape))
            except Unfollowed as error:
                raise self.error(error, "cannot tell its output shape", "its compute_output_shape()") from None
            shapes = (
                list(shape) if isinstance(shape, tuple) and shape and all(_is_shape(item) for item in shape) else None
            )
            if shapes is not None and len(shapes) > 1:
                return shapes
            if not _is_shape(shape):
                raise self.error(
                    Unfollowed(computed, "compute_output_shape() returns no shape lstmcalc can follow"),
                    "cannot tell its output shape",
                    "its compute_output_shape()",
                )
            return tuple(shape)
        call = method(self.definition, "call")
        if call is None:
            raise self.error(
                Unfollowed(self.definition, "the class has no call() method"), "cannot tell its output shape", ""
            )
        reader = self.context.reader(built.attributes)
        try:
            arguments = _first_parameter(call, TensorShape(input_shape))
            arguments |= {name: None for name in _parameters(call)[1:] if name in _CALL_EXTRAS}
            result = reader.run(call, arguments)
        except Unfollowed as error:
            raise self.error(error, "cannot tell its output shape", "its call()") from None
        if isinstance(result, tuple) and len(result) > 1 and all(isinstance(item, TensorShape) for item in result):
            return [item.shape for item in result]
        if not isinstance(result, TensorShape):
            raise self.error(
                Unfollowed(call, "call() returns no single tensor lstmcalc can follow"),
                "cannot tell its output shape",
                "its call()",
            )
        return result.shape

    def error(self, unfollowed: Unfollowed, what: str, where: str) -> SpecError:
        """The located refusal: the class, its line, and what lstmcalc could not follow where."""
        node = unfollowed.node
        line = getattr(node, "lineno", self.definition.lineno)
        place = f" in {where}" if where else ""
        instead = f"give it a compute_output_shape() or {_INSTEAD}" if "output" in what else _INSTEAD
        instead = unfollowed.instead or instead
        return SpecError(
            f"custom layer '{self.definition.name}' defined at line {self.definition.lineno}: lstmcalc {what}: "
            f"{unfollowed.reason}{place} (line {line}); {instead}",
            self.context.evaluator.loc(node),
        )


#: One weight a custom layer's code makes: its name, shape, whether trainable, and dtype (None: the layer's).
Made = tuple[str, tuple[int, ...], bool, "str | None"]
#: What a custom layer built on one input gives: its weights and its output shape(s).
Built = tuple[list[Made], "Shape | list[Shape]"]


def _is_shape(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        size is None or (isinstance(size, int) and not isinstance(size, bool)) for size in value
    )


def _parameters(function: ast.FunctionDef) -> list[str]:
    """The parameters after ``self``."""
    return [argument.arg for argument in [*function.args.posonlyargs, *function.args.args][1:]]


def _first_parameter(function: ast.FunctionDef, value: Any) -> dict[str, Any]:
    names = _parameters(function)
    if not names:
        raise Unfollowed(function, f"{function.name}() takes no input")
    return {names[0]: value}


def read_custom_layer(
    definition: ast.ClassDef,
    call: ast.Call,
    context: CustomLayerContext,
    argument: Callable[[ast.expr], Any],
    is_layer: Callable[[ast.Call], str | None],
) -> CustomLayerRules:
    """The layer object ``call`` makes of the user's ``definition``: its ``__init__`` read with the call's
    arguments (``argument`` gives each one's value, or an :class:`Unset`)."""
    init = method(definition, "__init__")
    for node in walk(definition):
        made = is_layer(node) if isinstance(node, ast.Call) else None
        if made == definition.name and isinstance(node, ast.Call) and runs_in(node, init):
            raise SpecError(
                f"custom layer '{made}' defined at line {definition.lineno} makes another {made} in its own "
                f"__init__ (line {node.lineno}): it builds itself without end, which Python never finishes (it "
                "stops with RecursionError)",
                context.evaluator.loc(call),
            )
        if made is not None and isinstance(node, ast.Call):
            raise SpecError(
                f"custom layer '{definition.name}' defined at line {definition.lineno} makes a {made} layer of its "
                f"own (line {node.lineno}): lstmcalc cannot count its weights; {_INSTEAD}",
                context.evaluator.loc(call),
            )
    reader = context.reader()
    if init is not None:
        try:
            reader.run(init, _bound(init, call, argument, context))
        except Unfollowed as error:
            rules = CustomLayerRules(definition, context, reader)
            raise rules.error(error, "cannot count its weights", "its __init__()") from None
    return CustomLayerRules(definition, context, reader)


def _bound(
    init: ast.FunctionDef, call: ast.Call, argument: Callable[[ast.expr], Any], context: CustomLayerContext
) -> dict[str, Any]:
    """``__init__``'s parameters bound to ``call``'s arguments, else to their defaults (read as Python
    reads them, with the module's names); ``*args``, ``**kwargs`` and what is missing are unknown."""
    arguments = init.args
    positional = [*arguments.posonlyargs, *arguments.args][1:]
    bound: dict[str, Any] = {}
    defaults = dict(zip([p.arg for p in positional][len(positional) - len(arguments.defaults) :], arguments.defaults))
    defaults |= {p.arg: node for p, node in zip(arguments.kwonlyargs, arguments.kw_defaults) if node is not None}
    module = context.reader()
    for name, node in defaults.items():
        try:
            bound[name] = module.value(node)
        except Unfollowed as error:
            bound[name] = Unset(error)
    for parameter, node in zip(positional, call.args):
        bound[parameter.arg] = argument(node)
    by_name = {parameter.arg for parameter in [*positional, *arguments.kwonlyargs]}
    for keyword in call.keywords:
        if keyword.arg in by_name:
            bound[keyword.arg] = argument(keyword.value)
    maker = call.func.id if isinstance(call.func, ast.Name) else "the layer"
    every = [*positional, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
    for name in [parameter.arg for parameter in every if parameter is not None]:
        if name not in bound:
            bound[name] = Unset(Unfollowed(call, f"{maker}() gives no {name}"))
    return bound


def keras_keywords(definition: ast.ClassDef, call: ast.Call) -> list[ast.keyword]:
    """The keywords of ``call`` that reach Keras's own ``Layer.__init__`` (:data:`KERAS_KEYWORDS`): those
    ``__init__`` does not take itself where it passes on its ``**kwargs`` (``super().__init__(**kwargs)``), or
    the class has no ``__init__``. An ``__init__`` that takes ``**kwargs`` and keeps them swallows
    ``dtype="float64"`` and ``trainable=False``, and Keras's layer has neither."""
    init = method(definition, "__init__")
    own = set() if init is None else {argument.arg for argument in [*init.args.args, *init.args.kwonlyargs]}
    passes_on = init is None or (init.args.kwarg is not None and _passes_on(init, init.args.kwarg.arg))
    return [
        keyword for keyword in call.keywords if keyword.arg in KERAS_KEYWORDS and keyword.arg not in own and passes_on
    ]


def _passes_on(init: ast.FunctionDef, kwargs: str) -> bool:
    """Whether ``init`` gives ``super().__init__`` its ``**kwargs``."""
    return any(
        is_super_call(node, "__init__")
        and any(k.arg is None and isinstance(k.value, ast.Name) and k.value.id == kwargs for k in node.keywords)
        for node in walk(init)
    )


def custom_layer_spec(
    rules: CustomLayerRules,
    call: ast.Call,
    given: dict[str, tuple[Any, ast.keyword]],
    loc: Callable[[ast.AST], Location],
) -> LocatedDict:
    """The spec mapping of a custom layer object: its class's name, the rules of its weights and output, and
    the arguments ``given`` to Keras's own ``Layer`` (``name``, ``trainable``, Keras 2's ``input_shape``)."""
    layer = new_located_dict(loc(call))
    put(layer, "type", CUSTOM_TYPE, loc(call.func), loc(call.func))
    put(layer, "keras_class", rules.definition.name, loc(call.func), loc(call.func))
    super_name = rules.super_given.get("name")
    if "name" not in given and isinstance(super_name, str):
        put(layer, "name", super_name, loc(call), loc(call))
    if "dtype" not in given and "dtype" in rules.super_given:  # super().__init__(dtype=...): the layer's policy
        dtype = rules.super_given["dtype"]
        if isinstance(dtype, Unset):
            raise _dtype_asked(rules, dtype.error)
        if dtype is not None:
            put(layer, "dtype", dtype, loc(call), loc(call))
    for key, (value, keyword) in given.items():
        put(layer, key, value, loc(keyword), loc(keyword.value))
    put(layer, "weights", rules.weights, loc(call), loc(call))
    put(layer, "output_shape", rules.output_shape, loc(call), loc(call))
    return layer


def _dtype_asked(rules: CustomLayerRules, unfollowed: Unfollowed) -> SpecError:
    """The refusal of a ``super().__init__(dtype=...)`` lstmcalc cannot know: asked for with --set."""
    from lstm_calc.readers.set_values import set_option

    node = unfollowed.node
    option = set_option(ast.unparse(node))
    reason = f"the dtype it gives super().__init__() sizes its weights: {unfollowed.reason}"
    asked = Unfollowed(node, reason, f"give its value with {option}")
    return rules.error(asked, "cannot tell its dtype", "its __init__()")


def refuse_shapeless_inner(wrapper: type, inner: Any, loc: Callable[[ast.AST], Location]) -> None:
    """A wrapper whose output shape Keras asks of the layer it wraps (``TimeDistributed``) refuses a user's
    layer class without ``compute_output_shape``, in Keras's words: ``Layer.compute_output_shape`` raises
    ``NotImplementedError`` unless the class overrides it. A functional call stops there; building a
    Sequential or subclassed model catches it and leaves the model built only up to there, a summary of
    ``?`` shapes and ``0 (unbuilt)`` layers that lstmcalc does not print."""
    rules = getattr(inner.get("output_shape"), "__self__", None) if isinstance(inner, dict) else None
    if not getattr(wrapper, "asks_inner_output_shape", False) or not isinstance(rules, CustomLayerRules):
        return
    definition = rules.definition
    if method(definition, "compute_output_shape") is None:
        name = definition.name
        raise SpecError(
            f"{wrapper.__name__} asks the layer it wraps for its output shape, and custom layer '{name}' defined at "
            f"line {definition.lineno} has no compute_output_shape(): Keras raises NotImplementedError: Layer {name} "
            "does not have a `compute_output_shape` method implemented. Should implement `def "
            "compute_output_shape(self, input_shape)`. (Building a Sequential or subclassed model catches it and "
            "leaves the model unbuilt from there, a summary without shapes or counts for what follows, which "
            f"lstmcalc does not print.) Give {name} a compute_output_shape()",
            inner.location,
        )


def settle_custom_layers(data: LocatedDict, filename: str) -> None:
    """Write each custom layer's rules in ``data`` as the weights and output shape they gave, as a spec
    writes them: ``convert`` then writes plain data. Where the model does not build, the rules stay."""
    holders = built_holders(
        data, filename, lambda mapping: mapping.get("type") == CUSTOM_TYPE and callable(mapping.get("weights"))
    )
    for holder in holders:
        rules: CustomLayerRules = holder["weights"].__self__
        where = holder.location
        if not rules.given:
            continue  # never applied in the model
        weights, shapes = rules.built[rules.given[0]]
        items = []
        for weight_name, weight_shape, trainable, dtype in weights:
            item = new_located_dict(where)
            put(item, "name", weight_name, where, where)
            put(item, "shape", new_located_list(where, list(weight_shape), [where] * len(weight_shape)), where, where)
            if not trainable:
                put(item, "trainable", False, where, where)
            if dtype is not None:
                put(item, "dtype", dtype, where, where)
            items.append(item)
        put(holder, "weights", new_located_list(where, items, [where] * len(items)), where, where)
        if isinstance(shapes, list):
            each = [new_located_list(where, list(shape[1:]), [where] * (len(shape) - 1)) for shape in shapes]
            put(holder, "output_shape", new_located_list(where, each, [where] * len(each)), where, where)
        else:
            sizes = list(shapes[1:])
            put(holder, "output_shape", new_located_list(where, sizes, [where] * len(sizes)), where, where)
