"""The cases of tests/keras_code_arguments_cases.py in a live Keras 3: the code lstmcalc exports runs and
summarises as the original code does, and as the code lstmcalc exports of the ``.keras`` file Keras saves
of the model (both leave out the initializers, regularizers and constraints given as code)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("keras")

from click.testing import CliRunner  # noqa: E402

from lstm_calc.cli import main  # noqa: E402
from tests.keras_code_arguments_cases import CODE  # noqa: E402
from tests.oracle.keras_code_run import keras_table, run_model_code  # noqa: E402

pytestmark = pytest.mark.oracle


def _exported(path: Path) -> str:
    result = CliRunner().invoke(main, ["export", str(path), "--to", "keras"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_exported_code_runs_and_summarises_as_the_original(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    source = tmp_path / "model.py"
    source.write_text(CODE[name], encoding="utf-8")
    original = keras_table(run_model_code(CODE[name]), 110)
    assert keras_table(run_model_code(_exported(source)), 110) == original


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_keras_file_of_the_model_exports_the_same_model(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    source, saved = tmp_path / "model.py", tmp_path / "model.keras"
    source.write_text(CODE[name], encoding="utf-8")
    run_model_code(CODE[name]).save(saved)
    from_keras_file = keras_table(run_model_code(_exported(saved)), 110)
    assert keras_table(run_model_code(_exported(source)), 110) == from_keras_file
