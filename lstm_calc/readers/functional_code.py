"""Keras functional code (``keras.Input``, layers called on tensors, ``Model(inputs, outputs)``),
read with :mod:`ast`, never run.

The reader follows the statements in the order they run, as the Sequential reader does
(:mod:`lstm_calc.readers.code_flow`), and makes what each expression makes where the code
makes it: an input, a layer object (named as Keras names it, in the order the code makes
them), a call of a layer on tensors, a model. A name holds those objects as a binding of
its own; a tensor that comes from anything else (a function lstmcalc does not follow,
``tf.expand_dims(x, 1)``, arithmetic on tensors, a loop) is an error at its line and
column, raised when the model needs it, never a guess. The model read is the only one
the code makes, else the one it compiles, fits or summarises; its graph spec data
(:func:`lstm_calc.readers.functional_objects.model_spec`) goes through the same checks
and shape inference as a YAML graph spec.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, cast

from lstm_calc.errors import SpecError
from lstm_calc.located import new_located_list, put
from lstm_calc.naming import AutoNamer
from lstm_calc.readers.code_names import statement_expressions
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Unknown
from lstm_calc.readers.functional_calls import LayerCalls
from lstm_calc.readers.functional_names import FunctionalNames
from lstm_calc.readers.functional_objects import (
    MERGE_FUNCTIONS,
    OPERATION_CLASSES,
    TENSOR_OPERATIONS,
    CodeInput,
    CodeLayer,
    CodeModel,
    CodeNode,
    CodeTensor,
    Failed,
    NameDoubts,
    TensorList,
    cannot_follow,
    custom_class,
    model_as_layer,
    model_spec,
)
from lstm_calc.readers.functional_slices import TensorSlicing
from lstm_calc.readers.keras_call_results import unpacked
from lstm_calc.readers.keras_code import CodeReader
from lstm_calc.readers.keras_config import (
    FUNCTIONAL_CLASSES,
    INPUT_LAYER,
    KERAS_CLASSES,
    SEQUENTIAL,
    callee,
)
from lstm_calc.readers.keras_last_calls import later_calls
from lstm_calc.readers.keras_trainable import read_trainable_store, refuse_model_trainable
from lstm_calc.readers.model_choice import chosen_model
from lstm_calc.readers.set_values import refuse_unknown_overrides

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.located import LocatedDict, LocatedList
    from lstm_calc.readers.evaluate import Environment

#: A binding to something functional code makes (a tensor, a layer, a model, a list of them).
OBJECT = "object"
MODEL_POSITIONAL = ("inputs", "outputs", "name")
#: Methods that show which model a script is about.
MODEL_USES = ("compile", "fit", "summary", "fit_generator", "train_on_batch", "evaluate", "predict")
INPUT_FUNCTION = "Input"


class _NotObject:
    """The value of an expression that holds nothing functional code makes: a plain value."""


NOT_OBJECT: Any = _NotObject()


class FunctionalCodeReader(FunctionalNames, TensorSlicing, LayerCalls, CodeReader):
    """Follows functional Keras code and gives the graph spec data of the model it builds."""

    follows_repeated_calls = True  # Keras names the layers each run of a function makes
    names_from_counts = False  # named as the reader makes each layer (_automatic_name)

    def __init__(self, filename: str, tree: ast.Module, overrides: dict[str, tuple[str, Any]]) -> None:
        super().__init__(filename, tree, overrides)
        self.namer = AutoNamer()
        self.doubts = NameDoubts()
        self.models: list[CodeModel] = []
        #: The layers, inputs and models made, by the call that makes them and the pass of the unrolled
        #: loops it runs in (code_loops): made once per pass however often the reader meets the call.
        self.made: dict[tuple[int, int], CodeLayer] = {}
        self.made_objects: dict[tuple[int, int], object] = {}
        #: The layer object a name holds, found as a layer given to another layer (see layer_call).
        self.held: CodeLayer | None = None
        self.order = 0
        #: The value of the assignment being read, and its target's text (to name a model).
        self.assigned: tuple[ast.expr, str] | None = None
        #: The names of what a statement makes before a function of the file it calls runs (before_run).
        self.reserved: dict[tuple[int, int], str] = {}
        self.custom_classes = {name: line for name, line in self.file_classes.items() if name not in self.layer_classes}

    def read(self) -> LocatedDict:
        refuse_unknown_overrides(self.tree, self.overrides, self.filename)
        self.run()
        model = chosen_model(self.models, self.filename, self.model_name)
        used = [layer for layer in self.made.values() if layer.used_at is not None and layer.class_name == SEQUENTIAL]
        if used and not model.used and self.model_name is None:
            from lstm_calc.readers.functional_nested import refuse_nested_use

            refuse_nested_use(model, used[0])
        spec = model_spec(model, self.doubts, (self.made.values(), self.namer.since))
        spec.later_calls = later_calls(model)
        return spec

    # -- statements --------------------------------------------------------------------------

    def visit(self, statement: ast.stmt) -> None:
        expressions = statement_expressions(statement)
        counted = self.count_comprehensions(expressions)
        self.doubts.note_comprehensions(expressions, self.order, self.aliases, self.loc, self._mentions_object, counted)
        # A function read at its call gives its return value to the call (code_flow reads it).
        running = isinstance(statement, ast.Return) and self.scope.running
        if isinstance(statement, (ast.Expr, ast.Return)) and statement.value is not None and not running:
            value = statement.value
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
                self._note_model_use(value.func)
            self._quiet_object(value)
        elif isinstance(statement, ast.Assign):
            self.assigned = (statement.value, ast.unparse(statement.targets[0]))
            if isinstance(statement.value, ast.Call) and isinstance(statement.value.func, ast.Attribute):
                self._note_model_use(statement.value.func)  # history = model.fit(...)
            for target in statement.targets:
                if isinstance(target, ast.Attribute):
                    read_trainable_store(self, target, statement.value, OBJECT)

    def _note_model_use(self, method: ast.Attribute) -> None:
        if method.attr in MODEL_USES and isinstance(method.value, ast.Name):
            binding = self.lookup(method.value.id)
            if binding.kind == OBJECT and isinstance(binding.value, CodeModel):
                binding.value.used = True
            elif binding.kind == OBJECT and isinstance(binding.value, CodeLayer):  # a nested Sequential's
                binding.value.used_at = self.loc(method)

    def binding_of(self, value: ast.expr) -> Binding:
        made = self._quiet_object(value)
        if made is NOT_OBJECT:
            return super().binding_of(value)
        return Binding(OBJECT, made)

    def _quiet_object(self, node: ast.expr) -> Any:
        """What ``node`` makes, or a :class:`Failed` holding the error (raised if a model needs it)."""
        try:
            return self.object(node)
        except SpecError as error:
            return Failed(error)

    def assign(self, target: ast.expr, binding: Binding) -> None:
        if binding.kind != OBJECT or not isinstance(target, (ast.Tuple, ast.List)):
            super().assign(target, binding)
            return
        value, count = binding.value, len(target.elts)
        items: list[Any]
        if isinstance(value, CodeTensor) and value.index is None:
            items = unpacked(value, target, self.loc(target))  # a stacked RNN's nests: (out, [h1, c1], h2)
        elif isinstance(value, TensorList) and len(value.items) == count:
            items = list(value.items)
        elif isinstance(value, Failed):
            items = [value] * count
        else:
            items = [NOT_OBJECT] * count
        if any(isinstance(item, ast.Starred) for item in target.elts):
            items = [NOT_OBJECT] * count
        for item, element in zip(items, target.elts):
            self.assign(element, Binding(OBJECT, item) if item is not NOT_OBJECT else UNKNOWN)

    def forget_loop_names(self, names: set[str], refusal: SpecError | None) -> None:
        """A name a loop lstmcalc cannot unroll binds holds what that loop left in it: the tensor or layer
        of its last pass, if any. Used where a model needs it, it is refused at the loop, saying why."""
        if refusal is None:
            super().forget_loop_names(names, refusal)
            return
        for name in names:
            self.bind(name, Binding(OBJECT, Failed(refusal)))

    def unknown_value(self, node: ast.AST, what: str) -> SpecError:
        """A name a loop lstmcalc cannot unroll binds is refused at that loop, saying why."""
        binding = self.lookup(node.id) if isinstance(node, ast.Name) else UNKNOWN
        if binding.kind == OBJECT and isinstance(binding.value, Failed):
            return binding.value.error
        return super().unknown_value(node, what)

    # -- expressions -----------------------------------------------------------------------------

    def object(self, node: ast.expr) -> Any:
        """What functional code ``node`` makes (a tensor, a layer, a model, a list), or :data:`NOT_OBJECT`."""
        if isinstance(node, ast.Name):
            binding = self.lookup(node.id)
            if binding.kind != OBJECT:
                return NOT_OBJECT
            if isinstance(binding.value, Failed):
                raise binding.value.error
            return binding.value
        if isinstance(node, (ast.List, ast.Tuple)):
            items = tuple(self.object(item) for item in node.elts)
            if all(item is NOT_OBJECT for item in items):
                return NOT_OBJECT
            return TensorList(items, tuple(node.elts))
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Attribute) and node.attr == "shape":
            return NOT_OBJECT  # a tuple of sizes, read by dimension()
        if isinstance(node, ast.IfExp) and (decision := self._decide(node.test)) is not None:
            return self.object(node.body if decision else node.orelse)  # only the branch taken runs
        if isinstance(node, ast.IfExp) and self._mentions_object(node):
            try:
                self.evaluator.evaluate(node.test, self)
            except Unknown as unknown:
                raise self.unknown_value(unknown.node, "which of the two the code takes") from None
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, (ast.Dict, ast.Set)):  # {"a": Dense(2)}: its layers are made (and named) all the same
            pairs = zip(node.keys, node.values) if isinstance(node, ast.Dict) else ((item, None) for item in node.elts)
            for part in [part for pair in pairs for part in pair if part is not None]:  # each key before its value
                self._quiet_object(part)
        if isinstance(node, ast.BinOp) and type(node.op) in TENSOR_OPERATIONS:
            left, right = self.object(node.left), self.object(node.right)
            if isinstance(left, TensorList) and isinstance(right, TensorList) and isinstance(node.op, ast.Add):
                return TensorList(left.items + right.items, left.nodes + right.nodes)  # [inputs] + states
            if isinstance(left, CodeTensor) and isinstance(right, CodeTensor):
                return self._operation(node, TENSOR_OPERATIONS[type(node.op)], [node.left, node.right])
            if isinstance(left, CodeTensor) or isinstance(right, CodeTensor):  # x * 0.5
                self._unfollowed_operation(node, TENSOR_OPERATIONS[type(node.op)])
        if self._mentions_object(node):
            raise cannot_follow(self.loc, node)
        return NOT_OBJECT

    def _subscript(self, node: ast.Subscript) -> Any:
        base = self.object(node.value)
        item = NOT_OBJECT if base is NOT_OBJECT else self.subscript(node, base)
        if item is NOT_OBJECT and base is not NOT_OBJECT:
            raise cannot_follow(self.loc, node)
        return item

    def _call(self, call: ast.Call) -> Any:
        """What ``call`` makes, once a pass however often the reader meets it (``d(a) + y`` reads ``d(a)`` twice)."""
        key = self._made_key(call)
        if key not in self.made_objects:
            self.made_objects[key] = self._made_by(call)
        return self.made_objects[key]

    def _made_by(self, call: ast.Call) -> Any:
        result = self.call_results.get(id(call))
        if result is not None:  # a function of the file, read where it is called (code_calls)
            if result.kind != OBJECT:
                return NOT_OBJECT
            if isinstance(result.value, Failed):
                raise result.value.error
            if isinstance(result.value, CodeModel) and self.assigned is not None and self.assigned[0] is call:
                result.value.target = result.value.target or self.assigned[1]  # model = build(): its variable
            return result.value
        func = call.func
        if isinstance(func, ast.IfExp) and isinstance(layer := self.object(func), CodeLayer):
            return self.apply(layer, call)  # (GRU(4) if cell == "gru" else LSTM(4))(x)
        if (sliced := self.operation_call(call)) is not None:
            return sliced  # keras.ops.get_item(x, key), GetItem(name="last")(x, key): x[key]
        if isinstance(func, ast.Call):
            made = self._call(func)
            if isinstance(made, Failed):  # a Sequential model refused where first met (functional_nested)
                raise made.error
            if isinstance(made, CodeLayer):
                return self.apply(made, call)
            if made is NOT_OBJECT and self._mentions_object(call):
                return self.apply(self._foreign_layer(func, call), call)
            if made is not NOT_OBJECT:
                raise cannot_follow(self.loc, call)
            return NOT_OBJECT
        if isinstance(func, ast.Name):
            binding = self.lookup(func.id)
            if binding.kind == OBJECT:
                target = self.object(func)
                if isinstance(target, CodeLayer):
                    return self.apply(target, call)
                if isinstance(target, CodeModel):
                    raise model_as_layer(self.loc, call)
                raise cannot_follow(self.loc, call)
            if binding.kind == Binding.CALL and self._mentions_object(call):
                made_by, _ = binding.value
                return self.apply(self._foreign_layer(made_by, call), call)
        if isinstance(func, ast.Attribute) and func.attr == "clear_session" and not call.args:
            self.clear_session(call)  # keras.backend.clear_session(): Keras names from scratch again
            return NOT_OBJECT
        name = callee(call, self.aliases)
        if name == INPUT_FUNCTION:
            return self._input(call)
        if name in FUNCTIONAL_CLASSES:
            return self._model(call)
        if name == SEQUENTIAL:  # used as a layer
            from lstm_calc.readers.functional_nested import nested_sequential

            return nested_sequential(self, call)
        if name in MERGE_FUNCTIONS and _is_operation(call):  # keras.ops.add(x, y): what x + y makes
            class_name = MERGE_FUNCTIONS[name][0]
            two = len(call.args) == 2 and not call.keywords and not any(isinstance(a, ast.Starred) for a in call.args)
            if class_name in OPERATION_CLASSES and two:
                if all(isinstance(self.object(argument), CodeTensor) for argument in call.args):
                    return self._operation(call, class_name, call.args)
            self._unfollowed_operation(call, class_name)  # keras.ops.add(x, 1): a tensor and a number
        if name in MERGE_FUNCTIONS and not self._is_custom(call):
            return self._merge(call, name)
        if name is not None and (name in KERAS_CLASSES or name in self.layer_classes) and not self._is_custom(call):
            return self._construct(call, name)
        for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
            self._quiet_object(argument)  # layers made in its arguments are made (and named) all the same
        if self._mentions_object(call):
            raise cannot_follow(self.loc, call)
        return NOT_OBJECT

    def _mentions_object(self, node: ast.AST) -> bool:
        return any(isinstance(part, ast.Name) and self.lookup(part.id).kind == OBJECT for part in ast.walk(node))

    def _is_custom(self, call: ast.Call) -> bool:
        """Whether ``call`` makes the user's own class of a Keras name (``class Attention(Layer)``)."""
        return isinstance(call.func, ast.Name) and call.func.id in self.custom_classes

    # -- what the code makes ------------------------------------------------------------------

    def _made_key(self, call: ast.AST) -> tuple[int, int]:
        return id(call), self.unroll_pass

    def made_pass(self, call: ast.Call) -> int:
        held = self.held
        return held.made_pass if held is not None and held.call is call else self.unroll_pass

    def _next_order(self) -> int:
        self.order += 1
        return self.order

    def _input(self, call: ast.Call) -> CodeTensor:
        made = self.made_objects.get(self._made_key(call))
        if isinstance(made, CodeTensor):
            return made
        name_node = next((keyword.value for keyword in call.keywords if keyword.arg == "name"), None)
        block = self.input_block(call, self.input_arguments(call, INPUT_FUNCTION), self)
        if name_node is None or not self.name_given(call):  # name=None: Keras names it
            name = self._automatic_name(INPUT_LAYER, call)
        elif not isinstance(name := self.required(name_node, "the input's name", self), str):
            raise SpecError(f"an input's name is a string, got {ast.unparse(name_node)}", self.loc(name_node))
        model_input = CodeInput(name, block, self.loc(call), self._next_order())
        model_input.named_at = model_input.order if name_node is None else None
        model_input.named_on = self.path_ids()
        tensor = self.made_objects[self._made_key(call)] = CodeTensor(
            CodeNode(model_input, 0, self.loc(call), model_input.order)
        )
        return tensor

    def _construct(self, call: ast.Call, class_name: str) -> CodeLayer:
        """The layer object ``call`` makes, made once however often the reader meets the call."""
        made = self.made.get(self._made_key(call))
        if made is None:
            self.held = None  # a layer written here is made here, never one a name held before
            before = len(self.unsupported)
            spec = self.layer(call, class_name, self)
            unsupported = [(name, self.loc(where.func)) for name, where in self.unsupported[before:]]
            assert spec is not None  # the class is one lstmcalc has
            made = CodeLayer(str(spec["name"]), str(spec["type"]), spec, self.loc(call), unsupported, call)
            made.named_at = None if self.name_given(call) else self._next_order()
            made.named_on = self.path_ids()
            made.made_pass = self.unroll_pass
            self.made[self._made_key(call)] = made
        return made

    def layer(self, call: ast.Call, class_name: str, environment: Environment) -> LocatedDict | None:
        """A layer's spec mapping, named as Keras names it when made (a wrapped layer first)."""
        held, self.held = self.held, None
        made = held if held is not None and held.call is call else self.made.get(self._made_key(call))
        if made is not None:
            return made.spec
        if self._is_custom(call):
            raise custom_class(self.loc(call), class_name, self.custom_classes, call)
        try:
            spec = super().layer(call, class_name, environment)
        except SpecError:
            self._automatic_name(class_name, call)  # Keras named it before any error of ours
            raise
        if spec is not None and "name" not in spec:
            put(spec, "name", self._automatic_name(class_name, call), self.loc(call), self.loc(call))
        return spec

    def layer_call(self, node: ast.expr, environment: Environment) -> tuple[ast.Call, str, Environment]:
        """The call that makes a wrapped layer: written in place, or a layer object made before."""
        if isinstance(node, ast.Name):
            binding = self.lookup(node.id)
            if binding.kind == OBJECT and isinstance(binding.value, CodeLayer) and binding.value.call is not None:
                self.held = binding.value  # made on an earlier pass, perhaps: layer() gives its spec
                return binding.value.call, binding.value.class_name, environment
        return super().layer_call(node, environment)

    def _nested(self, node: ast.expr, environment: Environment, copied: bool) -> LocatedDict | LocatedList | None:
        """A layer given to a layer, or a list of them; ``RNN(cells)`` takes the cells the list held when made."""
        listed = self._quiet_object(node) if isinstance(node, ast.Name) else NOT_OBJECT
        items = listed.items if isinstance(listed, TensorList) else ()
        held = [item for item in items if isinstance(item, CodeLayer) and item.spec is not None]
        if not held or len(held) != len(items):
            return super()._nested(node, environment, copied)
        specs = []
        for item in held:  # each made by a call, as a layer of a class lstmcalc has is
            self.held = item  # made on an earlier pass, perhaps: layer() gives its spec
            specs.append(self._held(cast("ast.Call", item.call), environment, copied, node))
        return new_located_list(self.loc(node), specs, [self.loc(where) for where in listed.nodes])

    def _model(self, call: ast.Call) -> CodeModel:
        made = self.made_objects.get(self._made_key(call))
        if isinstance(made, CodeModel):
            return made
        model = self.made_objects[self._made_key(call)] = CodeModel(self.loc(call), "")
        if self.assigned is not None and self.assigned[0] is call:
            model.target = self.assigned[1]
        self.models.append(model)
        try:
            arguments = self.arguments(call, MODEL_POSITIONAL, "Model")
            for key in ("inputs", "outputs"):
                if key not in arguments:
                    raise SpecError(f"Model() needs its {key}, as in Model(inputs, outputs)", self.loc(call))
            model.inputs = self.tensors(arguments["inputs"], "the model's inputs")[0]
            for tensor, where in model.inputs:
                if not isinstance(tensor.node.owner, CodeInput):
                    raise SpecError("a model's inputs are keras.Input(...) tensors", where)
            model.outputs = self.tensors(arguments["outputs"], "the model's outputs", nested=True)[0]
            model.outputs_location = self.loc(arguments["outputs"])
            if (node := arguments.get("name")) is not None:
                keyword = next((k for k in call.keywords if k.arg == "name"), node)
                name = self.required(node, "the model's name", self)
                model.name = None if name is None else (name, self.loc(keyword), self.loc(node))  # None: Keras's
            if "trainable" in arguments:
                refuse_model_trainable(self, call, arguments["trainable"], self)
        except SpecError as error:
            model.error = error
        model.automatic_name = self.namer.next_name("Functional")  # named once its arguments are made
        model.named_at, model.named_on = self._next_order(), self.path_ids()
        return model


def _is_operation(call: ast.Call) -> bool:
    """Whether ``call`` calls a function of ``keras.ops`` (``keras.ops.add``, ``ops.multiply``)."""
    function = call.func
    return isinstance(function, ast.Attribute) and ast.unparse(function.value).split(".")[-1] == "ops"
