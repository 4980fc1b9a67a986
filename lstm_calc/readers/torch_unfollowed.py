"""What ``forward`` does that lstmcalc cannot follow (:class:`Unfollowed`, named in the summary's note), and the
element-wise operations of tensors and numbers, broadcast as torch does: shared by the forward follower and the
modules that read torch's functions and Python's operations in ``forward``."""

from __future__ import annotations

import ast
from typing import Any

from lstm_calc.readers.syntax_walk import shortened
from lstm_calc.readers.torch_forward_values import UNKNOWN_NUMBER, UNKNOWN_VALUE, Tensor
from lstm_calc.readers.torch_layout_values import elementwise_layout
from lstm_calc.readers.torch_tensor_ops import broadcast_all


def broadcast_values(node: ast.AST, operands: list[Any]) -> Tensor:
    """An element-wise operation's result on tensors and numbers (of no axes), broadcast as torch does;
    unknown where a tensor's shape is; another value is not followed."""
    if not all(isinstance(operand, (Tensor, int, float)) or operand is UNKNOWN_NUMBER for operand in operands):
        raise Unfollowed(node, _short(node))
    shapes = [operand.shape if isinstance(operand, Tensor) else () for operand in operands]
    if None in shapes:
        return UNKNOWN_VALUE
    shape = broadcast_all(shapes)  # type: ignore[arg-type]
    return Tensor(shape, layout=elementwise_layout(shape, operands))


class Unfollowed(Exception):
    """Something ``forward`` does that lstmcalc cannot follow: the note names it."""

    def __init__(self, node: ast.AST, what: str) -> None:
        super().__init__(what)
        self.node = node
        self.what = what


def _short(node: ast.AST) -> str:
    return shortened(node, 50)
