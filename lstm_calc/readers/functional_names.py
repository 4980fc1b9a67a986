"""The automatic names the functional code reader (:mod:`lstm_calc.readers.functional_code`) gives what
the code makes, as Keras 3 names it: from a counter per class the whole script shares, in the order the
code makes each input, layer and model, noted as doubtful where the code may make some other than once
(functional_objects.NameDoubts). What a statement makes before Python
calls a function of the file that the walker reads first (code_runs) is named before that function's
layers (:meth:`FunctionalNames.before_run`)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.naming import AutoNamer
from lstm_calc.readers.code_flow import LOOP
from lstm_calc.readers.functional_objects import MERGE_FUNCTIONS, made_class
from lstm_calc.readers.keras_code_names import REPEATING, preceding_calls, repeated_calls
from lstm_calc.readers.keras_config import SEQUENTIAL, callee
from lstm_calc.readers.syntax_walk import walk

if TYPE_CHECKING:
    from lstm_calc.errors import Location
    from lstm_calc.readers.functional_objects import NameDoubts


class FunctionalNames:
    """The functional code reader's naming (see the module's docstring)."""

    if TYPE_CHECKING:
        aliases: dict[str, str]
        namer: AutoNamer
        doubts: NameDoubts
        order: int
        paths: tuple[tuple[int, str], ...]
        reserved: dict[tuple[int, int], str]

        def loc(self, node: ast.AST) -> Location: ...

        def _made_key(self, call: ast.AST) -> tuple[int, int]: ...

        def name_given(self, call: ast.Call) -> bool: ...

        def size(self, node: ast.expr) -> int | None: ...

        def _mentions_object(self, node: ast.AST) -> bool: ...

        def naming_paths(self) -> tuple[tuple[int, str], ...]: ...

        def path_ids(self) -> tuple[int, ...]: ...

        def path_site(self, node: ast.AST) -> ast.AST: ...

        def _quiet_object(self, node: ast.expr) -> Any: ...

    def naming_state(self) -> object:
        """The counts and doubts so far (code_runs restores them after a function the code never calls)."""
        return self.namer.counts(), {name: list(noted) for name, noted in self.doubts.noted.items()}

    def restore_naming(self, state: Any) -> None:
        self.namer.restore(state[0])
        self.doubts.noted = state[1]

    def clear_session(self, call: ast.Call) -> None:
        """``keras.backend.clear_session()``: Keras names anew; refused where it may run other than once."""
        if self.paths:
            raise SpecError(
                "clear_session() may run other than once here; call it once, at the top level", self.loc(call)
            )
        self.namer = AutoNamer(self.order)

    def count_comprehensions(self, expressions: list[ast.expr]) -> set[int]:
        """Name what the comprehensions of a statement make where lstmcalc knows how often they run and
        nothing else of the statement makes a layer (so the order is known), none on tensors: their ids."""
        found = [node for expression in expressions for node in walk(expression) if isinstance(node, REPEATING)]
        if not found:
            return set()
        inside = {id(part) for node in found for part in walk(node) if part is not node}
        outside = [node for expression in expressions for node in walk(expression) if id(node) not in inside]
        if any(isinstance(node, ast.Call) and made_class(node, self.aliases) for node in outside):
            return set()
        counted = set()
        for node in found:
            repeated = None if id(node) in inside or self._mentions_object(node) else repeated_calls(node, self.size)
            if repeated is None or any(
                isinstance(call.func, ast.Call) or callee(call, self.aliases) in MERGE_FUNCTIONS for call in repeated
            ):
                continue  # counted as a doubt (NameDoubts.note_comprehensions)
            for call in repeated:
                class_name = made_class(call, self.aliases)
                if class_name is not None and not self.name_given(call):
                    self._automatic_name(class_name, call)
            counted.add(id(node))
        return counted

    def before_run(self, header: list[ast.expr], call: ast.Call) -> None:
        """Name what the statement makes before Python calls a function of the file the walker runs first."""
        for made in preceding_calls(header, call):
            if callee(made, self.aliases) == SEQUENTIAL:
                self._quiet_object(made)  # made now: its build's names too come before the function's layers
                continue
            class_name = made_class(made, self.aliases)
            if (
                class_name is None
                or callee(made, self.aliases) in MERGE_FUNCTIONS
                or self._made_key(made) in self.reserved
            ):
                continue  # merges are named where their layer is made (_merge)
            if not self.name_given(made) and all(keyword.arg is not None for keyword in made.keywords):
                self.reserved[self._made_key(made)] = self._automatic_name(class_name, made)

    def _automatic_name(self, class_name: str, call: ast.Call) -> str:
        """The name Keras gives a ``class_name`` made here; noted as doubtful on a path that may run other than once."""
        reserved = self.reserved.pop(self._made_key(call), None)
        if reserved is not None:
            return reserved  # named before a function of its statement ran (before_run)
        paths = self.naming_paths()
        if paths:
            once = None if any(why == LOOP for _, why in paths) else self.path_ids()
            self.doubts.note(class_name, self.order, self.loc(self.path_site(call)), paths[0][1], once)
        return self.namer.next_name(class_name)
