"""Keras 2 habits against the real frameworks: CuDNNLSTM/CuDNNGRU (Keras 3 has none) against
torch.nn's LSTM and GRU, which keep the same two bias vectors per gate; what Keras 3 refuses
(input_dim/input_length on an LSTM) and what it takes without a change of count (Embedding's
``weights=``)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import numpy as np  # noqa: E402

from lstm_calc.graph import infer  # noqa: E402
from lstm_calc.spec_mapping import model_from_mapping  # noqa: E402

pytestmark = pytest.mark.oracle

TORCH_TWINS = {"CuDNNLSTM": torch.nn.LSTM, "CuDNNGRU": torch.nn.GRU}


@pytest.mark.parametrize("kind", sorted(TORCH_TWINS))
@pytest.mark.parametrize(("features", "units"), [(1, 1), (8, 32), (128, 64), (300, 100)])
def test_cudnn_counts_equal_torch(kind: str, features: int, units: int) -> None:
    module = TORCH_TWINS[kind](features, units, batch_first=True)
    torch_count = sum(parameter.numel() for parameter in module.parameters())
    summary = infer(
        model_from_mapping({"input": {"shape": [None, features]}, "layers": [{"type": kind, "units": units}]})
    )
    assert summary.total_params == torch_count


def test_keras_3_has_no_cudnn_layers() -> None:
    assert not hasattr(keras.layers, "CuDNNLSTM")
    assert not hasattr(keras.layers, "CuDNNGRU")


def test_keras_3_refuses_input_length_on_an_lstm() -> None:
    with pytest.raises(ValueError, match="Unrecognized keyword arguments passed to LSTM: {'input_length': 10}"):
        keras.layers.LSTM(32, input_dim=8, input_length=10)


def test_keras_3_reads_input_dim_on_an_lstm_as_a_2d_input_and_refuses_it() -> None:
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        keras.Sequential([keras.layers.LSTM(32, input_dim=8)])


def test_embedding_weights_change_no_count() -> None:
    keras.utils.clear_session(free_memory=False)
    matrix = np.zeros((1000, 300), dtype="float32")
    with_weights = keras.layers.Embedding(1000, 300, weights=[matrix], trainable=False)
    summary = infer(
        model_from_mapping(
            {"input": {"shape": [10]}, "layers": [{"type": "Embedding", "input_dim": 1000, "output_dim": 300}]}
        )
    )
    assert with_weights.count_params() == summary.total_params == 300_000


def test_keras_3_ignores_embedding_input_length_with_a_warning() -> None:
    # Why lstmcalc notes no Keras 2 habit for Embedding's input_length: Keras 3 still takes it.
    with pytest.warns(UserWarning, match="Argument `input_length` is deprecated. Just remove it."):
        layer = keras.layers.Embedding(10, 2, input_length=5)
    assert "input_length" not in layer.get_config()
