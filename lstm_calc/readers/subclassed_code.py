"""Subclassed Keras models (``class MyModel(keras.Model)``) read with :mod:`ast`, never run.

The model's ``__init__`` is read where the code makes the model (``model = MyModel(64)``),
its parameters bound to that call's arguments and their defaults, and each
``self.x = LSTM(...)`` is a layer, read with the names as they are there. ``self.x`` is read
as a name of its own (``self.units = units`` then ``LSTM(self.units)``). Its ``call`` is read
as a graph (:mod:`lstm_calc.readers.subclassed_call`): a chain of the layers in the order
``__init__`` makes them is read as a stack; branches, merges and shared layers as a graph
whose summary lists the model's layers in creation order, without Connected to, as Keras's
summary of a subclassed model does. The input comes from ``model.build((None, 50, 1))`` or
from calling the model on ``keras.Input(...)``.
"""

from __future__ import annotations

import ast
import copy
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.located import new_located_dict, new_located_list, put
from lstm_calc.naming import AutoNamer
from lstm_calc.readers.code_calls import ArgumentMismatch, call_arguments
from lstm_calc.readers.code_scopes import Scope
from lstm_calc.readers.endless_making import Making, always_runs, refuse_endless
from lstm_calc.readers.evaluate import Binding, Environment
from lstm_calc.readers.functional_objects import custom_class
from lstm_calc.readers.keras_code import CodeReader, import_aliases
from lstm_calc.readers.keras_config import INPUT_CALLS, KERAS_CLASSES, callee
from lstm_calc.readers.keras_trainable import MODEL_TRAINABLE
from lstm_calc.readers.model_choice import USING_METHODS, Candidate, choose
from lstm_calc.readers.set_values import refuse_unknown_overrides
from lstm_calc.readers.subclassed_call import CallGraph, graph_spec, read_call
from lstm_calc.readers.syntax_walk import is_super_call, made_node, walk

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.located import LocatedDict

MODEL_BASES = ("Model",)


def model_classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    """The module's classes that subclass Keras's ``Model`` (``keras.Model``, ``tf.keras.Model``, ``Model``)."""
    aliases = import_aliases(tree)
    found = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            bases = {callee(made_node(ast.Call(func=base, args=[], keywords=[])), aliases) for base in node.bases}
            if bases & set(MODEL_BASES):
                found[node.name] = node
    return found


class _SelfAttributes(ast.NodeTransformer):
    """``self.x`` becomes the name ``self.x``, so that the flow walker binds and reads it as any name."""

    def __init__(self, self_name: str) -> None:
        self.self_name = self_name

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if isinstance(node.value, ast.Name) and node.value.id == self.self_name:
            return made_node(ast.Name(id=f"{self.self_name}.{node.attr}", ctx=node.ctx), node)
        return self.generic_visit(node)


def _method(definition: ast.ClassDef, name: str) -> ast.FunctionDef | None:
    found = [node for node in definition.body if isinstance(node, ast.FunctionDef) and node.name == name]
    return found[-1] if found else None


def _self_name(method: ast.FunctionDef) -> str | None:
    positional = [*method.args.posonlyargs, *method.args.args]
    return positional[0].arg if positional else None


def prepared_tree(tree: ast.Module, classes: dict[str, ast.ClassDef]) -> ast.Module:
    """A copy of ``tree`` whose models' ``__init__`` and ``call`` read ``self.x`` as a name."""
    tree = copy.deepcopy(tree)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in classes:
            for name in ("__init__", "call"):
                method = _method(node, name)
                self_name = _self_name(method) if method is not None else None
                if method is not None and self_name is not None:
                    method.body = [_SelfAttributes(self_name).visit(statement) for statement in method.body]
    return tree


class _Instance:
    """One model object the code makes: its class, where, its ``__init__``'s bindings, its input."""

    def __init__(self, definition: ast.ClassDef, call: ast.Call, target: str | None, location: Location) -> None:
        self.definition = definition
        self.call = call
        self.target = target
        self.location = location
        self.init: Scope | None = None
        self.name: str | None = None
        self.input: LocatedDict | None = None
        self.used = False


