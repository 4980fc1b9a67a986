"""What ``explain`` draws of a ConvLSTM cell: an LSTM's gates with convolutions (∗) in place of
matrix products, each kernel's shape, and h and c as maps of the output frame's size, as Keras's
``ConvLSTMCell.call`` computes them (``keras/src/layers/rnn/conv_lstm.py``): the input convolution
takes the layer's strides, padding and dilation, the recurrent one strides 1 and padding same."""

from __future__ import annotations

from typing import Any, ClassVar

from lstm_calc.arguments import KERAS
from lstm_calc.layers.recurrent_cells import GateOrders
from lstm_calc.shapes import Shape

#: Keras's order: ``ops.split(self.kernel, 4, axis=rank + 1)`` gives kernel_i, kernel_f, kernel_c, kernel_o.
CONV_LSTM_GATES: GateOrders = {KERAS: ("i", "f", "c", "o")}
CONV_LSTM_EQUATIONS = (
    ("input gate", "i_t = σ(W_i ∗ x_t + U_i ∗ h_{t-1} + b_i)"),
    ("forget gate", "f_t = σ(W_f ∗ x_t + U_f ∗ h_{t-1} + b_f)"),
    ("cell candidate", "c̃_t = tanh(W_c ∗ x_t + U_c ∗ h_{t-1} + b_c)"),
    ("output gate", "o_t = σ(W_o ∗ x_t + U_o ∗ h_{t-1} + b_o)"),
    ("cell state", "c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t"),
    ("hidden state", "h_t = o_t ⊙ tanh(c_t)"),
)


class ConvCellDescription:
    """The cell of a ConvLSTM as ``explain`` draws it; the kind gives ``filters``, its kernel sizes
    (``sizes``), ``use_bias`` and the step output's shape."""

    gate_orders: ClassVar[GateOrders] = CONV_LSTM_GATES
    state_count: ClassVar[int] = 2
    equation_legend: ClassVar[str] = "∗ convolution, ⊙ element-wise, σ sigmoid"
    config: dict[str, Any]
    filters: int
    use_bias: bool
    padding: str

    def kernel_shape(self) -> tuple[int, ...]:
        """The kernel's spatial extent (the kind says)."""
        raise NotImplementedError

    def step_shape(self, input_shape: Shape) -> Shape:
        """h's shape with the batch axis (the kind says)."""
        raise NotImplementedError

    @property
    def units(self) -> int:
        """The width explain reports: h's channels."""
        return self.filters

    def equation_texts(self) -> list[tuple[str, str]]:
        """(what it computes, the equation) for every step of the cell, biases left out without use_bias."""
        if self.use_bias:
            return list(CONV_LSTM_EQUATIONS)
        return [(meaning, text.replace(f" + b_{text[0]}", "")) for meaning, text in CONV_LSTM_EQUATIONS]

    def width_text(self) -> str:
        """What ``filters`` is, for the explanation's opening paragraph."""
        return (
            f"filters = {self.filters} is the number of channels of the hidden state h and of the cell state c: "
            f"each is a map of {self.filters} channels per position of the output frame, per sample. The "
            "layer is one cell, applied at every time step, with convolutions where an LSTM multiplies by "
            "matrices."
        )

    def cell_notes(self, input_shape: Shape) -> list[str]:
        """How the two convolutions size h: the input's follows the layer's options, the recurrent one's
        keeps h's size."""
        frame = tuple(self.step_shape(input_shape)[1:-1])
        # explain KIND gives no frame: its sizes are None, the frame's whatever they are.
        output_frame = "the output frame" if None in frame else f"a {frame} frame"
        notes = [
            f"W ∗ x_t convolves the input frame with the layer's strides, dilation_rate and padding "
            f"({self.padding}), giving {output_frame}; U ∗ h_{{t-1}} always uses strides 1 and padding same, "
            "so h, c and every gate keep that size from step to step."
        ]
        if None in input_shape[2:-1]:
            notes.append("None stands for the frame's size, which the options do not give (a spec's input does).")
        return notes

    def packing_axis(self, framework: str) -> str:
        """Keras stacks the gates' blocks along every tensor's last axis."""
        return "the last axis"

    def symbol_shapes(self, input_shape: Shape) -> dict[str, Shape]:
        """The shape of every symbol the equations use, for one sample."""
        channels = input_shape[-1]
        assert channels is not None  # the layer was built, which takes known channels
        kernel, filters = self.kernel_shape(), self.filters
        state = tuple(self.step_shape(input_shape)[1:])
        shapes: dict[str, Shape] = {"x_t": tuple(input_shape[2:])}
        for symbol in ("h_{t-1}", "h_t", "c_{t-1}", "c_t", "c̃_t", "i_t", "f_t", "o_t"):
            shapes[symbol] = state
        for gate in self.gate_orders[KERAS]:
            shapes[f"W_{gate}"] = (*kernel, channels, filters)
            shapes[f"U_{gate}"] = (*kernel, filters, filters)
            shapes[f"b_{gate}"] = (filters,)
        return shapes

    def cell_states(self, input_shape: Shape, directions: int) -> list[tuple[str, str, Shape, Shape]]:
        """h and c: symbol, meaning, shape per sample, batched (maps of the output frame's size)."""
        step = self.step_shape(input_shape)
        return [
            (symbol, meaning, tuple(step[1:]), step) for symbol, meaning in (("h", "hidden state"), ("c", "cell state"))
        ]

    def gate_layout(self, weight_name: str, shape: Shape, framework: str) -> str:
        """Where each gate's block lies: Keras splits every tensor's last axis in four."""
        filters = self.filters
        base = weight_name.rsplit("/", 1)[-1]
        symbol = {"kernel": "W", "recurrent_kernel": "U", "bias": "b"}[base]
        blocks = ", ".join(
            f"{index * filters}:{(index + 1) * filters} {symbol}_{gate}"
            for index, gate in enumerate(self.gate_orders[KERAS])
        )
        return f"last axis {blocks}; each {(*shape[:-1], filters)}"
