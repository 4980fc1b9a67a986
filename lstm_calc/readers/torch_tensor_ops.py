"""What torch's tensor operations do to shapes, as torch computes them (batch included).

Each function takes shapes (``None`` for an axis not known) and plain values for the
operation's arguments, and returns the result's shape; :class:`ShapeRefusal` where torch
itself would raise. The ``forward`` follower (:mod:`lstm_calc.readers.torch_forward`) reads
the arguments from the code and calls these.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape

#: Functions and methods that keep their input's shape.
SHAPE_KEEPING = frozenset(
    {
        "relu", "tanh", "sigmoid", "gelu", "elu", "selu", "silu", "leaky_relu", "relu6", "softplus", "mish",
        "dropout", "softmax", "log_softmax", "contiguous", "float", "double", "half", "long", "int", "bool",
        "detach", "clone", "cpu", "cuda", "to", "exp", "log", "abs", "sqrt", "neg", "sign", "clamp",
        "masked_fill", "normalize", "layer_norm", "type_as", "requires_grad_", "triu", "tril",
        "isnan", "isinf", "isfinite", "logical_not", "sin", "cos", "tan", "sinh", "cosh", "asin", "acos", "atan",
        "floor", "ceil", "round", "trunc", "frac", "reciprocal", "rsqrt", "square", "erf", "nan_to_num", "log1p",
        "expm1", "log2", "log10", "sgn", "negative", "clamp_min", "clamp_max", "clip", "hardtanh", "softsign",
        "logsigmoid", "hardswish", "hardsigmoid", "celu", "tanhshrink", "softshrink", "hardshrink", "softmin",
        "alpha_dropout", "feature_alpha_dropout", "dropout1d", "dropout2d", "relu_", "tanh_", "sigmoid_", "exp_",
        "abs_", "zero_", "fill_", "clamp_", "masked_fill_", "uniform_", "normal_",
    }
)  # fmt: skip
#: Element-wise functions and methods of two operands (``torch.add(a, b)``, ``x.eq(0)``), broadcast
#: as torch does; a number is an operand of no axes.
BROADCASTING = frozenset(
    {
        "add", "sub", "mul", "div", "true_divide", "floor_divide", "multiply", "subtract", "divide", "maximum",
        "minimum", "pow", "fmod", "remainder", "atan2", "eq", "ne", "gt", "lt", "ge", "le", "logical_and",
        "logical_or", "logical_xor",
    }
)  # fmt: skip


def axis(index: int, ndim: int) -> int:
    """``index`` (negative from the end) as an axis of a tensor of ``ndim`` axes."""
    if not -ndim <= index < max(ndim, 1):
        raise ShapeRefusal(f"dimension {index} is out of range for a {ndim}-D tensor")
    return index % ndim if ndim else 0


def permute(shape: TorchShape, dims: list[int]) -> TorchShape:
    """``x.permute(*dims)``."""
    if len(dims) != len(shape) or sorted(axis(d, len(shape)) for d in dims) != list(range(len(shape))):
        raise ShapeRefusal(f"permute{tuple(dims)} does not reorder the {len(shape)} axes of the tensor")
    return tuple(shape[axis(d, len(shape))] for d in dims)


def transpose(shape: TorchShape, first: int, second: int) -> TorchShape:
    """``x.transpose(a, b)``."""
    a, b = axis(first, len(shape)), axis(second, len(shape))
    swapped = list(shape)
    swapped[a], swapped[b] = swapped[b], swapped[a]
    return tuple(swapped)


def reshape(shape: TorchShape, sizes: list[Any], name: str = "reshape") -> TorchShape | None:
    """``x.view(*sizes)`` / ``x.reshape`` (``name``): one ``-1`` inferred; ``None`` where a size is unknown."""
    for position, size in enumerate(sizes, 1):
        if isinstance(size, (float, str, complex)):  # x.size(1) / 2: a float
            argument = "size" if name == "view" else "shape"
            raise ShapeRefusal(
                f"{name}(): argument '{argument}' failed to unpack the object at pos {position} with error "
                f'"type must be tuple of ints,but got {type(size).__name__}"'
            )
    sizes = [int(size) if isinstance(size, bool) else size for size in sizes]  # torch takes True as 1
    if sizes.count(-1) > 1:
        raise ShapeRefusal("only one dimension can be inferred (-1)")
    total = math.prod(size for size in shape) if None not in shape else None  # type: ignore[misc]
    if -1 in sizes:
        known = [size for size in sizes if size != -1]
        if total is None or None in known:
            return tuple(None if size == -1 else size for size in sizes)
        rest = math.prod(known)
        if rest == 0 or total % rest:
            raise ShapeRefusal(f"shape {tuple(sizes)} is invalid for an input of size {total}")
        return tuple(total // rest if size == -1 else size for size in sizes)
    if total is not None and None not in sizes and math.prod(sizes) != total:
        raise ShapeRefusal(f"shape {tuple(sizes)} is invalid for an input of size {total}")
    return tuple(sizes)


def unsqueeze(shape: TorchShape, dim: int) -> TorchShape:
    """``x.unsqueeze(dim)``."""
    where = axis(dim, len(shape) + 1)
    return (*shape[:where], 1, *shape[where:])


def squeeze(shape: TorchShape, dim: int | tuple[int, ...] | list[int] | None) -> TorchShape | None:
    """``x.squeeze(dim)``, ``x.squeeze((0, 2))`` (each of those axes of size 1), or every axis of size 1;
    unknown when an axis it may drop is unknown."""
    if dim is None:
        if None in shape:
            return None
        return tuple(size for size in shape if size != 1)
    dims: list[Any] = list(dim) if isinstance(dim, (tuple, list)) else [dim]  # as written: checked below
    if not all(isinstance(item, int) and not isinstance(item, bool) for item in dims):
        raise ShapeRefusal(f"squeeze(): dim must be an int or a tuple of ints, not {dim!r}")
    wheres: list[int] = []
    for item in dims:
        where = axis(item, len(shape))
        if where in wheres:
            raise ShapeRefusal(f"dim {where} appears multiple times in the list of dims")
        wheres.append(where)
    if any(shape[where] is None for where in wheres):
        return None
    return tuple(size for index, size in enumerate(shape) if not (index in wheres and size == 1))


def flatten(shape: TorchShape, start: int = 0, end: int = -1) -> TorchShape:
    """``x.flatten(start, end)`` / ``torch.flatten``."""
    if not shape:
        return (1,)
    first, last = axis(start, len(shape)), axis(end, len(shape))
    if first > last:
        raise ShapeRefusal("flatten() has invalid args: start_dim cannot come after end_dim")
    middle = shape[first : last + 1]
    size = None if None in middle else math.prod(middle)  # type: ignore[arg-type]
    return (*shape[:first], size, *shape[last + 1 :])


def expand(shape: TorchShape, sizes: list[int]) -> TorchShape:
    """``x.expand(*sizes)``: new axes in front, an axis of size 1 repeated, ``-1`` keeping one."""
    if len(sizes) < len(shape):
        raise ShapeRefusal(
            f"expand takes at least as many sizes ({len(sizes)} given) as the tensor has axes ({len(shape)})"
        )
    leading = len(sizes) - len(shape)
    expanded: list[int | None] = []
    for position, size in reversed(list(enumerate(sizes))):  # torch checks from the last axis
        old = shape[position - leading] if position >= leading else None
        if position < leading and size == -1:
            raise ShapeRefusal(f"the expanded size -1 isn't allowed in a leading, non-existing dimension {position}")
        if position >= leading and size != -1 and old is not None and old not in (1, size):
            raise ShapeRefusal(
                f"the expanded size of the tensor ({size}) must match the existing size ({old}) at non-singleton "
                f"dimension {position}: target sizes {list(sizes)}, tensor sizes {list(shape)}"
            )
        expanded.append(old if size == -1 else size)
    return tuple(reversed(expanded))


def reduce(shape: TorchShape, dim: int | list[int] | None, keepdim: bool) -> TorchShape:
    """``torch.mean(x, dim)`` and the like: the axes reduced, or kept as 1."""
    if dim is None:
        return tuple(1 for _ in shape) if keepdim else ()
    dims = {axis(d, len(shape)) for d in (dim if isinstance(dim, list) else [dim])}
    return tuple(1 if i in dims else size for i, size in enumerate(shape) if keepdim or i not in dims)


def concatenate(shapes: list[TorchShape], dim: int) -> TorchShape:
    """``torch.cat(shapes, dim)``: equal but along ``dim``, where the sizes add."""
    ndim = len(shapes[0])
    if any(len(shape) != ndim for shape in shapes):
        raise ShapeRefusal("torch.cat takes tensors with the same number of axes")
    where = axis(dim, ndim)
    result = list(shapes[0])
    for shape in shapes[1:]:
        for i, size in enumerate(shape):
            if i != where:
                result[i] = _same_size(result[i], size)
    sizes = [shape[where] for shape in shapes]
    result[where] = None if None in sizes else sum(sizes)  # type: ignore[arg-type]
    return tuple(result)


def stack(shapes: list[TorchShape], dim: int) -> TorchShape:
    """``torch.stack(shapes, dim)``."""
    first = shapes[0]
    for shape in shapes[1:]:
        if len(shape) != len(first):
            raise ShapeRefusal("torch.stack takes tensors of the same shape")
        first = tuple(_same_size(a, b) for a, b in zip(first, shape))
    where = axis(dim, len(first) + 1)
    return (*first[:where], len(shapes), *first[where:])


def _same_size(first: int | None, second: int | None) -> int | None:
    if first is not None and second is not None and first != second:
        raise ShapeRefusal(f"sizes {first} and {second} do not match")
    return first if first is not None else second


def broadcast(first: TorchShape, second: TorchShape) -> TorchShape:
    """The shape of an element-wise operation on two tensors, broadcast as torch does."""
    ndim = max(len(first), len(second))
    a = (1,) * (ndim - len(first)) + first
    b = (1,) * (ndim - len(second)) + second
    result: list[int | None] = []
    for x, y in zip(a, b):
        if x == 1:
            result.append(y)
        elif y == 1:
            result.append(x)
        elif x is None or y is None:
            result.append(x if y is None else y) if (x is None) != (y is None) else result.append(None)
        elif x != y:
            raise ShapeRefusal(f"shapes {first} and {second} do not broadcast (sizes {x} and {y})")
        else:
            result.append(x)
    return tuple(result)


def broadcast_all(shapes: list[TorchShape]) -> TorchShape:
    """The shape of an element-wise operation on any number of tensors (a number has no axes)."""
    result: TorchShape = ()
    for shape in shapes:
        result = broadcast(result, shape)
    return result


def attention(query: TorchShape, key: TorchShape, value: TorchShape) -> TorchShape:
    """``F.scaled_dot_product_attention(q, k, v)``: (..., L, Ev), the leading axes broadcast, as
    softmax(q @ k.T) @ v gives it."""
    if min(len(query), len(key), len(value)) < 2:
        raise ShapeRefusal("scaled_dot_product_attention takes tensors of at least two axes")
    scores = matmul(query, transpose(key, -2, -1))
    return matmul(scores, value)


def matmul(first: TorchShape, second: TorchShape) -> TorchShape:
    """``a @ b`` / ``torch.matmul`` / ``torch.bmm``."""
    if not first or not second:
        raise ShapeRefusal("matmul takes tensors of at least one axis")
    a = (1, *first) if len(first) == 1 else first
    b = (*second, 1) if len(second) == 1 else second
    _same_size(a[-1], b[-2])
    batch = broadcast(a[:-2], b[:-2])
    result = (*batch, a[-2], b[-1])
    if len(first) == 1:
        result = (*result[:-2], result[-1])
    if len(second) == 1:
        result = result[:-1]
    return result


#: An integer index whose value is not known (``x[i]`` with ``i = y.item()``): it drops its axis.
SOME_INTEGER = "some integer"
#: A slice whose bounds are not all known: it keeps its axis, of a size not known.
SOME_SLICE = "some slice"


class Advanced(NamedTuple):
    """An index tensor or list of ints (``x[idx]``, ``x[:, [-1]]``): ``ndim`` its axes (None: not known),
    ``length`` its size where it has one axis, ``values`` a list's ints (None for a tensor)."""

    ndim: int | None
    length: int | None = None
    values: tuple[int, ...] | None = None


