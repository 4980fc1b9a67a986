"""Parameter counts, shapes and weights from the library, pinned to what real Keras 3 computes.

Every figure here was printed by ``model.summary()`` / ``count_params()`` of Keras 3.15
(backend torch) for the same model; tests/oracle re-checks them against a live install.
"""

from __future__ import annotations

import pytest

from lstm_calc.api import summarize_file, summarize_text
from tests.case_ids import slug
from tests.conftest import SPECS


def layer_rows(summary):
    return [(layer.name, layer.type, layer.output_shape, layer.params) for layer in summary.layers]


def test_gesture_classifier_matches_keras():
    summary = summarize_file(str(SPECS / "gesture_classifier.yaml"))
    assert layer_rows(summary) == [
        ("lstm", "LSTM", (None, 5, 64), 48_896),
        ("lstm_1", "LSTM", (None, 5, 128), 98_816),
        ("lstm_2", "LSTM", (None, 64), 49_408),
        ("dense", "Dense", (None, 64), 4_160),
        ("dense_1", "Dense", (None, 32), 2_080),
        ("dense_2", "Dense", (None, 3), 99),
    ]
    assert summary.total_params == 203_459
    assert summary.param_bytes == 813_836  # 794.76 KB


def test_second_and_third_lstm_do_not_have_48896_params():
    """A widely shared explanation claims all three LSTMs have 48,896: their inputs differ, so their counts do."""
    summary = summarize_file(str(SPECS / "gesture_classifier.yaml"))
    lstm_params = [layer.params for layer in summary.layers if layer.type == "LSTM"]
    assert lstm_params == [48_896, 98_816, 49_408]
    assert lstm_params.count(48_896) == 1


SINGLE_LSTMS = [
    ("lstm_1_unit.yaml", 12, (None, 1)),
    ("lstm_3_units.yaml", 72, (None, 3)),
    ("interview_lstm_12.yaml", 4_464, (None, 12)),
]


@pytest.mark.parametrize(
    ("spec", "params", "output_shape"), SINGLE_LSTMS, ids=[spec.removesuffix(".yaml") for spec, _, _ in SINGLE_LSTMS]
)
def test_single_lstm_counts(spec, params, output_shape):
    summary = summarize_file(str(SPECS / spec))
    (layer,) = summary.layers
    assert (layer.params, layer.output_shape) == (params, output_shape)


def test_interview_lstm_weight_shapes():
    (layer,) = summarize_file(str(SPECS / "interview_lstm_12.yaml")).layers
    assert [(w.name, w.shape) for w in layer.weights] == [
        ("kernel", (80, 48)),
        ("recurrent_kernel", (12, 48)),
        ("bias", (48,)),
    ]


def test_stateful_char_model():
    summary = summarize_file(str(SPECS / "stateful_char_model.yaml"))
    assert layer_rows(summary) == [
        ("lstm", "LSTM", (1, 50), 10_400),
        ("dense", "Dense", (1, 26), 1_326),
    ]
    assert summary.total_params == 11_726
    assert summary.param_bytes == 46_904  # 45.80 KB
    assert summary.input_shape == (1, 1, 1)


def test_text_generator():
    summary = summarize_file(str(SPECS / "text_generator.yaml"))
    assert layer_rows(summary) == [
        ("embedding", "Embedding", (None, 40, 128), 1_280_000),
        ("lstm", "LSTM", (None, 40, 256), 394_240),
        ("dropout", "Dropout", (None, 40, 256), 0),
        ("lstm_1", "LSTM", (None, 256), 525_312),
        ("dense", "Dense", (None, 10000), 2_570_000),
    ]


def test_gru_sentiment_uses_reset_after_bias():
    summary = summarize_file(str(SPECS / "gru_sentiment.yaml"))
    assert layer_rows(summary) == [
        ("embedding", "Embedding", (None, None, 64), 1_280_000),
        ("gru", "GRU", (None, None, 64), 24_960),
        ("gru_1", "GRU", (None, 32), 9_408),
        ("dense", "Dense", (None, 1), 33),
    ]
    gru = summary.layers[1]
    assert [(w.name, w.shape) for w in gru.weights] == [
        ("kernel", (64, 192)),
        ("recurrent_kernel", (64, 192)),
        ("bias", (2, 192)),
    ]


def one_layer(layer: str, shape: str = "[4, 3]", extra: str = "") -> object:
    return summarize_text(f"input: {{shape: {shape}{extra}}}\nlayers:\n  - {layer}\n")


LAYER_WEIGHTS = [
    ("{type: GRU, units: 5, reset_after: false}", 135, [(3, 15), (5, 15), (15,)]),
    ("{type: GRU, units: 5}", 150, [(3, 15), (5, 15), (2, 15)]),
    ("{type: SimpleRNN, units: 5}", 45, [(3, 5), (5, 5), (5,)]),
    ("{type: SimpleRNN, units: 5, use_bias: false}", 40, [(3, 5), (5, 5)]),
    ("{type: LSTM, units: 5, use_bias: false}", 160, [(3, 20), (5, 20)]),
    ("{type: Dense, units: 7}", 28, [(3, 7), (7,)]),
    ("{type: Dense, units: 7, use_bias: false}", 21, [(3, 7)]),
    ("{type: Dropout, rate: 0.5}", 0, []),
]


