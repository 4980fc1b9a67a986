"""Conv1D (PyTorch's Conv1d) over (batch, time_steps, channels)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import (
    PYTORCH,
    Argument,
    arguments,
    boolean,
    is_integer,
    json_schema,
    kept_torch,
    positive_int,
    positive_size,
)
from lstm_calc.layers.base import (
    COMMON_ARGUMENTS,
    DATA_FORMAT,
    KERNEL_LAYER_OPTIONS,
    Layer,
    LayerInputError,
    Weight,
    known_last_axis,
    torch_input_size,
)
from lstm_calc.layers.keras_masks import DROPS
from lstm_calc.layers.quick_options import QuickOptions
from lstm_calc.layers.torch_code import TorchCall, TorchModule, activated, off, unless
from lstm_calc.shapes import Shape, Shapes, channels_first, first_shape, one_shape

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lstm_calc.formula_expressions import Expr

_ZEROS_SCHEMA = {"type": "integer", "minimum": 0}


@json_schema(
    {
        "anyOf": [
            {"enum": ["valid", "same", "causal"]},
            _ZEROS_SCHEMA,
            {"type": "array", "items": _ZEROS_SCHEMA, "minItems": 1, "maxItems": 1},
        ]
    }
)
def _padding(value: Any) -> str | None:
    # Keras takes a mode; torch.nn.Conv1d also takes a number of zeros on each side, or (zeros,).
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if value in ("valid", "same", "causal") or (is_integer(value) and value >= 0):
        return None
    return f"expected valid, same, causal or (PyTorch) a number of zeros, got {value!r}"


_padding.normalize = lambda value: value[0] if isinstance(value, list) else value  # type: ignore[attr-defined]


def conv_output_length(length: int | None, kernel: int, stride: int, padding: Any, dilation: int) -> int | None:
    """The output length of a 1-D convolution, as Keras's ``compute_conv_output_shape`` and torch compute it."""
    if length is None:
        return None
    if padding in ("same", "causal"):
        return (length - 1) // stride + 1
    zeros = 0 if padding == "valid" else padding
    return (length + 2 * zeros - dilation * (kernel - 1) - 1) // stride + 1


def window_outputs(
    window_argument: str,
    axes: Sequence[str],
    sizes: Sequence[int | None],
    window: Sequence[int],
    strides: Sequence[int],
    paddings: Sequence[Any],
    dilation: Sequence[int],
) -> tuple[int | None, ...]:
    """The size along each of ``axes`` of a window (sized by ``window_argument``) sliding over
    ``sizes``, as Keras's ``compute_conv_output_shape`` and ``compute_pooling_output_shape``
    compute them; an unknown size stays unknown.

    With ``padding: valid`` a window larger than the (dilated) input leaves nothing, which
    Keras refuses ("Computed output size would be zero or negative"); so does lstmcalc.
    """
    outputs = []
    for axis, size, extent, stride, zeros, rate in zip(axes, sizes, window, strides, paddings, dilation):
        output = conv_output_length(size, extent, stride, zeros, rate)
        if output is not None and output <= 0:
            reach = f"{extent} {axis}"
            if rate > 1:
                reach += f" (dilated by {rate}: {rate * (extent - 1) + 1})"
            raise LayerInputError(
                f"would output {output} {axis}: its {window_argument} of {reach} is larger than the "
                f"{size} input {axis}; use a larger input, a smaller {window_argument} or padding: same",
                argument=window_argument,
            )
        outputs.append(output)
    return tuple(outputs)


