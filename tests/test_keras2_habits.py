"""Keras 2 code (issue 15, item 6): CuDNNLSTM/CuDNNGRU counted as Keras 2 counted them, Embedding's
``weights=``, and ``input_dim``/``input_length`` on a first recurrent layer read as Keras 2 read them.

The counts come from Keras 2's ``keras/layers/cudnn_recurrent.py`` (kernel (i, g·u),
recurrent_kernel (u, g·u), bias (2·g·u,)); tests/oracle/test_keras2_habits_oracle.py checks
them against torch.nn's LSTM and GRU (the same two bias vectors per gate) and checks what
Keras 3 refuses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_calc.graph import infer
from lstm_calc.spec_mapping import model_from_mapping

CUDNN_CODE = """\
import tensorflow as tf
from keras.models import Sequential
from keras.layers import CuDNNLSTM, Dense, Bidirectional, Embedding

model = Sequential()
model.add(Embedding(20000, 128, input_length=100))
model.add(Bidirectional(CuDNNLSTM(64, return_sequences=True)))
model.add(tf.compat.v1.keras.layers.CuDNNGRU(32))
model.add(Dense(1, activation="sigmoid"))
"""

EMBEDDING_WEIGHTS_CODE = """\
from keras.models import Sequential
from keras.layers import Embedding, LSTM

vocab = 1000
model = Sequential()
model.add(Embedding(vocab, 300, weights=[embedding_matrix], trainable=False, input_length=10))
model.add(LSTM(32))
"""

INPUT_DIM_CODE = """\
from keras.models import Sequential
from keras.layers import LSTM, Dense

