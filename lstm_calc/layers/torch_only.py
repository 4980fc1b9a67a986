"""What the torch.nn modules lstmcalc knows only under ``framework: pytorch`` share: the refusal of
Keras's convention, torch's axis numbering (``dim``) and the plain checks of their arguments."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from lstm_calc.arguments import _describe, is_integer, json_schema
from lstm_calc.layers.base import Layer, LayerInputError
from lstm_calc.layers.torch_code import TorchModule
from lstm_calc.shapes import Shape, describe_shape


class TorchOnly:
    """A torch.nn module with no Keras layer in lstmcalc: the spec reader refuses it under Keras's
    convention (``torch_only``), and ``--compare`` has no Keras count for it."""

    torch_only: ClassVar[bool] = True
    #: The torch.nn constructor's positional parameters, in order, as code may pass them.
    torch_positional: ClassVar[tuple[str, ...]] = ()

    def counterpart_params(self, input_shape: Any) -> int | None:
        return None

    def count_note(self, keras: int | None, torch: int | None) -> str:
        return "no Keras counterpart in lstmcalc (a torch.nn module only)"


class TorchOnlyLayer(TorchOnly, Layer[Shape]):
    """A one-tensor :class:`TorchOnly` module; its ``class_name`` is torch's."""

    def torch_options(self) -> dict[str, Any]:
        """The keyword options exported code gives the module (None: torch's default, left out)."""
        return {}

    def torch_positional_values(self, input_shape: Shape) -> list[Any]:
        """The module's positional arguments in exported code."""
        return []

    def torch_module(self, input_shape: Shape) -> TorchModule | None:
        return TorchModule(
            f"nn.{self.torch_class_name}", self.torch_positional_values(input_shape), self.torch_options()
        )


class PythonCode:
    """Python source that exported code writes as is (a module built inside another one's arguments)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __repr__(self) -> str:
        return self.source


def torch_axis(dim: int, input_shape: Shape, argument: str = "dim") -> int:
    """``dim`` as an index into ``input_shape`` (batch axis 0), refused as torch refuses it out of range."""
    rank = len(input_shape)
    if not -rank <= dim < rank:
        raise LayerInputError(
            f"has {argument}: {dim}, but its input {describe_shape(input_shape)} has {rank} axes, batch included "
            f"(torch: dimension out of range, expected one in [{-rank}, {rank - 1}])",
            argument=argument,
        )
    return dim % rank


@json_schema({"type": "number"})
def real_number(value: Any) -> str | None:
    """A finite number (LeakyReLU's ``negative_slope``, a norm's ``eps``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return None
    return f"expected a number, got {_describe(value)}"


@json_schema({"type": ["number", "null"]})
def optional_real_number(value: Any) -> str | None:
    """A finite number or null (Hardtanh's deprecated ``min_value``, which then leaves ``min_val`` as given)."""
    return None if value is None else real_number(value)


@json_schema({"type": "integer"})
def integer(value: Any) -> str | None:
    """An axis index, negative counting from the end (Flatten's ``start_dim``)."""
    return None if is_integer(value) else f"expected an integer axis, got {_describe(value)}"


@json_schema({"type": ["integer", "null"]})
def optional_integer(value: Any) -> str | None:
    """An axis index or null (Softmax's ``dim``, which torch then picks itself)."""
    return None if value is None else integer(value)


@json_schema({"type": "integer", "minimum": 0})
def non_negative_size(value: Any) -> str | None:
    """A padding: a non-negative integer, or a one-element list as torch takes it."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if is_integer(value) and value >= 0:
        return None
    return f"expected a non-negative integer, got {_describe(value)}"


vars(non_negative_size)["normalize"] = lambda value: value[0] if isinstance(value, list) else value
