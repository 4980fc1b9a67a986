"""The trainable-parameter cases (tests/torch_trainable_cases.py) in real torch 2.13: every pinned figure
is torch's, and each refused case is one where reading the code as if the change were not there would
give another trainable count (or torch refuses the code)."""

from __future__ import annotations

import pytest

from tests.torch_code_cases import built_module, torch_totals
from tests.torch_trainable_cases import (
    READ_CASES,
    REFUSED_CASES,
    SHARED_DEFAULT,
    TWICE,
    TWICE_ALIKE,
    TWICE_REFUSED,
    model,
)

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("name", READ_CASES)
def test_torch_gives_the_pinned_figures(name: str) -> None:
    code, totals = READ_CASES[name]
    assert torch_totals(code) == totals


@pytest.mark.parametrize("name", REFUSED_CASES)
def test_each_refused_change_changes_what_torch_counts(name: str) -> None:
    code, _, _, figures = REFUSED_CASES[name]
    if isinstance(figures, str):
        with pytest.raises(TypeError):
            built_module(code)
        return
    assert torch_totals(code) == figures
    assert figures != torch_totals(model())  # what reading Net without the change would give


def test_the_model_made_second_is_another_size_than_the_first() -> None:
    assert torch_totals(TWICE) == TWICE_REFUSED[1]
    assert torch_totals(TWICE.replace("model = Net(100)", "model = Net(1)")) != TWICE_REFUSED[1]
    assert torch_totals(TWICE_ALIKE[0]) == TWICE_ALIKE[1]
    assert torch_totals(SHARED_DEFAULT[0]) == SHARED_DEFAULT[2]
