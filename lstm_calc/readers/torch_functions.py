"""torch's functions and tensor methods on ``forward``'s values: ``torch.cat``, ``F.relu``,
``x.view(b, -1)``, ``x.mean(dim=1)``... Each takes the values the call's arguments have (tensors
as :class:`~lstm_calc.readers.torch_forward.Tensor`) and gives the result's, with shapes by
torch's rules (:mod:`lstm_calc.readers.torch_tensor_ops`); what it cannot follow raises
:class:`~lstm_calc.readers.torch_forward.Unfollowed`.
"""

from __future__ import annotations

import ast
import math
from typing import TYPE_CHECKING, Any

from lstm_calc.readers import torch_layout as layouts
from lstm_calc.readers import torch_python as python
from lstm_calc.readers.syntax_walk import bound_name
from lstm_calc.readers.torch_follow_bounds import MAX_PIECES, TooManyPieces, pieces
from lstm_calc.readers.torch_forward_values import UNKNOWN_NUMBER, UNKNOWN_VALUE, Tensor
from lstm_calc.readers.torch_known_tensors import ShapeSizes
from lstm_calc.readers.torch_layout import CONTIGUOUS
from lstm_calc.readers.torch_layout_values import (
    elementwise_layout,
    is_dense,
    joined_layout,
    method_layout,
    pieces_layout,
)
from lstm_calc.readers.torch_operation_signatures import FUNCTIONS_ONLY, TENSOR_OPERATIONS
from lstm_calc.readers.torch_packing import refuse_packed_operands
from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape
from lstm_calc.readers.torch_tensor_ops import (
    BROADCASTING,
    SHAPE_KEEPING,
    attention,
    broadcast,
    concatenate,
    einsum,
    expand,
    flatten,
    matmul,
    permute,
    reshape,
    squeeze,
    stack,
    transpose,
    unsqueeze,
)
from lstm_calc.readers.torch_unfollowed import Unfollowed, _short, broadcast_values
from lstm_calc.readers.torch_windows import POOLING_FUNCTIONS, pooled

if TYPE_CHECKING:
    from lstm_calc.readers.torch_forward import ForwardFollower

_CASTS = frozenset({"long", "int", "float", "double", "half", "bool"})
_TENSOR_MAKERS = frozenset({"zeros", "ones", "randn", "rand", "empty", "full"})


def sizes_of(tensor: Tensor) -> Any:
    if tensor.shape is None:
        return UNKNOWN_VALUE
    return ShapeSizes(UNKNOWN_VALUE if size is None else size for size in tensor.shape)


def elementwise(left: Any, right: Any) -> Tensor:
    """An element-wise operation on a tensor (arithmetic, a comparison), broadcast as torch does."""
    first = left.shape if isinstance(left, Tensor) else ()
    second = right.shape if isinstance(right, Tensor) else ()
    if left is UNKNOWN_VALUE or right is UNKNOWN_VALUE or first is None or second is None:
        return UNKNOWN_VALUE
    shape = broadcast(first, second)
    return Tensor(shape, layout=elementwise_layout(shape, [left, right]))


def _dim(arguments: list[Any], keywords: dict[str, Any], position: int, default: Any = None) -> Any:
    if "dim" in keywords:
        return keywords["dim"]
    if "axis" in keywords:
        return keywords["axis"]
    return arguments[position] if len(arguments) > position else default


def _tensor_list(node: ast.Call, value: Any) -> list[tuple[int | None, ...]] | None:
    if not isinstance(value, (tuple, list)) or not value or not all(isinstance(item, Tensor) for item in value):
        raise Unfollowed(node, _short(node))
    shapes = [item.shape for item in value]
    known = [shape for shape in shapes if shape is not None]
    return known if len(known) == len(shapes) else None


#: Deeper nested lists than this in torch.tensor(...) are not followed (a list nested in a loop).
MAX_LITERAL_DEPTH = 32


