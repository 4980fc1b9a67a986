"""Core layers: Dense, Embedding and Dropout."""

from __future__ import annotations

from lstm_calc.arguments import Argument, arguments, boolean, fraction, kept, optional_positive_int, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, Weight, known_last_axis
from lstm_calc.shapes import Shape, Shapes


class Dense(Layer):
    """Acts on the last axis of an input of any rank >= 2: kernel (features, units) and bias (units,)."""

    class_name = "Dense"
    arguments = arguments(
        Argument("units", positive_int),
        Argument("use_bias", boolean, True),
        *kept(
            "activation",
            "kernel_initializer",
            "bias_initializer",
            "kernel_regularizer",
            "bias_regularizer",
            "kernel_constraint",
            "bias_constraint",
        ),
        *COMMON_ARGUMENTS,
    )
    input_min_ndim = 2
    input_axes = ("batch", "...", "features")

    def output_shape(self, input_shape: Shape) -> Shapes:
        return (*input_shape[:-1], self.units)

    def weights(self, input_shape: Shape) -> list[Weight]:
        weights = [Weight("kernel", (known_last_axis(input_shape), self.units))]
        if self.use_bias:
            weights.append(Weight("bias", (self.units,)))
        return weights


class Embedding(Layer):
    """Looks integer ids up in an (input_dim, output_dim) table, adding a last axis of output_dim."""

    class_name = "Embedding"
    arguments = arguments(
        Argument("input_dim", positive_int),
        Argument("output_dim", positive_int),
        Argument("mask_zero", boolean, False),
        # Keras 2's input_length is still accepted by Keras 3, which ignores it.
        Argument("input_length", optional_positive_int, None),
        *kept("embeddings_initializer", "embeddings_regularizer", "embeddings_constraint"),
        *COMMON_ARGUMENTS,
    )

    def output_shape(self, input_shape: Shape) -> Shapes:
        return (*input_shape, self.output_dim)

    def weights(self, input_shape: Shape) -> list[Weight]:
        return [Weight("embeddings", (self.input_dim, self.output_dim))]


class Dropout(Layer):
    """Zeroes a fraction ``rate`` of its inputs while training; no weights, same shape out."""

    class_name = "Dropout"
    arguments = arguments(
        Argument("rate", fraction),
        *kept("noise_shape", "seed"),
        *COMMON_ARGUMENTS,
    )

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape
