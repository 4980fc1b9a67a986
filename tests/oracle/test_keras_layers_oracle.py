"""lstmcalc's wrappers, convolution, pooling, reshaping and normalization layers against real Keras 3.

The same comparisons as ``test_keras_oracle.py`` (layer by layer: names, shapes,
weights named by their Keras path inside the layer, counts, totals, and the whole
``model.summary()`` text), for Bidirectional, TimeDistributed, Conv1D, MaxPooling1D,
AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, Flatten, RepeatVector,
Reshape, Permute, Masking, SpatialDropout1D, BatchNormalization, LayerNormalization
and Activation: a hand-written corpus, stacks Keras refuses, seeded random stacks
built from these layers, and random mutations of them judged by Keras.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("keras")

from tests.oracle.keras_side import (  # noqa: E402  (after the skips: only needed when Keras is there)
    CALL_BATCH,
    CALL_LENGTH,
    HALF_DTYPES,
    assert_cli_table_is_keras_summary,
    assert_keras_accepts,
    assert_matches_keras,
    assert_only_lstmcalc_refuses,
    assert_summary_text_matches_keras,
    keras_call_shapes,
    keras_contradicts_itself,
    keras_refusal,
    keras_results,
)
from tests.oracle.scaffold import (  # noqa: E402
    assert_both_refuse,
    assert_pinned_counts,
    declared_spellings,
    divisors,
    dump_spec,
    input_block,
    is_annotation,
    judge_mutation,
    lstmcalc_document,
    lstmcalc_refusal,
    seq_spec,
    with_spelling,
)

pytestmark = pytest.mark.oracle


def lstm(units: int, **options: Any) -> dict[str, Any]:
    return {"type": "LSTM", "units": units, **options}


def gru(units: int, **options: Any) -> dict[str, Any]:
    return {"type": "GRU", "units": units, **options}


def dense(units: int, **options: Any) -> dict[str, Any]:
    return {"type": "Dense", "units": units, **options}


def bidirectional(layer: dict[str, Any], **options: Any) -> dict[str, Any]:
    return {"type": "Bidirectional", "layer": layer, **options}


def time_distributed(layer: dict[str, Any], **options: Any) -> dict[str, Any]:
    return {"type": "TimeDistributed", "layer": layer, **options}


def conv(filters: int, kernel_size: int, **options: Any) -> dict[str, Any]:
    return {"type": "Conv1D", "filters": filters, "kernel_size": kernel_size, **options}


# --------------------------------------------------------------------------------------
# (a) Hand-written specs: every layer and option
# --------------------------------------------------------------------------------------

CORPUS: dict[str, dict[str, Any]] = {
    # Bidirectional
    "bidirectional_lstm_concat": seq_spec(bidirectional(lstm(12)), shape=[None, 80]),
    "bidirectional_lstm_sequences": seq_spec(bidirectional(lstm(4, return_sequences=True)), dense(2), shape=[5, 3]),
    "bidirectional_gru_reset_after_false": seq_spec(bidirectional(gru(6, reset_after=False)), shape=[7, 5]),
    "bidirectional_simple_rnn_no_bias": seq_spec(
        bidirectional({"type": "SimpleRNN", "units": 3, "use_bias": False}), shape=[4, 2]
    ),
    "bidirectional_two_stacked": seq_spec(
        bidirectional(lstm(12, return_sequences=True)), bidirectional(lstm(12)), shape=[None, 80]
    ),
    "bidirectional_after_embedding": seq_spec(
        {"type": "Embedding", "input_dim": 100, "output_dim": 8, "mask_zero": True},
        bidirectional(gru(5)),
        dense(1, activation="sigmoid"),
        shape=[None],
    ),
    "bidirectional_stateful": seq_spec(
        bidirectional(lstm(3, stateful=True, return_sequences=True)), shape=[4, 2], batch_size=2
    ),
    "bidirectional_frozen": seq_spec(bidirectional(lstm(3), trainable=False), dense(2), shape=[4, 2]),
    "bidirectional_inner_frozen": seq_spec(bidirectional(lstm(3, trainable=False)), shape=[4, 2]),
    "bidirectional_named": seq_spec(
        bidirectional(lstm(3, name="encoder", return_sequences=True), name="bi"),
        bidirectional(gru(2, name="forward_decoder")),
        shape=[4, 2],
    ),
    "bidirectional_inner_named_backward_prefix": seq_spec(bidirectional(lstm(3, name="backward_enc")), shape=[4, 2]),
    "bidirectional_float64_layer": seq_spec(bidirectional(lstm(3), dtype="float64"), shape=[4, 2]),
    "bidirectional_inner_float64": seq_spec(bidirectional(lstm(3, dtype="float64")), shape=[4, 2]),
    "bidirectional_backward_layer": seq_spec(
        bidirectional(lstm(4), backward_layer=lstm(4, go_backwards=True)), shape=[5, 3]
    ),
    "bidirectional_backward_layer_named": seq_spec(
        bidirectional(lstm(4), backward_layer=lstm(4, go_backwards=True, name="rev")), dense(1), shape=[5, 3]
    ),
    "bidirectional_backward_layer_other_type": seq_spec(
        bidirectional(lstm(4), backward_layer=gru(4, go_backwards=True)), shape=[5, 3]
    ),
    "bidirectional_backward_forward_go_backwards": seq_spec(
        bidirectional(gru(2, go_backwards=True), backward_layer=gru(2)), shape=[5, 3]
    ),
    "auto_names_inner_first": seq_spec(
        bidirectional(lstm(3, return_sequences=True)),
        lstm(3, return_sequences=True),
        time_distributed(dense(2)),
        dense(2),
        shape=[4, 2],
    ),
    "auto_names_backward_layer_takes_a_name": seq_spec(
        bidirectional(lstm(2, return_sequences=True), backward_layer=lstm(2, go_backwards=True, return_sequences=True)),
        lstm(2),
        shape=[4, 2],
    ),
    # TimeDistributed
    "time_distributed_dense": seq_spec(time_distributed(dense(8)), dense(3), shape=[10, 4]),
    "time_distributed_dense_frozen": seq_spec(time_distributed(dense(8), trainable=False), shape=[10, 4]),
    "time_distributed_inner_frozen": seq_spec(time_distributed(dense(8, trainable=False)), shape=[10, 4]),
    "time_distributed_inner_float64": seq_spec(time_distributed(dense(8, dtype="float64")), shape=[10, 4]),
    "time_distributed_float64_wrapper": seq_spec(time_distributed(dense(8), dtype="float64"), shape=[10, 4]),
    "time_distributed_dropout": seq_spec(time_distributed({"type": "Dropout", "rate": 0.5}), shape=[None, 4]),
    "time_distributed_unknown_time": seq_spec(time_distributed(dense(2, use_bias=False)), shape=[None, 4]),
    "time_distributed_on_4d": seq_spec(time_distributed(dense(3)), shape=[2, 5, 4]),
    "time_distributed_lstm": seq_spec(time_distributed(lstm(6)), shape=[3, None, 4]),
    "time_distributed_gru_sequences": seq_spec(time_distributed(gru(2, return_sequences=True)), shape=[3, 5, 4]),
    "time_distributed_bidirectional": seq_spec(time_distributed(bidirectional(lstm(2))), shape=[2, 5, 3]),
    "time_distributed_conv1d": seq_spec(time_distributed(conv(4, 3)), shape=[2, 8, 3]),
    "time_distributed_pooling": seq_spec(time_distributed({"type": "MaxPooling1D", "pool_size": 2}), shape=[2, 8, 3]),
    "time_distributed_global_pooling": seq_spec(
        time_distributed({"type": "GlobalAveragePooling1D"}), lstm(3), shape=[6, 8, 3]
    ),
    "time_distributed_batch_norm": seq_spec(time_distributed({"type": "BatchNormalization"}), shape=[6, 3]),
    "time_distributed_layer_norm": seq_spec(time_distributed({"type": "LayerNormalization"}), shape=[6, 3]),
    "time_distributed_flatten": seq_spec(time_distributed({"type": "Flatten"}), shape=[6, 3, 2]),
    "time_distributed_repeat_vector": seq_spec(time_distributed({"type": "RepeatVector", "n": 2}), shape=[6, 3]),
    "time_distributed_embedding": seq_spec(
        time_distributed({"type": "Embedding", "input_dim": 10, "output_dim": 3}), shape=[4, 5]
    ),
    "time_distributed_nested": seq_spec(time_distributed(time_distributed(dense(2))), shape=[3, 4, 5]),
    "time_distributed_named_inner": seq_spec(
        time_distributed(dense(2, name="head"), name="per_step"), dense(2), shape=[3, 5]
    ),
    # Conv1D
    "conv1d_valid": seq_spec(conv(8, 3), shape=[10, 4]),
    "conv1d_same": seq_spec(conv(8, 4, padding="same"), shape=[10, 4]),
    "conv1d_causal": seq_spec(conv(8, 3, padding="causal", dilation_rate=2), shape=[10, 4]),
    "conv1d_causal_strided": seq_spec(conv(8, 3, padding="causal", strides=3), shape=[10, 4]),
    "conv1d_same_strided": seq_spec(conv(2, 5, padding="same", strides=4), shape=[10, 4]),
    "conv1d_strided": seq_spec(conv(8, 3, strides=2), shape=[11, 4]),
    "conv1d_dilated": seq_spec(conv(8, 3, dilation_rate=4), shape=[9, 4]),
    "conv1d_kernel_equals_length": seq_spec(conv(8, 10), shape=[10, 4]),
    "conv1d_groups": seq_spec(conv(6, 3, groups=2), shape=[10, 4]),
    "conv1d_depthwise_groups": seq_spec(conv(8, 3, groups=4), shape=[10, 4]),
    "conv1d_no_bias": seq_spec(conv(8, 3, use_bias=False), shape=[10, 4]),
    "conv1d_unknown_time": seq_spec(conv(8, 5, strides=2), conv(3, 2, padding="same"), shape=[None, 4]),
    "conv1d_activation_relu": seq_spec(conv(8, 3, activation="relu"), shape=[10, 4]),
    "conv1d_channels_last_explicit": seq_spec(conv(2, 3, data_format="channels_last"), shape=[5, 4]),
    "conv_front_end_lstm": seq_spec(
        conv(32, 5, activation="relu"),
        {"type": "MaxPooling1D", "pool_size": 2},
        lstm(16),
        dense(1),
        shape=[100, 6],
    ),
    # Pooling
    "max_pooling_default": seq_spec({"type": "MaxPooling1D"}, shape=[10, 3]),
    "max_pooling_odd_length": seq_spec({"type": "MaxPooling1D", "pool_size": 3}, shape=[10, 3]),
    "max_pooling_strides": seq_spec({"type": "MaxPooling1D", "pool_size": 3, "strides": 1}, shape=[10, 3]),
    "max_pooling_same": seq_spec({"type": "MaxPooling1D", "pool_size": 3, "padding": "same"}, shape=[10, 3]),
    "max_pooling_same_longer_than_input": seq_spec(
        {"type": "MaxPooling1D", "pool_size": 5, "padding": "same"}, shape=[2, 3]
    ),
    "average_pooling": seq_spec({"type": "AveragePooling1D", "pool_size": 4, "strides": 3}, shape=[11, 2]),
    "average_pooling_same_strided": seq_spec(
        {"type": "AveragePooling1D", "pool_size": 2, "strides": 3, "padding": "same"}, shape=[11, 2]
    ),
    "pooling_unknown_time": seq_spec({"type": "AveragePooling1D", "pool_size": 4}, shape=[None, 2]),
    "pooling_equal_length": seq_spec({"type": "MaxPooling1D", "pool_size": 4}, shape=[4, 2]),
    "global_average_pooling": seq_spec({"type": "GlobalAveragePooling1D"}, dense(2), shape=[None, 5]),
    "global_max_pooling_keepdims": seq_spec({"type": "GlobalMaxPooling1D", "keepdims": True}, shape=[7, 5]),
    "global_average_pooling_keepdims_lstm": seq_spec(
        {"type": "GlobalAveragePooling1D", "keepdims": True}, lstm(2), shape=[7, 5]
    ),
    "global_pooling_after_masking_embedding": seq_spec(
        {"type": "Embedding", "input_dim": 50, "output_dim": 4, "mask_zero": True},
        {"type": "GlobalAveragePooling1D"},
        shape=[None],
    ),
    # Flatten, RepeatVector, Reshape, Permute
    "flatten_3d": seq_spec({"type": "Flatten"}, dense(2), shape=[5, 3]),
    "flatten_4d": seq_spec({"type": "Flatten"}, shape=[2, 5, 3]),
    "flatten_2d": seq_spec({"type": "Flatten"}, shape=[5]),
    "flatten_1d": seq_spec({"type": "Flatten"}, shape=[]),
    "flatten_unknown_time": seq_spec({"type": "Flatten"}, shape=[None, 3]),
    "flatten_fixed_batch": seq_spec({"type": "Flatten"}, shape=[4, 3], batch_size=6),
    "repeat_vector_decoder": seq_spec(
        lstm(16),
        {"type": "RepeatVector", "n": 5},
        lstm(16, return_sequences=True),
        time_distributed(dense(3)),
        shape=[None, 3],
    ),
    "repeat_vector_after_dense": seq_spec(dense(4), {"type": "RepeatVector", "n": 1}, shape=[3]),
    "reshape_flat_to_sequence": seq_spec({"type": "Reshape", "target_shape": [4, 3]}, lstm(2), shape=[12]),
    "reshape_inferred_axis": seq_spec({"type": "Reshape", "target_shape": [-1, 2]}, shape=[3, 4]),
    "reshape_inferred_first_of_three": seq_spec({"type": "Reshape", "target_shape": [2, -1, 3]}, shape=[12]),
    "reshape_to_flat": seq_spec({"type": "Reshape", "target_shape": [-1]}, shape=[3, 4]),
    "reshape_unknown_time_inferred": seq_spec({"type": "Reshape", "target_shape": [-1, 3]}, shape=[None, 3]),
    "reshape_unknown_time_inferred_last": seq_spec({"type": "Reshape", "target_shape": [3, -1]}, shape=[None, 3]),
    "reshape_unknown_time_fixed_target": seq_spec({"type": "Reshape", "target_shape": [5, 3]}, shape=[None, 3]),
    "reshape_to_4d": seq_spec({"type": "Reshape", "target_shape": [2, 3, 2]}, shape=[12]),
    "permute_swap": seq_spec({"type": "Permute", "dims": [2, 1]}, lstm(3), shape=[5, 4]),
    "permute_identity": seq_spec({"type": "Permute", "dims": [1, 2]}, shape=[5, 4]),
    "permute_3_axes": seq_spec({"type": "Permute", "dims": [3, 1, 2]}, shape=[2, 5, 4]),
    "permute_unknown_time": seq_spec({"type": "Permute", "dims": [2, 1]}, shape=[None, 4]),
    "permute_single_axis": seq_spec({"type": "Permute", "dims": [1]}, shape=[4]),
    # Masking, SpatialDropout1D, Activation
    "masking_lstm": seq_spec({"type": "Masking", "mask_value": 0.0}, lstm(4), shape=[None, 3]),
    "masking_2d": seq_spec({"type": "Masking"}, dense(2), shape=[3]),
    "masking_1d": seq_spec({"type": "Masking"}, shape=[]),
    "masking_4d": seq_spec({"type": "Masking", "mask_value": -1}, shape=[2, 3, 4]),
    "spatial_dropout": seq_spec({"type": "SpatialDropout1D", "rate": 0.3}, gru(3), shape=[6, 4]),
    "activation_relu": seq_spec(dense(4), {"type": "Activation", "activation": "relu"}, shape=[3]),
    "activation_softmax_3d": seq_spec({"type": "Activation", "activation": "softmax"}, shape=[5, 3]),
    "activation_1d": seq_spec({"type": "Activation", "activation": "tanh"}, shape=[]),
    "activation_after_return_state": seq_spec(
        lstm(3, return_state=True), {"type": "Activation", "activation": "tanh"}, shape=[5, 2]
    ),
    # BatchNormalization
    "batch_norm_2d": seq_spec(dense(8), {"type": "BatchNormalization"}, shape=[3]),
    "batch_norm_3d": seq_spec({"type": "BatchNormalization"}, lstm(3), shape=[None, 5]),
    "batch_norm_axis_1": seq_spec({"type": "BatchNormalization", "axis": 1}, shape=[6, 5]),
    "batch_norm_axis_minus_2": seq_spec({"type": "BatchNormalization", "axis": -2}, shape=[6, 5]),
    "batch_norm_no_center": seq_spec({"type": "BatchNormalization", "center": False}, shape=[6, 5]),
    "batch_norm_no_scale": seq_spec({"type": "BatchNormalization", "scale": False}, shape=[6, 5]),
    "batch_norm_neither": seq_spec({"type": "BatchNormalization", "center": False, "scale": False}, shape=[6, 5]),
    "batch_norm_frozen": seq_spec({"type": "BatchNormalization", "trainable": False}, shape=[6, 5]),
    "batch_norm_float16_model": {**seq_spec({"type": "BatchNormalization"}, shape=[6, 5]), "dtype": "float16"},
    "batch_norm_mixed_policy": seq_spec({"type": "BatchNormalization", "dtype": "mixed_float16"}, shape=[6, 5]),
    "batch_norm_momentum_epsilon": seq_spec(
        {"type": "BatchNormalization", "momentum": 0.9, "epsilon": 1e-5}, shape=[6, 5]
    ),
    # synchronized: true is TensorFlow-only; Keras on torch refuses it.
    "batch_norm_synchronized_false": seq_spec({"type": "BatchNormalization", "synchronized": False}, shape=[6, 5]),
    "batch_norm_4d_axis_2": seq_spec({"type": "BatchNormalization", "axis": 2}, shape=[2, 6, 5]),
    # LayerNormalization
    "layer_norm_default": seq_spec(lstm(4, return_sequences=True), {"type": "LayerNormalization"}, shape=[5, 3]),
    "layer_norm_2d": seq_spec({"type": "LayerNormalization"}, shape=[7]),
    "layer_norm_axis_list": seq_spec({"type": "LayerNormalization", "axis": [1, 2]}, shape=[5, 3]),
    "layer_norm_axis_list_reversed": seq_spec({"type": "LayerNormalization", "axis": [-1, 1]}, shape=[5, 3]),
    "layer_norm_axis_list_mixed_signs": seq_spec({"type": "LayerNormalization", "axis": [2, -2]}, shape=[4, 5, 3]),
    "layer_norm_axis_1": seq_spec({"type": "LayerNormalization", "axis": 1}, shape=[5, 3]),
    "layer_norm_axis_single_list": seq_spec({"type": "LayerNormalization", "axis": [-2]}, shape=[5, 3]),
    "layer_norm_no_center": seq_spec({"type": "LayerNormalization", "center": False}, shape=[5, 3]),
    "layer_norm_no_scale": seq_spec({"type": "LayerNormalization", "scale": False}, shape=[5, 3]),
    "layer_norm_neither": seq_spec({"type": "LayerNormalization", "center": False, "scale": False}, shape=[5, 3]),
    "layer_norm_rms_scaling": seq_spec({"type": "LayerNormalization", "rms_scaling": True}, shape=[5, 3]),
    "layer_norm_unknown_time": seq_spec({"type": "LayerNormalization"}, shape=[None, 3]),
    "layer_norm_frozen": seq_spec({"type": "LayerNormalization", "trainable": False}, shape=[None, 3]),
    # Mixed stacks
    "seq2seq_autoencoder": seq_spec(
        bidirectional(lstm(32)),
        {"type": "RepeatVector", "n": 10},
        lstm(32, return_sequences=True),
        {"type": "LayerNormalization"},
        time_distributed(dense(6, activation="softmax")),
        shape=[10, 6],
        name="autoencoder",
    ),
    "cnn_bilstm_classifier": seq_spec(
        {"type": "Embedding", "input_dim": 5000, "output_dim": 64},
        {"type": "SpatialDropout1D", "rate": 0.2},
        conv(64, 5, padding="same", activation="relu"),
        {"type": "MaxPooling1D", "pool_size": 4},
        bidirectional(lstm(32, return_sequences=True)),
        {"type": "GlobalMaxPooling1D"},
        {"type": "BatchNormalization"},
        dense(3, activation="softmax"),
        shape=[200],
        name="cnn_bilstm",
    ),
    "bidirectional_return_state_concat": seq_spec(bidirectional(lstm(3, return_state=True)), shape=[5, 2]),
    "bidirectional_return_state_sequences_sum": seq_spec(
        bidirectional(gru(3, return_state=True, return_sequences=True), merge_mode="sum"), shape=[5, 2]
    ),
    "bidirectional_return_state_merge_none": seq_spec(
        bidirectional(lstm(2, return_state=True), merge_mode=None), shape=[5, 2]
    ),
    "bidirectional_return_state_then_dropout": seq_spec(
        bidirectional({"type": "SimpleRNN", "units": 2, "return_state": True}),
        {"type": "Dropout", "rate": 0.1},
        shape=[5, 2],
    ),
    "long_wrapper_names_wrap": seq_spec(
        time_distributed(dense(3)),
        time_distributed(dense(3)),
        {"type": "GlobalAveragePooling1D"},
        {"type": "BatchNormalization"},
        shape=[4, 2],
    ),
}

for _mode in ("concat", "sum", "mul", "ave", None):
    for _sequences in (False, True):
        CORPUS[f"bidirectional_merge_{str(_mode).lower()}_sequences_{str(_sequences).lower()}"] = seq_spec(
            bidirectional(lstm(4, return_sequences=_sequences), merge_mode=_mode), shape=[6, 3]
        )

#: Parameter counts from the formulas and from published examples, pinned per layer.
PINNED_COUNTS = {
    # 2 × 4·12·(80 + 12 + 1)
    "bidirectional_lstm_concat": ([8928], 8928),
    # second layer sees 24 features: 2 × 4·12·(24 + 12 + 1)
    "bidirectional_two_stacked": ([8928, 3552], 12480),
    # kernel 3·4·8 + 8
    "conv1d_valid": ([104], 104),
    # 3·(4/2)·6 + 6
    "conv1d_groups": ([42], 42),
    # Dense(8) on 3 features: 3·8 + 8; then gamma, beta, moving mean and variance of 8 features
    "batch_norm_2d": ([32, 32], 64),
    # TimeDistributed(Dense(8)) on 4 features: 4·8 + 8
    "time_distributed_dense": ([40, 27], 67),
}


@pytest.mark.parametrize("case", sorted(PINNED_COUNTS))
def test_pinned_counts(case: str) -> None:
    theirs, _ = keras_results(CORPUS[case])
    assert_pinned_counts((lstmcalc_document(CORPUS[case]), theirs), *PINNED_COUNTS[case])


@pytest.mark.parametrize("case", ["bidirectional_frozen", "time_distributed_dense_frozen"])
def test_frozen_wrapper_freezes_nothing(case: str) -> None:
    """Keras 3 hands ``trainable=False`` to the wrapper only: its wrapped weights stay trainable.

    Keras contradicts itself here: the wrapper's ``trainable_weights`` is empty, but the
    model's ``trainable_weights`` (what an optimizer trains, and what the summary counts)
    holds every wrapped weight. lstmcalc follows the model and the weights' own flags.
    """
    import keras

    from tests.oracle.keras_side import build_keras_model, keras_session

    with keras_session(None):
        model = build_keras_model(CORPUS[case])
        wrapper = model.layers[0]
        assert wrapper.trainable_weights == [] and wrapper.weights
        assert all(weight.trainable for weight in wrapper.weights)
        assert all(any(weight is other for other in model.trainable_weights) for weight in wrapper.weights)
        assert isinstance(wrapper, (keras.layers.Bidirectional, keras.layers.TimeDistributed))
    document = lstmcalc_document(CORPUS[case])
    assert document["layers"][0]["non_trainable_params"] == 0
    assert document["non_trainable_params"] == 0


def test_batch_norm_moving_statistics_are_non_trainable() -> None:
    document = lstmcalc_document(CORPUS["batch_norm_2d"])
    assert document["trainable_params"] == 3 * 8 + 8 + 2 * 8
    assert document["non_trainable_params"] == 2 * 8
    weights = document["layers"][1]["weights"]
    assert [(weight["name"], weight["trainable"]) for weight in weights] == [
        ("gamma", True),
        ("beta", True),
        ("moving_mean", False),
        ("moving_variance", False),
    ]


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_corpus_matches_keras(case: str) -> None:
    assert_matches_keras(CORPUS[case])


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_corpus_summary_text_matches_keras(case: str, terminal_columns: int) -> None:
    assert_summary_text_matches_keras(CORPUS[case], terminal_columns)


@pytest.mark.parametrize(
    "case", ["cnn_bilstm_classifier", "seq2seq_autoencoder", "bidirectional_return_state_merge_none"]
)
def test_cli_table_is_keras_summary(case: str, run_cli: Any, terminal_columns: int) -> None:
    assert_cli_table_is_keras_summary(CORPUS[case], run_cli, terminal_columns)


# --------------------------------------------------------------------------------------
# (b) Stacks Keras refuses
# --------------------------------------------------------------------------------------

INVALID: dict[str, dict[str, Any]] = {
    "conv1d_kernel_longer_than_input": seq_spec(conv(4, 5), shape=[4, 3]),
    "conv1d_dilated_kernel_longer_than_input": seq_spec(conv(4, 3, dilation_rate=3), shape=[6, 3]),
    "conv1d_strided_kernel_longer_than_input": seq_spec(conv(4, 3, strides=2), shape=[2, 3]),
    "conv1d_groups_not_dividing_channels": seq_spec(conv(4, 3, groups=2), shape=[6, 3]),
    "conv1d_groups_not_dividing_filters": seq_spec(conv(3, 3, groups=2), shape=[6, 4]),
    "conv1d_strides_and_dilation": seq_spec(conv(4, 3, strides=2, dilation_rate=2), shape=[20, 4]),
    "conv1d_on_2d": seq_spec(conv(4, 3), shape=[6]),
    "conv1d_on_4d": seq_spec(conv(4, 3), shape=[2, 6, 3]),
    "conv1d_unknown_channels": seq_spec(conv(4, 3), shape=[6, None]),
    "conv1d_padding_unknown": seq_spec(conv(4, 3, padding="full"), shape=[6, 3]),
    "conv1d_padding_number": seq_spec(conv(4, 3, padding=1), shape=[6, 3]),
    "conv1d_filters_zero": seq_spec(conv(0, 3), shape=[6, 3]),
    "max_pooling_longer_than_input": seq_spec({"type": "MaxPooling1D", "pool_size": 5}, shape=[4, 3]),
    "average_pooling_longer_than_input": seq_spec({"type": "AveragePooling1D", "pool_size": 3}, shape=[2, 3]),
    "pooling_on_2d": seq_spec({"type": "MaxPooling1D"}, shape=[6]),
    "average_pooling_without_pool_size": seq_spec({"type": "AveragePooling1D"}, shape=[6, 3]),
    "spatial_dropout_trainable": seq_spec({"type": "SpatialDropout1D", "rate": 0.2, "trainable": False}, shape=[6, 3]),
    "pooling_padding_causal": seq_spec({"type": "MaxPooling1D", "padding": "causal"}, shape=[6, 3]),
    "global_pooling_on_2d": seq_spec({"type": "GlobalMaxPooling1D"}, shape=[6]),
    "global_pooling_on_4d": seq_spec({"type": "GlobalAveragePooling1D"}, shape=[2, 6, 3]),
    "reshape_size_mismatch": seq_spec({"type": "Reshape", "target_shape": [5, 3]}, shape=[4, 3]),
    "reshape_inferred_not_divisible": seq_spec({"type": "Reshape", "target_shape": [5, -1]}, shape=[4, 3]),
    "reshape_two_inferred_axes": seq_spec({"type": "Reshape", "target_shape": [-1, -1]}, shape=[4, 3]),
    "permute_wrong_rank": seq_spec({"type": "Permute", "dims": [2, 1, 3]}, shape=[4, 3]),
    "permute_not_a_permutation": seq_spec({"type": "Permute", "dims": [1, 1]}, shape=[4, 3]),
    "permute_zero_based": seq_spec({"type": "Permute", "dims": [1, 0]}, shape=[4, 3]),
    "repeat_vector_on_3d": seq_spec({"type": "RepeatVector", "n": 2}, shape=[4, 3]),
    "repeat_vector_zero": seq_spec({"type": "RepeatVector", "n": 0}, shape=[3]),
    "spatial_dropout_on_2d": seq_spec({"type": "SpatialDropout1D", "rate": 0.2}, shape=[3]),
    "spatial_dropout_after_return_state": seq_spec(
        lstm(2, return_state=True, return_sequences=True), {"type": "SpatialDropout1D", "rate": 0.1}, shape=[5, 3]
    ),
    "masking_after_return_state": seq_spec(lstm(2, return_state=True), {"type": "Masking"}, shape=[5, 3]),
    "batch_norm_after_return_state": seq_spec(lstm(2, return_state=True), {"type": "BatchNormalization"}, shape=[5, 3]),
    "batch_norm_axis_out_of_range": seq_spec({"type": "BatchNormalization", "axis": 3}, shape=[5, 3]),
    "batch_norm_unknown_axis": seq_spec({"type": "BatchNormalization", "axis": 1}, shape=[None, 3]),
    "batch_norm_batch_axis_unknown_batch": seq_spec({"type": "BatchNormalization", "axis": 0}, shape=[5, 3]),
    "layer_norm_unknown_axis": seq_spec({"type": "LayerNormalization", "axis": 1}, shape=[None, 3]),
    "layer_norm_axis_out_of_range": seq_spec({"type": "LayerNormalization", "axis": 4}, shape=[5, 3]),
    "bidirectional_of_dense": seq_spec(bidirectional(dense(3)), shape=[5, 3]),
    "bidirectional_of_conv1d": seq_spec(bidirectional(conv(3, 2)), shape=[5, 3]),
    "bidirectional_on_2d": seq_spec(bidirectional(lstm(3)), shape=[5]),
    "bidirectional_merge_mode_unknown": seq_spec(bidirectional(lstm(3), merge_mode="max"), shape=[5, 3]),
    # Keras copies the layer with go_backwards: true for the backward direction, so both run backwards.
    "bidirectional_of_go_backwards_layer": seq_spec(bidirectional(lstm(3, go_backwards=True)), shape=[4, 2]),
    "bidirectional_backward_without_go_backwards": seq_spec(
        bidirectional(lstm(3), backward_layer=lstm(3)), shape=[5, 3]
    ),
    "bidirectional_backward_other_return_sequences": seq_spec(
        bidirectional(lstm(3), backward_layer=lstm(3, go_backwards=True, return_sequences=True)), shape=[5, 3]
    ),
    "bidirectional_backward_other_return_state": seq_spec(
        bidirectional(lstm(3), backward_layer=lstm(3, go_backwards=True, return_state=True)), shape=[5, 3]
    ),
    "bidirectional_backward_of_dense": seq_spec(bidirectional(lstm(3), backward_layer=dense(3)), shape=[5, 3]),
    "bidirectional_stateful_without_batch": seq_spec(bidirectional(lstm(3, stateful=True)), shape=[5, 3]),
    "bidirectional_layer_not_a_mapping": seq_spec({"type": "Bidirectional", "layer": "LSTM"}, shape=[5, 3]),
    "bidirectional_without_layer": seq_spec({"type": "Bidirectional"}, shape=[5, 3]),
    "lstm_after_bidirectional_without_sequences": seq_spec(bidirectional(lstm(3)), lstm(2), shape=[5, 3]),
    "dense_after_bidirectional_return_state": seq_spec(
        bidirectional(lstm(3, return_state=True)), dense(2), shape=[5, 3]
    ),
    "time_distributed_on_2d": seq_spec(time_distributed(dense(3)), shape=[5]),
    "time_distributed_lstm_on_3d": seq_spec(time_distributed(lstm(3)), shape=[5, 3]),
    "time_distributed_return_state": seq_spec(time_distributed(lstm(2, return_state=True)), shape=[2, 5, 3]),
    "time_distributed_inner_refuses": seq_spec(time_distributed(conv(2, 5)), shape=[2, 3, 3]),
    "time_distributed_without_layer": seq_spec({"type": "TimeDistributed"}, shape=[5, 3]),
    "inner_layer_name_with_slash": seq_spec(time_distributed(dense(3, name="a/b")), shape=[5, 3]),
    "flatten_then_dense_unknown": seq_spec({"type": "Flatten"}, dense(2), shape=[None, 3]),
    "dense_after_global_pooling_keepdims_then_lstm_2d": seq_spec({"type": "GlobalMaxPooling1D"}, lstm(2), shape=[5, 3]),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_keras_refuses_and_so_does_lstmcalc(case: str, run_cli: Any) -> None:
    spec = INVALID[case]
    assert_both_refuse(keras_refusal(spec), spec, run_cli, "Keras accepts this spec; it does not belong in INVALID")


#: Keras builds these; so must lstmcalc, with Keras's numbers.
KERAS_ACCEPTS: dict[str, dict[str, Any]] = {
    # Keras takes 1-tuples for sizes, as Python code often writes them.
    "conv1d_sizes_as_lists": seq_spec(
        conv(2, [3], strides=[2], dilation_rate=[1]),
        {"type": "MaxPooling1D", "pool_size": [2], "strides": [1]},
        shape=[10, 4],
    ),
    "layer_norm_repeated_axis": seq_spec({"type": "LayerNormalization", "axis": [2, 2]}, shape=[6, 3, 2]),
}


#: Keras builds these, but what ``model.summary()`` shows is not what the model computes
#: when it runs: Bidirectional sizes its output and states from the forward layer alone,
#: and TimeDistributed does not check that the wrapped layer takes one step's shape.
#: lstmcalc must follow the computation ("call"), or refuse the stack ("refuses"): it refuses
#: every backward_layer whose output differs from the forward layer's, since Keras builds the
#: next layer on the summary's shape.
KERAS_SUMMARY_CONTRADICTS_CALL: dict[str, tuple[dict[str, Any], str]] = {
    "bidirectional_backward_layer_other_units": (
        seq_spec(bidirectional(lstm(4), backward_layer=lstm(6, go_backwards=True)), shape=[5, 3]),
        "refuses",
    ),
    # Added element-wise, 4 and 6 units cannot meet; 1 unit broadcasts to 6.
    "bidirectional_backward_layer_other_units_summed": (
        seq_spec(bidirectional(lstm(4), merge_mode="sum", backward_layer=lstm(6, go_backwards=True)), shape=[5, 3]),
        "refuses",
    ),
    "bidirectional_backward_layer_of_one_unit_summed": (
        seq_spec(bidirectional(lstm(1), merge_mode="sum", backward_layer=lstm(6, go_backwards=True)), shape=[5, 3]),
        "refuses",
    ),
    "bidirectional_backward_layer_other_type_return_state": (
        seq_spec(
            bidirectional(gru(4, return_state=True), backward_layer=lstm(4, go_backwards=True, return_state=True)),
            shape=[5, 3],
        ),
        "refuses",
    ),
    "time_distributed_global_pooling_on_3d": (
        seq_spec(time_distributed({"type": "GlobalMaxPooling1D"}), shape=[3, 9]),
        "refuses",
    ),
    "time_distributed_pooling_on_3d": (seq_spec(time_distributed({"type": "MaxPooling1D"}), shape=[3, 9]), "refuses"),
    "time_distributed_repeat_vector_on_4d": (
        seq_spec(time_distributed({"type": "RepeatVector", "n": 2}), shape=[3, 4, 9]),
        "refuses",
    ),
}


@pytest.mark.parametrize("case", sorted(KERAS_SUMMARY_CONTRADICTS_CALL))
def test_where_keras_summary_contradicts_its_call(case: str) -> None:
    spec, expected = KERAS_SUMMARY_CONTRADICTS_CALL[case]
    assert keras_refusal(spec) is None, "Keras refuses this spec; it belongs in INVALID"
    contradiction = keras_contradicts_itself(spec)
    assert contradiction, "Keras's call agrees with its summary; this case belongs in CORPUS"
    refusal = lstmcalc_refusal(spec)
    if expected == "refuses":
        assert refusal is not None, f"{contradiction}; lstmcalc summarises it: {lstmcalc_document(spec)}"
        return
    assert refusal is None, f"{contradiction}; lstmcalc refuses it: {refusal}"
    called = keras_call_shapes(spec)
    ours = [layer["output_shape"] for layer in lstmcalc_document(spec)["layers"]]
    assert [_as_call(shapes) for shapes in ours] == called, contradiction


def _as_call(shapes: list) -> list:
    """lstmcalc's shapes with unknown axes at the sizes ``keras_call_shapes`` substitutes."""
    if shapes and isinstance(shapes[0], list):
        return [_as_call(shape) for shape in shapes]
    return [
        CALL_BATCH if index == 0 and dim is None else CALL_LENGTH if dim is None else dim
        for index, dim in enumerate(shapes)
    ]


