"""The cases of tests/torch_grad_mode_cases.py in torch 2.13: torchinfo prints the golden tables, and the models
whose shapes lstmcalc stops at a manager hold the parameters it counts."""

from __future__ import annotations

import pytest

from tests.test_torch_grad_modes import GOLDEN
from tests.torch_code_cases import golden_table_holds, torch_totals
from tests.torch_grad_mode_cases import READ, STOPPED

pytestmark = pytest.mark.oracle
pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(STOPPED))
def test_the_stopped_models_hold_ten_parameters(name: str) -> None:
    assert torch_totals(STOPPED[name][0]) == (10, 10)