def torch_function(node: ast.Call, name: str, arguments: list[Any], keywords: dict[str, Any]) -> Any:
    """``torch.cat``, ``torch.bmm``, ``F.relu``, ``torch.mean``... on forward's values; not on a PackedSequence."""
    refuse_packed_operands(name, [*arguments, *keywords.values()])
    if name in POOLING_FUNCTIONS and arguments and isinstance(arguments[0], Tensor):
        return _pooled(node, name, arguments[0], arguments[1:], keywords)
    if name in ("cat", "concat", "stack"):
        shapes = _tensor_list(node, arguments[0] if arguments else keywords.get("tensors"))
        dim = _dim(arguments, keywords, 1, 0)
        if shapes is None or not isinstance(dim, int):
            return UNKNOWN_VALUE
        shape = stack(shapes, dim) if name == "stack" else concatenate(shapes, dim)
        return Tensor(shape, layout=joined_layout(shape, arguments[0] if arguments else keywords["tensors"]))
    if name == "scaled_dot_product_attention" and len(arguments) >= 3:
        shapes = _tensor_list(node, arguments[:3])
        return UNKNOWN_VALUE if shapes is None else Tensor(attention(*shapes))
    if name == "arange":
        return Tensor((_arange_length(arguments, keywords),), integer=True, layout=CONTIGUOUS)
    if name in ("tensor", "as_tensor") and len(arguments) == 1:
        return Tensor(_literal_shape(node, arguments[0], 1), layout=CONTIGUOUS)
    if name == "device":
        return python.DEVICE
    if name in _TENSOR_MAKERS and "size" not in keywords:
        sizes = arguments[:-1] if name == "full" and "fill_value" not in keywords else arguments  # full(size, value)
        sizes = list(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
        if len(sizes) == 1 and sizes[0] is UNKNOWN_VALUE:  # zeros(x.shape[:2]) unfollowed: the sizes, or one
            return UNKNOWN_VALUE
        if all(isinstance(size, int) or size in (UNKNOWN_VALUE, UNKNOWN_NUMBER) for size in sizes):
            return Tensor(tuple(size if isinstance(size, int) else None for size in sizes), layout=CONTIGUOUS)
        raise Unfollowed(node, _short(node))
    if name in ("zeros_like", "ones_like", "randn_like", "empty_like"):  # laid out as the tensor where it is dense
        if not arguments or not isinstance(arguments[0], Tensor):
            return UNKNOWN_VALUE
        like = arguments[0]
        return Tensor(like.shape, like.integer, like.layout if is_dense(like.shape, like.layout) else None)
    if name in ("bmm", "matmul", "mm") and len(arguments) == 2:
        first, second = arguments
        if not isinstance(first, Tensor) or not isinstance(second, Tensor):
            raise Unfollowed(node, _short(node))
        if first.shape is None or second.shape is None:
            return UNKNOWN_VALUE
        return Tensor(matmul(first.shape, second.shape), layout=CONTIGUOUS)
    if (name in BROADCASTING and len(arguments) == 2) or (name == "where" and len(arguments) == 3):
        return broadcast_values(node, arguments)
    if name == "einsum" and arguments and isinstance(arguments[0], str):
        operands = arguments[1:]
        if len(operands) == 1 and isinstance(operands[0], (tuple, list)):  # torch.einsum("ij,jk", [a, b])
            operands = list(operands[0])
        shapes = _tensor_list(node, operands)
        return UNKNOWN_VALUE if shapes is None else Tensor(einsum(arguments[0], shapes))
    if name == "unfold":  # F.unfold's sliding blocks: torch has no torch.unfold, x.unfold is the tensor method's
        from lstm_calc.readers.torch_more_functions import sliding_blocks  # imported when forward uses it

        return sliding_blocks(node, arguments, keywords)
    if arguments and isinstance(arguments[0], Tensor) and (name in TENSOR_OPERATIONS or name in FUNCTIONS_ONLY):
        from lstm_calc.readers.torch_more_functions import operation  # imported when forward uses one

        return operation(node, name, arguments[0], arguments[1:], keywords, method=False)  # torch.topk, F.pad
    if arguments and isinstance(arguments[0], Tensor):
        return tensor_method(node, name, arguments[0], arguments[1:], keywords)
    raise Unfollowed(node, _short(node))


def tensor_method(node: ast.Call, name: str, tensor: Tensor, arguments: list[Any], keywords: dict[str, Any]) -> Any:
    """``x.permute(0, 2, 1)``, ``x.view(b, -1)``, ``x.mean(dim=1)``... (also as torch functions)."""
    if name in _CASTS:  # x.long(): its values integers, x.float() no longer
        return Tensor(tensor.shape, integer=name in ("long", "int"), layout=method_layout(name, tensor))
    if name in SHAPE_KEEPING:
        layout = method_layout(name, tensor)
        return tensor if layout == tensor.layout else Tensor(tensor.shape, tensor.integer, layout)
    if name == "item":
        return UNKNOWN_NUMBER
    if name in ("new_zeros", "new_ones", "new_empty"):  # h = x.new_zeros(batch, hidden): the sizes given
        return torch_function(node, name.removeprefix("new_"), arguments, keywords)
    if name in TENSOR_OPERATIONS:  # x.topk(k), x.max(1).values, x.mean(dim=[1, 2])...
        from lstm_calc.readers.torch_more_functions import operation  # imported when forward uses one

        return operation(node, name, tensor, arguments, keywords, method=True)
    shape = tensor.shape
    arguments = [UNKNOWN_VALUE if argument is UNKNOWN_NUMBER else argument for argument in arguments]
    if any(argument is UNKNOWN_VALUE for argument in [*arguments, *keywords.values()]) and name not in (
        "view",
        "reshape",
    ):
        return UNKNOWN_VALUE
    if name in ("size", "dim"):
        if name == "dim":
            return UNKNOWN_VALUE if shape is None else len(shape)
        if shape is None:
            return UNKNOWN_VALUE
        dim = _dim(arguments, keywords, 0)
        # torch's IndexError; past a C long long (x.size(10**30)) its ValueError, left to the note below
        in_long_long = isinstance(dim, int) and not isinstance(dim, bool) and -(2**63) <= dim < 2**63
        if in_long_long and not -len(shape) <= dim < len(shape):
            raise ShapeRefusal(f"dimension {dim} is out of range for a {len(shape)}-D tensor")
        sizes = sizes_of(tensor)
        return sizes if dim is None else sizes[dim]
    if shape is None:
        return UNKNOWN_VALUE
    if (
        name in ("permute", "view", "reshape", "expand", "repeat")
        and len(arguments) == 1
        and isinstance(arguments[0], tuple)
    ):
        arguments = list(arguments[0])
    layout = tensor.layout
    if name == "permute":
        dims = arguments or list(keywords.get("dims", ()))
        return Tensor(permute(shape, dims), layout=layouts.permuted(shape, layout, dims))
    if name in ("transpose", "swapaxes") and len(arguments) == 2:
        return Tensor(transpose(shape, *arguments), layout=layouts.transposed(shape, layout, *arguments))
    if name == "t":
        reversed_axes = list(range(len(shape)))[::-1]
        return Tensor(tuple(reversed(shape)), layout=layouts.permuted(shape, layout, reversed_axes))
    if name == "view_as" and len(arguments) == 1 and isinstance(arguments[0], Tensor) and not keywords:
        if arguments[0].shape is None:
            return UNKNOWN_VALUE
        name, arguments = "view", list(arguments[0].shape)
    if name in ("view", "reshape"):
        new_shape = reshape(shape, [None if size is UNKNOWN_VALUE else size for size in arguments], name)
        if new_shape is None:
            return UNKNOWN_VALUE
        if name == "reshape":
            return Tensor(new_shape, layout=layouts.reshaped(shape, layout, new_shape))
        return Tensor(new_shape, layout=_viewed(node, shape, layout, new_shape))
    if name == "unsqueeze":
        dim = _dim(arguments, keywords, 0)
        return Tensor(unsqueeze(shape, dim), layout=layouts.unsqueezed(shape, layout, dim))
    if name == "squeeze":
        squeezed = squeeze(shape, _dim(arguments, keywords, 0))
        return Tensor(squeezed, layout=None if squeezed is None else layouts.squeezed(shape, layout, squeezed))
    if name == "flatten":
        flat = flatten(
            shape,
            _dim(arguments, keywords, 0, keywords.get("start_dim", 0)),
            keywords.get("end_dim", arguments[1] if len(arguments) > 1 else -1),
        )
        return Tensor(flat, layout=layouts.reshaped(shape, layout, flat))
    if name == "expand" and all(isinstance(size, int) for size in arguments):
        expanded = expand(shape, arguments)
        return Tensor(expanded, layout=layouts.expanded(shape, layout, expanded))
    if name == "repeat" and all(isinstance(size, int) for size in arguments) and len(arguments) >= len(shape):
        padded = (1,) * (len(arguments) - len(shape)) + shape
        repeated = tuple(None if size is None else size * times for size, times in zip(padded, arguments))
        return Tensor(repeated, layout=CONTIGUOUS)
    if name in ("bmm", "matmul", "mm") and arguments and isinstance(arguments[0], Tensor):
        other = arguments[0].shape
        return UNKNOWN_VALUE if other is None else Tensor(matmul(shape, other), layout=CONTIGUOUS)
    if (name in BROADCASTING and len(arguments) == 1) or (name == "where" and len(arguments) == 2):
        return broadcast_values(node, [tensor, *arguments])  # x.where(condition, y) is torch.where(condition, x, y)
    if name in ("split", "chunk", "unbind"):
        try:
            shapes = pieces(name, shape, arguments, keywords)
        except TooManyPieces:
            raise Unfollowed(node, f"{_short(node)} makes more than {MAX_PIECES:,} tensors") from None
        if shapes is None:
            raise Unfollowed(node, _short(node))  # how many pieces there are is not known
        unbound = keywords.get("dim", arguments[0] if arguments else 0) if name == "unbind" else None
        return tuple(Tensor(piece, layout=pieces_layout(tensor, piece, unbound)) for piece in shapes)
    if name == "numel":
        sizes = [size for size in shape if size is not None]
        return math.prod(sizes) if len(sizes) == len(shape) else UNKNOWN_VALUE
    raise Unfollowed(node, _short(node))


def _viewed(node: ast.Call, shape: TorchShape, layout: layouts.Layout, new_shape: TorchShape) -> layouts.Layout:
    """The layout of ``x.view(new_shape)``; refused where torch refuses it, unfollowed where that depends on strides
    lstmcalc does not know."""
    found = layouts.viewed(shape, layout, new_shape)
    if found is False:
        raise Unfollowed(node, f"{_short(node)}, a view of a tensor whose memory layout is not known")
    return found  # type: ignore[return-value]


def _pooled(node: ast.Call, name: str, tensor: Tensor, arguments: list[Any], keywords: dict[str, Any]) -> Any:
    """``F.max_pool1d(x, x.size(2))`` and the other pools: with ``return_indices``, (values, indices)."""
    indices = dict(zip(POOLING_FUNCTIONS[name], arguments)).get("return_indices", keywords.get("return_indices"))
    if not isinstance(indices, (bool, type(None))):
        raise Unfollowed(node, _short(node))
    shape = None if tensor.shape is None else pooled(name, tensor.shape, arguments, keywords)
    layout = CONTIGUOUS if tensor.layout == CONTIGUOUS else None  # of a contiguous input, as torch 2.13 pools
    result = UNKNOWN_VALUE if shape is None else Tensor(shape, layout=layout)
    return (result, result) if indices else result


def _literal_shape(node: ast.Call, value: Any, dim: int) -> tuple[int, ...]:
    """The shape ``torch.tensor`` makes of a number or of nested lists of numbers."""
    if isinstance(value, (int, float)) or value is UNKNOWN_NUMBER:
        return ()
    if not isinstance(value, (tuple, list)) or dim > MAX_LITERAL_DEPTH:
        raise Unfollowed(node, _short(node))
    shapes = [_literal_shape(node, item, dim + 1) for item in value]
    for shape in shapes:
        if shape != shapes[0]:
            if len(shape) != len(shapes[0]):
                raise ShapeRefusal("torch.tensor takes lists nested to one depth, numbers at the bottom")
            axis, (expected, got) = next(
                (i, pair) for i, pair in enumerate(zip(shapes[0], shape)) if len(set(pair)) > 1
            )
            raise ShapeRefusal(f"torch.tensor: expected sequence of length {expected} at dim {dim + axis} (got {got})")
    return (len(value), *(shapes[0] if shapes else ()))


def _arange_length(arguments: list[Any], keywords: dict[str, Any]) -> int | None:
    """How many values ``torch.arange(end)``, ``(start, end)`` or ``(start, end, step)`` gives; None where
    a bound is not known."""
    given = dict(zip(("end",) if len(arguments) == 1 else ("start", "end", "step"), arguments))
    given.update({key: value for key, value in keywords.items() if key in ("start", "end", "step")})
    start, end, step = given.get("start", 0), given.get("end"), given.get("step", 1)
    if not all(isinstance(bound, (int, float)) and not isinstance(bound, bool) for bound in (start, end, step)):
        return None
    if step == 0:
        raise ShapeRefusal("step must be nonzero")
    if (end - start) * step < 0:
        raise ShapeRefusal("upper bound and lower bound inconsistent with step sign")
    return int(math.ceil((end - start) / step))


#: The in-place methods that change a tensor's shape (every other in-place method keeps it), with the method
#: that gives the same shape as a new tensor; None where lstmcalc does not follow the shape.
RESHAPING_IN_PLACE: dict[str, str | None] = {
    "transpose_": "transpose", "t_": "t", "squeeze_": "squeeze", "unsqueeze_": "unsqueeze",
    "swapaxes_": "swapaxes", "swapdims_": "swapdims", "resize_": None, "resize_as_": None,
    "as_strided_": None, "set_": None,
}  # fmt: skip


def reshaped_in_place(
    follower: ForwardFollower,
    node: ast.Call,
    function: ast.Attribute,
    target: Tensor,
    arguments: list[Any],
    keywords: dict[str, Any],
) -> Any:
    """``x.transpose_(1, 2)``: ``x`` holds the shape ``x.transpose(1, 2)`` gives, and the call returns it. Another
    name for the same tensor is unknown from then on: lstmcalc cannot tell an alias from a copy (``clone``)."""
    out_of_place = RESHAPING_IN_PLACE[function.attr]
    changed: Any = UNKNOWN_VALUE
    if out_of_place is not None:
        try:
            changed = tensor_method(node, out_of_place, target, arguments, keywords)
        except Unfollowed:
            changed = UNKNOWN_VALUE
    if not isinstance(changed, Tensor):
        changed = UNKNOWN_VALUE
    held = bound_name(function.value)
    for name, value in list(follower.values.items()):
        if value is target:
            follower.values[name] = changed if name == held else UNKNOWN_VALUE
            if name != held:
                follower.follow.fail(node, f"{_short(node)} changes a tensor another name may hold too")
    return changed
