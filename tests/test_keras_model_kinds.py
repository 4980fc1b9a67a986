"""Keras code building models of more than one kind is refused at the first model of a second kind,
with the models listed, and with --model too: no reader sees the layers another kind's model makes,
which Keras's layer names count (tests/keras_model_kind_cases.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.keras_model_kind_cases import REFUSED


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("extra", [(), ("--model", "model")])
def test_refused_at_the_second_kind(name: str, extra: tuple[str, ...], tmp_path: Path) -> None:
    case = REFUSED[name]
    path = tmp_path / "model.py"
    path.write_text(case.code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), *extra])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{case.where}: error: {case.message}\n")
