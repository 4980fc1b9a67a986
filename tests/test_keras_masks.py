"""Keras 3's rows for the operations computing masks (``not_equal (NotEqual)``, ``any (Any)``) and the masks in
Connected to, from Keras code, its JSON and the converted graph spec; the refusals where lstmcalc does not
follow a mask. The tables are Keras 3.15.1's own (tests/golden/keras_masks, from
tests/oracle/test_keras_masks_oracle.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_calc.api import summarize_text
from tests.conftest import ROOT
from tests.keras_mask_cases import CODE, JSON_CASES, MASK_NAMES_REFUSED, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "keras_masks"
FIXTURES = ROOT / "tests" / "fixtures" / "keras_masks"
LINE_LENGTH = "110"


def _written(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table(run, path: Path, *options: str) -> str:
    result = run("summary", str(path), "--line-length", LINE_LENGTH, *options)
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


def _golden(name: str) -> str:
    return (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_code_is_summarised_as_keras_summarises_it(run, tmp_path: Path, name: str) -> None:
    assert _table(run, _written(tmp_path, CODE[name])) == _golden(name)


@pytest.mark.parametrize("name", [*JSON_CASES, "saved_after_another"])
def test_keras_json_is_summarised_as_keras_summarises_it(run, name: str) -> None:
    assert _table(run, FIXTURES / f"{name}.json") == _golden(name)


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_converted_graph_spec_and_the_exported_code_keep_the_table(run, tmp_path: Path, name: str) -> None:
    source = _written(tmp_path, CODE[name])
    converted = run("convert", str(source))
    exported = run("export", str(source), "--to", "keras")
    assert (converted.exit_code, exported.exit_code) == (0, 0)
    assert _table(run, _written(tmp_path, converted.stdout, "model.yaml")) == _golden(name)
    assert _table(run, _written(tmp_path, exported.stdout, "exported.py")) == _golden(name)


def test_a_saved_models_operation_names_are_kept_in_the_converted_spec(run, tmp_path: Path) -> None:
    converted = run("convert", str(FIXTURES / "saved_after_another.json"))
    assert converted.exit_code == 0
    assert "mask_operations: [not_equal_2, any_1]\n" in converted.stdout
    assert _table(run, _written(tmp_path, converted.stdout, "model.yaml")) == _golden("saved_after_another")


def test_the_json_output_has_the_operation_rows(run) -> None:
    result = run("summary", str(FIXTURES / "masking_gru.json"), "--format", "json")
    assert result.exit_code == 0
    layers = json.loads(result.stdout)["layers"]
    assert [(layer["name"], layer["type"]) for layer in layers] == [
        ("input_layer", "InputLayer"),
        ("not_equal", "NotEqual"),
        ("masking", "Masking"),
        ("any", "Any"),
        ("gru", "GRU"),
    ]


@pytest.mark.parametrize("name", sorted(MASK_NAMES_REFUSED))
def test_code_making_masks_outside_the_model_is_refused(run, tmp_path: Path, name: str) -> None:
    code, where = MASK_NAMES_REFUSED[name]
    result = run("summary", str(_written(tmp_path, code)), "--model", "model")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'model.py'}:{where}: error: '")
    assert "Keras names from counters it shares with the model's" in result.stderr


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_mask_lstmcalc_does_not_follow_is_refused(run, tmp_path: Path, name: str) -> None:
    code, where, message = REFUSED[name]
    result = run("summary", str(_written(tmp_path, code)))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'model.py'}:{where}: error: {message}")


GRAPH = """\
inputs:
  ids: {shape: [10]}
layers:
  - {type: Embedding, input_dim: 100, output_dim: 8, mask_zero: true}
  - {type: LSTM, units: 4}
"""


def test_a_stack_shows_no_operation_rows() -> None:
    stack = summarize_text(
        "input: {shape: [10]}\nlayers:\n  - {type: Embedding, input_dim: 100, output_dim: 8, mask_zero: true}\n"
        "  - {type: LSTM, units: 4}\n",
        "stack.yaml",
    )
    assert [row.name for row in stack.layers] == ["embedding", "lstm"]


def test_a_graph_lists_the_operation_and_the_mask() -> None:
    summary = summarize_text(GRAPH, "graph.yaml")
    rows = [(row.name, row.type, row.output_shape, [c.layer for c in row.connected_to]) for row in summary.layers]
    assert rows == [
        ("ids", "InputLayer", (None, 10), []),
        ("embedding", "Embedding", (None, 10, 8), ["ids"]),
        ("not_equal", "NotEqual", (None, 10), ["ids"]),
        ("lstm", "LSTM", (None, 4), ["embedding", "not_equal"]),
    ]
    assert not summary.sequential_like


def test_a_layer_named_as_an_operation_is_refused() -> None:
    with pytest.raises(Exception, match="computes its mask with an operation Keras 3 names 'not_equal'"):
        summarize_text(GRAPH.replace("type: LSTM,", "name: not_equal, type: LSTM,"), "graph.yaml")


def test_mask_operations_names_them_as_a_saved_model_does() -> None:
    summary = summarize_text(GRAPH + "mask_operations: [not_equal_4]\n", "graph.yaml")
    assert [row.name for row in summary.layers][2] == "not_equal_4"
    assert [c.layer for c in summary.layers[3].connected_to] == ["embedding", "not_equal_4"]


def test_mask_operations_that_are_not_those_lstmcalc_finds_are_refused() -> None:
    with pytest.raises(Exception, match="lists 1 operation.s. 'any' computing masks, where lstmcalc finds 0"):
        summarize_text(GRAPH + "mask_operations: [not_equal, any]\n", "graph.yaml")


def test_a_given_mask_into_a_layer_lstmcalc_does_not_follow_is_refused() -> None:
    spec = """\
inputs:
  x: {shape: [5, 6, 3]}
  m: {shape: [5], dtype: bool}
layers:
  - {type: ConvLSTM1D, filters: 2, kernel_size: 3, inputs: x, mask: m}
"""
    with pytest.raises(Exception, match=r"layer 'conv_lstm1d' \(ConvLSTM1D\) is given the mask 'm'; lstmcalc does not"):
        summarize_text(spec, "graph.yaml")
