"""``.insert(index, module)`` in ``__init__``, followed as torch runs it.

On an nn.ModuleList or nn.Sequential the modules from ``index`` on move one place up and are
renumbered (their state_dict names shift); on a local list of modules it is Python's
``list.insert``. nn.Sequential takes a negative index from the end and refuses one out of range
(IndexError); nn.ModuleList does neither: a negative index ends in torch's ``KeyError: '-1'``,
and an index past its end holds the module under that number, which lstmcalc does not follow.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import Unknown
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import shortened
from lstm_calc.readers.torch_containers import refuse_oversized

if TYPE_CHECKING:
    from lstm_calc.readers.torch_init import InitReader


def inserted(reader: InitReader, target: ast.expr, call: ast.Call) -> bool:
    """Follow ``target.insert(index, module)`` on an nn.ModuleList, nn.Sequential or local list of
    modules; False, having changed nothing, where ``target`` is none of these or the call is not
    ``insert`` of one module at one index (it is refused as a change lstmcalc does not follow)."""
    if len(call.args) != 2 or call.keywords or not reader.is_module_expression(call.args[1]):
        return False
    container = reader.module_of(target)
    local = reader.local_modules.get(target.id) if isinstance(target, ast.Name) else None
    if container is None and not isinstance(local, list):
        return False
    if container is not None and container.container not in ("Sequential", "ModuleList"):
        reader.refuse_append(container, call)  # torch: the module has no attribute 'insert'
    loc = reader.evaluator.loc
    try:
        index = reader.evaluator.evaluate(call.args[0], reader.scope)
    except Unknown as unknown:
        raise ask(reader.evaluator, unknown.node, "to know where insert puts the module") from None
    if not isinstance(index, int) or isinstance(index, bool):
        raise SpecError(f"lstmcalc reads insert at an int index, not {index!r}", loc(call.args[0]))
    if container is None:
        assert isinstance(local, list)
        local.insert(index, reader.one_module(call.args[1]))
        return True
    count = len(container.children)
    if container.none_slots or list(container.children) != [str(place) for place in range(count)]:
        raise SpecError(
            f"lstmcalc cannot follow {shortened(call, 60)} in __init__ yet: nn.{container.class_name} holds "
            "None or modules under names; build the container with the modules it keeps",
            loc(call),
        )
    if container.container == "Sequential":
        if not -count <= index <= count:
            raise SpecError(f"torch refuses this (IndexError: 'Index out of range: {index}')", loc(call))
        index += count if index < 0 else 0
    elif index < 0:  # ModuleList.insert moves _modules[str(i - 1)] up down to i = 0
        raise SpecError("torch refuses this (KeyError: '-1'): nn.ModuleList.insert takes no negative index", loc(call))
    elif index > count:
        raise SpecError(
            f"lstmcalc cannot follow {shortened(call, 60)} in __init__: torch would hold the module under "
            f"{str(index)!r}, past the {count} modules of the nn.ModuleList; insert at 0 to {count}",
            loc(call),
        )
    module = reader.one_module(call.args[1])
    if module.holds(container):
        raise SpecError(  # torch's state_dict would recurse without end
            f"nn.{container.class_name} would hold itself: torch cannot save or list such a module", loc(call)
        )
    refuse_oversized(module, f"nn.{container.class_name}", loc(call))
    modules = list(container.children.values())
    modules.insert(index, module)
    container.children.clear()
    container.children.update((str(place), held) for place, held in enumerate(modules))
    return True
