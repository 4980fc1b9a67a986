"""Which helpers of the file lstmcalc may follow for a value in ``__init__`` (see
:mod:`lstm_calc.readers.torch_helper_values`): what Python finds under a name on an instance (a method,
a static method or a ``@property`` of the file's classes), whether a body is pure, and whether a module's
attribute may have changed since its ``__init__``. Imported with torch_helper_values.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import TYPE_CHECKING

from lstm_calc.readers.evaluate import BUILTINS
from lstm_calc.readers.torch_decorators import harmful_decorator
from lstm_calc.readers.torch_kinds import TORCH_KINDS
from lstm_calc.readers.torch_modules import ModuleNode, is_self
from lstm_calc.readers.torch_values import MATH_FUNCTIONS

if TYPE_CHECKING:
    from lstm_calc.readers.torch_builder import ModuleBuilder
    from lstm_calc.readers.torch_init import InitReader

#: Methods the evaluator computes on known values, which change nothing (``"{}".format(i)``, ``d.get(k)``).
READING_METHODS = frozenset({"format", "get", "lower", "upper", "strip", "casefold", "size"})
#: Statements a pure helper may hold (an ``Expr`` only as its docstring).
_STATEMENTS = (
    ast.Assign, ast.AnnAssign, ast.AugAssign, ast.If, ast.For, ast.Return, ast.Pass, ast.Break, ast.Continue,
    ast.Raise, ast.Assert, ast.Expr,
)  # fmt: skip
#: Bases of the file's classes that define no helper of their own.
_PLAIN_BASES = frozenset({"Module", "object", "ABC", "Generic"})


def torch_base(module: ModuleNode) -> str | None:
    """The torch.nn class a module of the file's class is based on (``class LSTM(nn.LSTM)``), if any."""
    return next((name for name, kind in TORCH_KINDS.items() if kind is module.kind), None)


def member(builder: ModuleBuilder, definition: ast.ClassDef, name: str) -> tuple[str, ast.FunctionDef] | None:
    """What Python finds as ``name`` on an instance of ``definition`` where it is a helper lstmcalc may follow:
    ("property", its getter), ("method", it) or ("static", it); None where it is anything else, or a class
    lstmcalc cannot read may define it first."""
    attributes = builder.evaluator.class_attributes
    if attributes is not None and attributes.set_elsewhere(name):
        return None  # Net.out_dim = ..., setattr(Net, ...)
    for ancestor in builder.orders.order(definition):
        if isinstance(ancestor, str):
            if ancestor in _PLAIN_BASES:
                continue
            return None  # a torch.nn base's own, or an imported base's
        if ancestor.decorator_list or ancestor.keywords:
            return None
        last: ast.stmt | None = None
        for item in ancestor.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and item.name == name:
                last = item
            elif any(isinstance(part, ast.Name) and part.id == name for part in _targets(item)):
                last = item
        if last is None:
            continue
        if not isinstance(last, ast.FunctionDef) or harmful_decorator(last) is not None:
            return None
        decorators = {ast.unparse(decorator) for decorator in last.decorator_list}
        if decorators == {"property"}:
            return "property", last
        if decorators == {"staticmethod"}:
            return "static", last
        return ("method", last) if not decorators else None
    return None


def _targets(statement: ast.stmt) -> list[ast.AST]:
    if isinstance(statement, ast.Assign):
        return [part for target in statement.targets for part in ast.walk(target)]
    if isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        return [statement.target]
    return []


def changed_outside(reader: InitReader, name: str) -> bool:
    """Whether code outside a module's ``__init__`` may change its attribute ``name``: set on something other
    than ``self`` (``self.encoder.hidden = 4``), or by a method of the file's classes (or one it calls on
    ``self``) called on something other than ``self`` (``self.encoder.resize(4)``, ``enc.resize(4)``)."""
    attributes = reader.evaluator.class_attributes
    if attributes is None or attributes.set_elsewhere(name):
        return True
    changed = _changed_by_methods(attributes.tree)
    return changed is None or name in changed


@lru_cache(maxsize=4)
def _changed_by_methods(tree: ast.Module) -> frozenset[str] | None:
    """The attributes that the methods of the file's classes called on something other than ``self`` set on
    their ``self``, directly or through the methods they call on it; None where one may set any
    (``setattr(self, name, ...)``). Worked out once per file."""
    stores: dict[str, set[str] | None] = {}
    calls: dict[str, set[str]] = {}
    outside: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not is_self(node.func.value):
            outside.add(node.func.attr)
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if not isinstance(item, ast.FunctionDef) or item.name == "__init__":
                continue
            names: set[str] | None = stores.get(item.name, set())
            for part in ast.walk(item):
                if isinstance(part, ast.Attribute) and isinstance(part.ctx, ast.Store) and is_self(part.value):
                    names = None if names is None else names | {part.attr}
                elif isinstance(part, ast.Call) and isinstance(part.func, ast.Attribute) and is_self(part.func.value):
                    calls.setdefault(item.name, set()).add(part.func.attr)
                elif isinstance(part, ast.Call) and getattr(part.func, "id", None) == "setattr":
                    names = None
            stores[item.name] = names
    changed: set[str] = set()
    pending, seen = [name for name in outside if name in stores], set[str]()
    while pending:
        method = pending.pop()
        if method in seen:
            continue
        seen.add(method)
        names = stores.get(method, set())
        if names is None:
            return None
        changed |= names
        pending += [name for name in calls.get(method, ()) if name in stores]
    return frozenset(changed)


