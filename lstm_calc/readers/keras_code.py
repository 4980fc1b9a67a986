"""Keras Python code (``Sequential([...])``, ``model.add(...)``) read with :mod:`ast`, never run.

The reader follows the module's statements in the order they run
(:mod:`lstm_calc.readers.code_flow`): one ``Sequential(...)`` call is the model, and each
``.add(...)`` on the name it was assigned to appends a layer, read with the names bound
as they are at that statement. Arguments must be literals, names bound to known values,
or arithmetic on them (:mod:`lstm_calc.readers.evaluate`). Anything else that changes a
shape or a count (``actions.shape[0]``) is an error at its line and column, and its value
can be given as ``--set 'actions.shape[0]=3'`` (:mod:`lstm_calc.readers.set_values`).
Count-neutral arguments that are not literals (``kernel_regularizer=l2(0.01)``) are kept
as their source text (:mod:`lstm_calc.readers.code_text`).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.located import LocatedDict, LocatedList, located_copy, new_located_dict, new_located_list, put
from lstm_calc.readers.code_flow import FlowWalker
from lstm_calc.readers.code_text import loose_value
from lstm_calc.readers.conditions import ConditionEvaluator
from lstm_calc.readers.custom_layers import (
    CustomLayerContext,
    custom_layer_spec,
    keras_keywords,
    layer_classes,
    read_custom_layer,
    refuse_shapeless_inner,
)
from lstm_calc.readers.custom_methods import Unset
from lstm_calc.readers.custom_tensors import Unfollowed
from lstm_calc.readers.evaluate import Binding, Environment, Unknown
from lstm_calc.readers.keras_code_names import CountedNames, MadeNames, run_candidates
from lstm_calc.readers.keras_config import (
    AUTOMATIC_MODEL_NAMES,
    INPUT_CALLS,
    INPUT_KEYWORDS,
    KERAS_CLASSES,
    KERAS_KINDS,
    KERAS_MODULES,
    SEQUENTIAL,
    callee,
    is_count_neutral,
    omit_automatic_names,
    unsupported_layers_message,
)
from lstm_calc.readers.keras_layer_lists import LAYER_LIST, appended_layer, written_layer_list
from lstm_calc.readers.keras_layer_uses import HELD, LISTED, LayerUses
from lstm_calc.readers.keras_model_methods import ModelMethods
from lstm_calc.readers.keras_trainable import refuse_model_trainable
from lstm_calc.readers.lambda_shapes import trace_function_argument
from lstm_calc.readers.model_choice import call_candidates, choose
from lstm_calc.readers.set_values import asked_value, refuse_unknown_overrides
from lstm_calc.readers.syntax_walk import innermost_statement, is_none, nodes_of
from lstm_calc.spec_layers import FIRST_LAYER_INPUT_KEYS

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.readers.code_scopes import Scope

_NOUN = "Sequential models"
SEQUENTIAL_POSITIONAL = ("layers", "trainable", "name")
#: Layer keywords that give the model input (Keras 2 habits): they size everything after them.
INPUT_HABIT_KEYS = (*FIRST_LAYER_INPUT_KEYS, "input_dim", "input_length")


def import_aliases(tree: ast.Module) -> dict[str, str]:
    """``{"KerasLSTM": "LSTM"}`` for ``from keras.layers import LSTM as KerasLSTM``: the names of
    Keras's own classes and functions imported under another name."""
    return {
        alias.asname: alias.name
        for node in nodes_of(tree, ast.ImportFrom)
        if (node.module or "").split(".")[0] in KERAS_MODULES
        for alias in node.names
        if alias.asname
    }


