"""The cases of tests/torch_data_cases.py in torch 2.13: what torch holds after ``.data`` is replaced."""

from __future__ import annotations

import pytest

from tests.torch_code_cases import built_module, held_in_torch
from tests.torch_data_cases import READ

pytestmark = pytest.mark.oracle
pytest.importorskip("torch")


@pytest.mark.parametrize("name", sorted(READ))
def test_torch_holds_what_the_case_says(name: str) -> None:
    code, held = READ[name]
    assert held_in_torch(built_module(code)) == held
