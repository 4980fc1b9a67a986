"""Values that ``__init__`` asks a helper of the file for: ``nn.Linear(double(hidden), 3)``,
``self.out_features()``, ``self._conv_out(kernel, stride)``, a child's ``self.encoder.get_output_dim()``
(AllenNLP's idiom), a ``@property`` such as ``self.out_dim``, and a child's ``self.x`` that its
``__init__`` left.

A helper is followed only where its body is pure: assignments to its own names, ``if``/``elif``,
``for`` over what lstmcalc knows, ``return``, arithmetic, reads of ``self`` attributes and of its
parameters, the builtins and math functions the evaluator computes, and calls of other such
helpers. A body that sets anything (``self.x = ...``, ``sizes.append(...)``, an item) or calls
anything else is not followed: the value stays unknown and is asked for with ``--set`` where it is
read, as before. One that registers a module, parameter or buffer is refused there instead (a
``--set`` value would leave what it registers out of the count), and so is a helper that calls
itself with the same arguments (Python's RecursionError). Imported only when ``__init__`` reads such
a helper.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.readers.code_calls import ArgumentMismatch
from lstm_calc.readers.code_names import local_names
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Environment, Unknown, known, unbound
from lstm_calc.readers.syntax_walk import augmented_value, shortened
from lstm_calc.readers.torch_arguments import bind_arguments
from lstm_calc.readers.torch_builder import MAX_CALLS, MAX_NESTING, name_of_method
from lstm_calc.readers.torch_decorators import harmful_decorator
from lstm_calc.readers.torch_helper_purity import (
    READING_METHODS,
    changed_outside,
    impure_part,
    member,
    registering_part,
    torch_base,
)
from lstm_calc.readers.torch_module_attributes import torch_attribute
from lstm_calc.readers.torch_modules import ModuleNode, is_self
from lstm_calc.readers.torch_refusal import HelperRefusal

if TYPE_CHECKING:
    from lstm_calc.readers.torch_init import InitReader

#: The most steps the loops of one helper take; past it, its value is not known.
MAX_HELPER_STEPS = 10_000


class NotFollowed(Exception):  # noqa: N818 - not an error: a helper's value is left unknown
    """A helper (or one it calls) does what lstmcalc does not follow: its value is not known."""


class _Stop(Exception):  # noqa: N818
    """The helper reaches what lstmcalc cannot decide (an unknown ``if``) or Python's error: no value."""


class _Returned(Exception):  # noqa: N818
    def __init__(self, value: Binding) -> None:
        super().__init__()
        self.value = value


class _LoopExit(Exception):  # noqa: N818
    def __init__(self, statement: ast.stmt) -> None:
        super().__init__()
        self.is_break = isinstance(statement, ast.Break)


class Run:
    """One value asked for: the helpers followed for it so far, and how deep they nest (bounded as the builder
    bounds what __init__ calls: past MAX_CALLS or MAX_NESTING, the value is not known)."""

    def __init__(self, builder_depth: int) -> None:
        self.calls = 0
        self.depth = builder_depth
        #: The helpers running, each with its ``self``'s module and its arguments: one called again as it runs,
        #: on the same and with the same known arguments, never returns.
        self.running: list[tuple[ast.FunctionDef, ModuleNode | None, dict[str, Binding]]] = []


class Owner:
    """What ``self`` is in a helper: the module being built (read through ``__init__``'s scope) or a module
    it holds (its ``__init__`` has run: what it left, its properties, a torch.nn base's attributes)."""

    def __init__(self, reader: InitReader, module: ModuleNode, definition: ast.ClassDef, own: bool, run: Run) -> None:
        self.reader, self.module, self.definition, self.own, self.run = reader, module, definition, own, run

    def attribute(self, name: str) -> Binding:
        """``self.<name>``, where lstmcalc can be sure of it."""
        found = member(self.reader.builder, self.definition, name)
        if found is not None and found[0] == "property":
            return run_helper(self.reader, found[1], None, self, None, self.run)
        if self.own:
            binding = self.reader.scope.bindings.get(f"self.{name}", UNKNOWN)
        else:
            binding = self.module.attributes.get(f"self.{name}", UNKNOWN)
            if binding.kind == Binding.KNOWN and changed_outside(self.reader, name):
                return UNKNOWN  # encoder.hidden = 4 elsewhere, or a method of its class called from outside
        base = torch_base(self.module)
        if base is None or not self.own and changed_outside(self.reader, name):
            return binding
        try:
            held = torch_attribute(base, name, self.module.options)
        except KeyError:
            return binding
        # torch's __init__ sets it last (unless the class sets it after super().__init__()): both must agree.
        return known(held) if binding.kind != Binding.KNOWN or binding.value == held else UNKNOWN

    def module_of(self, node: ast.expr) -> ModuleNode | None:
        """The module ``self.rnn`` (``self.blocks[0]``...) names, inside this one."""
        if isinstance(node, ast.Attribute):
            holder = self.module if is_self(node.value) else self.module_of(node.value)
            return holder.children.get(node.attr) if holder is not None else None
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            holder = self.module_of(node.value)
            key = node.slice.value
            if holder is not None and holder.container is not None and isinstance(key, int) and holder.children:
                return holder.children.get(str(key % len(holder.children)))
        return None


