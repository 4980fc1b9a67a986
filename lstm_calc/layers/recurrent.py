"""Recurrent layers: LSTM, GRU and SimpleRNN (PyTorch's RNN), as Keras 3 and torch.nn build them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

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
    refuse_stateful_without_batch,
    torch_input_size,
)
from lstm_calc.layers.keras_masks import DROPS, KEEPS, MaskRule
from lstm_calc.layers.quick_options import QuickOptions
from lstm_calc.layers.recurrent_cells import (
    GRU_EQUATIONS,
    GRU_GATES,
    KERAS_GRU_RESET_BEFORE,
    LSTM_EQUATIONS,
    LSTM_GATES,
    SIMPLE_RNN_EQUATIONS,
    SIMPLE_RNN_GATES,
    TORCH_PROJECTED_HIDDEN,
    CellDescription,
)
from lstm_calc.layers.recurrent_torch import RecurrentTorchCode
from lstm_calc.layers.stacked_layers import stacked_layer_count
from lstm_calc.shapes import Shape, Shapes

if TYPE_CHECKING:
    from lstm_calc.formula_expressions import Expr


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
            stacked_layer_count,
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


def _quick_options(own: str | None = None, convention: str = KERAS) -> QuickOptions:
    """What ``params`` and ``explain`` take for a recurrent kind: the options all share, and the kind's
    ``own`` option of one ``convention``."""
    optional = ("use_bias", "bidirectional", "num_layers", *((own,) if own else ()))
    conventions = {"num_layers": PYTORCH, **({own: convention} if own else {})}
    return QuickOptions(("units", "input_dim"), optional, "units", conventions)


class Recurrent(CellDescription, RecurrentTorchCode, Layer[Shape]):
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
    keras_positional: ClassVar[tuple[str, ...]] = ("units", "activation", "recurrent_activation", "use_bias")
    takes_initial_state = keras_takes_mask = True
    keras_input_argument = "sequences"
    wraps_in_bidirectional = True

    def keras_mask_rule(self, input_shape: Shape) -> MaskRule:
        return KEEPS if self.return_sequences else DROPS  # RNN.compute_mask: on a returned sequence only

    #: Keras 2 read input_dim and input_length on a recurrent layer as its input (input_length, input_dim).
    keras2_sequence_input = True
    keras_default_activation = "tanh"
    #: How many state tensors the cell carries (LSTM: h and c).
    state_count: ClassVar[int] = 1
    #: How many ``units``-wide blocks the kernels stack (one per gate or candidate): one per gate of
    #: ``gate_orders``, which each kind declares.
    gate_blocks: ClassVar[int]
    explains_cell = True

    @property
    def directions(self) -> int:
        return 2 if self.framework == PYTORCH and self.bidirectional else 1

    @property
    def output_units(self) -> int:
        """The width of ``h``: ``units``, or PyTorch's ``proj_size`` when the LSTM projects it."""
        return self.config.get("proj_size") or self.units

    def output_shape(self, input_shape: Shape) -> Shapes:
        batch, time_steps = input_shape[0], input_shape[1]
        refuse_stateful_without_batch(self.stateful, batch)
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
            states: list[Shape] = [(stacked, batch, self.output_units), (stacked, batch, self.units)]
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

    def bias_vectors(self) -> int:
        """Bias vectors per gate block: torch.nn keeps an input-side and a recurrent-side one, Keras one."""
        if not self.use_bias:
            return 0
        return 2 if self.framework == PYTORCH else 1

    def _torch_weights(self, features: int) -> list[Weight]:
        blocks = self.gate_blocks * self.units
        projected = self.config.get("proj_size") or 0
        weights: list[Weight] = []
        layer_input = features
        for layer in range(self.num_layers):
            for suffix in ("", "_reverse")[: self.directions]:
                weights.append(Weight(f"weight_ih_l{layer}{suffix}", (blocks, layer_input)))
                weights.append(Weight(f"weight_hh_l{layer}{suffix}", (blocks, self.output_units)))
                weights += [Weight(f"bias_{side}_l{layer}{suffix}", (blocks,)) for side in self._bias_sides()]
                if projected:
                    weights.append(Weight(f"weight_hr_l{layer}{suffix}", (projected, self.units)))
            layer_input = self.directions * self.output_units
        return weights

    def _bias_sides(self) -> tuple[str, ...]:
        return ("ih", "hh")[: self.bias_vectors()]

    def bias_shape(self) -> tuple[int, ...]:
        """Keras's one bias tensor: a vector, or one row per bias vector (GRU's reset_after)."""
        blocks = self.gate_blocks * self.units
        vectors = self.bias_vectors()
        return (blocks,) if vectors == 1 else (vectors, blocks)

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

    # -- --compare: the other convention's count --------------------------------------------

    def counterpart_params(self, input_shape: Shape) -> int | None:
        if self.framework == KERAS:
            return super().counterpart_params(input_shape)
        # A torch RNN of num_layers and directions is, in Keras, that many stacked (Bidirectional) layers.
        if self.config.get("proj_size"):
            return None
        twin = self.keras_single_layer()
        count = 0
        features = input_shape[-1]
        for _ in range(self.num_layers):
            shape = (*input_shape[:-1], features)
            count += self.directions * sum(weight.size for weight in twin.weights(shape))
            features = self.directions * self.units
        return count

    def keras_single_layer(self) -> Recurrent:
        """One layer and direction of this torch RNN as Keras builds it."""
        # input_size declares the first layer's input only (already checked); the layers above take 2·units or units.
        return type(self)({**self.config, "num_layers": 1, "bidirectional": False, "input_size": None}, KERAS)

    def torch_layer(self, bidirectional: bool) -> Recurrent:
        """This layer as torch.nn builds it, one module holding both directions when ``bidirectional``."""
        return type(self)({**self.config, "bidirectional": bidirectional}, PYTORCH)

    def count_note(self, keras: int | None, torch: int | None) -> str:
        if keras is None:
            return "Keras's LSTM has no projection (proj_size), so no Keras layer matches it"
        if not self.use_bias:
            return "the same without biases; PyTorch stores each matrix transposed"
        if keras == torch:
            return "the same count"
        per_gate = f"{self.gate_blocks}·h" if self.gate_blocks > 1 else "h"
        return f"PyTorch keeps two bias vectors per gate: +{per_gate} per layer and direction"

    # -- params and explain: the formula and the cell -----------------------------------------

    quick_options: ClassVar[QuickOptions | None] = _quick_options()

    @classmethod
    def quick_layer(cls, options: Any) -> tuple[dict[str, Any], list[int | None]]:
        layer: dict[str, Any] = {"type": cls.class_name, "use_bias": options.get("use_bias"), "units": options.units}
        if options.framework == PYTORCH:
            layer.update(num_layers=options.get("num_layers"), bidirectional=options.get("bidirectional"))
        layer.update(cls._quick_cell_options(options))
        if options.framework == KERAS and options.get("bidirectional"):
            layer = {"type": "Bidirectional", "layer": layer}
        return layer, [None, options.input_dim]

    @classmethod
    def _quick_cell_options(cls, options: Any) -> dict[str, Any]:
        """The kind's own quick-command options, as spec arguments."""
        return {}

    def params_formula(self, input_shape: Shape) -> Expr:
        """``gates × units × (input + h + biases)`` per layer and direction, from the same
        ``gate_blocks``, ``bias_vectors`` and widths as :meth:`weights`."""
        from lstm_calc.formula_expressions import Const, Difference, Product, Sum, Var, product_of, sum_of

        units = Var("units", self.units)
        projected = self.config.get("proj_size") or 0
        # The width of h, which feeds the recurrent matrix and the next layer: proj_size when torch projects it.
        width: Expr = Var("proj_size", projected) if projected else units
        biases = Const(self.bias_vectors())
        directions = Const(self.directions)

        def one_direction(layer_input: Expr) -> Expr:
            gates = product_of(Const(self.gate_blocks), units, sum_of(layer_input, width, biases))
            return sum_of(gates, Product((width, units)) if projected else None)

        first = product_of(directions, one_direction(Var("input_dim", known_last_axis(input_shape))))
        if self.num_layers == 1:
            return first
        deeper_input = product_of(directions, width)
        deeper = product_of(
            Difference(Var("num_layers", self.num_layers), Const(1)), directions, one_direction(deeper_input)
        )
        return Sum((first, deeper))

    def explained_cell(self) -> tuple[Layer[Any], int] | None:
        return self, self.directions


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
    gate_orders = LSTM_GATES
    gate_blocks = len(gate_orders[KERAS])
    equations = LSTM_EQUATIONS
    quick_options = _quick_options("proj_size", PYTORCH)

    def weights(self, input_shape: Shape) -> list[Weight]:
        if self.proj_size and self.proj_size >= self.units:
            # torch.nn.LSTM refuses this at construction: "proj_size has to be smaller than hidden_size".
            raise LayerInputError(
                f"has proj_size: {self.proj_size}, but proj_size must be smaller than hidden_size ({self.units})",
                argument="proj_size",
            )
        return super().weights(input_shape)

    @classmethod
    def _quick_cell_options(cls, options: Any) -> dict[str, Any]:
        return {"proj_size": options.get("proj_size")} if options.framework == PYTORCH else {}

    def configured_equations(self) -> tuple[tuple[str, str], ...]:
        equations = self.equations[self.framework]
        if self.framework == PYTORCH and self.proj_size:
            return (*equations[:-1], TORCH_PROJECTED_HIDDEN)
        return equations

    def _torch_cell_options(self) -> dict[str, Any]:
        return {"proj_size": self.proj_size or None}


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
    gate_orders = GRU_GATES
    gate_blocks = len(gate_orders[KERAS])
    equations = GRU_EQUATIONS
    quick_options = _quick_options("reset_after", KERAS)

    def bias_vectors(self) -> int:
        # reset_after keeps separate input and recurrent biases, as torch.nn does.
        if self.use_bias and self.framework == KERAS and self.reset_after:
            return 2
        return super().bias_vectors()

    def count_note(self, keras: int | None, torch: int | None) -> str:
        if keras is not None and self.use_bias and self.reset_after:
            return "the same: Keras's GRU with reset_after also keeps two bias vectors, as PyTorch does"
        return super().count_note(keras, torch)

    @classmethod
    def _quick_cell_options(cls, options: Any) -> dict[str, Any]:
        return {"reset_after": options.get("reset_after")} if options.framework == KERAS else {}

    def configured_equations(self) -> tuple[tuple[str, str], ...]:
        if self.framework == KERAS and not self.reset_after:
            return KERAS_GRU_RESET_BEFORE
        return self.equations[self.framework]


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
    gate_orders = SIMPLE_RNN_GATES
    gate_blocks = len(gate_orders[KERAS])
    equations = SIMPLE_RNN_EQUATIONS
    torch_has_no_activation_option = False

    def _torch_cell_options(self) -> dict[str, Any]:
        nonlinearity = self.config.get("nonlinearity") or self.config.get("activation")
        return {"nonlinearity": nonlinearity if nonlinearity == "relu" else None}