@pytest.mark.parametrize(
    ("layer", "params", "weights"), LAYER_WEIGHTS, ids=[slug(layer) for layer, _, _ in LAYER_WEIGHTS]
)
def test_layer_weights(layer, params, weights):
    (summary_layer,) = one_layer(layer).layers
    assert summary_layer.params == params
    assert [w.shape for w in summary_layer.weights] == weights


OUTPUT_SHAPES = [
    ("{type: LSTM, units: 8, return_state: true}", [(None, 8), (None, 8), (None, 8)]),
    ("{type: LSTM, units: 8, return_state: true, return_sequences: true}", [(None, 4, 8), (None, 8), (None, 8)]),
    ("{type: GRU, units: 8, return_state: true}", [(None, 8), (None, 8)]),
    ("{type: SimpleRNN, units: 8, return_state: true, return_sequences: true}", [(None, 4, 8), (None, 8)]),
    ("{type: Dense, units: 8}", (None, 4, 8)),
]


@pytest.mark.parametrize(("layer", "output"), OUTPUT_SHAPES, ids=[slug(layer) for layer, _ in OUTPUT_SHAPES])
def test_output_shapes(layer, output):
    (summary_layer,) = one_layer(layer).layers
    assert summary_layer.output_shape == output


def test_unknown_time_axis_and_batch_size():
    summary = summarize_text(
        "input: {shape: [null, 3], batch_size: 32}\n"
        "layers:\n  - {type: LSTM, units: 4, return_sequences: true}\n  - {type: Dense, units: 2}\n"
    )
    assert [layer.output_shape for layer in summary.layers] == [(32, None, 4), (32, None, 2)]


def test_frozen_layer_counts_as_non_trainable():
    summary = summarize_text(
        "input: {shape: [4, 3]}\nlayers:\n  - {type: LSTM, units: 3, trainable: false}\n  - {type: Dense, units: 2}\n"
    )
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (92, 8, 84)
    assert (summary.trainable_bytes, summary.non_trainable_bytes) == (32, 336)


def test_dtypes_change_byte_sizes_only():
    summary = summarize_text(
        "dtype: float16\ninput: {shape: [4, 3]}\nlayers:\n"
        "  - {type: LSTM, units: 3}\n  - {type: Dense, units: 2, dtype: float64}\n"
    )
    assert summary.total_params == 92
    assert summary.param_bytes == 84 * 2 + 8 * 8


def test_keras_habits_give_the_input():
    by_input_shape = summarize_text("layers:\n  - {type: LSTM, units: 3, input_shape: [4, 2]}\n")
    by_input_dim = summarize_text("layers:\n  - {type: Dense, units: 3, input_dim: 7}\n")
    by_input_length = summarize_text("layers:\n  - {type: Embedding, input_dim: 10, output_dim: 4, input_length: 6}\n")
    assert by_input_shape.layers[0].output_shape == (None, 3) and by_input_shape.total_params == 72
    assert by_input_dim.layers[0].output_shape == (None, 3) and by_input_dim.total_params == 24
    assert by_input_length.layers[0].output_shape == (None, 6, 4) and by_input_length.total_params == 40


def test_automatic_names_count_per_class_and_skip_explicit_names():
    summary = summarize_text(
        "input: {shape: [4, 3]}\nlayers:\n"
        "  - {type: SimpleRNN, units: 3, return_sequences: true}\n"
        "  - {type: lstm, units: 3, return_sequences: true, name: encoder}\n"
        "  - {type: LSTM, units: 3, return_sequences: true}\n"
        "  - {type: simplernn, units: 3}\n"
    )
    assert [layer.name for layer in summary.layers] == ["simple_rnn", "encoder", "lstm", "simple_rnn_1"]


def test_huge_counts_stay_exact():
    summary = summarize_text("input: {shape: [3]}\nlayers:\n  - {type: Dense, units: 1000000000000}\n")
    assert summary.total_params == 4_000_000_000_000
    assert summary.param_bytes == 16_000_000_000_000


def test_trainable_false_on_a_wrapper_freezes_nothing_as_in_keras():
    """Keras 3 gives a wrapper's constructor argument to the wrapper only: 144 stay trainable.

    Keras 3.15: Bidirectional(LSTM(3), trainable=False) then TimeDistributed(Dense(2, trainable=False))
    on (4, 2) after RepeatVector(2): Total 158, Trainable 144, Non-trainable 14.
    """
    summary = summarize_text(
        "input: {shape: [4, 2]}\nlayers:\n"
        "  - {type: Bidirectional, layer: {type: LSTM, units: 3}, trainable: false}\n"
        "  - {type: RepeatVector, n: 2}\n"
        "  - {type: TimeDistributed, layer: {type: Dense, units: 2, trainable: false}}\n"
    )
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (158, 144, 14)
