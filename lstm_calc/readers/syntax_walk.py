"""Quick walks over syntax trees: the code readers' own work is mostly walking the same trees.

:func:`walk` gives what :func:`ast.walk` gives, in the same order, as a list built in one
loop (without ``ast.walk``'s three nested generators); :func:`child_nodes` gives what
:func:`ast.iter_child_nodes` gives. Inside :func:`remembered_walks`, the walk of the one tree
being read is found once and reused; a tree is never remembered once its read is over.
"""

from __future__ import annotations

import ast
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

#: The tree being read and its walk, inside :func:`remembered_walks` (the tree is held, so no
#: other tree can be mistaken for it).
_remembered: list[tuple[ast.AST, tuple[ast.AST, ...]]] = []


def walk(node: ast.AST) -> Sequence[ast.AST]:
    """Every node under ``node``, itself first, breadth first: :func:`ast.walk`'s nodes in its order."""
    if _remembered and _remembered[-1][0] is node:
        return _remembered[-1][1]
    found = [node]
    append = found.append
    for current in found:  # the list grows as it is read: each node's children join its end
        for field in current._fields:
            value = getattr(current, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        append(item)
            elif isinstance(value, ast.AST):
                append(value)
    return found


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The direct children of ``node``, in :func:`ast.iter_child_nodes`'s order."""
    children: list[ast.AST] = []
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, list):
            children += [item for item in value if isinstance(item, ast.AST)]
        elif isinstance(value, ast.AST):
            children.append(value)
    return children


@contextmanager
def remembered_walks(tree: ast.AST) -> Iterator[None]:
    """While one read of ``tree`` lasts, :func:`walk` of ``tree`` itself is found once.

    The readers never change the tree they read (a reader that rewrites code rewrites a copy).
    """
    _remembered.append((tree, tuple(walk(tree))))
    try:
        yield
    finally:
        _remembered.pop()


def override_key(node: ast.AST, overrides: Mapping[str, object]) -> str | None:
    """The key of the ``--set`` value for ``node`` in ``overrides`` (by :func:`ast.dump`), or None.

    A dump starts with its node's type: only a node of a type some ``--set`` names is dumped.
    """
    if not overrides:
        return None
    prefix = type(node).__name__ + "("
    if not any(key.startswith(prefix) for key in overrides):
        return None
    key = ast.dump(node)
    return key if key in overrides else None
