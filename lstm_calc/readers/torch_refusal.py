"""What the torch shape rules share: a tensor's shape as torch gives it, and torch's refusal of an input."""

from __future__ import annotations

import ast
from typing import Any

#: A tensor's shape as torch gives it, batch included; ``None`` for an axis lstmcalc cannot know.
TorchShape = tuple[int | None, ...]


class ShapeRefusal(Exception):
    """What torch itself would raise on this call: the input does not fit the module.

    ``node`` is the expression refused, once the ``forward`` follower knows it.
    """

    node: ast.AST | None = None


def fits(size: int | None, expected: Any, what: str) -> None:
    """Refuse, as torch does, an input whose ``size`` is not the ``expected`` one a module was made for."""
    if size is not None and isinstance(expected, int) and size != expected:
        raise ShapeRefusal(f"{what} is {expected}, but the input's size there is {size}")
