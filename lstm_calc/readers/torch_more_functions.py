"""More of torch's functions and tensor methods on ``forward``'s values, handed over by
:mod:`lstm_calc.readers.torch_functions`: reductions (``x.mean(dim=[1])``, ``x.max(1).values``),
``topk``, ``sort``, ``argsort``, ``flip``, ``roll``, ``cumsum``, ``cumprod``, ``narrow``,
``index_select``, ``gather``, ``diag_embed``, ``torch.tensordot``, ``F.pad``, ``F.one_hot``,
``F.linear``, ``F.interpolate``, ``x.unfold`` and ``F.unfold``. Their arguments are read here; the shapes are
:mod:`lstm_calc.readers.torch_more_shapes`' (``F.interpolate``'s, nn.Upsample's layer class's).

A size given by a value not known (``x.size(1)`` of an unknown shape, an ``item()``) is an unknown
size; an argument of a kind torch does not take here is :class:`~lstm_calc.readers.torch_forward.Unfollowed`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from lstm_calc.readers import torch_more_shapes as shapes
from lstm_calc.readers.torch_forward_values import UNKNOWN_NUMBER, UNKNOWN_VALUE, Tensor
from lstm_calc.readers.torch_layout import CONTIGUOUS, known, strides_of
from lstm_calc.readers.torch_operation_signatures import (
    ONE_DIM,
    PAIRED,
    REDUCTIONS,
    SIGNATURES,
    SLIDING_BLOCKS,
    ValuesIndices,
)
from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape
from lstm_calc.readers.torch_unfollowed import Unfollowed, _short, broadcast_values


def operation(
    node: ast.Call, name: str, tensor: Tensor, arguments: list[Any], keywords: dict[str, Any], method: bool
) -> Any:
    """The value of ``x.name(*arguments, **keywords)`` (``method``) or ``torch.name(x, ...)``."""
    given = _bound(node, name, arguments, keywords)
    if name in REDUCTIONS:
        return _reduction(node, name, tensor, given)
    if name == "flip":
        given["dims"] = _flip_dims(node, arguments, given, method)
    return _OPERATIONS[name](node, tensor, given)


def _topk(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> ValuesIndices:
    k, dim = _number(node, _required(node, given, "k")), _number(node, given.get("dim", -1))
    found = UNKNOWN_VALUE if dim is None else _known(tensor, lambda shape: shapes.topk(shape, k, dim))
    return ValuesIndices(found, _indices(found))


def _sort(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> ValuesIndices:
    found = _along(node, tensor, given.get("dim", -1))
    return ValuesIndices(found, _indices(found))


def _indices(values: Tensor) -> Tensor:
    """The indices beside ``values`` (of ``sort``, ``topk``): their shape, integers."""
    return values if values is UNKNOWN_VALUE else Tensor(values.shape, integer=True)


def _along(node: ast.Call, tensor: Tensor, given_dim: Any) -> Tensor:
    """A shape-keeping operation along one dim (sort, cumsum): the dim checked where known."""
    dim = _number(node, given_dim)
    return _known(tensor, lambda shape: shape if dim is None else shapes.along(shape, dim))


def _flip(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    listed = _known_only(_axes(node, given["dims"]) or [])
    return _known(tensor, lambda shape: shapes.flip(shape, listed))


def _roll(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    shifts = _axes(node, _required(node, given, "shifts"))
    dims = None if given.get("dims") is None else _axes(node, given["dims"])
    if shifts is None or (dims is None and given.get("dims") is not None):  # how many is not known: not checked
        return _known(tensor, lambda shape: shape)
    return _known(tensor, lambda shape: shapes.roll(shape, len(shifts), None if dims is None else _known_only(dims)))


def _narrow(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    dim, start, length = (_number(node, _required(node, given, key)) for key in ("dim", "start", "length"))
    narrowed = UNKNOWN_VALUE if dim is None else _known(tensor, lambda shape: shapes.narrow(shape, dim, start, length))
    if narrowed.shape is None or None in narrowed.shape:
        return narrowed
    strides = strides_of(tensor.shape, tensor.layout)  # a view: the strides kept
    return Tensor(narrowed.shape, layout=None if strides is None else known(narrowed.shape, strides))


def _diag_embed(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    offset, first, second = (_number(node, given.get(key, default)) for key, default in _DIAGONAL)
    if offset is None or first is None or second is None:
        return UNKNOWN_VALUE
    return _known(tensor, lambda shape: shapes.diag_embed(shape, offset, first, second))


def _pad(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    widths, mode = _axes(node, _required(node, given, "pad")), given.get("mode", "constant")
    if not isinstance(mode, str):
        raise Unfollowed(node, _short(node))
    if widths is None:
        return UNKNOWN_VALUE
    return _known(tensor, lambda shape: _followed(node, shapes.pad(shape, widths, mode)))


def _one_hot(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    classes = _number(node, given.get("num_classes", -1))
    return _known(tensor, lambda shape: _followed(node, shapes.one_hot(shape, classes)))


_DIAGONAL = (("offset", 0), ("dim1", -2), ("dim2", -1))


def _bound(node: ast.Call, name: str, arguments: list[Any], keywords: dict[str, Any]) -> dict[str, Any]:
    """The call's arguments by parameter name (``axis=`` is ``dim=``, as torch takes it)."""
    names = SIGNATURES[name]
    if len(arguments) > len(names) and name != "flip":  # x.flip(0, 1): dims one by one
        raise Unfollowed(node, _short(node))
    given = dict(zip(names, arguments))
    for key, value in keywords.items():
        key = "dim" if key == "axis" else key
        if key in names:
            given[key] = value
    return given


