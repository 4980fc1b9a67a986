"""``lstmcalc why`` against real Keras 3 and torch.nn: the right count of every catalogue case, and
each wrong count a real layer has (the layer the mistake describes) equal to that layer's count.

Run with ``KERAS_BACKEND=torch python -m pytest tests/oracle``; skipped without them.
"""

from __future__ import annotations

import json
import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.api import build_file  # noqa: E402
from tests.conftest import SPECS  # noqa: E402
from tests.test_why import CATALOGUE_CASES  # noqa: E402

pytestmark = pytest.mark.oracle
layers = keras.layers
nn = torch.nn


def keras_count(layer, *input_shape: int | None) -> int:
    keras.utils.clear_session(free_memory=False)
    return keras.Sequential([keras.Input(input_shape), layer]).count_params()


def keras_attention_count(heads: int, key_dim: int, embed: int = 64) -> int:
    """A Keras MultiHeadAttention's count in self-attention on ``embed`` features."""
    keras.utils.clear_session(free_memory=False)
    layer = layers.MultiHeadAttention(heads, key_dim)
    sequence = keras.Input((5, embed))
    layer(sequence, sequence)
    return layer.count_params()


def torch_count(module) -> int:
    return sum(parameter.numel() for parameter in module.parameters())


#: Each case's layer as the real framework builds it (the right count).
RIGHT = {
    "lstm --units 12 --input-dim 80": lambda: keras_count(layers.LSTM(12), None, 80),
    "lstm --units 12 --input-dim 80 --framework pytorch": lambda: torch_count(nn.LSTM(80, 12)),
    "lstm --units 12 --input-dim 80 --bidirectional": lambda: keras_count(
        layers.Bidirectional(layers.LSTM(12)), None, 80
    ),
    "lstm --units 12 --input-dim 80 --bidirectional --framework pytorch": lambda: torch_count(
        nn.LSTM(80, 12, bidirectional=True)
    ),
    "gru --units 12 --input-dim 80 --bidirectional --framework pytorch": lambda: torch_count(
        nn.GRU(80, 12, bidirectional=True)
    ),
    "lstm --units 12 --input-dim 80 --num-layers 2 --framework pytorch": lambda: torch_count(nn.LSTM(80, 12, 2)),
    "lstm --units 64 --input-dim 126 --time-steps 5": lambda: keras_count(layers.LSTM(64), 5, 126),
    "lstm --units 12 --input-dim 80 --proj-size 5 --framework pytorch": lambda: torch_count(
        nn.LSTM(80, 12, proj_size=5)
    ),
    "gru --units 64 --input-dim 32": lambda: keras_count(layers.GRU(64), None, 32),
    "gru --units 64 --input-dim 32 --no-reset-after": lambda: keras_count(layers.GRU(64, reset_after=False), None, 32),
    "gru --units 64 --input-dim 32 --framework pytorch": lambda: torch_count(nn.GRU(32, 64)),
    "simplernn --units 32 --input-dim 10": lambda: keras_count(layers.SimpleRNN(32), None, 10),
    "dense --units 64 --input-dim 128": lambda: keras_count(layers.Dense(64), 128),
    "dense --units 64 --input-dim 128 --time-steps 10": lambda: keras_count(layers.Dense(64), 10, 128),
    "embedding --input-dim 10000 --output-dim 128 --time-steps 40": lambda: keras_count(
        layers.Embedding(10000, 128), 40
    ),
    "conv1d --filters 32 --kernel-size 3 --input-dim 80": lambda: keras_count(layers.Conv1D(32, 3), None, 80),
    "conv1d --filters 32 --kernel-size 3 --input-dim 80 --time-steps 20": lambda: keras_count(
        layers.Conv1D(32, 3), 20, 80
    ),
    "lstm --units 12 --input-dim 80 --batch-size 32": lambda: keras_count(layers.LSTM(12), None, 80),
    "mha --embed-dim 64 --num-heads 4 --key-dim 64": lambda: keras_attention_count(4, 64),
    "mha --embed-dim 64 --num-heads 4": lambda: keras_attention_count(4, 16),
    "mha --embed-dim 64 --num-heads 4 --framework pytorch": lambda: torch_count(nn.MultiheadAttention(64, 4)),
    "convlstm2d --filters 32 --kernel-size 3 --input-dim 3": lambda: keras_count(
        layers.ConvLSTM2D(32, 3), None, 8, 8, 3
    ),
}

