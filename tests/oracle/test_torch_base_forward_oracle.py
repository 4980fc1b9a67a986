"""The cases of tests/torch_base_forward_cases.py in torch 2.13: torchinfo prints the golden tables, and torch
refuses what lstmcalc refuses, in the words the case names."""

from __future__ import annotations

import pytest

from tests.test_torch_base_forward import GOLDEN
from tests.torch_base_forward_cases import READ, REFUSED
from tests.torch_code_cases import golden_table_holds, refusal_when_run

pytestmark = pytest.mark.oracle
pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_refuses_it(name: str) -> None:
    code, shapes, _, _, words = REFUSED[name]
    assert words in refusal_when_run(code, shapes, RuntimeError)
