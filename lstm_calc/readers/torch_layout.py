"""How torch lays a tensor out in memory (its strides), as far as ``x.view(...)`` needs it: torch refuses a
view whose new shape its strides cannot express (ATen's ``computeStride``, aten/src/ATen/TensorUtils.cpp).

A layout is a tensor's strides (a tuple of ints, its shape known), :data:`CONTIGUOUS` (a contiguous tensor,
whatever its sizes), or ``None``: not known. The strides of an axis of size 1 never decide a view
(``computeStride`` passes over such an axis), and no rule here lets them reach an axis of another size;
elsewhere they are torch's. A rule not sure of torch's layout gives ``None``.
"""

from __future__ import annotations

from typing import Any

from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape

#: The layout of a tensor laid out contiguously: a module's output, ``torch.zeros``, ``x.contiguous()``.
CONTIGUOUS = "contiguous"

#: How a torch.nn module lays its output out (a :class:`~lstm_calc.readers.torch_kinds.TorchKind`'s ``layout``,
#: which :func:`lstm_calc.readers.torch_layout_values.module_output` reads; None: not known). Contiguous whatever
#: its inputs' layout; contiguous where its inputs are (a channels-last input may give a channels-last output);
#: as torch's TensorIterator lays out one element-wise function's result; its input's own layout (the input
#: itself, in eval mode as torchinfo runs it); an RNN's output, computed time first; MultiheadAttention's.
OUTPUT_CONTIGUOUS = "contiguous"
OUTPUT_CONTIGUOUS_IF_INPUTS_ARE = "contiguous if its inputs are"
OUTPUT_ELEMENTWISE = "element-wise"
OUTPUT_AS_INPUT = "as its input"
OUTPUT_RECURRENT = "recurrent"
OUTPUT_ATTENTION = "attention"

#: Strides, :data:`CONTIGUOUS`, or None (not known).
Layout = tuple[int, ...] | str | None

#: torch's words where a view's shape cannot be expressed with the tensor's strides.
VIEW_REFUSAL = (
    "view size is not compatible with input tensor's size and stride (at least one dimension spans across two "
    "contiguous subspaces). Use .reshape(...) instead."
)


def contiguous_strides(shape: TorchShape) -> tuple[int, ...] | None:
    """The strides of a contiguous tensor of ``shape`` (an axis of size 0 counts as 1); None where a size is unknown."""
    strides: list[int] = []
    step = 1
    for size in reversed(shape):
        if size is None:
            return None
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def strides_of(shape: TorchShape | None, layout: Layout) -> tuple[int, ...] | None:
    """The strides of a tensor of ``shape`` laid out as ``layout``; None where they are not known."""
    if shape is None or layout is None:
        return None
    if layout == CONTIGUOUS:
        return contiguous_strides(shape)
    assert isinstance(layout, tuple)
    return layout if None not in shape else None


def is_contiguous(shape: TorchShape, strides: tuple[int, ...]) -> bool:
    """``x.is_contiguous()``: axes of size 1 are passed over, an empty tensor is contiguous."""
    if 0 in shape:
        return True
    expected = 1
    for size, stride in zip(reversed(shape), reversed(strides)):
        if size != 1:
            if stride != expected:
                return False
            expected *= size  # type: ignore[operator]
    return True


def known(shape: TorchShape | None, layout: Layout) -> Layout:
    """``layout`` as plain as it can be said: CONTIGUOUS where the strides are contiguous ones."""
    strides = strides_of(shape, layout)
    if strides is not None and shape is not None and is_contiguous(shape, strides):
        return CONTIGUOUS
    return layout


