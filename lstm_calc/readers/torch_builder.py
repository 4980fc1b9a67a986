"""Builds the file's ``nn.Module`` classes into module trees: each class's ``__init__`` (or its
parent's) run on a new :class:`~lstm_calc.readers.torch_modules.ModuleNode` with its parameters
bound to the instantiation's arguments, by :class:`~lstm_calc.readers.torch_init.InitReader`.
"""

from __future__ import annotations

import ast
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.code_calls import ArgumentMismatch
from lstm_calc.readers.code_names import bound_names, local_names, parameters, ran_bindings
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Environment, Unknown, unbound
from lstm_calc.readers.syntax_walk import bound_name, made_node
from lstm_calc.readers.torch_arguments import bind_arguments
from lstm_calc.readers.torch_binding_times import end_of
from lstm_calc.readers.torch_class_attributes import OWN_CLASS
from lstm_calc.readers.torch_classes import ClassOrders, method
from lstm_calc.readers.torch_containers import refuse_oversized
from lstm_calc.readers.torch_decorators import harmful_decorator, unfollowed_function
from lstm_calc.readers.torch_init import InitReader
from lstm_calc.readers.torch_init_registration import Returned
from lstm_calc.readers.torch_kinds import CONTAINERS, TORCH_KINDS
from lstm_calc.readers.torch_lightning import start_hyperparameters
from lstm_calc.readers.torch_modules import ModuleNode
from lstm_calc.readers.torch_unknown_modules import unknown_module

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.readers.torch_values import TorchEvaluator

#: Reading a class inside itself (directly or not) would never end.
MAX_NESTING = 50
#: The most times ``__init__`` and what it calls may call the file's classes, methods and functions
#: in all: a function calling itself twice (``nn.Sequential(make(n - 1), make(n - 1))``) makes 2**n
#: calls within the nesting bound. Real models make a few hundred.
MAX_CALLS = 2_000


class InitScope(Environment):
    """The names ``__init__`` sees: its locals and ``self.x`` attributes, then the module's names."""

    def __init__(self, outer: Environment) -> None:
        self.outer = outer
        self.bindings: dict[str, Binding] = {}
        #: What the list methods lstmcalc ran returned (``last = sizes.pop()``), by call.
        self.results: dict[int, Binding] = {}
        #: The local names bound to what lstmcalc cannot know and may be a module (``enc = torch.load(...)``).
        self.unknown_modules: set[str] = set()
        #: The module an expression names (``self.fc``, a local ``emb``), as the reader of the code now run
        #: finds it: the evaluator reads a torch.nn module's attributes through it (``self.fc.out_features``).
        self.module_of: Callable[[ast.expr], ModuleNode | None] | None = None
        #: The module whose __init__ runs, whose own parameters ``self.w.shape`` reads.
        self.own_module: ModuleNode | None = None
        #: The function being run (its __qualname__), its local names (code_names.local_names), and those of
        #: them that the statements run so far may have bound (code_names.ran_bindings).
        self.function = ""
        self.local_names: frozenset[str] = frozenset()
        self.reached: set[str] = set()
        #: The reader of the code now run, while it reads: the helpers of the file it asks for values
        #: (``self.out_dim``, ``double(hidden)``) are followed through it (torch_helper_values).
        self.reader: InitReader | None = None

    def lookup(self, name: str) -> Binding:
        if name in self.bindings:
            return self.bindings[name]
        if name in self.local_names:  # never the module's name of the same spelling
            return UNKNOWN if name in self.reached else unbound(self.function)
        if name.startswith("self.") and self.reader is not None and name[5:] in self.reader.builder.helper_names:
            from lstm_calc.readers.torch_helper_values import own_property  # imported when a helper may be read

            if (read := own_property(self.reader, name[5:])) is not None:
                return read  # self.out_dim of a @property
        return self.outer.lookup(name)

    def ran(self, statement: ast.stmt, whole: bool = False) -> None:
        """``statement`` of the function has run (``whole``: any part of its blocks may have): the names it may
        have bound are the function's own from now on, unknown where not bound."""
        self.reached |= bound_names([statement]) if whole else ran_bindings(statement)

    def called(self, node: ast.Call) -> Binding:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        shadowed = name in self.bindings or name in self.local_names  # a local double, not the file's function
        if id(node) in self.results or self.reader is None or shadowed or not self.reader.builder.may_be_helper(node):
            return self.results.get(id(node), UNKNOWN)
        from lstm_calc.readers.torch_helper_values import init_call  # imported when a helper may be called

        return init_call(self.reader, node, self)  # double(hidden), self.encoder.get_output_dim()

    def held_attribute(self, held: ModuleNode, name: str) -> Binding:
        """``self.encoder.<name>`` of a module of the file's class (a property, or what its __init__ left)."""
        if self.reader is None or not isinstance(held.node, ast.ClassDef):
            return UNKNOWN
        from lstm_calc.readers.torch_helper_values import held_attribute

        return held_attribute(self.reader, held, name)

    def is_builtin(self, node: ast.Call) -> bool:
        return self.outer.is_builtin(node)


