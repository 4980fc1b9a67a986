"""Python statements followed in the order they run, with what each name is bound to at each point.

Modelled on pyflakes's checker: a stack of scopes (module, class, function), each with
the bindings its statements make, walked statement by statement; a new binding replaces
the old one, and a function's or class's names never leak into the module. The rule
throughout is that a name whose value is not certain is :data:`UNKNOWN`, and a reader
asks for it with ``--set`` where it is used:

* ``=`` (chained and unpacked), ``+=`` and the like on known numbers, annotated
  assignment and ``:=`` give exact values; ``:=`` inside a branch of ``if``/``else``,
  ``and``/``or`` or a comprehension, and any name that a statement both reads and binds
  with ``:=``, are unknown.
* ``import``, ``with ... as``, ``except ... as``, ``for`` targets, ``match`` captures,
  function and class names and ``del`` make a name unknown; ``from m import *`` makes
  every name bound before it unknown.
* A walker that unrolls loops (:mod:`lstm_calc.readers.code_loops`; the Keras code readers
  do) walks a ``for`` loop over known values once per value. Every name any other loop
  (``for``, ``while``) binds is unknown in it and after it. An ``if``
  whose test is known runs one branch; otherwise each branch runs on its own and a name
  keeps its value after them only if every way through gives the same value. The same
  for ``try`` (whatever the body binds is unknown in the handlers and after them),
  ``match`` cases and ``with suppress(...)``.
* A function body is read when it is defined, with its parameters unknown, unless it is read
  where it is called (:mod:`lstm_calc.readers.code_runs`); a module name
  read in it is known only if the module binds it nowhere after the function (nor
  imports ``*``) and no function declares it ``global``. Once a ``global n`` or ``nonlocal n`` has been defined,
  ``n`` stays unknown where it lives, and after any mention of ``globals``, ``locals``,
  ``vars``, ``exec``, ``eval``, ``setattr``, ``delattr``, ``__dict__`` or ``.modules``
  every name is.
* A list or dict, or a layer call, can change in place through any name that holds it:
  a name bound to one is forgotten after the first statement that uses it, and binding
  such a value that another name holds gives an unknown.
"""

from __future__ import annotations

import ast
import sys

from lstm_calc.errors import SpecError
from lstm_calc.readers.code_calls import followed_calls
from lstm_calc.readers.code_loops import LoopUnrolling
from lstm_calc.readers.code_names import (
    BoundNames,
    ModuleFacts,
    bound_names,
    callee_name,
    is_dynamic,
    known_star,
    named_expressions,
    statement_expressions,
)
from lstm_calc.readers.code_runs import FunctionRuns
from lstm_calc.readers.code_scopes import Scope, ScopedBindings
from lstm_calc.readers.evaluate import (
    UNKNOWN,
    Binding,
    Evaluator,
    Unknown,
    known,
    too_deep,
)
from lstm_calc.readers.syntax_walk import walk

LOOP, CONDITION, TRY, EXCEPT, CASE, SUPPRESS = (
    "in a loop",
    "under a condition lstmcalc cannot decide",
    "in a try block",
    "in an except block",
    "in a match case",
    "in a with block that can swallow an exception",
)

#: The method that runs each kind of statement that binds names or runs others (by class
#: name: TryStar and TypeAlias are not in every Python this runs on).
_HANDLERS = {
    "Delete": "_delete",
    "Import": "_import",
    "ImportFrom": "_import",
    "Global": "_global",
    "Nonlocal": "_nonlocal",
    "TypeAlias": "_typealias",
    "FunctionDef": "_functiondef",
    "AsyncFunctionDef": "_functiondef",
    "ClassDef": "_classdef",
    "If": "_if",
    "For": "_loop",
    "AsyncFor": "_loop",
    "While": "_loop",
    "Try": "_try",
    "TryStar": "_try",
    "With": "_with",
    "AsyncWith": "_with",
    "Match": "_match",
}


