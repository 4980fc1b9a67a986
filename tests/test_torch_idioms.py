"""The idioms of tests/torch_idiom_cases.py as torch builds and runs them: state_dict names and shapes,
totals and every module call as torch 2.13 gives them (the oracle runs each), and torchinfo 1.8's table
(golden files the oracle checks)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_torch_code import as_torch_gives, summarize, torchinfo_table
from tests.torch_idiom_cases import CASES, EXPECTED


@pytest.mark.parametrize("name", CASES)
def test_read_as_torch_builds_and_runs_it(name: str) -> None:
    code, shapes = CASES[name]
    read = as_torch_gives(summarize(code, shapes))
    assert read == EXPECTED[name]
    assert list(read["state_dict"]) == list(EXPECTED[name]["state_dict"])  # in torch's order


@pytest.mark.parametrize("name", CASES)
def test_torchinfo_s_table(name: str, golden: Any) -> None:
    code, shapes = CASES[name]
    summary = summarize(code, shapes)
    table, notes = torchinfo_table(summary)
    golden(f"torchinfo/idioms_{name}.out", table)
    assert notes == list(summary.notes) == []