def _required(node: ast.Call, given: dict[str, Any], key: str) -> Any:
    if key not in given:
        raise Unfollowed(node, _short(node))
    return given[key]


def _number(node: ast.Call, value: Any) -> int | None:
    """An int argument; None where its value is not known (an item(), a size of an unknown shape)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is UNKNOWN_NUMBER or (isinstance(value, Tensor) and value.shape in (None, ())):
        return None
    raise Unfollowed(node, _short(node))


def _axes(node: ast.Call, value: Any) -> list[int | None] | None:
    """A tuple or list of ints (dims, widths, shifts), or one int; None for an int not known, and
    None in all where even how many there are is not known."""
    if value is UNKNOWN_VALUE:
        return None
    if isinstance(value, (tuple, list)):
        return [_number(node, item) for item in value]
    return [_number(node, value)]


def _known_only(values: list[int | None]) -> list[int]:
    """The known ones of ``values``: what torch checks of them is checked where known."""
    return [value for value in values if value is not None]


def _flip_dims(node: ast.Call, arguments: list[Any], given: dict[str, Any], method: bool) -> Any:
    """``x.flip(0, 1)`` takes the dims one by one; ``torch.flip`` and ``dims=`` only as a tuple or list."""
    if method and len(arguments) > 1:
        return list(arguments)
    dims = _required(node, given, "dims")
    if (isinstance(dims, int) or dims is UNKNOWN_NUMBER) and not (method and arguments):
        raise ShapeRefusal("flip(): argument 'dims' must be tuple of ints, not int")
    return dims


def _known(tensor: Tensor, rule: Callable[[TorchShape], TorchShape]) -> Tensor:
    """``rule`` applied to the tensor's shape; unknown where that is."""
    return UNKNOWN_VALUE if tensor.shape is None else Tensor(rule(tensor.shape))


def _followed(node: ast.Call, found: TorchShape | None) -> TorchShape:
    if found is None:
        raise Unfollowed(node, _short(node))
    return found


