"""The file's classes as Python relates them: which are ``nn.Module`` classes, and each class's method
resolution order (C3), so that ``self.method()``, ``__init__`` and ``super()`` find what Python finds:
a subclass's override of a method its parent's ``__init__`` calls, the next class of a diamond.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.readers.syntax_walk import dotted, nodes_of
from lstm_calc.readers.torch_decorators import rebound_method
from lstm_calc.readers.torch_kinds import CONTAINERS, TORCH_KINDS
from lstm_calc.readers.torch_modules import torch_class

if TYPE_CHECKING:
    from collections.abc import Callable


#: The longest chain of the file's classes, each based on the next, that lstmcalc follows.
MAX_INHERITANCE = 100

#: A class of the file, or a base from elsewhere by name (``"Module"``, ``"LSTM"``, ``"Mixin"``), whose
#: own bases lstmcalc does not need: it stands for itself in the order.
Ancestor = ast.ClassDef | str


def method(node: ast.ClassDef, name: str) -> ast.FunctionDef | None:
    """The class's own method ``name`` as its body last binds it: a ``def``, or another method of the body
    (``make = make_big``); where it binds the name to anything else (``forward = wrap(forward)``), a
    stand-in lstmcalc never follows (:func:`~lstm_calc.readers.torch_decorators.rebound_method`)."""
    defined: dict[str, ast.FunctionDef] = {}
    found = None
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            defined[item.name] = item
            if item.name == name:
                found = item
        elif isinstance(item, (ast.Assign, ast.AnnAssign)) and item.value is not None:
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            value = item.value
            alias = defined.get(value.id) if isinstance(value, ast.Name) else None
            for target in (target for target in targets if isinstance(target, ast.Name)):
                if alias is not None:
                    defined[target.id] = alias
                else:
                    defined.pop(target.id, None)
                if target.id == name:
                    found = alias or (rebound_method(name, value, item) if _rebinds(node, name, value) else None)
    return found


def _rebinds(node: ast.ClassDef, name: str, value: ast.expr) -> bool:
    """Whether ``name = value`` in the class body stands for a method: over a ``def`` of the body, for
    ``forward`` or ``__init__``, or made by a call or a lambda. Else it is a class attribute (``rnn_cls =
    nn.GRU``), which the class's attributes hold."""
    return (
        name in ("forward", "__init__")
        or isinstance(value, (ast.Call, ast.Lambda))
        or any(isinstance(item, ast.FunctionDef) and item.name == name for item in node.body)
    )


def decorated(function: ast.FunctionDef, name: str) -> bool:
    """Whether a method is decorated ``@staticmethod`` or ``@classmethod`` (``name``): Python gives the
    first no instance, the second its class, neither what lstmcalc reads on ``self``."""
    return any(isinstance(decorator, ast.Name) and decorator.id == name for decorator in function.decorator_list)


def module_classes(classes: dict[str, ast.ClassDef], torch_names: dict[str, str]) -> dict[str, ast.ClassDef]:
    """The classes based on ``nn.Module``, a torch.nn module or container, directly or through any of the file's
    other classes (a plain mixin first among the bases included), found in one pass over them."""
    found: dict[str, bool] = {}
    for name in classes:
        pending = [name]
        while pending:
            current = pending[-1]
            if current in found:
                pending.pop()
                continue
            bases = classes[current].bases
            if any(torch_class(base, torch_names) in ("Module", *TORCH_KINDS, *CONTAINERS) for base in bases):
                found[current] = True
                pending.pop()
                continue
            parents = [base.id for base in bases if isinstance(base, ast.Name) and base.id in classes]
            waiting = [parent for parent in parents if parent not in found and parent not in pending]
            if waiting:
                pending += waiting
            else:  # a parent still pending is the class itself, redefined under its own name
                found[current] = any(found.get(parent, False) for parent in parents)
                pending.pop()
    return {name: node for name, node in classes.items() if found[name]}


