"""The values a call gives the parameters of ``__init__``, a method or a function of the file: its
arguments (``*sizes`` and ``**config`` spread where known), else the defaults as Python made them
when the ``def`` ran; and the devices module-level code makes (``torch.device(...)``).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import new_located_dict, new_located_list, put
from lstm_calc.readers.code_calls import call_arguments
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Environment, Evaluator, Unknown, known
from lstm_calc.readers.syntax_walk import made_node
from lstm_calc.readers.torch_binding_times import AtDefinition, BeforeRebinding, end_of

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

    defaults = [default_value(definition, node, evaluator, module_environment) for node in arguments.defaults]
    keyword_defaults = [
        None if node is None else default_value(definition, node, evaluator, module_environment)
        for node in arguments.kw_defaults
    ]
    given = call if call is not None else made_node(ast.Call(func=ast.Name("made", ast.Load()), args=[], keywords=[]))
    if method:  # self, given by Python: a placeholder, left out of the bindings
        given = made_node(
            ast.Call(func=given.func, args=[ast.Constant(None), *given.args], keywords=given.keywords), given
        )
    bound = call_arguments(arguments, given, defaults, keyword_defaults, lambda node: value_of(node, call_environment))
    if method and positional:
        del bound[positional[0].arg]
    if arguments.vararg is not None and not any(isinstance(node, ast.Starred) for node in given.args):
        # *args: a tuple of the positional arguments past the parameters, where each is known
        extras = [value_of(node, call_environment) for node in given.args[len(positional) :]]
        if all(extra.kind == Binding.KNOWN for extra in extras):
            # A tuple in Python; the evaluator reads tuples as lists (indexed, sliced, zipped, looped over).
            where = [evaluator.loc(node) for node in given.args[len(positional) :]]
            values = [extra.value for extra in extras]
            bound[arguments.vararg.arg] = known(new_located_list(evaluator.loc(given), values, where))
    if arguments.kwarg is not None:
        bound[arguments.kwarg.arg] = _extra_keywords(
            arguments, given, evaluator, lambda node: value_of(node, call_environment)
        )
    return bound


def default_value(
    definition: ast.FunctionDef, node: ast.expr, evaluator: TorchEvaluator, module_environment: Environment
) -> Binding:
    """The default ``node`` of a parameter of ``definition``, as Python made it when the ``def`` ran: in a
    class body, from the names the body bound before it (``def __init__(self, hidden=HIDDEN)`` reads the
    class's ``HIDDEN``), else from the module's as they were then."""
    # Made once: a list default that one instance changes in place is changed for the next (the
    # mutable default argument).
    if id(node) not in evaluator.defaults:
        at_def: Environment = BeforeRebinding(module_environment, evaluator.last_bindings, end_of(definition))
        if id(definition) in evaluator.class_names_at_def:
            at_def = AtDefinition(evaluator.class_names_at_def[id(definition)], at_def)
        try:
            evaluator.defaults[id(node)] = known(evaluator.evaluate(node, at_def))
        except Unknown:
            evaluator.defaults[id(node)] = device_made(node, at_def, evaluator.torch_imports)
    return evaluator.defaults[id(node)]


def _extra_keywords(
    arguments: ast.arguments, call: ast.Call, evaluator: TorchEvaluator, value_of: Callable[[ast.expr], Binding]
) -> Binding:
    """What a ``**kwargs`` parameter holds: a new dict of the keywords no other parameter takes (``{}`` where
    there are none, so that ``super().__init__(**kwargs)`` passes nothing on); unknown where one is."""
    by_name = {parameter.arg for parameter in [*arguments.args, *arguments.kwonlyargs]}
    extra = new_located_dict(evaluator.loc(call))
    for keyword in call.keywords:
        given = value_of(keyword.value)
        if keyword.arg is None and given.kind == Binding.KNOWN and isinstance(given.value, dict):
            items = list(given.value.items())
        elif keyword.arg is not None and (keyword.arg in by_name or given.kind == Binding.KNOWN):
            items = [] if keyword.arg in by_name else [(keyword.arg, given.value)]
        else:
            return UNKNOWN
        for key, value in items:
            if key not in by_name:
                put(extra, key, value, evaluator.loc(keyword), evaluator.loc(keyword.value))
    return known(extra, mutable=True)


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


def spread_positional(
    arguments: list[ast.expr],
    evaluator: Evaluator,
    environment: Environment,
    asked: Callable[[ast.AST, str], Exception],
    named: str,
) -> list[tuple[ast.AST, ast.expr]]:
    """A call's positional arguments, each ``*sizes`` of a known list or tuple spread over as many, each of
    those standing at ``sizes`` (``nn.Linear(*sizes)``): (where it is written, its expression). ``asked``
    makes the error for a spread that is not known, given the node and ``named`` (``nn.Linear``)."""
    spread: list[tuple[ast.AST, ast.expr]] = []
    for argument in arguments:
        if not isinstance(argument, ast.Starred):
            spread.append((argument, argument))
            continue
        try:
            items = evaluator.evaluate(argument.value, environment)
        except Unknown as unknown:
            raise asked(unknown.node, f"*{ast.unparse(argument.value)}") from None
        if not isinstance(items, (list, tuple)):
            raise SpecError(
                f"lstmcalc cannot read *{ast.unparse(argument.value)}: give {named} its arguments one by one",
                evaluator.loc(argument.value),
            )
        spread += [(argument, made_node(ast.Constant(item), argument.value)) for item in items]
    return spread


def spread_keywords(
    keyword: ast.keyword,
    evaluator: Evaluator,
    environment: Environment,
    asked: Callable[[ast.AST, str], Exception],
    named: str,
) -> list[tuple[str, ast.AST, ast.expr]]:
    """The keyword arguments ``**config`` gives, each standing at ``config``: the dict must be known
    (``asked`` makes the error where it is not, as for :func:`spread_positional`)."""
    try:
        spread = evaluator.evaluate(keyword.value, environment)
    except Unknown as unknown:
        raise asked(unknown.node, f"**{ast.unparse(keyword.value)}") from None
    if not isinstance(spread, dict) or not all(isinstance(key, str) for key in spread):
        raise SpecError(
            f"lstmcalc cannot read **{ast.unparse(keyword.value)}: give {named} its arguments by name",
            evaluator.loc(keyword.value),
        )
    return [(key, keyword, made_node(ast.Constant(value), keyword.value)) for key, value in spread.items()]
