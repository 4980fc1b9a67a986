"""Keras's ``RNN`` layer and the cells it steps through time: ``LSTMCell``, ``GRUCell``,
``SimpleRNNCell`` and ``StackedRNNCells``, as Keras 3 builds them (``keras/src/layers/rnn/rnn.py``,
``stacked_rnn_cells.py``).

A cell is one time step of the matching recurrent layer: ``LSTMCell(8)`` has the arguments and
weights of ``LSTM(8)`` less what happens over a sequence, so each cell kind reads its argument
table and weight rule from that layer's kind. ``RNN(cell)`` then owns the sequence:
``return_sequences``, ``return_state``, ``go_backwards``, ``stateful``. Keras names the weights
after the cells (``lstm_cell/kernel``, ``stacked_rnn_cells/gru_cell/bias``), and a list of cells
becomes a ``StackedRNNCells`` that Keras makes and names itself.

PyTorch's ``RNN`` spelling is its Elman RNN, lstmcalc's SimpleRNN: :meth:`RNN.kind_under` says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.arguments import KERAS, PYTORCH, Argument, _describe, arguments, json_schema, kept
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, LayerInputError, LayerList, Weight, known_last_axis
from lstm_calc.layers.recurrent import GRU, LSTM, Recurrent, SimpleRNN
from lstm_calc.layers.torch_cells import TorchCell
from lstm_calc.layers.torch_code import TorchModule, off
from lstm_calc.shapes import Shape, Shapes

if TYPE_CHECKING:
    from collections.abc import Collection

    from lstm_calc.amount import Amount
    from lstm_calc.formula_expressions import Expr
    from lstm_calc.layers.torch_code import TorchCall

#: A recurrent layer's arguments that belong to the sequence (``keras.layers.RNN``'s) or to torch.nn:
#: a cell takes none of them.
NOT_CELL_ARGUMENTS = frozenset(
    {
        "return_sequences",
        "return_state",
        "stateful",
        "go_backwards",
        "unroll",
        "use_cudnn",
        "num_layers",
        "bidirectional",
        "batch_first",
        "proj_size",
    }
)
CELL_KINDS = "LSTMCell, GRUCell, SimpleRNNCell or StackedRNNCells"


def _cell_arguments(layer_kind: type[Recurrent]) -> dict[str, Argument]:
    """The arguments of ``layer_kind``'s cell: the layer's own, less the sequence's and torch.nn's."""
    return arguments(
        *(argument for argument in layer_kind.arguments.values() if argument.name not in NOT_CELL_ARGUMENTS)
    )


@json_schema({"anyOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}, "minItems": 1}]})
def cell_mappings(value: Any) -> str | None:
    """A cell is a mapping with a type, or a list of them (stacked, the first one's output feeding the next)."""
    if isinstance(value, dict):
        return None
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return None
    if isinstance(value, list) and value:
        odd = next(item for item in value if not isinstance(item, dict))
        return f"expected a list of cells such as {{type: LSTMCell, units: 8}}, got an item {_describe(odd)}"
    got = "an empty list" if value == [] else _describe(value)
    return f"expected a cell such as {{type: LSTMCell, units: 8}} or a non-empty list of them, got {got}"


@json_schema({"type": "array", "items": {"type": "object"}, "minItems": 1})
def cell_list(value: Any) -> str | None:
    """StackedRNNCells' ``cells``: a non-empty list of cell mappings."""
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return None
    got = "an empty list" if value == [] else _describe(value)
    return f"expected a non-empty list of cells such as [{{type: LSTMCell, units: 8}}], got {got}"


def _not_a_layer() -> LayerInputError:
    return LayerInputError(
        "is a cell: one time step, which Keras runs over a sequence only inside an RNN layer; "
        "wrap it, as in {type: RNN, cell: {type: LSTMCell, units: 8}}"
    )


class Cell(TorchCell, Layer[Shape]):
    """One time step of ``layer_kind`` (LSTMCell: LSTM's), on (batch, features) and its states; under
    PyTorch a layer of its own (torch.nn.LSTMCell..., :class:`~lstm_calc.layers.torch_cells.TorchCell`)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    units: int
    use_bias: bool

    #: The recurrent layer this cell is one step of: its arguments, weights and explanation.
    layer_kind: ClassVar[type[Recurrent]]
    keras_default_activation = "tanh"

    def as_layer(self, **sequence_options: Any) -> Recurrent:
        """The ``layer_kind`` layer this cell makes inside an RNN with ``sequence_options``."""
        defaults, _ = self.layer_kind.config_template()
        return self.layer_kind({**defaults, **self.config, **sequence_options}, self.framework, self.declaration)

    def state_shapes(self, input_shape: Shape) -> list[Shape]:
        """(batch, units) for each state: h, and c for an LSTMCell."""
        return self.as_layer().state_shapes(input_shape)

    def cell_weights(self, features: int) -> list[Weight]:
        """The weights the cell builds on ``features`` inputs, as its layer kind does."""
        return self.as_layer().weights((None, None, features))

    def check_input(self, input_shape: Shape) -> None:
        if self.framework == PYTORCH:
            self.torch_cell_check(input_shape)

    def output_shape(self, input_shape: Shape) -> Shapes:
        if self.framework == PYTORCH:
            return self.torch_cell_output(input_shape)
        raise _not_a_layer()

    def weights(self, input_shape: Shape) -> list[Weight]:
        return self.torch_cell_weights(input_shape) if self.framework == PYTORCH else []

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        return (
            self.torch_cell_macs(input_shape) if self.framework == PYTORCH else super().macs(input_shape, output_shape)
        )

    def counterpart_params(self, input_shape: Shape) -> int | None:
        """Keras's cell of the same units on the same features (it runs inside an RNN layer)."""
        if self.framework != PYTORCH:
            return super().counterpart_params(input_shape)
        twin = type(self)({**self.config, "input_size": None}, KERAS)
        return sum(weight.size for weight in twin.cell_weights(known_last_axis(input_shape)))

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        if keras == torch:
            return "the same count: Keras's cell (run in an RNN layer) and torch.nn's"
        return "Keras's cell (run in an RNN layer) keeps one bias vector per gate, torch.nn's two (bias_ih, bias_hh)"

    def torch_module(self, input_shape: Shape) -> TorchModule | None:
        """``nn.LSTMCell(features, units)``: torch.nn's own cell (in an RNN of one cell export writes its
        layer, nn.LSTM; under PyTorch a cell is also a layer of its own)."""
        options: dict[str, Any] = {"bias": off(self.use_bias)}
        if self.config.get("nonlinearity") == "relu":
            options["nonlinearity"] = "relu"
        return TorchModule(f"nn.{self.torch_class_name}", [input_shape[-1], self.units], options)

    def torch_stack_lines(
        self, module: str, x: str, tensors: list[str], input_shape: Shape, output_shape: Shapes
    ) -> tuple[list[str], list[str]]:
        return self.torch_cell_stack_lines(module, x, output_shape)


class LSTMCell(Cell):
    """LSTM's step: kernel (i, 4u), recurrent_kernel (u, 4u), bias (4u,)."""

    class_name = "LSTMCell"
    torch_class_name = "LSTMCell"
    layer_kind = LSTM
    arguments = _cell_arguments(LSTM)
    keras_positional = LSTM.keras_positional


class GRUCell(Cell):
    """GRU's step: kernel (i, 3u), recurrent_kernel (u, 3u), bias (3u,) or (2, 3u) with reset_after."""

    class_name = "GRUCell"
    torch_class_name = "GRUCell"
    layer_kind = GRU
    arguments = _cell_arguments(GRU)
    keras_positional = GRU.keras_positional


class SimpleRNNCell(Cell):
    """SimpleRNN's step: kernel (i, u), recurrent_kernel (u, u), bias (u,)."""

    class_name = "SimpleRNNCell"
    torch_class_name = "RNNCell"
    layer_kind = SimpleRNN
    arguments = _cell_arguments(SimpleRNN)
    keras_positional = SimpleRNN.keras_positional
    torch_positional = ("input_size", "hidden_size", "bias", "nonlinearity")


class StackedRNNCells(Layer[Shape]):
    """Cells stepped one after the other: each takes the previous one's output, the last gives the RNN's."""

    class_name = "StackedRNNCells"
    arguments = arguments(Argument("cells", cell_list), *COMMON_ARGUMENTS)
    nested_arguments = ("cells",)
    keras_positional = ("cells",)

    def output_shape(self, input_shape: Shape) -> Shapes:
        raise _not_a_layer()


#: Where one cell's weights are listed inside the RNN: ``lstm_cell/`` or ``stacked_rnn_cells/gru_cell/``.
CellAt = tuple[Cell, str]


def _name(layer: Layer[Any]) -> str:
    assert layer.declaration is not None  # cells are read from a spec, which names them
    name: str = layer.declaration.name
    return name


class RNN(Recurrent):
    """Keras's RNN over a ``cell`` (or cells, stacked): the cells' weights, the sequence's options.

    A subclass of Recurrent, as Keras's LSTM is of RNN, so Bidirectional takes it as it is.
    """

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    cell: Layer[Any] | LayerList

    class_name = "RNN"
    #: Under PyTorch, one cell is its torch.nn layer (RNN(LSTMCell(8)) is nn.LSTM): see :attr:`type_name`.
    torch_class_name = "RNN"
    arguments = arguments(
        Argument("cell", cell_mappings),
        *(LSTM.arguments[name] for name in ("return_sequences", "return_state", "go_backwards", "stateful")),
        *kept("unroll"),
        *COMMON_ARGUMENTS,
    )
    nested_arguments = ("cell",)
    #: A list of cells is held by a StackedRNNCells that Keras makes, and names, itself.
    nested_list_holders: ClassVar[dict[str, str]] = {"cell": "StackedRNNCells"}
    keras_positional = ("cell", "return_sequences", "return_state", "go_backwards", "stateful", "unroll")
    keras_default_activation = "linear"
    quick_options = None

    @classmethod
    def kind_under(cls, framework: str, keys: Collection[str]) -> type[Layer[Any]]:
        # torch.nn.RNN is the Elman RNN, Keras's SimpleRNN: under PyTorch, an RNN without a cell is that one.
        return SimpleRNN if framework == PYTORCH and "cell" not in keys else cls

    @property
    def type_name(self) -> str:
        cell = self.config["cell"]
        if self.framework == PYTORCH and isinstance(cell, Cell):
            return cell.as_layer().type_name
        return self.class_name

    def _torch_layer(self) -> Recurrent | None:
        """Under PyTorch, the torch.nn layer the one cell amounts to (nn.LSTM...); None under Keras."""
        if self.framework != PYTORCH:
            return None
        single = self._single()
        if single is None:
            raise LayerInputError(
                f"stacks {len(self.cells())} cells, which lstmcalc's PyTorch convention does not build (no one "
                "torch.nn module steps them); stack LSTM, GRU or RNN layers instead",
                argument="cell",
            )
        return single

    def cells(self) -> list[CellAt]:
        """Each cell and where its weights are listed, first to last; refuses a cell that is none."""
        cell = self.cell
        if isinstance(cell, LayerList):
            return [(self._checked(item), f"{cell.holder_name}/{_name(item)}/") for item in cell]
        if isinstance(cell, StackedRNNCells):
            stacked: list[Layer[Any]] = cell.config["cells"]
            return [(self._checked(item), f"{_name(cell)}/{_name(item)}/") for item in stacked]
        return [(self._checked(cell), f"{_name(cell)}/")]

    @staticmethod
    def _checked(cell: Layer[Any]) -> Cell:
        if isinstance(cell, Cell):
            return cell
        declaration = cell.declaration
        if isinstance(cell, StackedRNNCells):
            message = "nests a StackedRNNCells in another, which lstmcalc does not support; list all the cells in one"
        else:
            # keras.layers.RNN: "The RNN cell should have a `state_size` attribute".
            message = f"has cell '{_name(cell)}' ({cell.type_name}), which is no RNN cell: give one of {CELL_KINDS}"
        raise LayerInputError(message, location=declaration.location if declaration else None)

    def _single(self) -> Recurrent | None:
        """With one cell, the recurrent layer it amounts to (RNN(LSTMCell(8)) is LSTM(8)); else None."""
        cells = self.cells()
        if len(cells) != 1:
            return None
        options = ("return_sequences", "return_state", "stateful", "go_backwards", "unroll", "name", "trainable")
        return cells[0][0].as_layer(**{option: self.config[option] for option in options})

    def output_shape(self, input_shape: Shape) -> Shapes:
        single = self._torch_layer()
        if single is not None:
            return single.output_shape(input_shape)
        cells = self.cells()
        states = self.state_shapes(input_shape)  # refuses stateful without a batch size
        batch, time_steps = input_shape[0], input_shape[1]
        units = cells[-1][0].units
        sequence: Shape = (batch, time_steps, units) if self.return_sequences else (batch, units)
        return [sequence, *states] if self.return_state else sequence

    def keras_state_items(self) -> tuple[int, ...] | None:
        # A stack of cells gives one item per cell, an LSTMCell's h and c as a list: (out, [h1, c1], h2);
        # one cell, each state (RNN(LSTMCell(8)) gives (out, h, c)).
        if not isinstance(self.cell, (LayerList, StackedRNNCells)):
            return None
        return tuple(cell.layer_kind.state_count for cell, _ in self.cells())

    def state_shapes(self, input_shape: Shape) -> list[Shape]:
        """Every cell's states, first cell first (an LSTMCell's h and c), flat, as Keras numbers them."""
        from lstm_calc.layers.base import refuse_stateful_without_batch

        refuse_stateful_without_batch(self.stateful, input_shape[0])
        return [shape for cell, _ in self.cells() for shape in cell.state_shapes(input_shape)]

    def weights(self, input_shape: Shape) -> list[Weight]:
        single = self._torch_layer()
        if single is not None:
            return single.weights(input_shape)  # nn.LSTM's weight_ih_l0..., as exported
        features = known_last_axis(input_shape)
        cells = self.cells()
        dtypes = list(dict.fromkeys(cell.weight_dtype for cell, _ in cells))
        if len(dtypes) > 1:
            raise LayerInputError(
                f"has cells of different dtypes ({', '.join(map(str, dtypes))}), but lstmcalc sizes one dtype a layer",
                argument="cell",
            )
        weights: list[Weight] = []
        for cell, place in cells:
            trainable = cell.trainable  # a frozen cell's weights are frozen, whatever the RNN says
            weights += [Weight(place + w.name, w.shape, w.trainable and trainable) for w in cell.cell_weights(features)]
            features = cell.units
        return weights

    @property
    def trainable(self) -> bool:
        # Keras 3 gives an RNN's trainable to the RNN alone: its cells' weights stay trainable (model.summary()
        # and the optimizer count them so), and only a cell's own trainable: false freezes them.
        return True if self.framework == KERAS else super().trainable

    @property
    def weight_dtype(self) -> str | None:
        # Keras builds each cell in the cell's own dtype (all one, as weights() checks); the RNN's reaches none.
        return self.cells()[0][0].weight_dtype

    # -- --compare, explain and export: one cell is its recurrent layer ------------------------

    def counterpart_params(self, input_shape: Shape) -> int | None:
        """torch.nn's cells (nn.LSTMCell, nn.GRUCell, nn.RNNCell) hold what one layer of nn.LSTM... holds."""
        single = self._torch_layer()
        if single is not None:
            return single.counterpart_params(input_shape)
        count = 0
        features = known_last_axis(input_shape)
        for cell, _ in self.cells():
            twin = cell.as_layer().counterpart_params((None, None, features))
            if twin is None:
                return None
            count += twin
            features = cell.units
        return count

    def count_note(self, keras: int | None, torch: int | None) -> str:
        single = self._single()
        if single is not None:
            return single.count_note(keras, torch)
        if keras == torch:
            return "the same count: one torch.nn cell (nn.LSTMCell, nn.GRUCell, nn.RNNCell) per Keras cell"
        return "one torch.nn cell per Keras cell; PyTorch keeps two bias vectors per gate"

    def params_formula(self, input_shape: Shape) -> Expr:
        """One cell: the formula of the layer it amounts to (RNN(LSTMCell(8)) is LSTM(8)); stacked cells:
        each cell's formula on the one before's units, added up (``units_1``, ``units_2``, ...)."""
        from lstm_calc.formula_expressions import Sum, renamed

        single = self._single()
        if single is not None:
            return single.params_formula(input_shape)
        features = known_last_axis(input_shape)
        parts: list[Expr] = []
        for number, (cell, _) in enumerate(self.cells(), start=1):
            names = {"units": f"units_{number}", **({"input_dim": f"units_{number - 1}"} if number > 1 else {})}
            parts.append(renamed(cell.as_layer().params_formula((None, None, features)), names))
            features = cell.units
        return Sum(tuple(parts))

    def explained_cell(self) -> tuple[Layer[Any], int] | None:
        single = self._single()
        return single.explained_cell() if single is not None else None

    def torch_module(self, input_shape: Shape) -> TorchModule | None:
        # Stacked cells of several kinds or widths have no one torch.nn module: export refuses them.
        single = self._single()
        return single.torch_module(input_shape) if single is not None else None

    def torch_call_shapes(self, input_shape: Shape, output_shape: Shapes) -> tuple[list[Shape], list[Shape]]:
        single = self._single()
        assert single is not None  # only called where torch_module gave a module
        return single.torch_call_shapes(input_shape, output_shape)

    def torch_call(self, module: str, x: str, input_shape: Shape) -> TorchCall:
        single = self._single()
        assert single is not None  # only called where torch_module gave a module
        return single.torch_call(module, x, input_shape)

    def torch_stack_lines(
        self, module: str, x: str, tensors: list[str], input_shape: Shape, output_shape: Shapes
    ) -> tuple[list[str], list[str]]:
        single = self._single()
        assert single is not None
        return single.torch_stack_lines(module, x, tensors, input_shape, output_shape)

    def torch_node_lines(
        self, module: str, name: str, tensors: list[str], states: list[str], input_shape: Shape, shape: str
    ) -> list[str]:
        single = self._single()
        assert single is not None
        return single.torch_node_lines(module, name, tensors, states, input_shape, shape)
