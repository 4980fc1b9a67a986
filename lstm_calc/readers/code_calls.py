"""Functions of a module that the flow walker runs where the code calls them.

A function defined once and called once, by its name, is read as it runs: at its call,
with its parameters bound to the call's arguments (or to the defaults, which Python
evaluates where the function is defined), and its ``return`` value as the value of the
call. ``def build_model(units=1024): ...`` then ``model = build_model()`` reads
``units`` as 1024. The Keras code readers read a function called more than once (never from
its own body) at each of its calls, each a run of its own: Keras names the layers each run
makes. A function called more than once by other walkers, or used other than by calling it
(``KerasClassifier(build_fn=build_model)``), decorated, a generator, or one that
returns anywhere but at its end, is read where it is defined, its parameters unknown.
"""

from __future__ import annotations

import ast
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.code_names import binding_counts, binding_nodes
from lstm_calc.readers.evaluate import UNKNOWN, Binding, known
from lstm_calc.readers.syntax_walk import child_nodes, nodes_of, walk

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.errors import Location


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def followed_calls(tree: ast.Module, repeated: bool = False) -> dict[int, list[ast.Call]]:
    """``{id(function definition): its calls}`` for each function the walker runs at its call: one call, or
    (``repeated``) every call of a function that the file uses only by calling it, never from its own body."""
    definitions: defaultdict[str, list[ast.FunctionDef]] = defaultdict(list)
    calls: defaultdict[str, list[ast.Call]] = defaultdict(list)
    reads: Counter[str] = Counter()
    for node in nodes_of(tree, (ast.FunctionDef, ast.Call, ast.Name)):
        if isinstance(node, ast.FunctionDef):
            definitions[node.name].append(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls[node.func.id].append(node)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            reads[node.id] += 1
    candidates = [
        name
        for name, found in definitions.items()
        if len(found) == 1 and len(calls[name]) == reads[name] and (reads[name] == 1 or repeated and reads[name] > 1)
    ]
    # A function's name that no other node of the file binds is bound once, by its def: the bindings
    # of every scope are counted only for a name some other node may bind as well.
    anywhere = binding_counts(tree)
    doubtful = [name for name in candidates if anywhere[name] != 1]
    bindings: Counter[str] = Counter(name for name, _ in _every_binding(tree)) if doubtful else Counter()
    followed: dict[int, list[ast.Call]] = {}
    for name in candidates:
        if anywhere[name] != 1 and bindings[name] != 1:
            continue
        definition, found = definitions[name][0], calls[name]
        if definition.decorator_list or not all(map(_readable_call, found)) or not _returns_at_end(definition):
            continue
        if len(found) > 1 and {id(call) for call in found} & {id(node) for node in walk(definition)}:
            continue  # called from its own body: how often it runs is up to its arguments
        followed[id(definition)] = found
    return followed


def _every_binding(tree: ast.Module) -> list[tuple[str, object]]:
    """Every binding of a name in every scope of the module (a function's name, its parameters...)."""
    found: list[tuple[str, object]] = list(binding_nodes([tree]))
    for node in nodes_of(tree, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
            found += [(argument.arg, argument) for argument in every if argument is not None]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found += [(name, binding) for name, binding in binding_nodes(node.body)]
    return found


def _readable_call(call: ast.Call) -> bool:
    """Whether each argument of ``call`` can be matched to a parameter (no ``*args`` nor ``**kwargs``)."""
    return not any(isinstance(argument, ast.Starred) for argument in call.args) and all(
        keyword.arg is not None for keyword in call.keywords
    )


def _returns_at_end(definition: ast.FunctionDef) -> bool:
    """Whether the function returns only by its last statement (or by running to its end), and never yields."""
    returns = []
    pending: list[ast.AST] = list(definition.body)
    while pending:
        node = pending.pop()
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await)):
            return False
        if isinstance(node, ast.Return):
            returns.append(node)
        pending += child_nodes(node)
    return not returns or (len(returns) == 1 and returns[0] is definition.body[-1])


class ArgumentMismatch(Exception):  # noqa: N818 - raised as the TypeError Python would raise
    """A call whose arguments Python refuses to bind to the parameters (a TypeError before the body
    runs): what Python says after the function's name, and the node at fault."""

    def __init__(self, problem: str, node: ast.AST) -> None:
        super().__init__(problem)
        self.problem = problem
        self.node = node

    def located(self, function: str, loc: Callable[[ast.AST], Location]) -> SpecError:
        """The error at the node: ``function`` is the called function's name, as Python names it."""
        return SpecError(f"Python refuses this call (TypeError: {function}() {self.problem})", loc(self.node))