def run_helper(
    reader: InitReader,
    function: ast.FunctionDef,
    call: ast.Call | None,
    owner: Owner | None,
    caller: Environment | None,
    run: Run,
) -> Binding:
    """What ``function`` returns, called by ``call`` (None: a property read) from ``caller`` with ``owner`` as
    its ``self``: known, UNKNOWN; :class:`NotFollowed` where it is not pure; a :class:`HelperRefusal` where it
    registers a module (or a helper it reads does) or runs again as it runs, without end."""
    builder = reader.builder
    if impure_part(function, reader) is not None or harmful_decorator(function) is not None:
        # Not followed, nor what it calls: what they register is looked for here (a pure helper's, as it runs).
        registering = registering_part(function, reader, owner.definition if owner is not None else None)
        if registering is not None:
            raise HelperRefusal(lambda read: _registers(read, function, registering))
        raise NotFollowed  # @functools.lru_cache, @double_it: its body is not all that calling it does
    run.calls += 1
    if run.depth >= MAX_NESTING or run.calls > MAX_CALLS:
        raise NotFollowed  # count(n - 1) a hundred deep: Python computes it, lstmcalc asks for it
    method = owner is not None
    positional = [*function.args.posonlyargs, *function.args.args]
    if method and (not positional or positional[0].arg != "self"):
        raise NotFollowed  # self.x in its body would not be the instance's
    try:
        bound = bind_arguments(
            function, call, reader.evaluator, caller or builder.module_scope, builder.module_scope, method
        )
    except ArgumentMismatch as mismatch:
        raise mismatch.located(name_of_method(function, builder.classes), reader.evaluator.loc) from None
    running = (function, owner.module if owner is not None else None, bound)
    if any(same_run(running, earlier) for earlier in run.running):
        raise HelperRefusal(lambda read: _never_returns(read, function, call))
    scope = HelperScope(reader, function, bound, owner, run)
    saved = reader.evaluator.read_mutable
    run.depth += 1
    run.running.append(running)
    try:
        scope.block(function.body)
    except _Returned as returned:
        return returned.value
    except _Stop:
        return UNKNOWN
    finally:
        run.depth -= 1
        run.running.pop()
        reader.evaluator.read_mutable = saved
    return known(None)


def same_run(
    running: tuple[ast.FunctionDef, ModuleNode | None, dict[str, Binding]],
    earlier: tuple[ast.FunctionDef, ModuleNode | None, dict[str, Binding]],
) -> bool:
    """Whether a helper now called runs as one already running does: the same function on the same module with
    the same known arguments (a pure helper then calls itself again, without end)."""
    (function, module, bound), (earlier_function, earlier_module, earlier_bound) = running, earlier
    return (
        function is earlier_function
        and module is earlier_module
        and bound.keys() == earlier_bound.keys()
        and all(value.kind == Binding.KNOWN and value.same(earlier_bound[name]) for name, value in bound.items())
    )


def _registers(read: str, function: ast.FunctionDef, part: ast.AST) -> str:
    return (
        f"lstmcalc cannot read {read}: {function.name} registers a module, parameter or buffer "
        f"({shortened(part, 60)}, line {getattr(part, 'lineno', function.lineno)}), and lstmcalc does not follow a "
        "helper that does, so no --set value can stand for it (torch would count what it registers); make it in "
        "__init__ itself, and keep the helper to computing the value"
    )


def _never_returns(read: str, function: ast.FunctionDef, call: ast.Call | None) -> str:
    where = f" at line {call.lineno}" if call is not None else ""
    return (
        f"Python refuses this (RecursionError: maximum recursion depth exceeded): {read} never returns: "
        f"{function.name} calls itself again with the same arguments{where}"
    )


