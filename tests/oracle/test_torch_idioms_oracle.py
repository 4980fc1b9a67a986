"""Each idiom of tests/torch_idiom_cases.py built and run in real torch: lstmcalc reads what torch gives
(the pinned numbers still hold), torchinfo 1.8 prints the golden table lstmcalc is held to, and torch
refuses what lstmcalc refuses in its name, in the words it quotes."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_code_cases import built_module, held_in_torch, run_in_torch, torchinfo_text
from tests.torch_idiom_cases import (
    CASES,
    EXPECTED,
    NONE_REFUSED,
    SHARED_CASES,
    SHARED_EXPECTED,
    TORCH_SAYS,
    refused_code,
)

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", CASES)
def test_lstmcalc_reads_what_torch_runs(name: str) -> None:
    code, shapes = CASES[name]
    found = run_in_torch(code, shapes)
    assert found == EXPECTED[name]
    assert as_torch_gives(summarize(code, shapes)) == found


@pytest.mark.parametrize("name", SHARED_CASES)
def test_torch_shares_the_modules_of_a_slice(name: str) -> None:
    code, shapes = SHARED_CASES[name]
    found = held_in_torch(built_module(code))
    assert found == SHARED_EXPECTED[name]
    read = as_torch_gives(summarize(code, shapes))
    assert read["state_dict"] == found["named_parameters"]
    assert (read["params"], read["trainable"]) == (found["parameters"], found["trainable"])


@pytest.mark.parametrize("name", [*CASES, *SHARED_CASES])
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    golden = ROOT / "tests" / "golden" / "torchinfo" / f"idioms_{name}.out"
    code, shapes = {**CASES, **SHARED_CASES}[name]
    assert torchinfo_text(code, shapes) == as_torchinfo_prints_here(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("container", TORCH_SAYS)
def test_torch_refuses_it_in_the_words_lstmcalc_quotes(container: str) -> None:
    with pytest.raises((TypeError, ValueError, KeyError)) as refused:  # a slice as a key: KeyError on 3.12
        built_module(refused_code(container))
    assert TORCH_SAYS[container] in str(refused.value)


def test_torch_refuses_a_none_registered_under_a_child_s_name() -> None:
    statement, words = NONE_REFUSED
    with pytest.raises(KeyError, match=words):
        built_module(refused_code("None").replace("self.x = None", statement))
