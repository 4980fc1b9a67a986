"""lstmcalc against a real Keras 3: shapes, weights, counts, summary text, and refusals.

Every spec here is a plain Python dict. The same dict is dumped to YAML for lstmcalc
and translated into ``keras.Sequential([keras.Input(...), *layers])`` for Keras, so the
two sides can only differ where lstmcalc and Keras disagree.

Run with ``KERAS_BACKEND=torch python -m pytest tests/oracle``; skipped without Keras.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("keras")

from lstm_calc.api import summarize_text  # noqa: E402  (after the skips: only needed when Keras is there)
from lstm_calc.render.json_output import summary_to_dict  # noqa: E402
from tests.oracle.keras_side import (  # noqa: E402
    HALF_DTYPES,
    RECURRENT_TYPES,
    assert_cli_table_is_keras_summary,
    assert_keras_accepts,
    assert_matches_keras,
    assert_only_lstmcalc_refuses,
    assert_summary_text_matches_keras,
    keras_refusal,
    keras_results,
    lstmcalc_summary_text,
    lstmcalc_view,
)
from tests.oracle.scaffold import (  # noqa: E402
    SPEC_FILE,
    assert_both_refuse,
    assert_pinned_counts,
    dump_spec,
    input_block,
    judge_mutation,
)
from tests.oracle.scaffold import seq_spec as _seq  # noqa: E402

pytestmark = pytest.mark.oracle


# --------------------------------------------------------------------------------------
# (a) Hand-written specs, some with figures pinned from Keras's documentation and posts
# --------------------------------------------------------------------------------------


GESTURE_CLASSIFIER = _seq(
    {"type": "LSTM", "units": 64, "return_sequences": True, "activation": "relu"},
    {"type": "LSTM", "units": 128, "return_sequences": True, "activation": "relu"},
    {"type": "LSTM", "units": 64, "return_sequences": False, "activation": "relu"},
    {"type": "Dense", "units": 64, "activation": "relu"},
    {"type": "Dense", "units": 32, "activation": "relu"},
    {"type": "Dense", "units": 3, "activation": "softmax"},
    shape=[5, 126],
    name="gesture_classifier",
)

CORPUS: dict[str, dict[str, Any]] = {
    "gesture_classifier": GESTURE_CLASSIFIER,
    "lstm1_on_4x1": _seq({"type": "LSTM", "units": 1}, shape=[4, 1]),
    "lstm3_on_4x2": _seq({"type": "LSTM", "units": 3}, shape=[4, 2]),
    "lstm12_unknown_time": _seq({"type": "LSTM", "units": 12}, shape=[None, 80]),
    "stateful_char_model": {
        "name": "char_model",
        "layers": [
            {"type": "LSTM", "units": 50, "stateful": True, "batch_input_shape": [1, 1, 1]},
            {"type": "Dense", "units": 26, "activation": "softmax"},
        ],
    },
    "embedding_lstm_text": _seq(
        {"type": "Embedding", "input_dim": 10000, "output_dim": 128, "mask_zero": True},
        {"type": "LSTM", "units": 64, "dropout": 0.2, "recurrent_dropout": 0.2},
        {"type": "Dense", "units": 1, "activation": "sigmoid"},
        shape=[200],
        name="sentiment",
    ),
    "gru_reset_after_true": _seq({"type": "GRU", "units": 32, "reset_after": True}, shape=[10, 8]),
    "gru_reset_after_false": _seq({"type": "GRU", "units": 32, "reset_after": False}, shape=[10, 8]),
    "gru_default_stack": _seq(
        {"type": "GRU", "units": 16, "return_sequences": True},
        {"type": "gru", "units": 8, "reset_after": False},
        shape=[None, 4],
    ),
    "simple_rnn_with_bias": _seq({"type": "SimpleRNN", "units": 20}, shape=[7, 3]),
    "simple_rnn_without_bias": _seq({"type": "SimpleRNN", "units": 20, "use_bias": False}, shape=[7, 3]),
    "lstm_without_bias": _seq({"type": "LSTM", "units": 5, "use_bias": False}, shape=[7, 3]),
    "dense_without_bias": _seq({"type": "Dense", "units": 5, "use_bias": False}, shape=[3]),
    "trainable_false": _seq(
        {"type": "Embedding", "input_dim": 500, "output_dim": 16, "trainable": False},
        {"type": "LSTM", "units": 8, "trainable": False, "return_sequences": True},
        {"type": "LSTM", "units": 8},
        {"type": "Dense", "units": 2, "trainable": False},
        shape=[12],
    ),
    "dense_on_3d_input": _seq({"type": "Dense", "units": 7}, {"type": "Dense", "units": 2}, shape=[5, 4]),
    "dense_on_4d_input": _seq({"type": "Dense", "units": 3}, shape=[2, 5, 4]),
    "embedding_unknown_length": _seq(
        {"type": "Embedding", "input_dim": 30, "output_dim": 6},
        {"type": "GRU", "units": 4},
        shape=[None],
    ),
    "embedding_on_2d_ids": _seq({"type": "Embedding", "input_dim": 30, "output_dim": 6}, shape=[3, 4]),
    "embedding_on_scalar_ids": _seq({"type": "Embedding", "input_dim": 30, "output_dim": 6}, shape=[]),
    "embedding_after_dense": _seq(
        {"type": "Dense", "units": 3}, {"type": "Embedding", "input_dim": 5, "output_dim": 2}, shape=[4]
    ),
    "embedding_after_embedding": _seq(
        {"type": "Embedding", "input_dim": 5, "output_dim": 2},
        {"type": "Embedding", "input_dim": 7, "output_dim": 3},
        shape=[3],
    ),
    "layer_dtype_float16_dense": _seq(
        {"type": "LSTM", "units": 8},
        {"type": "Dense", "units": 4, "dtype": "float16"},
        shape=[5, 3],
        name="half_head",
    ),
    "layer_dtype_float16_lstm": _seq(
        # torch on a CPU has no float16 QR, which Keras's default orthogonal initializer needs.
        {"type": "LSTM", "units": 8, "dtype": "float16", "recurrent_initializer": "glorot_uniform"},
        {"type": "Dense", "units": 4},
        shape=[5, 3],
    ),
    "layer_dtype_float64_and_mixed": _seq(
        {"type": "GRU", "units": 8, "dtype": "float64", "return_sequences": True},
        {"type": "Dense", "units": 4, "dtype": "mixed_float16"},
        shape=[5, 3],
    ),
    "model_dtype_float64": {**_seq({"type": "SimpleRNN", "units": 9}, shape=[5, 3]), "dtype": "float64"},
    "model_dtype_bfloat16_dense": {**_seq({"type": "Dense", "units": 9}, shape=[5, 3]), "dtype": "bfloat16"},
    "time_axis_null_stack": _seq(
        {"type": "LSTM", "units": 10, "return_sequences": True},
        {"type": "Dropout", "rate": 0.3},
        {"type": "GRU", "units": 6, "return_sequences": True},
        {"type": "Dense", "units": 2},
        shape=[None, 3],
        batch_size=4,
    ),
    "dropout_everywhere": _seq(
        {"type": "Dropout", "rate": 0.1},
        {"type": "SimpleRNN", "units": 4},
        {"type": "Dropout", "rate": 0.5},
        {"type": "Dense", "units": 1},
        shape=[6, 2],
    ),
    "dropout_only_on_1d": _seq({"type": "Dropout", "rate": 0.2}, shape=[]),
    "explicit_names": _seq(
        {"type": "LSTM", "units": 4, "name": "encoder", "return_sequences": True},
        {"type": "LSTM", "units": 4},
        {"type": "Dense", "units": 2, "name": "lstm_1"},
        shape=[3, 2],
    ),
    "explicit_auto_looking_name_does_not_bump_counter": _seq(
        {"type": "Dense", "units": 4, "name": "dense_3"},
        {"type": "Dense", "units": 4},
        {"type": "Dense", "units": 4},
        shape=[3],
    ),
    "markup_in_names": _seq(
        {"type": "Dense", "units": 4, "name": "head[bold]x"},
        shape=[3],
        name="model[red]",
    ),
    "lowercase_types": _seq(
        {"type": "simplernn", "units": 3, "return_sequences": True},
        {"type": "lstm", "units": 3},
        {"type": "DENSE", "units": 1},
        shape=[4, 2],
    ),
    "input_shape_habit": {
        "layers": [{"type": "LSTM", "units": 6, "input_shape": [None, 4]}, {"type": "Dense", "units": 1}],
    },
    "input_shape_and_batch_size_habit": {
        "layers": [
            {"type": "GRU", "units": 6, "input_shape": [3, 4], "batch_size": 2, "stateful": True},
            {"type": "Dense", "units": 1},
        ],
    },
    "input_dim_habit": {"layers": [{"type": "Dense", "units": 6, "input_dim": 4}, {"type": "Dense", "units": 1}]},
    "batch_input_shape_null_batch": {"layers": [{"type": "LSTM", "units": 2, "batch_input_shape": [None, 3, 1]}]},
    "dropout_after_return_state": _seq(
        # Dropout maps over a list of tensors, so Keras accepts it after return_state.
        {"type": "SimpleRNN", "units": 3, "return_state": True},
        {"type": "Dropout", "rate": 0.1},
        shape=[5, 2],
    ),
    "long_names_wrap_in_table": _seq(
        {"type": "LSTM", "units": 3, "name": "a_rather_long_encoder_layer_name_that_wraps", "return_state": True},
        shape=[None, 2],
        name="a_model_name_that_is_also_rather_long_for_the_title_line_of_the_summary_table",
    ),
    "many_auto_names": _seq(*({"type": "Dense", "units": 2} for _ in range(12)), shape=[2]),
    "wide_numbers": _seq(
        {"type": "Embedding", "input_dim": 20000, "output_dim": 300},
        {"type": "LSTM", "units": 512},
        shape=[None],
    ),
}

for _kind in RECURRENT_TYPES:
    for _sequences in (False, True):
        CORPUS[f"return_state_{_kind.lower()}_sequences_{str(_sequences).lower()}"] = _seq(
            {"type": "Dense", "units": 3},
            {"type": _kind, "units": 5, "return_state": True, "return_sequences": _sequences},
            shape=[4, 2],
        )
    CORPUS[f"stateful_{_kind.lower()}_return_state_go_backwards"] = _seq(
        {"type": _kind, "units": 3, "stateful": True, "go_backwards": True, "return_sequences": True},
        {"type": _kind, "units": 2, "stateful": True, "return_state": True, "unroll": True},
        shape=[4, 2],
        batch_size=3,
    )

#: Parameter counts of the pinned corpus entries, per layer and in total.
PINNED_COUNTS = {
    "gesture_classifier": ([48896, 98816, 49408, 4160, 2080, 99], 203459),
    "lstm1_on_4x1": ([12], 12),
    "lstm3_on_4x2": ([72], 72),
    "lstm12_unknown_time": ([4464], 4464),
    "stateful_char_model": ([10400, 1326], 11726),
}


@pytest.mark.parametrize("case", sorted(PINNED_COUNTS))
def test_pinned_counts(case: str) -> None:
    """The published figures, from lstmcalc and from Keras."""
    theirs, _ = keras_results(CORPUS[case])
    assert_pinned_counts((lstmcalc_view(CORPUS[case]), theirs), *PINNED_COUNTS[case])


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_corpus_matches_keras(case: str) -> None:
    assert_matches_keras(CORPUS[case])


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_corpus_summary_text_matches_keras(case: str, terminal_columns: int) -> None:
    assert_summary_text_matches_keras(CORPUS[case], terminal_columns)


@pytest.mark.parametrize("columns", [50, 100, 200])
@pytest.mark.parametrize("case", ["gesture_classifier", "return_state_lstm_sequences_true"])
def test_summary_text_at_other_widths(case: str, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Narrow terminals shrink Keras's table (and wrap cells); wide ones stop at 88 columns."""
    monkeypatch.setenv("COLUMNS", str(columns))
    _, expected = keras_results(CORPUS[case])
    assert lstmcalc_summary_text(CORPUS[case], columns) == expected


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_cli_table_is_keras_summary(case: str, run_cli: Any, terminal_columns: int) -> None:
    """``lstmcalc summary SPEC`` in an 80-column terminal prints what ``model.summary()`` prints."""
    assert_cli_table_is_keras_summary(CORPUS[case], run_cli, terminal_columns)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_cli_json_is_library_json(case: str, run_cli: Any) -> None:
    """``--format json`` states the same facts as the library (which the tests above check)."""
    import json

    result = run_cli(dump_spec(CORPUS[case]), "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert document == summary_to_dict(summarize_text(dump_spec(CORPUS[case]), SPEC_FILE))


# --------------------------------------------------------------------------------------
# (b) Random valid stacks
# --------------------------------------------------------------------------------------

RANDOM_SEEDS = range(300)


def _spelling(rng: random.Random, type_name: str) -> str:
    """``LSTM``, ``lstm`` or ``Lstm``: lstmcalc takes layer types in any case."""
    return rng.choice([type_name, type_name, type_name.lower(), type_name.upper()])


def _common_options(rng: random.Random, entry: dict[str, Any], index: int, model_dtype: str | None) -> None:
    """Maybe give the layer an explicit name, freeze it, or give it its own dtype."""
    if rng.random() < 0.2:
        # Names that look automatic but never collide: explicit names don't advance Keras's counters.
        snake = {"simplernn": "simple_rnn"}.get(entry["type"].lower(), entry["type"].lower())
        entry["name"] = rng.choice([f"{snake}_{10 + index}", f"custom_{index}"])
    if rng.random() < 0.15:
        entry["trainable"] = False
    if rng.random() < 0.15:
        entry["dtype"] = rng.choice(["float32", "float64", "float16", "bfloat16", "mixed_float16", "mixed_bfloat16"])
    dtype = entry.get("dtype", model_dtype)
    if entry["type"].lower() in ("lstm", "gru", "simplernn") and dtype in HALF_DTYPES:
        # torch on a CPU has no half-precision QR for the default orthogonal initializer.
        entry["recurrent_initializer"] = "glorot_uniform"


def _recurrent(rng: random.Random, is_last: bool, batch_known: bool) -> dict[str, Any]:
    kind = rng.choice(RECURRENT_TYPES)
    entry: dict[str, Any] = {"type": _spelling(rng, kind), "units": rng.randint(1, 40)}
    entry["return_sequences"] = rng.random() < (0.5 if is_last else 0.7)
    if is_last and rng.random() < 0.3:
        entry["return_state"] = True
    if batch_known and rng.random() < 0.3:
        entry["stateful"] = True
    for flag, chance in (("use_bias", 0.2), ("go_backwards", 0.15), ("unroll", 0.1)):
        if rng.random() < chance:
            entry[flag] = flag != "use_bias"
    if rng.random() < 0.2:
        entry["dropout"] = round(rng.random(), 2)
        entry["recurrent_dropout"] = round(rng.random(), 2)
    if kind == "GRU" and rng.random() < 0.5:
        entry["reset_after"] = rng.random() < 0.5
    return entry


def random_valid_spec(seed: int) -> dict[str, Any]:
    """A small stack Keras accepts, drawn from ``random.Random(seed)``.

    Recurrent layers only see 3-D inputs, only the last layer may return states,
    Embedding comes first on integer ids, Dense needs rank >= 2, stateful layers
    get a fixed batch size. The input is given in any of the spellings lstmcalc reads.
    """
    rng = random.Random(seed)
    spec: dict[str, Any] = {}
    if rng.random() < 0.5:
        spec["name"] = f"random_{seed}"
    model_dtype = rng.choice([None] * 6 + ["float64", "float16", "bfloat16"])
    if model_dtype:
        spec["dtype"] = model_dtype
    batch = rng.choice([None, None, None, 1, 2, 8])
    time_steps = rng.choice([None, 1, 2, 3, 5, 8])
    start = rng.choices(["sequence", "embedding", "flat", "grid"], weights=[6, 2, 1, 1])[0]

    layers: list[dict[str, Any]] = []
    if start == "embedding":
        input_shape: list = [time_steps]
        entry = {"type": _spelling(rng, "Embedding"), "input_dim": rng.randint(1, 50), "output_dim": rng.randint(1, 16)}
        if rng.random() < 0.3:
            entry["mask_zero"] = True
        _common_options(rng, entry, 0, model_dtype)
        layers.append(entry)
        shape = [time_steps, entry["output_dim"]]
    else:
        input_shape = {
            "sequence": [time_steps, rng.randint(1, 20)],
            "flat": [rng.randint(1, 20)],
            "grid": [rng.randint(1, 4), rng.choice([None, 3]), rng.randint(1, 6)],
        }[start]
        shape = list(input_shape)

    first_index = len(layers)
    last_index = first_index + rng.randint(1, 5) - 1
    for index in range(first_index, last_index + 1):
        is_last = index == last_index
        kinds = ["Dense", "Dropout"]
        if len(shape) == 2:
            kinds += ["Recurrent"] * 4
        kind = rng.choice(kinds)
        if kind == "Recurrent":
            entry = _recurrent(rng, is_last, batch is not None)
            units = entry["units"]
            shape = [shape[0], units] if entry["return_sequences"] else [units]
        elif kind == "Dense":
            entry = {"type": _spelling(rng, "Dense"), "units": rng.randint(1, 40)}
            if rng.random() < 0.2:
                entry["use_bias"] = False
            if rng.random() < 0.3:
                entry["activation"] = rng.choice(["relu", "tanh", "softmax", "linear"])
            shape = [*shape[:-1], entry["units"]]
        else:
            entry = {"type": _spelling(rng, "Dropout"), "rate": rng.choice([0.0, 0.1, 0.25, 0.5, 0.9])}
        _common_options(rng, entry, index, model_dtype)
        layers.append(entry)

    _attach_input(rng, spec, layers, input_shape, batch)
    spec["layers"] = layers
    return spec


def _attach_input(
    rng: random.Random, spec: dict[str, Any], layers: list[dict[str, Any]], shape: list, batch: int | None
) -> None:
    """Give the input as an ``input:`` block or as one of the Keras habits on the first layer."""
    first = layers[0]
    habits = ["input_shape", "batch_input_shape"]
    if len(shape) == 1 and first["type"].lower() != "embedding" and shape[0] is not None:
        habits.append("input_dim")
    way = rng.choice(["input"] * 3 + habits)
    if way == "input":
        spec["input"] = input_block(shape, batch)
    elif way == "batch_input_shape":
        first["batch_input_shape"] = [batch, *shape]
    else:
        first[way] = shape if way == "input_shape" else shape[0]
        if batch is not None:
            first["batch_size"] = batch


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_stack_matches_keras(seed: int) -> None:
    assert_matches_keras(random_valid_spec(seed))


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_stack_summary_text_matches_keras(seed: int, terminal_columns: int) -> None:
    assert_summary_text_matches_keras(random_valid_spec(seed), terminal_columns)


# --------------------------------------------------------------------------------------
# (c) Stacks Keras refuses
# --------------------------------------------------------------------------------------

INVALID: dict[str, dict[str, Any]] = {
    "lstm_after_lstm_without_return_sequences": _seq(
        {"type": "LSTM", "units": 4}, {"type": "LSTM", "units": 4}, shape=[5, 3]
    ),
    "gru_after_embedding_lstm_without_sequences": _seq(
        {"type": "Embedding", "input_dim": 9, "output_dim": 3},
        {"type": "LSTM", "units": 4},
        {"type": "GRU", "units": 4},
        shape=[None],
    ),
    "lstm_on_2d_input": _seq({"type": "LSTM", "units": 4}, shape=[5]),
    "lstm_on_4d_input": _seq({"type": "LSTM", "units": 4}, shape=[2, 5, 3]),
    "gru_after_dense_on_2d": _seq({"type": "Dense", "units": 4}, {"type": "GRU", "units": 4}, shape=[8]),
    "simple_rnn_on_embedding_of_2d_ids": _seq(
        {"type": "Embedding", "input_dim": 9, "output_dim": 3}, {"type": "SimpleRNN", "units": 2}, shape=[4, 5]
    ),
    "dense_on_1d_input": _seq({"type": "Dense", "units": 4}, shape=[]),
    "stateful_without_batch_size": _seq({"type": "LSTM", "units": 4, "stateful": True}, shape=[5, 3]),
    "stateful_with_null_batch_in_batch_input_shape": {
        "layers": [{"type": "LSTM", "units": 2, "stateful": True, "batch_input_shape": [None, 3, 1]}],
    },
    "stateful_with_input_shape_habit_no_batch": {
        "layers": [{"type": "GRU", "units": 4, "stateful": True, "input_shape": [5, 3]}],
    },
    "lstm_units_zero": _seq({"type": "LSTM", "units": 0}, shape=[5, 3]),
    "gru_units_negative": _seq({"type": "GRU", "units": -3}, shape=[5, 3]),
    "simple_rnn_units_float": _seq({"type": "SimpleRNN", "units": 4.0}, shape=[5, 3]),
    "dense_units_zero": _seq({"type": "Dense", "units": 0}, shape=[5]),
    "embedding_input_dim_zero": _seq({"type": "Embedding", "input_dim": 0, "output_dim": 3}, shape=[5]),
    "dense_on_unknown_last_axis": _seq({"type": "Dense", "units": 3}, shape=[5, None]),
    "lstm_on_unknown_last_axis": _seq({"type": "LSTM", "units": 3}, shape=[5, None]),
    "duplicate_explicit_names": _seq(
        {"type": "Dense", "units": 3, "name": "head"}, {"type": "Dense", "units": 3, "name": "head"}, shape=[5]
    ),
    "explicit_name_taken_by_later_auto_name": _seq(
        {"type": "Dense", "units": 3, "name": "dense_1"},
        {"type": "Dense", "units": 3},
        {"type": "Dense", "units": 3},
        shape=[5],
    ),
    "explicit_name_equal_to_earlier_auto_name": _seq(
        {"type": "LSTM", "units": 3, "return_sequences": True},
        {"type": "LSTM", "units": 3, "name": "lstm"},
        shape=[5, 2],
    ),
    "dense_after_return_state": _seq(
        {"type": "LSTM", "units": 3, "return_state": True}, {"type": "Dense", "units": 3}, shape=[5, 2]
    ),
    "lstm_after_return_state_with_sequences": _seq(
        {"type": "GRU", "units": 3, "return_state": True, "return_sequences": True},
        {"type": "LSTM", "units": 3},
        shape=[5, 2],
    ),
    "dense_after_dropout_after_return_state": _seq(
        {"type": "SimpleRNN", "units": 3, "return_state": True},
        {"type": "Dropout", "rate": 0.1},
        {"type": "Dense", "units": 3},
        shape=[5, 2],
    ),
    "dropout_rate_above_one": _seq({"type": "Dropout", "rate": 1.5}, shape=[5]),
    "layer_name_with_slash": _seq({"type": "Dense", "units": 3, "name": "a/b"}, shape=[5]),
    "model_name_with_slash": _seq({"type": "Dense", "units": 3}, shape=[5], name="a/b"),
    "layer_dtype_int8": _seq({"type": "Dense", "units": 3, "dtype": "int8"}, shape=[5]),
    "input_dtype_unknown": {"input": {"shape": [5], "dtype": "foo"}, "layers": [{"type": "Dense", "units": 3}]},
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_keras_refuses_and_so_does_lstmcalc(case: str, run_cli: Any) -> None:
    spec = INVALID[case]
    assert_both_refuse(keras_refusal(spec), spec, run_cli, "Keras accepts this spec; it does not belong in INVALID")


# --------------------------------------------------------------------------------------
# (c') Odd values Keras accepts without complaint
# --------------------------------------------------------------------------------------

#: Keras builds these, and so does lstmcalc, with the same result.
KERAS_ACCEPTS: dict[str, dict[str, Any]] = {
    "layer_name_null_means_automatic": _seq({"type": "Dense", "units": 3, "name": None}, shape=[5]),
    "model_name_null_means_automatic": _seq({"type": "Dense", "units": 3}, shape=[5], name=None),
}

#: Values most people would call mistakes. Keras builds the model anyway (clamping a
#: dropout into [0, 1], keeping an empty name, sizing weights from a zero axis);
#: lstmcalc refuses them on purpose, as the README's "Where lstmcalc is stricter than Keras" says.
STRICTER_THAN_KERAS: dict[str, dict[str, Any]] = {
    "recurrent_dropout_above_one": _seq({"type": "LSTM", "units": 3, "dropout": 1.5}, shape=[5, 2]),
    "recurrent_dropout_negative": _seq({"type": "GRU", "units": 3, "recurrent_dropout": -1}, shape=[5, 2]),
    "layer_name_empty": _seq({"type": "Dense", "units": 3, "name": ""}, shape=[5]),
    "model_name_empty": _seq({"type": "Dense", "units": 3}, shape=[5], name=""),
    "zero_size_feature_axis": _seq({"type": "LSTM", "units": 3}, shape=[5, 0]),
    "zero_batch_size": _seq({"type": "Dense", "units": 3}, shape=[5], batch_size=0),
}


@pytest.mark.parametrize("case", sorted(KERAS_ACCEPTS))
def test_odd_values_keras_accepts(case: str) -> None:
    """Keras builds these, so a Keras-exact calculator reports what Keras reports."""
    assert_keras_accepts(KERAS_ACCEPTS[case])


@pytest.mark.parametrize("case", sorted(STRICTER_THAN_KERAS))
def test_lstmcalc_refuses_what_keras_lets_through(case: str, run_cli: Any) -> None:
    """Keras still builds these (if it ever refuses them, move them to INVALID); lstmcalc refuses them."""
    assert_only_lstmcalc_refuses(STRICTER_THAN_KERAS[case], run_cli)


# --------------------------------------------------------------------------------------
# (d) Random mutations, judged by Keras: same result when it builds, a refusal when not
# --------------------------------------------------------------------------------------

MUTATION_SEEDS = range(300)


def _recurrent_indices(spec: dict[str, Any]) -> list[int]:
    """Positions of the recurrent layers in ``spec``."""
    recurrent = {name.lower() for name in RECURRENT_TYPES}
    return [index for index, layer in enumerate(spec["layers"]) if layer["type"].lower() in recurrent]


def _small_recurrent(kind: str) -> dict[str, Any]:
    """A recurrent layer torch can build in any dtype (no orthogonal initializer)."""
    return {"type": kind, "units": 2, "recurrent_initializer": "glorot_uniform"}


def mutate(spec: dict[str, Any], rng: random.Random) -> str:
    """Change one thing in ``spec`` that often (not always) makes Keras refuse it; return what."""
    layers = spec["layers"]
    index = rng.randrange(len(layers))
    recurrent = _recurrent_indices(spec)
    choice = rng.choice(
        ["no_sequences", "units", "stateful", "append", "rename", "insert_recurrent", "unknown_features"]
    )
    if choice == "no_sequences" and recurrent:
        layers[rng.choice(recurrent)]["return_sequences"] = False
    elif choice == "units" and "units" in layers[index]:
        layers[index]["units"] = rng.choice([0, -1, 1])
    elif choice == "stateful" and recurrent:
        layers[rng.choice(recurrent)]["stateful"] = True
    elif choice == "append":
        extra = [{"type": "Dense", "units": 2}, _small_recurrent("LSTM"), {"type": "Dropout", "rate": 0.5}]
        layers.append(rng.choice(extra))
    elif choice == "rename" and len(layers) > 1:
        layers[index]["name"] = rng.choice(["lstm", "lstm_1", "dense", "dense_1", "gru", "dropout", "simple_rnn"])
    elif choice == "insert_recurrent":
        layers.insert(index + 1, _small_recurrent(rng.choice(RECURRENT_TYPES)))
    elif choice == "unknown_features" and "input" in spec and spec["input"]["shape"]:
        spec["input"]["shape"][-1] = None
    else:
        return "nothing"
    return choice


@pytest.mark.parametrize("seed", MUTATION_SEEDS)
def test_mutated_stack_agrees_with_keras(seed: int, run_cli: Any) -> None:
    rng = random.Random(10_000 + seed)
    spec = random_valid_spec(seed)
    mutation = mutate(spec, rng)
    judge_mutation(spec, mutation, keras_refusal(spec), assert_matches_keras, run_cli)
