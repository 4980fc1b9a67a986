"""The mask cases (tests/keras_mask_cases.py) in a live Keras 3: each model's summary is the golden table
lstmcalc is held to (tests/golden/keras_masks), each JSON fixture is what that Keras writes, loading it keeps the
table, and each layer kind's mask rule (``keras_mask_rule``) is what Keras does with a mask."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("keras")

import keras  # noqa: E402
from keras.src import backend  # noqa: E402

from lstm_calc.layers.keras_masks import DROPS, KEEPS  # noqa: E402
from lstm_calc.spec_mapping import model_from_mapping  # noqa: E402
from tests.keras_mask_cases import (  # noqa: E402
    CODE,
    JSON_CASES,
    MASK_NAMES_REFUSED,
    REFUSED,
    SAVED_AFTER_ANOTHER,
)
from tests.oracle.keras_code_run import keras_table, run_model_code  # noqa: E402
from tests.test_keras_masks import FIXTURES, GOLDEN, LINE_LENGTH  # noqa: E402

pytestmark = pytest.mark.oracle

_ALL = {**CODE, "saved_after_another": SAVED_AFTER_ANOTHER}


@pytest.mark.parametrize("name", sorted(_ALL))
def test_keras_summary_is_the_golden_table(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    table = keras_table(run_model_code(_ALL[name]), int(LINE_LENGTH))
    assert table == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [*JSON_CASES, "saved_after_another"])
def test_the_json_fixture_is_what_keras_writes_and_loads(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    written = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    assert json.loads(run_model_code(_ALL[name]).to_json()) == json.loads(written)
    keras.utils.clear_session(free_memory=False)
    keras.layers.Masking()(keras.Input((2, 2)))  # a busy session: the loaded model keeps its saved names
    loaded = keras.models.model_from_json(written)
    assert keras_table(loaded, int(LINE_LENGTH)) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(MASK_NAMES_REFUSED))
def test_keras_names_the_models_operations_on_from_the_other_calls(name: str) -> None:
    names = [operation.name for operation in run_model_code(MASK_NAMES_REFUSED[name][0]).operations]
    assert "not_equal" not in names and "not_equal_1" in names or "not_equal_2" in names


def test_keras_merges_the_masks_of_added_sequences_with_an_operation() -> None:
    code = REFUSED["masked_sequences_added"][0]
    assert "logical_or" in [operation.name for operation in run_model_code(code).operations]


#: Layers called on a masked (batch, 10, 8) sequence: the spec mapping, and the Keras layer.
_KINDS: dict[str, tuple[dict[str, Any], Any]] = {
    "Dense": ({"units": 3}, lambda: keras.layers.Dense(3)),
    "Dropout": ({"rate": 0.5}, lambda: keras.layers.Dropout(0.5)),
    "SpatialDropout1D": ({"rate": 0.5}, lambda: keras.layers.SpatialDropout1D(0.5)),
    "Activation": ({"activation": "relu"}, lambda: keras.layers.Activation("relu")),
    "BatchNormalization": ({}, lambda: keras.layers.BatchNormalization()),
    "LayerNormalization": ({}, lambda: keras.layers.LayerNormalization()),
    "Conv1D": ({"filters": 3, "kernel_size": 2}, lambda: keras.layers.Conv1D(3, 2)),
    "MaxPooling1D": ({}, lambda: keras.layers.MaxPooling1D()),
    "AveragePooling1D": ({"pool_size": 2}, lambda: keras.layers.AveragePooling1D(2)),
    "GlobalAveragePooling1D": ({}, lambda: keras.layers.GlobalAveragePooling1D()),
    "GlobalMaxPooling1D": ({}, lambda: keras.layers.GlobalMaxPooling1D()),
    "ZeroPadding1D": ({}, lambda: keras.layers.ZeroPadding1D()),
    "UpSampling1D": ({}, lambda: keras.layers.UpSampling1D()),
    "Cropping1D": ({}, lambda: keras.layers.Cropping1D()),
    "Flatten": ({}, lambda: keras.layers.Flatten()),
    "Reshape": ({"target_shape": [80]}, lambda: keras.layers.Reshape((80,))),
    "Permute": ({"dims": [2, 1]}, lambda: keras.layers.Permute((2, 1))),
    "LSTM": ({"units": 3}, lambda: keras.layers.LSTM(3)),
    "GRU": ({"units": 3, "return_sequences": True}, lambda: keras.layers.GRU(3, return_sequences=True)),
    "SimpleRNN": (
        {"units": 3, "return_sequences": True, "return_state": True},
        lambda: keras.layers.SimpleRNN(3, return_sequences=True, return_state=True),
    ),
    "TimeDistributed": (
        {"layer": {"type": "Dense", "units": 3}},
        lambda: keras.layers.TimeDistributed(keras.layers.Dense(3)),
    ),
    "Bidirectional": (
        {"layer": {"type": "LSTM", "units": 3, "return_sequences": True}},
        lambda: keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True)),
    ),
    "Lambda": ({"output_shape": [10, 8]}, lambda: keras.layers.Lambda(lambda t: t)),
    "Masking": ({}, lambda: keras.layers.Masking()),
}


@pytest.mark.parametrize("kind", sorted(_KINDS))
def test_each_kinds_mask_rule_is_what_keras_does(kind: str) -> None:
    mapping, make = _KINDS[kind]
    spec = model_from_mapping({"input": {"shape": [10, 8]}, "layers": [{"type": kind, **mapping}]})
    layer = spec.layers[0].layer
    rule = layer.keras_mask_rule((None, 10, 8))
    keras.utils.clear_session(free_memory=False)
    ids = keras.Input((10,))
    sequence = keras.layers.Embedding(50, 8, mask_zero=True)(ids)
    keras_layer = make()
    output = keras_layer(sequence)
    first = output[0] if isinstance(output, (list, tuple)) else output
    mask = backend.get_keras_mask(first)
    taken = [t._keras_history[0].name for t in keras_layer._inbound_nodes[0].input_tensors]
    assert ("not_equal" in taken) == layer.keras_takes_mask
    if rule == KEEPS:
        assert mask is backend.get_keras_mask(sequence)
    elif rule == DROPS:
        assert mask is None
    else:
        made = [operation.__class__.__name__ for operation in _made_from(mask, sequence)]
        assert tuple(made) == tuple(name for name, _ in rule)


def _made_from(mask: Any, start: Any) -> list[Any]:
    """The operations making ``mask`` from ``start`` (first made first)."""
    made = []
    while mask is not start:
        operation = mask._keras_history[0]
        made.append(operation)
        mask = operation._inbound_nodes[0].input_tensors[0]
    return made[::-1]


#: Graph specs with masks, replayed as Keras calls (tests/oracle/test_graph_oracle.py).
GRAPH_SPECS: dict[str, dict[str, Any]] = {
    "masking_shared_lstm": {
        "inputs": {"a": {"shape": [5, 3]}, "b": {"shape": [5, 3]}},
        "layers": [
            {"type": "Masking", "inputs": "a"},
            {"type": "LSTM", "units": 4, "name": "shared"},
            {"name": "shared_again", "shares": "shared", "inputs": "b"},
            {"type": "Masking", "inputs": "b"},
            {"name": "shared_third", "shares": "shared", "inputs": "masking_1"},
            {"type": "Concatenate", "inputs": ["shared", "shared_again", "shared_third"]},
            {"type": "Dense", "units": 2},
        ],
        "outputs": ["dense"],
    },
    "embedding_time_distributed_pooled": {
        "inputs": {"tokens": {"shape": [12]}},
        "layers": [
            {"type": "Embedding", "input_dim": 30, "output_dim": 6, "mask_zero": True},
            {"type": "Dense", "units": 4},
            {"type": "Dropout", "rate": 0.2},
            {"type": "GlobalAveragePooling1D"},
            {"type": "Dense", "units": 1},
        ],
        "outputs": ["dense_1"],
    },
}


@pytest.mark.parametrize("name", sorted(GRAPH_SPECS))
def test_graph_spec_matches_keras(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.oracle.test_graph_oracle import assert_graph_matches_keras

    assert_graph_matches_keras(GRAPH_SPECS[name], monkeypatch)
