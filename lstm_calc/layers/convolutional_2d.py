"""Conv2D (PyTorch's Conv2d) over (batch, rows, cols, channels): the image front end of CNN-LSTM models.

Inside ``TimeDistributed`` it runs on every frame of (batch, time_steps, rows, cols, channels).
Under the PyTorch convention the image stays channels last between layers, as sequences do,
so a Conv2d here stands for ``conv(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)``.
"""

from __future__ import annotations

from typing import Any

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import (
    PYTORCH,
    Argument,
    _describe_items,
    arguments,
    as_pair,
    boolean,
    json_schema,
    kept_torch,
    non_negative_pair,
    positive_int,
    positive_pair,
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
from lstm_calc.layers.convolutional import Conv1D, window_outputs
from lstm_calc.layers.torch_code import TorchCall, TorchModule, activated, off, unless
from lstm_calc.shapes import Shape, Shapes, channels_first, describe_shape, first_shape, one_shape

#: The two spatial axes of an image, in order, as messages name them.
SPATIAL_AXES = ("rows", "cols")
IMAGE_AXES = ("batch", "rows", "cols", "channels")


class ImageLayer(Layer[Shape]):
    """A layer over one image (batch, rows, cols, channels); given frames, it asks for TimeDistributed."""

    input_ndim = 4
    input_axes = IMAGE_AXES

    def check_input(self, input_shape: Shape) -> None:
        if len(input_shape) == len(IMAGE_AXES) + 1:
            raise LayerInputError(
                f"needs a 4-D input (batch, rows, cols, channels) but receives {describe_shape(input_shape)}, "
                "a sequence of frames; wrap it in TimeDistributed to apply it to every frame"
            )
        super().check_input(input_shape)


def window_output_sizes(
    window_argument: str,
    input_shape: Shape,
    window: tuple[int, int],
    strides: tuple[int, int],
    padding: str | int | list[int],
    dilation: tuple[int, int] = (1, 1),
) -> tuple[int | None, ...]:
    """The rows and cols output by a window sliding over an image (:func:`window_outputs`).

    ``padding`` may also be torch.nn's zeros on each side, for both axes or for each.
    """
    paddings = (padding, padding) if isinstance(padding, str) else as_pair(padding)
    return window_outputs(window_argument, SPATIAL_AXES, input_shape[1:3], window, strides, paddings, dilation)


@json_schema({"anyOf": [{"enum": ["valid", "same"]}, non_negative_pair.json_schema]})
def _padding(value: Any) -> str | None:
    # Keras takes a mode; torch.nn.Conv2d also takes zeros on each side: one number for both axes, or two.
    if value in ("valid", "same") or non_negative_pair(value) is None:
        return None
    return (
        f"expected valid, same or (PyTorch) zeros on each side, a number or a list of two, got {_describe_items(value)}"
    )


class Conv2D(ImageLayer):
    """Keras kernel (kernel_rows, kernel_cols, channels / groups, filters);
    torch weight (filters, channels / groups, kernel_rows, kernel_cols); both with bias (filters,)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    filters: int
    kernel_size: int | list[int]
    strides: int | list[int]
    padding: str | int | list[int]
    dilation_rate: int | list[int]
    groups: int
    use_bias: bool

    class_name = "Conv2D"
    torch_class_name = "Conv2d"
    arguments = arguments(
        Argument("filters", positive_int, aliases=("out_channels",)),
        Argument("kernel_size", positive_pair),
        Argument("strides", positive_pair, [1, 1], aliases=("stride",)),
        # Keras's Conv2D has no causal padding (only Conv1D has).
        Argument("padding", _padding, "valid"),
        Argument("dilation_rate", positive_pair, [1, 1], aliases=("dilation",)),
        Argument("groups", positive_int, 1),
        Argument("use_bias", boolean, True, aliases=("bias",)),
        torch_input_size("in_channels"),
        DATA_FORMAT,
        *KERNEL_LAYER_OPTIONS,
        *kept_torch("padding_mode"),
        *COMMON_ARGUMENTS,
    )
    # Keras's Conv1D and Conv2D take the same leading parameters (both pass them to BaseConv).
    keras_positional = Conv1D.keras_positional

    def output_shape(self, input_shape: Shape) -> Shapes:
        self._check_options()
        rows, cols = window_output_sizes(
            "kernel_size",
            input_shape,
            as_pair(self.kernel_size),
            as_pair(self.strides),
            self.padding,
            as_pair(self.dilation_rate),
        )
        return (input_shape[0], rows, cols, self.filters)

    def weights(self, input_shape: Shape) -> list[Weight]:
        self._check_options()  # what torch refuses at construction, before any call
        channels = self._channels(input_shape)
        self.check_declared_size("in_channels", channels, "channels")
        kernel_rows, kernel_cols = as_pair(self.kernel_size)
        if self.framework == PYTORCH:
            weights = [Weight("weight", (self.filters, channels // self.groups, kernel_rows, kernel_cols))]
        else:
            weights = [Weight("kernel", (kernel_rows, kernel_cols, channels // self.groups, self.filters))]
        if self.use_bias:
            weights.append(Weight("bias", (self.filters,)))
        return weights

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """kernel_rows × kernel_cols × (channels / groups) × filters at every output position (row, col)."""
        kernel_rows, kernel_cols = as_pair(self.kernel_size)
        per_position = kernel_rows * kernel_cols * (self._channels(input_shape) // self.groups) * self.filters
        return positions(one_shape(output_shape)[1:3]) * per_position

    def _channels(self, input_shape: Shape) -> int:
        channels = known_last_axis(input_shape)
        if channels % self.groups:
            raise LayerInputError(
                f"has groups: {self.groups}, which must divide the {channels} input channels", argument="groups"
            )
        return channels

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        return "same weights; torch.nn.Conv2d stores the kernel as (filters, channels, kernel_rows, kernel_cols)"

    def torch_module(self, input_shape: Shape) -> TorchModule:
        options = {
            "stride": None if as_pair(self.strides) == (1, 1) else self.strides,
            "padding": None if self.padding in ("valid", 0, [0, 0]) else self.padding,
            "dilation": None if as_pair(self.dilation_rate) == (1, 1) else self.dilation_rate,
            "groups": unless(self.groups, 1),
            "bias": off(self.use_bias),
            "padding_mode": self.config["padding_mode"],
        }
        return TorchModule("nn.Conv2d", [input_shape[-1], self.filters, self.kernel_size], options)

    def torch_call_shapes(self, input_shape: Shape, output_shape: Shapes) -> tuple[list[Shape], list[Shape]]:
        # Channels first inside the permutes torch_call writes.
        return [channels_first(input_shape)], [channels_first(first_shape(output_shape))]

    def torch_call(self, module: str, x: str, input_shape: Shape) -> TorchCall:
        call = activated(self.config.get("activation"), f"{module}({x}.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)")
        return call._replace(note=", Conv2d takes channels first")

    def _check_options(self) -> None:
        if self.filters % self.groups:
            raise LayerInputError(
                f"has groups: {self.groups}, which must divide filters ({self.filters})", argument="groups"
            )
        if self.framework == PYTORCH:
            if self.padding == "same" and max(as_pair(self.strides)) > 1:
                raise LayerInputError(
                    "has padding: same with a stride above 1, which torch.nn.Conv2d refuses", argument="padding"
                )
            return
        if not isinstance(self.padding, str):
            raise LayerInputError(
                "has a number as padding, which is PyTorch's form; Keras takes valid or same", argument="padding"
            )
        if max(as_pair(self.strides)) > 1 and max(as_pair(self.dilation_rate)) > 1:
            raise LayerInputError(
                "has strides > 1 together with dilation_rate > 1, which Keras does not support",
                argument="strides",
            )
