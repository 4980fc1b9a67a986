"""The out-of-sight cases (tests/torch_unseen_cases.py) in real torch 2.13: each makes the parameters
pinned (which a reading that left the call out would have missed) or raises the pinned exception; and
lstmcalc's list of nn.Module's own methods is torch's."""

from __future__ import annotations

import pytest

from lstm_calc.readers.torch_init_registration import MODULE_METHODS
from tests.torch_code_cases import built_module, torch_totals
from tests.torch_unseen_cases import ALIAS_CASES, NO_FORWARD, NOT_MODULES, UNSEEN_CASES

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("name", UNSEEN_CASES)
def test_torch_makes_what_is_pinned(name: str) -> None:
    code, _, _, figures = UNSEEN_CASES[name]
    if isinstance(figures, str):
        with pytest.raises(AttributeError):
            built_module(code)
        return
    assert torch_totals(code) == figures
    assert figures[0] > 0


def test_module_methods_are_torchs() -> None:
    assert frozenset(name for name in dir(torch.nn.Module) if not name.startswith("_")) == MODULE_METHODS


@pytest.mark.parametrize("name", ALIAS_CASES)
def test_torch_registers_the_module_under_its_second_name(name: str) -> None:
    code, figures = ALIAS_CASES[name]
    assert torch_totals(code) == figures


def test_torch_makes_a_module_without_forward() -> None:
    code, figures = NO_FORWARD
    assert torch_totals(code) == figures


def test_torch_reads_the_values_that_are_no_module() -> None:
    code, figures = NOT_MODULES
    assert torch_totals(code) == figures
