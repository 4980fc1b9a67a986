"""The layouts of ``forward``'s values (:mod:`lstm_calc.readers.torch_layout`) as torch 2.13 gives them: what a
torch.nn module returns, what an element-wise function or a shape-keeping method returns. Where torch's layout was
not checked against torch itself, the layout is not known (None)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.readers.torch_forward_values import Tensor
from lstm_calc.readers.torch_layout import (
    CONTIGUOUS,
    OUTPUT_AS_INPUT,
    OUTPUT_ATTENTION,
    OUTPUT_CONTIGUOUS,
    OUTPUT_CONTIGUOUS_IF_INPUTS_ARE,
    OUTPUT_ELEMENTWISE,
    OUTPUT_RECURRENT,
    Layout,
    contiguous_strides,
    iterated,
    known,
    strides_of,
)
from lstm_calc.readers.torch_refusal import TorchShape

if TYPE_CHECKING:
    from lstm_calc.readers.torch_kinds import TorchKind

#: Shape-keeping functions and methods whose result is contiguous whatever the input's layout.
CONTIGUOUS_RESULTS = frozenset(
    {"contiguous", "softmax", "log_softmax", "softmin", "logsigmoid", "layer_norm", "triu", "tril", "masked_fill"}
)
#: Shape-keeping methods that return the tensor itself (in place, or detached).
SAME_TENSOR = frozenset({"detach", "requires_grad_"})
#: Shape-keeping methods that return the tensor itself or a copy of it (a cast, a move, dropout in eval or
#: training): the layout is kept where the tensor is dense, and not known otherwise.
KEPT_IF_DENSE = frozenset(
    {
        "float", "double", "half", "long", "int", "bool", "to", "type_as", "cpu", "cuda", "clone", "dropout",
        "alpha_dropout", "feature_alpha_dropout",
    }
)  # fmt: skip


def is_dense(shape: Any, layout: Layout) -> bool:
    """Whether the tensor's elements fill a block of memory each once (torch's ``is_non_overlapping_and_dense``)."""
    strides = strides_of(shape, layout)
    if strides is None:
        return False
    expected = 1
    for stride, size in sorted((stride, size) for size, stride in zip(shape, strides) if size != 1):
        if stride != expected:
            return False
        expected *= size
    return True


def elementwise_layout(shape: Any, operands: list[Any]) -> Layout:
    """The layout of an element-wise operation's result of ``shape`` on ``operands`` (tensors and numbers)."""
    given: list[tuple[TorchShape, Layout]] = []
    for operand in operands:
        if not isinstance(operand, Tensor):
            given.append(((), ()))  # a number
        elif operand.shape is None:
            return None
        else:
            given.append((operand.shape, operand.layout))
    if shape is None:
        return None
    if all(layout in (CONTIGUOUS, ()) for _, layout in given):
        return CONTIGUOUS  # every operand agrees on the order of the axes, whatever their sizes
    return iterated(shape, given)


def method_layout(name: str, tensor: Tensor) -> Layout:
    """The layout of ``x.name()`` (or ``torch.name(x)``), a function or method that keeps the shape."""
    if name in CONTIGUOUS_RESULTS:
        return CONTIGUOUS
    if name in SAME_TENSOR or (name.endswith("_") and not name.endswith("__")):
        return tensor.layout  # x.relu_(), x.zero_(): the tensor itself
    if name in KEPT_IF_DENSE:
        return tensor.layout if is_dense(tensor.shape, tensor.layout) else None
    return elementwise_layout(tensor.shape, [tensor])


def module_output(kind: TorchKind | None, options: dict[str, Any], tensors: list[Tensor], result: Any) -> Any:
    """``result``, what a torch.nn module of ``kind`` returned on ``tensors``, laid out as its ``layout`` says."""
    layout = None if kind is None else kind.layout
    if layout == OUTPUT_RECURRENT and isinstance(result, tuple) and result and isinstance(result[0], Tensor):
        output, *states = result
        return (_recurrent_output(output, bool(options.get("batch_first"))), *map(_contiguous, states))
    if layout == OUTPUT_CONTIGUOUS:
        return _contiguous(result)  # an LSTMCell's (h, c) too
    if not isinstance(result, Tensor) or result.shape is None or not tensors:
        return result
    if layout == OUTPUT_AS_INPUT:
        return Tensor(result.shape, result.integer, tensors[0].layout)
    if layout == OUTPUT_ELEMENTWISE:
        return Tensor(result.shape, result.integer, elementwise_layout(result.shape, tensors[:1]))
    inputs_contiguous = all(tensor.layout == CONTIGUOUS for tensor in tensors)
    if layout == OUTPUT_CONTIGUOUS_IF_INPUTS_ARE and inputs_contiguous:
        return _contiguous(result)
    if layout == OUTPUT_ATTENTION and not options.get("batch_first") and inputs_contiguous:
        return _contiguous(result)
    return result


def _contiguous(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(map(_contiguous, value))
    if isinstance(value, Tensor) and value.shape is not None:
        return Tensor(value.shape, value.integer, CONTIGUOUS)
    return value


def _recurrent_output(output: Tensor, batch_first: bool) -> Tensor:
    """An RNN's output: with ``batch_first``, torch computes it time first and hands it back transposed."""
    if output.shape is None:
        return output
    if not batch_first or len(output.shape) != 3:
        return Tensor(output.shape, output.integer, CONTIGUOUS)
    batch, steps, width = output.shape
    strides = contiguous_strides((steps, batch, width))
    layout = None if strides is None else known(output.shape, (strides[1], strides[0], strides[2]))
    return Tensor(output.shape, output.integer, layout)


def joined_layout(shape: Any, tensors: Any) -> Layout:
    """The layout of ``torch.cat(tensors)`` / ``torch.stack(tensors)`` of ``shape``: contiguous, unless torch may
    keep the inputs' channels-last layout (a result of four axes or more from tensors not contiguous)."""
    if len(shape) < 4 or all(isinstance(tensor, Tensor) and tensor.layout == CONTIGUOUS for tensor in tensors):
        return CONTIGUOUS
    return None


def pieces_layout(tensor: Tensor, piece: Any, unbound: Any) -> Layout:
    """The layout of one of ``x.split(...)``, ``x.chunk(...)`` (narrowed views: the strides kept) or, ``unbound``
    the axis, of ``x.unbind(dim)`` (selected views: that axis's stride dropped)."""
    strides = strides_of(tensor.shape, tensor.layout)
    if strides is None or piece is None or None in piece:
        return None
    if unbound is not None:
        where = unbound % len(strides)
        strides = (*strides[:where], *strides[where + 1 :])
    return known(piece, strides)
