"""Static facts about Python code, found without recursion: which names a block binds, and where.

The flow walker (:mod:`lstm_calc.readers.code_flow`) needs them before it walks a block:
a loop's names are unknown from its first iteration on, a function's locals are fixed
when it is defined, and a module name read in a function is known only if nothing can
rebind it once the function exists.
"""

from __future__ import annotations

import ast
from collections import Counter
from typing import TYPE_CHECKING

from lstm_calc.readers.syntax_walk import child_nodes, nodes_of, walk

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    #: What a block holds: statements, and the except handlers and match cases of some.
    Statement = ast.stmt | ast.ExceptHandler | ast.match_case
    #: A node that binds a name, and knows where it stands.
    Binding = ast.stmt | ast.expr | ast.excepthandler | ast.pattern

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_CONDITIONAL = (ast.IfExp, ast.BoolOp, *_COMPREHENSIONS)
#: Builtins through which code can rebind any name (``globals()["n"] = 8``, ``exec("n = 8")``).
DYNAMIC_NAMES = frozenset({"globals", "locals", "vars", "exec", "eval", "setattr", "delattr", "__builtins__"})
#: Attributes through which code can rebind a module's names (``sys.modules[__name__].n = 8``).
DYNAMIC_ATTRIBUTES = frozenset({"__dict__", "modules", "f_globals", "f_locals"})


def binding_nodes(nodes: Iterable[ast.AST]) -> Iterator[tuple[str, Binding]]:
    """(name, node) for each binding of a name in the scope that runs ``nodes``.

    Nested functions and classes bind only their own name here (their decorators,
    defaults and bases run here too); a lambda's body and a comprehension's loop
    variables belong to scopes of their own, but ``:=`` in a comprehension binds here.
    """
    pending = list(nodes)
    while pending:
        node = pending.pop()
        if not node._fields:  # a load or store context, an operator: no name, no children
            continue
        if isinstance(node, ast.Name):  # the most common node: its only child is its context
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                yield node.id, node
            continue
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
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for name in _own_bindings(node):
                if name != "*":
                    yield name, node
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            yield node.name, node
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest, node
        pending += child_nodes(node)


def binding_counts(tree: ast.AST) -> Counter[str]:
    """How many times the nodes of ``tree`` bind each name, in any scope: at least as many as
    :func:`binding_nodes` finds in all the scopes together (``import a as n, b as n`` counts twice)."""
    return Counter(name for node in nodes_of(tree, _BINDERS) for name in _own_bindings(node))


def bound_names(nodes: Iterable[ast.AST]) -> set[str]:
    """The names that running ``nodes`` may bind or delete in the scope that runs them."""
    return {name for name, _ in binding_nodes(nodes)}


class BoundNames:
    """:func:`bound_names` of statements, each statement's found once however deep it is nested.

    A loop or branch needs the names of all the statements in it; without the memory,
    code nested a hundred levels deep would be read a hundred times over.
    """

    def __init__(self) -> None:
        self.cache: dict[int, frozenset[str]] = {}

    def of(self, statements: Iterable[Statement]) -> set[str]:
        """The names that running ``statements`` may bind or delete in their scope."""
        names: set[str] = set()
        for statement in statements:
            names |= self.statement(statement)
        return names

    def statement(self, statement: Statement) -> frozenset[str]:
        """The names one statement (or except handler, or match case) may bind in its scope."""
        cached = self.cache.get(id(statement))
        if cached is not None:
            return cached
        if isinstance(statement, ast.ExceptHandler):
            parts: list[ast.AST] = [statement.type] if statement.type else []
            names = bound_names(parts) | ({statement.name} if statement.name else set()) | self.of(statement.body)
        elif isinstance(statement, ast.match_case):
            parts = [statement.pattern, *([statement.guard] if statement.guard else [])]
            names = bound_names(parts) | self.of(statement.body)
        elif isinstance(statement, _SCOPES) or not any(
            isinstance(getattr(statement, field, None), list) for field in ("body", "handlers", "cases")
        ):
            names = bound_names([statement])  # a simple statement, or only a function's or class's name
        else:
            inner = [
                *getattr(statement, "body", ()),
                *getattr(statement, "orelse", ()),
                *getattr(statement, "finalbody", ()),
                *getattr(statement, "handlers", ()),
                *getattr(statement, "cases", ()),
            ]
            names = bound_names(statement_expressions(statement)) | self.of(inner)
        self.cache[id(statement)] = frozenset(names)
        return self.cache[id(statement)]