@pytest.mark.parametrize("case", sorted(KERAS_ACCEPTS))
def test_odd_values_keras_accepts(case: str) -> None:
    assert_keras_accepts(KERAS_ACCEPTS[case])


#: Keras builds these; lstmcalc refuses them on purpose, as the README's "Where lstmcalc
#: differs from Keras" says: channels-first data (lstmcalc works on (batch, time, features)),
#: a normalization over the batch axis (weights sized by the batch), and a layer that
#: TimeDistributed hands a rank it cannot take.
STRICTER_THAN_KERAS: dict[str, dict[str, Any]] = {
    "conv1d_channels_first": seq_spec(conv(2, 3, data_format="channels_first"), shape=[5, 4]),
    "max_pooling_channels_first": seq_spec(
        {"type": "MaxPooling1D", "pool_size": 2, "data_format": "channels_first"}, shape=[6, 3]
    ),
    "global_pooling_channels_first": seq_spec(
        {"type": "GlobalAveragePooling1D", "data_format": "channels_first"}, shape=[6, 3]
    ),
    "batch_norm_batch_axis_known_batch": seq_spec(
        {"type": "BatchNormalization", "axis": 0}, shape=[5, 3], batch_size=4
    ),
    "layer_norm_batch_axis_known_batch": seq_spec(
        {"type": "LayerNormalization", "axis": 0}, shape=[5, 3], batch_size=2
    ),
    # SpatialDropout1D on one step's (batch, features): Keras's TimeDistributed never checks the rank,
    # and in inference the layer passes its input through.
    "time_distributed_spatial_dropout_on_3d": seq_spec(
        time_distributed({"type": "SpatialDropout1D", "rate": 0.1}), shape=[3, 9]
    ),
}


