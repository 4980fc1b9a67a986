"""Recurrent layers: LSTM, GRU and SimpleRNN, as Keras 3 builds their cells."""

from __future__ import annotations

from typing import ClassVar

from lstm_calc.arguments import Argument, arguments, boolean, fraction, kept, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, LayerInputError, Weight, known_last_axis
from lstm_calc.shapes import Shape, Shapes

_RECURRENT_ARGUMENTS = (
    Argument("units", positive_int),
    Argument("use_bias", boolean, True),
    Argument("return_sequences", boolean, False),
    Argument("return_state", boolean, False),
    Argument("stateful", boolean, False),
    Argument("go_backwards", boolean, False),
    Argument("unroll", boolean, False),
    Argument("dropout", fraction, 0.0),
    Argument("recurrent_dropout", fraction, 0.0),
    *kept(
        "activation",
        "kernel_initializer",
        "recurrent_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "recurrent_regularizer",
        "bias_regularizer",
        "kernel_constraint",
        "recurrent_constraint",
        "bias_constraint",
        "seed",
        "use_cudnn",
    ),
    *COMMON_ARGUMENTS,
)


class Recurrent(Layer):
    """Keras's ``RNN`` wrapper around a cell: (batch, time_steps, features) in, states of ``units`` out."""

    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")
    #: How many state tensors the cell carries (LSTM: h and c).
    state_count: ClassVar[int] = 1
    #: How many ``units``-wide blocks the kernels stack (one per gate or candidate).
    gate_blocks: ClassVar[int]

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, time_steps = input_shape[0], input_shape[1]
        if self.stateful and batch is None:
            raise LayerInputError(
                "is stateful, so it needs a fixed batch size, but the batch size is unknown; "
                "set input.batch_size (or batch_input_shape on the first layer)",
                argument="stateful",
            )
        sequence: Shape = (batch, time_steps, self.units) if self.return_sequences else (batch, self.units)
        if not self.return_state:
            return sequence
        return [sequence] + [(batch, self.units)] * self.state_count

    def weights(self, input_shape: Shape) -> list[Weight]:
        features = known_last_axis(input_shape)
        blocks = self.gate_blocks * self.units
        weights = [Weight("kernel", (features, blocks)), Weight("recurrent_kernel", (self.units, blocks))]
        if self.use_bias:
            weights.append(Weight("bias", self.bias_shape()))
        return weights

    def bias_shape(self) -> tuple[int, ...]:
        return (self.gate_blocks * self.units,)

    def hint_to_keep_time_axis(self, layer_name: str) -> str | None:
        if self.return_sequences:
            return None
        return f"set return_sequences: true on '{layer_name}'"


class LSTM(Recurrent):
    """Four blocks (input, forget, cell candidate, output): 4·u·(i + u + 1) parameters."""

    class_name = "LSTM"
    arguments = arguments(
        *_RECURRENT_ARGUMENTS,
        *kept("recurrent_activation", "unit_forget_bias"),
    )
    state_count = 2
    gate_blocks = 4


class GRU(Recurrent):
    """Three blocks (update, reset, candidate); with ``reset_after`` the bias is (2, 3u)."""

    class_name = "GRU"
    arguments = arguments(
        *_RECURRENT_ARGUMENTS,
        Argument("reset_after", boolean, True),
        *kept("recurrent_activation"),
    )
    gate_blocks = 3

    def bias_shape(self) -> tuple[int, ...]:
        # reset_after keeps separate input and recurrent biases, stacked on a leading axis of 2.
        if self.reset_after:
            return (2, self.gate_blocks * self.units)
        return (self.gate_blocks * self.units,)


class SimpleRNN(Recurrent):
    """One block: u·(i + u + 1) parameters."""

    class_name = "SimpleRNN"
    arguments = arguments(*_RECURRENT_ARGUMENTS)
    gate_blocks = 1