def impure_part(function: ast.FunctionDef, reader: InitReader) -> ast.AST | None:
    """The first part of ``function`` that makes it more than a computation lstmcalc may follow, if any."""
    evaluator = reader.evaluator
    for part in _parts(function.body):
        if isinstance(part, ast.stmt) and not isinstance(part, _STATEMENTS):
            return part  # a def, with, try, while, del, global, import...
        if isinstance(part, ast.Expr) and not isinstance(part.value, ast.Constant):
            return part  # a call for what it does: sizes.append(4), self.reset()
        if isinstance(part, (ast.Lambda, ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await, ast.Starred)):
            return part
        if isinstance(part, (ast.Attribute, ast.Subscript)) and not isinstance(part.ctx, ast.Load):
            return part  # self.x = ..., sizes[0] = ...
        if isinstance(part, ast.Call):
            function_node = part.func
            if isinstance(function_node, ast.Name):
                if function_node.id in evaluator.file_functions and function_node.id not in reader.builder.classes:
                    continue
                if function_node.id in BUILTINS | {"range"} and function_node.id not in evaluator.bound_names:
                    continue
                return part
            if not isinstance(function_node, ast.Attribute):
                return part
            math_call = isinstance(function_node.value, ast.Name) and function_node.value.id in evaluator.math_names
            if math_call and function_node.attr in MATH_FUNCTIONS:
                continue
            if function_node.attr not in READING_METHODS and function_node.attr not in reader.builder.helper_names:
                return part
    return None


def _parts(statements: list[ast.stmt]) -> list[ast.AST]:
    """Every node of ``statements``, but what a ``raise`` raises (never made: reached, the value is unknown)."""
    parts: list[ast.AST] = []
    pending: list[ast.AST] = list(statements)
    while pending:
        node = pending.pop()
        parts.append(node)
        if not isinstance(node, ast.Raise):
            pending += ast.iter_child_nodes(node)
    return parts


#: Calls that register what they are given on a module, whatever it is.
_REGISTERING = frozenset({"add_module", "register_module", "register_parameter", "register_buffer"})
#: Calls that put what they are given into an attribute, a list or a dict, which may be a module's
#: (``setattr(self, name, ...)``, ``self.layers.append(...)``).
_ADDING = frozenset({"setattr", "append", "extend", "insert", "update", "setdefault"})


def registering_part(function: ast.FunctionDef, reader: InitReader, definition: ast.ClassDef | None) -> ast.AST | None:
    """The first statement of ``function``, or of a method or property of ``definition`` (the class of its
    ``self``) or a function of the file it reads, that may register a module, parameter or buffer: a call of
    ``add_module``, ``register_buffer``..., or one making a module or ``nn.Parameter`` in a function
    that also sets an attribute or item or adds to a list or dict (``self.extra = nn.Linear(2, 2)``,
    ``self.layers.append(nn.Linear(2, 2))``). None for a function that only computes with what it makes."""
    pending, seen = [function], set[int]()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        parts = list(ast.walk(current))
        stores = any(
            isinstance(part, (ast.Attribute, ast.Subscript))
            and isinstance(part.ctx, ast.Store)
            or isinstance(part, ast.Call)
            and _called_name(part) in _ADDING
            for part in parts
        )
        for part in parts:
            if isinstance(part, ast.Call) and (
                _called_name(part) in _REGISTERING or stores and reader.makes_weights(part)
            ):
                return _statement_of(current, part)
            read = _read_helper(part, reader, definition)
            if read is not None:
                pending.append(read)
    return None


def _called_name(call: ast.Call) -> str | None:
    """The name ``call`` calls: ``f`` of ``f(...)``, ``append`` of ``self.layers.append(...)``."""
    function = call.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)


def _read_helper(node: ast.AST, reader: InitReader, definition: ast.ClassDef | None) -> ast.FunctionDef | None:
    """The function of the file ``node`` calls (``name(...)``), or the method or property of ``definition`` it
    reads (``self.name``)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id not in reader.builder.classes:
        return reader.evaluator.file_functions.get(node.func.id)
    if isinstance(node, ast.Attribute) and is_self(node.value) and definition is not None:
        found = member(reader.builder, definition, node.attr)
        return found[1] if found is not None else None
    return None


def _statement_of(function: ast.FunctionDef, part: ast.AST) -> ast.AST:
    """The innermost statement of ``function`` that holds ``part``."""
    holder: ast.AST = part
    for statement in ast.walk(function):
        if (
            isinstance(statement, ast.stmt)
            and statement is not function
            and any(node is part for node in ast.walk(statement))
        ):
            holder = statement
    return holder