class FlowWalker(FunctionRuns, ScopedBindings, LoopUnrolling):
    """Walks a module's statements in execution order; a reader overrides :meth:`visit`.

    The walker is the :class:`Environment` of the statement being visited: evaluate an
    expression of it with ``evaluator.evaluate(node, walker)``.
    """

    #: Whether a function called more than once is read at each call, each run a pass of its own
    #: (code_loops' unroll_pass), rather than once where it is defined (code_calls).
    follows_repeated_calls = False

    def __init__(self, evaluator: Evaluator, tree: ast.Module) -> None:
        super().__init__(evaluator, ModuleFacts(tree))
        self.tree = tree
        self.names = BoundNames()
        #: The loops and undecided branches the statement being visited is in, outermost first, as
        #: (a number for each, why it may run other than once): "in a loop", "in a try block"...
        self.paths: tuple[tuple[int, str], ...] = ()
        #: The bodies of functions read where they are defined (not at a call) the statement is in, as paths:
        #: such a body runs as often as the code calls it, which may be never or many times.
        self.unrun: tuple[tuple[int, str], ...] = ()
        self._path_count = 0
        #: The functions read where they are called (code_calls): {id(definition): its call}, and, once
        #: their definition is reached, {id(call): (definition, its scope, defaults, keyword defaults)}.
        self.followed = followed_calls(tree, self.follows_repeated_calls)
        #: The definitions of the functions read at a call so far, by id.
        self.run_functions: set[int] = set()
        #: The calls of the file's functions being read, outermost first, each with the paths it was made on.
        self.running_calls: list[ast.Call] = []
        self._running_paths: list[tuple[tuple[int, str], ...]] = []
        self.call_depth = 0
        self.waiting: dict[int, tuple[ast.FunctionDef, Scope, list[Binding], list[Binding | None]]] = {}
        #: Each class body's names as its statements left them, by id(definition).
        self.class_bodies: dict[int, Scope] = {}
        #: The bindings a reader's visit() gives the names its statement changes in place (a list of layers
        #: appended to), which stand after the statement's uses are forgotten.
        self.changed_here: dict[str, Binding] = {}
        #: The statements walked, by id: those of a branch lstmcalc decides is not taken are not.
        self.walked: set[int] = set()
        self.start_loops()

    def visit(self, statement: ast.stmt) -> None:
        """Called for each statement, in the names' state just before it runs."""

    def run(self) -> None:
        """Walk the whole module."""
        self.walk(self.tree.body)
        self._read_uncalled()

    # -- statements ----------------------------------------------------------------------

    def walk(self, statements: list[ast.stmt]) -> None:
        """Walk ``statements`` in order."""
        for statement in statements:
            self.statement(statement)

    def statement(self, statement: ast.stmt) -> None:
        """Visit one statement, then make its bindings and walk what it runs."""
        self.walked.add(id(statement))
        if isinstance(statement, ast.While):  # its test runs again after each pass through the body
            for name in self.names.of([statement]):
                self.bind(name, UNKNOWN)
        header = statement_expressions(statement)
        if self.waiting:
            self._run_calls(header)
        walrus = self._prepare(header, loop=isinstance(statement, ast.While)) if self.facts.walrus else []
        self.visit(statement)
        if isinstance(statement, ast.Return) and self.scope.running:
            self.scope.result = UNKNOWN if statement.value is None else self.binding_of(statement.value)
        value = None
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            value, targets = self.binding_of(statement.value), statement.targets
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            value, targets = self.binding_of(statement.value), [statement.target]
        elif isinstance(statement, ast.AugAssign):
            value, targets = self._augmented(statement), [statement.target]
        self.shadowed = set()
        for node, binding in walrus:
            self.bind(node.target.id, binding)
        if self.unrolls_loops and isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
            self.loop_plan = self.plan_loop(statement)  # before its names are forgotten as used
            if self.iterates_values:
                header = []  # range, zip... of known values read their arguments; they change none
        self._forget_shared(header)
        for name, binding in self.changed_here.items():  # what visit() followed of a change in place
            self.bind(name, binding)
        self.changed_here = {}
        if self.facts.dynamic and any(is_dynamic(node) for node in header):
            self._everything_volatile()
        handler = _HANDLERS.get(type(statement).__name__)
        if value is not None:
            if value.kind == Binding.KNOWN and value.mutable and len(targets) > 1:
                value = UNKNOWN  # a = b = []: one list, two names
            for target in targets:
                self.assign(target, value)
        elif handler is not None:
            getattr(self, handler)(statement)

    def _augmented(self, statement: ast.AugAssign) -> Binding | None:
        if not isinstance(statement.target, ast.Name):
            return None
        current = self.lookup(statement.target.id)
        right = self.binding_of(statement.value)
        if current.kind != Binding.KNOWN or right.kind != Binding.KNOWN:
            return UNKNOWN
        try:
            return known(self.evaluator.binary(statement, statement.op, current.value, right.value))
        except Unknown:
            return UNKNOWN

    def _prepare(self, header: list[ast.expr], loop: bool) -> list[tuple[ast.NamedExpr, Binding]]:
        """The ``:=`` of a statement's own expressions, children first, each with its value or unknown."""
        found = named_expressions(header, loop)
        if not found:
            return []
        self.shadowed = {node.target.id for node, _ in found}
        walrus = []
        for node, conditional in found:
            binding = UNKNOWN if conditional else self.binding_of(node.value)
            if binding.kind == Binding.CALL:
                binding = UNKNOWN
            self.named_values[id(node)] = binding
            walrus.append((node, binding))
        return walrus

    # -- one method per kind of statement that binds or runs others -----------------------

    def _delete(self, statement: ast.Delete) -> None:
        for name in bound_names(statement.targets):
            self.bind(name, UNKNOWN)

    def _import(self, statement: ast.Import | ast.ImportFrom) -> None:
        if statement.names[0].name == "*" and not known_star(statement):  # any name: all are unknown
            for name in self.scope.bindings:
                self.scope.bindings[name] = UNKNOWN
        for name in bound_names([statement]):
            self.bind(name, UNKNOWN)

    def _global(self, statement: ast.Global) -> None:
        if self.scope is not self.module:  # a function's, whenever it runs; a class body's, now
            self.module.volatile.update(statement.names)

    if sys.version_info >= (3, 12):  # older Pythons cannot parse a type statement

        def _typealias(self, statement: ast.TypeAlias) -> None:
            self.bind(statement.name.id, UNKNOWN)

    def _nonlocal(self, statement: ast.Nonlocal) -> None:
        scope = self.scope.parent
        while scope is not None and scope.kind != Scope.MODULE:
            scope.volatile.update(statement.names)
            scope = scope.parent

    def _classdef(self, statement: ast.ClassDef) -> None:
        saved = self.scope
        self.scope = Scope(Scope.CLASS, self.scope)
        try:
            self.walk(statement.body)
        finally:
            self.class_bodies[id(statement)] = self.scope
            self.scope = saved
        self.bind(statement.name, UNKNOWN)

    def _if(self, statement: ast.If) -> None:
        names = self.names.of([statement])
        outcomes: list[dict[str, Binding | None]] = []
        uncertain = False
        branch: ast.If | None = statement
        while branch is not None:
            if branch is not statement:  # an elif: its test runs only when those before are false
                walrus = self._prepare([branch.test], loop=False) if self.facts.walrus else []
                self.visit(branch)
                self.shadowed = set()
                for node, binding in walrus:
                    self.bind(node.target.id, binding)
            decision = self._decide(branch.test)
            if decision is not False:
                self._branch(branch.body, CONDITION if uncertain or decision is None else None, names, outcomes)
                if decision is True:
                    break
            uncertain = uncertain or decision is None
            orelse = branch.orelse
            branch = orelse[0] if len(orelse) == 1 and isinstance(orelse[0], ast.If) else None
            if branch is None:
                self._branch(orelse, CONDITION if uncertain else None, names, outcomes)
        self._settle(names, outcomes)

    def _branch(
        self, body: list[ast.stmt], where: str | None, names: set[str], outcomes: list[dict[str, Binding | None]]
    ) -> None:
        """Walk one way through ``body``, keep the ``names`` it ends with in ``outcomes``, and undo it.

        Only ``names`` (all that the statement may bind) are saved and restored, so that
        a branch costs what it binds, not what the whole scope holds.
        """
        before = self._save(names)
        self._walk_on_path(body, where)
        outcomes.append(self._save(names))
        self._restore(before)

    def on_every_path(self) -> bool:
        return not self.paths

    def naming_paths(self) -> tuple[tuple[int, str], ...]:
        """The paths that make how often the statement being visited runs unknown: its loops, undecided
        branches and functions read where they are defined, outermost first (for Keras's automatic names)."""
        return self.unrun + self.paths

    def path_site(self, node: ast.AST) -> ast.AST:
        """Where the first of :meth:`naming_paths` makes ``node`` run other than once: the outermost call of
        a function of the file made on that path, which runs ``node``; else ``node`` itself."""
        paths = self.naming_paths()
        for call, made_on in zip(self.running_calls, self._running_paths):
            if paths and paths[0] in made_on:
                return call
        return node

    def path_ids(self) -> tuple[int, ...]:
        """The loops, undecided branches and functions read where they are defined the statement is in, by id."""
        return tuple(path for path, _ in self.naming_paths())

    def _walk_on_path(self, body: list[ast.stmt], where: str | None, refusal: SpecError | None = None) -> None:
        """Walk ``body``, which may run other than once for the reason ``where`` (or just once, if None);
        ``refusal`` says why a loop is not unrolled (code_loops)."""
        saved = self.paths
        if where is not None:
            self._path_count += 1
            self.paths = (*self.paths, (self._path_count, where))
            if refusal is not None:
                self.loop_refusals[self._path_count] = refusal
        try:
            self.walk(body)
        finally:
            self.paths = saved

    def _decide(self, test: ast.expr) -> bool | None:
        """The truth of an ``if`` test, when it is known (not when the test itself binds with ``:=``)."""
        if self.facts.walrus and any(isinstance(part, ast.NamedExpr) for part in walk(test)) or too_deep(test):
            return None
        try:
            return bool(self.evaluator.evaluate(test, self))
        except Unknown:
            return None

    def _loop(self, statement: ast.For | ast.AsyncFor | ast.While) -> None:
        plan, self.loop_plan = self.loop_plan, None
        if isinstance(plan, list) and isinstance(statement, ast.For):
            self.unroll(statement, plan)
            return
        refusal = plan if isinstance(plan, SpecError) else None
        names = self.names.of([statement])
        for name in names:
            self.bind(name, UNKNOWN)
        self._walk_on_path(statement.body + statement.orelse, LOOP, refusal)
        self.forget_loop_names(names, refusal)

    def forget_loop_names(self, names: set[str], refusal: SpecError | None) -> None:
        """After a loop walked without unrolling it (for the reason ``refusal``): the names it binds are unknown."""
        for name in names:
            self.bind(name, UNKNOWN)

    def _try(self, statement: ast.Try) -> None:
        if not statement.handlers:
            self.walk(statement.body)
            self.walk(statement.finalbody)
            return
        names = self.names.of([statement])
        outcomes: list[dict[str, Binding | None]] = []
        self._branch(statement.body + statement.orelse, TRY, names, outcomes)
        caught = self.names.of(statement.body)
        for handler in statement.handlers:
            before = self._save(names)
            for name in caught:  # the body may have stopped anywhere
                self.bind(name, UNKNOWN)
            if handler.type is not None:
                self._forget_shared([handler.type])
            self._branch(handler.body, EXCEPT, names, outcomes)
            self._restore(before)
        self._settle(names, outcomes)
        for name in {handler.name for handler in statement.handlers if handler.name}:  # deleted at its end
            self.bind(name, UNKNOWN)
        self.walk(statement.finalbody)

    def _with(self, statement: ast.With) -> None:
        for item in statement.items:
            if item.optional_vars is not None:
                for name in bound_names([item.optional_vars]):
                    self.bind(name, UNKNOWN)
        if not any(callee_name(item.context_expr) == "suppress" for item in statement.items):
            self.walk(statement.body)
            return
        names = self.names.of(statement.body)
        outcomes = [self._save(names)]  # an exception swallowed at once; elsewhere, see below
        self._branch(statement.body, SUPPRESS, names, outcomes)
        outcomes.append({name: UNKNOWN for name in names})  # swallowed midway
        self._settle(names, outcomes)

    def _match(self, statement: ast.Match) -> None:
        names = self.names.of([statement])
        for name in bound_names(
            [case.pattern for case in statement.cases]
            + [case.guard for case in statement.cases if case.guard is not None]
        ):
            self.bind(name, UNKNOWN)
        outcomes = [self._save(names)]  # no case matched
        for case in statement.cases:
            self._branch(case.body, CASE, names, outcomes)
        self._settle(names, outcomes)
