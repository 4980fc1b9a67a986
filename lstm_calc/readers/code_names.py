"""Static facts about Python code, found without recursion: which names a block binds, and where.

The flow walker (:mod:`lstm_calc.readers.code_flow`) needs them before it walks a block:
a loop's names are unknown from its first iteration on, a function's locals are fixed
when it is defined, and a module name read in a function is known only if nothing can
rebind it once the function exists.
"""

from __future__ import annotations

import ast
from typing import Iterable, Iterator

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
#: Builtins through which code can rebind any name (``globals()["n"] = 8``, ``exec("n = 8")``).
DYNAMIC_NAMES = frozenset({"globals", "locals", "vars", "exec", "eval", "setattr", "delattr", "__builtins__"})
#: Attributes through which code can rebind a module's names (``sys.modules[__name__].n = 8``).
DYNAMIC_ATTRIBUTES = frozenset({"__dict__", "modules"})


def binding_nodes(nodes: Iterable[ast.AST]) -> Iterator[tuple[str, ast.AST]]:
    """(name, node) for each binding of a name in the scope that runs ``nodes``.

    Nested functions and classes bind only their own name here (their decorators,
    defaults and bases run here too); a lambda's body and a comprehension's loop
    variables belong to scopes of their own, but ``:=`` in a comprehension binds here.
    """
    pending = list(nodes)
    while pending:
        node = pending.pop()
        if isinstance(node, _SCOPES):
            yield node.name, node
            pending += node.decorator_list
            if isinstance(node, ast.ClassDef):
                pending += [*node.bases, *(keyword.value for keyword in node.keywords)]
            else:
                pending += _argument_defaults(node.args)
            continue
        if isinstance(node, ast.Lambda):
            pending += _argument_defaults(node.args)
            continue
        if isinstance(node, _COMPREHENSIONS):
            pending += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            for generator in node.generators:
                pending += [generator.iter, *generator.ifs]
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            yield node.id, node
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    yield (alias.asname or alias.name.split(".")[0]), node
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            yield node.name, node
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest, node
        pending += ast.iter_child_nodes(node)


def bound_names(nodes: Iterable[ast.AST]) -> set[str]:
    """The names that running ``nodes`` may bind or delete in the scope that runs them."""
    return {name for name, _ in binding_nodes(nodes)}


def declared(statements: Iterable[ast.stmt], kind: type) -> set[str]:
    """The names of the ``global`` (or ``nonlocal``) statements of a function body, nested scopes aside."""
    names: set[str] = set()
    pending = list(statements)
    while pending:
        node = pending.pop()
        if isinstance(node, kind):
            names.update(node.names)
        elif isinstance(node, ast.stmt) and not isinstance(node, _SCOPES):
            pending += [child for child in ast.iter_child_nodes(node) if isinstance(child, (ast.stmt, ast.excepthandler,
                                                                                            ast.match_case))]
        elif isinstance(node, (ast.excepthandler, ast.match_case)):
            pending += node.body
    return names


def parameters(arguments: ast.arguments) -> list[str]:
    """Every parameter name of a function."""
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [argument for argument in (arguments.vararg, arguments.kwarg) if argument is not None]
    return [argument.arg for argument in every]


def is_dynamic(node: ast.AST) -> bool:
    """Whether ``node`` (a whole statement) may rebind names the reader cannot see (``exec``, ``globals()``)."""
    return any(isinstance(part, ast.Name) and part.id in DYNAMIC_NAMES
               or isinstance(part, ast.Attribute) and part.attr in DYNAMIC_ATTRIBUTES
               for part in ast.walk(node))


class ModuleFacts:
    """What a function body needs to know about the module before reading a module name in it."""

    def __init__(self, tree: ast.Module) -> None:
        #: Where each module name is last bound, as (line, column).
        self.last_binding: dict[str, tuple[int, int]] = {}
        for name, node in binding_nodes(tree.body):
            position = (node.lineno, node.col_offset)
            if position > self.last_binding.get(name, (0, 0)):
                self.last_binding[name] = position
        #: Names some function declares ``global``: any call may rebind them.
        self.global_names = {name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}
        #: Whether some code may rebind any name at all.
        self.dynamic = is_dynamic(tree)

    def stable_after(self, name: str, position: tuple[int, int]) -> bool:
        """Whether no code can rebind the module's ``name`` after ``position``."""
        return (not self.dynamic and name not in self.global_names
                and self.last_binding.get(name, (0, 0)) < position)


def _argument_defaults(arguments: ast.arguments) -> list[ast.expr]:
    return [*arguments.defaults, *(default for default in arguments.kw_defaults if default is not None)]
