"""torch.nn's 1-D pools: MaxPool1d, AvgPool1d, AdaptiveAvgPool1d and AdaptiveMaxPool1d.

They pool the last axis of a (N, C, L) input, torch's layout (a 2-D input is torch's unbatched
(C, L): the same rule), unlike Keras's pools, which take (batch, time_steps, features). A window
pool's length out is torch's ``pooling_output_shape``:
``floor((L + 2·padding - dilation·(kernel_size - 1) - 1) / stride) + 1``, rounded up with
``ceil_mode`` unless the last window would start in the right padding. No weights, no MACs.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lstm_calc.arguments import Argument, arguments, boolean, optional_positive_size, positive_size
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError
from lstm_calc.layers.torch_code import unless
from lstm_calc.layers.torch_only import TorchOnlyLayer, non_negative_size
from lstm_calc.shapes import Shape, Shapes, describe_shape


def check_pool_padding(kernel: int, padding: int, argument: str = "padding") -> None:
    """torch takes a pool's padding up to half its kernel."""
    if padding > kernel // 2:
        raise LayerInputError(
            f"has padding: {padding}, but torch takes at most half the kernel ({kernel // 2}) for kernel_size {kernel}",
            argument=argument,
        )


def window_steps(length: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool) -> int:
    """How many windows of ``kernel`` (spread by ``dilation``) fit every ``stride`` along ``length``
    with ``padding`` each side: torch's ``pooling_output_shape``, which its convolutions share."""
    span = length + 2 * padding - dilation * (kernel - 1) - 1 + (stride - 1 if ceil_mode else 0)
    steps = span // stride + 1
    if ceil_mode and (steps - 1) * stride >= length + padding:
        steps -= 1  # torch: the last window must start inside the input or the left padding
    if steps <= 0:
        raise LayerInputError(
            f"would output {steps} positions: a window of kernel_size {kernel}"
            + (f" and dilation {dilation}" if dilation > 1 else "")
            + f" is longer than the {length} input positions"
            + (f" with padding {padding}" if padding else "")
        )
    return steps


class WindowPool(TorchOnlyLayer):
    """A window pool (1-D or 2-D) as exported code makes it: ``nn.MaxPool1d(3, stride=2)``."""

    def torch_positional_values(self, input_shape: Shape) -> list[Any]:
        return [self.config["kernel_size"]]

    def torch_options(self) -> dict[str, Any]:
        config = self.config
        return {
            "stride": config["stride"],
            "padding": unless(config["padding"], 0),
            "dilation": unless(config.get("dilation", 1), 1),
            "return_indices": unless(config.get("return_indices", False), False),
            "ceil_mode": unless(config["ceil_mode"], False),
            "count_include_pad": unless(config.get("count_include_pad", True), True),
            "divisor_override": config.get("divisor_override"),
        }


class TorchPool1d(TorchOnlyLayer):
    """Pools the last axis of (N, C, L) or (C, L); with ``return_indices``, the indices come too."""

    input_axes = ("batch", "channels", "length")

    def check_input(self, input_shape: Shape) -> None:
        if len(input_shape) not in (2, 3):
            raise LayerInputError(
                f"needs a 2-D or 3-D input (batch, channels, length), pooling the last axis as torch does, "
                f"but receives {describe_shape(input_shape)}",
                wants_more_axes=len(input_shape) < 2,
                axes=self.input_axes,
            )

    def pooled_length(self, length: int | None) -> int | None:
        """The last axis out."""
        raise NotImplementedError

    def output_shape(self, input_shape: Shape) -> Shapes:
        pooled = (*input_shape[:-1], self.pooled_length(input_shape[-1]))
        return [pooled, pooled] if self.config.get("return_indices") else pooled


#: The window arguments both window pools lead with.
WINDOW_ARGUMENTS = (
    Argument("kernel_size", positive_size),
    Argument("stride", optional_positive_size, None),
    Argument("padding", non_negative_size, 0),
)


class WindowPool1d(WindowPool, TorchPool1d):
    """Windows of ``kernel_size`` every ``stride`` (``kernel_size`` by default), after ``padding`` each side."""

    def window(self) -> tuple[int, int, int, int]:
        """(kernel_size, stride, padding, dilation)."""
        kernel = self.config["kernel_size"]
        return kernel, self.config["stride"] or kernel, self.config["padding"], self.config.get("dilation", 1)

    def pooled_length(self, length: int | None) -> int | None:
        kernel, stride, padding, dilation = self.window()
        check_pool_padding(kernel, padding)
        return (
            None
            if length is None
            else window_steps(length, kernel, stride, padding, dilation, self.config["ceil_mode"])
        )


class MaxPool1d(WindowPool1d):
    """``nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)``."""

    class_name = torch_class_name = "MaxPool1d"
    arguments = arguments(
        *WINDOW_ARGUMENTS,
        Argument("dilation", positive_size, 1),
        Argument("return_indices", boolean, False),
        Argument("ceil_mode", boolean, False),
        *COMMON_ARGUMENTS,
    )
    torch_positional = ("kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode")


class AvgPool1d(WindowPool1d):
    """``nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)``."""

    class_name = torch_class_name = "AvgPool1d"
    arguments = arguments(
        *WINDOW_ARGUMENTS,
        Argument("ceil_mode", boolean, False),
        Argument("count_include_pad", boolean, True),
        *COMMON_ARGUMENTS,
    )
    torch_positional = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad")


class AdaptiveAvgPool1d(TorchPool1d):
    """``nn.AdaptiveAvgPool1d(output_size)``: the last axis becomes ``output_size`` long, whatever it was."""

    class_name = torch_class_name = "AdaptiveAvgPool1d"
    arguments = arguments(Argument("output_size", positive_size), *COMMON_ARGUMENTS)
    torch_positional: ClassVar[tuple[str, ...]] = ("output_size",)

    def pooled_length(self, length: int | None) -> int | None:
        return int(self.config["output_size"])

    def torch_positional_values(self, input_shape: Shape) -> list[Any]:
        return [self.config["output_size"]]


class AdaptiveMaxPool1d(AdaptiveAvgPool1d):
    """``nn.AdaptiveMaxPool1d(output_size, return_indices=False)``."""

    class_name = torch_class_name = "AdaptiveMaxPool1d"
    arguments = arguments(
        Argument("output_size", positive_size), Argument("return_indices", boolean, False), *COMMON_ARGUMENTS
    )
    torch_positional = ("output_size", "return_indices")

    def torch_options(self) -> dict[str, Any]:
        return {"return_indices": unless(self.config["return_indices"], False)}
