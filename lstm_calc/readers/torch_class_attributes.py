"""Class attributes read through ``self``: ``hidden = 128`` in a module class's body is what
``self.hidden`` gives in ``__init__`` and ``forward`` until the instance sets its own, as Python looks
an attribute up: the instance, then each class of its method resolution order.

Only what nothing can change is read: a number, a string, a boolean, None or a tuple of them,
bound once in the class body (as the module-level walk left it), in a class of the file found
before any base from elsewhere (whose own attributes lstmcalc cannot see). An attribute that code
sets on something other than ``self`` (``Model.hidden = 64``, ``cls.hidden = ...``,
``type(self).hidden = ...``) is not read, nor is any after ``setattr`` on anything but ``self``,
``__dict__`` or ``vars()``: each is asked for with ``--set`` where it is used.
"""

from __future__ import annotations

import ast
from functools import cached_property
from typing import TYPE_CHECKING

from lstm_calc.readers.code_names import binding_nodes
from lstm_calc.readers.evaluate import Binding
from lstm_calc.readers.syntax_walk import walk
from lstm_calc.readers.torch_modules import TorchClass, is_self, torch_class

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lstm_calc.readers.code_scopes import Scope
    from lstm_calc.readers.torch_classes import Ancestor, ClassOrders

#: What reaches a class's attributes other than by name, so that any of them may change.
_REACHING_ATTRIBUTES = frozenset({"__dict__", "__setattr__"})
#: What ``nn.Module.__init__`` sets on the instance (``vars(nn.Module())`` in torch 2.13): once
#: ``super().__init__()`` has run, ``self.training`` is the instance's, whatever the class says.
MODULE_INSTANCE_ATTRIBUTES = frozenset(
    {
        "_backward_hooks",
        "_backward_pre_hooks",
        "_buffers",
        "_forward_hooks",
        "_forward_hooks_always_called",
        "_forward_hooks_with_kwargs",
        "_forward_pre_hooks",
        "_forward_pre_hooks_with_kwargs",
        "_is_full_backward_hook",
        "_load_state_dict_post_hooks",
        "_load_state_dict_pre_hooks",
        "_modules",
        "_non_persistent_buffers_set",
        "_parameters",
        "_state_dict_hooks",
        "_state_dict_pre_hooks",
        "training",
    }
)


#: The prefix of the bindings ``type(self).X`` and ``self.__class__.X`` read: the class attributes of the
#: module being made, whatever the instance sets on itself (``self.X``).
OWN_CLASS = "self.__class__."


def own_class(node: ast.expr, bound_names: frozenset[str]) -> bool:
    """Whether ``node`` is ``type(self)`` (Python's ``type``: the file binds no other) or ``self.__class__``."""
    if isinstance(node, ast.Attribute):
        return node.attr == "__class__" and is_self(node.value)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "type"
        and "type" not in bound_names
        and len(node.args) == 1
        and not node.keywords
        and is_self(node.args[0])
    )


def set_on_classes(tree: ast.Module) -> frozenset[str] | None:
    """The attribute names the file sets or deletes on something other than ``self`` (any of which may
    be a class); None where the file may change any attribute of a class (``setattr(Model, ...)``,
    ``__dict__``, ``vars()``)."""
    names: set[str] = set()
    for node in walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in _REACHING_ATTRIBUTES or (node.attr == "__class__" and not isinstance(node.ctx, ast.Load)):
                return None  # self.__class__ = Other changes every attribute; self.__class__.X = 1 only X
            if isinstance(node.ctx, (ast.Store, ast.Del)) and not is_self(node.value):
                names.add(node.attr)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "vars" or (
                node.func.id in ("setattr", "delattr") and not (node.args and is_self(node.args[0]))
            ):
                return None
    return frozenset(names)


