"""Keras 2's CuDNNLSTM and CuDNNGRU, counted as Keras 2 counted them; Keras 3 removed both.

From Keras 2's ``keras/layers/cudnn_recurrent.py``: each builds ``kernel (i, g·u)``,
``recurrent_kernel (u, g·u)`` and one ``bias`` of two vectors per gate block, ``(2·g·u,)``
(cuDNN adds an input-side and a recurrent-side bias, as torch.nn's RNNs do), with g = 4 for
the LSTM and 3 for the GRU; no ``use_bias``, activation or dropout options; a 3-D input;
``return_sequences``, ``return_state``, ``go_backwards`` and ``stateful`` as the other RNNs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import Argument, arguments, boolean, kept, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, Weight, known_last_axis, refuse_stateful_without_batch
from lstm_calc.shapes import Shape

if TYPE_CHECKING:
    from lstm_calc.shapes import Shapes

_REMOVED = "was removed in Keras 3 (keras.layers.{twin} picks cuDNN by itself, with one bias vector per gate)"


def _cudnn_arguments(*own: str) -> tuple[Argument, ...]:
    return (
        Argument("units", positive_int),
        Argument("return_sequences", boolean, False),
        Argument("return_state", boolean, False),
        Argument("go_backwards", boolean, False),
        Argument("stateful", boolean, False),
        *kept(
            "kernel_initializer",
            "recurrent_initializer",
            "bias_initializer",
            *own,
            "kernel_regularizer",
            "recurrent_regularizer",
            "bias_regularizer",
            "kernel_constraint",
            "recurrent_constraint",
            "bias_constraint",
        ),
        *COMMON_ARGUMENTS,
    )


class CuDNNRecurrent(Layer[Shape]):
    """A Keras 2 cuDNN RNN: ``gate_blocks`` blocks of ``units``, two bias vectors for each."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    units: int
    return_sequences: bool
    return_state: bool
    stateful: bool

    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")
    keras_positional: ClassVar[tuple[str, ...]] = ("units",)
    takes_initial_state = True
    wraps_in_bidirectional = True
    #: Keras 2 read input_dim and input_length on a recurrent layer as its input (input_length, input_dim).
    keras2_sequence_input = True
    #: How many ``units``-wide blocks the kernels stack, and how many states the layer keeps.
    gate_blocks: ClassVar[int]
    state_count: ClassVar[int]
    #: The Keras 3 layer that replaced it.
    keras3_twin: ClassVar[str]

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, time_steps = input_shape[0], input_shape[1]
        refuse_stateful_without_batch(self.stateful, batch)
        sequence: Shape = (batch, time_steps, self.units) if self.return_sequences else (batch, self.units)
        if not self.return_state:
            return sequence
        return [sequence, *self.state_shapes(input_shape)]

    def state_shapes(self, input_shape: Shape) -> list[Shape]:
        return [(input_shape[0], self.units)] * self.state_count

    def weights(self, input_shape: Shape) -> list[Weight]:
        blocks = self.gate_blocks * self.units
        return [
            Weight("kernel", (known_last_axis(input_shape), blocks)),
            Weight("recurrent_kernel", (self.units, blocks)),
            Weight("bias", (2 * blocks,)),
        ]

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """Per time step, every element of both kernels multiplies once: g·u(i + u)."""
        kernels = self.weights(input_shape)[:2]
        return positions(input_shape[1:2]) * sum(weight.size for weight in kernels)

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        return (
            f"Keras 2's {self.class_name}: two bias vectors per gate, as torch.nn.{self.keras3_twin} keeps; "
            + _REMOVED.format(twin=self.keras3_twin)
        )


class CuDNNLSTM(CuDNNRecurrent):
    """Keras 2's CuDNNLSTM: 4·(u·(i + u) + 2u) weights."""

    class_name = "CuDNNLSTM"
    arguments = arguments(*_cudnn_arguments("unit_forget_bias"))
    gate_blocks = 4
    state_count = 2
    keras3_twin = "LSTM"
    keras3_removal = "Keras 3 removed it (keras.layers.LSTM picks cuDNN by itself)"
    keras_export_refusal = _REMOVED.format(twin="LSTM") + "; write it as keras.layers.LSTM"


class CuDNNGRU(CuDNNRecurrent):
    """Keras 2's CuDNNGRU: 3·(u·(i + u) + 2u) weights."""

    class_name = "CuDNNGRU"
    arguments = arguments(*_cudnn_arguments())
    gate_blocks = 3
    state_count = 1
    keras3_twin = "GRU"
    keras3_removal = "Keras 3 removed it (keras.layers.GRU picks cuDNN by itself)"
    keras_export_refusal = _REMOVED.format(twin="GRU") + "; write it as keras.layers.GRU"
