"""Recurrent layers: LSTM, GRU and SimpleRNN (PyTorch's RNN), as Keras 3 and torch.nn build them."""

from __future__ import annotations

from typing import Any, ClassVar

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import (
    KERAS,
    PYTORCH,
    Argument,
    arguments,
    boolean,
    fraction,
    json_schema,
    kept,
    one_of,
    positive_int,
)
from lstm_calc.layers.base import (
    COMMON_ARGUMENTS,
    Layer,
    LayerInputError,
    Weight,
    is_bias,
    known_last_axis,
    torch_input_size,
)
from lstm_calc.shapes import Shape, Shapes


@json_schema({"type": "integer", "minimum": 0})
def _non_negative_int(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    return f"expected 0 or a positive integer, got {value!r}"


@json_schema({"const": True})
def _true_only(value: Any) -> str | None:
    # lstmcalc shows every PyTorch shape batch-first, as batch_first=True gives them.
    if value is True:
        return None
    return "lstmcalc shows PyTorch shapes batch-first, so only batch_first: true is supported"


def _recurrent_arguments(class_name: str) -> tuple[Argument, ...]:
    return (
        Argument("units", positive_int, aliases=("hidden_size",)),
        Argument("use_bias", boolean, True, aliases=("bias",)),
        Argument("return_sequences", boolean, False),
        Argument("return_state", boolean, False),
        Argument(
            "stateful",
            boolean,
            False,
            convention=KERAS,
            other_convention_hint="a torch.nn module keeps no state between batches; pass the last states back in",
        ),
        Argument("dropout", fraction, 0.0),
        Argument(
            "recurrent_dropout",
            fraction,
            0.0,
            convention=KERAS,
            other_convention_hint="torch.nn's dropout applies between stacked layers only",
        ),
        torch_input_size("input_size"),
        Argument(
            "go_backwards",
            boolean,
            False,
            convention=KERAS,
            other_convention_hint=(
                "torch.nn has no go_backwards; flip the sequence (torch.flip) or use bidirectional: true"
            ),
        ),
        Argument(
            "num_layers",
            positive_int,
            1,
            convention=PYTORCH,
            other_convention_hint=f"stack several {class_name} layers, with return_sequences: true on all but the last",
        ),
        Argument(
            "bidirectional",
            boolean,
            False,
            convention=PYTORCH,
            other_convention_hint=f"wrap the layer: {{type: Bidirectional, layer: {{type: {class_name}, ...}}}}",
        ),
        Argument("batch_first", _true_only, True, convention=PYTORCH),
        *kept(
            "activation",
            "unroll",
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
        ),
        *COMMON_ARGUMENTS,
    )


class Recurrent(Layer[Shape]):
    """An RNN over (batch, time_steps, features): states of ``units`` carried across time steps.

    Keras builds one cell with three stacked tensors; torch.nn builds, per layer and
    direction, separate input and recurrent matrices and two bias vectors.
    """

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    units: int
    use_bias: bool
    return_sequences: bool
    return_state: bool
    stateful: bool
    go_backwards: bool
    num_layers: int
    bidirectional: bool

    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")
    keras_positional = ("units", "activation", "recurrent_activation", "use_bias")
    takes_initial_state = True
    #: How many state tensors the cell carries (LSTM: h and c).
    state_count: ClassVar[int] = 1
    #: How many ``units``-wide blocks the kernels stack (one per gate or candidate).
    gate_blocks: ClassVar[int]

    @property
    def directions(self) -> int:
        return 2 if self.framework == PYTORCH and self.bidirectional else 1

    @property
    def output_units(self) -> int:
        """The width of ``h``: ``units``, or PyTorch's ``proj_size`` when the LSTM projects it."""
        return self.config.get("proj_size") or self.units

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, time_steps = input_shape[0], input_shape[1]
        if self.stateful and batch is None:
            raise LayerInputError(
                "is stateful, so it needs a fixed batch size, but the batch size is unknown; "
                "set input.batch_size (or batch_input_shape on the first layer)",
                argument="stateful",
            )
        width = self.directions * self.output_units
        sequence: Shape = (batch, time_steps, width) if self.return_sequences else (batch, width)
        if not self.return_state:
            return sequence
        return [sequence, *self.state_shapes(input_shape)]

    def state_shapes(self, input_shape: Shape) -> list[Shape]:
        batch = input_shape[0]
        if self.framework == PYTORCH:
            # torch keeps h_n (and c_n) layer-major, (num_layers * directions, batch, size), even batch-first.
            stacked = self.num_layers * self.directions
            states = [(stacked, batch, self.output_units), (stacked, batch, self.units)]
            return states[: self.state_count]
        return [(batch, self.units)] * self.state_count

    def weights(self, input_shape: Shape) -> list[Weight]:
        features = known_last_axis(input_shape)
        self.check_declared_size("input_size", features)
        if self.framework == PYTORCH:
            return self._torch_weights(features)
        blocks = self.gate_blocks * self.units
        weights = [Weight("kernel", (features, blocks)), Weight("recurrent_kernel", (self.units, blocks))]
        if self.use_bias:
            weights.append(Weight("bias", self.bias_shape()))
        return weights

    def _torch_weights(self, features: int) -> list[Weight]:
        blocks = self.gate_blocks * self.units
        projected = self.config.get("proj_size") or 0
        weights: list[Weight] = []
        layer_input = features
        for layer in range(self.num_layers):
            for suffix in ("", "_reverse")[: self.directions]:
                weights.append(Weight(f"weight_ih_l{layer}{suffix}", (blocks, layer_input)))
                weights.append(Weight(f"weight_hh_l{layer}{suffix}", (blocks, self.output_units)))
                if self.use_bias:
                    weights.append(Weight(f"bias_ih_l{layer}{suffix}", (blocks,)))
                    weights.append(Weight(f"bias_hh_l{layer}{suffix}", (blocks,)))
                if projected:
                    weights.append(Weight(f"weight_hr_l{layer}{suffix}", (projected, self.units)))
            layer_input = self.directions * self.output_units
        return weights

    def bias_shape(self) -> tuple[int, ...]:
        return (self.gate_blocks * self.units,)

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """Per time step, every element of every weight matrix multiplies once: LSTM 4u(i + u).

        The same matrices serve every time step, so the count is that times the time steps.
        """
        per_step = sum(weight.size for weight in self.weights(input_shape) if not is_bias(weight))
        return positions(input_shape[1:2]) * per_step

    def hint_to_keep_time_axis(self, layer_name: str) -> str | None:
        if self.return_sequences:
            return None
        return f"set return_sequences: true on '{layer_name}'"


class LSTM(Recurrent):
    """Four blocks (input, forget, cell candidate, output): Keras 4u(i + u + 1), torch 4h(i + h + 2)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    proj_size: int

    class_name = "LSTM"
    torch_class_name = "LSTM"
    arguments = arguments(
        *_recurrent_arguments("LSTM"),
        Argument(
            "proj_size",
            _non_negative_int,
            0,
            convention=PYTORCH,
            other_convention_hint="Keras's LSTM has no projection; add a Dense layer after it",
        ),
        *kept("recurrent_activation", "unit_forget_bias", "use_cudnn"),
    )
    state_count = 2
    gate_blocks = 4

    def weights(self, input_shape: Shape) -> list[Weight]:
        if self.proj_size and self.proj_size >= self.units:
            # torch.nn.LSTM refuses this at construction: "proj_size has to be smaller than hidden_size".
            raise LayerInputError(
                f"has proj_size: {self.proj_size}, but proj_size must be smaller than hidden_size ({self.units})",
                argument="proj_size",
            )
        return super().weights(input_shape)


class GRU(Recurrent):
    """Three blocks (update, reset, candidate); with ``reset_after`` (and in torch) two bias vectors."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    reset_after: bool

    class_name = "GRU"
    torch_class_name = "GRU"
    arguments = arguments(
        *_recurrent_arguments("GRU"),
        Argument(
            "reset_after",
            boolean,
            True,
            convention=KERAS,
            other_convention_hint="torch.nn.GRU always applies the reset gate after the recurrent matrix",
        ),
        *kept("recurrent_activation", "use_cudnn"),
    )
    gate_blocks = 3

    def bias_shape(self) -> tuple[int, ...]:
        # reset_after keeps separate input and recurrent biases, stacked on a leading axis of 2.
        if self.reset_after:
            return (2, self.gate_blocks * self.units)
        return (self.gate_blocks * self.units,)


class SimpleRNN(Recurrent):
    """One block: Keras u(i + u + 1), torch h(i + h + 2)."""

    class_name = "SimpleRNN"
    torch_class_name = "RNN"
    arguments = arguments(
        *_recurrent_arguments("SimpleRNN"),
        # torch.nn.RNN's activation: it refuses any other (count-neutral, so kept under Keras too).
        Argument("nonlinearity", one_of("tanh", "relu", None), None, keras=False),
    )
    keras_positional = ("units", "activation", "use_bias")
    gate_blocks = 1
