"""Layers that lengthen or shorten the time axis: ZeroPadding1D, UpSampling1D and Cropping1D.

None has weights or does any multiply-accumulate. lstmcalc's PyTorch convention has no
counterpart for them: torch.nn's ``ZeroPad1d`` and ``Upsample`` act on the last axis of a
(batch, channels, length) tensor, not on the time axis of (batch, time_steps, features).
"""

from __future__ import annotations

from lstm_calc.arguments import Argument, arguments, as_pair, non_negative_pair, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, DATA_FORMAT, Layer, LayerInputError
from lstm_calc.layers.keras_masks import DROPS
from lstm_calc.shapes import Shape, Shapes


class ZeroPadding1D(Layer[Shape]):
    """Zeros before and after the time steps: ``padding`` 2 or [left, right] steps (Keras's default: 1 each)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    padding: int | list[int]

    class_name = "ZeroPadding1D"
    keras_mask = DROPS
    arguments = arguments(Argument("padding", non_negative_pair, 1), DATA_FORMAT, *COMMON_ARGUMENTS)
    keras_positional = ("padding", "data_format")
    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, steps, features = input_shape
        if steps is None:
            return (batch, None, features)
        return (batch, steps + sum(as_pair(self.padding)), features)


class UpSampling1D(Layer[Shape]):
    """Repeats each time step ``size`` times (Keras's default: 2)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    size: int

    class_name = "UpSampling1D"
    keras_mask = DROPS
    arguments = arguments(Argument("size", positive_int, 2), *COMMON_ARGUMENTS)
    keras_positional = ("size",)
    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, steps, features = input_shape
        return (batch, None if steps is None else steps * self.size, features)


class Cropping1D(Layer[Shape]):
    """Drops time steps at the start and the end: ``cropping`` 2 or [start, end] (Keras's default: 1 each)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    cropping: int | list[int]

    class_name = "Cropping1D"
    keras_mask = DROPS
    arguments = arguments(Argument("cropping", non_negative_pair, [1, 1]), *COMMON_ARGUMENTS)
    keras_positional = ("cropping",)
    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, steps, features = input_shape
        if steps is None:
            return (batch, None, features)
        start, end = as_pair(self.cropping)
        kept_steps = steps - start - end
        if kept_steps <= 0:
            # Keras: "`cropping` parameter of `Cropping1D` layer must be smaller than the input length".
            raise LayerInputError(
                f"crops {start} + {end} time steps from an input of {steps}, leaving none; "
                f"crop fewer than {steps} steps in all",
                argument="cropping",
            )
        return (batch, kept_steps, features)
