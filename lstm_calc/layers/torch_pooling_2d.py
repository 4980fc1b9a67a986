"""torch.nn's 2-D window pools, MaxPool2d and AvgPool2d, over torch's (N, C, H, W) or unbatched
(C, H, W): each of the last two axes pooled by torch's rule (:func:`~lstm_calc.layers.torch_pooling.window_steps`),
as a TextCNN pools its convolutions' (batch, filters, steps, 1) outputs. No weights, no MACs.

Keras's MaxPooling2D and AveragePooling2D, which take images channels last, are other kinds
(:mod:`lstm_calc.layers.pooling_2d`).
"""

from __future__ import annotations

from lstm_calc.arguments import (
    Argument,
    arguments,
    as_pair,
    boolean,
    non_negative_pair,
    optional_positive_int,
    optional_positive_pair,
    positive_pair,
)
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError
from lstm_calc.layers.torch_pooling import WindowPool, check_pool_padding, window_steps
from lstm_calc.shapes import Shape, Shapes, describe_shape

#: The window arguments both pools lead with.
_WINDOW_ARGUMENTS = (
    Argument("kernel_size", positive_pair),
    Argument("stride", optional_positive_pair, None),
    Argument("padding", non_negative_pair, 0),
)


class WindowPool2d(WindowPool):
    """Windows of ``kernel_size`` every ``stride`` (``kernel_size`` by default) over the last two
    axes, after ``padding`` each side; with ``return_indices``, the indices come too."""

    input_axes = ("batch", "channels", "height", "width")

    def check_input(self, input_shape: Shape) -> None:
        if len(input_shape) not in (3, 4):
            raise LayerInputError(
                f"needs a 3-D or 4-D input (batch, channels, height, width), pooling the last two axes as torch "
                f"does, but receives {describe_shape(input_shape)}",
                wants_more_axes=len(input_shape) < 3,
                axes=self.input_axes,
            )

    def output_shape(self, input_shape: Shape) -> Shapes:
        config = self.config
        kernels = as_pair(config["kernel_size"])
        strides = as_pair(config["stride"] or config["kernel_size"])
        paddings = as_pair(config["padding"])
        dilations = as_pair(config.get("dilation", 1))
        for kernel, padding in zip(kernels, paddings):
            check_pool_padding(kernel, padding)
        sizes = tuple(
            None if length is None else window_steps(length, *window, bool(config["ceil_mode"]))
            for length, window in zip(input_shape[-2:], zip(kernels, strides, paddings, dilations))
        )
        pooled = (*input_shape[:-2], *sizes)
        return [pooled, pooled] if config.get("return_indices") else pooled


class MaxPool2d(WindowPool2d):
    """``nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)``."""

    class_name = torch_class_name = "MaxPool2d"
    arguments = arguments(
        *_WINDOW_ARGUMENTS,
        Argument("dilation", positive_pair, 1),
        Argument("return_indices", boolean, False),
        Argument("ceil_mode", boolean, False),
        *COMMON_ARGUMENTS,
    )
    torch_positional = ("kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode")


class AvgPool2d(WindowPool2d):
    """``nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
    divisor_override=None)``."""

    class_name = torch_class_name = "AvgPool2d"
    arguments = arguments(
        *_WINDOW_ARGUMENTS,
        Argument("ceil_mode", boolean, False),
        Argument("count_include_pad", boolean, True),
        Argument("divisor_override", optional_positive_int, None),
        *COMMON_ARGUMENTS,
    )
    torch_positional = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override")
