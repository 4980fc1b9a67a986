"""What following one model's ``forward`` may cost, so that every input is read in bounded time and memory.

Loops are bounded by their steps (:data:`~lstm_calc.readers.torch_forward.MAX_LOOP_STEPS`), but a
method that calls itself, or another, twice per level makes twice as many calls at each level: a
depth of 40 would never end. Every call of a method, a function of the file or a module's forward
that following makes counts against :data:`MAX_FOLLOWED_CALLS`, and every tensor ``x.split``,
``x.chunk`` or ``x.unbind`` makes against :data:`MAX_PIECES` (counted before they are made: one
``x.unbind(1)`` of a 10⁸-long axis would otherwise make 10⁸ of them). Past either, ``forward`` stops
being followed, with its note; the parameters stay exact.
"""

from __future__ import annotations

from typing import Any

from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape
from lstm_calc.readers.torch_tensor_ops import axis

#: How many calls of its methods, the file's functions and modules' forwards one following of a model
#: may make in all (real models make a few hundred, or one per time step of a loop).
MAX_FOLLOWED_CALLS = 10_000
#: How many tensors ``split``, ``chunk`` and ``unbind`` may make in all (as many as loops may take steps).
MAX_PIECES = 100_000


class TooManyPieces(Exception):
    """One ``split``, ``chunk`` or ``unbind`` would make more than :data:`MAX_PIECES` tensors."""


class FollowBudget:
    """What one following of ``forward`` has spent so far."""

    __slots__ = ("calls", "pieces")

    def __init__(self) -> None:
        self.calls = 0
        self.pieces = 0

    def spent(self) -> str | None:
        """Why following must stop here, for its note, if it must."""
        if self.calls > MAX_FOLLOWED_CALLS:
            return f"forward's methods and functions are called more than {MAX_FOLLOWED_CALLS:,} times in all"
        if self.pieces > MAX_PIECES:
            return f"split, chunk and unbind make more than {MAX_PIECES:,} tensors in all"
        return None


def split(shape: TorchShape, sizes: int | list[int], dim: int, chunks: bool = False) -> list[TorchShape] | None:
    """``x.split(size, dim)`` (pieces of ``size``, the last what is left), ``x.split([a, b], dim)`` or
    ``x.chunk(n, dim)`` (pieces of ``ceil(length / n)``, as many as that takes); None where the
    length along ``dim`` is not known (nor, then, how many pieces there are). :class:`TooManyPieces`
    where they would be more than :data:`MAX_PIECES`."""
    place = axis(dim, len(shape))
    length = shape[place]
    if length is None:
        return None
    if isinstance(sizes, list):
        if sum(sizes) != length:
            raise ShapeRefusal(f"split sizes {sizes} do not add up to the length {length} of dimension {dim}")
        pieces = sizes
    else:
        if sizes <= 0:
            raise ShapeRefusal(f"{'chunk expects a number of chunks' if chunks else 'split expects a size'} above 0")
        size = -(-length // sizes) if chunks else sizes
        if size and -(-length // size) > MAX_PIECES:
            raise TooManyPieces
        pieces = [min(size, length - start) for start in range(0, length, size)] if size else []
    return [(*shape[:place], piece, *shape[place + 1 :]) for piece in pieces]


def unbind(shape: TorchShape, dim: int) -> list[TorchShape] | None:
    """``x.unbind(dim)``: one tensor per index along ``dim``, without it; None where that length is not known.
    :class:`TooManyPieces` where it is more than :data:`MAX_PIECES`."""
    place = axis(dim, len(shape))
    length = shape[place]
    if length is not None and length > MAX_PIECES:
        raise TooManyPieces
    return None if length is None else [(*shape[:place], *shape[place + 1 :])] * length


def pieces(name: str, shape: TorchShape, arguments: list[Any], keywords: dict[str, Any]) -> list[TorchShape] | None:
    """The tensors ``x.split(...)``, ``x.chunk(...)`` or ``x.unbind(...)`` give (a loop over time steps
    iterates them); None where their number or sizes are not known."""
    position = 0 if name == "unbind" else 1  # x.unbind(dim), x.split(size, dim)
    dim = keywords.get("dim", arguments[position] if len(arguments) > position else 0)
    if not isinstance(dim, int):
        return None
    if name == "unbind":
        return unbind(shape, dim)
    given = arguments[0] if arguments else keywords.get("chunks" if name == "chunk" else "split_size_or_sections")
    if isinstance(given, int):
        return split(shape, given, dim, chunks=name == "chunk")
    if isinstance(given, (list, tuple)) and name == "split" and all(isinstance(size, int) for size in given):
        return split(shape, list(given), dim)
    return None
