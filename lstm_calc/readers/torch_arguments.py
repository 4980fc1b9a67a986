"""The values a call gives the parameters of ``__init__``, a method or a function of the file: its
arguments (``*sizes`` and ``**config`` spread where known), else the defaults as Python made them
when the ``def`` ran; and the devices module-level code makes (``torch.device(...)``).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.evaluate import UNKNOWN, Binding, Environment, Unknown, known
from lstm_calc.readers.torch_binding_times import BeforeRebinding, end_of

if TYPE_CHECKING:
    from collections.abc import Callable

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
    (a ``method``'s without ``self``, a function's all)."""
    arguments = definition.args
    positional = [*arguments.posonlyargs, *arguments.args][1 if method else 0 :]
    bound: dict[str, Binding] = {}

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

    for parameter, default in zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults):
        bound[parameter.arg] = default_of(default)
    for parameter, keyword_default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if keyword_default is not None:
            bound[parameter.arg] = default_of(keyword_default)
    every = [*positional, *arguments.kwonlyargs]
    if call is not None:
        given = _given_positionally(call, evaluator, call_environment, value_of)
        explicit = {parameter.arg for parameter in positional[: len(given or [])]}
        for parameter, binding in zip(positional, given or []):
            bound[parameter.arg] = binding
        if given is None:  # f(*sizes) of what lstmcalc does not know: any parameter may be given by it
            bound.update((parameter.arg, UNKNOWN) for parameter in positional)
        for keyword in call.keywords:
            if keyword.arg is not None:
                bound[keyword.arg] = value_of(keyword.value, call_environment)
                explicit.add(keyword.arg)
                continue
            try:  # M(**config): each of its keys, if it is known
                spread = evaluator.evaluate(keyword.value, call_environment)
            except Unknown:
                spread = None
            if isinstance(spread, dict) and all(isinstance(key, str) for key in spread):
                bound.update((key, known(value)) for key, value in spread.items())
                explicit.update(spread)
            else:  # any parameter not given otherwise may be one of its keys
                bound.update((parameter.arg, UNKNOWN) for parameter in every if parameter.arg not in explicit)
    return {parameter.arg: bound.get(parameter.arg, UNKNOWN) for parameter in every}


def _given_positionally(
    call: ast.Call,
    evaluator: TorchEvaluator,
    environment: Environment,
    value_of: Callable[[ast.expr, Environment], Binding],
) -> list[Binding] | None:
    """What each positional argument of ``call`` gives, ``*sizes`` of a known list spread over as many;
    None where a spread is not known (how many parameters it fills is then unknown too)."""
    given: list[Binding] = []
    for node in call.args:
        if not isinstance(node, ast.Starred):
            given.append(value_of(node, environment))
            continue
        try:
            spread = evaluator.evaluate(node.value, environment)
        except Unknown:
            return None
        if not isinstance(spread, (list, tuple)):
            return None
        given += [known(value) for value in spread]
    return given


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
