"""What ``explain`` draws of a recurrent cell: its gates, equations, states and how the weight
tensors pack the gates. The kinds in :mod:`lstm_calc.layers.recurrent` declare their gate orders
and equations from the tables here and inherit :class:`CellDescription`."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.shapes import Shape

# Gate orders, as the frameworks' own code splits the packed tensors:
# keras/src/layers/rnn/lstm.py (k_i, k_f, k_c, k_o = ops.split(self.kernel, 4, axis=1)),
# keras/src/layers/rnn/gru.py (x_z, x_r, x_h), and torch/nn/modules/rnn.py's docstrings
# ((W_ii|W_if|W_ig|W_io) for LSTM, (W_ir|W_iz|W_in) for GRU).
#: Each convention's gate order (one letter per ``units``-wide block of the packed weights).
GateOrders = dict[str, tuple[str, ...]]
LSTM_GATES: GateOrders = {KERAS: ("i", "f", "c", "o"), PYTORCH: ("i", "f", "g", "o")}
GRU_GATES: GateOrders = {KERAS: ("z", "r", "h"), PYTORCH: ("r", "z", "n")}
SIMPLE_RNN_GATES: GateOrders = {KERAS: ("",), PYTORCH: ("",)}
GATE_NAMES = {
    "i": "input gate",
    "f": "forget gate",
    "c": "cell candidate",
    "g": "cell candidate",
    "o": "output gate",
    "z": "update gate",
    "r": "reset gate",
    "h": "candidate",
    "n": "candidate",
    "": "",
}

#: (what the equation computes, the equation), per framework. In Keras W is the input matrix,
#: U the recurrent one, b the bias and rb the recurrent bias of reset_after; torch names them
#: W_i?, W_h?, b_i?, b_h? as its documentation does.
Equations = dict[str, tuple[tuple[str, str], ...]]
LSTM_EQUATIONS: Equations = {
    KERAS: (
        ("input gate", "i_t = σ(W_i·x_t + U_i·h_{t-1} + b_i)"),
        ("forget gate", "f_t = σ(W_f·x_t + U_f·h_{t-1} + b_f)"),
        ("cell candidate", "c̃_t = tanh(W_c·x_t + U_c·h_{t-1} + b_c)"),
        ("output gate", "o_t = σ(W_o·x_t + U_o·h_{t-1} + b_o)"),
        ("cell state", "c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t"),
        ("hidden state", "h_t = o_t ⊙ tanh(c_t)"),
    ),
    PYTORCH: (
        ("input gate", "i_t = σ(W_ii·x_t + b_ii + W_hi·h_{t-1} + b_hi)"),
        ("forget gate", "f_t = σ(W_if·x_t + b_if + W_hf·h_{t-1} + b_hf)"),
        ("cell candidate", "g_t = tanh(W_ig·x_t + b_ig + W_hg·h_{t-1} + b_hg)"),
        ("output gate", "o_t = σ(W_io·x_t + b_io + W_ho·h_{t-1} + b_ho)"),
        ("cell state", "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t"),
        ("hidden state", "h_t = o_t ⊙ tanh(c_t)"),
    ),
}
#: torch.nn.LSTM with proj_size: h is projected down after the output gate.
TORCH_PROJECTED_HIDDEN = ("hidden state", "h_t = W_hr·(o_t ⊙ tanh(c_t))")
GRU_EQUATIONS: Equations = {
    KERAS: (
        ("update gate", "z_t = σ(W_z·x_t + b_z + U_z·h_{t-1} + rb_z)"),
        ("reset gate", "r_t = σ(W_r·x_t + b_r + U_r·h_{t-1} + rb_r)"),
        ("candidate", "h̃_t = tanh(W_h·x_t + b_h + r_t ⊙ (U_h·h_{t-1} + rb_h))"),
        ("hidden state", "h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ h̃_t"),
    ),
    PYTORCH: (
        ("reset gate", "r_t = σ(W_ir·x_t + b_ir + W_hr·h_{t-1} + b_hr)"),
        ("update gate", "z_t = σ(W_iz·x_t + b_iz + W_hz·h_{t-1} + b_hz)"),
        ("candidate", "n_t = tanh(W_in·x_t + b_in + r_t ⊙ (W_hn·h_{t-1} + b_hn))"),
        ("hidden state", "h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}"),
    ),
}
#: Keras's GRU without reset_after: one bias, and the reset gate applied before the recurrent matrix.
KERAS_GRU_RESET_BEFORE = (
    ("update gate", "z_t = σ(W_z·x_t + U_z·h_{t-1} + b_z)"),
    ("reset gate", "r_t = σ(W_r·x_t + U_r·h_{t-1} + b_r)"),
    ("candidate", "h̃_t = tanh(W_h·x_t + U_h·(r_t ⊙ h_{t-1}) + b_h)"),
    ("hidden state", "h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ h̃_t"),
)
SIMPLE_RNN_EQUATIONS: Equations = {
    KERAS: (("hidden state", "h_t = tanh(W·x_t + U·h_{t-1} + b)"),),
    PYTORCH: (("hidden state", "h_t = tanh(W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh)"),),
}


class CellDescription:
    """The cell of a recurrent kind as ``explain`` draws it; the kind declares ``gate_orders`` and
    ``equations`` (per framework), ``state_count``, ``units`` and its weights."""

    gate_orders: ClassVar[GateOrders]
    equations: ClassVar[Equations]
    state_count: ClassVar[int]
    #: What the equations' operators mean.
    equation_legend: ClassVar[str] = "· matrix times vector, ⊙ element-wise, σ sigmoid"
    config: dict[str, Any]
    framework: str
    units: int
    use_bias: bool

    @property
    def output_units(self) -> int:
        """The width of ``h`` (the recurrent kind says)."""
        raise NotImplementedError

    def equation_texts(self) -> list[tuple[str, str]]:
        """(what it computes, the equation) for every step of the cell, as the layer is configured."""
        texts = list(self.configured_equations())
        if not self.use_bias:
            texts = [(meaning, re.sub(r" \+ r?b_?[a-z]*(?=[ )])", "", text)) for meaning, text in texts]
        return texts

    def configured_equations(self) -> tuple[tuple[str, str], ...]:
        """The kind's equations under its framework, before biases are taken out."""
        return self.equations[self.framework]

    def width_text(self) -> str:
        """What ``units`` is, for the explanation's opening paragraph."""
        states = "the hidden state h (and of the cell state c)" if self.state_count == 2 else "the hidden state h"
        return (
            f"units = {self.units} is the width of {states}: a vector of {self.units} numbers per sample. "
            "It is not the number of cells, and not the number of time steps: the layer is one cell, "
            "applied at every time step."
        )

    def cell_notes(self, input_shape: Shape) -> list[str]:
        """What else the cell's equations need said (a ConvLSTM's convolutions); nothing here."""
        return []

    def packing_axis(self, framework: str) -> str:
        """Along which axis ``framework`` stacks the gates' blocks."""
        return "columns; kernels hold W transposed" if framework == KERAS else "rows"

    def symbol_shapes(self, input_shape: Shape) -> dict[str, Shape]:
        """The shape of every symbol the equations use, for one sample, on ``input_shape``."""
        features = input_shape[-1]
        units, width = self.units, self.output_units
        shapes: dict[str, Shape] = {"x_t": (features,), "h_{t-1}": (width,), "h_t": (width,)}
        for symbol in ("c_{t-1}", "c_t", "c̃_t", "g_t", "h̃_t", "n_t", "i_t", "f_t", "o_t", "z_t", "r_t"):
            shapes[symbol] = (units,)
        for gate in self.gate_orders[self.framework]:
            suffix = f"_{gate}" if gate else ""
            if self.framework == KERAS:
                shapes[f"W{suffix}"] = (units, features)
                shapes[f"U{suffix}"] = (units, width)
                shapes[f"b{suffix}"] = (units,)
                shapes[f"rb{suffix}"] = (units,)
            else:
                shapes[f"W_i{gate or 'h'}"] = (units, features)
                shapes[f"W_h{gate or 'h'}"] = (units, width)
                shapes[f"b_i{gate or 'h'}"] = (units,)
                shapes[f"b_h{gate or 'h'}"] = (units,)
        if width != units:
            shapes["W_hr"] = (width, units)
        return shapes

    def cell_states(self, input_shape: Shape, directions: int) -> list[tuple[str, str, Shape, Shape]]:
        """The states the cell carries on ``input_shape`` (h, and c for an LSTM): symbol, meaning, shape
        per sample, batched."""
        batch = input_shape[0]
        names = [("h", "hidden state", self.output_units), ("c", "cell state", self.units)][: self.state_count]
        if self.framework == PYTORCH:
            # torch keeps one state per layer and direction on a leading axis, batch-first or not.
            stacked = self.config["num_layers"] * directions
            return [(symbol, meaning, (stacked, size), (stacked, batch, size)) for symbol, meaning, size in names]
        return [(symbol, meaning, (size,), (batch, size)) for symbol, meaning, size in names]

    def gate_layout(self, weight_name: str, shape: Shape, framework: str) -> str:
        """Where each gate's block lies in the weight ``weight_name`` of ``framework`` (``columns 0:12 W_iᵀ...``):
        Keras stacks gates along columns, torch along rows."""
        units = self.units
        gates = self.gate_orders[framework]
        base = weight_name.rsplit("/", 1)[-1]
        spans = [f"{index * units}:{(index + 1) * units}" for index in range(len(gates))]
        if framework == KERAS:
            symbol = {"kernel": "W", "recurrent_kernel": "U", "bias": "b"}[base]
            names = [f"{symbol}_{gate}" if gate else symbol for gate in gates]
            if base == "bias":
                if len(shape) == 2:
                    recurrent = [f"r{symbol_name}" for symbol_name in names]
                    return (
                        f"row 0 (input side) {_blocks(spans, names)}; "
                        f"row 1 (recurrent side) {_blocks(spans, recurrent)}; each ({units},)"
                    )
                return _vector_blocks(spans, names, units)
            transposed = [f"{symbol_name}ᵀ" for symbol_name in names]
            if len(gates) == 1:
                return _blocks(spans, transposed)
            return f"columns {_blocks(spans, transposed)}; each {(shape[0], units)}"
        if base.startswith("weight_hr"):
            return "W_hr, the projection of h (not split by gate)"
        side = "i" if "_ih_" in base else "h"
        symbol = "W" if base.startswith("weight") else "b"
        names = [f"{symbol}_{side}{gate or 'h'}" for gate in gates]
        if symbol == "b":
            return _vector_blocks(spans, names, units)
        if len(gates) == 1:
            return _blocks(spans, names)
        return f"rows {_blocks(spans, names)}; each {(units, shape[1])}"


def _vector_blocks(spans: list[str], names: list[str], units: int) -> str:
    if len(names) == 1:
        return _blocks(spans, names)
    return f"{_blocks(spans, names)}; each ({units},)"


def _blocks(spans: list[str], names: list[str]) -> str:
    if len(names) == 1:
        return f"{names[0]} (one block: no gates)"
    return ", ".join(f"{span} {name}" for span, name in zip(spans, names))
