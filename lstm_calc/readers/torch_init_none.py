"""``register_parameter(name, None)`` and ``register_module(name, None)`` in ``__init__``, for its reader
(:class:`~lstm_calc.readers.torch_init.InitReader`): torch keeps the name, holding None, and what is set there
later takes that place."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import known
from lstm_calc.readers.syntax_walk import is_none
from lstm_calc.readers.torch_modules import ModuleNode, is_self

if TYPE_CHECKING:
    from lstm_calc.readers.torch_builder import InitScope
    from lstm_calc.readers.torch_values import TorchEvaluator


class NoneRegistration:
    """None registered under a name (see :class:`~lstm_calc.readers.torch_init.InitReader`)."""

    if TYPE_CHECKING:
        evaluator: TorchEvaluator
        scope: InitScope
        module: ModuleNode

        def named_attribute(self, owner: ast.expr, name_node: ast.expr, purpose: str) -> ast.Attribute: ...

        def refuse_before_module_init(self, what: str, node: ast.expr) -> None: ...

        def replace_child(self, attribute: str, value: ast.expr) -> None: ...

    def registered_none(self, call: ast.Call) -> bool:
        """``self.register_parameter(name, None)``, ``self.register_module(name, None)`` (``add_module``): torch
        keeps the name, holding None (``self.name`` is None; nothing in the state_dict), and a parameter or
        module set there later takes its place. False for any other call."""
        function = call.func
        if not (
            isinstance(function, ast.Attribute)
            and function.attr in ("register_parameter", "register_module", "add_module")
            and is_self(function.value)
            and self.module.container is None
            and len(call.args) == 2
            and not call.keywords
            and is_none(call.args[1])
        ):
            return False
        name = self.named_attribute(function.value, call.args[0], f"{function.attr} names").attr
        parameter = function.attr == "register_parameter"
        if parameter:
            self.refuse_before_module_init("parameter", call)
        weights = [weight.name for weight in self.module.own_weights]
        others = [*(weight.name for weight in self.module.buffers), *(self.module.children if parameter else weights)]
        if name in others:  # torch's check: a name held otherwise
            message = f"torch refuses this (KeyError: \"attribute '{name}' already exists\")"
            raise SpecError(message, self.evaluator.loc(call))
        if not parameter and name in self.module.children:
            self.replace_child(name, call.args[1])  # in its place, holding None
            return True
        if parameter:  # a parameter set there later takes this place among the module's own (".": no child's name)
            self.module.vacated[f".{name}"] = weights[: weights.index(name)] if name in weights else weights
            self.module.own_weights = [weight for weight in self.module.own_weights if weight.name != name]
        else:
            self.module.vacated[name] = list(self.module.children)
        self.scope.bindings[f"self.{name}"] = known(None)
        return True


def take_vacated_place(holder: ModuleNode, name: str) -> None:
    """Put ``holder``'s parameter ``name``, just added last, where None was registered under that name, if it
    was: torch's ``_parameters`` keeps the key's place."""
    before = holder.vacated.pop(f".{name}", None)
    if before is None:
        return
    made, others = holder.own_weights[-1], holder.own_weights[:-1]
    at = max((index for index, weight in enumerate(others) if weight.name in before), default=-1) + 1
    holder.own_weights = [*others[:at], made, *others[at:]]
