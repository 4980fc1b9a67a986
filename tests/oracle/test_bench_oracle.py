"""benchmarks/bench.py's PyTorch figure compares like with like: its torchinfo program, run with real
torch and torchinfo, prints exactly the table lstmcalc prints for the same corpus case."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("torch")
pytest.importorskip("torchinfo")

from click.testing import CliRunner  # noqa: E402  (after the skips: the module runs torch)

from benchmarks import bench  # noqa: E402
from lstm_calc.cli import main  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", bench.TORCH_CASES)
def test_the_torchinfo_program_prints_the_table_lstmcalc_prints(name: str) -> None:
    torchinfo = subprocess.run(
        [sys.executable, "-c", bench.TORCHINFO_PROGRAM, str(bench.ROOT), name],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert torchinfo.returncode == 0, torchinfo.stderr
    result = CliRunner().invoke(main, bench.torch_table_arguments(bench.torch_cases()[name]))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == torchinfo.stdout
