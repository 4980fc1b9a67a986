"""Shapes as Keras prints them: tuples with the batch axis first and ``None`` for unknown."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

Shape = tuple[int | None, ...]
#: A layer with several outputs (``return_state``) has a list of shapes.
Shapes = Shape | list[Shape]


def format_shape(shape: Shape | None, format_dim: Callable[[int | None], str] = str) -> str:
    """``(None, 5, 64)``, as Keras's summary writes a shape (a 1-tuple has no trailing comma).

    ``format_dim`` writes each axis; the table uses it to colour numbers as Keras does. A shape
    not known at all (PyTorch code whose ``forward`` was not followed this far) is ``?``.
    """
    if shape is None:
        return "?"
    return "(" + ", ".join(format_dim(dim) for dim in shape) + ")"


def describe_shape(shapes: Shapes) -> str:
    """A shape in a message, as a Python tuple: ``(None,)``, ``(None, 64)``; several as
    :func:`format_shapes` writes them."""
    return format_shapes(shapes) if isinstance(shapes, list) else str(tuple(shapes))


def format_shapes(shapes: Shapes, format_dim: Callable[[int | None], str] = str) -> str:
    """One shape, or ``[(None, 64), (None, 64)]`` for several outputs."""
    if isinstance(shapes, list):
        return "[" + ", ".join(format_shape(shape, format_dim) for shape in shapes) + "]"
    return format_shape(shapes, format_dim)


def shapes_to_json(shapes: Shapes | None) -> list[int | None] | list[list[int | None] | None] | None:
    """``[null, 5, 64]``, or a list of such lists for several outputs; ``null`` for a shape not known."""
    if isinstance(shapes, list):
        several: list[Shape | None] = list(shapes)
        return [None if shape is None else list(shape) for shape in several]
    return None if shapes is None else list(shapes)


def known_sizes(sizes: Sequence[int | None]) -> tuple[int, ...] | None:
    """The sizes when every one is known, else None."""
    known = tuple(size for size in sizes if size is not None)
    return known if len(known) == len(sizes) else None


def one_shape(shapes: Shapes) -> Shape:
    """The output shape of a layer with one output (a list here is a bug, not a user's mistake)."""
    if isinstance(shapes, list):
        raise TypeError(f"expected one shape, got {len(shapes)}")
    return shapes


def first_shape(shapes: Shapes) -> Shape:
    """The shape of the (first) tensor a layer takes: a one-tensor layer that Keras applies to each
    of several tensors (Dropout after ``return_state``) is written once, for the first."""
    return shapes[0] if isinstance(shapes, list) else shapes


def channels_first(shape: Shape) -> Shape:
    """``(batch, ..., channels)`` as torch's channels-first modules see it: ``(batch, channels, ...)``."""
    return (shape[0], shape[-1], *shape[1:-1])


def listed_shapes(shapes: Shapes) -> list[Shape]:
    """One shape or several, as a list."""
    return shapes if isinstance(shapes, list) else [shapes]
