"""Each torch.nn kind's declared output layout (``TorchKind.layout``) against torch 2.13: the module is run in eval
mode, as torchinfo runs it, on a contiguous input and on a permuted (not contiguous) one, and where lstmcalc
claims a layout (:func:`lstm_calc.readers.torch_layout_values.module_output`), torch's strides are those."""

from __future__ import annotations

from typing import Any

import pytest

from lstm_calc.readers.torch_forward_values import Tensor
from lstm_calc.readers.torch_kinds import TORCH_KINDS
from lstm_calc.readers.torch_layout import CONTIGUOUS, strides_of
from lstm_calc.readers.torch_layout_values import module_output
from lstm_calc.readers.torch_loss_kinds import LOSS_PARAMETERS

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")

#: kind -> (constructor arguments, keyword arguments, input shape as torch takes it, integer input)
BUILT: dict[str, tuple[tuple[Any, ...], dict[str, Any], tuple[int, ...], bool]] = {
    "LSTM": ((4, 3), {"batch_first": True}, (2, 5, 4), False),
    "GRU": ((4, 3), {}, (5, 2, 4), False),
    "RNN": ((4, 3), {"batch_first": True, "bidirectional": True}, (2, 5, 4), False),
    "Linear": ((4, 3), {}, (2, 5, 4), False),
    "Embedding": ((10, 3), {}, (2, 5), True),
    "Dropout": ((0.3,), {}, (2, 5, 4), False),
    "Conv1d": ((4, 3, 3), {}, (2, 4, 6), False),
    "Conv2d": ((4, 3, 3), {}, (2, 4, 6, 6), False),
    "LayerNorm": ((4,), {}, (2, 5, 4), False),
    "BatchNorm1d": ((4,), {}, (2, 4, 6), False),
    "BatchNorm2d": ((4,), {}, (2, 4, 3, 3), False),
    "BatchNorm3d": ((4,), {}, (2, 4, 3, 3, 3), False),
    "InstanceNorm1d": ((4,), {"affine": True}, (2, 4, 6), False),
    "InstanceNorm2d": ((4,), {}, (2, 4, 3, 3), False),
    "GroupNorm": ((2, 4), {}, (2, 4, 6), False),
    "PReLU": ((), {}, (2, 4, 6), False),
    "LSTMCell": ((4, 3), {}, (2, 4), False),
    "GRUCell": ((4, 3), {}, (2, 4), False),
    "RNNCell": ((4, 3), {}, (2, 4), False),
    "MaxPool1d": ((2,), {}, (2, 4, 6), False),
    "AvgPool1d": ((2,), {}, (2, 4, 6), False),
    "MaxPool2d": ((2,), {}, (2, 4, 6, 6), False),
    "AvgPool2d": ((2,), {}, (2, 4, 6, 6), False),
    "AdaptiveAvgPool1d": ((3,), {}, (2, 4, 6), False),
    "AdaptiveMaxPool1d": ((3,), {}, (2, 4, 6), False),
    "AdaptiveAvgPool2d": ((3,), {}, (2, 4, 6, 6), False),
    "AdaptiveMaxPool2d": ((3,), {}, (2, 4, 6, 6), False),
    "Unflatten": ((2, (2, 3)), {}, (2, 4, 6), False),
    "TransformerEncoderLayer": ((4, 2, 8), {"batch_first": True}, (2, 5, 4), False),
    "Softmax": ((-1,), {}, (2, 5, 4), False),
    "LogSoftmax": ((1,), {}, (2, 5, 4), False),
    "GLU": ((-1,), {}, (2, 5, 4), False),
    "Identity": ((), {}, (2, 5, 4), False),
    **{
        name: ((), {}, (2, 5, 4), False)
        for name in ("ReLU", "Tanh", "Sigmoid", "GELU", "SiLU", "ELU", "LeakyReLU", "Softplus", "LogSigmoid")
    },
}


def _inputs(shape: tuple[int, ...], integer: bool) -> list[Any]:
    """A contiguous input, and one of the same shape whose first two axes are swapped in memory."""
    make = (lambda *size: torch.randint(0, 10, size)) if integer else torch.randn
    swapped = make(shape[1], shape[0], *shape[2:]).transpose(0, 1)
    return [make(*shape), swapped]


def _beyond_ones(shape: tuple[int, ...], strides: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(stride for size, stride in zip(shape, strides) if size != 1)


@pytest.mark.parametrize("name", sorted(BUILT))
def test_the_declared_layout_is_torchs(name: str) -> None:
    arguments, keywords, shape, integer = BUILT[name]
    module = getattr(torch.nn, name)(*arguments, **keywords).eval()
    kind = TORCH_KINDS[name]
    assert kind.layout is not None
    for given in _inputs(shape, integer):
        with torch.no_grad():
            produced = module(given)
        layout = CONTIGUOUS if given.is_contiguous() else tuple(given.stride())
        ours = module_output(kind, dict(keywords), [Tensor(shape, integer, layout)], _our_result(produced))
        for torchs, our in zip(_tensors(produced), _tensors(ours)):
            claimed = strides_of(tuple(torchs.shape), our.layout)
            if claimed is not None:
                assert _beyond_ones(tuple(torchs.shape), claimed) == _beyond_ones(tuple(torchs.shape), torchs.stride())
            elif given.is_contiguous():
                pytest.fail(f"nn.{name}: no layout claimed for a contiguous input")


def _tensors(result: Any) -> list[Any]:
    """The tensors of a module's result, in order: an LSTM's output, h_n and c_n."""
    return [tensor for part in result for tensor in _tensors(part)] if isinstance(result, tuple) else [result]


def _our_result(produced: Any) -> Any:
    """torch's result with its shapes, as lstmcalc's rules give it before the layout: not known."""
    if isinstance(produced, tuple):
        return tuple(_our_result(part) for part in produced)
    return Tensor(tuple(produced.shape), False, None)


def test_every_kind_declares_a_layout_but_flatten() -> None:
    # nn.Flatten returns a view or a copy as its input allows: its layout is not declared, so not known.
    # A loss's result, where lstmcalc follows it, is laid out by lstm_calc.readers.torch_loss_kinds.loss_result.
    undeclared = sorted(name for name, kind in TORCH_KINDS.items() if kind.layout is None)
    assert [name for name in undeclared if name not in LOSS_PARAMETERS] == ["Flatten"]
