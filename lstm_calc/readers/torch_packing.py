"""``torch.nn.utils.rnn``'s packing in ``forward``, for its follower (:mod:`lstm_calc.readers.torch_calls`):
``pack_padded_sequence``, ``pad_packed_sequence`` and a packed sequence's ``data`` and ``batch_sizes``."""

from __future__ import annotations

import ast
from typing import Any

from lstm_calc.readers.torch_forward_values import Packed, Tensor
from lstm_calc.readers.torch_refusal import ShapeRefusal
from lstm_calc.readers.torch_tensor_ops import transpose
from lstm_calc.readers.torch_unfollowed import Unfollowed, _short


def packing(node: ast.Call, name: str, arguments: list[Any], keywords: dict[str, Any]) -> Any:
    """``pack_padded_sequence`` keeps the padded tensor it packs (a module called on it is recorded
    without shapes); ``pad_packed_sequence`` gives it back with the lengths, ``(batch,)``, padded to
    ``total_length`` steps where that is given, else to the longest sequence's, an unknown size. A tensor
    lstmcalc follows given to ``pad_packed_sequence`` is refused, as torch refuses it."""
    batch_first = bool(keywords.get("batch_first", arguments[2] if len(arguments) > 2 else False))
    if name == "pack_padded_sequence" and arguments and isinstance(arguments[0], Tensor):
        return Packed(arguments[0].shape, batch_first)
    given = arguments[0] if arguments else keywords.get("sequence")
    if name == "pad_packed_sequence" and isinstance(given, Tensor) and not isinstance(given, Packed):
        if given.shape is not None:  # not an unknown value, which may be a PackedSequence
            raise ShapeRefusal(
                "'Tensor' object has no attribute 'batch_sizes' (pad_packed_sequence takes the PackedSequence an "
                "RNN gives for an input packed with pack_padded_sequence, not a tensor)"
            )
    if name == "pad_packed_sequence" and arguments and isinstance(arguments[0], Packed):
        packed = arguments[0]
        shape = packed.shape
        if shape is not None and len(shape) == 3 and packed.batch_first != batch_first:
            shape = transpose(shape, 0, 1)
        batch = None if shape is None else shape[0 if batch_first else 1] if len(shape) == 3 else None
        total = keywords.get("total_length", arguments[3] if len(arguments) > 3 else None)
        if shape is not None and len(shape) == 3:
            steps = 1 if batch_first else 0
            if total is not None and (
                not isinstance(total, int) or isinstance(total, bool) or total < (shape[steps] or 0)
            ):
                raise Unfollowed(node, _short(node))
            # Padded up to total_length steps, else to the longest sequence, whose length only the data gives.
            shape = (*shape[:steps], total, *shape[steps + 1 :])
        return (Tensor(shape), Tensor((batch,), integer=True))
    raise Unfollowed(node, _short(node))


def packed_attribute(node: ast.Attribute, packed: Packed) -> Any:
    """``packed.data``, (the sequences' total length, features), and ``packed.batch_sizes``, one per step
    of the longest sequence: their lengths are the data's."""
    if node.attr == "data":
        return Tensor(None if packed.shape is None else (None, *packed.shape[2:]))
    if node.attr == "batch_sizes":
        return Tensor((None,), integer=True)
    raise Unfollowed(node, _short(node))