def call_arguments(
    arguments: ast.arguments,
    call: ast.Call,
    defaults: list[Binding],
    keyword_defaults: list[Binding | None],
    binding_of: Callable[[ast.expr], Binding],
) -> dict[str, Binding]:
    """Each parameter's binding for ``call``: its argument, evaluated now, else its default; ``*args``
    and ``**kwargs`` parameters, and anything the call gives them, are unknown."""
    positional = [*arguments.posonlyargs, *arguments.args]
    bound: dict[str, Binding] = {}
    for parameter, default in zip(positional[len(positional) - len(defaults) :], defaults):
        bound[parameter.arg] = default
    for parameter, keyword_default in zip(arguments.kwonlyargs, keyword_defaults):
        if keyword_default is not None:
            bound[parameter.arg] = keyword_default
    given = _positionally(call, binding_of)
    for parameter, binding in zip(positional, given or []):
        bound[parameter.arg] = binding
    if given is None:  # f(*sizes) of what lstmcalc does not know: any parameter may be given by it
        bound.update((parameter.arg, UNKNOWN) for parameter in positional)
    explicit = {parameter.arg for parameter in positional[: len(given or [])]}
    by_name = {parameter.arg for parameter in [*arguments.args, *arguments.kwonlyargs]}
    if given is not None and len(given) > len(positional) and arguments.vararg is None:
        raise ArgumentMismatch(_too_many(len(positional), len(arguments.defaults), len(given)), call)
    for keyword in call.keywords:
        if keyword.arg is not None:
            _check_keyword(keyword.arg, keyword, explicit, by_name, arguments)
        if keyword.arg in by_name:
            bound[keyword.arg] = binding_of(keyword.value)
            explicit.add(keyword.arg)
        elif keyword.arg is None:  # f(**config): each of its keys where it is known
            spread = binding_of(keyword.value)
            if spread.kind == Binding.KNOWN and isinstance(spread.value, dict):
                for key in spread.value:
                    if not isinstance(key, str):
                        raise ArgumentMismatch("got keywords that are not strings", keyword)
                    _check_keyword(key, keyword, explicit, by_name, arguments)
                bound.update((key, known(value)) for key, value in spread.value.items() if key in by_name)
                explicit.update(spread.value)
            else:
                bound.update(
                    (name, UNKNOWN) for name in [*(p.arg for p in positional), *by_name] if name not in explicit
                )
    for extra in (arguments.vararg, arguments.kwarg):
        if extra is not None:
            bound[extra.arg] = UNKNOWN
    every = [*positional, *arguments.kwonlyargs]
    return {parameter.arg: bound.get(parameter.arg, UNKNOWN) for parameter in every} | {
        name: binding for name, binding in bound.items() if name not in {p.arg for p in every}
    }


def _check_keyword(name: str, node: ast.AST, explicit: set[str], by_name: set[str], arguments: ast.arguments) -> None:
    """Refuse a keyword Python refuses: one the function has no parameter for, or one given already."""
    if name in explicit:
        raise ArgumentMismatch(f"got multiple values for argument '{name}'", node)
    if arguments.kwarg is None and name in {parameter.arg for parameter in arguments.posonlyargs}:
        raise ArgumentMismatch(f"got some positional-only arguments passed as keyword arguments: '{name}'", node)
    if name not in by_name and arguments.kwarg is None:
        raise ArgumentMismatch(f"got an unexpected keyword argument '{name}'", node)


def _too_many(parameters: int, defaults: int, given: int) -> str:
    """Python's words for more positional arguments than the function takes."""
    takes = f"from {parameters - defaults} to {parameters}" if defaults else str(parameters)
    plural = "argument" if parameters == 1 and not defaults else "arguments"
    return f"takes {takes} positional {plural} but {given} {'was' if given == 1 else 'were'} given"


def _positionally(call: ast.Call, binding_of: Callable[[ast.expr], Binding]) -> list[Binding] | None:
    """What each positional argument of ``call`` gives, ``*sizes`` of a known list spread over as many;
    None where a spread is not known (how many parameters it fills is then unknown too)."""
    given: list[Binding] = []
    for node in call.args:
        if not isinstance(node, ast.Starred):
            given.append(binding_of(node))
            continue
        spread = binding_of(node.value)
        if spread.kind != Binding.KNOWN or not isinstance(spread.value, (list, tuple)):
            return None
        given += [known(value) for value in spread.value]
    return given
