"""Private names as Python compiles them: inside a class, ``__hidden`` (not ``__hidden__``) stands for
``_Base__hidden``, in ``self.__hidden``, a class attribute, a method's name, its parameters and its
local names alike, so that a subclass's own ``__hidden`` never overrides its parent's. Strings are not
changed (``getattr(self, "__hidden")`` reads ``__hidden``), nor are keyword arguments of calls.
"""

from __future__ import annotations

import ast

from lstm_calc.readers.syntax_walk import child_nodes


def mangled(name: str, class_name: str) -> str:
    """``name`` as Python reads it inside the class ``class_name`` (its ``_Py_Mangle``)."""
    owner = class_name.lstrip("_")
    if not name.startswith("__") or name.endswith("__") or "." in name or not owner:
        return name
    return f"_{owner}{name}"


def mangle_private_names(tree: ast.Module) -> None:
    """Rename, in place, the private names the classes of ``tree`` use as Python does when it compiles them."""
    pending: list[tuple[ast.AST, str | None]] = [(tree, None)]
    while pending:
        node, owner = pending.pop()
        own_name = node.name if isinstance(node, ast.ClassDef) else None  # its body's, before its own is mangled
        if owner is not None:
            _rename(node, owner)
        if own_name is None:
            pending += [(child, owner) for child in child_nodes(node)]
            continue
        assert isinstance(node, ast.ClassDef)
        body = {id(statement) for statement in node.body}
        # Its bases, keywords and decorators run where the class statement is; its body inside it.
        pending += [(child, own_name if id(child) in body else owner) for child in child_nodes(node)]


def _rename(node: ast.AST, owner: str) -> None:
    if isinstance(node, ast.Name):
        node.id = mangled(node.id, owner)
    elif isinstance(node, ast.Attribute):
        node.attr = mangled(node.attr, owner)
    elif isinstance(node, ast.arg):
        node.arg = mangled(node.arg, owner)
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        node.name = mangled(node.name, owner)
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        node.names = [mangled(name, owner) for name in node.names]
