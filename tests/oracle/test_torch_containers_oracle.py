"""Each container case (tests/torch_container_cases.py, and the classes based on containers of
tests/torch_container_subclass_cases.py) built and run in real torch: lstmcalc reads
what torch gives (the pinned numbers still hold), torchinfo 1.8 prints the golden table lstmcalc
is held to, and torch refuses each refused container in the words lstmcalc quotes."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_code_cases import built_module, run_in_torch, torchinfo_text
from tests.torch_container_cases import REFUSED, refused_code
from tests.torch_container_subclass_cases import ALL_CASES, ALL_EXPECTED

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", ALL_CASES)
def test_lstmcalc_reads_what_torch_runs(name: str) -> None:
    code, shapes = ALL_CASES[name]
    found = run_in_torch(code, shapes)
    assert found == ALL_EXPECTED[name]
    assert as_torch_gives(summarize(code, shapes)) == found


@pytest.mark.parametrize("name", ALL_CASES)
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    golden = ROOT / "tests" / "golden" / "torchinfo" / f"containers_{name}.out"
    assert torchinfo_text(*ALL_CASES[name]) == as_torchinfo_prints_here(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("container", "torch_says"), [(refused[0], refused[3]) for refused in REFUSED])
def test_torch_refuses_it_in_the_words_lstmcalc_quotes(container: str, torch_says: str) -> None:
    with pytest.raises(TypeError) as refused:
        built_module(refused_code(container) + "\nmodel = Net()\n")
    assert torch_says in str(refused.value)
