"""Quick walks over syntax trees: the code readers' own work is mostly walking the same trees.

:func:`walk` gives what :func:`ast.walk` gives, in the same order, in one loop (without
``ast.walk``'s three nested generators); :func:`child_nodes` gives what
:func:`ast.iter_child_nodes` gives. Inside :func:`remembered_walks`, the tree being read is
walked once: its walk, each of its nodes' children and the dumps ``--set`` compares are
reused, and forgotten when the read is over.
"""

from __future__ import annotations

import ast
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeGuard, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence


#: A class of syntax tree nodes.
Node = TypeVar("Node", bound=ast.AST)


class _Read:
    """What one read remembers of its tree. The tree, and so every node of it, is held: while
    it is remembered, no other node can have the id of one of its nodes."""

    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree
        nodes = [tree]
        #: Each node's children, by the node's id.
        self.children: dict[int, tuple[ast.AST, ...]] = {}
        for current in nodes:  # the list grows as it is read: each node's children join its end
            self.children[id(current)] = _children(current)
            nodes += self.children[id(current)]
        self.nodes = tuple(nodes)
        #: :func:`ast.dump` of nodes, by the node's id.
        self.dumps: dict[int, str] = {}
        #: Where the nodes of each class are in :attr:`nodes`, found when first asked for.
        self._positions: dict[type, list[int]] | None = None
        #: The nodes the readers made while reading (see :func:`made_node`), held as long as the tree is.
        self.made: list[ast.AST] = []

    def positions(self, types: type | tuple[type, ...]) -> list[int]:
        """Where the nodes that are instances of ``types`` are in :attr:`nodes`, in order."""
        if self._positions is None:
            by_class: dict[type, list[int]] = {}
            for position, node in enumerate(self.nodes):
                by_class.setdefault(type(node), []).append(position)
            self._positions = by_class  # whole, or not at all: another thread may ask meanwhile
        found = [positions for kind, positions in self._positions.items() if issubclass(kind, types)]
        return found[0] if len(found) == 1 else sorted(position for positions in found for position in positions)


#: The reads under way, innermost last (see :func:`remembered_walks`).
_reads: list[_Read] = []


def walk(node: ast.AST) -> Sequence[ast.AST]:
    """Every node under ``node``, itself first, breadth first: :func:`ast.walk`'s nodes in its order."""
    if _reads:
        read = _reads[-1]
        if node is read.tree:
            return read.nodes
        if id(node) in read.children:
            found = [node]
            for current in found:
                found += read.children[id(current)]
            return found
    found = [node]
    append = found.append
    for current in found:
        for field in current._fields:
            value = getattr(current, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        append(item)
            elif isinstance(value, ast.AST):
                append(value)
    return found


def nodes_of(tree: ast.AST, types: type[Node] | tuple[type[Node], ...]) -> list[Node]:
    """The nodes of :func:`walk` of ``tree`` that are instances of ``types``, in its order (``types`` are
    classes of today's ast, whose instances are known by their class: not the old ``ast.Num``)."""
    if _reads and tree is _reads[-1].tree:
        nodes = _reads[-1].nodes
        return [nodes[position] for position in _reads[-1].positions(types)]  # type: ignore[misc]
    return [node for node in walk(tree) if isinstance(node, types)]


def child_nodes(node: ast.AST) -> Sequence[ast.AST]:
    """The direct children of ``node``, in :func:`ast.iter_child_nodes`'s order."""
    if _reads:
        children = _reads[-1].children.get(id(node))
        if children is not None:
            return children
    return _children(node)


def _children(node: ast.AST) -> tuple[ast.AST, ...]:
    children: list[ast.AST] = []
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, list):
            children += [item for item in value if isinstance(item, ast.AST)]
        elif isinstance(value, ast.AST):
            children.append(value)
    return tuple(children)


@contextmanager
def remembered_walks(tree: ast.AST) -> Iterator[None]:
    """While one read of ``tree`` lasts, its walk and its nodes' children are found once.

    The readers never change the tree they read (a reader that rewrites code rewrites a copy).
    """
    _reads.append(_Read(tree))
    try:
        yield
    finally:
        _reads.pop()


def made_node(node: Node, where: ast.AST | None = None) -> Node:
    """``node``, a node a reader makes to stand for code of the file (at ``where``'s location, if given),
    held while the read lasts.

    The readers remember what they found of a node by its id. A node that was let go could give its id to
    the next node made, which would then be taken for it (a ``keras.ops.get_item`` call was once taken for
    the one before it): every node a reader makes is made here.
    """
    if where is not None:
        ast.copy_location(node, where)
    if _reads:
        _reads[-1].made.append(node)
    return node