#: A method being run (ModuleBuilder.frames): its class, the function, the scope it runs in, and what that
#: scope held for its caller (bindings; function name, local names and those reached).
Frame = tuple[ast.ClassDef, ast.FunctionDef, InitScope, dict[str, Binding], tuple[str, frozenset[str], set[str]]]


def unstarred(node: ast.expr) -> ast.expr:
    """What ``*node`` spreads, or ``node`` itself."""
    return node.value if isinstance(node, ast.Starred) else node


def made_by_module_code(environment: Environment, name: ast.Name) -> tuple[ast.Call, Environment] | None:
    """The call module-level code bound ``name`` to (``enc = Encoder(...)``), with the names it saw."""
    binding = environment.lookup(name.id)
    if binding.kind != Binding.CALL or not isinstance(binding.value, tuple):
        return None
    call, where = binding.value
    return (call, where) if isinstance(call, ast.Call) else None


class ModuleBuilder:
    """Builds the file's ``nn.Module`` classes into module trees."""

    def __init__(
        self,
        evaluator: TorchEvaluator,
        torch_names: dict[str, str],
        classes: dict[str, ast.ClassDef],
        module_scope: Environment,
    ) -> None:
        self.evaluator = evaluator
        self.torch_names = torch_names
        self.classes = classes
        self.module_scope = module_scope
        self.orders = ClassOrders(classes, torch_names, evaluator.loc)
        self.depth = 0
        #: Steps taken by the loops and comprehensions of __init__ so far (bounded: MAX_UNROLLED).
        self.unrolled = 0
        #: The modules module-level code made (``enc = Encoder(...)``), by call: one object however often given.
        self.made_at_module_level: dict[int, ModuleNode] = {}
        #: The file's classes, methods and functions followed so far (bounded: MAX_CALLS).
        self.calls = 0
        #: The parameters and buffers of the torch.nn modules made and copied so far (bounded: MAX_TENSORS).
        self.tensors = 0
        #: The methods being run, outermost first: each with its class, its scope, and the bindings and local
        #: names its scope held for the caller (torch_lightning reads the frames Lightning collects).
        self.frames: list[Frame] = []

    @cached_property
    def helper_names(self) -> frozenset[str]:
        """The names of the methods (and properties) the file's module classes define."""
        return frozenset(
            item.name for cls in self.classes.values() for item in cls.body if isinstance(item, ast.FunctionDef)
        )

    def may_be_helper(self, call: ast.Call) -> bool:
        """Whether ``call`` may call a function of the file or a method of one of its module classes."""
        function = call.func
        if isinstance(function, ast.Name):
            return function.id in self.evaluator.file_functions and function.id not in self.classes
        return isinstance(function, ast.Attribute) and function.attr in self.helper_names

    def build(
        self,
        definition: ast.ClassDef,
        call: ast.Call | None,
        caller: Environment,
        caller_modules: dict[str, Any] | None = None,
    ) -> ModuleNode:
        """The module that ``definition`` instantiated by ``call`` (seen from ``caller``, whose local names
        of modules and lists of modules are ``caller_modules``) holds."""
        if self.depth >= MAX_NESTING:
            raise SpecError(f"classes are nested more than {MAX_NESTING} deep", self.evaluator.loc(definition))
        self.refuse_class_defined_after_making(definition, call)
        self.depth += 1
        module = ModuleNode(definition.name, definition)
        scope = InitScope(self.module_scope)
        known = self.evaluator.class_attributes
        attributes = {} if known is None else known.of(definition.name)
        scope.bindings.update((f"self.{name}", binding) for name, binding in attributes.items())  # until set on self
        # type(self).X and self.__class__.X: the class's, whatever the instance sets (no name holds a dot)
        scope.bindings.update((f"{OWN_CLASS}{name}", binding) for name, binding in attributes.items())
        scope.bindings.update(start_hyperparameters(self, definition))
        self.run_init(definition, module, scope, call, caller, caller_modules)
        refuse_oversized(module, definition.name, self.evaluator.loc(call if call is not None else definition))
        module.forward = self.find_method(definition, "forward")
        if (own_call := self.find_method(definition, "__call__")) is not None:  # see torch_call_changes
            module.call_changes = (*module.call_changes, ("its class's own __call__", own_call.lineno))
        module.own_protocol = any(self.find_method(definition, name) for name in ("__iter__", "__getitem__", "__len__"))
        module.attributes = {name: binding for name, binding in scope.bindings.items() if name.startswith("self.")}
        self.depth -= 1
        return module

    def refuse_class_defined_after_making(self, definition: ast.ClassDef, call: ast.Call | None) -> None:
        """Refuse a class whose last definition, the one lstmcalc reads, comes after the module-level code that
        makes the model, or a module given to it: Python made it with what the name meant then."""
        made_at = self.evaluator.made_at
        if made_at is not None and end_of(definition) > made_at and definition.name in self.classes:
            raise SpecError(
                f"line {made_at[0]} makes the model, or a module given to it, with class {definition.name}, whose "
                f"last definition, the one lstmcalc reads, is further down (line {definition.lineno}): Python uses "
                f"what {definition.name} is at line {made_at[0]}; make the model below it, or rename one of the "
                f"classes named {definition.name}",
                self.evaluator.loc(call if call is not None else definition),
            )

    def find_method(self, definition: ast.ClassDef, name: str) -> ast.FunctionDef | None:
        """``name`` as Python finds it for an instance of the class: the first class of its method
        resolution order in the file that defines it."""
        found = self.defining(definition, name)
        return found[1] if found is not None else None

    def defining(self, definition: ast.ClassDef, name: str) -> tuple[ast.ClassDef, ast.FunctionDef] | None:
        """The class of the file whose method ``name`` Python finds for an instance of ``definition``, and
        the method; None where none does, or a torch.nn base before it in the order has its own
        ``__init__`` or ``forward`` (``class Net(nn.Sequential, Base)``: Sequential's, not Base's)."""
        for ancestor in self.orders.order(definition):
            if isinstance(ancestor, str):
                if name in ("__init__", "forward") and (ancestor in CONTAINERS or ancestor in TORCH_KINDS):
                    return None
            elif (found := method(ancestor, name)) is not None:
                return ancestor, found
        return None

    def refuse_unseen_body(self, function: ast.FunctionDef) -> None:
        """Refuse to follow a function whose body is not what calling it does (a decorator may wrap what it
        makes; code outside the class may replace the method): its modules would be counted wrong."""
        attributes = self.evaluator.class_attributes
        replaced = (
            attributes is not None
            and attributes.assigned_elsewhere(function.name)
            and any(function in cls.body for cls in self.classes.values())
        )
        decorator = harmful_decorator(function)
        if decorator is not None or replaced:
            why = unfollowed_function(function) or f"code outside the class assigns .{function.name}"
            raise SpecError(
                f"lstmcalc cannot follow {function.name} without running the code: {why}; make the modules it "
                "makes in __init__ without it, or give the model as a YAML spec",
                self.evaluator.loc(decorator if decorator is not None else function),
            )

    def ancestors(self, definition: ast.ClassDef) -> list[ast.ClassDef]:
        """The class's ancestors in the file, in its method resolution order."""
        return self.orders.resolution_order(definition)[1:]

    def parents(self, definition: ast.ClassDef) -> list[ast.ClassDef]:
        """The parent classes the file defines."""
        return self.orders.parents(definition)

    def run_init(
        self,
        definition: ast.ClassDef,
        module: ModuleNode,
        scope: InitScope,
        call: ast.Call | None,
        caller: Environment,
        caller_modules: dict[str, Any] | None = None,
    ) -> None:
        """Run the ``__init__`` Python finds for ``definition`` (its own, or an ancestor's) on ``module``;
        where the file defines none before a torch.nn base, that base's (``class Block(nn.Sequential): pass``)
        takes the call's arguments."""
        found = self.defining(definition, "__init__")
        if found is not None:
            self.run_method(*found, module, scope, call, caller, caller_modules=caller_modules)
            return
        given = call or made_node(ast.Call(ast.Name(definition.name, ast.Load()), [], []), definition)
        super_init = made_node(ast.Attribute(ast.Call(ast.Name("super", ast.Load()), [], []), "__init__", ast.Load()))
        reader = InitReader(self, module, InitScope(caller), definition)
        reader.local_modules.update(caller_modules or {})
        reader.parent_init(made_node(ast.Call(super_init, given.args, given.keywords), given))

    def run_method(
        self,
        definition: ast.ClassDef,
        function: ast.FunctionDef,
        module: ModuleNode,
        scope: InitScope,
        call: ast.Call | None,
        caller: Environment,
        method: bool = True,
        caller_modules: dict[str, Any] | None = None,
    ) -> Any:
        """Run ``function``, ``__init__`` or a method ``__init__`` calls (``self._build()``), on
        ``module``: what it sets on ``self`` stays set, its own names do not. What it returns."""
        if self.depth >= MAX_NESTING:
            raise SpecError(
                f"classes and methods are nested more than {MAX_NESTING} deep", self.evaluator.loc(function)
            )
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise SpecError(
                f"__init__ calls the file's classes, methods and functions more than {MAX_CALLS:,} times in all; "
                "lstmcalc follows no more (real models make a few hundred such calls)",
                self.evaluator.loc(call if call is not None else function),
            )
        self.refuse_unseen_body(function)
        self.depth += 1
        try:
            bound = bind_arguments(function, call, self.evaluator, caller, self.module_scope, method)
        except ArgumentMismatch as mismatch:
            raise mismatch.located(name_of_method(function, self.classes), self.evaluator.loc) from None
        saved = dict(scope.bindings)
        saved_unknown = scope.unknown_modules
        saved_locals = scope.function, scope.local_names, scope.reached
        self.frames.append((definition, function, scope, saved, saved_locals))
        scope.function, scope.local_names = name_of_method(function, self.classes), local_names(function)
        scope.reached = set(parameters(function.args))
        scope.bindings = {name: binding for name, binding in scope.bindings.items() if name.startswith("self.")}
        scope.bindings.update(bound)
        scope.unknown_modules = self.unknown_module_arguments(function, call, caller, method)
        reader = InitReader(self, module, scope, definition)
        made = self.module_arguments(function, call, caller, module, definition, method, caller_modules)
        reader.local_modules.update(made)
        result = None
        try:
            reader.read(function.body)
        except Returned as returned:
            result = returned.value
        attributes = {name: binding for name, binding in scope.bindings.items() if name.startswith("self.")}
        scope.bindings = {**{k: v for k, v in saved.items() if not k.startswith("self.")}, **attributes}
        scope.unknown_modules = saved_unknown
        scope.function, scope.local_names, scope.reached = saved_locals
        self.frames.pop()
        self.depth -= 1
        return result

    def unknown_module_arguments(
        self, function: ast.FunctionDef, call: ast.Call | None, caller: Environment, method: bool = True
    ) -> set[str]:
        """The parameters given what lstmcalc cannot know and may be a module (``M(torch.load(...))``)."""
        if call is None:
            return set()
        positional = [*function.args.posonlyargs, *function.args.args][1 if method else 0 :]
        given = [(parameter.arg, node) for parameter, node in zip(positional, call.args)]
        given += [(keyword.arg, keyword.value) for keyword in call.keywords if keyword.arg is not None]
        unknown: set[str] = getattr(caller, "unknown_modules", set())
        names: set[str] = set()
        for name, node in given:
            if isinstance(node, ast.Name) and (named := made_by_module_code(caller, node)) is not None:
                node = named[0]  # enc = torch.load(...) at module level, then M(enc)
            try:
                self.evaluator.evaluate(node, caller)
            except Unknown:
                if unknown_module(node, self.evaluator, unknown):
                    names.add(name)
        return names

    def module_arguments(
        self,
        init: ast.FunctionDef,
        call: ast.Call | None,
        caller: Environment,
        module: ModuleNode,
        definition: ast.ClassDef,
        method: bool = True,
        caller_modules: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The parameters given a module made in the call itself (``Seq2Seq(Encoder(...), Decoder(...))``),
        or by module-level code under a name (``enc = Encoder(...)``, then ``Seq2Seq(enc, dec)``); a list
        of modules (``Stack([nn.Linear(...), ...])``); the modules ``*layers`` takes (``Block(*layers)``)."""
        if call is None:
            return {}
        positional = [*init.args.posonlyargs, *init.args.args][1 if method else 0 :]
        spread = next((index for index, node in enumerate(call.args) if isinstance(node, ast.Starred)), len(call.args))
        given = [(parameter.arg, node) for parameter, node in zip(positional, call.args[:spread])]
        given += [(keyword.arg, keyword.value) for keyword in call.keywords if keyword.arg is not None]
        maker = InitReader(self, module, InitScope(caller), definition)
        maker.local_modules.update(caller_modules or {})
        made: dict[str, Any] = {}
        rest = call.args[len(positional) :] if spread >= len(positional) else []
        if init.args.vararg is not None and rest and all(maker.is_module_expression(unstarred(node)) for node in rest):
            made[init.args.vararg.arg] = [module for node in rest for module in maker.modules_of(unstarred(node))]
        for name, node in given:
            if isinstance(node, ast.Call) and maker.is_module_expression(node):
                made[name] = maker.instantiate(node)
            elif maker.iterable_kind(node) is not None and maker.is_module_expression(node):
                made[name] = maker.modules_of(node)
            elif (held := _held_by_caller(node, caller_modules or {})) is not None:
                made[name] = held  # Encoder(emb, ...), Encoder(self.embedding, ...): the caller's module, shared
            elif isinstance(node, ast.Name) and (named := made_by_module_code(caller, node)) is not None:
                if maker.is_module_expression(named[0]):
                    made[name] = self.module_made_at_module_level(named, module, definition)
        return made

    def module_made_at_module_level(
        self, made: tuple[ast.Call, Environment], module: ModuleNode, definition: ast.ClassDef
    ) -> ModuleNode:
        """The module a module-level call made, built once: given to two modules, it is one module, as in torch."""
        call, where = made
        if id(call) not in self.made_at_module_level:
            model_made_at, self.evaluator.made_at = self.evaluator.made_at, end_of(call)  # its classes as then
            try:
                reader = InitReader(self, module, InitScope(where), definition)
                self.made_at_module_level[id(call)] = reader.instantiate(call)
            finally:
                self.evaluator.made_at = model_made_at
        return self.made_at_module_level[id(call)]


def name_of_method(function: ast.FunctionDef, classes: dict[str, ast.ClassDef]) -> str:
    """``Net.__init__`` for a method of one of ``classes``, ``build`` for a function: its ``__qualname__``."""
    owner = next((cls.name for cls in classes.values() if function in cls.body), None)
    return function.name if owner is None else f"{owner}.{function.name}"


def _held_by_caller(node: ast.expr, caller_modules: dict[str, Any]) -> Any:
    """The module (or list of modules) the caller holds under ``node``, a local name or ``self.name``; None
    for anything else."""
    name = bound_name(node)
    held = caller_modules.get(name) if name is not None else None
    several = isinstance(held, list) and all(isinstance(item, ModuleNode) for item in held)
    return held if isinstance(held, ModuleNode) or several else None
