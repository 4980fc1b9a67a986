"""Packed sequences and recurrent modules on inputs lstmcalc cannot size (tests/torch_packed_cases.py):
a size the data decides is unknown, never the padded input's, and an unknown output is not given a rank."""

from __future__ import annotations

import pytest

from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_packed_cases import PACKED_CASES


@pytest.mark.parametrize("name", PACKED_CASES)
def test_a_size_the_data_decides_is_unknown(name: str) -> None:
    code, shapes, calls = PACKED_CASES[name]
    assert as_torch_gives(summarize(code, shapes))["calls"] == calls
