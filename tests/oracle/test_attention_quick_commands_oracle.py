"""``lstmcalc params mha`` and ``explain mha`` against a live Keras 3 and torch: the weights (names,
shapes, order) and counts of ``keras.layers.MultiHeadAttention`` called ``layer(x, x)`` and of
``torch.nn.MultiheadAttention`` are what the quick commands print, and the other convention's count
that the note quotes is the other framework's own.
"""

from __future__ import annotations

import itertools
import os
import re

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.formulas import LayerOptions, calculate  # noqa: E402

pytestmark = pytest.mark.oracle

KERAS_CASES = [
    LayerOptions("mha", embed_dim=embed, num_heads=heads, key_dim=key_dim, value_dim=value_dim, use_bias=bias)
    for embed, heads, key_dim, value_dim, bias in itertools.product(
        (8, 12), (1, 2, 4), (None, 3), (None, 5), (None, False)
    )
]
TORCH_CASES = [
    LayerOptions("mha", "pytorch", embed_dim=embed, num_heads=heads, use_bias=bias)
    for embed, heads, bias in itertools.product((8, 12, 64), (1, 2, 4), (None, False))
]


def keras_layer(options: LayerOptions):
    keras.utils.clear_session(free_memory=False)
    embed, heads = options.embed_dim, options.num_heads
    layer = keras.layers.MultiHeadAttention(
        heads,
        options.key_dim or embed // heads,
        value_dim=options.value_dim,
        use_bias=options.get("use_bias"),
    )
    x = keras.Input((None, embed))
    layer(x, x)
    return layer


def torch_module(options: LayerOptions):
    return torch.nn.MultiheadAttention(options.embed_dim, options.num_heads, bias=options.get("use_bias"))


def quoted_count(note: str) -> int:
    return int(re.search(r"counts (?:the same, )?([\d,]+)", note).group(1).replace(",", ""))


@pytest.mark.parametrize("options", KERAS_CASES, ids=str)
def test_params_mha_is_keras_own(options: LayerOptions) -> None:
    layer = keras_layer(options)
    calculation = calculate(options)
    assert [(w.name, w.shape) for w in calculation.weights] == [
        (w.path.removeprefix(f"{layer.name}/"), tuple(w.shape)) for w in layer.weights
    ]
    assert calculation.params == layer.count_params()
    assert quoted_count(calculation.note) == sum(p.numel() for p in torch_module(options).parameters())


@pytest.mark.parametrize("options", TORCH_CASES, ids=str)
def test_params_mha_is_torch_own(options: LayerOptions) -> None:
    module = torch_module(options)
    calculation = calculate(options)
    assert [(w.name, w.shape) for w in calculation.weights] == [
        (name, tuple(p.shape)) for name, p in module.named_parameters()
    ]
    assert calculation.params == sum(p.numel() for p in module.parameters())
    twin = LayerOptions("mha", embed_dim=options.embed_dim, num_heads=options.num_heads, use_bias=options.use_bias)
    assert quoted_count(calculation.note) == keras_layer(twin).count_params()
