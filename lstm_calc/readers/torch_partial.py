"""``functools.partial`` of a torch.nn class or a class of the file in ``__init__``, read as Python reads it.

``rnn = functools.partial(nn.GRU, batch_first=True)`` binds ``rnn`` to the class with those arguments;
``rnn(16, 16, num_layers=2)`` then makes ``nn.GRU(16, 16, batch_first=True, num_layers=2)``: the partial's
positional arguments before the call's, its keywords overridden by the call's. Only the standard library's
``partial`` (``from functools import partial``, ``import functools``, bound to nothing else) of arguments
lstmcalc knows (numbers, strings, None and tuples of them) is read; any other stays unknown.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.readers.evaluate import Unknown
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import made_node
from lstm_calc.readers.torch_kinds import CONTAINERS
from lstm_calc.readers.torch_modules import FileClass, TorchClass

if TYPE_CHECKING:
    from lstm_calc.readers.torch_module_expressions import ModuleExpressions


class PartialClass(TorchClass):
    """A torch.nn class with arguments given ahead (``functools.partial(nn.GRU, batch_first=True)``)."""

    def __init__(self, name: str, function: ast.expr, args: list[Any], keywords: dict[str, Any]) -> None:
        super().__init__(name)
        self.function, self.args, self.keywords = function, args, keywords


class PartialFileClass(FileClass):
    """A class of the file with arguments given ahead (``functools.partial(Block, dropout=0.1)``)."""

    def __init__(self, name: str, function: ast.expr, args: list[Any], keywords: dict[str, Any]) -> None:
        super().__init__(name)
        self.function, self.args, self.keywords = function, args, keywords


def partial_class(reader: ModuleExpressions, value: ast.expr) -> PartialClass | PartialFileClass | None:
    """What ``value`` binds where it is the standard library's ``partial`` of a torch.nn class (no container)
    or a class of the file, with arguments lstmcalc knows; None for anything else."""
    if not isinstance(value, ast.Call) or not value.args or not _is_partial(reader, value.func):
        return None
    if any(isinstance(argument, ast.Starred) for argument in value.args) or any(
        keyword.arg is None for keyword in value.keywords
    ):
        return None
    target = value.args[0]
    file_class = target.id if isinstance(target, ast.Name) and target.id in reader.builder.classes else None
    name = file_class or reader.class_value(target)
    if name is None or name in CONTAINERS:
        return None
    given = [*value.args[1:], *(keyword.value for keyword in value.keywords)]
    try:
        known = [reader.evaluator.evaluate(argument, reader.scope) for argument in given]
    except Unknown as unknown:
        raise ask(reader.evaluator, unknown.node, "to know the arguments functools.partial gives") from None
    if not all(_literal(item) for item in known):
        return None
    split = len(value.args) - 1
    keywords = dict(zip((str(keyword.arg) for keyword in value.keywords), known[split:]))
    return (PartialFileClass if file_class else PartialClass)(name, target, known[:split], keywords)


def merged_call(reader: ModuleExpressions, call: ast.Call) -> ast.Call:
    """``call`` of a name bound to a partial (:func:`partial_class`) as the call of its class Python makes of
    it (the partial's positional arguments first, its keywords overridden by the call's); else ``call``."""
    if not isinstance(call.func, (ast.Name, ast.Attribute)):
        return call
    try:
        held = reader.evaluator.evaluate(call.func, reader.scope)
    except Unknown:
        return call
    if not isinstance(held, (PartialClass, PartialFileClass)):
        return call
    given = {keyword.arg for keyword in call.keywords}
    args = [_node(item, call) for item in held.args]
    keywords = [
        made_node(ast.keyword(arg=name, value=_node(item, call)), call)
        for name, item in held.keywords.items()
        if name not in given
    ]
    return made_node(ast.Call(func=held.function, args=[*args, *call.args], keywords=[*keywords, *call.keywords]), call)


def _is_partial(reader: ModuleExpressions, function: ast.expr) -> bool:
    root = function.value if isinstance(function, ast.Attribute) else function
    if not isinstance(root, ast.Name) or root.id in reader.scope.bindings:  # rebound in __init__
        return False
    spelled = f"{root.id}.{function.attr}" if isinstance(function, ast.Attribute) else root.id
    return spelled in reader.evaluator.partials


def _literal(item: Any) -> bool:
    if isinstance(item, tuple):
        return all(_literal(part) for part in item)
    return item is None or isinstance(item, (int, float, str))


def _node(item: Any, where: ast.AST) -> ast.expr:
    if isinstance(item, tuple):
        return made_node(ast.Tuple(elts=[_node(part, where) for part in item], ctx=ast.Load()), where)
    plain = next((kind for kind in (bool, int, float, str) if isinstance(item, kind)), None)
    return made_node(ast.Constant(item if plain is None else plain(item)), where)