class CodeReader(CountedNames, ModelMethods, FlowWalker):
    unrolls_loops = True
    follows_repeated_calls = True  # Keras names the layers each run of a function makes
    #: Whether the layers read take the names Keras counts for them as the code runs (keras_code_names).
    names_from_counts = True

    def __init__(
        self, filename: str, tree: ast.Module, overrides: dict[str, tuple[str, Any]], model_name: str | None = None
    ) -> None:
        super().__init__(ConditionEvaluator(filename, overrides), tree)
        #: ``--model``: the variable or ``name=`` of the model to read among several.
        self.model_name = model_name
        #: The file's own classes, by name, with their lines: never taken for Keras's of the same name.
        self.file_classes = {node.name: node.lineno for node in nodes_of(tree, ast.ClassDef)}
        self.filename = filename
        self.overrides = overrides
        self.aliases = import_aliases(tree)
        #: The file's own Keras layer classes, whose weights and shapes are read from their code.
        self.layer_classes = layer_classes(tree, self.aliases)
        self.custom_context: CustomLayerContext | None = None
        self.model_targets: set[str] = set()
        self.model_scope: Scope | None = None
        self.model_paths: tuple[tuple[int, str], ...] = ()
        self.unsupported: list[tuple[str, ast.Call]] = []
        self.layer_uses = LayerUses(self.loc)
        self.model: ast.Call | None = None
        #: The call of the function that makes the model whose run is read, if the code calls it more than once.
        self.model_site: ast.Call | None = None
        #: The innermost statement holding the Sequential call: read there if no statement of ours does.
        self.model_statement: ast.stmt | None = None
        self.layers: list[LocatedDict] = []
        #: The class of each layer call read into the model (wrapped layers too), by the call's id.
        self.read_layers: dict[int, str] = {}
        self.layer_locations: list[Location] = []
        self.input: LocatedDict | None = None
        self.name: tuple[Any, Location, Location] | None = None
        self.made_names = MadeNames(self.aliases, self.layer_classes, self.loc, self.name_given)

    def loc(self, node: ast.AST) -> Location:
        return self.evaluator.loc(node)

    def read(self) -> LocatedDict:
        calls = [node for node in nodes_of(self.tree, ast.Call) if callee(node, self.aliases) == SEQUENTIAL]
        if not calls:
            raise SpecError(
                "no Keras model in this code; lstmcalc reads Sequential([...]) and model.add(...) code, "
                "and functional code ending in Model(inputs, outputs)",
                Location(self.filename, 1, 1),
            )
        calls.sort(key=lambda call: (call.lineno, call.col_offset))
        runs = run_candidates(self.tree, calls, call_candidates(self.tree, calls, self.loc), self.followed, self.loc)
        chosen, self.model_site, _ = runs[choose([run[2] for run in runs], self.model_name, self.filename, _NOUN)]
        refuse_unknown_overrides(self.tree, self.overrides, self.filename)
        calls = [chosen]
        self.model = chosen
        self.model_statement = innermost_statement(self.tree, self.model)
        self.run()
        if not self.layers and self.model is not None:
            self._sequential(self.model, Environment())  # cannot happen: every statement is visited
        self._refuse_unsupported()
        if not self.layers:
            raise SpecError("the Sequential model has no layers", self.loc(calls[0]))
        omit_automatic_names(self.layers)  # names counted as the code runs, left out where a spec gives them too
        spec = new_located_dict(self.loc(calls[0]))
        if self.name is not None:
            put(spec, "name", *self.name)
        if self.input is not None:
            put(spec, "input", self.input, self.input.location, self.input.location)
        layers = new_located_list(self.loc(calls[0]), self.layers, self.layer_locations)
        put(spec, "layers", layers, layers.location, layers.location)
        return spec

    # -- statements, in the order they run (see code_flow) ----------------------------

    def visit(self, statement: ast.stmt) -> None:
        if self.names_from_counts:
            self.count_names(statement)
        reading = self.model is not None and (self.model_site is None or self.model_site in self.running_calls)
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            if reading and statement.value is self.model:
                self._refuse_model_per_pass(self.model)
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                self._sequential(self.model, self)
                self.model_scope, self.model_paths = self.scope, self.paths
                # unparse, not dump: the target is stored to (Store) and later read (Load).
                self.model_targets.update(ast.unparse(target) for target in targets)
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            self._method_call(statement.value)
            appended = appended_layer(statement.value, self.scope, self.lookup, self._is_layer, self.snapshot)
            if appended is not None:
                self.changed_here[appended[0]] = appended[1]
        elif isinstance(statement, ast.Return) and reading and (model := self.model) is statement.value:
            assert model is not None  # reading
            self._refuse_model_per_pass(model)
            self._sequential(model, self)
        if statement is self.model_statement and reading and self.model is not None:
            self._refuse_model_per_pass(self.model)
            self._sequential(self.model, self)  # built where no statement of ours looks (e.g. inside a call)

    def _sequential(self, call: ast.Call, environment: Environment) -> None:
        self.model = None  # read once
        arguments = self.arguments(call, SEQUENTIAL_POSITIONAL, SEQUENTIAL)
        if "name" in arguments:
            node = arguments["name"]
            keyword = next((k for k in call.keywords if k.arg == "name"), node)
            self.name = (self.required(node, "the model's name", environment), self.loc(keyword), self.loc(node))
        elif self.names_from_counts:
            counted = self.made_names.name_of(call, self.unroll_pass, SEQUENTIAL)
            if counted is not None and counted != AUTOMATIC_MODEL_NAMES[False]:  # sequential_1: models made before
                self.name = (counted, self.loc(call), self.loc(call))
        if "trainable" in arguments:
            refuse_model_trainable(self, call, arguments["trainable"], environment)
        layers = arguments.get("layers")
        if layers is None:
            return
        listed = environment.lookup(layers.id) if isinstance(layers, ast.Name) else None
        if listed is not None and listed.kind == LAYER_LIST:
            for item, made_with in listed.value:
                self._add(item, made_with)
            return
        if not isinstance(layers, (ast.List, ast.Tuple)):
            raise SpecError(
                "Sequential's layers must be a list written out, such as [LSTM(64), Dense(3)], or a name bound to "
                f"one that the code changes only by .append(layer); got {ast.unparse(layers)}",
                self.loc(layers),
            )
        for item in layers.elts:
            self._add(item, environment)

    def binding_of(self, value: ast.expr) -> Binding:
        listed = written_layer_list(value, self._is_layer, self.snapshot)
        return listed if listed is not None else super().binding_of(value)

    def _is_layer(self, node: ast.expr) -> bool:
        """Whether ``node`` makes a Keras layer or input, or one of the file's layer classes, or names one."""
        if isinstance(node, ast.Name) and (binding := self.lookup(node.id)).kind == Binding.CALL:
            return self._is_layer(binding.value[0])  # a layer made before, under this name
        name = callee(node, self.aliases) if isinstance(node, ast.Call) else None
        return name is not None and (name in KERAS_CLASSES or name in INPUT_CALLS or name in self.layer_classes)

    def arguments(self, call: ast.Call, positional: tuple[str, ...], owner: str) -> dict[str, ast.expr]:
        """The call's arguments by parameter name; ``*args`` and ``**kwargs`` cannot be read."""
        if len(call.args) > len(positional):
            raise SpecError(
                f"{owner} takes at most {len(positional)} positional argument"
                f"{'s' if len(positional) != 1 else ''} ({', '.join(positional)}) here; "
                "pass the others by keyword",
                self.loc(call.args[len(positional)]),
            )
        found: dict[str, ast.expr] = {}
        for name, node in zip(positional, call.args):
            if isinstance(node, ast.Starred):
                raise SpecError("*arguments cannot be read without running the code; write them out", self.loc(node))
            found[name] = node
        for keyword in call.keywords:
            if keyword.arg is None:
                raise SpecError(
                    "**keyword arguments cannot be read without running the code; write them out", self.loc(keyword)
                )
            found[keyword.arg] = keyword.value
        return found

    # -- layers -------------------------------------------------------------------------

    def _add(self, node: ast.expr, environment: Environment) -> None:
        call, class_name, environment = self.layer_call(node, environment)
        if class_name in INPUT_CALLS:
            if self.layers:
                raise SpecError(f"{class_name}(...) must come before the model's layers", self.loc(call))
            self._set_input(call, self.input_arguments(call, class_name), environment)
            return
        self.layer_uses.note(call, node, LISTED, self.unroll_pass, self.unroll_pass)
        layer = self.layer(call, class_name, environment)
        if layer is not None:
            self.layers.append(layer)
            self.layer_locations.append(layer.location)

    def layer_call(self, node: ast.expr, environment: Environment) -> tuple[ast.Call, str, Environment]:
        """The layer call ``node`` is, or the one a name is bound to, its class name, and the names it saw when made."""
        if isinstance(node, ast.IfExp):  # model.add(Bidirectional(rnn) if first else rnn): the branch taken
            taken = self.required(node.test, "which layer this adds", environment)
            return self.layer_call(node.body if taken else node.orelse, environment)
        if isinstance(node, ast.Name):
            binding = environment.lookup(node.id)
            if binding.kind == Binding.CALL:
                node, environment = binding.value
        class_name = callee(node, self.aliases)
        if not isinstance(node, ast.Call) or class_name is None:
            raise SpecError(f"expected a Keras layer such as LSTM(64) here, got {ast.unparse(node)!r}", self.loc(node))
        return node, class_name, environment

    def layer(self, call: ast.Call, class_name: str, environment: Environment) -> LocatedDict | None:
        """One layer's spec mapping; ``None`` (and a note for the error) for a class lstmcalc lacks."""
        self.read_layers[id(call)] = class_name
        if isinstance(call.func, ast.Name) and call.func.id in self.layer_classes:
            own = self.custom_layer(call, self.layer_classes[call.func.id], environment)
            return self._counted_name(own, call, call.func.id, environment)
        if isinstance(call.func, ast.Name) and call.func.id in self.file_classes:
            raise SpecError(
                f"custom layer '{call.func.id}' defined at line {self.file_classes[call.func.id]}: lstmcalc cannot "
                "count its weights; give the model as a YAML spec with Keras layers in its place",
                self.loc(call),
            )
        layer_class = KERAS_KINDS.get(class_name)  # an operation's kind too, where its call is read as one
        if layer_class is None:
            self.unsupported.append((class_name, call))
            return None
        declared = layer_class.argument_spellings()
        nested = getattr(layer_class, "nested_arguments", ())
        copied = getattr(layer_class, "copied_arguments", ())
        layer = new_located_dict(self.loc(call))
        put(layer, "type", class_name, self.loc(call.func), self.loc(call.func))
        keywords = {keyword.value: keyword for keyword in call.keywords}
        nodes = self.arguments(call, layer_class.keras_positional, class_name)
        for key, node in nodes.items():
            key_location = self.loc(keywords.get(node, node))
            if key in nested:
                value = self._nested(node, environment, key in copied)
                if value is None:
                    continue
                refuse_shapeless_inner(layer_class, value, self.loc)
            elif key in declared and not is_count_neutral(declared[key]) or key in INPUT_HABIT_KEYS:
                value = self.required(node, f"{class_name}'s {key}", environment)
            else:
                value = loose_value(self.evaluator, node, environment)
            put(layer, key, value, key_location, self.loc(node))
        trace_function_argument(layer, layer_class, nodes, self.tree, self.loc)
        if "name" in layer and layer["name"] is None:
            del layer["name"]  # name=None: Keras names it
        return self._counted_name(layer, call, class_name, environment)

    def snapshot(self, node: ast.AST) -> Any:
        taken = super().snapshot(node)
        taken.made_pass = self.unroll_pass  # the run a layer made there was named in
        return taken

    def custom_layer(self, call: ast.Call, definition: ast.ClassDef, environment: Environment) -> LocatedDict:
        """The spec mapping of the user's own layer class ``definition`` made by ``call`` (custom_layers)."""
        if self.custom_context is None:
            self.custom_context = CustomLayerContext(self.evaluator, self.module.bindings, self.tree)

        def argument(node: ast.expr) -> Any:
            try:
                return _as_tuples(self.evaluator.evaluate(node, environment))
            except Unknown as unknown:
                return Unset(Unfollowed(unknown.node))

        def makes_layer(node: ast.Call) -> str | None:
            if isinstance(node.func, ast.Name) and node.func.id in self.file_classes:
                return node.func.id if node.func.id in self.layer_classes else None
            name = callee(node, self.aliases)
            return name if name in KERAS_CLASSES else None

        rules = read_custom_layer(definition, call, self.custom_context, argument, makes_layer)
        given = {
            str(keyword.arg): (self.required(keyword.value, f"{definition.name}'s {keyword.arg}", environment), keyword)
            for keyword in keras_keywords(definition, call)
        }
        return custom_layer_spec(rules, call, given, self.loc)

    def _nested(self, node: ast.expr, environment: Environment, copied: bool) -> LocatedDict | LocatedList | None:
        """A layer given to a layer (Bidirectional's, RNN's cell), or a list of them (RNN's cells)."""
        if is_none(node):
            return None
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self._held(item, environment, copied) for item in node.elts]
            return new_located_list(self.loc(node), items, [self.loc(item) for item in node.elts])
        if isinstance(node, ast.Name) and (listed := environment.lookup(node.id)).kind == LAYER_LIST:  # RNN(cells)
            items = [self._held(item, made_with, copied, node) for item, made_with in listed.value]
            return new_located_list(self.loc(node), items, [self.loc(item) for item, _ in listed.value])
        return self._held(node, environment, copied)

    def _held(
        self, node: ast.expr, environment: Environment, copied: bool, used: ast.expr | None = None
    ) -> LocatedDict | None:
        """One layer given to a layer (``used`` there, if a list's); one Keras makes afresh from the object's config
        (``copied``) is no use of it, and is its config now: what is set on it later (``.trainable``) misses it."""
        call, class_name, environment = self.layer_call(node, environment)
        with self.layer_uses.copied(copied):
            self.layer_uses.note(call, used or node, HELD, self.made_pass(call), self.unroll_pass)
            held = self.layer(call, class_name, environment)
        return located_copy(held) if copied else held

    def made_pass(self, call: ast.Call) -> int:
        """The pass of the unrolled loops (code_loops) in which the layer object ``call`` makes was made."""
        return self.unroll_pass

    def input_arguments(self, call: ast.Call, class_name: str) -> dict[str, ast.expr]:
        given = self.arguments(call, INPUT_CALLS[class_name], class_name)
        return {INPUT_KEYWORDS[key]: node for key, node in given.items() if key in INPUT_KEYWORDS}

    def _set_input(self, call: ast.Call, given: dict[str, ast.expr], environment: Environment) -> None:
        if self.input is not None:
            raise SpecError("the model's input is given twice; keep one", self.loc(call))
        self.input = self.input_block(call, given, environment)

    def input_block(self, call: ast.Call, given: dict[str, ast.expr], environment: Environment) -> LocatedDict:
        """An input's spec block (``shape``, ``batch_size``, ``dtype``) from the arguments ``given`` to ``Input``."""
        block = new_located_dict(self.loc(call))
        if "batch_shape" in given:
            node = given["batch_shape"]
            batch_shape = self.required(node, "the input's batch shape", environment)
            if not isinstance(batch_shape, LocatedList) or not batch_shape:
                raise SpecError(
                    "the batch shape is a tuple with the batch size first, such as (None, 5, 126)", self.loc(node)
                )
            shape = new_located_list(self.loc(node), batch_shape[1:], batch_shape.item_locations[1:])
            put(block, "shape", shape, self.loc(node), self.loc(node))
            if batch_shape[0] is not None:
                put(block, "batch_size", batch_shape[0], batch_shape.item_locations[0], batch_shape.item_locations[0])
        for key in ("shape", "batch_size", "dtype"):
            if key in given:
                node = given[key]
                value = self.required(node, f"the input's {key}", environment)
                put(block, key, value, self.loc(node), self.loc(node))
        if "shape" not in block:
            raise SpecError("the input needs a shape, such as Input(shape=(5, 126))", self.loc(call))
        return block

    # -- values ---------------------------------------------------------------------------

    def required(self, node: ast.expr, what: str, environment: Environment) -> Any:
        """The value of an expression that matters to shapes or counts: known, or an error."""
        try:
            return self.evaluator.evaluate(node, environment)
        except Unknown as unknown:
            raise self.unknown_value(unknown.node, what) from None

    def unknown_value(self, node: ast.AST, what: str) -> SpecError:
        """The error for a value ``node`` that matters to shapes or counts and is not known: give it with --set."""
        source, option = asked_value(node)
        return SpecError(
            f"cannot evaluate {source} ({what}) without running the code; give its value with {option}", self.loc(node)
        )

    # -- what is reported after reading ----------------------------------------------------

    def _refuse_unsupported(self) -> None:
        if not self.unsupported:
            return
        raise SpecError(
            unsupported_layers_message([f"{name} (line {call.lineno})" for name, call in self.unsupported]),
            self.loc(self.unsupported[0][1].func),
        )


def _as_tuples(value: Any) -> Any:
    """A value as a custom layer's code sees it: the evaluator's lists as tuples."""
    return tuple(_as_tuples(item) for item in value) if isinstance(value, list) else value