def index(shape: TorchShape, items: list[Any]) -> TorchShape | None:
    """``x[items]``: an int (or :data:`SOME_INTEGER`) drops its axis, a slice (start, stop, step)
    keeps it, None or a bool adds one, ... fills; one index tensor or list of one axis (:class:`Advanced`) puts
    its length in its axis's place. None where the rank itself is not known: an index of other axes
    (a mask's rank depends on its dtype), or several, which torch broadcasts together."""
    advanced = [item for item in items if isinstance(item, Advanced)]
    flags = [item for item in items if isinstance(item, bool)]
    if len(advanced) > 1 or any(item.ndim != 1 for item in advanced) or len(flags) > 1 or (flags and advanced):
        return None  # torch broadcasts them together (several bools make one axis)
    if sum(item is Ellipsis for item in items) > 1:
        raise ShapeRefusal("an index can have only one ellipsis")
    used = sum(1 for item in items if not _adds_axis(item) and item is not Ellipsis)
    if used > len(shape):
        raise ShapeRefusal(f"too many indices for a {len(shape)}-D tensor")
    expanded: list[Any] = []
    for item in items:
        expanded += [slice(None)] * (len(shape) - used) if item is Ellipsis else [item]
    expanded += [slice(None)] * (len(shape) - sum(1 for item in expanded if not _adds_axis(item)))
    result: list[int | None] = []
    position = 0
    for item in expanded:
        if _adds_axis(item):
            result.append(0 if item is False else 1)  # x[True] is x[None]; x[False] selects nothing
            continue
        size = shape[position]
        position += 1
        if item == SOME_INTEGER:
            continue
        if isinstance(item, Advanced):
            for value in item.values or ():
                if size is not None and not -size <= value < size:
                    raise ShapeRefusal(f"index {value} is out of bounds for dimension with size {size}")
            result.append(item.length)
        elif isinstance(item, int):
            if size is not None and not -size <= item < size:
                raise ShapeRefusal(f"index {item} is out of range for an axis of size {size}")
        elif isinstance(item, slice):
            whole = item.start is None and item.stop is None and item.step in (None, 1)
            result.append(size if whole else None if size is None else len(range(size)[item]))
        else:
            result.append(None)  # SOME_SLICE
    return tuple(result)


