"""Compiled models (tests/compiled_keras_cases.py) in a live Keras 3: each is saved as a .keras archive and as
JSON, loaded back with keras.saving.load_model and keras.models.model_from_json (which compile it and build
its optimizer), and lstmcalc's whole summary of each file is Keras's summary of the loaded model. The
fixtures and golden tables the plain tests read are what this Keras writes and prints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("keras")

import keras  # noqa: E402

from tests.compiled_keras_cases import CASES, LINE_LENGTH, REFUSED  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.oracle.keras_code_run import keras_table, loaded_model  # noqa: E402

pytestmark = pytest.mark.oracle

FIXTURES = ROOT / "tests" / "fixtures" / "keras" / "compiled"
GOLDEN = ROOT / "tests" / "golden" / "compiled_keras"
COUNTED = sorted(name for name in CASES if name not in REFUSED)


def _compiled(name: str) -> Any:
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {}
    exec(compile(CASES[name][0], name, "exec"), namespace)
    return namespace["model"]


def _lstmcalc(path: Path) -> Any:
    from click.testing import CliRunner

    from lstm_calc.cli import main

    return CliRunner().invoke(main, ["summary", str(path), "--line-length", LINE_LENGTH])


@pytest.mark.parametrize("name", COUNTED)
def test_lstmcalc_prints_keras_summary_of_the_loaded_model(name: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # rich draws Keras's table no wider than the terminal
    model = _compiled(name)
    archive, text = tmp_path / f"{name}.keras", tmp_path / f"{name}.json"
    model.save(archive)
    text.write_text(model.to_json(), encoding="utf-8")
    loaded = loaded_model(archive)
    assert loaded.optimizer.built  # Keras built the optimizer: its summary has the Optimizer params line
    expected = keras_table(loaded, int(LINE_LENGTH))
    assert "Optimizer params" in expected
    assert keras_table(loaded_model(text), int(LINE_LENGTH)) == expected
    for path in (archive, text):
        result = _lstmcalc(path)
        assert (result.exit_code, result.output) == (0, expected), path


@pytest.mark.parametrize("name", COUNTED)
def test_the_golden_table_is_keras_summary_of_the_fixture(name: str, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    for suffix in (".json", ".keras") if CASES[name][1] else (".json",):
        model = loaded_model(FIXTURES / f"{name}{suffix}")
        assert keras_table(model, int(LINE_LENGTH)) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_fixture_compile_config_is_what_keras_writes(name: str) -> None:
    written = json.loads(_compiled(name).to_json())["compile_config"]
    assert written == json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))["compile_config"]


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_optimizer_is_one_keras_loads(name: str, tmp_path: Path) -> None:
    """lstmcalc refuses Muon for want of an exact count, not because Keras could not load it."""
    path = tmp_path / f"{name}.json"
    path.write_text(_compiled(name).to_json(), encoding="utf-8")
    assert loaded_model(path).optimizer.built
    result = _lstmcalc(path)
    assert result.exit_code == 2 and "cannot count its variables" in result.output


def test_a_model_loaded_without_compiling_has_no_optimizer_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    path = tmp_path / "adam.keras"
    _compiled("adam").save(path)
    keras.utils.clear_session(free_memory=False)
    assert "Optimizer params" not in keras_table(keras.saving.load_model(path, compile=False), int(LINE_LENGTH))
