"""Sequential and Keras 2-era scripts from public repositories (tests/sequential_code_corpus.py):
each layer as lstmcalc reads it from the code, and, where the code takes a size from data or from
elsewhere, the located refusal naming it. The numbers are real Keras 3.15.1's (CuDNN layers':
torch's), compared layer by layer by tests/oracle/test_sequential_code_corpus_oracle.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_calc.api import build
from lstm_calc.readers import PYTHON, read_text
from tests.sequential_code_corpus import CORPUS

#: Per case: (name, type, output shape, parameters) per layer, with the case's --set values.
EXPECTED: dict[str, list[tuple[str, str, object, int]]] = {
    "stacked_input_shape": [
        ("lstm", "LSTM", (None, 4, 12), 672),
        ("lstm_1", "LSTM", (None, 6), 456),
        ("dense", "Dense", (None, 1), 7),
    ],
    "dense_funnel": [
        ("lstm", "LSTM", (None, 64), 16896),
        ("dense", "Dense", (None, 32), 2080),
        ("dense_1", "Dense", (None, 16), 528),
        ("dense_2", "Dense", (None, 1), 17),
    ],
    "mnist_rows_from_data": [
        ("lstm", "LSTM", (None, 28, 128), 80384),
        ("dropout", "Dropout", (None, 28, 128), 0),
        ("lstm_1", "LSTM", (None, 128), 131584),
        ("dropout_1", "Dropout", (None, 128), 0),
        ("dense", "Dense", (None, 32), 4128),
        ("dropout_2", "Dropout", (None, 32), 0),
        ("dense_1", "Dense", (None, 10), 330),
    ],
    "cudnn_mnist_sentdex": [
        ("cu_dnnlstm", "CuDNNLSTM", (None, 28, 128), 80896),
        ("dropout", "Dropout", (None, 28, 128), 0),
        ("cu_dnnlstm_1", "CuDNNLSTM", (None, 128), 132096),
        ("dropout_1", "Dropout", (None, 128), 0),
        ("dense", "Dense", (None, 32), 4128),
        ("dropout_2", "Dropout", (None, 32), 0),
        ("dense_1", "Dense", (None, 10), 330),
    ],
    "cudnn_first_sample_shape": [
        ("cu_dnnlstm", "CuDNNLSTM", (None, 28, 64), 24064),
        ("dropout", "Dropout", (None, 28, 64), 0),
        ("cu_dnnlstm_1", "CuDNNLSTM", (None, 64), 33280),
        ("dropout_1", "Dropout", (None, 64), 0),
        ("dense", "Dense", (None, 32), 2080),
        ("dense_1", "Dense", (None, 10), 330),
    ],
    "input_dim_and_length": [("lstm", "LSTM", (None, 32), 12416), ("dense", "Dense", (None, 1), 33)],
    "stacked_input_dim": [
        ("lstm", "LSTM", (None, 12, 64), 28928),
        ("lstm_1", "LSTM", (None, 12, 32), 12416),
        ("lstm_2", "LSTM", (None, 10), 1720),
    ],
    "embedding_weights_function": [
        ("embedding", "Embedding", (None, 100, 150), 750000),
        ("lstm", "LSTM", (None, 256), 416768),
        ("dropout", "Dropout", (None, 256), 0),
        ("dense", "Dense", (None, 3), 771),
        ("activation", "Activation", (None, 3), 0),
    ],
    "frozen_embedding_masking": [
        ("embedding", "Embedding", (None, 50, 100), 800000),
        ("masking", "Masking", (None, 50, 100), 0),
        ("lstm", "LSTM", (None, 64), 42240),
        ("dense", "Dense", (None, 64), 4160),
        ("dropout", "Dropout", (None, 64), 0),
        ("dense_1", "Dense", (None, 8000), 520000),
    ],
    "config_fields": [
        ("embedding", "Embedding", (None, 60, 200), 4000000),
        ("lstm", "LSTM", (None, 50), 50200),
        ("dropout", "Dropout", (None, 50), 0),
        ("dense", "Dense", (None, 2), 102),
    ],
    "length_argument": [
        ("embedding", "Embedding", (None, 24, 50), 9400),
        ("lstm", "LSTM", (None, 24, 256), 314368),
        ("dropout", "Dropout", (None, 24, 256), 0),
        ("lstm_1", "LSTM", (None, 256), 525312),
        ("dropout_1", "Dropout", (None, 256), 0),
        ("dense", "Dense", (None, 1), 257),
    ],
    "bidirectional_gru_function": [
        ("bidirectional", "Bidirectional", (None, 30, 256), 106752),
        ("dropout", "Dropout", (None, 30, 256), 0),
        ("bidirectional_1", "Bidirectional", (None, 128), 123648),
        ("dropout_1", "Dropout", (None, 128), 0),
        ("dense", "Dense", (None, 64), 8256),
        ("dense_1", "Dense", (None, 5), 325),
    ],
    "gru_stack_book": [
        ("embedding", "Embedding", (None, 100, 32), 320000),
        ("gru", "GRU", (None, 100, 32), 6336),
        ("gru_1", "GRU", (None, 100, 32), 6336),
        ("gru_2", "GRU", (None, 32), 6336),
    ],
    "input_added_first": [
        ("embedding", "Embedding", (None, 12, 64), 640000),
        ("gru", "GRU", (None, 48), 16416),
        ("dense", "Dense", (None, 1), 49),
    ],
    "cudnn_function_keras_prefix": [
        ("embedding", "Embedding", (None, 150, 200), 6_000_200),
        ("cu_dnnlstm", "CuDNNLSTM", (None, 256), 468_992),
        ("dropout", "Dropout", (None, 256), 0),
        ("dense", "Dense", (None, 54), 13_878),
    ],
    "cudnn_gru_functional": [
        ("input", "InputLayer", (None, 816), 0),
        ("embedding", "Embedding", (None, 816, 100), 995_500),
        ("cu_dnngru", "CuDNNGRU", (None, 256), 274_944),
        ("batch_normalization", "BatchNormalization", (None, 256), 1_024),
        ("dense", "Dense", (None, 256), 65_792),
        ("dropout", "Dropout", (None, 256), 0),
        ("batch_normalization_1", "BatchNormalization", (None, 256), 1_024),
        ("output", "Dense", (None, 9955), 2_558_435),
    ],
    "autoencoder_repeat_vector": [
        ("lstm", "LSTM", (None, 100), 40_800),
        ("repeat_vector", "RepeatVector", (None, 9, 100), 0),
        ("lstm_1", "LSTM", (None, 9, 100), 80_400),
        ("time_distributed", "TimeDistributed", (None, 9, 1), 101),
    ],
}


#: Cases whose code takes a size from data or from elsewhere: where lstmcalc refuses it without
#: --set, the expression it cannot evaluate there, and what that expression is.
REFUSED: dict[str, tuple[str, str, str]] = {
    "mnist_rows_from_data": ("11:34", "x_train.shape[1:]", "LSTM's input_shape"),
    "cudnn_mnist_sentdex": ("12:39", "x_train.shape[1:]", "CuDNNLSTM's input_shape"),
    "cudnn_first_sample_shape": ("9:38", "trainData[0].shape", "CuDNNLSTM's input_shape"),
    "embedding_weights_function": ("13:35", "vocabulary_size", "Embedding's input_dim"),
    "frozen_embedding_masking": ("6:25", "num_words", "Embedding's input_dim"),
    "config_fields": ("7:29", "n_symbols", "Embedding's input_dim"),
    "bidirectional_gru_function": ("7:74", "input_shape", "Bidirectional's input_shape"),
    "autoencoder_repeat_vector": ("13:53", "n_in", "LSTM's input_shape"),
}


def rows(name: str, sets: tuple[str, ...], code: str | None = None) -> list[tuple[str, str, object, int]]:
    code = CORPUS[name].code if code is None else code
    summary = build(read_text(PYTHON, code, "case.py", sets), "case.py", None)[1]
    return [(row.name, row.type, row.output_shape, row.params) for row in summary.layers]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_layer_as_keras_builds_it(name: str) -> None:
    assert rows(name, CORPUS[name].sets) == EXPECTED[name]


def test_only_cases_with_sets_are_refused() -> None:
    assert sorted(REFUSED) == sorted(name for name, case in CORPUS.items() if case.sets)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_size_from_data_is_refused_at_its_place(run, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.py"
    path.write_text(CORPUS[name].code)
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    location, expression, what = REFUSED[name]
    assert result.stderr == (
        f"{path}:{location}: error: cannot evaluate '{expression}' ({what}) without running the code; "
        f"give its value with --set '{expression}=VALUE'\n"
    )


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("embedding_weights_function", ("vocabulary_size=5000",)),
        ("bidirectional_gru_function", ("input_shape=(30, 9)",)),
        ("mnist_rows_from_data", ("x_train.shape[1:]=(28, 28)",)),
    ],
)
def test_the_set_a_refusal_suggests_is_taken(name: str, suggested: tuple[str, ...]) -> None:
    # A function's parameter is named where the function uses it; its value at the call reads the same.
    assert rows(name, suggested) == EXPECTED[name]