model = Sequential()
model.add(LSTM(32, input_dim=8{length}))
model.add(Dense(1))
"""


def _code_file(tmp_path: Path, code: str) -> str:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    return str(path)


def _layer(layer: dict[str, object], input_shape: list[int | None]):
    return infer(model_from_mapping({"input": {"shape": input_shape}, "layers": [layer]})).layers[-1]


@pytest.mark.parametrize(("kind", "gates"), [("CuDNNLSTM", 4), ("CuDNNGRU", 3)])
@pytest.mark.parametrize(("features", "units"), [(1, 1), (8, 32), (128, 64), (300, 100)])
def test_cudnn_counts_two_bias_vectors_per_gate(kind: str, gates: int, features: int, units: int) -> None:
    layer = _layer({"type": kind, "units": units}, [None, features])
    assert [(weight.name, weight.shape) for weight in layer.weights] == [
        ("kernel", (features, gates * units)),
        ("recurrent_kernel", (units, gates * units)),
        ("bias", (2 * gates * units,)),
    ]
    assert sum(weight.size for weight in layer.weights) == gates * (units * (features + units) + 2 * units)


def test_cudnn_lstm_outputs_as_the_other_rnns() -> None:
    layer = _layer({"type": "CuDNNLSTM", "units": 64, "return_sequences": True, "return_state": True}, [100, 128])
    assert layer.output_shape == [(None, 100, 64), (None, 64), (None, 64)]
    gru = _layer({"type": "CuDNNGRU", "units": 16, "return_state": True}, [100, 128])
    assert gru.output_shape == [(None, 16), (None, 16)]


def test_cudnn_code_prints_keras_2_counts(run, tmp_path: Path) -> None:
    result = run("summary", _code_file(tmp_path, CUDNN_CODE))
    assert result.exit_code == 0
    # 2 · 4·(64·(128 + 64) + 2·64) = 99,328; 3·(32·(128 + 32) + 2·32) = 15,552. Keras 2 names
    # CuDNNGRU cu_dnngru (its to_snake_case, as Keras 3's).
    assert result.stdout == (
        'Model: "sequential"\n'
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ embedding (Embedding)           │ (None, 100, 128)       │     2,560,000 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ bidirectional (Bidirectional)   │ (None, 100, 128)       │        99,328 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ cu_dnngru (CuDNNGRU)            │ (None, 32)             │        15,552 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ dense (Dense)                   │ (None, 1)              │            33 │\n"
        "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
        " Total params: 2,674,913 (10.20 MB)\n"
        " Trainable params: 2,674,913 (10.20 MB)\n"
        " Non-trainable params: 0 (0.00 B)\n"
        " Note: bidirectional: CuDNNLSTM, counted as in Keras 2; Keras 3 removed it (keras.layers.LSTM picks "
        "cuDNN by itself)\n"
        " Note: cu_dnngru: CuDNNGRU, counted as in Keras 2; Keras 3 removed it (keras.layers.GRU picks cuDNN by "
        "itself)\n"
    )


def test_keras2_notes_in_markdown_and_json(run, tmp_path: Path) -> None:
    path = _code_file(tmp_path, CUDNN_CODE)
    markdown = run("summary", path, "--format", "markdown")
    assert markdown.exit_code == 0
    assert markdown.stdout.endswith(
        "- **Non-trainable params:** 0 (0.00 B)\n"
        "- **Note:** bidirectional: CuDNNLSTM, counted as in Keras 2; Keras 3 removed it (keras.layers.LSTM picks "
        "cuDNN by itself)\n"
        "- **Note:** cu_dnngru: CuDNNGRU, counted as in Keras 2; Keras 3 removed it (keras.layers.GRU picks cuDNN "
        "by itself)\n"
    )
    document = json.loads(run("summary", path, "--format", "json").stdout)
    assert document["notes"] == [
        "bidirectional: CuDNNLSTM, counted as in Keras 2; Keras 3 removed it (keras.layers.LSTM picks cuDNN by itself)",
        "cu_dnngru: CuDNNGRU, counted as in Keras 2; Keras 3 removed it (keras.layers.GRU picks cuDNN by itself)",
    ]
    plain = run("summary", "-", "--format", "json", stdin="input: {shape: [3]}\nlayers:\n  - {type: Dense, units: 2}\n")
    assert "notes" not in json.loads(plain.stdout)


@pytest.mark.parametrize(
    ("length", "given"), [(", input_length=10", "input_dim and input_length are"), ("", "input_dim is")]
)
def test_input_dim_on_a_first_lstm_gets_a_note(run, tmp_path: Path, length: str, given: str) -> None:
    result = run("summary", _code_file(tmp_path, INPUT_DIM_CODE.format(length=length)))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        f" Note: lstm: {given.replace(' are', ' on LSTM are').replace(' is', ' on LSTM is')} Keras 2's; "
        "Keras 3 refuses them: use keras.Input(shape=(steps, features))"
    )


def test_export_to_keras_refuses_cudnn_layers(run, tmp_path: Path) -> None:
    path = _code_file(tmp_path, CUDNN_CODE)
    result = run("export", path, "--to", "keras")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "CuDNNLSTM" in result.stderr
    assert "was removed in Keras 3 (keras.layers.LSTM picks cuDNN by itself" in result.stderr


def test_cudnn_has_no_pytorch_convention(run) -> None:
    spec = "framework: pytorch\ninput: {shape: [5, 3]}\nlayers:\n  - {type: CuDNNLSTM, units: 4}\n"
    result = run("summary", "-", stdin=spec)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "<stdin>:4:12: error: CuDNNLSTM is a Keras layer with no torch.nn counterpart, so the PyTorch convention "
        "cannot use it"
    )


def test_embedding_weights_change_no_count(run, tmp_path: Path) -> None:
    result = run("summary", _code_file(tmp_path, EMBEDDING_WEIGHTS_CODE))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[4:11] == [
        "│ embedding (Embedding)           │ (None, 10, 300)        │       300,000 │",
        "├─────────────────────────────────┼────────────────────────┼───────────────┤",
        "│ lstm (LSTM)                     │ (None, 32)             │        42,624 │",
        "└─────────────────────────────────┴────────────────────────┴───────────────┘",
        " Total params: 342,624 (1.31 MB)",
        " Trainable params: 42,624 (166.50 KB)",
        " Non-trainable params: 300,000 (1.14 MB)",
    ]


def test_embedding_weights_are_not_written_to_keras(run, tmp_path: Path) -> None:
    result = run("export", _code_file(tmp_path, EMBEDDING_WEIGHTS_CODE), "--to", "keras")
    assert result.exit_code == 0
    assert "        layers.Embedding(1000, 300, trainable=False),\n" in result.stdout


@pytest.mark.parametrize(("length", "input_shape"), [(", input_length=10", [None, 10, 8]), ("", [None, None, 8])])
def test_input_dim_and_length_on_a_first_lstm_give_the_input(run, tmp_path: Path, length: str, input_shape) -> None:
    result = run("summary", _code_file(tmp_path, INPUT_DIM_CODE.format(length=length)), "--format", "json")
    assert result.exit_code == 0
    expected = ", ".join("null" if size is None else str(size) for size in input_shape)
    assert f'"input_shape": [{expected}],' in result.stdout
    assert '"params": 5248,' in result.stdout


def test_input_length_without_input_dim_is_refused(run, tmp_path: Path) -> None:
    path = _code_file(tmp_path, INPUT_DIM_CODE.format(length="").replace("input_dim=8", "input_length=10"))
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:5:20: error: input_length gives the input's time steps only; add input_dim (the features), "
        "or give the input as input_shape=(time_steps, features)\n"
    )


def test_input_length_on_a_later_layer_is_refused(run) -> None:
    spec = "input: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: 4, return_sequences: true}\n" + (
        "  - {type: GRU, units: 4, input_length: 5}\n"
    )
    result = run("summary", "-", stdin=spec)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "<stdin>:4:27: error: 'input_length' gives the model input and is only read on the first layer "
        "(Keras ignores it here); remove it\n"
    )