def view_strides(
    shape: tuple[int, ...], strides: tuple[int, ...], new_shape: tuple[int, ...]
) -> tuple[int, ...] | None:
    """ATen's ``computeStride``: the strides of ``x.view(new_shape)``, or None where torch refuses the view."""
    if not shape:
        return (1,) * len(new_shape)
    numel = 1
    for size in shape:
        numel *= size
    if numel == 0:
        if shape == new_shape:
            return strides
        empty: list[int] = []
        step = 1
        for size in reversed(new_shape):
            empty.append(step)
            step *= max(size, 1)
        return tuple(reversed(empty))
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base_stride = strides[-1]
    tensor_numel = view_numel = 1
    for tensor_d in range(len(shape) - 1, -1, -1):
        tensor_numel *= shape[tensor_d]
        if tensor_d == 0 or (
            shape[tensor_d - 1] != 1 and strides[tensor_d - 1] != tensor_numel * chunk_base_stride
        ):  # the end of a chunk of axes contiguous with each other
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * chunk_base_stride
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base_stride = strides[tensor_d - 1]
                tensor_numel = view_numel = 1
    return tuple(new_strides) if view_d == -1 else None


def viewed(shape: TorchShape, layout: Layout, new_shape: TorchShape) -> Layout | bool:
    """The layout of ``x.view(new_shape)`` (``new_shape`` checked against ``shape`` already); False where torch's
    answer depends on strides lstmcalc does not know. :class:`ShapeRefusal` where torch refuses the view."""
    if layout == CONTIGUOUS:
        return CONTIGUOUS
    strides = strides_of(shape, layout)
    if strides is None or None in new_shape:
        if _kept_but_ones(shape, new_shape):  # a view adding or dropping axes of 1: any strides express it
            return None
        return False
    found = view_strides(shape, strides, new_shape)  # type: ignore[arg-type]
    if found is None:
        raise ShapeRefusal(VIEW_REFUSAL)
    return known(new_shape, found)


def reshaped(shape: TorchShape, layout: Layout, new_shape: TorchShape) -> Layout:
    """The layout of ``x.reshape(new_shape)`` / ``x.flatten()``: a view where one is possible, else a contiguous
    copy."""
    if layout == CONTIGUOUS:
        return CONTIGUOUS
    strides = strides_of(shape, layout)
    if strides is None or None in new_shape:
        return None
    found = view_strides(shape, strides, new_shape)  # type: ignore[arg-type]
    return CONTIGUOUS if found is None else known(new_shape, found)


def _kept_but_ones(shape: TorchShape, new_shape: TorchShape) -> bool:
    """Whether ``new_shape`` is ``shape`` with axes of 1 added or dropped, every size known."""
    return None not in shape and [size for size in shape if size != 1] == [size for size in new_shape if size != 1]


def permuted(shape: TorchShape, layout: Layout, dims: list[int]) -> Layout:
    """The layout of ``x.permute(*dims)`` (``dims`` checked already)."""
    strides = strides_of(shape, layout)
    if strides is None:
        return None
    return known(tuple(shape[d % len(shape)] for d in dims), tuple(strides[d % len(shape)] for d in dims))


def transposed(shape: TorchShape, layout: Layout, first: int, second: int) -> Layout:
    """The layout of ``x.transpose(first, second)`` (checked already)."""
    order = list(range(len(shape)))
    if order:
        a, b = first % len(shape), second % len(shape)
        order[a], order[b] = order[b], order[a]
    return permuted(shape, layout, order)


def unsqueezed(shape: TorchShape, layout: Layout, dim: int) -> Layout:
    """``x.unsqueeze(dim)``: the new axis's stride is the next axis's extent (1 at the end), as torch gives it."""
    if layout == CONTIGUOUS:
        return CONTIGUOUS
    strides = strides_of(shape, layout)
    if strides is None:
        return None
    where = dim % (len(shape) + 1)
    stride = 1 if where >= len(shape) else shape[where] * strides[where]  # type: ignore[operator]
    return (*strides[:where], stride, *strides[where:])


