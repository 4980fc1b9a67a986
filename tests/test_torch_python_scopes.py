"""Python's scoping rules in PyTorch code (tests/torch_python_scope_cases.py): the models read print
torchinfo's table (the golden files, from tests/oracle/test_torch_python_scopes_oracle.py); what Python
refuses is refused, at its line, in Python's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lstm_calc.cli import main
from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.torch_python_scope_cases import READ, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "torch_python_scopes"


def _summary(tmp_path: Path, code: str, shapes: list[list[int]]) -> tuple[Path, Result]:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    options = [option for shape in shapes for option in ("--input-shape", ",".join(map(str, shape)))]
    return path, CliRunner().invoke(main, ["summary", str(path), *options])


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path: Path, name: str) -> None:
    code, shapes = READ[name]
    _, result = _summary(tmp_path, code, shapes)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_python_refuses_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    code, shapes, where, message, _ = REFUSED[name]
    path, result = _summary(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")