def declared(statements: Iterable[ast.stmt], kind: type[ast.Global] | type[ast.Nonlocal]) -> set[str]:
    """The names of the ``global`` (or ``nonlocal``) statements of a function body, nested scopes aside."""
    names: set[str] = set()
    pending: list[Statement] = list(statements)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            if isinstance(node, kind):
                names.update(node.names)
        elif isinstance(node, ast.stmt) and not isinstance(node, _SCOPES):
            pending += [
                child for child in child_nodes(node) if isinstance(child, (ast.stmt, ast.ExceptHandler, ast.match_case))
            ]
        elif isinstance(node, (ast.ExceptHandler, ast.match_case)):
            pending += node.body
    return names


def local_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The names local to ``function`` throughout its body, as Python decides when it compiles it: its
    parameters and every name its body binds anywhere (``if big: H = 64`` makes ``H`` local even where
    that line never runs, so that reading it first is an UnboundLocalError, never the module's ``H``),
    but those it declares ``global`` or ``nonlocal``."""
    declared_names = declared(function.body, ast.Global) | declared(function.body, ast.Nonlocal)
    return frozenset((bound_names(function.body) | set(parameters(function.args))) - declared_names)


def ran_bindings(statement: ast.stmt) -> set[str]:
    """The names ``statement`` may have bound once it has run, for a reader that follows the blocks of
    ``if`` and ``for`` statement by statement itself: an ``if``'s and a ``for``'s own (its target, a
    ``:=`` in its test or iterable), any other statement's all."""
    if isinstance(statement, (ast.If, ast.For)):
        return bound_names(statement_expressions(statement))
    return bound_names([statement])


def parameters(arguments: ast.arguments) -> list[str]:
    """Every parameter name of a function."""
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [argument for argument in (arguments.vararg, arguments.kwarg) if argument is not None]
    return [argument.arg for argument in every]


def is_dynamic(node: ast.AST) -> bool:
    """Whether ``node`` (a whole statement) may rebind names the reader cannot see (``exec``, ``globals()``)."""
    parts = walk(node)
    own = _own_attribute_setters(parts)
    return any(_rebinds_names(part, own) for part in parts)


def _rebinds_names(part: ast.AST, own: set[int]) -> bool:
    """Whether ``part`` names a way to rebind any name (``own``: the ``setattr`` of ``setattr(self, ...)``)."""
    if isinstance(part, ast.Name):
        return part.id in DYNAMIC_NAMES and id(part) not in own
    return isinstance(part, ast.Attribute) and part.attr in DYNAMIC_ATTRIBUTES


def _own_attribute_setters(parts: Iterable[ast.AST]) -> set[int]:
    """The ``setattr`` names of ``setattr(self, name, value)``: an instance's attribute, never a module's name
    (a module object reaches it only through ``sys.modules`` or ``globals()``, which stay dynamic)."""
    return {
        id(part.func)
        for part in parts
        if isinstance(part, ast.Call)
        and isinstance(part.func, ast.Name)
        and part.func.id == "setattr"
        and part.args
        and isinstance(part.args[0], ast.Name)
        and part.args[0].id == "self"
    }


class ModuleFacts:
    """What a function body needs to know about the module before reading a module name in it."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self._last_binding: dict[str, tuple[int, int]] | None = None
        self._all_bound: frozenset[str] | None = None
        #: Names some function declares ``global``: any call may rebind them.
        self.global_names: set[str] = set()
        #: Whether some code may rebind any name at all, and whether any code uses ``:=``.
        self.dynamic = self.walrus = False
        #: Where the last ``from m import *`` is: it may rebind any module name.
        self.last_star = (0, 0)
        own = _own_attribute_setters(nodes_of(tree, (ast.Call,)))
        for node in nodes_of(tree, (ast.Global, ast.NamedExpr, ast.ImportFrom, ast.Name, ast.Attribute)):
            if isinstance(node, ast.Global):
                self.global_names.update(node.names)
            elif isinstance(node, ast.NamedExpr):
                self.walrus = True
            elif isinstance(node, ast.ImportFrom) and node.names[0].name == "*" and not known_star(node):
                self.last_star = max(self.last_star, (node.lineno, node.col_offset))
            elif _rebinds_names(node, own):
                self.dynamic = True

    @property
    def all_bound(self) -> frozenset[str]:
        """Every name the module binds in any scope (all of them, as far as anyone knows, after ``import *``)."""
        if self._all_bound is None:
            names = set(binding_counts(self.tree))
            every = self.dynamic or self.last_star != (0, 0)
            self._all_bound = frozenset(names) | (_EVERY_BUILTIN if every else frozenset())
        return self._all_bound

    def stable_after(self, name: str, position: tuple[int, int]) -> bool:
        """Whether no code can rebind the module's ``name`` after ``position``."""
        if self._last_binding is None:  # found when a function first reads a module name
            self._last_binding = {}
            for bound, node in binding_nodes(self.tree.body):
                here = (node.lineno, node.col_offset)
                if here > self._last_binding.get(bound, (0, 0)):
                    self._last_binding[bound] = here
        return (
            not self.dynamic
            and name not in self.global_names
            and max(self._last_binding.get(name, (0, 0)), self.last_star) < position
        )


#: The nodes that may bind a name themselves (see :func:`_own_bindings`).
_BINDERS = (
    *_SCOPES,
    ast.Name,
    ast.Import,
    ast.ImportFrom,
    ast.arg,
    ast.ExceptHandler,
    ast.MatchAs,
    ast.MatchStar,
    ast.MatchMapping,
)
#: Builtins a star import could shadow: taken as rebound after ``from m import *``.
_EVERY_BUILTIN = frozenset({"len", "min", "max", "sum", "abs", "int", "round", "str"})


def _own_bindings(node: ast.AST) -> list[str]:
    """The names ``node`` itself binds: a stored name, a definition, an import, a parameter, an except name."""
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return [node.id]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return list(known_star(node) or [alias.asname or alias.name.split(".")[0] for alias in node.names])
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []


def known_star(node: ast.Import | ast.ImportFrom) -> tuple[str, ...]:
    """The names ``from torch.nn import *`` binds, which are known (torch.nn's); none for another import. Any
    other star import may bind any name."""
    if not (isinstance(node, ast.ImportFrom) and node.module == "torch.nn" and not node.level):
        return ()
    if node.names[0].name != "*":
        return ()
    from lstm_calc.readers.torch_star_names import TORCH_NN_NAMES  # rare: not at start-up

    return TORCH_NN_NAMES


def statement_expressions(statement: ast.stmt) -> list[ast.expr]:
    """The expressions a statement evaluates itself, in the scope it is in (not its body's)."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = statement.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
        annotations = [argument.annotation for argument in every if argument is not None and argument.annotation]
        return [
            *statement.decorator_list,
            *arguments.defaults,
            *(d for d in arguments.kw_defaults if d),
            *annotations,
            *([statement.returns] if statement.returns else []),
        ]
    if isinstance(statement, ast.ClassDef):
        return [*statement.decorator_list, *statement.bases, *(keyword.value for keyword in statement.keywords)]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [part for item in statement.items for part in (item.context_expr, item.optional_vars) if part]
    return [child for child in child_nodes(statement) if isinstance(child, ast.expr)]


def named_expressions(expressions: list[ast.expr], loop: bool) -> list[tuple[ast.NamedExpr, bool]]:
    """Each ``:=`` that runs with ``expressions`` (not in a lambda's body), children before the ``:=`` holding them.

    With each, whether it may not run, or run more than once: in a branch of ``if``/``else``,
    after ``and``/``or`` or a first comparison, in a comprehension or a lambda's defaults,
    or anywhere in a ``while`` test (``loop``).
    """
    found: list[tuple[ast.NamedExpr, bool]] = []
    pending: list[tuple[ast.AST, bool]] = [(node, loop) for node in expressions]
    while pending:
        node, conditional = pending.pop()
        if isinstance(node, ast.Lambda):  # its body is its own scope; its defaults run now
            pending += [(default, True) for default in [*node.args.defaults, *node.args.kw_defaults] if default]
            continue
        if isinstance(node, ast.NamedExpr):
            found.append((node, conditional))
        inner = conditional or isinstance(node, _CONDITIONAL)
        children: Sequence[ast.AST] = child_nodes(node)
        if isinstance(node, ast.IfExp):
            pending.append((node.test, conditional))
            children = [node.body, node.orelse]
        elif isinstance(node, ast.BoolOp):
            pending.append((node.values[0], conditional))
            children = node.values[1:]
        elif isinstance(node, ast.Compare):  # a < b < c: c only if a < b
            pending += [(node.left, conditional), (node.comparators[0], conditional)]
            children, inner = node.comparators[1:], True
        pending += [(child, inner) for child in children]
    return found[::-1]  # a depth-first stack meets a node before its children


def callee_name(node: ast.expr) -> str | None:
    """``suppress`` for ``suppress(...)``, ``contextlib.suppress(...)`` and ``suppress``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _argument_defaults(arguments: ast.arguments) -> list[ast.expr]:
    return [*arguments.defaults, *(default for default in arguments.kw_defaults if default is not None)]