def refuse_bases_defined_later(
    tree: ast.Module, classes: dict[str, ast.ClassDef], loc: Callable[[ast.AST], Location]
) -> None:
    """Refuse a class based on one of the file's classes whose last definition, the one lstmcalc reads,
    comes after it (``class Base`` defined again further down, ``class Model(Model)``): Python bases the
    class on the definition above it, or on what an import above it binds."""
    for definition in classes.values():
        for base in definition.bases:
            if not isinstance(base, ast.Name) or base.id not in classes:
                continue
            read = classes[base.id]
            if (read.lineno, read.col_offset) < (definition.lineno, definition.col_offset):
                continue
            if read is definition:
                raise SpecError(_based_on_itself(tree, definition, base.id), loc(base))
            raise SpecError(
                f"class {definition.name} is based on {base.id}, which the file defines again at line {read.lineno}, "
                f"after class {definition.name}: Python bases it on the {base.id} above it, and lstmcalc reads only "
                f"a class's last definition; rename one of the classes named {base.id}",
                loc(base),
            )


def _based_on_itself(tree: ast.Module, definition: ast.ClassDef, name: str) -> str:
    """Why ``class Net(Net)`` cannot be read: what the base ``Net`` stands for where the class statement runs."""
    above = [node for node in tree.body if node.lineno < definition.lineno]
    if any(isinstance(node, ast.ClassDef) and node.name == name for node in above):
        return (
            f"class {definition.name} is based on the class {name} above it, of the same name: lstmcalc reads only "
            "a class's last definition; rename one of the two"
        )
    base = f"a {name} bound above it"
    for node in reversed(above):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
            (alias.asname or alias.name.partition(".")[0]) == name for alias in node.names
        ):
            where = f" from {node.module}" if isinstance(node, ast.ImportFrom) and node.module else ""
            base = f"the {name} imported{where} at line {node.lineno}"
            break
    return (
        f"class {definition.name} is based on {base}, and takes its name: lstmcalc reads the name {name} as this "
        "class throughout the file; rename the class"
    )


def no_module_class(tree: ast.Module, imports: dict[str, str], filename: str) -> SpecError:
    """The error for a file with no ``nn.Module`` class, naming the first class based on an imported one,
    which may be a module that lstmcalc cannot see."""
    for definition in nodes_of(tree, ast.ClassDef):
        for base in definition.bases:
            name = dotted(base, imports)
            if name is not None and not name.startswith("torch"):
                imported = "imported from its package" if name.startswith(".") else f"imported as {name}"
                return SpecError(
                    f"the code defines no nn.Module class: class {definition.name} is based on {ast.unparse(base)}, "
                    f"{imported}, which lstmcalc cannot read (it reads only the classes the file defines)",
                    Location(filename, base.lineno, base.col_offset + 1),
                )
    return SpecError("the code defines no nn.Module class", Location(filename, 1, 1))