class Conv1D(Layer[Shape]):
    """Keras kernel (kernel_size, channels / groups, filters); torch weight (out, in / groups, kernel_size).

    Under the PyTorch convention the sequence stays (batch, time_steps, channels)
    between layers, so a Conv1d here stands for ``conv(x.transpose(1, 2)).transpose(1, 2)``.
    """

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    filters: int
    kernel_size: int
    strides: int
    padding: str | int
    dilation_rate: int
    groups: int
    use_bias: bool

    class_name = "Conv1D"
    keras_mask = DROPS
    torch_class_name = "Conv1d"
    arguments = arguments(
        Argument("filters", positive_int, aliases=("out_channels",)),
        Argument("kernel_size", positive_size),
        Argument("strides", positive_size, 1, aliases=("stride",)),
        Argument("padding", _padding, "valid"),
        Argument("dilation_rate", positive_size, 1, aliases=("dilation",)),
        Argument("groups", positive_int, 1),
        Argument("use_bias", boolean, True, aliases=("bias",)),
        torch_input_size("in_channels"),
        DATA_FORMAT,
        *KERNEL_LAYER_OPTIONS,
        *kept_torch("padding_mode"),
        *COMMON_ARGUMENTS,
    )
    input_ndim = 3
    input_axes = ("batch", "time_steps", "channels")
    keras_positional = (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "groups",
        "activation",
        "use_bias",
    )

    def output_shape(self, input_shape: Shape) -> Shapes:
        self._check_options()
        length = conv_output_length(input_shape[1], self.kernel_size, self.strides, self.padding, self.dilation_rate)
        if length is not None and length <= 0:
            raise LayerInputError(
                f"would output {length} time steps from {input_shape[1]} "
                f"(kernel_size {self.kernel_size}, dilation_rate {self.dilation_rate}, strides {self.strides}); "
                "use a longer input, a smaller kernel or padding: same"
            )
        return (input_shape[0], length, self.filters)

    def weights(self, input_shape: Shape) -> list[Weight]:
        self._check_options()  # what torch refuses at construction, before any call
        channels = known_last_axis(input_shape)
        self.check_declared_size("in_channels", channels, "channels")
        if channels % self.groups:
            raise LayerInputError(
                f"has groups: {self.groups}, which must divide the {channels} input channels", argument="groups"
            )
        if self.framework == PYTORCH:
            weights = [Weight("weight", (self.filters, channels // self.groups, self.kernel_size))]
        else:
            weights = [Weight("kernel", (self.kernel_size, channels // self.groups, self.filters))]
        if self.use_bias:
            weights.append(Weight("bias", (self.filters,)))
        return weights

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """kernel_size × (channels / groups) × filters at every output time step."""
        per_position = self.kernel_size * (known_last_axis(input_shape) // self.groups) * self.filters
        return positions(one_shape(output_shape)[1:2]) * per_position

    def _check_options(self) -> None:
        if self.filters % self.groups:
            raise LayerInputError(
                f"has groups: {self.groups}, which must divide filters ({self.filters})", argument="groups"
            )
        if self.framework == PYTORCH:
            if self.padding == "causal":
                raise LayerInputError(
                    "has padding: causal, which torch.nn.Conv1d does not have; pad the input on the left instead",
                    argument="padding",
                )
            if self.padding == "same" and self.strides > 1:
                raise LayerInputError(
                    "has padding: same with a stride above 1, which torch.nn.Conv1d refuses", argument="padding"
                )
            return
        if isinstance(self.padding, int):
            raise LayerInputError(
                "has a number as padding, which is PyTorch's form; Keras takes valid, same or causal",
                argument="padding",
            )
        if self.strides > 1 and self.dilation_rate > 1:
            raise LayerInputError(
                "has strides > 1 together with dilation_rate > 1, which Keras does not support",
                argument="strides",
            )

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        return "same weights; torch.nn.Conv1d stores the kernel as (filters, channels, kernel_size)"

    quick_options = QuickOptions(("filters", "kernel_size", "input_dim"), ("use_bias",), "filters")

    @classmethod
    def quick_layer(cls, options: Any) -> tuple[dict[str, Any], list[int | None]]:
        layer = {"type": cls.class_name, "use_bias": options.get("use_bias")}
        layer.update(filters=options.filters, kernel_size=options.kernel_size)
        return layer, [None, options.input_dim]

    def params_formula(self, input_shape: Shape) -> Expr:
        """``filters × (kernel_size × input_dim + 1)``: one window of every channel per filter, and its bias."""
        from lstm_calc.formula_expressions import Const, Product, Var, product_of, sum_of

        window = Product((Var("kernel_size", self.kernel_size), Var("input_dim", known_last_axis(input_shape))))
        return product_of(Var("filters", self.filters), sum_of(window, Const(1) if self.use_bias else None))

    def torch_module(self, input_shape: Shape) -> TorchModule:
        options = {
            "stride": unless(self.strides, 1),
            "padding": None if self.padding in ("valid", 0) else self.padding,
            "dilation": unless(self.dilation_rate, 1),
            "groups": unless(self.groups, 1),
            "bias": off(self.use_bias),
            "padding_mode": self.config["padding_mode"],
        }
        return TorchModule("nn.Conv1d", [input_shape[-1], self.filters, self.kernel_size], options)

    def torch_call_shapes(self, input_shape: Shape, output_shape: Shapes) -> tuple[list[Shape], list[Shape]]:
        # Channels first inside the transposes torch_call writes.
        return [channels_first(input_shape)], [channels_first(first_shape(output_shape))]

    def torch_call(self, module: str, x: str, input_shape: Shape) -> TorchCall:
        call = activated(self.config.get("activation"), f"{module}({x}.transpose(1, 2)).transpose(1, 2)")
        return call._replace(note=", Conv1d takes channels first")
