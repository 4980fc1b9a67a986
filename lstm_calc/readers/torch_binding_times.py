"""When module-level code binds each name, so that a class reads a module constant as Python would at
the moment it does: ``__init__`` when the model is made (not ``H = 99`` after ``model = M()``), a
default when its ``def`` runs (not ``HIDDEN = 16`` after the class). lstmcalc knows each name's last
value; a name bound again after that moment is asked for, never read as its later value.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.code_names import statement_expressions
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Environment
from lstm_calc.readers.syntax_walk import walk

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lstm_calc.readers.code_names import ModuleFacts
    from lstm_calc.readers.code_scopes import Scope

#: A place in the file: (line, column).
Position = tuple[int, int]


def module_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The module's statements, those of its ``if``, ``for``, ``with`` and ``try`` blocks included, in
    order; a ``def`` or ``class`` itself, not what is inside it."""
    pending = list(reversed(body))
    while pending:
        statement = pending.pop()
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        blocks: list[ast.stmt] = []
        for field in ("body", "orelse", "finalbody"):
            blocks += [part for part in getattr(statement, field, []) if isinstance(part, ast.stmt)]
        for handler in getattr(statement, "handlers", []):
            blocks += handler.body
        for case in getattr(statement, "cases", []):
            blocks += case.body
        pending += reversed(blocks)


def module_bindings(module: Scope, facts: ModuleFacts) -> dict[str, Binding]:
    """The module's names as the flow walker (code_flow) leaves them, where no call may change them.

    What module-level code may rebind out of sight (``setattr(sys.modules[__name__], ...)``,
    ``globals()``) is unknown, as it is to the walker. So is a name some function declares ``global``
    (``def setup(): global H; H = 32``) and a list or dict a function uses (``SIZES.append(16)``,
    ``CFG["hidden"] = 32``, ``return CFG``): calling it, at module level or in ``__init__``, may change
    it. A tensor or a device a function reads keeps its shape.
    """
    if module.all_volatile:
        return {}
    return {
        name: UNKNOWN if name in module.volatile and (name in facts.global_names or binding.mutable) else binding
        for name, binding in module.bindings.items()
    }


def last_bindings(tree: ast.Module) -> dict[str, Position]:
    """Where module-level code last binds each name: assignments, loop targets, ``with ... as``,
    imports, ``def`` and ``class`` (the name at the statement's end, when Python binds it)."""
    found: dict[str, Position] = {}

    def bound(name: str, where: Position) -> None:
        found[name] = max(where, found.get(name, where))

    for statement in module_statements(tree.body):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound(statement.name, _end(statement))
            continue
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                bound(alias.asname or alias.name.partition(".")[0], _end(statement))
            continue
        for node in (node for root in statement_expressions(statement) for node in walk(root)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                bound(node.id, (node.lineno, node.col_offset))
    return found


def _end(node: ast.stmt) -> Position:
    return (node.end_lineno or node.lineno, node.end_col_offset or 0)


def end_of(node: ast.AST) -> Position:
    """Where ``node`` ends: what binds a name after it is read after it too."""
    return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)


class BeforeRebinding(Environment):
    """``outer``'s names as they are at ``position``: those module-level code binds again after it
    (``last``: where each is last bound) are unknown."""

    def __init__(self, outer: Environment, last: dict[str, Position], position: Position) -> None:
        self.outer = outer
        self.last = last
        self.position = position

    def rebound(self, name: str) -> bool:
        return name in self.last and self.last[name] > self.position

    def lookup(self, name: str) -> Binding:
        return UNKNOWN if self.rebound(name) else self.outer.lookup(name)

    def named(self, node: ast.NamedExpr) -> Binding:
        return self.outer.named(node)

    def called(self, node: ast.Call) -> Binding:
        return self.outer.called(node)

    def is_builtin(self, node: ast.Call) -> bool:
        return self.outer.is_builtin(node) and not (isinstance(node.func, ast.Name) and self.rebound(node.func.id))


class AtDefinition(Environment):
    """The names a ``def``'s defaults read where it runs: in a class body, the names the body has bound
    before it (``class_names``; None where code may have rebound any of them), else ``outer``'s, the module's."""

    def __init__(self, class_names: dict[str, Binding] | None, outer: Environment) -> None:
        self.class_names = class_names
        self.outer = outer

    def lookup(self, name: str) -> Binding:
        if self.class_names is None:
            return UNKNOWN
        return self.class_names[name] if name in self.class_names else self.outer.lookup(name)

    def named(self, node: ast.NamedExpr) -> Binding:
        return self.outer.named(node)

    def called(self, node: ast.Call) -> Binding:
        return self.outer.called(node)

    def is_builtin(self, node: ast.Call) -> bool:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        return self.outer.is_builtin(node) and self.class_names is not None and name not in self.class_names
