"""``torch.nn.utils.rnn``'s packing in ``forward``, for its follower (:mod:`lstm_calc.readers.torch_calls`):
``pack_padded_sequence``, ``pad_packed_sequence``, a packed sequence's ``data`` and ``batch_sizes``, and the
modules torch refuses to give one."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.readers.torch_forward_values import Packed, Tensor
from lstm_calc.readers.torch_refusal import ShapeRefusal
from lstm_calc.readers.torch_tensor_ops import transpose
from lstm_calc.readers.torch_unfollowed import Unfollowed, _short

if TYPE_CHECKING:
    from lstm_calc.readers.torch_kinds import TorchKind


def packing(node: ast.Call, name: str, arguments: list[Any], keywords: dict[str, Any]) -> Any:
    """``pack_padded_sequence`` keeps the padded tensor it packs (a module called on it is recorded
    without shapes); ``pad_packed_sequence`` gives it back with the lengths, ``(batch,)``, padded to
    ``total_length`` steps where that is given, else to the longest sequence's, an unknown size. A tensor
    lstmcalc follows given to ``pad_packed_sequence`` is refused, as torch refuses it."""
    batch_first = bool(keywords.get("batch_first", arguments[2] if len(arguments) > 2 else False))
    if name == "pack_padded_sequence" and arguments and isinstance(arguments[0], Tensor):
        return _packed(node, arguments, keywords, batch_first)
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


def _packed(node: ast.Call, arguments: list[Any], keywords: dict[str, Any], batch_first: bool) -> Packed:
    """``pack_padded_sequence(x, lengths, ...)``: as many sequences as ``lengths`` gives, which torch refuses unless
    it is the batch axis's size (``enforce_sorted``, the default); unsorted, it packs the first ``len(lengths)``."""
    shape = arguments[0].shape
    lengths = keywords.get("lengths", arguments[1] if len(arguments) > 1 else None)
    count = len(lengths) if isinstance(lengths, (list, tuple)) else None
    if isinstance(lengths, Tensor) and lengths.shape is not None and len(lengths.shape) == 1:
        count = lengths.shape[0]
    axis = 0 if batch_first else 1
    batch = shape[axis] if shape is not None and len(shape) > axis else None
    if count is None or batch is None or count == batch:
        return Packed(shape, batch_first)
    assert shape is not None
    enforce_sorted = keywords.get("enforce_sorted", arguments[3] if len(arguments) > 3 else True)
    if enforce_sorted is True:
        raise ShapeRefusal(f"Expected `len(lengths)` to be equal to batch_size, but got {count} (batch_size={batch})")
    if enforce_sorted is False and count > batch:  # the sorting's indices select along the batch axis
        raise ShapeRefusal("IndexError: index out of range in self (the lengths outnumber the batch)")
    if enforce_sorted is False:
        return Packed((*shape[:axis], count, *shape[axis + 1 :]), batch_first)
    raise Unfollowed(node, _short(node))


def packed_attribute(node: ast.Attribute, packed: Packed) -> Any:
    """``packed.data``, (the sequences' total length, features), and ``packed.batch_sizes``, one per step
    of the longest sequence: their lengths are the data's."""
    if node.attr in ("data", "batch_sizes"):
        return _field(node.attr, packed)
    if node.attr not in _PACKED_NAMES:  # packed.shape: the padded tensor's, were it unpacked
        raise ShapeRefusal(f"AttributeError: 'PackedSequence' object has no attribute '{node.attr}' ({_PACKED_WORDS})")
    raise Unfollowed(node, _short(node))


def packed_refusal(kind: TorchKind | None, class_name: str, given: list[Any]) -> str | None:
    """Why torch refuses a torch.nn module of ``kind`` called on ``given`` that holds a PackedSequence: only an
    nn.LSTM, nn.GRU or nn.RNN takes one (and nn.Identity gives it back); None where it is not refused so."""
    if kind is None or kind.passes_input or (kind.states is not None and kind.states[0] == "sequence"):
        return None
    if not any(isinstance(argument, Packed) for argument in given):
        return None
    return f"torch would refuse this call: nn.{class_name} is given a PackedSequence, not a tensor ({_PACKED_WORDS})"


#: PackedSequence's own attributes and methods (``dir(PackedSequence)`` in torch 2.13, the dunder names aside).
_PACKED_NAMES = frozenset(
    {
        "_asdict", "_field_defaults", "_fields", "_make", "_replace", "batch_sizes", "byte", "char", "count", "cpu",
        "cuda", "data", "double", "float", "half", "index", "int", "is_cuda", "is_pinned", "long", "pin_memory",
        "short", "sorted_indices", "to", "unsorted_indices",
    }
)  # fmt: skip
#: The methods that give the PackedSequence back, its data moved or cast.
_PACKED_SAME = frozenset({"byte", "char", "cpu", "cuda", "double", "float", "half", "int", "long", "pin_memory"})
_PACKED_WORDS = (
    "an nn.LSTM, nn.GRU or nn.RNN given a packed input returns its output packed: unpack it with pad_packed_sequence "
    "first"
)


def packed_method(node: ast.Call, name: str, packed: Packed) -> Packed:
    """``packed.<name>(...)``: the PackedSequence itself for a cast or a move (``.to(device)``, ``.float()``);
    refused as torch refuses a name PackedSequence has not (``packed.mean(1)``)."""
    if name not in _PACKED_NAMES:
        raise ShapeRefusal(f"AttributeError: 'PackedSequence' object has no attribute '{name}' ({_PACKED_WORDS})")
    if name in _PACKED_SAME or name == "to":
        return packed
    raise Unfollowed(node, _short(node))


def packed_item(node: ast.Subscript, packed: Packed, key: Any) -> Any:
    """``packed[key]``: a PackedSequence is a named tuple, ``packed[0]`` its data; ``packed[:, -1]`` is refused
    as Python refuses a tuple's index of a tuple."""
    if isinstance(key, tuple):
        raise ShapeRefusal(f"TypeError: tuple indices must be integers or slices, not tuple ({_PACKED_WORDS})")
    if isinstance(key, int) and not isinstance(key, bool) and key in (0, 1, -4, -3):
        return _field(("data", "batch_sizes")[key % 4], packed)
    raise Unfollowed(node, _short(node))


def refuse_packed_operands(name: str, values: list[Any]) -> None:
    """Refuse ``name``, a torch function, given a PackedSequence among ``values`` (in a list or tuple too)."""
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, Packed):
            raise ShapeRefusal(f"{name}() is given a PackedSequence, not a tensor ({_PACKED_WORDS})")
        if isinstance(value, (list, tuple)):
            pending += value


def _field(name: str, packed: Packed) -> Tensor:
    """``packed.data``, (the sequences' total length, features), or ``packed.batch_sizes``, one per step."""
    if name == "data":
        return Tensor(None if packed.shape is None else (None, *packed.shape[2:]))
    return Tensor((None,), integer=True)
