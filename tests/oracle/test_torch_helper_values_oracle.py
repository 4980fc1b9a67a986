"""The cases of tests/torch_helper_value_cases.py in torch 2.13: torchinfo prints the golden tables, torch holds the
state_dicts, the helpers lstmcalc asks for give the value and total the cases give, and what it refuses torch
counts (a module a helper registers) or refuses (an index out of range, a recursion without end)."""

from __future__ import annotations

import pytest

from tests.test_torch_helper_values import GOLDEN
from tests.torch_code_cases import built_module, golden_table_holds, held_in_torch, refusal_when_run, torch_totals
from tests.torch_helper_value_cases import ASKED, COUNTED, READ, REFUSED, STATE_DICTS

pytestmark = pytest.mark.oracle
pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(STATE_DICTS))
def test_torch_holds_the_state_dict(name: str) -> None:
    state_dict = held_in_torch(built_module(READ[name][0]))["state_dict"]
    assert list(state_dict.items()) == list(STATE_DICTS[name].items())


@pytest.mark.parametrize("name", sorted(ASKED))
def test_torch_builds_what_lstmcalc_asks_for(name: str) -> None:
    code, _, _, value, total = ASKED[name]
    model = built_module(code)
    assert model.fc.in_features == value
    assert torch_totals(code) == (total, total)


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_torch_counts_what_lstmcalc_counts_there(name: str) -> None:
    code, total = COUNTED[name]
    assert torch_totals(code) == (total, total)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_counts_or_refuses_what_lstmcalc_refuses(name: str) -> None:
    code, _, _, given, torch_does = REFUSED[name]
    if isinstance(torch_does, int):  # it counts what the helper registers, which the value given leaves out
        assert built_module(code).fc.in_features == int(given.rsplit("=", 1)[1])
        assert torch_totals(code) == (torch_does, torch_does)
    else:
        assert torch_does in refusal_when_run(code, [], (IndexError, RecursionError))
