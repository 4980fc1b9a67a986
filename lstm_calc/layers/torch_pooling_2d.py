"""torch.nn's 2-D pools over torch's (N, C, H, W) or unbatched (C, H, W): the window pools, MaxPool2d
and AvgPool2d, each of the last two axes pooled by torch's rule
(:func:`~lstm_calc.layers.torch_pooling.window_steps`), as a TextCNN pools its convolutions' (batch,
filters, steps, 1) outputs; the adaptive ones, AdaptiveAvgPool2d and AdaptiveMaxPool2d, to the
``output_size`` asked. No weights, no MACs.

Keras's MaxPooling2D and AveragePooling2D, which take images channels last, are other kinds
(:mod:`lstm_calc.layers.pooling_2d`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from lstm_calc.arguments import (
    Argument,
    _describe_items,
    arguments,
    as_pair,
    boolean,
    is_integer,
    json_schema,
    non_negative_pair,
    optional_positive_int,
    optional_positive_pair,
    positive_pair,
)
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError
from lstm_calc.layers.torch_code import unless
from lstm_calc.layers.torch_only import TorchOnlyLayer
from lstm_calc.layers.torch_pooling import WindowPool, check_pool_padding, window_steps
from lstm_calc.shapes import Shape, Shapes, describe_shape

#: The window arguments both pools lead with.
_WINDOW_ARGUMENTS = (
    Argument("kernel_size", positive_pair),
    Argument("stride", optional_positive_pair, None),
    Argument("padding", non_negative_pair, 0),
)


class TorchPool2d(TorchOnlyLayer):
    """Pools the last two axes of (N, C, H, W) or (C, H, W); with ``return_indices``, the indices come too."""

    input_axes = ("batch", "channels", "height", "width")

    def check_input(self, input_shape: Shape) -> None:
        if len(input_shape) not in (3, 4):
            raise LayerInputError(
                f"needs a 3-D or 4-D input (batch, channels, height, width), pooling the last two axes as torch "
                f"does, but receives {describe_shape(input_shape)}",
                wants_more_axes=len(input_shape) < 3,
                axes=self.input_axes,
            )

    def pooled(self, input_shape: Shape, sizes: tuple[int | None, ...]) -> Shapes:
        """``input_shape`` with its last two axes ``sizes``, twice with ``return_indices``."""
        pooled = (*input_shape[:-2], *sizes)
        return [pooled, pooled] if self.config.get("return_indices") else pooled


class WindowPool2d(WindowPool, TorchPool2d):
    """Windows of ``kernel_size`` every ``stride`` (``kernel_size`` by default) over the last two
    axes, after ``padding`` each side."""

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
        return self.pooled(input_shape, sizes)


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


@json_schema(
    {
        "anyOf": [
            {"type": "integer", "minimum": 1},
            {"type": "array", "items": {"type": ["integer", "null"], "minimum": 1}, "minItems": 2, "maxItems": 2},
        ]
    }
)
def adaptive_pair(value: Any) -> str | None:
    """An adaptive pool's ``output_size``: a positive integer for both axes, or a list of two, each a
    positive integer or null (that axis keeps its input size)."""
    if isinstance(value, list):
        fits = len(value) == 2 and all(item is None or is_integer(item) and item >= 1 for item in value)
    else:
        fits = is_integer(value) and value >= 1
    if fits:
        return None
    what = "a positive integer, or a list of two, each a positive integer or null"
    return f"expected {what}, got {_describe_items(value)}"


class AdaptiveAvgPool2d(TorchPool2d):
    """``nn.AdaptiveAvgPool2d(output_size)``: the last two axes become ``output_size``, whatever they were."""

    class_name = torch_class_name = "AdaptiveAvgPool2d"
    arguments = arguments(Argument("output_size", adaptive_pair), *COMMON_ARGUMENTS)
    torch_positional: ClassVar[tuple[str, ...]] = ("output_size",)

    def output_shape(self, input_shape: Shape) -> Shapes:
        output_size = self.config["output_size"]
        wanted = output_size if isinstance(output_size, list) else [output_size] * 2  # None: that axis keeps its size
        sizes = tuple(size if out is None else out for out, size in zip(wanted, input_shape[-2:]))
        return self.pooled(input_shape, sizes)

    def torch_positional_values(self, input_shape: Shape) -> list[Any]:
        return [self.config["output_size"]]


class AdaptiveMaxPool2d(AdaptiveAvgPool2d):
    """``nn.AdaptiveMaxPool2d(output_size, return_indices=False)``."""

    class_name = torch_class_name = "AdaptiveMaxPool2d"
    arguments = arguments(
        Argument("output_size", adaptive_pair), Argument("return_indices", boolean, False), *COMMON_ARGUMENTS
    )
    torch_positional = ("output_size", "return_indices")

    def torch_options(self) -> dict[str, Any]:
        return {"return_indices": unless(self.config["return_indices"], False)}