class SubclassedCodeReader(CodeReader):
    """Reads the subclassed model a script makes (see the module's docstring)."""

    follows_repeated_calls = False
    names_from_counts = False  # its own namer counts the layers each model makes (layer_names)

    def __init__(
        self, filename: str, tree: ast.Module, overrides: dict[str, tuple[str, Any]], model_name: str | None = None
    ) -> None:
        self.classes = model_classes(tree)
        super().__init__(filename, prepared_tree(tree, self.classes), overrides)
        self.classes = model_classes(self.tree)
        self.model_name = model_name
        self.custom_classes = {node.name: node.lineno for node in walk(self.tree) if isinstance(node, ast.ClassDef)}
        #: Each model __init__'s defaults, as evaluated where the class is defined, and its scope.
        self.init_defaults: dict[int, tuple[list[Binding], list[Binding | None], Scope]] = {}
        self.instances: list[_Instance] = []
        #: The models whose __init__ is being read, outermost first.
        self.making: list[Making] = []

    def read(self) -> LocatedDict:
        refuse_unknown_overrides(self.tree, self.overrides, self.filename)
        self.run()
        instance = self._chosen()
        return self._spec(instance)

    # -- the walk -----------------------------------------------------------------------------

    def _functiondef(self, statement: ast.FunctionDef) -> None:
        if statement.name == "__init__" and self.scope.kind == Scope.CLASS:
            defaults = [self.binding_of(node) for node in statement.args.defaults]
            keyword_defaults = [None if node is None else self.binding_of(node) for node in statement.args.kw_defaults]
            self.init_defaults[id(statement)] = (defaults, keyword_defaults, self.scope)
        super()._functiondef(statement)

    def visit(self, statement: ast.stmt) -> None:
        for node in _header_calls(statement):
            definition = self.classes.get(node.func.id) if isinstance(node.func, ast.Name) else None
            if definition is not None:
                self._make(definition, node, statement)
            elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                self._method_of(node.func.value.id, node.func.attr, node)
            elif isinstance(node.func, ast.Name):
                self._method_of(node.func.id, "__call__", node)

    def _make(self, definition: ast.ClassDef, call: ast.Call, statement: ast.stmt) -> None:
        target = None
        if isinstance(statement, ast.Assign) and statement.value is call and isinstance(statement.targets[0], ast.Name):
            target = statement.targets[0].id
        instance = _Instance(definition, call, target, self.loc(call))
        self.instances.append(instance)
        init = _method(definition, "__init__")
        name_node = next((keyword.value for keyword in call.keywords if keyword.arg == "name"), None)
        if name_node is not None:
            instance.name = str(self.required(name_node, "the model's name", self))
        if init is None or id(init) not in self.init_defaults:
            return
        defaults, keyword_defaults, outer = self.init_defaults[id(init)]
        with_self = made_node(
            ast.Call(func=call.func, args=[ast.Constant(None), *call.args], keywords=call.keywords), call
        )
        try:
            arguments = call_arguments(init.args, with_self, defaults, keyword_defaults, self.binding_of)
        except ArgumentMismatch as mismatch:
            raise mismatch.located(f"{definition.name}.__init__", self.loc) from None
        always = always_runs(call, statement, self.making)
        refuse_endless(definition, always, self.making, self.loc(call))
        self.making.append(Making(definition, init, always))
        try:
            instance.init = self._read_body(init, arguments, outer, running=True)
        finally:
            self.making.pop()
        if instance.name is None:
            instance.name = _super_name(init)

    def _method_of(self, target: str, method: str, call: ast.Call) -> None:
        instance = next((item for item in reversed(self.instances) if item.target == target), None)
        if instance is None:
            return
        if method in USING_METHODS:
            instance.used = True
        elif method == "build":
            shape = self.arguments(call, ("input_shape",), "build").get("input_shape")
            if shape is not None:
                self._set_model_input(instance, call, {"batch_shape": shape}, self)
        elif method == "__call__" and call.args:
            self._called_on(instance, call.args[0])

    def _called_on(self, instance: _Instance, node: ast.expr) -> None:
        environment: Environment = self
        if isinstance(node, ast.Name):
            binding = self.lookup(node.id)
            if binding.kind == Binding.CALL:
                node, environment = binding.value
        class_name = callee(node, self.aliases)
        if isinstance(node, ast.Call) and class_name in INPUT_CALLS:
            self._set_model_input(instance, node, self.input_arguments(node, class_name), environment)

    def _set_model_input(
        self, instance: _Instance, call: ast.Call, given: dict[str, ast.expr], environment: Environment
    ) -> None:
        if instance.input is None:
            instance.input = self.input_block(call, given, environment)

    # -- the model read ---------------------------------------------------------------------------

    def _chosen(self) -> _Instance:
        candidates = [
            Candidate(instance.target, instance.name, instance.location, instance.used) for instance in self.instances
        ]
        if not candidates:
            raise SpecError(
                f"the code defines the model class {next(iter(self.classes))} but never makes a model of it",
                self.loc(next(iter(self.classes.values()))),
            )
        return self.instances[choose(candidates, self.model_name, self.filename)]

    def _spec(self, instance: _Instance) -> LocatedDict:
        if instance.init is None:
            raise SpecError(
                f"the model class {instance.definition.name} has no __init__ that makes its layers",
                self.loc(instance.definition),
            )
        self._refuse_trainable(instance)
        made = self._layers_made(instance.init)
        graph = self._call_graph(instance.definition, made)
        if instance.input is None:
            raise SpecError(
                f"the model {instance.target or instance.definition.name!r} is never built: lstmcalc needs its input "
                "shape, from model.build((None, 50, 1)) or from calling it on keras.Input(shape=(50, 1))",
                instance.location,
            )
        namer = self._namer_before(instance)
        model_name = instance.name or namer.next_name(instance.definition.name)
        layers: dict[str, LocatedDict] = {}
        for attribute, (call, class_name, environment) in made.items():
            layer = self.layer(call, class_name, environment)
            if layer is None:
                self._refuse_unsupported()
                raise AssertionError  # _refuse_unsupported raises
            automatic = namer.next_name(class_name)
            if "name" not in layer:
                put(layer, "name", automatic, layer.location, layer.location)
            layers[attribute] = layer
        if graph.chain(list(made)):
            spec = new_located_dict(instance.location)
            put(spec, "name", model_name, instance.location, instance.location)
            put(spec, "input", instance.input, instance.input.location, instance.input.location)
            stack = list(layers.values())
            located = new_located_list(instance.location, stack, [layer.location for layer in stack])
            put(spec, "layers", located, instance.location, instance.location)
            return spec

        def merge_spec(call: ast.Call, class_name: str) -> LocatedDict:
            # A merge made in call() is read with the module's names: call()'s own are tensors.
            layer = self.layer(call, class_name, self)
            assert layer is not None  # every merge class is a Keras class lstmcalc has
            return layer

        graph_data = graph_spec(graph, layers, merge_spec, instance.input, instance.location, self.loc)
        put(graph_data, "name", model_name, instance.location, instance.location)
        return graph_data

    def _refuse_trainable(self, instance: _Instance) -> None:
        """``trainable=`` that reaches Keras's Model: given to ``super().__init__`` or, where ``__init__`` has
        no parameter of that name (it passes ``**kwargs`` on), to the call that makes the model."""
        init = _method(instance.definition, "__init__")
        assert init is not None  # the caller checked
        own = {argument.arg for argument in [*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs]}
        calls = [node for node in walk(init) if is_super_call(node, "__init__")]
        if "trainable" not in own:
            calls.append(instance.call)
        for call in calls:
            for keyword in call.keywords:
                # __init__'s own names are not bound here: only a literal True, Keras's default, is sure.
                if keyword.arg == "trainable" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is True
                ):
                    raise SpecError(MODEL_TRAINABLE, self.loc(keyword))

    def _namer_before(self, instance: _Instance) -> AutoNamer:
        """Keras's automatic names go on counting across models: those made before this one took theirs."""
        namer = AutoNamer()
        for earlier in self.instances[: self.instances.index(instance)]:
            if earlier.name is None:  # named by super().__init__(), before __init__ makes its layers
                namer.next_name(earlier.definition.name)
            if earlier.init is not None:
                for call, class_name, _ in self._layers_made(earlier.init, strict=False).values():
                    if not any(keyword.arg == "name" for keyword in call.keywords):
                        namer.next_name(class_name)
        return namer

    def _layers_made(self, init: Scope, strict: bool = True) -> dict[str, tuple[ast.Call, str, Environment]]:
        """``{"self.lstm": (its call, its class, the names it saw)}``, in the order ``__init__`` made them."""
        made: dict[str, tuple[ast.Call, str, Environment]] = {}
        for name, binding in init.bindings.items():
            if "." not in name or binding.kind != Binding.CALL:
                continue
            call, environment = binding.value
            class_name = callee(call, self.aliases)
            custom_layer = isinstance(call.func, ast.Name) and call.func.id in self.layer_classes
            if isinstance(call.func, ast.Name) and call.func.id in self.custom_classes and not custom_layer:
                if strict:
                    raise custom_class(self.loc(call), call.func.id, self.custom_classes, call)
                continue
            if class_name in KERAS_CLASSES or custom_layer or (strict and class_name is not None):
                made[name] = (call, class_name or "", environment)
        return made

    def _call_graph(self, definition: ast.ClassDef, made: dict[str, tuple[ast.Call, str, Environment]]) -> CallGraph:
        """What ``call`` computes; every layer ``__init__`` makes must be applied in it."""
        method = _method(definition, "call")
        if method is None:
            raise SpecError(f"the model class {definition.name} has no call() method", self.loc(definition))
        graph = read_call(method, {name: made[name][1] for name in made}, self.aliases, self.loc)
        applied = {application.layer for application in graph.applications}
        # Other objects __init__ makes (a loss, a metric) are not layers unless call() applies them.
        unused = [name for name in made if name not in applied and made[name][1] in KERAS_CLASSES]
        if unused:
            call = made[unused[0]][0]
            raise SpecError(
                f"{unused[0]} is made in __init__ but call() never applies it: Keras would list it unbuilt, "
                "without weights; remove it or apply it in call()",
                self.loc(call),
            )
        for name in [name for name in made if name not in applied]:
            del made[name]
        return graph


def _super_name(init: ast.FunctionDef) -> str | None:
    """The ``name=`` that ``__init__`` gives ``super().__init__(...)`` as a string literal, if any."""
    for node in walk(init):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__":
            for keyword in node.keywords:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None


def _header_calls(statement: ast.stmt) -> list[ast.Call]:
    """The calls of a simple statement (its own expressions, not a body's), in source order."""
    if isinstance(statement, (ast.Assign, ast.Expr, ast.AnnAssign, ast.Return, ast.AugAssign)):
        value = statement.value
        if value is None:
            return []
        calls = [node for node in walk(value) if isinstance(node, ast.Call)]
        return sorted(calls, key=lambda node: (node.lineno, node.col_offset))
    return []
