"""ConvLSTM1D and ConvLSTM2D: an LSTM whose matrix products are convolutions, as Keras 3 builds them
(``keras/src/layers/rnn/conv_lstm.py``).

The input is a sequence of signals (batch, time_steps, length, channels) or of frames (batch,
time_steps, rows, cols, channels); the states h and c are themselves images (batch, rows', cols',
filters), sized by the input convolution. Keras's cell holds three tensors, as LSTM's does, with a
kernel's spatial extent in front: ``kernel`` (k..., channels, 4·filters), ``recurrent_kernel``
(k..., filters, 4·filters) and ``bias`` (4·filters,), the four gates (i, f, c, o) side by side.

Not a :class:`~lstm_calc.layers.recurrent.Recurrent`: those carry the matrix formula, the matrix
cell ``explain`` draws and the torch.nn export; a ConvLSTM has its own formula and convolution
cell (:mod:`lstm_calc.layers.conv_lstm_cell`), and no torch.nn export (torch.nn has no ConvLSTM).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import (
    Argument,
    arguments,
    boolean,
    fraction,
    kept,
    one_of,
    positive_int,
    positive_pair,
    positive_size,
)
from lstm_calc.layers.base import (
    COMMON_ARGUMENTS,
    DATA_FORMAT,
    Layer,
    LayerInputError,
    Weight,
    refuse_stateful_without_batch,
)
from lstm_calc.layers.conv_lstm_cell import ConvCellDescription
from lstm_calc.layers.convolutional import window_outputs
from lstm_calc.layers.quick_options import QuickOptions
from lstm_calc.shapes import Shape, Shapes, describe_shape

if TYPE_CHECKING:
    from lstm_calc.formula_expressions import Expr

#: The four gates (input, forget, cell candidate, output), each ``filters`` wide in every tensor.
GATES = 4


def _conv_lstm_arguments(size: Any, one: Any) -> tuple[Argument, ...]:
    """ConvLSTM's arguments, as ``keras.layers.ConvLSTM2D.__init__`` lists them; ``size`` checks a
    kernel size, stride or dilation (one number, or one per spatial axis) and ``one`` is 1 as written."""
    return (
        Argument("filters", positive_int),
        Argument("kernel_size", size),
        Argument("strides", size, one),
        # Keras's ConvLSTMCell takes valid or same only (standardize_padding without causal).
        Argument("padding", one_of("valid", "same"), "valid"),
        DATA_FORMAT,
        Argument("dilation_rate", size, one),
        Argument("use_bias", boolean, True),
        Argument("return_sequences", boolean, False),
        Argument("return_state", boolean, False),
        Argument("go_backwards", boolean, False),
        Argument("stateful", boolean, False),
        Argument("dropout", fraction, 0.0),
        Argument("recurrent_dropout", fraction, 0.0),
        *kept(
            "activation",
            "recurrent_activation",
            "kernel_initializer",
            "recurrent_initializer",
            "bias_initializer",
            "unit_forget_bias",
            "kernel_regularizer",
            "recurrent_regularizer",
            "bias_regularizer",
            "kernel_constraint",
            "recurrent_constraint",
            "bias_constraint",
            "seed",
            # keras.layers.RNN's own, which ConvLSTM passes on and writes in its config.
            "unroll",
        ),
        *COMMON_ARGUMENTS,
    )


class ConvLSTM(ConvCellDescription, Layer[Shape]):
    """An LSTM over a sequence of ``rank``-D signals, its gates convolutions of ``filters`` channels.

    Keras's weights: kernel (k..., channels, 4f), recurrent_kernel (k..., f, 4f), bias (4f,).
    """

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    filters: int
    kernel_size: int | list[int]
    strides: int | list[int]
    padding: str
    dilation_rate: int | list[int]
    use_bias: bool
    return_sequences: bool
    return_state: bool
    go_backwards: bool
    stateful: bool

    #: How many spatial axes each time step has (1: length, 2: rows and cols).
    rank: ClassVar[int]
    #: What messages count along each of those axes, in order (``rows``, ``cols``).
    spatial_axes: ClassVar[tuple[str, ...]]
    #: What a formula calls each axis of a kernel that is not square (``kernel_rows``).
    kernel_axes: ClassVar[tuple[str, ...]]
    takes_initial_state = keras_takes_mask = True
    keras_input_argument = "sequences"
    wraps_in_bidirectional = True
    explains_cell = True
    keras_default_activation = "tanh"
    keras_positional = (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "activation",
        "recurrent_activation",
        "use_bias",
    )

    def sizes(self, value: int | list[int]) -> tuple[int, ...]:
        """A checked size argument as one number per spatial axis: ``3`` -> ``(3, 3)`` for ConvLSTM2D."""
        if isinstance(value, (list, tuple)):
            return tuple(value)
        return (value,) * self.rank

    def kernel_shape(self) -> tuple[int, ...]:
        return self.sizes(self.kernel_size)

    def step_shape(self, input_shape: Shape) -> Shape:
        """h's shape, frame sizes left unknown where the input's are (``explain KIND`` gives no frame)."""
        sizes = window_outputs(
            "kernel_size",
            self.spatial_axes,
            input_shape[2:-1],
            self.sizes(self.kernel_size),
            self.sizes(self.strides),
            (self.padding,) * self.rank,
            self.sizes(self.dilation_rate),
        )
        return (input_shape[0], *sizes, self.filters)

    def explained_cell(self) -> tuple[Layer[Any], int] | None:
        return self, 1

    def _step_output(self, input_shape: Shape) -> Shape:
        """The shape of h (and c, and the output at each step): (batch, spatial..., filters).

        Keras's cell computes it with ``compute_conv_output_shape``; its ``build`` refuses unknown
        spatial sizes or channels ("ConvLSTM layers only support static input shapes...").
        """
        spatial = input_shape[2:-1]
        if None in spatial:
            raise LayerInputError(
                f"needs known {' and '.join(self.input_axes[2:-1])} (Keras's ConvLSTM takes static spatial sizes) "
                f"but receives {describe_shape(input_shape)}"
            )
        if input_shape[-1] is None:
            raise LayerInputError(
                f"needs a known last axis (channels) to size its kernels but receives {describe_shape(input_shape)}"
            )
        self._check_options()
        return self.step_shape(input_shape)

    def _check_options(self) -> None:
        if max(self.sizes(self.strides)) > 1 and max(self.sizes(self.dilation_rate)) > 1:
            # ConvLSTMCell.__init__: "Specifying `strides > 1` is not compatible with `dilation_rate > 1`".
            raise LayerInputError(
                "has strides > 1 together with dilation_rate > 1, which Keras does not support",
                argument="strides",
            )

    def check_input(self, input_shape: Shape) -> None:
        """Refuse any rank but ``rank + 3``, as Keras's ``InputSpec(ndim=rank + 3)`` does; frames given
        to ConvLSTM1D point at ConvLSTM2D."""
        try:
            super().check_input(input_shape)
        except LayerInputError as error:
            if self.rank == 1 and len(input_shape) == 5:
                raise LayerInputError(
                    f"{error.message}; ConvLSTM2D takes sequences of frames (batch, time_steps, rows, cols, channels)"
                ) from None
            raise

    def output_shape(self, input_shape: Shape) -> Shapes:
        """The last step's h, or every step's with ``return_sequences``; then h and c with ``return_state``."""
        batch, time_steps = input_shape[0], input_shape[1]
        refuse_stateful_without_batch(self.stateful, batch)
        step = self._step_output(input_shape)
        sequence: Shape = (batch, time_steps, *step[1:]) if self.return_sequences else step
        if not self.return_state:
            return sequence
        return [sequence, step, step]

    def state_shapes(self, input_shape: Shape) -> list[Shape]:
        """h and c, both (batch, spatial..., filters)."""
        return [self._step_output(input_shape)] * 2

    def weights(self, input_shape: Shape) -> list[Weight]:
        self._step_output(input_shape)  # refuses unknown sizes and channels, as Keras's build does
        channels = input_shape[-1]
        assert channels is not None
        kernel = self.sizes(self.kernel_size)
        blocks = GATES * self.filters
        weights = [
            Weight("kernel", (*kernel, channels, blocks)),
            Weight("recurrent_kernel", (*kernel, self.filters, blocks)),
        ]
        if self.use_bias:
            weights.append(Weight("bias", (blocks,)))
        return weights

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """Per time step and output position: the input convolution, prod(k) × channels × 4·filters,
        and the recurrent one, prod(k) × filters × 4·filters.

        ``ConvLSTMCell.call`` convolves the input with the layer's strides, padding and dilation,
        and h with strides 1 and padding same, so both produce the step output's positions;
        times the time steps (per step when their number is unknown).
        """
        step = self._step_output(input_shape)
        channels = input_shape[-1]
        assert channels is not None
        window = math.prod(self.sizes(self.kernel_size))
        per_position = window * (channels + self.filters) * GATES * self.filters
        return positions(input_shape[1:2]) * (math.prod(size or 0 for size in step[1:-1]) * per_position)

    def hint_to_keep_time_axis(self, layer_name: str) -> str | None:
        if self.return_sequences:
            return None
        return f"set return_sequences: true on '{layer_name}'"

    # -- params: the formula ----------------------------------------------------------------

    quick_options = QuickOptions(("filters", "kernel_size", "input_dim"), ("use_bias", "bidirectional"), "filters")

    @classmethod
    def quick_layer(cls, options: Any) -> tuple[dict[str, Any], list[int | None]]:
        """A square kernel of ``--kernel-size`` over ``--input-dim`` channels, in Keras's Bidirectional
        with ``--bidirectional``; the count does not depend on the frame, so it is one the kernel's size."""
        layer: dict[str, Any] = {
            "type": cls.class_name,
            "filters": options.filters,
            "kernel_size": options.kernel_size,
            "use_bias": options.get("use_bias"),
        }
        if options.get("bidirectional"):
            layer = {"type": "Bidirectional", "layer": layer}
        return layer, [None, *[options.kernel_size] * cls.rank, options.input_dim]

    def params_formula(self, input_shape: Shape) -> Expr:
        """``4 × filters × (kernel_size × kernel_size × (input_dim + filters) + 1)``: each gate's kernel
        sees a window of the input's channels and of h's filters, plus its bias; the same
        ``GATES``, sizes and ``use_bias`` as :meth:`weights`."""
        from lstm_calc.formula_expressions import Const, Product, Var, product_of, sum_of

        channels = input_shape[-1]
        assert channels is not None  # weights() refuses unknown channels first
        kernel = self.sizes(self.kernel_size)
        if len(set(kernel)) == 1:
            window: list[Expr] = [Var("kernel_size", size) for size in kernel]
        else:
            window = [Var(f"kernel_{axis}", size) for axis, size in zip(self.kernel_axes, kernel)]
        filters = Var("filters", self.filters)
        sizes = sum_of(Var("input_dim", channels), filters)
        per_filter = sum_of(Product((*window, sizes)), Const(1) if self.use_bias else None)
        return product_of(Const(GATES), filters, per_filter)


class ConvLSTM1D(ConvLSTM):
    """Over (batch, time_steps, length, channels): kernel (k, channels, 4f), recurrent_kernel (k, f, 4f)."""

    class_name = "ConvLSTM1D"
    arguments = arguments(*_conv_lstm_arguments(positive_size, 1))
    rank = 1
    spatial_axes = ("positions",)
    input_ndim = 4
    input_axes = ("batch", "time_steps", "length", "channels")
    kernel_axes = ("length",)


class ConvLSTM2D(ConvLSTM):
    """Over (batch, time_steps, rows, cols, channels): kernel (kr, kc, channels, 4f),
    recurrent_kernel (kr, kc, f, 4f)."""

    class_name = "ConvLSTM2D"
    arguments = arguments(*_conv_lstm_arguments(positive_pair, [1, 1]))
    rank = 2
    spatial_axes = ("rows", "cols")
    input_ndim = 5
    input_axes = ("batch", "time_steps", "rows", "cols", "channels")
    kernel_axes = ("rows", "cols")
