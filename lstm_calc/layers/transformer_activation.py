"""The ``activation`` of torch.nn's Transformer layers: a function, by one of the two names torch takes
(``"relu"``, ``"gelu"``; ``F.relu`` and ``F.gelu`` are read as them), or a module (``nn.GELU()``), which torch
keeps as the layer's submodule ``activation`` and calls between ``linear1`` and ``dropout``: a row of
torchinfo's table, and of each copy a TransformerEncoder makes. lstmcalc reads a module that applies to
each element alone: one with weights (``nn.PReLU``, whose weight torch would count) or that changes the
shape (``nn.GLU``, which ``linear2`` would then refuse) is refused at the argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import json_schema, one_of
from lstm_calc.layers.base import LayerInputError
from lstm_calc.layers.torch_code import SubmoduleCall
from lstm_calc.layers.torch_only import PythonCode

if TYPE_CHECKING:
    from lstm_calc.shapes import Shape

#: The functions torch takes by name.
FUNCTION_NAMES = ("relu", "gelu")
_NAMED = one_of(*FUNCTION_NAMES)


@json_schema({"anyOf": [{"enum": list(FUNCTION_NAMES)}, {"type": "object"}]})
def activation_argument(value: Any) -> str | None:
    """A function's name, or an activation module as a nested layer: ``{type: GELU}``."""
    return None if isinstance(value, dict) else _NAMED(value)


def activation_module(value: Any, hidden: Shape) -> Any:
    """The activation module (a layer) applied to the ``hidden`` features, or None for a function; refused
    unless torch would apply it to each element alone."""
    if isinstance(value, str):
        return None
    value.check_input(hidden)
    weights = value.weights(hidden)
    if weights or value.output_shape(hidden) != hidden:
        why = "has weights" if weights else "changes the shape (torch's linear2 would refuse it)"
        raise LayerInputError(
            f"has activation nn.{value.torch_class_name}, which {why}: lstmcalc reads an activation module "
            "applied to each element alone (nn.GELU(), nn.ReLU()...), or a function (F.gelu, 'relu')",
            argument="activation",
        )
    return value


def activation_calls(value: Any, hidden: Shape) -> list[SubmoduleCall]:
    """The call of the activation module, where it is one: what torchinfo's hooks see of it."""
    module = activation_module(value, hidden)
    return [] if module is None else [SubmoduleCall("activation", module.torch_class_name, (hidden,), (hidden,))]


def activation_code(value: Any) -> Any:
    """What exported code gives as ``activation=``: nothing for relu, torch's default; the name or the module."""
    if isinstance(value, str):
        return None if value == "relu" else value
    module = value.torch_module((None, None, None))
    parts = [repr(item) for item in module.positional]
    parts += [f"{name}={item!r}" for name, item in module.options.items() if item is not None]
    return PythonCode(f"{module.torch_class}({', '.join(parts)})")
