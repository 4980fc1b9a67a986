"""``copy.deepcopy(module)`` in ``__init__``: a module tree copied as Python copies it, each module
once however often the tree holds it, so the copy shares within itself what the original shares
(The Annotated Transformer's ``clones(layer, N)``: N modules, each its own weights)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError

if TYPE_CHECKING:
    from lstm_calc.readers.torch_modules import ModuleNode


def is_deep_copy(call: ast.Call) -> bool:
    """Whether ``call`` is ``copy.deepcopy(x)`` or ``deepcopy(x)`` of one argument."""
    function = call.func
    named = (
        isinstance(function, ast.Attribute)
        and function.attr == "deepcopy"
        and getattr(function.value, "id", None) == "copy"
    ) or (isinstance(function, ast.Name) and function.id == "deepcopy")
    return named and len(call.args) == 1 and not call.keywords


def deep_copy(module: ModuleNode, where: Location, memo: dict[int, ModuleNode] | None = None) -> ModuleNode:
    """A copy of ``module`` and everything under it; refused where it ties weights to another module
    (whether the copy shares them depends on where that module is)."""
    memo = {} if memo is None else memo
    if id(module) in memo:
        return memo[id(module)]
    if module.tied:
        raise SpecError("lstmcalc cannot copy a module with tied weights yet", where)
    copied = object.__new__(type(module))
    memo[id(module)] = copied
    copied.__dict__.update(module.__dict__)  # its class, arguments, layer and forward: read, never changed
    copied.options = dict(module.options)
    copied.children = {name: deep_copy(child, where, memo) for name, child in module.children.items()}
    copied.none_slots = list(module.none_slots)
    copied.own_weights = list(module.own_weights)
    copied.buffers = list(module.buffers)
    copied.attributes = dict(module.attributes)
    copied.unregistered = {
        name: (kind, [deep_copy(item, where, memo) for item in items])
        for name, (kind, items) in module.unregistered.items()
    }
    copied.path = copied.hook_path = ""
    return copied
