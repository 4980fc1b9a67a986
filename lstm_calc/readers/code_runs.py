"""Functions of the file read as the flow walker (:mod:`lstm_calc.readers.code_flow`) meets them: where
they are called (:mod:`lstm_calc.readers.code_calls` says which), with their parameters bound to the
call's arguments, or where they are defined, their parameters unknown. A function the Keras readers
read at each of several calls runs each time as a pass of its own (code_loops' ``unroll_pass``), so
that what it makes is made anew; a body read where it is defined is a path of its own
(:attr:`FunctionRuns.unrun`), since it runs as often as the code calls it, which may be never."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.code_calls import ArgumentMismatch, call_arguments
from lstm_calc.readers.code_names import parameters
from lstm_calc.readers.code_scopes import Scope
from lstm_calc.readers.evaluate import UNKNOWN, Binding, known
from lstm_calc.readers.syntax_walk import walk

if TYPE_CHECKING:
    from lstm_calc.readers.code_names import BoundNames, ModuleFacts
    from lstm_calc.readers.evaluate import Evaluator

UNRUN = "in a function lstmcalc reads where it is defined, not where it runs"

#: Functions read at their call inside functions read at their call, at most: deeper calls are
#: read where the function is defined (a model is built a few calls deep, and Python's own
#: recursion limit must never be reached by crafted code).
MAX_CALL_DEPTH = 16


class FunctionRuns:
    """The flow walker's reading of the file's functions (see the module's docstring)."""

    #: The names the module reads anywhere (found when first needed).
    _read_names: set[str] | None = None

    if TYPE_CHECKING:
        evaluator: Evaluator
        scope: Scope
        names: BoundNames
        defer_after: tuple[int, int] | None
        followed: dict[int, list[ast.Call]]
        waiting: dict[int, tuple[ast.FunctionDef, Scope, list[Binding], list[Binding | None]]]
        call_depth: int
        call_results: dict[int, Binding]
        unroll_pass: int
        _passes: int
        _path_count: int
        run_functions: set[int]
        running_calls: list[ast.Call]
        _running_paths: list[tuple[tuple[int, str], ...]]
        unrun: tuple[tuple[int, str], ...]
        tree: ast.Module
        facts: ModuleFacts

        def walk(self, statements: list[ast.stmt]) -> None: ...

        def bind(self, name: str, binding: Binding) -> None: ...

        def binding_of(self, value: ast.expr) -> Binding: ...

        def naming_paths(self) -> tuple[tuple[int, str], ...]: ...

    def before_run(self, header: list[ast.expr], call: ast.Call) -> None:
        """Called before the function that ``call`` calls runs, ``header`` being its statement's own expressions:
        a reader that counts what they make counts here what Python makes before that call (see preceding_calls)."""

    def _functiondef(self, statement: ast.FunctionDef) -> None:
        calls = self.followed.get(id(statement))
        if calls is not None and isinstance(statement, ast.FunctionDef):
            # Read where it is called (code_calls); its defaults are evaluated now, as Python does.
            defaults = [self.binding_of(node) for node in statement.args.defaults]
            keyword_defaults = [None if node is None else self.binding_of(node) for node in statement.args.kw_defaults]
            for call in calls:
                self.waiting[id(call)] = (statement, self.scope, defaults, keyword_defaults)
            self.bind(statement.name, UNKNOWN)
            return
        for default in [*statement.args.defaults, *(node for node in statement.args.kw_defaults if node)]:
            self.binding_of(default)  # evaluated now, as Python does: a layer made there is made (and named) here
        self._read_body(statement, {name: UNKNOWN for name in parameters(statement.args)}, self.scope)
        self.bind(statement.name, UNKNOWN)

    def _read_body(
        self,
        statement: ast.FunctionDef | ast.AsyncFunctionDef,
        arguments: dict[str, Binding],
        outer: Scope,
        running: bool = False,
    ) -> Scope:
        """Walk a function body, its parameters bound to ``arguments``, where it is defined or (``running``) called."""
        scope = Scope(Scope.FUNCTION, outer, self.names.of(statement.body), statement.body)
        scope.name = statement.name
        scope.local_names.update(parameters(statement.args))
        scope.bindings.update(arguments)
        scope.running = running
        saved = self.scope, self.defer_after, self.unrun
        never = not running and self._never_called(statement, outer)
        naming = self.naming_state() if never else None
        self.scope = scope
        # ast.parse sets the end of every node; only nodes made by hand lack it.
        if not running:
            self.defer_after = self.defer_after or (statement.end_lineno or 0, statement.end_col_offset or 0)
        if not running and not never:
            self._path_count += 1
            self.unrun = (*self.unrun, (self._path_count, UNRUN))
        try:
            self.walk(statement.body)
        finally:
            self.scope, self.defer_after, self.unrun = saved
            if never:
                self.restore_naming(naming)  # it never runs: what it makes is named as if it ran here, alone
        return scope

    def _never_called(self, statement: ast.FunctionDef | ast.AsyncFunctionDef, outer: Scope) -> bool:
        """Whether the code never calls the function: it is no method nor decorated, and its name is read nowhere."""
        if statement.decorator_list or outer.kind == Scope.CLASS or self.facts.dynamic:
            return False
        if self._read_names is None:
            self._read_names = {
                node.id for node in walk(self.tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
            }
        return statement.name not in self._read_names

    def naming_state(self) -> object:
        """What a reader that names what the code makes has counted so far, to :meth:`restore_naming` later."""
        return None

    def restore_naming(self, state: object) -> None:
        """Count again from ``state`` (from :meth:`naming_state`)."""

    def _run_calls(self, header: list[ast.expr]) -> None:
        """Read the body of each function of the file that this statement calls (code_calls), inner calls first."""
        calls = [
            node
            for expression in header
            for node in walk(expression)
            if isinstance(node, ast.Call) and id(node) in self.waiting
        ]
        if self.call_depth >= MAX_CALL_DEPTH:
            return  # read where they are defined, once the walk ends (_read_uncalled)
        for call in sorted(calls, key=lambda node: (node.end_lineno or 0, node.end_col_offset or 0)):
            self.before_run(header, call)
            statement, outer, defaults, keyword_defaults = self.waiting.pop(id(call))
            try:
                arguments = call_arguments(statement.args, call, defaults, keyword_defaults, self.binding_of)
            except ArgumentMismatch as mismatch:
                raise mismatch.located(statement.name, self.evaluator.loc) from None
            self.call_depth += 1
            saved = self.unroll_pass
            if len(self.followed[id(statement)]) > 1:  # a run of its own: what it makes is made anew
                self._passes += 1
                self.unroll_pass = self._passes
            self.run_functions.add(id(statement))
            self.running_calls.append(call)
            self._running_paths.append(self.naming_paths())
            try:
                scope = self._read_body(statement, arguments, outer, running=True)
            finally:
                self.call_depth -= 1
                self.unroll_pass = saved
                self.running_calls.pop()
                self._running_paths.pop()
            self.call_results[id(call)] = scope.result if scope.result is not None else known(None)

    def _read_uncalled(self) -> None:
        """Functions none of whose calls the walk reached, read as if where they are defined."""
        while self.waiting:
            _, (statement, outer, _, _) = self.waiting.popitem()
            if id(statement) not in self.run_functions:
                self.run_functions.add(id(statement))
                self._read_body(statement, {name: UNKNOWN for name in parameters(statement.args)}, outer)
