"""The values a call gives the parameters of ``__init__``, a method or a function of the file: its
arguments (``*sizes`` and ``**config`` spread where known), else the defaults as Python made them
when the ``def`` ran; and the devices module-level code makes (``torch.device(...)``).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.code_calls import call_arguments
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Environment, Unknown, known
from lstm_calc.readers.torch_binding_times import BeforeRebinding, end_of

if TYPE_CHECKING:
    from lstm_calc.readers.torch_values import TorchEvaluator


def bind_arguments(
    definition: ast.FunctionDef,
    call: ast.Call | None,
    evaluator: TorchEvaluator,
    call_environment: Environment,
    module_environment: Environment,
    method: bool = True,
) -> dict[str, Binding]:
    """``__init__``'s parameters bound to the instantiation's arguments, else to their defaults
    (a ``method``'s without ``self``, a function's all), as the Keras readers bind a call
    (:func:`~lstm_calc.readers.code_calls.call_arguments`: ``*sizes`` and ``**config`` spread where
    known; ``*args`` and ``**kwargs`` unknown)."""
    arguments = definition.args
    positional = [*arguments.posonlyargs, *arguments.args]

    def value_of(node: ast.expr, environment: Environment) -> Binding:
        try:
            return known(evaluator.evaluate(node, environment))
        except Unknown:
            return device_made(node, environment, evaluator.torch_imports)

    def default_of(node: ast.expr) -> Binding:
        # Made once, as Python makes a default when it defines the function: a list default that
        # one instance changes in place is changed for the next (the mutable default argument).
        if id(node) not in evaluator.defaults:
            at_def = BeforeRebinding(module_environment, evaluator.last_bindings, end_of(definition))
            evaluator.defaults[id(node)] = value_of(node, at_def)
        return evaluator.defaults[id(node)]

    defaults = [default_of(node) for node in arguments.defaults]
    keyword_defaults = [None if node is None else default_of(node) for node in arguments.kw_defaults]
    given = call if call is not None else ast.Call(func=ast.Name("made", ast.Load()), args=[], keywords=[])
    if method:  # self, given by Python: a placeholder, left out of the bindings
        given = ast.copy_location(
            ast.Call(func=given.func, args=[ast.Constant(None), *given.args], keywords=given.keywords), given
        )
    bound = call_arguments(arguments, given, defaults, keyword_defaults, lambda node: value_of(node, call_environment))
    if method and positional:
        del bound[positional[0].arg]
    return bound


def device_made(node: ast.expr, environment: Environment, torch_imports: dict[str, str]) -> Binding:
    """What a name holds where module-level code bound it to ``torch.device(...)`` (a call, kept so that
    forward's ``.to(self.device)`` is known to be a device); unknown otherwise."""
    made = environment.lookup(node.id) if isinstance(node, ast.Name) else UNKNOWN
    return made if holds_device(made, torch_imports) else UNKNOWN


def holds_device(binding: Binding, torch_imports: dict[str, str]) -> bool:
    """Whether ``binding`` holds what a call of ``torch.device(...)`` made."""
    call = binding.value[0] if binding.kind == Binding.CALL and isinstance(binding.value, tuple) else None
    function = call.func if isinstance(call, ast.Call) else None
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "device"
        and isinstance(function.value, ast.Name)
        and torch_imports.get(function.value.id) == "torch"
    )