class HelperScope(Environment):
    """The names a helper sees as it runs: its own, ``self``'s attributes (:class:`Owner`), then the module's."""

    #: What the helper cannot be given is refused where __init__ reads it (TorchEvaluator._value).
    in_helper = True

    def __init__(
        self, reader: InitReader, function: ast.FunctionDef, bound: dict[str, Binding], owner: Owner | None, run: Run
    ) -> None:
        self.reader, self.function, self.owner, self.run = reader, function, owner, run
        self.bindings = dict(bound)
        self.local_names = local_names(function)
        self.own_module = owner.module if owner is not None else None
        self.steps = 0

    def lookup(self, name: str) -> Binding:
        if name in self.bindings:
            return self.bindings[name]
        if name in self.local_names:
            return unbound(name_of_method(self.function, self.reader.builder.classes))
        if name.startswith("self."):
            return self.owner.attribute(name[5:]) if self.owner is not None else UNKNOWN
        return self.reader.builder.module_scope.lookup(name)

    def is_builtin(self, node: ast.Call) -> bool:
        shadowed = isinstance(node.func, ast.Name) and node.func.id in self.local_names
        return not shadowed and self.reader.builder.module_scope.is_builtin(node)

    def module_of(self, node: ast.expr) -> ModuleNode | None:
        return self.owner.module_of(node) if self.owner is not None else None

    def held_attribute(self, held: ModuleNode, name: str) -> Binding:
        """``self.encoder.<name>`` inside the helper, as :func:`held_attribute` reads it."""
        if not isinstance(held.node, ast.ClassDef):
            return UNKNOWN
        return Owner(self.reader, held, held.node, own=False, run=self.run).attribute(name)

    def called(self, node: ast.Call) -> Binding:
        function = node.func
        if isinstance(function, ast.Name) and function.id in self.local_names:
            return UNKNOWN
        if isinstance(function, ast.Attribute) and is_self(function.value) and self.owner is None:
            raise NotFollowed
        return helper_call(self.reader, node, self, self.owner, self.run)

    def value(self, node: ast.expr) -> Any:
        return self.reader.evaluator.evaluate(node, self)

    def block(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(statement)

    def statement(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.Return):
            raise _Returned(self.binding(statement.value) if statement.value is not None else known(None))
        if isinstance(statement, ast.Assign):
            value = self.binding(statement.value)
            for target in statement.targets:
                self.bind(target, value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            self.bind(statement.target, self.binding(statement.value))
        elif isinstance(statement, ast.AugAssign):
            current = self.lookup(statement.target.id) if isinstance(statement.target, ast.Name) else UNKNOWN
            if current.kind == Binding.KNOWN and isinstance(current.value, (list, dict)):
                raise NotFollowed  # sizes += [4] changes the list in place, under every name holding it
            self.bind(statement.target, self.binding(augmented_value(statement)))
        elif isinstance(statement, ast.If):
            self.block(statement.body if self.decided(statement.test) else statement.orelse)
        elif isinstance(statement, ast.For):
            self.loop(statement)
        elif isinstance(statement, (ast.Break, ast.Continue)):
            raise _LoopExit(statement)
        elif isinstance(statement, ast.Raise):
            raise _Stop  # Python's error: no model at all
        elif isinstance(statement, ast.Assert):
            try:
                holds = self.value(statement.test)
            except Unknown:
                return  # if it fails, Python makes no model at all
            if not holds:
                raise _Stop

    def decided(self, test: ast.expr) -> bool:
        try:
            return bool(self.value(test))
        except Unknown:
            raise _Stop from None

    def binding(self, node: ast.expr) -> Binding:
        try:
            value = self.value(node)
        except Unknown:
            return UNKNOWN
        return known(value, mutable=isinstance(value, (list, dict)))

    def bind(self, target: ast.expr, value: Binding) -> None:
        if isinstance(target, ast.Name):
            self.bindings[target.id] = value
            return
        names = [part for part in ast.walk(target) if isinstance(part, ast.Name)]
        items = value.value if value.kind == Binding.KNOWN else None
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(items, (list, tuple)):
            if len(items) != len(target.elts):
                raise _Stop  # Python's ValueError
            for element, item in zip(target.elts, items):
                self.bind(element, known(item, mutable=isinstance(item, (list, dict))))
            return
        for name in names:
            self.bindings[name.id] = UNKNOWN

    def loop(self, statement: ast.For) -> None:
        """``for k in kernels:`` over what lstmcalc knows (``range(n)`` too), at most MAX_HELPER_STEPS steps."""
        iterated = statement.iter
        try:
            if (
                isinstance(iterated, ast.Call)
                and isinstance(iterated.func, ast.Name)
                and iterated.func.id == "range"
                and "range" not in self.local_names
                and "range" not in self.reader.evaluator.bound_names
                and not iterated.keywords
            ):
                bounds = [self.value(argument) for argument in iterated.args]
                if not 1 <= len(bounds) <= 3 or not all(type(bound) is int for bound in bounds) or 0 in bounds[2:]:
                    raise _Stop
                items: Any = range(*bounds)
            else:
                items = self.value(iterated)
        except Unknown:
            raise _Stop from None
        if not isinstance(items, (list, tuple, range, str)):
            raise _Stop
        for item in items:
            self.steps += 1
            if self.steps > MAX_HELPER_STEPS:
                raise _Stop
            self.bind(statement.target, known(item, mutable=isinstance(item, (list, dict))))
            try:
                self.block(statement.body)
            except _LoopExit as exit:
                if exit.is_break:
                    return
        self.block(statement.orelse)


def helper_call(reader: InitReader, node: ast.Call, caller: Environment, owner: Owner | None, run: Run) -> Binding:
    """What ``node``, a call of a helper of the file, gives; UNKNOWN for a call that is none (the evaluator's
    own: ``len(x)``, ``"{}".format(i)``); :class:`NotFollowed` for one lstmcalc does not follow."""
    function = node.func
    builder = reader.builder
    if isinstance(function, ast.Name):
        found = reader.evaluator.file_functions.get(function.id)
        if found is None or function.id in builder.classes:
            return UNKNOWN
        return run_helper(reader, found, node, None, caller, run)
    if not isinstance(function, ast.Attribute) or function.attr not in builder.helper_names:
        return UNKNOWN
    if is_self(function.value):
        target = owner
    else:
        finder = getattr(caller, "module_of", None)
        held = finder(function.value) if finder is not None else None
        target = None
        if isinstance(held, ModuleNode) and isinstance(held.node, ast.ClassDef):
            target = Owner(reader, held, held.node, own=False, run=run)
        elif function.attr in READING_METHODS:
            return UNKNOWN  # "{}".format(i): the evaluator's
    if target is None:
        raise NotFollowed
    found_member = member(builder, target.definition, function.attr)
    if found_member is None or found_member[0] == "property":
        raise NotFollowed
    kind, helper = found_member
    return run_helper(reader, helper, node, target if kind == "method" else None, caller, run)


def own_owner(reader: InitReader, run: Run) -> Owner | None:
    """``self`` of the code ``reader`` runs: the module being built; None in a function of the file."""
    module = reader.module
    if not isinstance(module.node, ast.ClassDef):
        return None
    return Owner(reader, module, reader.instance_class, own=True, run=run)


def init_call(reader: InitReader, node: ast.Call, scope: Environment) -> Binding:
    """What a call of a helper gives where ``__init__`` (or a method it runs) reads it; UNKNOWN where it is none,
    or not followed."""
    try:
        run = Run(reader.builder.depth)
        return helper_call(reader, node, scope, own_owner(reader, run), run)
    except (NotFollowed, RecursionError):  # deep expressions in deep calls: Python's own stack is the bound
        return UNKNOWN


def own_property(reader: InitReader, name: str) -> Binding | None:
    """``self.<name>`` where the class's ``@property`` gives it; None where ``name`` is no property."""
    run = Run(reader.builder.depth)
    owner = own_owner(reader, run)
    found = member(reader.builder, owner.definition, name) if owner is not None else None
    if found is None or found[0] != "property":
        return None
    try:
        return run_helper(reader, found[1], None, owner, None, run)
    except (NotFollowed, RecursionError):
        return UNKNOWN


def held_attribute(reader: InitReader, held: ModuleNode, name: str) -> Binding:
    """``self.encoder.<name>`` of a module of the file's class that ``__init__`` holds: its property, or what
    its ``__init__`` left (its torch.nn base's attribute)."""
    if not isinstance(held.node, ast.ClassDef):
        return UNKNOWN
    try:
        return Owner(reader, held, held.node, own=False, run=Run(reader.builder.depth)).attribute(name)
    except (NotFollowed, RecursionError):
        return UNKNOWN
