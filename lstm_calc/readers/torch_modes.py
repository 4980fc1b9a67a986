"""``module.train()`` and ``module.eval()`` called in ``forward``: torchinfo runs forward in eval mode
(``self.training`` False), and either call sets the mode of the module and of every module inside it, as
``nn.Module.train(mode)`` does. What forward reads of ``self.training`` afterwards, and the norms that
then compute their batch's statistics (:mod:`lstm_calc.readers.torch_channel_shapes`), follow the mode set.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.torch_forward_values import UNKNOWN_NUMBER, UNKNOWN_VALUE, Tensor
from lstm_calc.readers.torch_unfollowed import _short

if TYPE_CHECKING:
    from lstm_calc.readers.torch_forward import ForwardFollower
    from lstm_calc.readers.torch_modules import ModuleNode


def set_mode(
    follower: ForwardFollower, node: ast.Call, module: ModuleNode, name: str, given: tuple[list[Any], dict[str, Any]]
) -> ModuleNode:
    """``module.train(mode=True)`` or ``module.eval()``: the mode of ``module`` and its submodules set, and
    ``module`` returned, as torch returns it. Where the mode is not known, forward is not followed further:
    any branch on ``self.training`` after it could go either way."""
    definition = module.node
    if isinstance(definition, ast.ClassDef) and follower.follow.builder.find_method(definition, name):
        follower.stop(node, f"{_short(node)}, a method of the file's class {definition.name}")
    arguments, keywords = given
    if name == "eval" or len(arguments) + len(keywords) > 1 or set(keywords) - {"mode"}:
        if arguments or keywords:  # torch's eval() takes no argument: a TypeError
            follower.stop(node, _short(node))
        mode: Any = False
    else:
        mode = arguments[0] if arguments else keywords.get("mode", True)
    if mode is UNKNOWN_NUMBER or mode is UNKNOWN_VALUE or isinstance(mode, Tensor):
        follower.stop(node, f"the mode {_short(node)} sets")
    if not isinstance(mode, bool):
        raise SpecError(
            "torch would refuse this: training mode is expected to be boolean",
            follower.follow.builder.evaluator.loc(node),
        )
    for _, _, inner in module.every_name():
        follower.follow.training[id(inner)] = mode
    return module
