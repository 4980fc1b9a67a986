"""A list of layers built up before it is given to ``Sequential`` (the Sequential code reader).

``layers_ = [Input(shape=(30, 5))]``, then ``layers_.append(LSTM(units))`` (in a loop lstmcalc
unrolls, too), then ``Sequential(layers_)``: Keras adds the list's layers in order, each made
where the code appends it. A name bound to such a list holds a binding of its own kind
(:data:`LAYER_LIST`): the layer calls in order, each with the names it read when made. It is
built by a list written out of layer calls (or an empty one, on its first ``append``) and by
``name.append(layer)`` in the scope that binds it; any other use of the name (``insert``,
``pop``, ``+=``, an item set, passing it to a function, or an ``append`` from another function)
may change the list in a way lstmcalc does not follow, and makes it unknown there, as any list
the flow walker cannot follow (:mod:`lstm_calc.readers.code_scopes`).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.evaluate import Binding

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.readers.code_scopes import Scope
    from lstm_calc.readers.evaluate import Environment

#: The kind of a binding to a list of layers (each a layer call or a name bound to one, with its names).
LAYER_LIST = "layer list"


def written_layer_list(
    value: ast.expr, is_layer: Callable[[ast.expr], bool], snapshot: Callable[[ast.AST], Environment]
) -> Binding | None:
    """The binding of ``[Input(...), LSTM(8)]``, a list written out of layers; None for any other value."""
    if not isinstance(value, ast.List) or not value.elts or not all(is_layer(item) for item in value.elts):
        return None
    return Binding(LAYER_LIST, tuple((item, snapshot(item)) for item in value.elts), mutable=True)


def appended_layer(
    call: ast.Call,
    scope: Scope,
    lookup: Callable[[str], Binding],
    is_layer: Callable[[ast.expr], bool],
    snapshot: Callable[[ast.AST], Environment],
) -> tuple[str, Binding] | None:
    """For ``name.append(layer)`` on a list of layers (or an empty list) that ``scope`` binds: the name and its
    binding with the layer added at the end; None for any other call."""
    function = call.func
    if not (
        isinstance(function, ast.Attribute)
        and function.attr == "append"
        and isinstance(function.value, ast.Name)
        and len(call.args) == 1
        and not call.keywords
        and is_layer(call.args[0])
    ):
        return None
    name = function.value.id
    binding = lookup(name)
    if name not in scope.bindings or scope.bindings[name] is not binding:
        return None  # bound in another scope: changed there whenever this runs
    if binding.kind == LAYER_LIST:
        held = binding.value
    elif binding.kind == Binding.KNOWN and binding.mutable and binding.value == []:
        held = ()
    else:
        return None
    item = call.args[0]
    return name, Binding(LAYER_LIST, (*held, (item, snapshot(item))), mutable=True)
