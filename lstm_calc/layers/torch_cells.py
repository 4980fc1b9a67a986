"""torch.nn's cells as layers: ``nn.LSTMCell``, ``nn.GRUCell`` and ``nn.RNNCell`` under ``framework: pytorch``.

Keras runs a cell only inside an RNN layer; torch calls one on its own, one time step:
``cell(x)`` with x (N, H_in) returns h' (N, H), and for an LSTMCell ``(h', c')``. Its state_dict is
one layer of ``nn.LSTM``'s without the layer suffix: ``weight_ih`` (G·H, H_in), ``weight_hh``
(G·H, H), ``bias_ih`` and ``bias_hh`` (G·H,) with ``bias``, G being 4 (LSTM), 3 (GRU) or 1.
MACs: every element of the two matrices once, one step: G·H·(H_in + H).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.amount import Amount
from lstm_calc.layers.base import LayerInputError, Weight, known_last_axis
from lstm_calc.shapes import Shape, Shapes, describe_shape, format_shapes

if TYPE_CHECKING:
    from lstm_calc.layers.recurrent import Recurrent


class TorchCell:
    """What a cell kind answers under the PyTorch convention; :class:`~lstm_calc.layers.rnn_cells.Cell`
    defers to it there."""

    #: torch.nn's constructor's positional parameters, in order (RNNCell adds ``nonlinearity``).
    torch_positional: ClassVar[tuple[str, ...]] = ("input_size", "hidden_size", "bias")
    torch_class_name: ClassVar[str | None]
    layer_kind: ClassVar[type[Recurrent]]
    units: int
    use_bias: bool
    config: dict[str, Any]

    if TYPE_CHECKING:

        def check_declared_size(self, argument: str, actual: int, unit: str = "features") -> None: ...

    def torch_cell_check(self, input_shape: Shape) -> None:
        """torch refuses anything but one step, (N, H_in) (or unbatched (H_in,), which lstmcalc has not)."""
        if len(input_shape) != 2:
            raise LayerInputError(
                f"takes one time step, a 2-D input (batch, features), but receives {describe_shape(input_shape)} "
                f"(torch: {self.torch_class_name}: expected input to be 1D or 2D); loop over the time steps, "
                f"or use {self.layer_kind.torch_class_name} for a whole sequence",
                wants_more_axes=len(input_shape) < 2,
                axes=("batch", "features"),
            )

    def torch_cell_output(self, input_shape: Shape) -> Shapes:
        """h' (N, H), and c' for an LSTMCell."""
        state: Shape = (input_shape[0], self.units)
        return [state] * self.layer_kind.state_count if self.layer_kind.state_count > 1 else state

    def torch_cell_weights(self, input_shape: Shape) -> list[Weight]:
        features = known_last_axis(input_shape)
        self.check_declared_size("input_size", features)
        blocks = self.layer_kind.gate_blocks * self.units
        weights = [Weight("weight_ih", (blocks, features)), Weight("weight_hh", (blocks, self.units))]
        if self.use_bias:
            weights += [Weight("bias_ih", (blocks,)), Weight("bias_hh", (blocks,))]
        return weights

    def torch_cell_macs(self, input_shape: Shape) -> Amount:
        blocks = self.layer_kind.gate_blocks * self.units
        return Amount(blocks * (known_last_axis(input_shape) + self.units))

    def torch_cell_stack_lines(self, module: str, x: str, output_shape: Shapes) -> tuple[list[str], list[str]]:
        """``x = cell(x)``; an LSTMCell's ``(h', c')`` go on as x and c."""
        if self.layer_kind.state_count > 1:
            return [f"x, c = {module}({x})  # {format_shapes(output_shape)}"], ["x", "c"]
        return [f"x = {module}({x})  # {format_shapes(output_shape)}"], ["x"]
