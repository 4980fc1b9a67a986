"""``isinstance(value, classes)`` in ``forward`` (``if isinstance(hidden, tuple): hidden = hidden[0]``),
answered where both sides are known: the value one lstmcalc holds as torch would (a tensor, a module, a
Python number, string, tuple or dict) and each class a builtin, ``torch.Tensor``, a torch.nn class or
one of the file's module classes. Anything else is not answered (None): forward is not followed there.
``hasattr(module, name)`` likewise, for a module of the file's classes.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers import torch_python as python
from lstm_calc.readers.torch_forward_values import UNKNOWN_NUMBER, UNKNOWN_VALUE, Packed, Tensor, is_plain
from lstm_calc.readers.torch_kinds import CONTAINERS, TORCH_KINDS
from lstm_calc.readers.torch_modules import ModuleNode, torch_class

if TYPE_CHECKING:
    from lstm_calc.readers.torch_builder import ModuleBuilder

#: The builtin classes answered, by name.
_BUILTINS: dict[str, type] = {
    **{"bool": bool, "int": int, "float": float, "str": str, "tuple": tuple, "list": list, "dict": dict}
}
#: The public torch.nn classes that the classes lstmcalc reads derive from, besides nn.Module.
_TORCH_BASES = {
    "LSTM": "RNNBase",
    "GRU": "RNNBase",
    "RNN": "RNNBase",
    "LSTMCell": "RNNCellBase",
    "GRUCell": "RNNCellBase",
    "RNNCell": "RNNCellBase",
    "NonDynamicallyQuantizableLinear": "Linear",
}
#: The torch.nn classes of which lstmcalc knows every public subclass it reads, so that a module of
#: any other class is not an instance.
_KNOWN_TORCH = frozenset({"Module", *_TORCH_BASES.values(), *TORCH_KINDS, *CONTAINERS})
#: The tensor's class, as ``torch.Tensor`` or ``from torch import Tensor`` names it.
_TENSOR = "Tensor"


def is_instance(builder: ModuleBuilder, value: Any, classes: ast.expr, call: ast.Call) -> bool | None:
    """Whether ``value`` is an instance of ``classes`` (a class, or a tuple of them, as written);
    None where lstmcalc does not know. A literal where a class goes (``isinstance(x, 3)``) is refused
    at ``call`` as Python refuses it, once the classes before it, tried in order, are known not to match."""
    if isinstance(classes, ast.Tuple):
        unknown = False
        for each in classes.elts:
            if unknown and _holds_no_class(each):
                return None  # Python raises only if what comes before does not match
            answer = is_instance(builder, value, each, call)
            if answer:
                return True
            unknown = unknown or answer is None
        return None if unknown else False
    if _not_a_class(classes):
        raise SpecError(
            "Python refuses this call (TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union)",
            builder.evaluator.loc(call),
        )
    named = _class_named(builder, classes)
    if named is None or value is UNKNOWN_VALUE or isinstance(value, Packed):
        return None
    kind, name = named
    if isinstance(value, Tensor):
        return True if kind == "tensor" else None if name == "Parameter" else False
    if isinstance(value, ModuleNode):
        return _module_is(builder, value, kind, name)
    if value is UNKNOWN_NUMBER:
        return None if kind == "builtin" and name in ("bool", "int", "float") else False
    # A list may stand for an iterator (zip, enumerate), which is no list: that is not answered.
    if not is_plain(value) or (isinstance(value, list) and name == "list"):
        return None
    return isinstance(value, _BUILTINS[name]) if kind == "builtin" else False


def _not_a_class(node: ast.expr) -> bool:
    """A literal that is no class nor tuple of classes (``3``, ``"Tensor"``, ``None``, ``[int]``)."""
    return isinstance(node, (ast.Constant, ast.List, ast.Set, ast.Dict, ast.JoinedStr))


def _holds_no_class(node: ast.expr) -> bool:
    """A literal that is no class, alone or anywhere in a tuple of classes."""
    return any(map(_holds_no_class, node.elts)) if isinstance(node, ast.Tuple) else _not_a_class(node)


def _class_named(builder: ModuleBuilder, node: ast.expr) -> tuple[str, str] | None:
    """``("builtin", "tuple")``, ``("tensor", "Tensor")``, ``("torch", "LSTM")`` or ``("file", "Encoder")``
    for the class ``node`` names; None for another."""
    names = builder.torch_names
    if isinstance(node, ast.Name):
        if node.id in builder.classes:
            return "file", node.id
        if node.id in _BUILTINS and node.id not in names and node.id not in builder.evaluator.file_functions:
            return "builtin", node.id
        if names.get(node.id) == "torch.Tensor":
            return "tensor", _TENSOR
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr == _TENSOR:
        if names.get(node.value.id) == "torch":
            return "tensor", _TENSOR
    found = torch_class(node, names)
    return ("torch", found) if found is not None else None


def _module_is(builder: ModuleBuilder, module: ModuleNode, kind: str, name: str) -> bool | None:
    if kind in ("builtin", "tensor"):
        return False
    if isinstance(module.node, ast.ClassDef):
        hierarchy = [module.node, *builder.ancestors(module.node)]
        file_names = {definition.name for definition in hierarchy}
        torch_names = set()
        for definition in hierarchy:
            for base in definition.bases:
                if isinstance(base, ast.Name) and base.id in builder.classes:
                    continue
                found = torch_class(base, builder.torch_names)
                if found is None:
                    return None  # a base from elsewhere: its own bases are not known
                torch_names.add(found)
    else:
        file_names, torch_names = set(), {module.class_name}
    torch_names |= {"Module", *(_TORCH_BASES[each] for each in torch_names if each in _TORCH_BASES)}
    if kind == "file":
        return name in file_names
    if name in torch_names:
        return True
    return False if name in _KNOWN_TORCH and torch_names <= _KNOWN_TORCH | set(_TORCH_BASES) else None


def has_attribute(builder: ModuleBuilder, owner: Any, name: Any) -> bool | None:
    """``hasattr(owner, name)`` for a module of one of the file's classes (``if hasattr(self, 'dropout')``:
    a submodule made or not); None where a base from elsewhere (a mixin) may define anything."""
    if not isinstance(owner, ModuleNode) or not isinstance(owner.node, ast.ClassDef) or not isinstance(name, str):
        return None
    classes = [owner.node, *builder.ancestors(owner.node)]
    for definition in classes:
        for base in definition.bases:
            if not (isinstance(base, ast.Name) and base.id in builder.classes):
                if torch_class(base, builder.torch_names) != "Module":
                    return None
    return python.has_attribute(owner, name, classes)
