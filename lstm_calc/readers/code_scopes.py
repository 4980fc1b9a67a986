"""The scopes of a Python module and what each name is bound to in them, as the flow walker leaves them.

:class:`ScopedBindings` is the :class:`~lstm_calc.readers.evaluate.Environment` side of
:class:`~lstm_calc.readers.code_flow.FlowWalker`: it answers what a name holds at the
statement being visited (:meth:`ScopedBindings.lookup`), binds and unpacks names, forgets
what code may have changed in place, and saves and merges the bindings of branches. The
order in which statements run, and so when each of these is called, is the walker's.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.located import LocatedList, located_slice
from lstm_calc.readers.code_names import ModuleFacts, bound_names, declared
from lstm_calc.readers.evaluate import (
    BUILTINS,
    KNOWN_METHODS,
    UNKNOWN,
    Binding,
    Environment,
    Evaluator,
    Snapshot,
    Unknown,
    is_mutable,
    known,
    too_deep,
    unbound,
)
from lstm_calc.readers.syntax_walk import unpacked_positions, walk

if TYPE_CHECKING:
    from collections.abc import Iterable


class Scope:
    """The bindings of one module, class body or function body, as its statements have made them."""

    MODULE, CLASS, FUNCTION = "module", "class", "function"

    def __init__(
        self, kind: str, parent: Scope | None = None, local_names: Iterable[str] = (), body: Iterable[ast.stmt] = ()
    ) -> None:
        self.kind = kind
        self.parent = parent
        self.bindings: dict[str, Binding] = {}
        #: Names some code may rebind at any time from now on.
        self.volatile: set[str] = set()
        self.all_volatile = False
        self.global_names = declared(body, ast.Global) if kind == Scope.FUNCTION else set()
        self.nonlocal_names = declared(body, ast.Nonlocal) if kind == Scope.FUNCTION else set()
        self.local_names = set(local_names) - self.global_names - self.nonlocal_names
        #: A function body read as it runs, at its one call: names outside it are read as they are now.
        self.running = False
        #: What its ``return`` gives, once read.
        self.result: Binding | None = None
        #: The function's name, for what Python says of one of its local names read before it is bound.
        self.name = ""

    @property
    def outer(self) -> Scope:
        """The scope this one is in: a lookup that reaches the module's scope ends there."""
        if self.parent is None:
            raise ValueError("the module's scope is in no other scope")
        return self.parent


#: The key of an item read that is not a constant (``config[name]``): any item may be read.
_NO_KEY = object()


