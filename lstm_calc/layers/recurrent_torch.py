"""How a recurrent kind writes itself as PyTorch code: its ``nn.LSTM``/``nn.GRU``/``nn.RNN`` module
and the ``forward`` lines that carry its states (``(h, c)`` for an LSTM, ``h`` otherwise)."""

from __future__ import annotations

from typing import Any, ClassVar

from lstm_calc.layers.torch_code import TorchModule, off, unless
from lstm_calc.shapes import Shape, Shapes, first_shape, format_shapes


class RecurrentTorchCode:
    """The export side of :class:`~lstm_calc.layers.recurrent.Recurrent`: its torch class is
    ``nn.<torch_class_name>``, its states are as many as ``state_count``."""

    torch_class_name: ClassVar[str | None]
    state_count: ClassVar[int]
    config: dict[str, Any]
    units: int
    num_layers: int
    use_bias: bool
    dropout: float
    bidirectional: bool
    return_state: bool
    return_sequences: bool

    def torch_module(self, input_shape: Shape) -> TorchModule | None:
        torch_class = f"nn.{self.torch_class_name}"
        options: dict[str, Any] = {
            "num_layers": unless(self.num_layers, 1),
            "bias": off(self.use_bias),
            "batch_first": True,
            "dropout": self.dropout or None if self.num_layers > 1 else None,
            "bidirectional": self.bidirectional or None,
            **self._torch_cell_options(),
        }
        activation = self.config.get("activation")
        notes: tuple[str, ...] = ()
        if self.torch_has_no_activation_option and activation not in (None, "tanh"):
            notes = (f"# activation {activation!r} has no {torch_class} option: torch uses tanh",)
        return TorchModule(torch_class, [input_shape[-1], self.units], options, notes)

    #: torch's LSTM and GRU always use tanh; torch.nn.RNN takes a nonlinearity.
    torch_has_no_activation_option: ClassVar[bool] = True

    def _torch_cell_options(self) -> dict[str, Any]:
        """The kind's own torch.nn constructor options."""
        return {}

    @property
    def torch_states(self) -> tuple[str, ...]:
        """The names ``forward`` gives the final states: h, and c for an LSTM."""
        return ("h", "c")[: self.state_count]

    def _torch_state_text(self) -> str:
        """The states as torch passes them: ``(h, c)`` for an LSTM, ``h`` alone otherwise."""
        states = self.torch_states
        return f"({', '.join(states)})" if len(states) > 1 else states[0]

    def torch_call_shapes(self, input_shape: Shape, output_shape: Shapes) -> tuple[list[Shape], list[Shape]]:
        """The module takes the whole sequence and returns every step's output, then its final states
        (``(D * num_layers, batch, size)``), whatever of them the layer passes on."""
        batch, steps = input_shape[0], input_shape[1]
        features = first_shape(output_shape)[-1]
        directions = 2 if self.bidirectional else 1
        assert features is not None  # a recurrent layer's output size is known
        hidden = features // directions
        states = [(directions * self.num_layers, batch, hidden), (directions * self.num_layers, batch, self.units)]
        return [input_shape], [(batch, steps, features), *states[: self.state_count]]

    def torch_stack_lines(
        self, module: str, x: str, tensors: list[str], input_shape: Shape, output_shape: Shapes
    ) -> tuple[list[str], list[str]]:
        # With return_state the outputs are [sequence, *states].
        sequence = output_shape[0] if isinstance(output_shape, list) else output_shape
        states = self._torch_state_text() if self.return_state else "_"
        if self.return_sequences:
            return [f"x, {states} = {module}({x})  # {format_shapes(sequence)}"], self._stack_outputs()
        return [
            f"x, {states} = {module}({x})",
            f"x = x[:, -1]  # the last time step (return_sequences: false): {format_shapes(sequence)}",
        ], self._stack_outputs()

    def _stack_outputs(self) -> list[str]:
        return ["x", *self.torch_states] if self.return_state else ["x"]

    def torch_node_lines(
        self, module: str, name: str, tensors: list[str], states: list[str], input_shape: Shape, shape: str
    ) -> list[str]:
        arguments = tensors[0]
        if states:
            arguments += f", ({', '.join(states)})" if len(self.torch_states) > 1 else f", {states[0]}"
        if not self.return_state:
            if self.return_sequences:
                return [f"{name}, _ = {module}({arguments}){shape}"]
            return [f"output, _ = {module}({arguments})", f"{name} = output[:, -1]{shape or '  # the last time step'}"]
        sequence = "output" if self.return_sequences else "output[:, -1]"
        return [
            f"output, {self._torch_state_text()} = {module}({arguments})",
            f"{name} = ({sequence}, {', '.join(self.torch_states)}){shape}",
        ]