def override_key(node: ast.AST, overrides: Mapping[str, object]) -> str | None:
    """The key of the ``--set`` value for ``node`` in ``overrides`` (by :func:`ast.dump`), or None.

    A dump starts with its node's type: only a node of a type some ``--set`` names is dumped.
    """
    if not overrides:
        return None
    prefix = type(node).__name__ + "("
    if not any(key.startswith(prefix) for key in overrides):
        return None
    key = dump(node)
    return key if key in overrides else None


def dump(node: ast.AST) -> str:
    """:func:`ast.dump` of ``node``, found once per read for a node of the tree being read."""
    if not _reads or id(node) not in _reads[-1].children:
        return ast.dump(node)
    dumps = _reads[-1].dumps
    if id(node) not in dumps:
        dumps[id(node)] = ast.dump(node)
    return dumps[id(node)]


def is_none(node: ast.AST) -> bool:
    """Whether ``node`` is the literal ``None``."""
    return isinstance(node, ast.Constant) and node.value is None


def is_super(node: ast.AST) -> bool:
    """Whether ``node`` is ``super()`` (or ``super(Class, self)``): the next class of the instance's order."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"


def is_super_call(node: ast.AST, method: str | None = None) -> TypeGuard[ast.Call]:
    """Whether ``node`` calls a method through ``super()`` (``super(Cls, self)`` too): ``method``
    only, if given (``super().__init__(...)``), else any (``super().build(input_shape)``)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and (method is None or node.func.attr == method)
        and is_super(node.func.value)
    )


def dotted(node: ast.expr, modules: dict[str, str]) -> str | None:
    """``keras.backend.mean`` for ``K.mean`` where the file imports ``from keras import backend as K``
    (``modules``: what each of the file's names of a module stands for); None for another name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in modules:
        return None
    return ".".join([modules[node.id], *reversed(parts)])


def shortened(node: ast.AST, width: int) -> str:
    """``node``'s source, cut to ``width`` characters with ``...`` when longer (for messages)."""
    text = ast.unparse(node)
    return text if len(text) <= width else text[: width - 3] + "..."


def innermost_statement(tree: ast.Module, target: ast.expr) -> ast.stmt | None:
    """The deepest statement whose text holds ``target``, found among statements only, without recursion."""
    where = (target.lineno, target.col_offset, target.end_lineno, target.end_col_offset)
    found: ast.stmt | None = None
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.stmt):
            if not (node.lineno, node.col_offset) <= where[:2] or not where[2:] <= (
                node.end_lineno,
                node.end_col_offset,
            ):
                continue
            found = node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, field, None)
            if isinstance(inner, list):
                pending += inner
    return found


def augmented_value(statement: ast.AugAssign) -> ast.BinOp:
    """``h * 2`` for ``h *= 2``: the value the statement computes, its target read rather than stored."""
    target = statement.target
    read: ast.expr = target
    if isinstance(target, ast.Attribute):
        read = made_node(ast.Attribute(value=target.value, attr=target.attr, ctx=ast.Load()), target)
    elif isinstance(target, ast.Name):
        read = made_node(ast.Name(id=target.id, ctx=ast.Load()), target)
    return made_node(ast.BinOp(left=read, op=statement.op, right=statement.value), statement)


def bound_name(node: ast.expr) -> str | None:
    """The name a value ``node`` holds is bound under: ``x`` for a name, ``self.x`` for an attribute of
    ``self``; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return f"self.{node.attr}"
    return None


def held_in_name(target: ast.Subscript) -> bool:
    """``x[i] = ...``, ``x[0][i] = ...``: an item of what a name holds."""
    inside: ast.expr = target
    while isinstance(inside, ast.Subscript):
        inside = inside.value
    return isinstance(inside, ast.Name)


def unpacked_positions(targets: Sequence[ast.expr], length: int) -> list[int | slice] | None:
    """Where each of ``targets`` (``a, *b, c = value``) takes its value from in a sequence of ``length``
    items, as Python unpacks it: an index, or the slice the one starred target takes as a list. None
    where Python refuses it (more or fewer items than names, two starred targets)."""
    starred = [index for index, target in enumerate(targets) if isinstance(target, ast.Starred)]
    if len(starred) > 1 or (length < len(targets) - 1 if starred else length != len(targets)):
        return None
    if not starred:
        return list(range(length))
    star, after = starred[0], len(targets) - starred[0] - 1
    return [*range(star), slice(star, length - after), *range(length - after, length)]


def unpacking_error(targets: Sequence[ast.expr], length: int) -> str:
    """Python's words (3.10 to 3.13) refusing to unpack ``length`` items into ``targets``, where
    :func:`unpacked_positions` gives None."""
    starred = any(isinstance(target, ast.Starred) for target in targets)
    if starred:
        return f"not enough values to unpack (expected at least {len(targets) - 1}, got {length})"
    if length > len(targets):
        return f"too many values to unpack (expected {len(targets)})"
    return f"not enough values to unpack (expected {len(targets)}, got {length})"
