"""Windows sliding over torch's spatial axes: the Conv1d and Conv2d modules, and the pooling
functions ``forward`` calls (``F.max_pool1d(x, x.size(2))``, ``F.avg_pool2d(x, 2)``,
``F.adaptive_max_pool1d(x, 1)``), on (N, C, *spatial) or unbatched (C, *spatial) tensors.

Each axis out is torch's ``floor((L + 2·padding - dilation·(kernel - 1) - 1) / stride) + 1``,
rounded up with ``ceil_mode`` unless the last window would start in the right padding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape, fits

#: The spatial axes of a 1-D and a 2-D window, as messages name them.
_AXES = {1: ("length",), 2: ("height", "width")}


def per_axis(value: Any, dimensions: int) -> tuple[Any, ...]:
    """A size given for every spatial axis (``3``) or for each (``(3, 16)``), one per axis; ``None``
    for each where it is not a number or not one per axis."""
    if isinstance(value, (list, tuple)):
        return tuple(value) if len(value) == dimensions else (None,) * dimensions
    return (value,) * dimensions


def window_length(
    length: int | None, kernel: Any, stride: Any, padding: Any, dilation: Any, ceil_mode: bool = False
) -> int | None:
    """How many windows fit along an axis of ``length``; ``None`` where a size is not known."""
    sizes = (length, kernel, stride, padding, dilation)
    if not all(isinstance(size, int) and not isinstance(size, bool) for size in sizes):
        return None
    # The pool layers' module loads only for a model that slides a window (not on every read of code).
    from lstm_calc.layers.base import LayerInputError
    from lstm_calc.layers.torch_pooling import window_steps

    try:
        return window_steps(length, kernel, stride, padding, dilation, ceil_mode)  # type: ignore[arg-type]
    except LayerInputError as error:
        raise ShapeRefusal(error.message) from None


def _layout(dimensions: int, unbatched: bool = False) -> str:
    axes = ("channels", *_AXES[dimensions])
    return "(" + ", ".join(axes if unbatched else ("batch", *axes)) + ")"


def _check_rank(x: TorchShape, dimensions: int, what: str) -> None:
    if len(x) not in (dimensions + 1, dimensions + 2):
        raise ShapeRefusal(f"{what} takes {_layout(dimensions)} or {_layout(dimensions, True)}, not a {len(x)}-D input")


def convolution(dimensions: int) -> Callable[[dict[str, Any], list[TorchShape | None]], Any]:
    """The shape rule of ``nn.Conv1d`` (``dimensions`` 1) or ``nn.Conv2d`` (2): channels come first."""

    def shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
        x = inputs[0]
        if x is None:
            return None
        _check_rank(x, dimensions, "it")
        fits(x[-dimensions - 1], options.get("in_channels"), "in_channels (the axis before the spatial ones)")
        spatial = x[-dimensions:]
        padding = options.get("padding", 0)
        kernels = per_axis(options.get("kernel_size"), dimensions)
        dilations = per_axis(options.get("dilation", 1), dimensions)
        _refuse_wrapping(options.get("padding_mode", "zeros"), spatial, padding, kernels, dilations)
        if padding == "same":
            return (*x[: -dimensions - 1], options.get("out_channels"), *spatial)
        paddings = per_axis(0 if padding == "valid" else padding, dimensions)
        strides = per_axis(options.get("stride", 1), dimensions)
        out = tuple(map(window_length, spatial, kernels, strides, paddings, dilations))
        return (*x[: -dimensions - 1], options.get("out_channels"), *out)

    return shapes


def _refuse_wrapping(
    mode: Any, spatial: TorchShape, padding: Any, kernels: tuple[Any, ...], dilations: tuple[Any, ...]
) -> None:
    """A ``padding_mode`` that pads with the axis's own values, as torch refuses it: ``reflect`` a padding
    as long as the axis, ``circular`` one longer (it would wrap around more than once)."""
    if mode not in ("reflect", "circular"):
        return
    for length, kernel, dilation, given in zip(spatial, kernels, dilations, per_axis(padding, len(spatial))):
        sides: tuple[int, ...]
        if padding == "same" and isinstance(kernel, int) and isinstance(dilation, int):
            total = dilation * (kernel - 1)
            sides = (total // 2, total - total // 2)
        else:
            sides = (given, given) if isinstance(given, int) else ()
        if not isinstance(length, int) or not sides:
            continue
        if mode == "reflect" and max(sides) >= length:
            raise ShapeRefusal(
                f"padding_mode='reflect' pads {sides} an axis of {length}: torch's padding must be less "
                "than the axis it pads"
            )
        if mode == "circular" and max(sides) > length:
            raise ShapeRefusal(
                f"padding_mode='circular' pads {sides} an axis of {length}, wrapping around more than once"
            )


#: The pooling functions of ``torch.nn.functional`` (and ``torch``) forward may call, with their
#: parameters after the input in order, as torch 2.x takes them.
POOLING_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "max_pool1d": ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"),
    "max_pool2d": ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"),
    "avg_pool1d": ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"),
    "avg_pool2d": ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"),
    "adaptive_avg_pool1d": ("output_size",),
    "adaptive_avg_pool2d": ("output_size",),
    "adaptive_max_pool1d": ("output_size", "return_indices"),
    "adaptive_max_pool2d": ("output_size", "return_indices"),
}


def pooled(name: str, x: TorchShape, arguments: list[Any], keywords: dict[str, Any]) -> TorchShape | None:
    """The shape ``torch.nn.functional.<name>`` (a :data:`POOLING_FUNCTIONS` key) gives ``x``; ``None``
    where an argument it depends on is not a known number. With ``return_indices`` the indices, of
    the same shape, come too: the caller pairs them."""
    given = dict(zip(POOLING_FUNCTIONS[name], arguments))
    given.update(keywords)
    dimensions = int(name[-2])
    _check_rank(x, dimensions, f"{name}()")
    spatial = x[-dimensions:]
    if name.startswith("adaptive"):
        sizes = per_axis(given.get("output_size"), dimensions)
        out = tuple(size if size is not None or dimensions == 1 else old for size, old in zip(sizes, spatial))
        if not all(isinstance(size, int) for size in out):
            return None
        return (*x[:-dimensions], *out)
    kernels = per_axis(given.get("kernel_size"), dimensions)
    stride = given.get("stride")
    strides = kernels if stride is None or stride == [] else per_axis(stride, dimensions)
    paddings = per_axis(given.get("padding", 0), dimensions)
    dilations = per_axis(given.get("dilation", 1), dimensions)
    ceil_mode = given.get("ceil_mode", False)
    if not isinstance(ceil_mode, bool):
        return None
    from lstm_calc.layers.base import LayerInputError
    from lstm_calc.layers.torch_pooling import check_pool_padding

    for kernel, padding in zip(kernels, paddings):
        if isinstance(kernel, int) and isinstance(padding, int):
            try:
                check_pool_padding(kernel, padding)
            except LayerInputError as error:
                raise ShapeRefusal(f"{name}() {error.message}") from None
    out = tuple(
        window_length(length, kernel, step, padding, dilation, ceil_mode)
        for length, kernel, step, padding, dilation in zip(spatial, kernels, strides, paddings, dilations)
    )
    return (*x[:-dimensions], *out)
