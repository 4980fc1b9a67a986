"""What Sequential code does to its model once made (the Sequential code reader): ``model.add(layer)``,
``model.build(shape)``, and ``model.pop()``, read where they run on the model read; refused where they
may run other than once since the model was made (a loop lstmcalc does not unroll, a branch it cannot
decide, a function other than the one that made the model), and a model made anew on each pass of a loop."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, cast

from lstm_calc.errors import SpecError
from lstm_calc.readers.code_flow import LOOP
from lstm_calc.readers.code_scopes import Scope

if TYPE_CHECKING:
    from lstm_calc.errors import Location
    from lstm_calc.readers.evaluate import Environment

OTHER_FUNCTION = "in a function the model was not made in"


class ModelMethods:
    """The methods of the Sequential code reader that follow what the code does to the model."""

    if TYPE_CHECKING:
        model_targets: set[str]
        model_site: ast.Call | None
        running_calls: list[ast.Call]
        paths: tuple[tuple[int, str], ...]
        model_paths: tuple[tuple[int, str], ...]
        loop_refusals: dict[int, SpecError]
        unrolling: int
        scope: Scope
        model_scope: Scope | None

        def loc(self, node: ast.AST) -> Location: ...

        def arguments(self, call: ast.Call, positional: tuple[str, ...], owner: str) -> dict[str, ast.expr]: ...

        def _add(self, node: ast.expr, environment: Environment) -> None: ...

        def _set_input(self, call: ast.Call, given: dict[str, ast.expr], environment: Environment) -> None: ...

    def _method_call(self, call: ast.Call) -> None:
        method = call.func
        if not isinstance(method, ast.Attribute) or ast.unparse(method.value) not in self.model_targets:
            return
        if self.model_site is not None and self.model_site not in self.running_calls:
            return  # another run of the function that makes the model: another model
        # Paths entered since the model was made: there, a layer may be added other than once.
        since = [(path, where) for path, where in self.paths if (path, where) not in self.model_paths]
        where = since[0][1] if since else OTHER_FUNCTION if self._in_other_function() else None
        if method.attr in ("add", "build", "pop") and where is not None:
            loop = next((self.loop_refusals[path] for path, _ in since if path in self.loop_refusals), None)
            if loop is not None:
                raise loop  # the loop it is in, and why lstmcalc cannot unroll it
            how = {LOOP: "write each layer out", OTHER_FUNCTION: "make the model in the function that adds to it"}
            raise SpecError(
                f"model.{method.attr}(...) {where} cannot be read without running the code; "
                f"{how.get(where, 'build the model the same way on every path')}, or give the model as a YAML spec",
                self.loc(call),
            )
        if method.attr == "add":
            arguments = self.arguments(call, ("layer",), "add")
            if "layer" not in arguments:
                raise SpecError("model.add() needs the layer to add, as in model.add(LSTM(64))", self.loc(call))
            self._add(arguments["layer"], cast("Environment", self))
        elif method.attr == "build":
            shape = self.arguments(call, ("input_shape",), "build").get("input_shape")
            if shape is not None:
                self._set_input(call, {"batch_shape": shape}, cast("Environment", self))
        elif method.attr == "pop":
            raise SpecError("model.pop() is not read; remove the layer from the code instead", self.loc(call))

    def _refuse_model_per_pass(self, call: ast.Call) -> None:
        """A Sequential model made in a loop is made anew on every pass: which one the code means is not read."""
        if self.unrolling:
            raise SpecError(
                "this Sequential model is made anew on every pass of the loop it is in; lstmcalc reads a model made "
                "once: make it outside the loop, or write the model of one pass out",
                self.loc(call),
            )

    def _in_other_function(self) -> bool:
        """Whether this statement is in a function that the model was not made in: it runs once per call."""
        scope: Scope | None = self.scope
        while scope is not None and scope is not self.model_scope:
            if scope.kind == Scope.FUNCTION:
                return True
            scope = scope.parent
        return False
