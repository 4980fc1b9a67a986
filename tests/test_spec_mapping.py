"""The plain-data entry point: a model described as a Python mapping, checked as a spec file is."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_calc.api import build_file
from lstm_calc.errors import Location, SpecError
from lstm_calc.graph import infer
from lstm_calc.spec_mapping import located, model_from_mapping

ROOT = Path(__file__).resolve().parent.parent

GESTURE = {
    "name": "gesture_classifier",
    "input": {"shape": (5, 126)},
    "layers": [
        {"type": "LSTM", "units": 64, "return_sequences": True, "activation": "relu"},
        {"type": "LSTM", "units": 128, "return_sequences": True, "activation": "relu"},
        {"type": "LSTM", "units": 64, "activation": "relu"},
        {"type": "Dense", "units": 64, "activation": "relu"},
        {"type": "Dense", "units": 32, "activation": "relu"},
        {"type": "Dense", "units": 3, "activation": "softmax"},
    ],
}


def test_a_mapping_gives_the_summary_of_the_same_spec_in_yaml():
    summary = infer(model_from_mapping(GESTURE))
    _, from_file = build_file(str(ROOT / "specs" / "gesture_classifier.yaml"))
    rows = [(row.name, row.output_shape, row.params) for row in summary.layers]
    assert rows == [(row.name, row.output_shape, row.params) for row in from_file.layers]
    # Keras 3's own counts for this model (tests/oracle pins them against a real build).
    assert [row.params for row in summary.layers] == [48_896, 98_816, 49_408, 4_160, 2_080, 99]
    assert summary.total_params == 203_459


def test_a_wrapped_layer_from_a_mapping_is_counted_and_named():
    model = model_from_mapping(
        {"input": {"shape": [10, 8]}, "layers": [{"type": "Bidirectional", "layer": {"type": "GRU", "units": 4}}]}
    )
    row = infer(model).layers[0]
    # Keras 3: GRU(4) with reset_after on 8 features is 3·4·(8 + 4 + 2) = 168 per direction.
    assert (row.name, row.output_shape, row.params) == ("bidirectional", (None, 8), 336)
    assert [weight.name for weight in row.weights][:3] == [
        "forward_gru/kernel",
        "forward_gru/recurrent_kernel",
        "forward_gru/bias",
    ]


def test_framework_argument_overrides_the_mappings_own():
    model = model_from_mapping(
        {"input": {"shape": [5, 126]}, "layers": [{"type": "LSTM", "units": 64}]}, framework="pytorch"
    )
    # torch.nn.LSTM keeps two bias vectors: 4·64·(126 + 64 + 2).
    assert infer(model).layers[0].params == 49_152


def test_an_error_names_the_mapping_and_the_key_at_fault():
    with pytest.raises(SpecError) as caught:
        model_from_mapping({"input": {"shape": [5, 3]}, "layers": [{"type": "LSTM", "units": 0}]}, "quiz")
    assert str(caught.value) == "quiz:1:1: error: LSTM argument 'units': expected a positive integer, got 0"
    assert caught.value.path == "layers[0].units"


def test_anything_but_a_mapping_is_refused_as_a_spec_file_is():
    with pytest.raises(SpecError) as caught:
        model_from_mapping([1, 2])  # type: ignore[arg-type]
    assert str(caught.value) == "<mapping>:1:1: error: a spec is a mapping with 'input' and 'layers' keys, not a list"


def test_deep_nesting_converts_without_recursion():
    depth = 50_000
    data: object = 1
    for _ in range(depth):
        data = [data]
    converted = located(data, Location("deep", 1, 1))
    for _ in range(depth):
        assert converted.location == Location("deep", 1, 1)
        converted = converted[0]
    assert converted == 1
