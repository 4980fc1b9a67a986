"""``torch.nn.utils.weight_norm(module, name="weight", dim=0)`` read from code, as torch applies it.

torch replaces the parameter ``name`` with two, registered after the module's others:
``name_g``, its norm along ``dim`` (the parameter's shape with every other axis 1; a scalar for
``dim=None`` or ``-1``), and ``name_v``, the parameter's shape. The module is changed in place and
returned, so ``weight_norm(self.conv)`` as a statement changes ``self.conv``. The module keeps its
shapes; torchinfo counts both new parameters (locuslab/TCN's temporal blocks are built so).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.layers import Weight
from lstm_calc.readers.evaluate import Unknown
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import dotted

if TYPE_CHECKING:
    from lstm_calc.readers.evaluate import Environment
    from lstm_calc.readers.torch_modules import ModuleNode
    from lstm_calc.readers.torch_values import TorchEvaluator

#: The names torch gives the function (``from torch.nn.utils import weight_norm``, ``nn.utils.weight_norm``).
_WEIGHT_NORM = frozenset({"torch.nn.utils.weight_norm", "torch.nn.utils.weight_norm.weight_norm"})


def is_weight_norm(call: ast.Call, torch_names: dict[str, str]) -> bool:
    """Whether ``call`` calls torch's ``weight_norm``."""
    return dotted(call.func, torch_names) in _WEIGHT_NORM


def apply_weight_norm(
    module: ModuleNode, call: ast.Call, evaluator: TorchEvaluator, environment: Environment
) -> ModuleNode:
    """``module`` with its parameter replaced as ``call`` (``weight_norm(module, name, dim)``) replaces it."""
    given = dict(zip(("module", "name", "dim"), call.args))
    given.update({keyword.arg: keyword.value for keyword in call.keywords if keyword.arg is not None})
    try:
        name = evaluator.evaluate(given["name"], environment) if "name" in given else "weight"
        dim = evaluator.evaluate(given["dim"], environment) if "dim" in given else 0
    except Unknown as unknown:
        raise ask(evaluator, unknown.node, "to tell which parameter weight_norm replaces") from None
    where = evaluator.loc(call)
    if not isinstance(name, str):
        raise SpecError(f"torch would refuse this: weight_norm takes a parameter's name, not {name!r}", where)
    if any(weight.name == f"{name}_g" for weight in module.own_weights):
        raise SpecError(
            f'torch would refuse this: weight_norm is already applied to {name!r} (torch: "Cannot register two '
            f'weight_norm hooks on the same parameter {name}")',
            where,
        )
    held = [weight for weight in module.own_weights if weight.name == name]
    if not held:
        names = ", ".join(weight.name for weight in module.own_weights) or "none"
        raise SpecError(
            f"torch would refuse this: nn.{module.class_name} has no parameter {name!r} of its own to "
            f"normalise (its parameters: {names})",
            where,
        )
    weight = held[0]
    ndim = len(weight.shape)
    if dim is not None and (not isinstance(dim, int) or isinstance(dim, bool) or not -ndim <= dim < ndim):
        raise SpecError(f"torch would refuse this: dim {dim!r} of weight_norm is not an axis of {name!r}", where)
    norm: tuple[int, ...] = ()  # dim None or -1: one norm of the whole parameter
    if dim is not None and dim != -1:
        norm = tuple(size if axis == dim % ndim else 1 for axis, size in enumerate(weight.shape))
    module.own_weights.remove(weight)
    module.own_weights.append(Weight(f"{name}_g", norm, weight.trainable))
    module.own_weights.append(Weight(f"{name}_v", weight.shape, weight.trainable))
    return module
