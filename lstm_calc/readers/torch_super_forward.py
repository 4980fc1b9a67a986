"""``super().forward(x)`` in forward: the next ``forward`` of the instance's method resolution order,
a class of the file's, or nn.Sequential's own (its modules in turn), as Python finds it."""

from __future__ import annotations

import ast
from typing import Any

from lstm_calc.readers.torch_classes import method
from lstm_calc.readers.torch_forward import ForwardFollower
from lstm_calc.readers.torch_kinds import TORCH_KINDS
from lstm_calc.readers.torch_unfollowed import Unfollowed, _short


def super_forward(follower: ForwardFollower, node: ast.Call, arguments: list[Any], keywords: dict[str, Any]) -> Any:
    """What ``super().forward(...)`` in the method ``follower`` follows gives, given ``arguments``."""
    builder = follower.follow.builder
    instance, function, module = follower.module.node, follower.function, follower.module
    if not isinstance(instance, ast.ClassDef) or not follower.takes_self:
        raise Unfollowed(node, _short(node))
    order = builder.orders.resolution_order(instance)
    defining = next((cls for cls in order if any(item is function for item in cls.body)), None)
    if defining is None:
        raise Unfollowed(node, _short(node))
    made = node.func.value if isinstance(node.func, ast.Attribute) else None
    assert isinstance(made, ast.Call)  # super(...), as torch_calls found it
    for ancestor in builder.orders.after_super(instance, defining, made):
        if isinstance(ancestor, ast.ClassDef):
            found = method(ancestor, "forward")
            if found is None:
                continue
            inner = ForwardFollower(follower.follow, module)
            inner.values.update({name: value for name, value in follower.values.items() if name.startswith("self.")})
            returned = inner.run(found, arguments, keywords, node)
            follower.values.update({name: value for name, value in inner.values.items() if name.startswith("self.")})
            return returned
        if ancestor == "Sequential" and module.container == "Sequential":
            return follower.follow.sequence(module, arguments, keywords, node)
        if module.kind is not None and TORCH_KINDS.get(ancestor) is module.kind:
            return follower.follow.kind_result(module, arguments, keywords, node)  # class LSTM(nn.LSTM)
        break  # nn.Module's (none) or a base lstmcalc cannot read
    raise Unfollowed(node, _short(node))