def _reduction(node: ast.Call, name: str, tensor: Tensor, given: dict[str, Any]) -> Any:
    """``x.mean(dim=[1, 2])``, ``torch.max(x, 1, keepdim=True)`` (values and indices) and the like."""
    dim = given.get("dim")
    if name in ("std", "var") and isinstance(dim, bool):  # torch.std(x, True): unbiased, every axis
        dim = None
    if isinstance(dim, Tensor) and dim is not UNKNOWN_VALUE and name in PAIRED:  # torch.max(a, b): element-wise
        return broadcast_values(node, [tensor, dim])
    paired = name in PAIRED and dim is not None
    keepdim = given.get("keepdim", False)
    if dim is UNKNOWN_VALUE and name in PAIRED:
        return UNKNOWN_VALUE  # a dim or another tensor: which one is not known
    if isinstance(dim, (tuple, list)):
        if name in ONE_DIM:
            raise ShapeRefusal(f"{name}() takes dim as one int, not a {type(dim).__name__}")
        if (not dim and name == "logsumexp") or (name == "norm" and len(dim) > 2):
            raise Unfollowed(node, _short(node))
        dims: list[int | None] | None = [_number(node, item) for item in dim] or None
    else:
        dims = None if dim is None else [_number(node, dim)]
    if tensor.shape is None or not isinstance(keepdim, bool) or (dims is not None and None in dims):
        return ValuesIndices(UNKNOWN_VALUE, UNKNOWN_VALUE) if paired else UNKNOWN_VALUE
    reduced = shapes.reduced(tensor.shape, dims, keepdim)  # type: ignore[arg-type]
    if paired:
        return ValuesIndices(Tensor(reduced), Tensor(reduced, integer=True))
    return Tensor(reduced, integer=name in ("argmax", "argmin"))


