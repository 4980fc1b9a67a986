"""The cases of tests/torch_forward_checks_cases.py in torch 2.13: torchinfo prints the golden tables of those
read, and torch refuses the others in the words the case names."""

from __future__ import annotations

import pytest

from tests.test_torch_forward_checks import GOLDEN
from tests.torch_code_cases import golden_table_holds, refusal_when_run
from tests.torch_forward_checks_cases import READ, REFUSED

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_refuses_it(name: str) -> None:
    code, shapes, _, _, words = REFUSED[name]
    assert words in refusal_when_run(code, shapes, TypeError)
