"""The expressions of ``__init__`` that make modules: torch.nn classes, containers, the file's classes.

``nn.LSTM(...)``, ``getattr(nn, kind)(...)`` and a name bound to a torch.nn class make a
torch.nn module; the containers' arguments are read in :mod:`lstm_calc.readers.torch_containers`;
a class of the file is read through its own ``__init__``. Lists of modules (a comprehension over
a known range, ``[block] * n``), loops over known values (``zip``, ``enumerate`` too) and the
lists ``__init__`` changes in place are followed here.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Unknown, known
from lstm_calc.readers.loop_values import RangeTooLong, bind_loop_target, is_loop_target, loop_values
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import is_none, made_node, shortened
from lstm_calc.readers.torch_classes import decorated
from lstm_calc.readers.torch_container_slices import ContainerSlices
from lstm_calc.readers.torch_containers import Containers, refuse_oversized
from lstm_calc.readers.torch_kinds import CONTAINERS
from lstm_calc.readers.torch_module_copies import deep_copy, is_deep_copy
from lstm_calc.readers.torch_modules import (
    FUNCTIONAL_ACTIVATIONS,
    FileClass,
    ModuleNode,
    TorchClass,
    TorchFunction,
    is_self,
    make_torch_module,
    torch_class,
)
from lstm_calc.readers.torch_partial import merged_call
from lstm_calc.readers.torch_refusal import HelperRefusal
from lstm_calc.readers.torch_weight_norm import apply_weight_norm, is_weight_norm

#: ``nn.Embedding.from_pretrained``'s parameters, in order (torch 2.x).
_FROM_PRETRAINED = ("embeddings", "freeze", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse")


class ModuleExpressions(ContainerSlices, Containers):
    """What an ``__init__`` reader needs to turn expressions into modules (see :class:`InitReader`)."""

    if TYPE_CHECKING:
        module: ModuleNode
        definition: ast.ClassDef

        @property
        def instance_class(self) -> ast.ClassDef: ...

        def module_of(self, node: ast.expr) -> ModuleNode | None: ...

        def makes_weights(self, node: ast.expr, anywhere: bool = False) -> bool: ...

        def tensor_shape(self, node: ast.expr | None) -> tuple[int, ...] | None: ...

    def iteration(self, node: ast.expr) -> list[Any]:
        """The known values ``node`` iterates over (``range(...)``, a list, ``zip`` and ``enumerate`` of those)."""
        return self.unrolled(node, loop_values(node, lambda part: self.evaluator.evaluate(part, self.scope)))

    def append(self, target: ast.expr, call: ast.Call) -> None:
        """``.append(module)`` / ``.extend(modules)`` onto an nn.ModuleList or a local list of modules."""
        container = self.module_of(target)
        if container is not None and container.container not in ("Sequential", "ModuleList"):
            self.refuse_append(container, call)
        items = container.children if container is not None else None
        local = self.local_modules.get(target.id) if isinstance(target, ast.Name) else None
        extending = isinstance(call.func, ast.Attribute) and call.func.attr == "extend"
        if items is None and local is None and len(call.args) == 1 and self.is_module_expression(call.args[0]):
            if isinstance(target, ast.Attribute) and is_self(target.value):  # a plain list on self: unregistered
                self.module.unregistered.setdefault(target.attr, ("list", []))[1].extend(self._added(call, extending))
                return
            local = self.modules_list(target)  # layers = [], then layers.append(nn.Linear(...))
        if items is None and local is None or len(call.args) != 1:
            return
        if container is not None and not extending and is_none(call.args[0]):
            container.none_slots.append(str(len(items or ()) + len(container.none_slots)))
            return
        added = self._added(call, extending)
        for module in added:
            if container is not None and module.holds(container):
                raise SpecError(  # torch's state_dict would recurse without end
                    f"nn.{container.class_name} would hold itself: torch cannot save or list such a module",
                    self.evaluator.loc(call),
                )
            if container is not None:  # what it holds was bounded where made; not what is appended to it since
                refuse_oversized(module, f"nn.{container.class_name}", self.evaluator.loc(call))
            if items is not None:
                assert container is not None
                items[str(len(items) + len(container.none_slots))] = module
            else:
                local.append(module)  # type: ignore[union-attr]

    def refuse_append(self, module: ModuleNode, call: ast.Call) -> None:
        """Refuse ``.append``/``.extend`` on a module that is no nn.Sequential or nn.ModuleList (an
        nn.ModuleDict, an nn.Linear): torch has no such method; a class of the file may define its own."""
        assert isinstance(call.func, ast.Attribute)
        name, holder = call.func.attr, ast.unparse(call.func.value)
        definition = module.node if isinstance(module.node, ast.ClassDef) else None
        if definition is not None and self.builder.find_method(definition, name) is not None:
            raise SpecError(
                f"lstmcalc cannot follow {shortened(call, 60)} in __init__ yet: {module.class_name}.{name} is the "
                "file's own method; add the modules in its __init__",
                self.evaluator.loc(call),
            )
        raise SpecError(
            f"torch refuses this: \"'{module.class_name}' object has no attribute '{name}'\""
            + (f"; add the module under a key: {holder}['name'] = module" if module.container == "ModuleDict" else ""),
            self.evaluator.loc(call),
        )

    def _added(self, call: ast.Call, extending: bool) -> list[ModuleNode]:
        """The modules ``.extend(modules)`` or ``.append(module)`` adds."""
        return self.modules_of(call.args[0]) if extending else [self.one_module(call.args[0])]

    def modules_list(self, target: ast.expr) -> list[ModuleNode] | None:
        """The name of an empty list, now a list of modules (the first is appended); None if it is not one."""
        if not isinstance(target, ast.Name) or self._known(target) != []:
            return None
        self.scope.bindings[target.id] = UNKNOWN  # a list of modules, not of values
        held: list[ModuleNode] = []
        self.local_modules[target.id] = held
        return held

    def bind_target(self, target: ast.expr, value: Any) -> None:
        """Bind a loop's target (a name, or names unpacking a known sequence) to one of its values."""
        bind_loop_target(
            target, value, lambda name, item: self.scope.bindings.__setitem__(name, known(item)), self.evaluator.loc
        )

    def unrolled(self, node: ast.expr, values: list[Any]) -> list[Any]:
        """``values``, counted against :data:`MAX_UNROLLED` for the whole model: nested loops too."""
        self.count_unrolled(node, len(values))
        return values

    def class_value(self, node: ast.expr) -> str | None:
        """The torch.nn class ``node`` names (``nn.LSTM``, ``getattr(nn, kind)``, a name bound to one)."""
        found = torch_class(node, self.builder.torch_names)
        if found is not None and found[:1].isupper() and found != "Parameter":
            return found
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
            if len(node.args) == 2 and isinstance(node.args[0], ast.Name):
                if self.builder.torch_names.get(node.args[0].id) == "torch.nn":
                    try:
                        name = self.evaluator.evaluate(node.args[1], self.scope)
                    except Unknown as unknown:
                        raise ask(self.evaluator, unknown.node, "to know which torch.nn class getattr gives") from None
                    return str(name)
        if isinstance(node, (ast.Name, ast.Attribute)):
            try:
                value = self.evaluator.evaluate(node, self.scope)
            except Unknown:
                return None
            if isinstance(value, TorchClass):
                return value.name
        return None

    def module_call(self, node: ast.Call) -> str | None:
        """The class a call instantiates: a torch.nn class, or one of the file's (its name); for
        ``weight_norm(module)``, the class of the module it changes and returns."""
        if is_weight_norm(node, self.builder.torch_names):
            inner = node.args[0] if node.args else None
            if isinstance(inner, ast.Call):
                return self.module_call(inner)
            held = self.module_of(inner) if inner is not None else None
            return held.class_name if held is not None else None
        if self.pretrained_embedding(node):
            return "Embedding"
        file_class = self.file_class(node)
        return file_class if file_class is not None else self.class_value(node.func)

    def pretrained_embedding(self, call: ast.Call) -> bool:
        """Whether ``call`` is ``nn.Embedding.from_pretrained(...)``."""
        function = call.func
        return (
            isinstance(function, ast.Attribute)
            and function.attr == "from_pretrained"
            and torch_class(function.value, self.builder.torch_names) == "Embedding"
        )

    def from_pretrained(self, call: ast.Call) -> ModuleNode:
        """``nn.Embedding.from_pretrained(embeddings, freeze=True, ...)``: an nn.Embedding of the tensor's
        (rows, columns), its weight frozen unless ``freeze`` is false, as torch makes it."""
        given = dict(zip(_FROM_PRETRAINED, call.args))
        given.update({keyword.arg: keyword.value for keyword in call.keywords if keyword.arg is not None})
        weights = given.pop("embeddings", None)
        shape = self.tensor_shape(weights)
        where = weights if weights is not None else call
        if shape is None:
            raise SpecError(
                f"lstmcalc cannot know the shape of {shortened(where, 40)} for nn.Embedding.from_pretrained without "
                "running the code; make the tensor with known sizes (torch.zeros(rows, columns)), or write "
                "nn.Embedding(rows, columns)",
                self.evaluator.loc(where),
            )
        if len(shape) != 2:
            message = "torch would refuse this: Embeddings parameter is expected to be 2-dimensional"
            raise SpecError(message, self.evaluator.loc(where))
        freeze = given.pop("freeze", None)
        try:
            frozen = True if freeze is None else bool(self.evaluator.evaluate(freeze, self.scope))
        except Unknown as unknown:
            raise ask(self.evaluator, unknown.node, "to know whether the embedding is frozen") from None
        sizes: list[ast.expr] = [made_node(ast.Constant(size), where) for size in shape]
        keywords = [made_node(ast.keyword(arg=name, value=value)) for name, value in given.items()]
        made = made_node(ast.Call(func=call.func.value, args=sizes, keywords=keywords), call)  # type: ignore[attr-defined]
        module = make_torch_module("Embedding", made, self.evaluator, self.scope, call.func, self.module_argument)
        if frozen:
            module.freeze()
        return module

    def file_class(self, node: ast.Call) -> str | None:
        """The file's class a call instantiates: by its name, or a name bound to it (``conv_layer_cls()``)."""
        if isinstance(node.func, ast.Name) and node.func.id in self.builder.classes:
            return node.func.id
        if isinstance(node.func, ast.Name):
            try:
                value = self.evaluator.evaluate(node.func, self.scope)
            except Unknown:
                return None
            if isinstance(value, FileClass) and value.name in self.builder.classes:
                return value.name
        return None

    def makes_module(self, node: ast.Call) -> bool:
        try:
            return self.module_call(node) is not None
        except SpecError:
            return True

    def helper_method(self, call: ast.Call) -> ast.FunctionDef | None:
        """The class's method ``self.name(...)`` calls, if the class (or a parent in the file) defines it."""
        function = call.func
        if isinstance(function, ast.Attribute) and is_self(function.value):
            return self.builder.find_method(self.instance_class, function.attr)
        return None

    def file_function(self, call: ast.Call) -> ast.FunctionDef | None:
        """The file's function ``name(...)`` calls (``clones(layer, N)``), if the file defines one."""
        function = call.func
        if isinstance(function, ast.Name) and function.id not in self.builder.classes:
            return self.evaluator.file_functions.get(function.id)
        return None

    def run_helper(self, helper: ast.FunctionDef, call: ast.Call) -> Any:
        """Follow a method ``__init__`` calls, or a function of the file, as ``__init__`` is followed;
        what it returns. A function sees the module's names, not ``__init__``'s, and has no ``self``."""
        static, of_class = decorated(helper, "staticmethod"), decorated(helper, "classmethod")
        if isinstance(call.func, ast.Attribute) and not static and not of_class:
            return self.builder.run_method(self.definition, helper, self.module, self.scope, call, self.scope)
        own = ModuleNode(helper.name, helper)  # what it would set on self: it has none, nor a static method
        scope = type(self.scope)(self.builder.module_scope)
        return self.builder.run_method(self.definition, helper, own, scope, call, self.scope, method=of_class)

    def _returns_modules(self, helper: ast.FunctionDef) -> bool:
        """Whether a return of ``helper`` may give a module (followed when it is read)."""
        return any(
            isinstance(part, ast.Return)
            and isinstance(part.value, (ast.Call, ast.Name, ast.Attribute, ast.Subscript, ast.List, ast.ListComp))
            and (not isinstance(part.value, ast.Call) or self.makes_weights(part.value))
            for part in ast.walk(helper)
        )

    def is_module_expression(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Call) and is_deep_copy(node):
            if is_self(node.args[0]):  # a copy of the module being built, with what it holds so far
                raise SpecError("lstmcalc cannot copy the module __init__ is building", self.evaluator.loc(node))
            return self.is_module_expression(node.args[0])
        if isinstance(node, ast.Call) and (helper := self.helper_method(node) or self.file_function(node)):
            # self._make_layer(...), clones(layer, N); not a value a pure helper computes (torch_helper_values)
            try:
                return self._returns_modules(helper) and self.scope.called(node).kind != Binding.KNOWN
            except HelperRefusal:
                return True  # it registers what it makes: followed as __init__'s own code is, where it is a statement
        if self.sequence_kind(node) is not None:  # list(self.layers), layers[1:]
            return True
        if isinstance(node, ast.Call):
            return self.module_call(node) is not None
        if isinstance(node, ast.Name):
            return node.id in self.local_modules
        if isinstance(node, (ast.Attribute, ast.Subscript)):  # self.again = self.fc: one module under a second name
            return self.module_of(node) is not None or self.container_of(node) is not None  # or self.layers[1:]
        if isinstance(node, (ast.List, ast.Tuple)):
            return bool(node.elts) and all(self.is_module_expression(item) for item in node.elts)
        if isinstance(node, ast.ListComp):
            return self.is_module_expression(node.elt)
        if isinstance(node, ast.BinOp) and self.iterable_kind(node) is not None:
            return all(self.is_module_expression(side) for side in (node.left, node.right) if self.iterable_kind(side))
        if isinstance(node, ast.IfExp):  # nn.Linear(4, h) if h != 4 else nn.Identity()
            return self.is_module_expression(node.body) and self.is_module_expression(node.orelse)
        return False

    def one_module(self, node: ast.expr) -> ModuleNode:
        modules = self.modules_of(node)
        if len(modules) != 1:
            raise SpecError("lstmcalc expects one module here", self.evaluator.loc(node))
        return modules[0]

    def modules_of(self, node: ast.expr) -> list[ModuleNode]:
        """The modules ``node`` makes or names (a list or comprehension gives several)."""
        sliced = self.sliced_modules(node)  # self.layers[1:], list(self.layers)
        if sliced is not None:
            return sliced
        if isinstance(node, ast.Name) and node.id in self.local_modules:
            held = self.local_modules[node.id]
            return list(held) if isinstance(held, list) else [held]
        if isinstance(node, (ast.List, ast.Tuple)):
            return [module for item in node.elts for module in self.modules_of(item)]
        if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
            return self.comprehension(node)
        if isinstance(node, ast.BinOp) and self.iterable_kind(node) is not None:
            return self.combined_modules(node)
        if isinstance(node, ast.IfExp):  # only the branch taken makes its module
            try:
                taken = node.body if self.evaluator.evaluate(node.test, self.scope) else node.orelse
            except Unknown as unknown:
                raise ask(self.evaluator, unknown.node, "to decide which module __init__ makes") from None
            return self.modules_of(taken)
        if isinstance(node, ast.Call) and is_deep_copy(node):  # copy.deepcopy(layer): a module of its own
            original = self.one_module(node.args[0])
            self.count_unrolled(node, sum(1 for _ in original.modules()))  # each copy as many steps as it has modules
            self.count_tensors(node, original.modules())
            refuse_oversized(original, "this copy", self.evaluator.loc(node))  # before deep_copy recurses into it
            return [deep_copy(original, self.evaluator.loc(node))]
        if isinstance(node, ast.Call) and (helper := self.helper_method(node) or self.file_function(node)):
            result = self.run_helper(helper, node)
            if isinstance(result, ModuleNode):
                return [result]
            if isinstance(result, list) and result and all(isinstance(item, ModuleNode) for item in result):
                return result
            raise self._not_a_module(node)
        if isinstance(node, ast.Call):
            return [self.instantiate(node)]
        held = self.module_of(node) if isinstance(node, (ast.Attribute, ast.Subscript)) else None
        if held is not None:
            return [held]  # nn.Sequential(self.fc, ...): the module self.fc is, under a second name
        raise self._not_a_module(node)

    def _not_a_module(self, node: ast.expr) -> SpecError:
        """The refusal of ``node`` where a module is wanted; for a function (``F.relu``), torch's own."""
        try:
            value = self.evaluator.evaluate(node, self.scope)
        except (Unknown, SpecError):
            value = None
        if isinstance(value, TorchFunction):
            return SpecError(
                f"{ast.unparse(node)} is a function, not a module: torch refuses it here too "
                f'("is not a Module subclass"); its module is nn.{FUNCTIONAL_ACTIVATIONS[value.name]}()',
                self.evaluator.loc(node),
            )
        return SpecError("lstmcalc cannot tell which module this is", self.evaluator.loc(node))

    def comprehension(self, node: ast.ListComp | ast.GeneratorExp) -> list[ModuleNode]:
        """``[module for name in known]``, a ``for`` inside another too: the modules of every step."""
        if any(generator.ifs or not is_loop_target(generator.target) for generator in node.generators):
            raise SpecError(
                "lstmcalc follows [module for name in range(n)], over lists, zip() and enumerate() too",
                self.evaluator.loc(node),
            )
        names = [name.id for generator in node.generators for name in ast.walk(generator.target)
                 if isinstance(name, ast.Name)]  # fmt: skip
        saved = {name: self.scope.bindings[name] for name in names if name in self.scope.bindings}
        try:
            return self._comprehended(node.elt, node.generators)
        finally:
            for name in names:
                self.scope.bindings.pop(name, None)
            self.scope.bindings.update(saved)

    def _comprehended(self, element: ast.expr, generators: list[ast.comprehension]) -> list[ModuleNode]:
        if not generators:
            return self.modules_of(element)
        try:
            values = self.iteration(generators[0].iter)
        except RangeTooLong as too_long:
            raise too_long.error(self.evaluator.loc) from None
        except Unknown as unknown:
            raise ask(self.evaluator, unknown.node, "to know how many modules the comprehension makes") from None
        made = []
        for value in values:
            self.bind_target(generators[0].target, value)
            made += self._comprehended(element, generators[1:])
        return made

    def instantiate(self, call: ast.Call) -> ModuleNode:
        """The module a call makes: a container, a torch.nn class, one of the file's classes."""
        call = merged_call(self, call)  # rnn(8, 16) of rnn = functools.partial(nn.GRU, batch_first=True)
        name = self.module_call(call)
        if name is None:
            raise SpecError(
                f"lstmcalc cannot tell which modules {shortened(call, 40)} makes without running the code: it is "
                "neither a torch.nn class nor a class or function of this file; make the modules here with "
                "nn.Class(...) or a function of this file",
                self.evaluator.loc(call),
            )
        if is_weight_norm(call, self.builder.torch_names):
            return apply_weight_norm(self.one_module(call.args[0]), call, self.evaluator, self.scope)
        if self.pretrained_embedding(call):
            return self.from_pretrained(call)
        if self.file_class(call) is not None:
            # The caller's modules by name, its own children too: Encoder(self.embedding, ...) shares it.
            held = {**self.local_modules, **{f"self.{child}": made for child, made in self.module.children.items()}}
            return self.builder.build(self.builder.classes[name], call, self.scope, held)
        if name in CONTAINERS:
            return self.container(name, call)
        made = make_torch_module(name, call, self.evaluator, self.scope, call.func, self.module_argument)
        self.count_tensors(call, made.modules())
        return made

    def module_argument(self, node: ast.expr) -> ModuleNode | None:
        """The module an argument of a torch.nn class is (a local name, ``self.x`` or a call making one), if any."""
        if isinstance(node, ast.Attribute):
            held = self.module_of(node)
            if held is not None:
                return held
        return self.one_module(node) if self.is_module_expression(node) else None
