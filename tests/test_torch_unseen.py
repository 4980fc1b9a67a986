"""Modules made out of lstmcalc's sight are refused at the call (tests/torch_unseen_cases.py), never
left out of the counts; a module under a second local name is that module."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.torch_unseen_cases import ALIAS_CASES, IMPORTED_HELPER, NO_FORWARD, UNSEEN_CASES


def _refused(tmp_path: Path, code: str, where: str, message: str) -> None:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:{where}: error: {message}")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("name", UNSEEN_CASES)
def test_a_module_made_out_of_sight_is_refused_at_its_call(tmp_path: Path, name: str) -> None:
    code, where, message, _ = UNSEEN_CASES[name]
    _refused(tmp_path, code, where, message)


def test_an_imported_helper_given_self_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, *IMPORTED_HELPER)


@pytest.mark.parametrize("name", ALIAS_CASES)
def test_a_module_under_a_second_local_name_is_that_module(tmp_path: Path, name: str) -> None:
    code, totals = ALIAS_CASES[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["total_params"], data["trainable_params"]) == totals


def test_a_module_without_forward_has_its_parameters_read(tmp_path: Path) -> None:
    code, totals = NO_FORWARD
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["total_params"], data["trainable_params"]) == totals
    assert [layer["name"] for layer in data["layers"]] == ["lstm", "fc"]
    assert data["notes"] == ["Net has no forward method: its parameters are exact; it has no shapes to show"]
    refused = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,3,4"])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert (
        refused.stderr
        == f"{path}:4:1: error: class Net has no forward method, so --input-shape has nothing to follow\n"
    )
