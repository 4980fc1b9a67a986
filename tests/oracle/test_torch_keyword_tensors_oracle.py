"""The modules of tests/torch_keyword_tensor_cases.py in torch 2.13: torchinfo's table of each is the golden
file tests/test_torch_keyword_tensors.py holds lstmcalc's table to."""

from __future__ import annotations

import pytest

from tests.test_torch_keyword_tensors import GOLDEN
from tests.torch_code_cases import torchinfo_text
from tests.torch_keyword_tensor_cases import CASES

pytestmark = pytest.mark.oracle
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(CASES))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    code, shapes = CASES[name]
    assert torchinfo_text(code, shapes) == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
