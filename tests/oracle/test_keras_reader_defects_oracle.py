"""The Keras reader defect cases (tests/keras_reader_defects_cases.py) in a live Keras 3: each model's summary
is the golden table lstmcalc is held to (tests/golden/keras_reader_defects), each JSON fixture is what that
Keras writes, each call lstmcalc refuses Keras refuses too, and the RNNs of cells that explain and why count
have Keras's counts."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("keras")

import keras  # noqa: E402

from tests.conftest import ROOT  # noqa: E402
from tests.keras_reader_defects_cases import CODE, REFUSED  # noqa: E402
from tests.oracle.keras_code_run import keras_table, run_model_code  # noqa: E402
from tests.test_keras_reader_defects import EXPORTED, GOLDEN, LINE_LENGTH  # noqa: E402

pytestmark = pytest.mark.oracle

JSON_CASES = ["mask_from_another_input", "operations_on_two_tensors", "unused_input", "unused_inputs_around_a_used_one"]


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_summary_is_the_golden_table(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # rich draws Keras's table no wider than the terminal
    assert keras_table(run_model_code(CODE[name]), int(LINE_LENGTH)) == (GOLDEN / f"{name}.table.out").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("name", JSON_CASES)
def test_the_json_fixture_is_what_keras_writes(name: str) -> None:
    written = json.loads(run_model_code(CODE[name]).to_json())
    assert written == json.loads((ROOT / "tests" / "fixtures" / "keras" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_refuses_the_call(name: str) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'mask'"):
        run_model_code(REFUSED[name][0])


def test_the_cell_counts_explain_and_why_give() -> None:
    keras.utils.clear_session(free_memory=False)
    x = keras.Input((None, 3))
    one = keras.layers.RNN(keras.layers.LSTMCell(8), return_sequences=True)
    bi = keras.layers.Bidirectional(keras.layers.RNN(keras.layers.LSTMCell(4), return_sequences=True))
    stacked = keras.layers.RNN(keras.layers.StackedRNNCells([keras.layers.GRUCell(6), keras.layers.SimpleRNNCell(2)]))
    keras.Model(x, stacked(bi(one(x))))
    assert [one.count_params(), bi.count_params(), stacked.count_params()] == [384, 416, 306]


def test_a_model_that_makes_itself_never_finishes() -> None:
    code = (
        "import keras\n\nclass M(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
        "        self.inner = M()\n\nmodel = M()\n"
    )
    with pytest.raises(RecursionError):
        run_model_code(code)


@pytest.mark.parametrize("name", EXPORTED)
def test_exported_keras_code_builds_the_golden_table(name: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from lstm_calc.cli import main

    source = tmp_path / "model.py"
    source.write_text(CODE[name], encoding="utf-8")
    exported = CliRunner().invoke(main, ["export", str(source), "--to", "keras"])
    assert exported.exit_code == 0, exported.output
    monkeypatch.setenv("COLUMNS", "200")
    table = keras_table(run_model_code(exported.output), int(LINE_LENGTH))
    assert table == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")