class ScopedBindings(Environment):
    """The bindings of every scope open at the statement being visited, and the ways they change."""

    def __init__(self, evaluator: Evaluator, facts: ModuleFacts) -> None:
        self.evaluator = evaluator
        self.facts = facts
        #: Whether a name has been bound to a list, dict or call, which code can change in place.
        self.shared = False
        self.module = self.scope = Scope(Scope.MODULE)
        self.shadowed: set[str] = set()
        self.named_values: dict[int, Binding] = {}
        #: Where the outermost function being read ends: module names bound after it are unknown in it.
        self.defer_after: tuple[int, int] | None = None
        #: What each call of a function the walker ran returned (code_calls), by the call's id.
        self.call_results: dict[int, Binding] = {}

    def lookup(self, name: str) -> Binding:
        """The binding of ``name`` at the statement being visited."""
        if name in self.shadowed:
            return UNKNOWN
        scope, deferred = self.scope, False
        while True:
            if scope.all_volatile or name in scope.volatile:
                return UNKNOWN
            if scope.kind == Scope.MODULE:
                if deferred and not self.facts.stable_after(name, self.defer_after or (0, 0)):
                    return UNKNOWN
                return scope.bindings.get(name, UNKNOWN)
            if scope.kind == Scope.FUNCTION:
                if name in scope.bindings:
                    return UNKNOWN if deferred else scope.bindings[name]
                if name in scope.local_names and scope.running and not deferred and self.on_every_path():
                    return unbound(scope.name)  # no assignment to it has run: Python raises UnboundLocalError
                if name in scope.local_names or name in scope.nonlocal_names:
                    return UNKNOWN
                if name in scope.global_names:
                    scope, deferred = self.module, True
                    continue
                deferred = deferred or not scope.running
                scope = scope.outer
                while scope.kind == Scope.CLASS:  # a function does not see its class's names
                    scope = scope.outer
                continue
            if name in scope.bindings:
                return scope.bindings[name]
            scope = scope.outer

    def on_every_path(self) -> bool:
        """Whether the statement being visited runs on every way through the code read so far (in no loop
        walked without unrolling it, no branch undecided, no ``try``): a walker that knows overrides it."""
        return False

    def named(self, node: ast.NamedExpr) -> Binding:
        """What the ``:=`` ``node`` binds, as the statement that holds it found it (or unknown)."""
        return self.named_values.get(id(node), UNKNOWN)

    def snapshot(self, node: ast.AST) -> Snapshot:
        """The bindings of every name ``node`` reads, as they are now."""
        parts = walk(node)
        names = {part.id for part in parts if isinstance(part, ast.Name)}
        named = {id(part): self.named(part) for part in parts if isinstance(part, ast.NamedExpr)}
        calls = {
            id(part): self.call_results[id(part)]
            for part in parts
            if isinstance(part, ast.Call) and id(part) in self.call_results
        }
        builtins = names & BUILTINS
        return Snapshot(
            {name: self.lookup(name) for name in names}, named, calls, frozenset(builtins - self.facts.all_bound)
        )

    def binding_of(self, value: ast.expr) -> Binding:
        """What a name bound to ``value`` holds: a call, a known value, or unknown."""
        if isinstance(value, ast.Call):
            if id(value) in self.call_results:
                return self.call_results[id(value)]
            if self.is_builtin(value):
                return self._evaluated(value)
            if isinstance(value.func, ast.Attribute) and value.func.attr in KNOWN_METHODS:
                evaluated = self._evaluated(value)  # config.get("hidden", 64) of a known dict
                if evaluated.kind == Binding.KNOWN:
                    return evaluated
            return Binding(Binding.CALL, (value, self.snapshot(value)))
        if isinstance(value, ast.IfExp) and not too_deep(value) and not self.facts.walrus:  # GRU(8) if c else LSTM(8)
            try:
                taken = value.body if self.evaluator.evaluate(value.test, self, depth_checked=True) else value.orelse
            except Unknown:
                return UNKNOWN
            return self.binding_of(taken)
        return self._evaluated(value)

    def called(self, node: ast.Call) -> Binding:
        """What a call of a function of the file returned, where the walker ran it."""
        return self.call_results.get(id(node), UNKNOWN)

    def is_builtin(self, node: ast.Call) -> bool:
        """Whether ``node`` calls one of the builtins the evaluator knows (``len``), which the file never rebinds."""
        return isinstance(node.func, ast.Name) and node.func.id in BUILTINS and node.func.id not in self.facts.all_bound

    def _evaluated(self, value: ast.expr) -> Binding:
        if too_deep(value):
            return UNKNOWN  # as unknown as a call: an error where it is used, not in code the model may not need
        try:
            result = self.evaluator.evaluate(value, self, depth_checked=True)
        except Unknown:
            return UNKNOWN
        # A list that another name holds too could change through that name.
        if not isinstance(result, (list, dict)):
            return known(result)  # a number or a string: no name can change it in place
        return UNKNOWN if self.evaluator.read_mutable else known(result, is_mutable(value))

    # -- binding and forgetting ---------------------------------------------------------

    def bind(self, name: str, binding: Binding) -> None:
        """Bind ``name`` in the current scope."""
        self.shared = self.shared or binding.mutable or binding.kind == Binding.CALL
        self.scope.bindings[name] = binding

    def assign(self, target: ast.expr, binding: Binding) -> None:
        """Bind the names of an assignment target (``n``, ``a, *b``) to ``binding``, unpacking it if known."""
        if isinstance(target, ast.Name):
            self.bind(target.id, binding)
            return
        if not isinstance(target, (ast.Tuple, ast.List)):
            return  # a[0] = ..., a.b = ...: the name is forgotten as used (see _forget_shared)
        value = binding.value if binding.kind == Binding.KNOWN else None
        # the evaluator's lists are all located
        places = unpacked_positions(target.elts, len(value)) if isinstance(value, LocatedList) else None
        if not isinstance(value, LocatedList) or places is None:
            for name in bound_names([target]):
                self.bind(name, UNKNOWN)
            return
        for item, place in zip(target.elts, places):
            if isinstance(place, slice) and isinstance(item, ast.Starred):  # a new list of the items it takes
                self.assign(item.value, known(located_slice(value, place, value.location), True))
            elif isinstance(place, int):
                self.assign(item, known(value[place], binding.mutable))

    def _forget_shared(self, header: list[ast.expr]) -> None:
        """A list, dict or layer object used by this statement may have changed: forget it."""
        if not self.shared:
            return
        items, lengths = item_reads(header, self.facts.all_bound)
        for node in header:
            for part in walk(node):
                if isinstance(part, ast.Name) and isinstance(part.ctx, ast.Load) and id(part) not in lengths:
                    self._forget_if_shared(part.id, id(part) in items, items.get(id(part), _NO_KEY))

    def _forget_if_shared(self, name: str, item_read: bool = False, key: object = _NO_KEY) -> None:
        scope: Scope | None = self.scope
        while scope is not None:
            binding = scope.bindings.get(name)
            if binding is not None:
                if item_read and binding.kind == Binding.KNOWN and _plain_item(binding.value, key):
                    return  # config["units"]: an item read gives a number or a string, which nothing can change
                if binding.mutable or binding.kind == Binding.CALL:
                    if scope is self.scope:
                        scope.bindings[name] = UNKNOWN
                    else:
                        scope.volatile.add(name)  # changed whenever this function runs
                return
            scope = scope.parent

    def _everything_volatile(self) -> None:
        scope: Scope | None = self.scope
        while scope is not None:
            scope.all_volatile = True
            scope = scope.parent

    # -- branches ------------------------------------------------------------------------

    def _save(self, names: set[str]) -> dict[str, Binding | None]:
        return {name: self.scope.bindings.get(name) for name in names}

    def _restore(self, saved: dict[str, Binding | None]) -> None:
        for name, binding in saved.items():
            if binding is None:
                self.scope.bindings.pop(name, None)
            else:
                self.scope.bindings[name] = binding

    def _settle(self, names: set[str], outcomes: list[dict[str, Binding | None]]) -> None:
        """Bind each of ``names`` to what every way through gives it, or to unknown where they differ."""
        for name in names:
            bindings = [outcome[name] for outcome in outcomes]
            first = bindings[0]
            if first is None and all(binding is None for binding in bindings):
                self.scope.bindings.pop(name, None)
            elif first is not None and all(binding is not None and first.same(binding) for binding in bindings):
                self.scope.bindings[name] = first
            else:
                self.scope.bindings[name] = UNKNOWN


