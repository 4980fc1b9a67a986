"""Which parameters are trainable, as torch 2.13 makes them (tests/torch_trainable_cases.py): read where
lstmcalc can tell what a requires_grad change applies to, refused at its line where it cannot, and a
class made twice with different arguments refused rather than read from its first instance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.torch_trainable_cases import READ_CASES, REFUSED_CASES, SHARED_DEFAULT, TWICE, TWICE_ALIKE, TWICE_REFUSED

TWICE_MESSAGE = (
    "Net is made more than once at module level (lines {first} and {second}), and the instances may differ: "
    "lstmcalc cannot tell which is the model; keep one instantiation, or give __init__'s arguments with --set "
    "(they then hold for every instance)"
)


def _summary(tmp_path: Path, code: str, *arguments: str) -> tuple[Path, object]:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    return path, CliRunner().invoke(main, ["summary", str(path), "--format", "json", *arguments])


def _totals(result: object) -> tuple[int, int]:
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    return data["total_params"], data["trainable_params"]


@pytest.mark.parametrize("name", READ_CASES)
def test_requires_grad_is_read_as_torch_sets_it(tmp_path: Path, name: str) -> None:
    code, totals = READ_CASES[name]
    _, result = _summary(tmp_path, code)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert _totals(result) == totals


@pytest.mark.parametrize("name", REFUSED_CASES)
def test_a_freeze_lstmcalc_cannot_place_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    code, where, message, _ = REFUSED_CASES[name]
    path, result = _summary(tmp_path, code)
    assert (result.exit_code, result.stdout) == (2, "")  # type: ignore[attr-defined]
    assert result.stderr.startswith(f"{path}:{where}: error: {message}")  # type: ignore[attr-defined]
    assert result.stderr.count("\n") == 1  # type: ignore[attr-defined]


def test_a_class_made_twice_with_different_arguments_is_refused(tmp_path: Path) -> None:
    path, result = _summary(tmp_path, TWICE)
    assert (result.exit_code, result.stdout) == (2, "")  # type: ignore[attr-defined]
    where, _ = TWICE_REFUSED
    assert result.stderr == f"{path}:{where}: error: {TWICE_MESSAGE.format(first=13, second=14)}\n"  # type: ignore[attr-defined]


def test_the_arguments_given_with_set_settle_which_instance(tmp_path: Path) -> None:
    _, result = _summary(tmp_path, TWICE, "--set", "hidden=100")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert _totals(result) == TWICE_REFUSED[1]


def test_a_class_made_twice_alike_is_read(tmp_path: Path) -> None:
    code, totals = TWICE_ALIKE
    _, result = _summary(tmp_path, code)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert _totals(result) == totals


def test_a_list_default_the_first_instance_changes_makes_them_differ(tmp_path: Path) -> None:
    code, where, _ = SHARED_DEFAULT
    path, result = _summary(tmp_path, code)
    assert (result.exit_code, result.stdout) == (2, "")  # type: ignore[attr-defined]
    assert result.stderr == f"{path}:{where}: error: {TWICE_MESSAGE.format(first=14, second=15)}\n"  # type: ignore[attr-defined]
