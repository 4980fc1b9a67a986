"""Keras's automatic names of what Sequential code makes, counted in the order the code runs.

Keras 3 names a layer, an input or a model made without ``name=`` when the code makes it, from a
counter per class that the whole session shares (``keras.src.utils.naming.auto_name``): every
``Dense(...)`` the script runs takes the next ``dense``, ``dense_1``..., whether or not the model
summarised holds it. The Sequential code reader (:mod:`lstm_calc.readers.keras_code`) has each
statement it walks counted here, in the order Python evaluates its expressions (arguments before
the call that takes them), once per run: a function called twice makes its layers twice, and a
default argument is made where its function is defined. The model's layers then take the names
counted for them (:meth:`MadeNames.name_of`).

Where the code may make layers of a class other than once (a loop lstmcalc does not unroll, a
branch on a value it does not know, a comprehension, a lambda, a function read where it is defined
rather than where it runs), the names of that class after it are unknown: a model layer named
after such code is refused at its line and column, as the functional code reader refuses it
(:class:`lstm_calc.readers.functional_objects.NameDoubts`), unless the code gives it a ``name=``.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, cast

from lstm_calc.errors import SpecError
from lstm_calc.located import put
from lstm_calc.naming import AutoNamer
from lstm_calc.readers.code_names import statement_expressions
from lstm_calc.readers.evaluate import Snapshot, Unknown
from lstm_calc.readers.keras_config import INPUT_CALLS, INPUT_LAYER, KERAS_CLASSES, SEQUENTIAL, callee
from lstm_calc.readers.syntax_walk import child_nodes, walk

if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from typing import Any

    from lstm_calc.errors import Location
    from lstm_calc.located import LocatedDict
    from lstm_calc.readers.evaluate import Environment, Evaluator
    from lstm_calc.readers.model_choice import Candidate

#: The parts of an expression that Python evaluates (not its contexts and operators).
_EVALUATED = (ast.expr, ast.keyword)
#: The expressions whose code runs as often as they are iterated or called.
REPEATING = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)
LOOP = "in a loop"


class MadeNames:
    """The automatic name of each input, layer and Sequential model the code makes, by call and pass."""

    def __init__(
        self,
        aliases: dict[str, str],
        own_classes: Collection[str],
        loc: Callable[[ast.AST], Location],
        named: Callable[[ast.Call], bool],
    ) -> None:
        self.aliases = aliases
        #: Whether a call gives what it makes a name of its own (``name=None`` gives none).
        self.named = named
        self.own_classes = own_classes
        self.loc = loc
        self.namer = AutoNamer()
        self.order = 0
        #: ``{(id(call), pass): (name, order, the ids of the paths it was made on)}``.
        self.names: dict[tuple[int, int], tuple[str, int, frozenset[int]]] = {}
        #: ``{class name: [(order, location, why, the path ids that excuse it, or None)]}``.
        self.doubts: dict[str, list[tuple[int, Location, str, frozenset[int] | None]]] = {}

    def count(
        self,
        expressions: list[ast.expr],
        made_pass: int,
        paths: tuple[tuple[int, str], ...],
        decide: Callable[[ast.expr], bool | None],
        site: Callable[[ast.AST], ast.AST] = lambda node: node,
        size: Callable[[ast.expr], int | None] = lambda node: None,
    ) -> None:
        """Count what ``expressions`` (one statement's own) make, in the order Python evaluates them, on the
        ``paths`` the statement runs on; ``decide`` gives an ``if``-expression's test where it is known, and
        ``site`` the call that runs a node other than once (a function's, in a loop), where that is said, and
        ``size`` how many values a comprehension's iterable gives, where that is known (repeated_calls)."""
        nodes = [node for expression in expressions for node in walk(expression)]
        calls = [node for node in nodes if isinstance(node, ast.Call)]
        if not calls:
            return  # most statements make nothing
        ids = frozenset(path for path, _ in paths)
        once = None if any(why == LOOP for _, why in paths) else ids
        why = paths[0][1] if paths else None
        if not any(isinstance(node, (*REPEATING, ast.IfExp, ast.BoolOp)) for node in nodes):
            # Each call ends after the calls it holds and after those written before it: Python's order.
            for call in sorted(calls, key=lambda node: (node.end_lineno or 0, node.end_col_offset or 0)):
                if _clears_session(call):
                    self._clear_session(call, why)
                else:
                    self._made(call, made_pass, ids, why, once, site)
            return
        pending: list[tuple[ast.AST, bool]] = [(node, False) for node in reversed(expressions)]
        while pending:
            node, children_done = pending.pop()
            if isinstance(node, REPEATING):
                repeated = repeated_calls(node, size)
                if repeated is None:
                    self._note_inside(node, "in a comprehension or lambda")
                for call in repeated or ():  # made as often as the comprehension runs, none of them the model's
                    class_name = self.made_class(call)
                    if class_name is not None and not self.named(call):
                        if why is not None:
                            self._note(class_name, site(call), why, once)
                        self.order += 1
                        self.namer.next_name(class_name)
                continue
            if children_done:
                if isinstance(node, ast.Call) and _clears_session(node):
                    self._clear_session(node, why)
                elif isinstance(node, ast.Call):
                    self._made(node, made_pass, ids, why, once, site)
                continue
            pending.append((node, True))
            children: list[ast.AST] = [child for child in child_nodes(node) if isinstance(child, _EVALUATED)]
            if isinstance(node, ast.IfExp):
                taken = decide(node.test)
                children = [node.test]  # and the branch taken
                if taken is None:
                    self._note_inside(node.body, "under a condition lstmcalc cannot decide")
                    self._note_inside(node.orelse, "under a condition lstmcalc cannot decide")
                else:
                    children.append(node.body if taken else node.orelse)
            elif isinstance(node, ast.BoolOp):  # a or b: b may not run
                for value in node.values[1:]:
                    self._note_inside(value, "after and/or, which may not run")
                children = [node.values[0]]
            pending += [(child, False) for child in reversed(children)]

    def state(self) -> tuple[dict[str, int], dict[str, list[Any]]]:
        """The counts and doubts so far, to :meth:`restore` after reading code that never runs."""
        return self.namer.counts(), {name: list(noted) for name, noted in self.doubts.items()}

    def restore(self, state: tuple[dict[str, int], dict[str, list[Any]]]) -> None:
        self.namer.restore(state[0])
        self.doubts = state[1]

    def count_before(
        self,
        header: list[ast.expr],
        run: ast.Call,
        made_pass: int,
        paths: tuple[tuple[int, str], ...],
        site: Callable[[ast.AST], ast.AST],
    ) -> None:
        """Count what ``header`` makes before Python calls ``run``, a function the walker runs first."""
        ids = frozenset(path for path, _ in paths)
        once = None if any(why == LOOP for _, why in paths) else ids
        for call in preceding_calls(header, run):
            if (id(call), made_pass) not in self.names:
                self._made(call, made_pass, ids, paths[0][1] if paths else None, once, site)

    def _clear_session(self, call: ast.Call, why: str | None) -> None:
        """``keras.backend.clear_session()``: Keras names anew; refused where it may run other than once."""
        if why is not None:
            raise SpecError(
                "clear_session() may run other than once here; call it once, at the top level", self.loc(call)
            )
        self.namer = AutoNamer()
        self.doubts = {}

    def _note_inside(self, node: ast.AST, why: str) -> None:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and (class_name := self.made_class(inner)) is not None:
                self._note(class_name, inner, why, None)

    def _note(self, class_name: str, call: ast.AST, why: str, excused: frozenset[int] | None) -> None:
        self.doubts.setdefault(class_name, []).append((self.order, self.loc(call), why, excused))

    def _made(
        self,
        call: ast.Call,
        made_pass: int,
        ids: frozenset[int],
        why: str | None,
        once: frozenset[int] | None,
        site: Callable[[ast.AST], ast.AST],
    ) -> None:
        class_name = self.made_class(call)
        if class_name is None or (id(call), made_pass) in self.names:
            return  # none, or counted before a function of the statement ran (count_before)
        if any(keyword.arg is None for keyword in call.keywords):
            self._note(class_name, call, "with **keyword arguments, which may give it a name", None)
            return
        if self.named(call):
            return  # a name of its own takes no number
        if why is not None:
            self._note(class_name, site(call), why, once)
        self.order += 1
        self.names[(id(call), made_pass)] = (self.namer.next_name(class_name), self.order, ids)

    def made_class(self, call: ast.Call) -> str | None:
        """The class whose counter ``call`` takes a name from, if it makes an input, a layer or a model."""
        if isinstance(call.func, ast.Name) and call.func.id in self.own_classes:
            return call.func.id
        name = callee(call, self.aliases)
        if name in INPUT_CALLS:
            return INPUT_LAYER
        return name if name in KERAS_CLASSES or name == SEQUENTIAL else None

    def name_of(self, call: ast.Call, made_pass: int, class_name: str) -> str | None:
        """The name Keras gives what ``call`` made in ``made_pass``; an error where code that may run other than
        once made one of its class before it; None if it has a name of its own or was not counted."""
        found = self.names.get((id(call), made_pass))
        if found is None:
            return None
        name, order, named_on = found
        for noted, location, why, excused in self.doubts.get(self.made_class(call) or class_name, ()):
            if noted < order and (excused is None or not excused <= named_on):
                shown = "Sequential model" if class_name == SEQUENTIAL else class_name
                kind = "Sequential models" if class_name == SEQUENTIAL else f"{class_name} layers"
                raise SpecError(
                    f"cannot tell the name Keras gives this {shown}: the code makes {kind} {why} (line "
                    f"{location.line}) before it, as often as that runs; give it one with name='...'",
                    self.loc(call),
                )
        return name


class CountedNames:
    """The Sequential code reader's use of :class:`MadeNames`: each statement counted as it runs, each
    layer read given its counted name (``names_from_counts``; the other Keras readers name their own)."""

    if TYPE_CHECKING:
        names_from_counts: bool
        made_names: MadeNames
        unroll_pass: int
        evaluator: Evaluator

        def loc(self, node: ast.AST) -> Location: ...

        def naming_paths(self) -> tuple[tuple[int, str], ...]: ...

        def path_site(self, node: ast.AST) -> ast.AST: ...

        def _decide(self, test: ast.expr) -> bool | None: ...

    def count_names(self, statement: ast.stmt) -> None:
        """Count what ``statement``'s own expressions make, now that it runs."""
        expressions = statement_expressions(statement)
        self.made_names.count(
            expressions, self.unroll_pass, self.naming_paths(), self._decide, self.path_site, self.size
        )

    def _counted_name(
        self, layer: LocatedDict, call: ast.Call, class_name: str, environment: Environment
    ) -> LocatedDict:
        """The layer, with the name Keras counts for it where it has none of its own (keras_code_names)."""
        if self.names_from_counts and "name" not in layer:
            made_pass = environment.made_pass if isinstance(environment, Snapshot) else self.unroll_pass
            counted = self.made_names.name_of(call, made_pass, class_name)
            if counted is not None:
                put(layer, "name", counted, self.loc(call), self.loc(call))
        return layer

    def size(self, node: ast.expr) -> int | None:
        """How many values iterating over ``node`` gives, where lstmcalc knows them (as a loop it unrolls)."""
        from lstm_calc.readers.loop_values import loop_values

        try:
            return len(loop_values(node, lambda part: self.evaluator.evaluate(part, cast("Environment", self))))
        except Unknown:  # RangeTooLong too
            return None

    def name_given(self, call: ast.Call) -> bool:
        """Whether ``call`` gives what it makes a name of its own: a ``name=`` not known to be None."""
        node = next((keyword.value for keyword in call.keywords if keyword.arg == "name"), None)
        try:
            return node is not None and self.evaluator.evaluate(node, cast("Environment", self)) is not None
        except Unknown:
            return True

    def before_run(self, header: list[ast.expr], call: ast.Call) -> None:
        if self.names_from_counts:
            self.made_names.count_before(header, call, self.unroll_pass, self.naming_paths(), self.path_site)

    def naming_state(self) -> object:
        return self.made_names.state()

    def restore_naming(self, state: Any) -> None:
        self.made_names.restore(state)


def repeated_calls(node: ast.AST, size: Callable[[ast.expr], int | None]) -> list[ast.Call] | None:
    """The calls a list, set or dict comprehension makes, in order, as often as it makes them: known where
    each ``for`` of it iterates over values lstmcalc knows (``size``), apart from the names its ``for``
    targets bind, without ``if``; None for any other (a generator, a lambda, calls made under a condition)."""
    if not isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp)):
        return None
    total, bound = 1, set[str]()
    for generator in node.generators:
        reads = {part.id for part in ast.walk(generator.iter) if isinstance(part, ast.Name)}
        count = None if generator.ifs or generator.is_async or reads & bound else size(generator.iter)
        if count is None:
            return None
        total *= count
        bound |= {part.id for part in ast.walk(generator.target) if isinstance(part, ast.Name)}
    parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
    inner = [part for node in parts for part in ast.walk(node)]
    if any(isinstance(part, (*REPEATING, ast.IfExp, ast.BoolOp)) for part in inner) or total > 10_000:
        return None
    calls = [call for call in _post_order(parts) if isinstance(call, ast.Call)]
    return calls * total


