"""The cases of tests/torch_weight_size_cases.py in torch 2.13: torchinfo prints the golden tables."""

from __future__ import annotations

import pytest

from tests.test_torch_weight_sizes import GOLDEN
from tests.torch_code_cases import golden_table_holds
from tests.torch_weight_size_cases import READ

pytestmark = pytest.mark.oracle
pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])
