"""``for`` loops over known values, walked once per value as Python runs them (the Keras code readers).

A loop is unrolled when what it iterates over is known (:func:`~lstm_calc.readers.loop_values.loop_values`:
a literal list or tuple, ``range`` of known integers, a known name or ``--set`` value,
``zip``/``enumerate`` of those), or is a list or tuple written out whose items are layers;
its target is bound to each value in turn and its body walked once for each, so that the
layers it makes are made once per pass, in order, and named as Keras names them. Each pass
has a number of its own (:attr:`LoopUnrolling.unroll_pass`): a reader that keeps what a call
made keeps it per pass.

Any other loop is walked as before (its names unknown in it and after it), with the reason it
was not unrolled kept for the path it runs on (:attr:`LoopUnrolling.loop_refusals`), so that a
model that needs it is refused at the loop, saying why: what it iterates over is unknown (asked
for with ``--set``), it is a ``while`` loop, it has ``break``, ``continue``, ``return`` or ``else``, its
body may change what it iterates over, or the loops take more than :data:`MAX_UNROLLED` steps in
all (each pass takes as many as its body has statements and expressions: what reading it costs).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedList, located_value
from lstm_calc.readers.code_scopes import item_reads
from lstm_calc.readers.evaluate import Binding, Unknown, known
from lstm_calc.readers.loop_values import (
    MAX_RANGE,
    MAX_UNROLLED,
    RangeTooLong,
    bind_loop_target,
    exits_loop,
    is_loop_target,
    loop_values,
)
from lstm_calc.readers.set_values import asked_value
from lstm_calc.readers.syntax_walk import walk

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.errors import Location
    from lstm_calc.readers.code_names import ModuleFacts
    from lstm_calc.readers.code_scopes import Scope
    from lstm_calc.readers.evaluate import Evaluator

_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_REWRITE = "write each layer out, or give the model as a YAML spec"
_READING_BUILTINS = frozenset({"range", "zip", "enumerate", "reversed", "len"})


class LoopUnrolling:
    """What the flow walker needs to unroll a ``for`` loop (see the module's docstring)."""

    #: Whether this walker unrolls loops over known values (the Keras code readers do).
    unrolls_loops = False

    if TYPE_CHECKING:
        evaluator: Evaluator
        facts: ModuleFacts
        scope: Scope
        waiting: dict[int, Any]

        def walk(self, statements: list[ast.stmt]) -> None: ...

        def bind(self, name: str, binding: Binding) -> None: ...

        def lookup(self, name: str) -> Binding: ...

        def binding_of(self, value: ast.expr) -> Binding: ...

    def start_loops(self) -> None:
        """Nothing unrolled yet."""
        #: The pass of the unrolled loops the statement being visited is in (0: in none).
        self.unroll_pass = 0
        #: How many unrolled loops the statement being visited is in (its pass may also be a function's run).
        self.unrolling = 0
        self._passes = 0
        self._unrolled_steps = 0
        #: Why each loop walked without unrolling was not unrolled, by the id of the path it runs on.
        self.loop_refusals: dict[int, SpecError] = {}
        #: The values of the loop about to be walked, or why it cannot be unrolled (see plan_loop).
        self.loop_plan: list[Binding] | SpecError | None = None
        #: Whether that loop iterates over known values (not over layers written in a list).
        self.iterates_values = False

    def plan_loop(self, statement: ast.For | ast.AsyncFor | ast.While) -> list[Binding] | SpecError:
        """The bindings ``statement``'s target takes, one per pass, or why it is not unrolled.

        Read before the statement's names are forgotten as used: iterating over a list does not change it.
        """
        self.iterates_values = False
        if isinstance(statement, ast.While):
            return SpecError(
                "a while loop runs as often as its test decides while the code runs, which lstmcalc does not "
                f"follow; loop with for over a known range or list, or {_REWRITE}",
                self.evaluator.loc(statement),
            )
        if isinstance(statement, ast.AsyncFor) or not is_loop_target(statement.target):
            return SpecError(
                f"lstmcalc unrolls a for loop over known values into plain names only; {_REWRITE}",
                self.evaluator.loc(statement),
            )
        if statement.orelse:
            return SpecError(
                f"lstmcalc does not follow a for loop with an else block; move the else block after the loop, or "
                f"{_REWRITE}",
                self.evaluator.loc(statement),
            )
        leaving = next((part for part in statement.body if exits_loop(part) or _returns(part)), None)
        if leaving is not None:
            return SpecError(
                "lstmcalc cannot tell how many passes of this loop run with break, continue or return in it; "
                f"loop over just the values the layers need, or {_REWRITE}",
                self.evaluator.loc(leaving),
            )
        # Contexts and operators have no position, and cost nothing to read.
        steps = sum(hasattr(node, "lineno") for part in statement.body for node in walk(part))
        passes_left = (MAX_UNROLLED - self._unrolled_steps) // steps
        try:
            values = loop_values(statement.iter, lambda part: self.evaluator.evaluate(part, self), passes_left)  # type: ignore[arg-type]
            bindings = [
                known(_located(value, self.evaluator.loc(statement.iter)), isinstance(value, (list, dict)))
                for value in values
            ]
        except RangeTooLong as too_long:
            return too_long.error(self.evaluator.loc) if too_long.steps > MAX_RANGE else self._too_many(statement)
        except Unknown as unknown:
            written = self._written_items(statement)
            if written is None:
                return _unknown_iterable(unknown.node, self.evaluator)
            bindings = written
        else:
            self.iterates_values = _reads_only(statement.iter, self.facts.all_bound)
        changed = self._changed_iterable(statement)
        if changed is not None:
            return SpecError(
                f"the body of this loop may change {changed!r}, which it iterates over; {_REWRITE}",
                self.evaluator.loc(statement.iter),
            )
        if len(bindings) > passes_left:
            return self._too_many(statement)
        self._unrolled_steps += steps * len(bindings)
        return bindings

    def _too_many(self, statement: ast.For) -> SpecError:
        return SpecError(
            f"the loops of this code take more than {MAX_UNROLLED:,} steps in all (a step: a statement or "
            "expression of one pass); lstmcalc unrolls no more",
            self.evaluator.loc(statement.iter),
        )

    def _written_items(self, statement: ast.For) -> list[Binding] | None:
        """``for layer in [LSTM(64), Dense(3)]``: each item's binding, made where the list is (before the loop)."""
        items = statement.iter
        if not isinstance(statement.target, ast.Name) or not isinstance(items, (ast.List, ast.Tuple)):
            return None
        if any(isinstance(item, ast.Starred) for item in items.elts):
            return None
        bindings = [self.binding_of(item) for item in items.elts]
        return None if any(binding.kind == Binding.UNKNOWN for binding in bindings) else bindings

    def _changed_iterable(self, statement: ast.For) -> str | None:
        """A name the loop iterates over, bound to a list or dict that its body uses other than by reading an
        item or its length (and so may change)."""
        iterated = {part.id for part in walk(statement.iter) if isinstance(part, ast.Name)}
        items, lengths = item_reads(statement.body, self.facts.all_bound)
        reads = items.keys() | lengths
        mentioned = {
            part.id
            for body in statement.body
            for part in walk(body)
            if isinstance(part, ast.Name) and id(part) not in reads
        }
        return next((name for name in sorted(iterated & mentioned) if self.lookup(name).mutable), None)

    def unroll(self, statement: ast.For, bindings: list[Binding]) -> None:
        """Walk the loop's body once per binding of its target, each pass numbered anew."""
        # A function of the file called in the body runs at its call on every pass (code_calls).
        calls = {id(node) for part in statement.body for node in walk(part)} if self.waiting else set()
        waiting = {call: entry for call, entry in self.waiting.items() if call in calls}
        saved = self.unroll_pass
        self.unrolling += 1
        try:
            for binding in bindings:
                self._passes += 1
                self.unroll_pass = self._passes
                self.waiting.update(waiting)
                if binding.kind == Binding.KNOWN and not isinstance(statement.target, ast.Name):
                    bind_loop_target(
                        statement.target,
                        binding.value,
                        lambda name, value: self.bind(
                            name,
                            known(_located(value, self.evaluator.loc(statement.iter)), isinstance(value, (list, dict))),
                        ),
                        self.evaluator.loc,
                    )
                else:
                    assert isinstance(statement.target, ast.Name)  # is_loop_target, and _written_items
                    self.bind(statement.target.id, binding)
                self.walk(statement.body)
        finally:
            self.unroll_pass = saved
            self.unrolling -= 1


def _reads_only(iterated: ast.expr, rebound: frozenset[str]) -> bool:
    """Whether evaluating ``iterated`` changes nothing: it calls only ``range``, ``zip``, ``enumerate``,
    ``reversed`` and ``len`` (which the file does not rebind) and a dict's ``items``, ``keys`` and ``values``."""
    for node in walk(iterated):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in _READING_BUILTINS and function.id not in rebound:
            continue
        if isinstance(function, ast.Attribute) and function.attr in ("items", "keys", "values") and not node.args:
            continue
        return False
    return True


def _returns(statement: ast.stmt) -> bool:
    """Whether ``statement`` holds a ``return`` of the function around it."""
    pending: list[ast.AST] = [statement]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Return):
            return True
        if not isinstance(node, _NESTED_SCOPES):
            pending += ast.iter_child_nodes(node)
    return False


def _located(value: Any, location: Location) -> Any:
    """A loop's value as the evaluator's values are: lists located (a pair of ``zip`` or ``enumerate`` is not)."""
    return located_value(value, location) if isinstance(value, list) and not isinstance(value, LocatedList) else value


def _unknown_iterable(node: ast.AST, evaluator: Evaluator) -> SpecError:
    source, option = asked_value(node)
    return SpecError(
        f"cannot tell what this loop iterates over without running the code: {source} is not known; "
        f"give its value with {option}, or {_REWRITE}",
        evaluator.loc(node),
    )
