"""The cases of tests/test_torch_reader_defects.py made in real torch 2.13: the totals pinned there are torch's,
forward's output where lstmcalc follows it to the end is torch's, and what lstmcalc refuses torch refuses with
the same words."""

from __future__ import annotations

import pytest

from tests.torch_code_cases import run_in_torch, torch_totals
from tests.torch_reader_defect_cases import (
    BOUNDED_CASES,
    CLASS_ATTRIBUTE_CASES,
    KWARGS_CASES,
    KWARGS_REFUSED,
    LIST_DEFAULT_CASES,
    NONE_DEFAULT,
    split_code,
)

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")

READ = {**CLASS_ATTRIBUTE_CASES, **LIST_DEFAULT_CASES, **KWARGS_CASES}


@pytest.mark.parametrize("name", sorted(READ))
def test_torch_counts_what_is_pinned(name: str) -> None:
    code, total = READ[name]
    assert torch_totals(code) == (total, total)


@pytest.mark.parametrize("name", sorted(BOUNDED_CASES))
def test_torch_counts_the_parameters_of_a_model_followed_up_to_a_bound(name: str) -> None:
    code, _, total, _ = BOUNDED_CASES[name]
    assert torch_totals(code) == (total, total)  # made only: its forward would call 2**30 times and more


def test_a_few_splits_give_what_is_pinned() -> None:
    found = run_in_torch(split_code("x.unbind(1)", 3), [[2, 5000]])
    assert found["calls"][-1] == ("fc", 1, ((5000, 2),))


@pytest.mark.parametrize("name", sorted(KWARGS_REFUSED))
def test_torch_refuses_what_lstmcalc_refuses(name: str) -> None:
    code, _, message = KWARGS_REFUSED[name]
    with pytest.raises(TypeError) as refused:
        torch_totals(code)
    assert f"(TypeError: {refused.value})" in message


def test_a_none_default_slices_nothing_off() -> None:
    found = run_in_torch(NONE_DEFAULT, [[2, 5, 8]])
    assert [call[2] for call in found["calls"]] == [((2, 5, 4),), ((2, 5, 16), (1, 2, 16), (1, 2, 16)), ((2, 5, 4),)]