def _post_order(nodes: list[ast.expr]) -> list[ast.AST]:
    """``nodes`` and everything under them, each after its children, left to right: Python's order."""
    found: list[ast.AST] = []
    pending: list[tuple[ast.AST, bool]] = [(node, False) for node in reversed(nodes)]
    while pending:
        node, children_done = pending.pop()
        if children_done:
            found.append(node)
            continue
        pending.append((node, True))
        pending += [(child, False) for child in reversed(child_nodes(node))]
    return found


def _clears_session(call: ast.Call) -> bool:
    """Whether ``call`` is ``keras.backend.clear_session()`` (or ``keras.utils``', or one imported by name)."""
    function = call.func
    name = (
        function.attr if isinstance(function, ast.Attribute) else function.id if isinstance(function, ast.Name) else ""
    )
    return name == "clear_session" and not call.args


def preceding_calls(header: list[ast.expr], run: ast.Call) -> list[ast.Call]:
    """The calls of a statement's own expressions that Python makes before it calls ``run`` (arguments before
    the call that takes them, left to right), leaving out those it may make other than once (in a
    comprehension or lambda, a branch of an ``if``-expression, after ``and``/``or``)."""
    found: list[ast.Call] = []
    pending: list[tuple[ast.AST, bool]] = [(node, False) for node in reversed(header)]
    while pending:
        node, children_done = pending.pop()
        if isinstance(node, REPEATING):
            continue
        if children_done:
            if node is run:  # its arguments are made before it runs
                return found
            if isinstance(node, ast.Call):
                found.append(node)
            continue
        pending.append((node, True))
        children: list[ast.AST] = list(child_nodes(node))
        if isinstance(node, ast.IfExp):
            children = [node.test]
        elif isinstance(node, ast.BoolOp):
            children = [node.values[0]]
        pending += [(child, False) for child in reversed(children)]
    return []


