"""More of torch's shape rules, as torch 2.13 computes them: sorting and selecting (``topk``, ``sort``,
``narrow``, ``index_select``, ``gather``), shape-keeping reorderings (``flip``, ``roll``, ``cumsum``),
reductions over a list of dims, ``F.pad``, ``F.one_hot``, ``F.linear``, ``diag_embed``,
``tensordot``, ``x.mT``, ``x.unfold`` (windows along a dim) and ``F.unfold`` (sliding blocks).

As in :mod:`lstm_calc.readers.torch_tensor_ops`: shapes hold ``None`` for a size not known, a
number argument not known is ``None`` too, and :class:`ShapeRefusal` is raised where torch itself
would raise (its own message where it is plain).
"""

from __future__ import annotations

from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape
from lstm_calc.readers.torch_tensor_ops import axis, matmul

#: The padding modes of ``F.pad``.
PAD_MODES = ("constant", "reflect", "replicate", "circular")


def dim_of(index: int, ndim: int) -> int:
    """``index`` as an axis of a tensor of ``ndim`` axes; a 0-D tensor takes 0 and -1, as torch wraps them."""
    if ndim == 0 and index in (0, -1):
        return 0
    return axis(index, ndim)


def distinct_axes(dims: list[int], ndim: int) -> list[int]:
    """Each of ``dims`` as an axis; torch refuses one given twice."""
    axes: list[int] = []
    for index in dims:
        where = dim_of(index, ndim)
        if where in axes:
            raise ShapeRefusal(f"dim {where} appears multiple times in the list of dims")
        axes.append(where)
    return axes


def _replaced(shape: TorchShape, where: int, size: int | None) -> TorchShape:
    return (*shape[:where], size, *shape[where + 1 :])


def reduced(shape: TorchShape, dims: list[int] | None, keepdim: bool) -> TorchShape:
    """A reduction (``mean``, ``sum``, ``max``...) over ``dims`` (None: every axis), each kept as 1 with ``keepdim``."""
    axes = list(range(len(shape))) if dims is None else distinct_axes(dims, len(shape))
    return tuple(1 if i in axes else size for i, size in enumerate(shape) if keepdim or i not in axes)


def along(shape: TorchShape, dim: int) -> TorchShape:
    """``sort``, ``argsort``, ``cumsum``, ``cumprod`` along ``dim``: the shape kept, ``dim`` checked."""
    dim_of(dim, len(shape))
    return shape


def topk(shape: TorchShape, k: int | None, dim: int) -> TorchShape:
    """``x.topk(k, dim)``'s values (and indices): ``k`` of ``dim``'s positions."""
    where = dim_of(dim, len(shape))
    length = shape[where] if shape else 1
    if k is not None and (k < 0 or (length is not None and k > length)):
        raise ShapeRefusal("selected index k out of range")
    return _replaced(shape, where, k) if shape else ()


def flip(shape: TorchShape, dims: list[int]) -> TorchShape:
    """``torch.flip(x, dims)``: the shape kept; each dim in range, none twice."""
    distinct_axes(dims, len(shape))
    return shape


def roll(shape: TorchShape, shifts: int, dims: list[int] | None) -> TorchShape:
    """``torch.roll(x, shifts, dims)`` with ``shifts`` shifts: one per dim, or one for the flattened tensor."""
    if shifts == 0:
        raise ShapeRefusal("`shifts` required")
    if shifts != (len(dims) if dims else 1):  # without dims, one shift of the flattened tensor
        raise ShapeRefusal(f"shifts and dimensions must align. shifts: {shifts}, dims:{len(dims or ())}")
    for index in dims or ():
        if not shape:
            raise ShapeRefusal(f"Dimension specified as {index} but tensor has no dimensions")
        axis(index, len(shape))
    return shape


