"""Pooling over the time axis: MaxPooling1D, AveragePooling1D and their global forms."""

from __future__ import annotations

from lstm_calc.arguments import REQUIRED, Argument, arguments, boolean, one_of, optional_positive_size, positive_size
from lstm_calc.layers.base import COMMON_ARGUMENTS, DATA_FORMAT, Layer, LayerInputError
from lstm_calc.layers.keras_masks import DROPS
from lstm_calc.shapes import Shape, Shapes


def _pooling_arguments(pool_size_default: object) -> dict[str, Argument]:
    return arguments(
        Argument("pool_size", positive_size, pool_size_default),
        Argument("strides", optional_positive_size, None),
        Argument("padding", one_of("valid", "same"), "valid"),
        DATA_FORMAT,
        *COMMON_ARGUMENTS,
    )


class Pooling1D(Layer[Shape]):
    """Windows of ``pool_size`` steps, every ``strides`` steps (``pool_size`` by default); no weights."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    pool_size: int
    strides: int | None
    padding: str

    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")
    keras_mask = DROPS  # Keras's pooling has no supports_masking: a mask goes no further
    keras_positional = ("pool_size", "strides", "padding", "data_format")

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, length, features = input_shape
        strides = self.strides or self.pool_size
        if length is None:
            return (batch, None, features)
        if self.padding == "same":
            return (batch, (length - 1) // strides + 1, features)
        steps = (length - self.pool_size) // strides + 1
        if steps <= 0:
            raise LayerInputError(
                f"would output {steps} time steps: pool_size {self.pool_size} is longer than the "
                f"{length} input steps; use padding: same or a smaller pool_size"
            )
        return (batch, steps, features)


class MaxPooling1D(Pooling1D):
    class_name = "MaxPooling1D"
    arguments = _pooling_arguments(2)


class AveragePooling1D(Pooling1D):
    class_name = "AveragePooling1D"
    # Unlike MaxPooling1D, Keras's AveragePooling1D has no default pool_size.
    arguments = _pooling_arguments(REQUIRED)


class GlobalPooling1D(Layer[Shape]):
    """Pools the whole time axis away: (batch, features), or (batch, 1, features) with ``keepdims``."""

    keras_mask = DROPS

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    keepdims: bool

    arguments = arguments(Argument("keepdims", boolean, False), DATA_FORMAT, *COMMON_ARGUMENTS)
    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")
    keras_positional = ("data_format", "keepdims")

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, _, features = input_shape
        return (batch, 1, features) if self.keepdims else (batch, features)


class GlobalAveragePooling1D(GlobalPooling1D):
    class_name = "GlobalAveragePooling1D"
    keras_takes_mask = True  # averages over the unmasked steps (GlobalMaxPooling1D takes no mask)


class GlobalMaxPooling1D(GlobalPooling1D):
    class_name = "GlobalMaxPooling1D"
