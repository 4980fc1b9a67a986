"""The tensors ``__init__`` makes with known sizes (``torch.randn(3000, 250)``, ``torch.ones(n, n).tril()``): their
shapes, and the tensor methods whose result's shape follows from the shape and integer arguments alone."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from lstm_calc.errors import Location, SpecError
from lstm_calc.readers.torch_tensor_ops import reshape


class KnownTensor:
    """A tensor the code makes with known sizes (``torch.randn(3000, 250)``): only its shape is known."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape


class TensorSizes(list):  # type: ignore[type-arg]
    """A tensor's sizes as ``t.shape`` and ``t.size()`` give them: torch's ``torch.Size``, a tuple, whose index out of
    range Python refuses (:meth:`index_refusal`)."""

    def index_refusal(self, text: str, key: int) -> str:
        """Why ``text[key]``, an index out of range of these sizes, is refused: Python's IndexError."""
        sizes = f"({self[0]},)" if len(self) == 1 else f"({', '.join(map(str, self))})"
        return (
            f"torch would refuse this (IndexError: tuple index out of range): {text} is {sizes}, of {len(self)} "
            f"{'dimension' if len(self) == 1 else 'dimensions'}, which has no index {key}"
        )


class ShapeSizes(tuple):  # type: ignore[type-arg]
    """A tensor's sizes as forward reads ``x.shape`` and ``x.size()``, an unknown size unknown: refused as
    :class:`TensorSizes` is, indexed out of range."""

    def index_refusal(self, text: str, key: int) -> str:
        """Why ``text[key]``, an index out of range of these sizes, is refused: Python's IndexError."""
        return TensorSizes(size if isinstance(size, int) else "?" for size in self).index_refusal(text, key)


def refuse_out_of_range(sizes: Any, key: Any, node: ast.Subscript, loc: Callable[[ast.AST], Location]) -> None:
    """Refuse ``node``, ``sizes[key]`` in forward, where ``sizes`` are a tensor's and ``key`` an int index out of
    their range (the caller has found it is not in range), in the words ``__init__`` refuses it."""
    if isinstance(sizes, ShapeSizes) and isinstance(key, int) and not isinstance(key, bool):
        raise SpecError(sizes.index_refusal(ast.unparse(node.value), key), loc(node))


def refuse_set_index(node: ast.expr, value_of: Callable[[ast.expr], Any], loc: Callable[[ast.AST], Location]) -> None:
    """Refuse ``node`` given a value with --set where it is ``name.shape[i]`` or ``name.size()[i]`` (a dotted name)
    and ``i`` is out of range of that tensor's sizes, as without --set: no value stands for torch's IndexError.
    ``value_of`` gives forward's value of a part; one it cannot give leaves ``node`` to its --set value."""
    if not isinstance(node, ast.Subscript) or isinstance(node.slice, ast.Slice):
        return
    sizes = node.value.func if isinstance(node.value, ast.Call) and not node.value.args else node.value
    if not isinstance(sizes, ast.Attribute) or sizes.attr != ("size" if sizes is not node.value else "shape"):
        return
    parts = [part for part in ast.walk(sizes.value) if isinstance(part, ast.expr)]
    if not all(isinstance(part, (ast.Attribute, ast.Name)) for part in parts):
        return
    try:
        container, key = value_of(node.value), value_of(node.slice)
    except Exception:  # noqa: BLE001 - what forward cannot follow here is what --set gives a value for
        return
    if isinstance(container, (list, tuple)) and isinstance(key, int) and not -len(container) <= key < len(container):
        refuse_out_of_range(ShapeSizes(container), key, node, loc)  # the sizes of .shape or .size(), as read


def dimension_refusal(shape: tuple[int, ...], axis: int) -> str:
    """torch's IndexError for ``t.size(axis)`` of an ``axis`` that ``shape`` has not."""
    if not shape:
        return f"torch would refuse this (IndexError: Dimension specified as {axis} but tensor has no dimensions)"
    expected = f"expected to be in range of [{-len(shape)}, {len(shape) - 1}], but got {axis}"
    return f"torch would refuse this (IndexError: Dimension out of range ({expected}))"


#: The ``torch`` functions that make a tensor from its sizes.
TENSOR_MAKERS = frozenset({"zeros", "ones", "randn", "rand", "empty"})


def _unsqueeze(shape: list[int], axes: list[int]) -> list[int] | None:
    if len(axes) != 1 or not -len(shape) - 1 <= axes[0] <= len(shape):
        return None
    axis = axes[0] % (len(shape) + 1)
    return [*shape[:axis], 1, *shape[axis:]]


def _transpose(shape: list[int], axes: list[int]) -> list[int] | None:
    if len(axes) != 2 or not all(-len(shape) <= axis < len(shape) for axis in axes):
        return None
    first, second = (axis % len(shape) for axis in axes)
    shape[first], shape[second] = shape[second], shape[first]
    return shape


def _reshaped(shape: list[int], sizes: list[int]) -> list[int] | None:
    """``t.view(1, 1, n, n)``, one ``-1`` inferred; raises :class:`ShapeRefusal` where torch would."""
    reshaped = reshape(tuple(shape), list(sizes))
    return None if reshaped is None or None in reshaped else [int(size) for size in reshaped if size is not None]


#: In-place fills of a tensor, which keep its shape whatever their arguments.
_FILLING = frozenset(
    {"uniform_", "normal_", "fill_", "zero_", "random_", "bernoulli_", "exponential_", "log_normal_", "cauchy_"}
)
#: What the file may call torch.nn.init: ``nn.init`` (``torch.nn.init``), or ``init`` imported from torch.nn.
_INIT_MODULES = ("torch.nn.init", "init")
#: Operators of a tensor and a number (or two tensors) that broadcast.
_ELEMENT_WISE = (ast.Mult, ast.Add, ast.Sub, ast.Div)


#: Tensor methods whose result's shape follows from the shape and integer arguments alone.
_SHAPE_METHODS: dict[str, Callable[[list[int], list[int]], list[int] | None]] = {
    "unsqueeze": _unsqueeze,
    "transpose": _transpose,
    "float": lambda shape, axes: None if axes else shape,
    "detach": lambda shape, axes: None if axes else shape,
    "clone": lambda shape, axes: None if axes else shape,
    "tril": lambda shape, axes: shape if len(axes) <= 1 and len(shape) >= 2 else None,
    "triu": lambda shape, axes: shape if len(axes) <= 1 and len(shape) >= 2 else None,
    "view": lambda shape, axes: _reshaped(shape, axes),
    "reshape": lambda shape, axes: _reshaped(shape, axes),
}