def narrow(shape: TorchShape, dim: int, start: int | None, length: int | None) -> TorchShape:
    """``x.narrow(dim, start, length)``: ``length`` positions of ``dim`` from ``start`` (from the end if negative)."""
    if not shape:
        raise ShapeRefusal("narrow() cannot be applied to a 0-dim tensor.")
    where = axis(dim, len(shape))
    size = shape[where]
    if length is not None and length < 0:
        raise ShapeRefusal("narrow(): length must be non-negative.")
    if size is not None and start is not None:
        if not -size <= start <= size:
            raise ShapeRefusal(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
        begin = start + size if start < 0 else start
        if length is not None and begin + length > size:
            raise ShapeRefusal(f"start ({begin}) + length ({length}) exceeds dimension size ({size}).")
    return _replaced(shape, where, length)


def index_select(shape: TorchShape, dim: int, index: TorchShape | None) -> TorchShape:
    """``torch.index_select(x, dim, index)``: ``dim`` as long as the index vector (``None``: not known)."""
    if index is not None and len(index) > 1:
        raise ShapeRefusal("index_select(): Index is supposed to be a vector")
    length = None if index is None else index[0] if index else 1
    where = dim_of(dim, len(shape))
    if not shape:
        if length is not None and length != 1:
            raise ShapeRefusal(f"index_select(): Index to scalar can have only 1 value, got {length} value(s)")
        return ()
    return _replaced(shape, where, length)


def gather(shape: TorchShape, dim: int, index: TorchShape) -> TorchShape:
    """``torch.gather(x, dim, index)``: the index's shape, no larger than ``x`` but along ``dim``."""
    where = dim_of(dim, len(shape))
    if max(len(index), 1) != max(len(shape), 1):
        raise ShapeRefusal("Index tensor must have the same number of dimensions as input tensor")
    if None not in index and 0 not in index:  # an empty index is not checked
        for i, (wanted, size) in enumerate(zip(index, shape)):
            if i != where and size is not None and wanted > size:  # type: ignore[operator]
                raise ShapeRefusal(
                    f"Size does not match at dimension {i} expected index {list(index)} to be no larger than "
                    f"self {list(shape)} apart from dimension {where}"
                )
    return index


def pad(shape: TorchShape, widths: list[int | None], mode: str) -> TorchShape | None:
    """``F.pad(x, widths, mode)``: the widths in pairs (before, after) from the last axis backwards, a
    negative one cutting; None where a mode other than constant is given what lstmcalc does not check
    (a cut, an empty axis)."""
    if mode not in PAD_MODES:
        raise ShapeRefusal(f"Unrecognised padding mode {mode}")
    if len(widths) % 2:
        raise ShapeRefusal("Padding length must be divisible by 2")
    pairs = len(widths) // 2
    if pairs > len(shape):
        raise ShapeRefusal(
            "Padding length should be less than or equal to two times the input dimension but got padding length "
            f"{len(widths)} and input of dimension {len(shape)}"
        )
    if mode != "constant":
        if not 1 <= pairs <= 3 or len(shape) not in (pairs + 1, pairs + 2):
            raise ShapeRefusal(f"Padding size {len(widths)} is not supported for {len(shape)}D input tensor.")
        if any(width is not None and width < 0 for width in widths) or 0 in shape:
            return None
    result = list(shape)
    for pair in range(pairs):
        where = len(shape) - 1 - pair
        before, after = widths[2 * pair], widths[2 * pair + 1]
        size = shape[where]
        if size is None or before is None or after is None:
            result[where] = size if before == after == 0 else None
            continue
        if mode == "reflect" and max(before, after) >= size:
            raise ShapeRefusal(
                f"Padding size should be less than the corresponding input dimension, but got: padding "
                f"({before}, {after}) at dimension {where} of input {list(shape)}"
            )
        if mode == "circular" and max(before, after) > size:
            raise ShapeRefusal("Padding value causes wrapping around more than once.")
        if size + min(before, 0) + min(after, 0) < 0:  # torch cuts first, then pads
            raise ShapeRefusal("narrow(): length must be non-negative.")
        result[where] = size + before + after
    return tuple(result)


def one_hot(shape: TorchShape, classes: int | None) -> TorchShape | None:
    """``F.one_hot(x, classes)``: a last axis of ``classes``; -1 (the default) takes the largest class
    in the data plus one, which is not known (None). None for 0 or fewer classes on an input that may be empty."""
    if classes is None or classes >= 1:
        return (*shape, classes)
    if classes == -1:
        if 0 in shape:
            raise ShapeRefusal("Can not infer total number of classes from empty tensor.")
        return (*shape, None)
    if None not in shape and 0 not in shape:  # no class value is below 0 or fewer
        raise ShapeRefusal("Class values must be smaller than num_classes.")
    return None


def linear(shape: TorchShape, weight: TorchShape, bias: TorchShape | None) -> TorchShape | None:
    """``F.linear(x, weight, bias)``: ``x @ weight.T + bias``; None where the bias is of a shape whose
    broadcast lstmcalc does not check (other than one axis, or none)."""
    if not shape or not weight:
        raise ShapeRefusal(
            f"both arguments to linear need to be at least 1D, but they are {len(shape)}D and {len(weight)}D"
        )
    if len(weight) > 2:
        raise ShapeRefusal(f"t() expects a tensor with <= 2 dimensions, but self is {len(weight)}D")
    result = matmul(shape, tuple(reversed(weight)))
    if bias is None or bias == ():
        return result
    if len(weight) == 1:
        raise ShapeRefusal("mat2 must be a matrix, got 1-D tensor")
    if len(bias) != 1:
        return None
    if bias[0] not in (None, 1, weight[0]) and weight[0] is not None:
        raise ShapeRefusal(f"the bias's size {bias[0]} is not the weight's {weight[0]} outputs")
    return result


def diag_embed(shape: TorchShape, offset: int, dim1: int, dim2: int) -> TorchShape:
    """``torch.diag_embed(x, offset, dim1, dim2)``: the last axis becomes a square of its length plus
    ``|offset|``, at ``dim1`` and ``dim2`` of the result."""
    ndim = len(shape) + 1  # a 0-D input has no last axis: any two dims of one axis are refused as identical
    first, second = axis(dim1, ndim), axis(dim2, ndim)
    if first == second:
        raise ShapeRefusal(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    last = shape[-1]
    size = None if last is None else last + abs(offset)
    result: list[int | None] = list(shape[:-1])
    for where in sorted((first, second)):
        result.insert(where, size)
    return tuple(result)


def tensordot(first: TorchShape, second: TorchShape, dims: int | tuple[list[int], list[int]]) -> TorchShape:
    """``torch.tensordot(a, b, dims)``: ``dims`` the last axes of ``a`` against the first of ``b``, or
    two lists of axes; the axes left, ``a``'s then ``b``'s. Summed sizes are equal or 1."""
    if isinstance(dims, int):
        if dims < 0:
            raise ShapeRefusal(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > len(first) or dims > len(second):
            raise ShapeRefusal(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        ours, theirs = list(range(len(first) - dims, len(first))), list(range(dims))
        shown = [mine - len(first) for mine in ours]  # torch names a's axes from the end here
    else:
        if len(dims[0]) != len(dims[1]):
            raise ShapeRefusal("both dimension lists should have same length")
        ours, theirs = distinct_axes(dims[0], len(first)), distinct_axes(dims[1], len(second))
        shown = ours
    for mine, other, named in zip(ours, theirs, shown):
        a, b = first[mine], second[other]
        if a is not None and b is not None and a != b and 1 not in (a, b):
            raise ShapeRefusal(
                f"contracted dimensions need to match, but first has size {a} in dim {named} and second has size "
                f"{b} in dim {other}"
            )
    return (
        *(size for i, size in enumerate(first) if i not in ours),
        *(size for i, size in enumerate(second) if i not in theirs),
    )


def matrix_transposed(shape: TorchShape, name: str) -> TorchShape:
    """``x.mT`` (or ``x.mH``): the last two axes swapped."""
    if len(shape) < 2:
        raise ShapeRefusal(
            f"tensor.{name} is only supported on matrices or batches of matrices. Got {len(shape)}-D tensor."
        )
    return (*shape[:-2], shape[-1], shape[-2])


def unfold(shape: TorchShape, dim: int, size: int | None, step: int | None) -> TorchShape:
    """``x.unfold(dim, size, step)``: ``dim`` becomes the count of windows of ``size`` every ``step``, and a
    last axis of ``size`` is added (a 0-D tensor is one element long)."""
    where = dim_of(dim, len(shape))
    length = shape[where] if shape else 1
    if size is not None and length is not None and size > length:
        raise ShapeRefusal(f"maximum size for tensor at dimension {where} is {length} but size is {size}")
    if size is not None and size < 0:
        raise ShapeRefusal(f"size is {size} but must be >= 0")
    if step is not None and step <= 0:
        raise ShapeRefusal(f"step is {step} but must be > 0")
    windows = None if None in (length, size, step) else (length - size) // step + 1  # type: ignore[operator]
    return (*_replaced(shape, where, windows), size) if shape else (size,)


def sliding_blocks(shape: TorchShape, pairs: dict[str, tuple[int, int]]) -> TorchShape:
    """``F.unfold(x, kernel_size, dilation, padding, stride)`` (torch's im2col) of (N, C, H, W) or (C, H, W):
    (N, C·kh·kw, blocks), each block a kernel's window of the padded height and width."""
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = (pairs[key] for key in ("kernel_size", "dilation", "padding", "stride"))
    if kh <= 0 or kw <= 0:
        raise ShapeRefusal(f"kernel size should be greater than zero, but got kernel_height: {kh} kernel_width: {kw}")
    if dh <= 0 or dw <= 0:
        raise ShapeRefusal(f"dilation should be greater than zero, but got dilation_height: {dh} dilation_width: {dw}")
    if ph < 0 or pw < 0:
        raise ShapeRefusal(f"padding should be non-negative, but got pad_height: {ph} pad_width: {pw}")
    if sh <= 0 or sw <= 0:
        raise ShapeRefusal(f"stride should be greater than zero, but got stride_height: {sh} stride_width: {sw}")
    if len(shape) not in (3, 4) or 0 in shape[len(shape) - 3 :]:
        raise ShapeRefusal(
            "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for "
            f"input, but got: {list(shape)}"
        )
    channels, height, width = shape[-3:]
    rows = None if height is None else (height + 2 * ph - (dh * (kh - 1) + 1)) // sh + 1
    columns = None if width is None else (width + 2 * pw - (dw * (kw - 1) + 1)) // sw + 1
    if (rows is not None and rows < 1) or (columns is not None and columns < 1):
        raise ShapeRefusal(
            f"Given input with spatial size ({height}, {width}), kernel_size=({kh}, {kw}), dilation=({dh}, {dw}), "
            f"padding=({ph}, {pw}), calculated shape of the array of sliding blocks as ({rows}, {columns}), but its "
            "components must be at least one."
        )
    blocks = None if rows is None or columns is None else rows * columns
    return (*shape[:-3], None if channels is None else channels * kh * kw, blocks)
