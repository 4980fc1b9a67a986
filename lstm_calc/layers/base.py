"""What every layer kind declares: its arguments, its input rank, its weights and its output shapes."""

from __future__ import annotations

import math
from typing import Any, ClassVar, NamedTuple, Optional

from lstm_calc.arguments import Argument, anything, boolean, layer_name, one_of
from lstm_calc.shapes import Shape, Shapes, describe_shape
from lstm_calc.sizes import DTYPE_BYTES, MIXED_POLICY_VARIABLE_DTYPE


class Weight(NamedTuple):
    """One weight tensor, named as the framework names it (``kernel``, ``recurrent_kernel``...)."""

    name: str
    shape: tuple[int, ...]
    trainable: bool = True

    @property
    def size(self) -> int:
        """The number of parameters in this tensor."""
        return math.prod(self.shape)


class LayerInputError(Exception):
    """A layer cannot take the input it is given; the graph adds which layer and where.

    ``argument`` names the layer argument at fault, when there is one (``stateful``),
    so the error can point at it.
    """

    def __init__(self, message: str, argument: Optional[str] = None, wants_more_axes: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.argument = argument
        self.wants_more_axes = wants_more_axes


#: Arguments every Keras layer takes (``keras.layers.Layer.__init__``).
COMMON_ARGUMENTS: tuple[Argument, ...] = (
    Argument("name", layer_name, None),
    Argument("trainable", boolean, True),
    Argument("dtype", one_of(*DTYPE_BYTES, *MIXED_POLICY_VARIABLE_DTYPE), None),
    Argument("activity_regularizer", anything, None),
    Argument("autocast", boolean, True),
)


class Layer:
    """A configured layer. Subclasses declare ``class_name`` and ``arguments`` and the two shape rules.

    ``config`` holds every declared argument, with defaults filled in, after the
    spec reader has checked each value.
    """

    class_name: ClassVar[str]
    arguments: ClassVar[dict[str, Argument]]
    #: Exact rank the input must have (batch axis included), or None.
    input_ndim: ClassVar[Optional[int]] = None
    #: Minimum rank of the input (batch axis included), or None.
    input_min_ndim: ClassVar[Optional[int]] = None
    #: What the input's axes mean, batch first, for error messages.
    input_axes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    def __getattr__(self, name: str) -> Any:
        # Declared arguments read as attributes: ``layer.units``.
        try:
            return self.__dict__["config"][name]
        except KeyError:
            raise AttributeError(name) from None

    def check_input(self, input_shape: Shape) -> None:
        """Refuse an input of the wrong rank, as Keras's ``InputSpec`` does."""
        rank = len(input_shape)
        axes = "(" + ", ".join(self.input_axes) + ")"
        if self.input_ndim is not None and rank != self.input_ndim:
            raise LayerInputError(
                f"needs a {self.input_ndim}-D input {axes} but receives {describe_shape(input_shape)}",
                wants_more_axes=rank < self.input_ndim,
            )
        if self.input_min_ndim is not None and rank < self.input_min_ndim:
            raise LayerInputError(
                f"needs an input of at least {self.input_min_ndim} dimensions {axes} "
                f"but receives {describe_shape(input_shape)}",
                wants_more_axes=True,
            )

    def hint_to_keep_time_axis(self, layer_name: str) -> Optional[str]:
        """How to make this layer pass a time axis on, when the next layer needs one."""
        return None

    def output_shape(self, input_shape: Shape) -> Shapes:
        """The shape (or shapes) this layer outputs for ``input_shape``."""
        raise NotImplementedError

    def weights(self, input_shape: Shape) -> list[Weight]:
        """The weights this layer creates when built on ``input_shape``."""
        return []


def known_last_axis(input_shape: Shape) -> int:
    """The feature axis, which sizes the weights and so must be known."""
    features = input_shape[-1]
    if features is None:
        raise LayerInputError(
            f"needs a known last axis (features) to size its weights but receives {describe_shape(input_shape)}"
        )
    return features
