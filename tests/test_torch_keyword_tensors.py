"""PyTorch modules called with their tensors by keyword: lstmcalc's table is torchinfo's (the golden files,
from tests/oracle/test_torch_keyword_tensors_oracle.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.torch_keyword_tensor_cases import CASES

GOLDEN = ROOT / "tests" / "golden" / "torch_keyword_tensors"


def _shape_options(shapes: list[list[int]]) -> list[str]:
    return [option for shape in shapes for option in ("--input-shape", ",".join(map(str, shape)))]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_table_is_torchinfo_s(name: str, tmp_path: Path) -> None:
    code, shapes = CASES[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), *_shape_options(shapes)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))
