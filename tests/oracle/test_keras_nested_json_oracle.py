"""Functional models that use a Sequential model as a layer (tests/keras_nested_json_cases.py) in a live Keras 3:
each is saved as JSON and as a .keras archive, loaded back, and lstmcalc's whole summary of each file is Keras's
summary of the loaded model (which is the built model's own). The fixtures and golden tables the plain tests read
(tests/test_keras_nested_json.py) are what this Keras writes and prints; the models lstmcalc refuses are ones
Keras saves and loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.conftest import ROOT  # noqa: E402
from tests.keras_nested_json_cases import CASES, LINE_LENGTH, REFUSED  # noqa: E402
from tests.oracle.keras_code_run import keras_table, loaded_model, run_model_code  # noqa: E402

pytestmark = pytest.mark.oracle

FIXTURES = ROOT / "tests" / "fixtures" / "keras" / "nested"
GOLDEN = ROOT / "tests" / "golden" / "keras_nested_json"


def _lstmcalc(path: Path) -> Any:
    from click.testing import CliRunner

    from lstm_calc.cli import main

    return CliRunner().invoke(main, ["summary", str(path), "--line-length", LINE_LENGTH])


@pytest.mark.parametrize("name", sorted(CASES))
def test_lstmcalc_prints_keras_summary_of_the_saved_model(name: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # rich draws Keras's table no wider than the terminal
    model = run_model_code(CASES[name][0])
    assert "Sequential" in [type(layer).__name__ for layer in model.layers]
    expected = keras_table(model, int(LINE_LENGTH))
    archive, text = tmp_path / f"{name}.keras", tmp_path / f"{name}.json"
    model.save(archive)
    text.write_text(model.to_json(), encoding="utf-8")
    assert keras_table(loaded_model(archive), int(LINE_LENGTH)) == expected
    assert keras_table(loaded_model(text), int(LINE_LENGTH)) == expected
    for path in (archive, text):
        result = _lstmcalc(path)
        assert (result.exit_code, result.output) == (0, expected), path


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_nested_row_weights_are_keras(name: str) -> None:
    """Every weight of the nested model, by its layer and name, shape and trainable flag, as the loaded model has it."""
    from lstm_calc.api import summarize_file

    loaded = loaded_model(FIXTURES / f"{name}.json")
    nested = next(layer for layer in loaded.layers if type(layer).__name__ == "Sequential")
    trainable = {id(w) for w in loaded.trainable_weights}
    # Keras's path is (encoder/)lstm/lstm_cell/kernel, lstmcalc's lstm/kernel: the layer and the weight's own name.
    theirs = [
        (layer.name, w.path.split("/")[-1], tuple(w.shape), id(w) in trainable)
        for layer in nested.layers
        for w in layer.weights
    ]
    row = next(row for row in summarize_file(str(FIXTURES / f"{name}.json")).layers if row.name == nested.name)
    assert [(w.name.split("/")[0], w.name.split("/")[-1], w.shape, w.trainable) for w in row.weights] == theirs


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_golden_table_is_keras_summary_of_the_fixture(name: str, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    for suffix in (".json", ".keras") if CASES[name][1] else (".json",):
        model = loaded_model(FIXTURES / f"{name}{suffix}")
        assert keras_table(model, int(LINE_LENGTH)) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_model_is_one_keras_saves_and_loads(name: str, tmp_path: Path) -> None:
    """lstmcalc refuses these for want of an exact summary, not because Keras could not load them."""
    path = tmp_path / f"{name}.json"
    path.write_text(run_model_code(REFUSED[name][0]).to_json(), encoding="utf-8")
    assert loaded_model(path).count_params() > 0
    result = _lstmcalc(path)
    assert result.exit_code == 2 and REFUSED[name][1] in " ".join(result.output.split())


def test_expand_nested_draws_the_layers_inside(monkeypatch) -> None:
    """Why lstmcalc refuses --expand-nested over a nested Sequential model (tests/test_keras_nested_json.py)."""
    monkeypatch.setenv("COLUMNS", "200")
    model = loaded_model(FIXTURES / "frozen.keras")
    plain, expanded = keras_table(model, int(LINE_LENGTH)), _expanded(model)
    assert "└ lstm (LSTM)" in expanded and "└ lstm (LSTM)" not in plain


def _expanded(model: Any) -> str:
    lines: list[str] = []
    model.summary(
        line_length=int(LINE_LENGTH), expand_nested=True, print_fn=lambda text, line_break=None: lines.append(text)
    )
    return "".join(lines)


def test_a_plain_list_spec_holding_a_sequential_model_is_keras_model(tmp_path: Path, monkeypatch) -> None:
    """tests/test_keras_nested_models.py's plain list: Keras names the nested model first, the model sequential_1."""
    import json

    from tests.test_keras_nested_models import PLAIN_LIST_SPEC

    monkeypatch.setenv("COLUMNS", "200")
    keras.utils.clear_session(free_memory=False)
    layers = keras.layers
    model = keras.Sequential([keras.Input((5, 3)), keras.Sequential([layers.LSTM(8)]), layers.Dense(2)])
    path = tmp_path / "plain.yaml"
    path.write_text(json.dumps(PLAIN_LIST_SPEC), encoding="utf-8")
    result = _lstmcalc(path)
    assert (result.exit_code, result.output) == (0, keras_table(model, int(LINE_LENGTH)))


def test_a_graph_spec_holding_a_sequential_model_is_keras_model(tmp_path: Path, monkeypatch) -> None:
    """tests/test_keras_nested_models.py's graph spec: building enc makes a Functional, so the model is
    functional_1."""
    import json

    from tests.test_keras_nested_models import GRAPH_SPEC

    monkeypatch.setenv("COLUMNS", "200")
    keras.utils.clear_session(free_memory=False)
    layers = keras.layers
    enc = keras.Sequential([layers.LSTM(8, return_sequences=True), layers.LSTM(4)], name="enc")
    inputs = keras.Input((10, 3))
    model = keras.Model(inputs, layers.Dense(1)(enc(inputs)))
    path = tmp_path / "graph.yaml"
    path.write_text(json.dumps(GRAPH_SPEC), encoding="utf-8")
    result = _lstmcalc(path)
    assert (result.exit_code, result.output) == (0, keras_table(model, int(LINE_LENGTH)))