#: (case, mistake) -> the real layer the mistaken count belongs to.
WRONG = {
    ("lstm --units 12 --input-dim 80", "bias_forgotten"): lambda: keras_count(
        layers.LSTM(12, use_bias=False), None, 80
    ),
    ("lstm --units 12 --input-dim 80", "torch_biases_in_keras"): lambda: torch_count(nn.LSTM(80, 12)),
    ("lstm --units 12 --input-dim 80 --framework pytorch", "keras_bias_in_torch"): lambda: keras_count(
        layers.LSTM(12), None, 80
    ),
    ("lstm --units 12 --input-dim 80 --bidirectional", "bidirectional_not_doubled"): lambda: keras_count(
        layers.LSTM(12), None, 80
    ),
    ("lstm --units 12 --input-dim 80 --bidirectional", "bidirectional_doubled_twice"): lambda: (
        2 * keras_count(layers.Bidirectional(layers.LSTM(12)), None, 80)
    ),
    (
        "lstm --units 12 --input-dim 80 --bidirectional --framework pytorch",
        "bidirectional_not_doubled",
    ): lambda: torch_count(nn.LSTM(80, 12)),
    ("gru --units 12 --input-dim 80 --bidirectional --framework pytorch", "bidirectional_doubled_twice"): lambda: (
        2 * torch_count(nn.GRU(80, 12, bidirectional=True))
    ),
    ("lstm --units 12 --input-dim 80 --num-layers 2 --framework pytorch", "num_layers_ignored"): lambda: torch_count(
        nn.LSTM(80, 12)
    ),
    ("lstm --units 64 --input-dim 126 --time-steps 5", "time_steps_as_features"): lambda: keras_count(
        layers.LSTM(64), 126, 5
    ),
    ("lstm --units 12 --input-dim 80 --proj-size 5 --framework pytorch", "proj_size_ignored"): lambda: torch_count(
        nn.LSTM(80, 12)
    ),
    ("lstm --units 12 --input-dim 80", "gates_3"): lambda: keras_count(layers.GRU(12, reset_after=False), None, 80),
    ("lstm --units 12 --input-dim 80", "gates_1"): lambda: keras_count(layers.SimpleRNN(12), None, 80),
    ("gru --units 64 --input-dim 32", "reset_after_ignored"): lambda: keras_count(
        layers.GRU(64, reset_after=False), None, 32
    ),
    ("gru --units 64 --input-dim 32 --no-reset-after", "reset_after_assumed"): lambda: keras_count(
        layers.GRU(64), None, 32
    ),
    ("gru --units 64 --input-dim 32", "gates_4"): lambda: torch_count(nn.LSTM(32, 64)),
    ("gru --units 64 --input-dim 32", "gates_1"): lambda: torch_count(nn.RNN(32, 64)),
    ("gru --units 64 --input-dim 32 --framework pytorch", "keras_bias_in_torch"): lambda: keras_count(
        layers.GRU(64, reset_after=False), None, 32
    ),
    ("simplernn --units 32 --input-dim 10", "gates_4"): lambda: keras_count(layers.LSTM(32), None, 10),
    ("simplernn --units 32 --input-dim 10", "gates_3"): lambda: keras_count(
        layers.GRU(32, reset_after=False), None, 10
    ),
    ("simplernn --units 32 --input-dim 10", "torch_biases_in_keras"): lambda: torch_count(nn.RNN(10, 32)),
    ("dense --units 64 --input-dim 128", "bias_forgotten"): lambda: keras_count(layers.Dense(64, use_bias=False), 128),
    ("dense --units 64 --input-dim 128 --time-steps 10", "time_steps_flattened"): lambda: keras_count(
        layers.Dense(64), 1280
    ),
    ("embedding --input-dim 10000 --output-dim 128 --time-steps 40", "embedding_times_steps"): lambda: keras_count(
        layers.Embedding(10000, 40), 40
    ),
    ("conv1d --filters 32 --kernel-size 3 --input-dim 80", "bias_forgotten"): lambda: keras_count(
        layers.Conv1D(32, 3, use_bias=False), None, 80
    ),
    ("conv1d --filters 32 --kernel-size 3 --input-dim 80", "kernel_size_forgotten"): lambda: keras_count(
        layers.Conv1D(32, 1), None, 80
    ),
    ("conv1d --filters 32 --kernel-size 3 --input-dim 80 --time-steps 20", "time_steps_as_features"): lambda: (
        keras_count(layers.Conv1D(32, 3), None, 20)
    ),
    ("lstm --units 12 --input-dim 80 --batch-size 32", "batch_multiplied"): lambda: (
        32 * keras_count(layers.LSTM(12), None, 80)
    ),
    ("lstm --units 12 --input-dim 80", "batch_multiplied"): lambda: 8 * keras_count(layers.LSTM(12), None, 80),
    # torch's packing: heads embed_dim / num_heads wide.
    ("mha --embed-dim 64 --num-heads 4 --key-dim 64", "heads_split"): lambda: torch_count(nn.MultiheadAttention(64, 4)),
    ("mha --embed-dim 64 --num-heads 4", "heads_full_width"): lambda: keras_attention_count(4, 64),
    ("mha --embed-dim 64 --num-heads 4 --framework pytorch", "heads_full_width"): lambda: keras_attention_count(4, 64),
    ("mha --embed-dim 64 --num-heads 4 --framework pytorch", "bias_forgotten"): lambda: torch_count(
        nn.MultiheadAttention(64, 4, bias=False)
    ),
    ("convlstm2d --filters 32 --kernel-size 3 --input-dim 3", "bias_forgotten"): lambda: keras_count(
        layers.ConvLSTM2D(32, 3, use_bias=False), None, 8, 8, 3
    ),
}


@pytest.mark.parametrize(("layer", "got", "key", "wrong"), CATALOGUE_CASES, ids=lambda value: str(value))
def test_right_and_wrong_counts_are_real_layers_counts(run, layer, got, key, wrong):
    document = json.loads(run("why", *layer.split(), "--got", str(got), "--format", "json").stdout)
    assert document["params"] == RIGHT[layer]()
    assert got == WRONG[layer, key]()


def test_the_seed_numbers_are_the_real_gesture_classifiers():
    model, _ = build_file(str(SPECS / "gesture_classifier.yaml"))
    keras.utils.clear_session(free_memory=False)
    real = keras.Sequential(
        [
            keras.Input((5, 126)),
            layers.LSTM(64, return_sequences=True),
            layers.LSTM(128, return_sequences=True),
            layers.LSTM(64),
        ]
    )
    assert [layer.count_params() for layer in real.layers] == [48_896, 98_816, 49_408]
    # wrong_input_layer: lstm_1 on the 126 features lstm reads.
    assert keras_count(layers.LSTM(128), 5, 126) == 130_560