def _adds_axis(item: Any) -> bool:
    """None, True and False in an index each add an axis (of 1, 1 and 0) rather than use one."""
    return item is None or isinstance(item, bool)


def einsum(equation: str, shapes: list[TorchShape]) -> TorchShape:
    """``torch.einsum(equation, *operands)``: a subscript's sizes must match across the operands or
    be 1 (broadcast), as must the axes an ellipsis covers. The output is the subscripts after
    ``->``, else the ellipsis's axes, then the subscripts that occur once, in alphabetical order
    (capitals first); the others are summed over."""
    arrow_at = equation.find("->")
    for position, character in enumerate(equation):
        allowed = (
            character.isascii()
            and character.isalpha()
            or character in ". "
            or character == ","
            and (arrow_at < 0 or position < arrow_at)
        )
        if not allowed and not (arrow_at >= 0 and position in (arrow_at, arrow_at + 1)):
            raise ShapeRefusal(
                f"einsum(): invalid subscript given at index {position} in the equation string, subscripts must be "
                "in [a-zA-Z]"
            )
    inputs, arrow, output = equation.replace(" ", "").partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise ShapeRefusal(
            f"einsum(): {'fewer' if len(shapes) < len(terms) else 'more'} operands were provided than "
            "specified in the equation"
        )
    sizes: dict[str, int | None] = {}
    counts: dict[str, int] = {}
    covered: TorchShape = ()
    any_ellipsis = False
    for position, (term, shape) in enumerate(zip(terms, shapes)):
        labels = _einsum_labels(term, f"for operand {position}")
        named = len(labels) - labels.count("...")
        if "..." in labels:
            any_ellipsis = True
            if named > len(shape):
                raise ShapeRefusal(
                    f"einsum(): the number of subscripts in the equation ({named}) is more than the number of "
                    f"dimensions ({len(shape)}) for operand {position}"
                )
        elif named != len(shape):
            raise ShapeRefusal(
                f"einsum(): the number of subscripts in the equation ({named}) does not match the number of "
                f"dimensions ({len(shape)}) for operand {position} and no ellipsis was given"
            )
        axis_index = 0
        own: dict[str, int | None] = {}
        for label in labels:
            if label == "...":
                width = len(shape) - named
                covered = broadcast(covered, shape[axis_index : axis_index + width])
                axis_index += width
                continue
            size = shape[axis_index]
            axis_index += 1
            if label in own:  # a diagonal: the sizes must be equal, 1 included
                if None not in (own[label], size) and own[label] != size:
                    raise ShapeRefusal(
                        f"einsum(): subscript {label} is repeated for operand {position} but the sizes don't match, "
                        f"{size} != {own[label]}"
                    )
                size = own[label] if size is None else size
            own[label] = size
            if label in sizes:
                try:
                    (size,) = broadcast((sizes[label],), (size,))
                except ShapeRefusal:
                    raise ShapeRefusal(
                        f"einsum(): subscript {label} has size {size} for operand {position} which does not "
                        f"broadcast with previously seen size {sizes[label]}"
                    ) from None
            sizes[label] = size
            counts[label] = counts.get(label, 0) + 1
    if arrow:
        chosen = _einsum_labels(output, "in the output")
        for label in chosen:
            if label != "..." and label not in sizes:
                raise ShapeRefusal(
                    f"einsum(): output subscript {label} does not appear in the equation for any input operand"
                )
            if chosen.count(label) > 1:
                raise ShapeRefusal(f"einsum(): output subscript {label} appears more than once in the output")
    else:
        chosen = ["..."] * any_ellipsis + sorted(label for label, count in counts.items() if count == 1)
    result: list[int | None] = []
    for label in chosen:
        result += list(covered) if label == "..." else [sizes[label]]
    return tuple(result)


def _einsum_labels(term: str, where: str) -> list[str]:
    """One operand's (or the output's) subscripts, ``"..."`` for its ellipsis."""
    labels: list[str] = []
    rest = term
    while rest:
        if rest.startswith("..."):
            if "..." in labels:
                raise ShapeRefusal(f"einsum(): found '.' {where} for which an ellipsis was already found")
            labels.append("...")
            rest = rest[3:]
        elif rest[0] == ".":
            raise ShapeRefusal(f"einsum(): found '.' {where} that is not part of any ellipsis")
        else:  # a letter: einsum() has checked every character
            labels.append(rest[0])
            rest = rest[1:]
    return labels