def run_candidates(
    tree: ast.Module,
    calls: list[ast.Call],
    candidates: list[Candidate],
    followed: dict[int, list[ast.Call]],
    loc: Callable[[ast.AST], Location],
) -> list[tuple[ast.Call, ast.Call | None, Candidate]]:
    """Each model call with the run of its function it is read in, and its candidate (model_choice): a model
    made in a function the code calls more than once is one candidate per call, by the variable that call's
    result is assigned to; any other model is read where the code makes it (None)."""
    from lstm_calc.readers.model_choice import Candidate, call_candidates
    from lstm_calc.readers.syntax_walk import nodes_of

    repeated = [
        definition for definition in nodes_of(tree, ast.FunctionDef) if len(followed.get(id(definition), ())) > 1
    ]
    found: list[tuple[ast.Call, ast.Call | None, Candidate]] = []
    for call, candidate in zip(calls, candidates):
        holders = [definition for definition in repeated if any(node is call for node in ast.walk(definition))]
        if not holders:
            found.append((call, None, candidate))
            continue
        innermost = max(holders, key=lambda definition: (definition.lineno, definition.col_offset))
        sites = followed[id(innermost)]
        for site, by_site in zip(sites, call_candidates(tree, sites, loc)):
            found.append((call, site, Candidate(by_site.target, candidate.name, by_site.location, by_site.used)))
    return found