def _selected(node: ast.Call, name: str, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    """``x.index_select(dim, index)`` and ``x.gather(dim, index)``."""
    dim = _number(node, _required(node, given, "dim"))
    index = _required(node, given, "index")
    if not isinstance(index, Tensor):
        raise Unfollowed(node, _short(node))
    if name == "gather":  # the index's shape, whatever the input's
        if index.shape is None or tensor.shape is None or dim is None:
            return index if index.shape is not None else UNKNOWN_VALUE
        return Tensor(shapes.gather(tensor.shape, dim, index.shape))
    return UNKNOWN_VALUE if dim is None else _known(tensor, lambda shape: shapes.index_select(shape, dim, index.shape))


def _tensordot(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    """``torch.tensordot(a, b, dims)``: dims an int, or two lists of axes."""
    other = _required(node, given, "b")
    dims = given.get("dims", 2)
    if not isinstance(other, Tensor):
        raise Unfollowed(node, _short(node))
    if isinstance(dims, (tuple, list)) and len(dims) == 2 and all(isinstance(part, (tuple, list)) for part in dims):
        ours, theirs = (_known_only(_axes(node, part) or []) for part in dims)
        if len(ours) != len(dims[0]) or len(theirs) != len(dims[1]):
            return UNKNOWN_VALUE
        chosen: Any = (ours, theirs)
    else:
        chosen = _number(node, dims)
    if tensor.shape is None or other.shape is None or chosen is None:
        return UNKNOWN_VALUE
    return Tensor(shapes.tensordot(tensor.shape, other.shape, chosen))


def _linear(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    """``F.linear(x, weight, bias)``."""
    weight, bias = _required(node, given, "weight"), given.get("bias")
    if not isinstance(weight, Tensor) or not (bias is None or isinstance(bias, Tensor)):
        raise Unfollowed(node, _short(node))
    if tensor.shape is None or weight.shape is None or (bias is not None and bias.shape is None):
        return UNKNOWN_VALUE
    found = shapes.linear(tensor.shape, weight.shape, None if bias is None else bias.shape)
    if found is None:
        raise Unfollowed(node, _short(node))
    return Tensor(found, layout=CONTIGUOUS)  # as nn.Linear's, whatever the input's layout


def _interpolate(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    """``F.interpolate(x, size=None, scale_factor=None, mode="nearest", ...)``: nn.Upsample's rule."""
    from lstm_calc.layers.base import LayerInputError
    from lstm_calc.layers.torch_resampling import interpolated

    values = [given.get(key) for key in SIGNATURES["interpolate"]]
    flat = [item for value in values[:2] for item in (value if isinstance(value, (tuple, list)) else [value])]
    if any(item is UNKNOWN_NUMBER or item is UNKNOWN_VALUE for item in flat) or tensor.shape is None:
        return UNKNOWN_VALUE
    kinds = (int, float) if values[1] is not None else (int,)
    if any(not isinstance(item, kinds) or isinstance(item, bool) for item in flat if item is not None):
        raise Unfollowed(node, _short(node))
    if not isinstance(values[2] if values[2] is not None else "nearest", str):
        raise Unfollowed(node, _short(node))
    mode = "nearest" if values[2] is None else values[2]
    try:
        shape = interpolated(tensor.shape, values[0], values[1], mode, values[3], values[4], bool(values[5]))
    except LayerInputError as error:
        raise ShapeRefusal(error.message) from None
    return Tensor(shape)


def _unfold(node: ast.Call, tensor: Tensor, given: dict[str, Any]) -> Tensor:
    """``x.unfold(dimension, size, step)``: a view, its strides known where the tensor's are."""
    dim, size, step = (_number(node, _required(node, given, key)) for key in SIGNATURES["unfold"])
    if dim is None or tensor.shape is None:
        return UNKNOWN_VALUE
    shape = shapes.unfold(tensor.shape, dim, size, step)
    strides = strides_of(tensor.shape, tensor.layout)
    if strides is None or None in shape or not tensor.shape or step is None:
        return Tensor(shape)
    where = shapes.dim_of(dim, len(tensor.shape))
    windowed = (*strides[:where], strides[where] * step, *strides[where + 1 :], strides[where])
    return Tensor(shape, layout=known(shape, windowed))


def sliding_blocks(node: ast.Call, arguments: list[Any], keywords: dict[str, Any]) -> Tensor:
    """``F.unfold(x, kernel_size, dilation=1, padding=0, stride=1)``: torch's im2col, contiguous."""
    if not arguments or not isinstance(arguments[0], Tensor) or len(arguments) > 1 + len(SLIDING_BLOCKS):
        raise Unfollowed(node, _short(node))
    given = {**dict(zip(SLIDING_BLOCKS, arguments[1:])), **keywords}
    if set(given) - set(SLIDING_BLOCKS) or "kernel_size" not in given:
        raise Unfollowed(node, _short(node))
    shape = arguments[0].shape
    pairs: dict[str, tuple[int, int]] = {}
    for key, default in zip(SLIDING_BLOCKS, (None, 1, 0, 1)):
        value = given.get(key, default)
        items = list(value) if isinstance(value, (tuple, list)) else [value, value]
        if any(item is UNKNOWN_NUMBER for item in items) or shape is None:
            return UNKNOWN_VALUE
        numbers = [item for item in items if isinstance(item, int) and not isinstance(item, bool)]
        if len(numbers) != len(items):
            raise Unfollowed(node, _short(node))
        if len(numbers) != 2:
            raise ShapeRefusal(f"It is expected {key} equals to 2, but got size {len(numbers)}")
        pairs[key] = (numbers[0], numbers[1])
    if shape is None or len(shape) < 3:  # torch's im2col reads axis 2 of a smaller one first: an IndexError
        raise Unfollowed(node, _short(node))
    return Tensor(shapes.sliding_blocks(shape, pairs), layout=CONTIGUOUS)


#: Each operation's reading, by name (the reductions are :func:`_reduction`).
_OPERATIONS: dict[str, Callable[[ast.Call, Tensor, dict[str, Any]], Any]] = {
    "topk": _topk,
    "sort": _sort,
    "argsort": lambda node, tensor, given: _indices(_along(node, tensor, given.get("dim", -1))),
    "cumsum": lambda node, tensor, given: _along(node, tensor, _required(node, given, "dim")),
    "cumprod": lambda node, tensor, given: _along(node, tensor, _required(node, given, "dim")),
    "flip": _flip,
    "roll": _roll,
    "narrow": _narrow,
    "index_select": lambda node, tensor, given: _selected(node, "index_select", tensor, given),
    "gather": lambda node, tensor, given: _selected(node, "gather", tensor, given),
    "diag_embed": _diag_embed,
    "tensordot": _tensordot,
    "pad": _pad,
    "one_hot": _one_hot,
    "linear": _linear,
    "interpolate": _interpolate,
    "unfold": _unfold,
}