def squeezed(shape: TorchShape, layout: Layout, new_shape: TorchShape) -> Layout:
    """``x.squeeze(...)``, the axes of 1 dropped (``new_shape`` the result): the others keep their strides."""
    if layout == CONTIGUOUS:
        return CONTIGUOUS
    strides = strides_of(shape, layout)
    if strides is None:
        return None
    dropped = len(shape) - len(new_shape)
    kept = [stride for size, stride in zip(shape, strides) if size != 1]
    ones = [index for index, size in enumerate(shape) if size == 1]
    if dropped == len(ones):
        return tuple(kept)
    # some axes of 1 are kept: match the result's axes in order, the ones dropped being the first that can be
    result: list[int] = []
    position = 0
    for size in new_shape:
        while shape[position] != size:
            position += 1
        result.append(strides[position])
        position += 1
    return tuple(result)


def expanded(shape: TorchShape, layout: Layout, new_shape: TorchShape) -> Layout:
    """``x.expand(*sizes)``: an axis repeated (or added in front) has stride 0."""
    strides = strides_of(shape, layout)
    if strides is None or None in new_shape:
        return None
    leading = len(new_shape) - len(shape)
    result = [0] * leading
    for size, old, stride in zip(new_shape[leading:], shape, strides):
        result.append(stride if size == old else 0)
    return known(new_shape, tuple(result))


def indexed(shape: TorchShape, layout: Layout, items: list[Any], new_shape: TorchShape | None) -> Layout:
    """Basic indexing ``x[items]`` (ints, slices of known bounds, None, ...): a view, each int dropping its axis, a
    slice of step ``s`` multiplying its stride; None (not known) for an index tensor or a bound not known."""
    strides = strides_of(shape, layout)
    if strides is None or new_shape is None or None in new_shape:
        return None
    if any(not (item is None or item is Ellipsis or type(item) in (int, slice)) for item in items):
        return None
    used = sum(1 for item in items if item is not None and item is not Ellipsis)
    expanded_items: list[Any] = []
    for item in items:
        expanded_items += [slice(None)] * (len(shape) - used) if item is Ellipsis else [item]
    expanded_items += [slice(None)] * (len(shape) - sum(1 for item in expanded_items if item is not None))
    result: list[int] = []
    position = 0
    for item in expanded_items:
        if item is None:
            result.append(1 if position >= len(shape) else shape[position] * strides[position])  # type: ignore[operator]
            continue
        if isinstance(item, slice):
            result.append(strides[position] * (item.step or 1))
        position += 1
    return known(new_shape, tuple(result))


def iterated(shape: TorchShape, operands: list[tuple[TorchShape, Layout]]) -> Layout:
    """The layout of an element-wise operation's result of ``shape`` on ``operands`` (each a shape and a layout; a
    number is of shape ``()``), as torch's TensorIterator lays it out: contiguous in the order of the operands'
    strides, an axis broadcast in one of them left to the others (``reorder_dimensions``)."""
    if None in shape or 0 in shape:
        return None
    ndim = len(shape)
    broadcast: list[list[int]] = []
    for operand_shape, layout in operands:
        strides = strides_of(operand_shape, layout)
        if strides is None:
            return None
        offset = ndim - len(operand_shape)
        aligned = [0] * offset
        for size, stride, wanted in zip(operand_shape, strides, shape[offset:]):
            aligned.append(0 if size == 1 and wanted != 1 else stride)
        broadcast.append(aligned)
    if ndim <= 1:
        return CONTIGUOUS
    order = list(range(ndim - 1, -1, -1))  # the fastest axis first

    def should_swap(first: int, second: int) -> int:
        for strides in broadcast:
            a, b = strides[first], strides[second]
            if a == 0 or b == 0:
                continue
            if a != b:
                return -1 if a < b else 1
            if shape[first] > shape[second]:  # type: ignore[operator]
                return 1
        return 0

    for i in range(1, ndim):  # torch's insertion sort, where a comparison may have no answer
        second = i
        for first in range(i - 1, -1, -1):
            comparison = should_swap(order[first], order[second])
            if comparison > 0:
                order[first], order[second] = order[second], order[first]
                second = first
            elif comparison < 0:
                break
    result = [0] * ndim
    step = 1
    for dim in order:
        result[dim] = step
        step *= shape[dim]  # type: ignore[operator]
    return known(shape, tuple(result))