class ClassAttributes:
    """Each of the file's classes' attributes (:func:`class_attributes`), worked out when first asked
    for: a module class's through its method resolution order, a plain class's (``class Config:
    hidden = 128``) of its own body."""

    def __init__(
        self,
        classes: dict[str, ast.ClassDef],
        orders: ClassOrders,
        class_bodies: dict[int, Scope],
        tree: ast.Module,
        torch_names: dict[str, str] | None = None,
    ) -> None:
        self.classes = classes
        self.orders = orders
        self.class_bodies = class_bodies
        self.tree = tree
        self.torch_names = torch_names or {}
        self._found: dict[str, dict[str, Binding]] = {}

    def set_elsewhere(self, name: str) -> bool:
        """Whether code may set the attribute ``name`` on a class (``Net.setup = setup``, ``setattr``)."""
        set_elsewhere = self._names_set_elsewhere
        return set_elsewhere is None or name in set_elsewhere

    def assigned_elsewhere(self, name: str) -> bool:
        """Whether the file assigns or deletes the attribute ``name`` by name on something other than
        ``self`` (``Net.forward = last_step``, ``model.forward = ...``)."""
        set_elsewhere = self._names_set_elsewhere
        return set_elsewhere is not None and name in set_elsewhere

    @cached_property
    def _names_set_elsewhere(self) -> frozenset[str] | None:
        # The whole tree is walked once, and only when some class's attribute is asked for.
        return set_on_classes(self.tree)

    def of(self, name: str) -> dict[str, Binding]:
        """The attributes of the class named ``name`` that lstmcalc can be sure of, by attribute name."""
        if name not in self._found:
            set_elsewhere = self._names_set_elsewhere
            definition = self.classes.get(name)
            found: dict[str, Binding] = {}
            if definition is not None and name in self.orders.classes:
                found = class_attributes(
                    self.orders.order(definition), self.class_bodies, set_elsewhere, self.torch_names
                )
                found = {key: value for key, value in found.items() if key not in MODULE_INSTANCE_ATTRIBUTES}
            elif definition is not None and all(
                isinstance(base, ast.Name) and base.id == "object" for base in definition.bases
            ):
                found = class_attributes([definition], self.class_bodies, set_elsewhere)
            self._found[name] = found
        return self._found[name]


def class_attributes(
    order: Sequence[Ancestor],
    class_bodies: dict[int, Scope],
    set_elsewhere: frozenset[str] | None,
    torch_names: dict[str, str] | None = None,
) -> dict[str, Binding]:
    """``{"hidden": its binding}`` for each class attribute that the class whose method resolution order
    is ``order`` gives its instances (and itself), where lstmcalc can be sure of it; with ``torch_names``
    (:func:`~lstm_calc.readers.torch_modules.torch_imports`), a torch.nn class too (``rnn_cls = nn.GRU``)."""
    if set_elsewhere is None:
        return {}
    found: dict[str, Binding] = {}
    defined: set[str] = set()
    for ancestor in order:
        if not isinstance(ancestor, ast.ClassDef) or ancestor.decorator_list or ancestor.keywords:
            break  # a base from elsewhere, a decorator or a metaclass: what they define is not known
        body = class_bodies.get(id(ancestor))
        if body is None or body.all_volatile:
            break
        for name, binding in body.bindings.items():
            if name in defined:
                continue  # an earlier class of the order defines it
            defined.add(name)
            if binding.kind == Binding.UNKNOWN and torch_names:
                binding = _torch_class_bound(ancestor, name, torch_names) or binding
            if name not in set_elsewhere and name not in body.volatile and _unchangeable(binding):
                found[name] = binding
    return found


def _torch_class_bound(definition: ast.ClassDef, name: str, torch_names: dict[str, str]) -> Binding | None:
    """``name`` as the torch.nn class it holds where the class body binds it once, to that class
    (``rnn_cls = nn.GRU``): the module-level walk, which knows no torch.nn class, left it unknown."""
    bindings = [node for bound, node in binding_nodes(definition.body) if bound == name]
    assignments = [
        statement
        for statement in definition.body
        if isinstance(statement, ast.Assign) and any(target in bindings for target in statement.targets)
    ]
    if len(bindings) != 1 or len(assignments) != 1:
        return None
    held = torch_class(assignments[0].value, torch_names)
    return Binding(Binding.KNOWN, TorchClass(held)) if held and held[:1].isupper() and held != "Parameter" else None


def _unchangeable(binding: Binding) -> bool:
    """Whether ``binding`` holds a value no code can change in place: a number, a string, a boolean, None,
    a tuple of them, or a torch.nn class (``rnn_cls = nn.GRU``, which ``self.rnn_cls(8, 16)`` makes)."""
    if binding.kind != Binding.KNOWN:
        return False
    value = binding.value
    if isinstance(value, list):
        return not binding.mutable and all(_plain(item) for item in value)
    return _plain(value)


def _plain(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, TorchClass))
