"""The class-attribute cases (tests/torch_class_attribute_cases.py) in real torch 2.13: the pinned totals
and forward's output are torch's, and the instance attributes lstmcalc never reads from a class body are
exactly those ``nn.Module.__init__`` sets."""

from __future__ import annotations

import pytest

from lstm_calc.readers.torch_class_attributes import MODULE_INSTANCE_ATTRIBUTES
from tests.torch_class_attribute_cases import ASKED_CASES, FORWARD_CASE, READ_CASES
from tests.torch_code_cases import run_in_torch, torch_totals

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("name", READ_CASES)
def test_torch_counts_what_is_pinned_for_a_read_case(name: str) -> None:
    code, totals = READ_CASES[name]
    assert torch_totals(code) == totals


@pytest.mark.parametrize("name", ASKED_CASES)
def test_torch_counts_what_is_pinned_for_an_asked_case(name: str) -> None:
    code, _, _, totals = ASKED_CASES[name]
    assert torch_totals(code) == totals


def test_forward_gives_what_is_pinned() -> None:
    code, shapes, totals, output = FORWARD_CASE
    found = run_in_torch(code, shapes)
    assert (found["params"], found["trainable"]) == totals
    assert found["calls"][-1] == ("fc", 1, (output,))


def test_module_init_sets_these_instance_attributes() -> None:
    assert frozenset(vars(torch.nn.Module())) == MODULE_INSTANCE_ATTRIBUTES
