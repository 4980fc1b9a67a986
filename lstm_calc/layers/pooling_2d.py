"""Pooling over the rows and cols of an image: MaxPooling2D, AveragePooling2D and their global forms.

(batch, rows, cols, channels), channels last; inside ``TimeDistributed``, every frame of a
sequence. No weights and no multiply-accumulates. lstmcalc's PyTorch convention has no
counterpart: torch.nn's MaxPool2d and AvgPool2d take channels first, as Conv2d does.
"""

from __future__ import annotations

from lstm_calc.arguments import (
    REQUIRED,
    Argument,
    arguments,
    as_pair,
    boolean,
    one_of,
    optional_positive_pair,
    positive_pair,
)
from lstm_calc.layers.base import COMMON_ARGUMENTS, DATA_FORMAT
from lstm_calc.layers.convolutional_2d import ImageLayer, window_output_sizes
from lstm_calc.shapes import Shape, Shapes


def _pooling_arguments(pool_size_default: object) -> dict[str, Argument]:
    return arguments(
        Argument("pool_size", positive_pair, pool_size_default),
        Argument("strides", optional_positive_pair, None),
        Argument("padding", one_of("valid", "same"), "valid"),
        DATA_FORMAT,
        *COMMON_ARGUMENTS,
    )


class Pooling2D(ImageLayer):
    """Windows of ``pool_size`` rows and cols, every ``strides`` (``pool_size`` by default)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    pool_size: int | list[int]
    strides: int | list[int] | None
    padding: str

    keras_positional = ("pool_size", "strides", "padding", "data_format")

    def output_shape(self, input_shape: Shape) -> Shapes:
        pool_size = as_pair(self.pool_size)
        strides = pool_size if self.strides is None else as_pair(self.strides)
        rows, cols = window_output_sizes("pool_size", input_shape, pool_size, strides, self.padding)
        return (input_shape[0], rows, cols, input_shape[3])


class MaxPooling2D(Pooling2D):
    class_name = "MaxPooling2D"
    arguments = _pooling_arguments([2, 2])


class AveragePooling2D(Pooling2D):
    class_name = "AveragePooling2D"
    # Unlike MaxPooling2D, Keras's AveragePooling2D has no default pool_size.
    arguments = _pooling_arguments(REQUIRED)


class GlobalPooling2D(ImageLayer):
    """Pools rows and cols away: (batch, channels), or (batch, 1, 1, channels) with ``keepdims``."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    keepdims: bool

    arguments = arguments(DATA_FORMAT, Argument("keepdims", boolean, False), *COMMON_ARGUMENTS)
    keras_positional = ("data_format", "keepdims")

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, channels = input_shape[0], input_shape[3]
        return (batch, 1, 1, channels) if self.keepdims else (batch, channels)


class GlobalAveragePooling2D(GlobalPooling2D):
    class_name = "GlobalAveragePooling2D"


class GlobalMaxPooling2D(GlobalPooling2D):
    class_name = "GlobalMaxPooling2D"
