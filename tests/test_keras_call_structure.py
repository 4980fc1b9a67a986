"""A stacked RNN's nested states and a layer's last call outside the summarised model, in Keras code: the
tables are Keras 3.15.1's own (tests/golden/keras_call_structure, from
tests/oracle/test_keras_call_structure_oracle.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.keras_call_structure_cases import CODE, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "keras_call_structure"
LINE_LENGTH = "110"
#: The cases of stacked cells: their graph spec numbers the states flat, and summarises as the code does.
STACKED = sorted(name for name in CODE if "stacked" in name)


def _written(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table(run, path: Path) -> str:
    result = run("summary", str(path), "--line-length", LINE_LENGTH)
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_code_is_summarised_as_keras_summarises_it(run, tmp_path: Path, name: str) -> None:
    assert _table(run, _written(tmp_path, CODE[name])) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", STACKED)
def test_the_converted_graph_spec_keeps_each_state(run, tmp_path: Path, name: str) -> None:
    converted = run("convert", str(_written(tmp_path, CODE[name])))
    assert converted.exit_code == 0, converted.stderr
    spec = _written(tmp_path, converted.stdout, "model.yaml")
    assert _table(run, spec) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


def test_the_gru_state_of_a_stack_is_its_third_item(run, tmp_path: Path) -> None:
    converted = run("convert", str(_written(tmp_path, CODE["stacked_states_unpacked"])))
    assert "{type: Dense, units: 3, name: dense, inputs: 'rnn[3]'}" in converted.stdout
    assert "{type: Dense, units: 2, name: dense_1, inputs: 'rnn[2]'}" in converted.stdout


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_keras_or_python_refuses_is_refused_where_written(run, tmp_path: Path, name: str) -> None:
    code, where, message = REFUSED[name]
    result = run("summary", str(_written(tmp_path, code)))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"{tmp_path / 'model.py'}:{where}: error: {message}\n",
    )


def test_an_rnn_of_one_cell_still_gives_its_states_flat(run, tmp_path: Path) -> None:
    code = (
        "import keras\nfrom keras import layers\n\nx = keras.Input(shape=(7, 3))\n"
        "seq, h, c = layers.RNN(layers.LSTMCell(8), return_state=True)(x)\n"
        "model = keras.Model(x, layers.Dense(3)(c))\n"
    )
    result = run("summary", str(_written(tmp_path, code)), "--format", "json")
    assert result.exit_code == 0, result.stderr
    # 4 × 8 × (3 + 8 + 1) = 384 for the cell, 8 × 3 + 3 = 27 for the Dense on c (8 wide).
    assert [row["params"] for row in json.loads(result.stdout)["layers"]] == [0, 384, 27]


def test_the_later_call_is_left_out_of_the_converted_spec(run, tmp_path: Path) -> None:
    # A graph spec (as a saved .keras file) holds the model's own calls alone: its decoder shows them.
    converted = run("convert", str(_written(tmp_path, CODE["seq2seq_inference_model"])))
    spec = _written(tmp_path, converted.stdout, "model.yaml")
    table = _table(run, spec)
    assert "│ dense (Dense)                  │ (None, None, 4)  " in table


def test_an_inference_model_whose_layers_are_first_called_elsewhere_is_still_refused(run, tmp_path: Path) -> None:
    code = CODE["layer_in_three_models"]
    result = run("summary", str(_written(tmp_path, code)), "--model", "model3")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "error: layer 'lstm_1' is called here again, but its first call (line 8) is not part of this model; "
        "lstmcalc reads a shared layer whose first call the model makes\n"
    )


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("stacked_state_by_index", ['dense = layers.Dense(3, name="dense")(rnn[2])']),
        (
            "stacked_states_unpacked_nested",
            [
                'dense_1 = layers.Dense(6, name="dense_1")(rnn[2][1])',
                'dense_2 = layers.Dense(1, name="dense_2")(rnn_1[2][0])',
            ],
        ),
        (
            "stacked_initial_state_nested",
            ["    input_layer, initial_state=[[input_layer_1, input_layer_2], input_layer_3]"],
        ),
    ],
)
def test_exported_code_indexes_and_groups_a_stack_s_states_as_keras_does(run, tmp_path: Path, name, lines) -> None:
    # Flat (rnn[3], initial_state=[h1, c1, h2]) it failed in Keras; the oracle builds and runs each export.
    exported = run("export", str(_written(tmp_path, CODE[name])), "--to", "keras")
    assert exported.exit_code == 0, exported.stderr
    for line in lines:
        assert line in exported.stdout.splitlines()