def item_reads(header: Iterable[ast.AST], rebound: Iterable[str] = ()) -> tuple[dict[int, object], set[int]]:
    """The names (by node) that a statement reads one item of (``config["units"]``,
    ``config.get("units", 8)``, ``sizes[0]``; not ``config["units"] = 8``, which changes it) or every item of
    (``{**config, "units": 8}``, ``dict(**config)``), each with the
    key it reads where the code writes it out (else :data:`_NO_KEY`), and those it reads the length of
    (``len(sizes)``, unless the file binds ``len``, among the names ``rebound``)."""
    reads: dict[int, object] = {}
    lengths: set[int] = set()
    for node in header:
        for part in walk(node):
            if isinstance(part, ast.Subscript) and isinstance(part.ctx, ast.Load) and isinstance(part.value, ast.Name):
                reads[id(part.value)] = _written_key(part.slice)
            elif (
                isinstance(part, ast.Call)
                and isinstance(part.func, ast.Name)
                and part.func.id == "len"
                and len(part.args) == 1
                and isinstance(part.args[0], ast.Name)
                and not part.keywords
                and "len" not in rebound
            ):
                lengths.add(id(part.args[0]))
            elif (
                isinstance(part, ast.Call)
                and isinstance(part.func, ast.Attribute)
                and part.func.attr == "get"
                and isinstance(part.func.value, ast.Name)
            ):
                reads[id(part.func.value)] = _written_key(part.args[0]) if part.args else _NO_KEY
            elif isinstance(part, ast.Dict):  # {**BASE, "hidden": 64} reads every item of BASE into a new dict
                reads.update((id(value), _NO_KEY) for key, value in zip(part.keys, part.values) if key is None)
            elif isinstance(part, ast.Call) and getattr(part.func, "id", None) == "dict" and "dict" not in rebound:
                reads.update((id(each.value), _NO_KEY) for each in part.keywords if each.arg is None)  # dict(**BASE)
    return reads, lengths


def _written_key(key: ast.expr) -> object:
    """The key an item read writes out (``config["units"]``), or :data:`_NO_KEY`."""
    return key.value if isinstance(key, ast.Constant) else _NO_KEY


def _plain_item(value: object, key: object) -> bool:
    """Whether reading the item ``key`` of ``value`` gives a number, a string, a boolean or None (a missing key
    too: an error, or ``get``'s default), which no code can change in place; with no constant key, whether
    every item does."""
    if _holds_plain_values(value):
        return True
    if key is _NO_KEY:
        return False
    if isinstance(value, dict):
        item = value.get(key)
    elif (
        isinstance(value, list)
        and isinstance(key, int)
        and not isinstance(key, bool)
        and -len(value) <= key < len(value)
    ):
        item = value[key]
    else:
        return False
    return item is None or isinstance(item, (str, int, float))


def _holds_plain_values(value: object) -> bool:
    """Whether ``value`` is a list or dict of numbers, strings, booleans and None only: no item of it is
    itself a list or dict that code could change in place once read."""
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
    return items is not None and all(item is None or isinstance(item, (str, int, float)) for item in items)
