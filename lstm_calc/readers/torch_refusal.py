"""What the torch shape rules share: a tensor's shape as torch gives it, and torch's refusal of an input."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.errors import Location

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


class HelperRefusal(SpecError):
    """Why a helper of the file that ``__init__`` reads cannot be given a value, not even with ``--set`` (it
    registers a module, or never returns): refused where ``__init__``'s code reads it (:meth:`at`)."""

    def __init__(self, words: Callable[[str], str]) -> None:
        super().__init__(words("the helper"))
        self.words = words

    def at(self, read: ast.expr, location: Location) -> SpecError:
        """The refusal at ``read``, the expression of ``__init__`` that reads the helper, at ``location``."""
        return SpecError(self.words(ast.unparse(read)), location)
