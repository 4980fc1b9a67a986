"""One layer object used twice in a model, and a model frozen as a whole, read from Keras code and
JSON: lstmcalc prints Keras's rows and totals, or refuses at the second use (or at the model's
trainable) with one located error. The pins are Keras 3's (tests/keras_shared_cases.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.keras_shared_cases import (
    FROZEN_JSON_MESSAGE,
    FROZEN_JSON_READ,
    FROZEN_JSON_REFUSED,
    READ,
    REFUSED,
)

FIXTURES = Path(__file__).parent / "fixtures" / "keras"


def _summary(path: Path) -> dict:
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    summary: dict = json.loads(result.stdout)
    return summary


def _totals(summary: dict) -> tuple[int, int, int]:
    return summary["total_params"], summary["trainable_params"], summary["non_trainable_params"]


@pytest.mark.parametrize("name", sorted(READ))
def test_read_as_keras_prints_it(name: str, tmp_path: Path) -> None:
    case = READ[name]
    path = tmp_path / "model.py"
    path.write_text(case.code, encoding="utf-8")
    summary = _summary(path)
    rows = tuple((row["name"], tuple(row["output_shape"]), row["params"]) for row in summary["layers"])
    assert rows == case.rows
    assert _totals(summary) == case.totals


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_at_its_line(name: str, tmp_path: Path) -> None:
    case = REFUSED[name]
    path = tmp_path / "model.py"
    path.write_text(case.code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{case.where}: error: {case.message}\n")


def test_a_functional_model_saved_frozen_over_trainable_layers_is_refused() -> None:
    name, where, _ = FROZEN_JSON_REFUSED
    path = FIXTURES / name
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"{path}:{where}: error: {FROZEN_JSON_MESSAGE}\n",
    )


def test_a_functional_model_saved_with_every_layer_frozen_is_read() -> None:
    name, totals = FROZEN_JSON_READ
    assert _totals(_summary(FIXTURES / name)) == totals