class ClassOrders:
    """Each class's method resolution order among ``classes`` (the file's module classes)."""

    def __init__(
        self, classes: dict[str, ast.ClassDef], torch_names: dict[str, str], loc: Callable[[ast.AST], Location]
    ) -> None:
        self.classes = classes
        self.torch_names = torch_names
        self.loc = loc
        self._orders: dict[int, list[Ancestor]] = {}

    def parents(self, definition: ast.ClassDef) -> list[ast.ClassDef]:
        """The parent classes the file defines, in the order of the bases."""
        return [
            self.classes[base.id] for base in definition.bases if isinstance(base, ast.Name) and base.id in self.classes
        ]

    def resolution_order(self, definition: ast.ClassDef) -> list[ast.ClassDef]:
        """The class and its ancestors in the file, in the order Python looks a method up in."""
        return [ancestor for ancestor in self.order(definition) if isinstance(ancestor, ast.ClassDef)]

    def after(self, instance: ast.ClassDef, definition: ast.ClassDef) -> list[Ancestor]:
        """What ``super()`` in a method of ``definition`` looks in for an ``instance`` of its subclass."""
        order = self.order(instance)
        position = next((index for index, ancestor in enumerate(order) if ancestor is definition), None)
        return order[position + 1 :] if position is not None else self.order(definition)[1:]

    def after_super(self, instance: ast.ClassDef, definition: ast.ClassDef, made: ast.Call) -> list[Ancestor]:
        """What ``made``, ``super()`` in a method of ``definition`` or ``super(Cls, self)``, looks in for an
        ``instance``: the classes after ``definition``, or after ``Cls``, in the instance's order."""
        if not made.args and not made.keywords:
            return self.after(instance, definition)
        start = made.args[0] if len(made.args) == 2 and not made.keywords else None
        if not isinstance(start, ast.Name) or not isinstance(made.args[1], ast.Name):
            raise SpecError(
                f"lstmcalc cannot follow {ast.unparse(made)}: write super() or super(Class, self)", self.loc(made)
            )
        order = self.order(instance)
        named: Ancestor = self.classes.get(start.id) or torch_class(start, self.torch_names) or start.id
        position = next((index for index, ancestor in enumerate(order) if ancestor is named or ancestor == named), None)
        if position is None:
            raise SpecError(
                f"{instance.name} is not based on {start.id}, so Python refuses {ast.unparse(made)} (TypeError: "
                "super(type, obj): obj must be an instance or subtype of type)",
                self.loc(made),
            )
        return order[position + 1 :]

    def order(self, definition: ast.ClassDef) -> list[Ancestor]:
        """The class's order, its bases from elsewhere among it by name; worked out from the furthest
        ancestor down, without recursion, once per class."""
        pending, working = [definition], set[int]()  # working: the classes whose parents are being worked out
        while pending:
            current = pending[-1]
            if id(current) in self._orders:
                pending.pop()
            elif id(current) in working:  # its parents are done
                self._orders[id(current)] = self._linearized(current, working)
                working.discard(id(current))
                pending.pop()
            else:
                working.add(id(current))
                if len(working) > MAX_INHERITANCE:
                    raise SpecError(
                        f"the classes are based on one another more than {MAX_INHERITANCE} deep", self.loc(definition)
                    )
                pending += [parent for parent in self._file_parents(current, working) if id(parent) not in self._orders]
        return self._orders[id(definition)]

    def _file_parents(self, definition: ast.ClassDef, working: set[int]) -> list[ast.ClassDef]:
        """The file's parents of ``definition`` but one being worked out below it (a class redefined under
        its own name, which the file's last definition of that name stands for)."""
        return [parent for parent in self.parents(definition) if id(parent) not in working]

    def _linearized(self, definition: ast.ClassDef, working: set[int]) -> list[Ancestor]:
        parents = self._file_parents(definition, working)
        sequences: list[list[Ancestor]] = []
        heads: list[Ancestor] = []
        for base in definition.bases:
            parent = next((parent for parent in parents if isinstance(base, ast.Name) and parent.name == base.id), None)
            head: Ancestor = parent if parent is not None else torch_class(base, self.torch_names) or ast.unparse(base)
            if head in heads:
                raise SpecError(
                    f"class {definition.name} names {ast.unparse(base)} twice among its bases, which Python refuses "
                    "(TypeError: duplicate base class)",
                    self.loc(base),
                )
            sequences.append(list(self._orders[id(parent)]) if isinstance(head, ast.ClassDef) else _torch_order(head))
            heads.append(head)
        merged = _c3_merge([*sequences, heads])
        if merged is None:
            bases = ", ".join(ast.unparse(base) for base in definition.bases)
            raise SpecError(
                f"class {definition.name}({bases}) has no consistent method resolution order, which Python refuses "
                "(TypeError: Cannot create a consistent method resolution order (MRO)); reorder its bases",
                self.loc(definition),
            )
        return [definition, *merged]


def _torch_order(base: str) -> list[Ancestor]:
    """A base from elsewhere, by name, and what it is based on as far as an order needs it: a torch.nn module
    or container is based on nn.Module (``class LSTM(Mixin, nn.LSTM)`` runs nn.LSTM's ``__init__`` before the
    mixin's nn.Module's)."""
    return [base, "Module"] if base in TORCH_KINDS or base in CONTAINERS else [base]


def _c3_merge(sequences: list[list[Ancestor]]) -> list[Ancestor] | None:
    """Python's C3 merge: the first head found in no other sequence's tail, in turn; None where none is."""
    merged: list[Ancestor] = []
    remaining = [sequence for sequence in sequences if sequence]
    while remaining:
        head = next(
            (sequence[0] for sequence in remaining if not any(sequence[0] in other[1:] for other in remaining)), None
        )
        if head is None:
            return None
        merged.append(head)
        remaining = [sequence[1:] if sequence[0] == head else sequence for sequence in remaining]
        remaining = [sequence for sequence in remaining if sequence]
    return merged