@pytest.mark.parametrize("case", sorted(STRICTER_THAN_KERAS))
def test_lstmcalc_refuses_what_keras_lets_through(case: str, run_cli: Any) -> None:
    assert_only_lstmcalc_refuses(STRICTER_THAN_KERAS[case], run_cli)


# --------------------------------------------------------------------------------------
# (c) Random valid stacks of these layers
# --------------------------------------------------------------------------------------

RANDOM_SEEDS = range(300)
RECURRENT = ("LSTM", "GRU", "SimpleRNN")
#: Chance of trainable/dtype on a wrapper or a wrapped layer: lstmcalc and Keras disagree there (see the
#: corpus), so it stays low enough for the other random failures to stand out.
RARE = 0.03


def _conv_length(length: int | None, kernel: int, strides: int, padding: str, dilation: int) -> int | None:
    """Keras's output length of a 1-D convolution (``compute_conv_output_shape``)."""
    if length is None:
        return None
    if padding in ("same", "causal"):
        return -(-length // strides)
    return (length - dilation * (kernel - 1) - 1) // strides + 1


class StackBuilder:
    """Draws layers that fit the current per-sample shape, and tracks the shape they produce.

    Only the facts needed to keep the stack valid are tracked (rank, the time axis
    and the feature axis, which always stays known); the shapes themselves are for
    Keras and lstmcalc to compute.
    """

    def __init__(self, rng: random.Random, model_dtype: str | None, batch: int | None) -> None:
        self.rng = rng
        self.model_dtype = model_dtype
        self.batch = batch

    # Options every layer may get ------------------------------------------------------

    def finish(self, entry: dict[str, Any], name: str | None = None, inner: bool = False) -> dict[str, Any]:
        """Maybe name, freeze or retype the layer; recurrent layers in half precision avoid QR."""
        rng = self.rng
        if name is not None and rng.random() < 0.15:
            entry["name"] = name
        frozen_chance = RARE if inner or entry["type"] in ("Bidirectional", "TimeDistributed") else 0.1
        if entry["type"] != "SpatialDropout1D" and rng.random() < frozen_chance:
            # (SpatialDropout1D takes no trainable argument in Keras 3.)
            entry["trainable"] = False
        if rng.random() < (RARE if inner or entry["type"] in ("Bidirectional", "TimeDistributed") else 0.08):
            entry["dtype"] = rng.choice(["float64", "float16", "mixed_float16"])
        if entry["type"] in RECURRENT and (entry.get("dtype") or self.model_dtype) in HALF_DTYPES:
            entry["recurrent_initializer"] = "glorot_uniform"
        return entry

    def recurrent(self, index: int, is_last: bool, inner: bool = False) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choice(RECURRENT)
        entry: dict[str, Any] = {"type": kind, "units": rng.randint(1, 12)}
        entry["return_sequences"] = rng.random() < (0.4 if is_last else 0.75)
        if is_last and rng.random() < 0.25:
            entry["return_state"] = True
        if self.batch is not None and rng.random() < 0.2:
            entry["stateful"] = True
        if rng.random() < 0.15:
            entry["use_bias"] = False
        if kind == "GRU" and rng.random() < 0.3:
            entry["reset_after"] = False
        return self.finish(entry, f"rnn_{index}", inner)

    # Layers by input rank ------------------------------------------------------------------

    def on_sequence(self, index: int, is_last: bool, time: int | None, features: int) -> tuple[dict, list]:
        """A layer for a (batch, time, features) input, and its per-sample output shape."""
        rng = self.rng
        kinds = ["recurrent"] * 3 + ["bidirectional"] * 3 + ["conv"] * 3 + ["pool"] * 2 + ["global_pool"]
        kinds += ["time_distributed"] * 2 + ["dense", "dropout", "spatial_dropout", "masking", "activation"]
        kinds += ["batch_norm", "layer_norm", "reshape"]
        if time is not None:
            kinds += ["flatten", "permute"]
        kind = rng.choice(kinds)
        if kind == "recurrent":
            entry = self.recurrent(index, is_last)
            return entry, self._recurrent_output(entry, time)
        if kind == "bidirectional":
            return self._bidirectional(index, is_last, time)
        if kind == "conv":
            return self._conv(index, time, features)
        if kind == "pool":
            return self._pool(index, time, features)
        if kind == "global_pool":
            entry = {"type": rng.choice(["GlobalAveragePooling1D", "GlobalMaxPooling1D"])}
            keepdims = rng.random() < 0.3
            if keepdims or rng.random() < 0.2:
                entry["keepdims"] = keepdims
            return self.finish(entry, f"pool_{index}"), [1, features] if keepdims else [features]
        if kind == "time_distributed":
            inner, inner_shape = self.on_flat(index, is_last, features, inner=True)
            return self.finish({"type": "TimeDistributed", "layer": inner}, f"per_step_{index}"), [time, *inner_shape]
        if kind == "flatten":
            return self.finish({"type": "Flatten"}, f"flat_{index}"), [time * features]
        if kind == "permute":
            return self.finish({"type": "Permute", "dims": [2, 1]}, f"swap_{index}"), [features, time]
        if kind == "reshape":
            if time is not None and rng.random() < 0.5:
                return self.finish({"type": "Reshape", "target_shape": [time * features]}, f"reshape_{index}"), [
                    time * features
                ]
            divisor = rng.choice(divisors(features))
            target = [-1, divisor] if time is None else rng.choice([[-1, divisor], [time * features // divisor, -1]])
            size = None if time is None else time * features // divisor
            shape = [size, divisor] if target[0] == -1 else [target[0], divisor]
            return self.finish({"type": "Reshape", "target_shape": target}, f"reshape_{index}"), shape
        return self.elementwise(kind, index, [time, features])

    def on_flat(self, index: int, is_last: bool, features: int, inner: bool = False) -> tuple[dict, list]:
        """A layer for a (batch, features) input (alone, or inside a TimeDistributed)."""
        rng = self.rng
        kinds = ["dense"] * 4 + ["dropout", "activation", "batch_norm", "layer_norm", "masking", "repeat", "reshape"]
        if not inner:
            kinds.append("flatten")
        kind = rng.choice(kinds)
        if kind == "dense":
            entry = {"type": "Dense", "units": rng.randint(1, 16)}
            if rng.random() < 0.2:
                entry["use_bias"] = False
            if rng.random() < 0.3:
                entry["activation"] = rng.choice(["relu", "softmax", "tanh"])
            return self.finish(entry, f"{'inner' if inner else 'dense'}_{index}", inner), [entry["units"]]
        if kind == "repeat":
            n = rng.randint(1, 5)
            return self.finish({"type": "RepeatVector", "n": n}, f"repeat_{index}", inner), [n, features]
        if kind == "flatten":
            return self.finish({"type": "Flatten"}, f"flat_{index}", inner), [features]
        if kind == "reshape":
            divisor = rng.choice(divisors(features))
            target = rng.choice([[divisor, -1], [-1, divisor], [divisor, features // divisor]])
            shape = [divisor, features // divisor] if target[0] == divisor else [features // divisor, divisor]
            return self.finish({"type": "Reshape", "target_shape": target}, f"reshape_{index}", inner), shape
        entry, shape = self.elementwise(kind, index, [features], inner)
        return entry, shape

    def on_grid(self, index: int, is_last: bool, shape: list) -> tuple[dict, list]:
        """A layer for a (batch, a, time, features) input."""
        rng = self.rng
        outer, time, features = shape
        kind = rng.choice(["time_distributed"] * 5 + ["dense", "batch_norm", "layer_norm", "reshape", "permute"])
        if kind == "time_distributed":
            choice = rng.choice(["recurrent", "bidirectional", "conv", "pool", "global_pool", "dense"])
            if choice == "recurrent":
                inner = self.recurrent(index, is_last=False, inner=True)
                inner.pop("stateful", None)
                inner_shape = self._recurrent_output(inner, time)
            elif choice == "bidirectional":
                inner, inner_shape = self._bidirectional(index, False, time, inner=True)
            elif choice == "conv":
                inner, inner_shape = self._conv(index, time, features, inner=True)
            elif choice == "pool":
                inner, inner_shape = self._pool(index, time, features, inner=True)
            elif choice == "global_pool":
                inner, inner_shape = {"type": "GlobalMaxPooling1D"}, [features]
            else:
                inner = self.finish({"type": "Dense", "units": rng.randint(1, 8)}, f"inner_{index}", inner=True)
                inner_shape = [time, inner["units"]]
            return self.finish({"type": "TimeDistributed", "layer": inner}, f"per_step_{index}"), [outer, *inner_shape]
        if kind == "reshape":
            if time is None:
                return self.finish({"type": "Reshape", "target_shape": [-1, features]}, f"reshape_{index}"), [
                    None,
                    features,
                ]
            return self.finish({"type": "Reshape", "target_shape": [outer * time, features]}, f"reshape_{index}"), [
                outer * time,
                features,
            ]
        if kind == "permute":
            dims = rng.choice([[2, 1, 3], [1, 2, 3]] + ([[3, 2, 1], [2, 3, 1]] if time is not None else []))
            sizes = {1: outer, 2: time, 3: features}
            return self.finish({"type": "Permute", "dims": dims}, f"swap_{index}"), [sizes[dim] for dim in dims]
        if kind == "dense":
            entry = self.finish({"type": "Dense", "units": rng.randint(1, 8)}, f"dense_{index}")
            return entry, [outer, time, entry["units"]]
        return self.elementwise(kind, index, shape)

    def elementwise(self, kind: str, index: int, shape: list, inner: bool = False) -> tuple[dict, list]:
        """Layers that keep the shape: dropout, activation, masking, normalization."""
        rng = self.rng
        if kind == "dropout":
            entry: dict[str, Any] = {"type": "Dropout", "rate": rng.choice([0.0, 0.2, 0.5])}
        elif kind == "spatial_dropout":
            entry = {"type": "SpatialDropout1D", "rate": rng.choice([0.1, 0.4])}
        elif kind == "masking":
            entry = {"type": "Masking"}
            if rng.random() < 0.5:
                entry["mask_value"] = rng.choice([0.0, -1.0])
        elif kind == "activation":
            entry = {"type": "Activation", "activation": rng.choice(["relu", "tanh", "softmax", "linear"])}
        elif kind == "batch_norm":
            entry = {"type": "BatchNormalization"}
            known_axes = [axis for axis in range(1, len(shape) + 1) if shape[axis - 1] is not None]
            if rng.random() < 0.3:
                axis = rng.choice(known_axes)
                entry["axis"] = rng.choice([axis, axis - len(shape) - 1])
            self._center_scale(entry)
        else:
            entry = {"type": "LayerNormalization"}
            known_axes = [axis for axis in range(1, len(shape) + 1) if shape[axis - 1] is not None]
            if rng.random() < 0.3:
                count = rng.randint(1, len(known_axes))
                axes = [rng.choice([axis, axis - len(shape) - 1]) for axis in rng.sample(known_axes, count)]
                entry["axis"] = axes if count > 1 or rng.random() < 0.5 else axes[0]
            self._center_scale(entry)
        return self.finish(entry, f"{kind}_{index}", inner), shape

    def _center_scale(self, entry: dict[str, Any]) -> None:
        for option in ("center", "scale"):
            if self.rng.random() < 0.2:
                entry[option] = self.rng.random() < 0.5

    # Helpers ----------------------------------------------------------------------------

    @staticmethod
    def _recurrent_output(entry: dict[str, Any], time: int | None) -> list:
        """The per-sample shape the next layer sees (states only come from the last layer)."""
        return [time, entry["units"]] if entry["return_sequences"] else [entry["units"]]

    def _bidirectional(self, index: int, is_last: bool, time: int | None, inner: bool = False) -> tuple[dict, list]:
        rng = self.rng
        forward = self.recurrent(index, is_last, inner=True)
        if inner:
            forward.pop("stateful", None)
        entry: dict[str, Any] = {"type": "Bidirectional", "layer": forward}
        mode = rng.choice(["concat", "concat", "sum", "mul", "ave", None])
        if mode is None and not is_last:
            # Two outputs: only the last layer of a stack may return several tensors.
            mode = rng.choice(["concat", "sum"])
        if mode != "concat" or rng.random() < 0.2:
            entry["merge_mode"] = mode
        if rng.random() < 0.2:
            # Another recurrent layer for the backward direction, with the same width and flags
            # (Keras sizes the merged output from the forward layer alone).
            kind = forward["type"] if forward.get("return_state") else rng.choice(RECURRENT)
            backward: dict[str, Any] = {"type": kind, "units": forward["units"], "go_backwards": True}
            for key in ("return_sequences", "return_state", "stateful", "recurrent_initializer"):
                if key in forward:
                    backward[key] = forward[key]
            if rng.random() < 0.3:
                backward["name"] = f"reverse_{index}"
            entry["backward_layer"] = backward
        width = forward["units"] * (2 if mode == "concat" else 1)
        shape = [time, width] if forward["return_sequences"] else [width]
        return self.finish(entry, f"bi_{index}"), shape

    def _conv(self, index: int, time: int | None, features: int, inner: bool = False) -> tuple[dict, list]:
        rng = self.rng
        padding = rng.choice(["valid", "valid", "same", "causal"])
        dilation = rng.choice([1, 1, 1, 2, 3])
        strides = 1 if dilation > 1 else rng.choice([1, 1, 2, 3])
        kernel = rng.randint(1, 5)
        if time is not None and padding == "valid":
            while kernel > 1 and dilation * (kernel - 1) + 1 > time:
                kernel -= 1
            while dilation > 1 and dilation * (kernel - 1) + 1 > time:
                dilation -= 1
        groups = rng.choice(divisors(features)) if rng.random() < 0.25 else 1
        entry: dict[str, Any] = {"type": "Conv1D", "filters": groups * rng.randint(1, 4), "kernel_size": kernel}
        for key, value, default in (
            ("strides", strides, 1),
            ("padding", padding, "valid"),
            ("dilation_rate", dilation, 1),
            ("groups", groups, 1),
        ):
            if value != default or rng.random() < 0.1:
                entry[key] = value
        if rng.random() < 0.2:
            entry["use_bias"] = False
        if rng.random() < 0.3:
            entry["activation"] = "relu"
        length = _conv_length(time, kernel, strides, padding, dilation)
        return self.finish(entry, f"conv_{index}", inner), [length, entry["filters"]]

    def _pool(self, index: int, time: int | None, features: int, inner: bool = False) -> tuple[dict, list]:
        rng = self.rng
        entry: dict[str, Any] = {"type": rng.choice(["MaxPooling1D", "AveragePooling1D"])}
        padding = rng.choice(["valid", "valid", "same"])
        pool = rng.randint(1, 4)
        if time is not None and padding == "valid":
            pool = min(pool, time)
        strides = rng.choice([None, None, 1, 2, 3])
        if pool != 2 or entry["type"] == "AveragePooling1D" or rng.random() < 0.3:
            # Keras's MaxPooling1D has pool_size 2 by default; AveragePooling1D needs one.
            entry["pool_size"] = pool
        if strides is not None:
            entry["strides"] = strides
        if padding != "valid" or rng.random() < 0.2:
            entry["padding"] = padding
        step = strides or pool
        if time is None:
            length = None
        elif padding == "same":
            length = -(-time // step)
        else:
            length = (time - pool) // step + 1
        return self.finish(entry, f"pool_{index}", inner), [length, features]


def random_layers_spec(seed: int) -> dict[str, Any]:
    """A stack of wrappers, convolutions, pooling, reshaping and normalization that Keras accepts."""
    rng = random.Random(seed)
    spec: dict[str, Any] = {}
    if rng.random() < 0.3:
        spec["name"] = f"layers_{seed}"
    model_dtype = rng.choice([None] * 8 + ["float64", "float16"])
    if model_dtype:
        spec["dtype"] = model_dtype
    batch = rng.choice([None, None, None, 2, 5])
    time = rng.choice([None, None, 3, 6, 9, 16, 30])
    builder = StackBuilder(rng, model_dtype, batch)
    start = rng.choices(["sequence", "embedding", "flat", "grid"], weights=[6, 2, 2, 2])[0]
    layers: list[dict[str, Any]] = []
    if start == "embedding":
        input_shape: list = [time]
        entry = {"type": "Embedding", "input_dim": rng.randint(2, 60), "output_dim": rng.randint(1, 12)}
        if rng.random() < 0.3:
            entry["mask_zero"] = True
        layers.append(builder.finish(entry, "embed"))
        shape = [time, entry["output_dim"]]
    else:
        features = rng.randint(1, 12)
        input_shape = {
            "sequence": [time, features],
            "flat": [rng.randint(1, 24)],
            "grid": [rng.randint(1, 4), time, features],
        }[start]
        shape = list(input_shape)
    count = rng.randint(1, 6)
    for step in range(count):
        index, is_last = len(layers), step == count - 1
        if len(shape) == 1:
            entry, shape = builder.on_flat(index, is_last, shape[0])
        elif len(shape) == 2:
            entry, shape = builder.on_sequence(index, is_last, shape[0], shape[1])
        else:
            entry, shape = builder.on_grid(index, is_last, shape)
        layers.append(entry)
        if _returns_several(entry):
            break
    spec["input"] = input_block(input_shape, batch)
    spec["layers"] = layers
    return spec


def _returns_several(entry: dict[str, Any]) -> bool:
    """Whether the layer outputs several tensors (states, or a Bidirectional without merging)."""
    inner = entry.get("layer", entry)
    return bool(inner.get("return_state")) or ("merge_mode" in entry and entry["merge_mode"] is None)


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_stack_matches_keras(seed: int) -> None:
    assert_matches_keras(random_layers_spec(seed))


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_stack_summary_text_matches_keras(seed: int, terminal_columns: int) -> None:
    assert_summary_text_matches_keras(random_layers_spec(seed), terminal_columns)


# --------------------------------------------------------------------------------------
# (d) Random mutations of those stacks, judged by Keras
# --------------------------------------------------------------------------------------

MUTATION_SEEDS = range(200)

#: Layers to insert anywhere; on many inputs Keras refuses them.
INSERTIONS: tuple[dict[str, Any], ...] = (
    {"type": "RepeatVector", "n": 2},
    {"type": "GlobalMaxPooling1D"},
    {"type": "Flatten"},
    {"type": "Permute", "dims": [2, 1]},
    {"type": "Reshape", "target_shape": [-1, 4]},
    bidirectional(lstm(2, recurrent_initializer="glorot_uniform")),
    time_distributed(dense(2)),
    conv(2, 3),
    {"type": "MaxPooling1D", "pool_size": 3},
    {"type": "SpatialDropout1D", "rate": 0.5},
    {"type": "BatchNormalization", "axis": 1},
    {"type": "LayerNormalization", "axis": [1, 2]},
    lstm(2, recurrent_initializer="glorot_uniform"),
)


def _all_entries(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every layer entry of the spec, nested ones included."""
    found: list[dict[str, Any]] = []
    pending = list(spec["layers"])
    while pending:
        entry = pending.pop()
        found.append(entry)
        pending.extend(entry[key] for key in ("layer", "backward_layer") if isinstance(entry.get(key), dict))
    return found


def mutate_layers(spec: dict[str, Any], rng: random.Random) -> str:
    """Change one thing that often (not always) makes Keras refuse the stack; say what."""
    entries = _all_entries(spec)
    choices = [
        "shrink_time",
        "window",
        "groups",
        "strides_dilation",
        "reshape",
        "insert",
        "no_sequences",
        "backward_layer",
        "axis",
        "unknown_features",
        "merge_none",
    ]
    rng.shuffle(choices)
    for choice in choices:
        if _apply_mutation(choice, spec, entries, rng):
            return choice
    return "nothing"


def _apply_mutation(choice: str, spec: dict[str, Any], entries: list[dict[str, Any]], rng: random.Random) -> bool:
    """Apply one kind of mutation if the stack has something it applies to."""

    def of_type(*types: str) -> list[dict[str, Any]]:
        return [entry for entry in entries if entry["type"] in types]

    shape = spec["input"]["shape"]
    if choice == "shrink_time" and len(shape) >= 2:
        shape[-2] = rng.choice([1, 2])
    elif choice == "window" and of_type("Conv1D", "MaxPooling1D", "AveragePooling1D"):
        entry = rng.choice(of_type("Conv1D", "MaxPooling1D", "AveragePooling1D"))
        entry["kernel_size" if entry["type"] == "Conv1D" else "pool_size"] = rng.choice([1, 7, 40])
    elif choice == "groups" and of_type("Conv1D"):
        rng.choice(of_type("Conv1D"))["groups"] = rng.choice([2, 3])
    elif choice == "strides_dilation" and of_type("Conv1D"):
        entry = rng.choice(of_type("Conv1D"))
        entry["strides"], entry["dilation_rate"] = rng.choice([(2, 2), (1, 6), (5, 1)])
    elif choice == "reshape" and of_type("Reshape"):
        rng.choice(of_type("Reshape"))["target_shape"] = rng.choice([[5, 7], [-1, 5], [3, -1], [-1]])
    elif choice == "insert":
        spec["layers"].insert(rng.randint(0, len(spec["layers"])), dict(rng.choice(INSERTIONS)))
    elif choice == "no_sequences" and of_type(*RECURRENT):
        rng.choice(of_type(*RECURRENT))["return_sequences"] = False
    elif choice == "backward_layer" and of_type("Bidirectional"):
        entry = rng.choice(of_type("Bidirectional"))
        entry["backward_layer"] = gru(
            entry["layer"]["units"],
            go_backwards=rng.random() < 0.7,
            return_sequences=rng.random() < 0.5,
            recurrent_initializer="glorot_uniform",
        )
    elif choice == "axis" and of_type("BatchNormalization", "LayerNormalization"):
        rng.choice(of_type("BatchNormalization", "LayerNormalization"))["axis"] = rng.choice([-3, -2, 1, 2, 3])
    elif choice == "unknown_features" and shape and spec["layers"][0]["type"] != "Embedding":
        shape[-1] = None
    elif choice == "merge_none" and of_type("Bidirectional"):
        rng.choice(of_type("Bidirectional"))["merge_mode"] = None
    else:
        return False
    return True


@pytest.mark.parametrize("seed", MUTATION_SEEDS)
def test_mutated_stack_agrees_with_keras(seed: int, run_cli: Any) -> None:
    """Same numbers when Keras builds the stack, a refusal when it does not.

    Where Keras builds a stack but its own call contradicts its summary (see
    ``KERAS_SUMMARY_CONTRADICTS_CALL``), refusing it is also right.
    """
    spec = random_layers_spec(seed)
    mutation = mutate_layers(spec, random.Random(20_000 + seed))
    refusal = keras_refusal(spec)
    ours = lstmcalc_refusal(spec) if refusal is None else None
    if ours is not None:
        assert keras_contradicts_itself(spec), (
            f"mutation {mutation!r}: Keras builds and runs this stack, lstmcalc refuses it: {ours}\n" + dump_spec(spec)
        )
        return
    judge_mutation(spec, mutation, refusal, assert_matches_keras, run_cli)


# --------------------------------------------------------------------------------------
# (e) Argument names: what lstmcalc takes under framework: keras, Keras's constructors take
# --------------------------------------------------------------------------------------

#: One small valid layer of each type Keras has, and the per-sample input it gets.
MINIMAL_LAYERS: dict[str, tuple[dict[str, Any], list]] = {
    "LSTM": (lstm(2), [4, 3]),
    "GRU": (gru(2), [4, 3]),
    "SimpleRNN": ({"type": "SimpleRNN", "units": 2}, [4, 3]),
    "Dense": (dense(2), [3]),
    "Embedding": ({"type": "Embedding", "input_dim": 5, "output_dim": 2}, [4]),
    "Dropout": ({"type": "Dropout", "rate": 0.1}, [3]),
    "Bidirectional": (bidirectional(lstm(2)), [4, 3]),
    "TimeDistributed": (time_distributed(dense(2)), [4, 3]),
    "Conv1D": (conv(2, 2), [4, 3]),
    "MaxPooling1D": ({"type": "MaxPooling1D", "pool_size": 2}, [4, 3]),
    "AveragePooling1D": ({"type": "AveragePooling1D", "pool_size": 2}, [4, 3]),
    "GlobalAveragePooling1D": ({"type": "GlobalAveragePooling1D"}, [4, 3]),
    "GlobalMaxPooling1D": ({"type": "GlobalMaxPooling1D"}, [4, 3]),
    "Flatten": ({"type": "Flatten"}, [4, 3]),
    "RepeatVector": ({"type": "RepeatVector", "n": 2}, [3]),
    "Reshape": ({"type": "Reshape", "target_shape": [12]}, [4, 3]),
    "Permute": ({"type": "Permute", "dims": [2, 1]}, [4, 3]),
    "Masking": ({"type": "Masking"}, [4, 3]),
    "SpatialDropout1D": ({"type": "SpatialDropout1D", "rate": 0.1}, [4, 3]),
    "BatchNormalization": ({"type": "BatchNormalization"}, [4, 3]),
    "LayerNormalization": ({"type": "LayerNormalization"}, [4, 3]),
    "Activation": ({"type": "Activation", "activation": "relu"}, [3]),
}


def _keras_refuses_keyword(entry: dict[str, Any], key: str, value: Any) -> bool:
    """Whether Keras's constructor rejects ``key`` next to the entry's arguments (not just its value)."""
    from tests.oracle.keras_side import keras_layer, keras_session

    with keras_session(None):
        try:
            keras_layer({**entry, key: value}, is_first=False)
        except TypeError as error:
            return "unexpected keyword argument" in str(error)
        except ValueError as error:
            return "Unrecognized keyword arguments" in str(error)
    return False


def _foreign_keywords(class_name: str) -> tuple[list[str], list[str]]:
    """Spellings lstmcalc accepts under framework: keras that Keras's constructor refuses.

    Returned as (PyTorch spellings of a Keras argument, e.g. ``hidden_size``; everything else).
    """
    entry, shape = MINIMAL_LAYERS[class_name]
    aliases, others = [], []
    for spelling, spellings, default in declared_spellings(class_name):
        name = spellings[0]
        if spelling in entry:
            continue
        changed = with_spelling(entry, spelling, spellings, default)
        if lstmcalc_refusal(seq_spec(changed, shape=shape, framework="keras")) is not None:
            continue
        if _keras_refuses_keyword(entry, spelling, changed[spelling]):
            (aliases if spelling != name else others).append(spelling)
    return aliases, others


def test_minimal_layers_build_in_keras_and_lstmcalc() -> None:
    for _class_name, (entry, shape) in MINIMAL_LAYERS.items():
        assert_matches_keras(seq_spec(entry, shape=shape))


@pytest.mark.parametrize("class_name", sorted(MINIMAL_LAYERS))
def test_keras_convention_takes_only_keras_keywords(class_name: str) -> None:
    """A key Keras's constructor refuses (``in_features``, ``trainable`` on SpatialDropout1D...)
    is an error under framework: keras, as the model would not build in Keras.

    PyTorch's count-neutral arguments (``eps``, ``padding_idx``...) are the documented
    exception: a spec is one model, counted under either convention, so they are kept
    as annotations (README, "The PyTorch convention").
    """
    _, others = _foreign_keywords(class_name)
    others = [spelling for spelling in others if not is_annotation(class_name, spelling, "keras")]
    assert others == [], f"lstmcalc accepts these {class_name} arguments, which Keras refuses: {others}"


@pytest.mark.parametrize("class_name", sorted(MINIMAL_LAYERS))
def test_pytorch_spellings_under_keras_mean_the_keras_argument(class_name: str) -> None:
    """lstmcalc accepts PyTorch spellings (``hidden_size``, ``bias``, ``p``...) in either convention.

    Keras refuses them; lstmcalc reads them as the Keras argument, so the result is the
    one Keras gives for the Keras spelling.
    """
    entry, shape = MINIMAL_LAYERS[class_name]
    for spelling, spellings, default in declared_spellings(class_name):
        name = spellings[0]
        if spelling == name or name not in entry:
            continue
        with_alias = seq_spec(with_spelling(entry, spelling, spellings, default), shape=shape)
        assert _keras_refuses_keyword(entry, spelling, entry[name])
        assert lstmcalc_document(with_alias) == lstmcalc_document(seq_spec(entry, shape=shape))


@pytest.mark.parametrize("class_name", sorted(MINIMAL_LAYERS))
def test_required_arguments_are_keras_required_arguments(class_name: str) -> None:
    """Leaving out an argument Keras's constructor needs (AveragePooling1D's pool_size) is an error."""
    import inspect

    import keras

    parameters = inspect.signature(getattr(keras.layers, class_name).__init__).parameters
    keras_required = sorted(
        name
        for name, parameter in parameters.items()
        if name != "self"
        and parameter.default is parameter.empty
        and parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL)
    )
    entry, shape = MINIMAL_LAYERS[class_name]
    not_required = [
        name
        for name in keras_required
        if lstmcalc_refusal(seq_spec({key: value for key, value in entry.items() if key != name}, shape=shape)) is None
    ]
    assert not_required == [], f"Keras's {class_name} needs {not_required}; lstmcalc does without"
