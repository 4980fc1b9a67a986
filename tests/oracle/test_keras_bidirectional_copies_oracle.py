"""The Bidirectional copy cases (tests/keras_bidirectional_copies_cases.py) in a live Keras 3: each model's
summary, with its Trainable column, is the golden table lstmcalc is held to
(tests/golden/keras_bidirectional_copies), and the code lstmcalc exports of it builds that table in Keras."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("keras")

from click.testing import CliRunner  # noqa: E402

from lstm_calc.cli import main  # noqa: E402
from tests.keras_bidirectional_copies_cases import CODE  # noqa: E402
from tests.oracle.keras_code_run import keras_table, run_model_code  # noqa: E402
from tests.test_keras_bidirectional_copies import GOLDEN, LINE_LENGTH  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_summary_is_the_golden_table(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # rich draws Keras's table no wider than the terminal
    table = keras_table(run_model_code(CODE[name]), int(LINE_LENGTH), show_trainable=True)
    assert table == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CODE))
def test_exported_code_builds_the_golden_table(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "model.py"
    source.write_text(CODE[name], encoding="utf-8")
    exported = CliRunner().invoke(main, ["export", str(source), "--to", "keras"])
    assert exported.exit_code == 0, exported.output
    monkeypatch.setenv("COLUMNS", "200")
    table = keras_table(run_model_code(exported.output), int(LINE_LENGTH), show_trainable=True)
    assert table == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")
