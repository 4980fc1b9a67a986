"""Each idiom of tests/torch_idiom_cases.py built and run in real torch: lstmcalc reads what torch gives
(the pinned numbers still hold), and torchinfo 1.8 prints the golden table lstmcalc is held to."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_code_cases import run_in_torch, torchinfo_text
from tests.torch_idiom_cases import CASES, EXPECTED

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", CASES)
def test_lstmcalc_reads_what_torch_runs(name: str) -> None:
    code, shapes = CASES[name]
    found = run_in_torch(code, shapes)
    assert found == EXPECTED[name]
    assert as_torch_gives(summarize(code, shapes)) == found


@pytest.mark.parametrize("name", CASES)
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    golden = ROOT / "tests" / "golden" / "torchinfo" / f"idioms_{name}.out"
    assert torchinfo_text(*CASES[name]) == as_torchinfo_prints_here(golden.read_text(encoding="utf-8"))
