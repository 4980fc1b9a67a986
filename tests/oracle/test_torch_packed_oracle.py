"""The packed-sequence cases (tests/torch_packed_cases.py) in real torch 2.13, with every sequence as
long as the input (as tests/torch_code_cases.run_in_torch makes lengths): each module call lstmcalc
records is torch's, where lstmcalc gives a size, and the sizes it leaves unknown are those the lengths
decide (torch's differ once a sequence is shorter)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.torch_code_cases import run_in_torch
from tests.torch_packed_cases import PACKED_CASES

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")


def _agrees(ours: Any, theirs: Any) -> bool:
    """Whether lstmcalc's value agrees with torch's: the same, or unknown (None) where torch has one."""
    if ours is None:
        return True
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        return len(ours) == len(theirs) and all(_agrees(mine, its) for mine, its in zip(ours, theirs))
    return bool(ours == theirs)


@pytest.mark.parametrize("name", PACKED_CASES)
def test_every_known_size_is_torchs(name: str) -> None:
    code, shapes, calls = PACKED_CASES[name]
    found = run_in_torch(code, shapes)["calls"]
    assert [(path, depth) for path, depth, _ in found] == [(path, depth) for path, depth, _ in calls]
    assert all(_agrees(ours, theirs) for (_, _, ours), (_, _, theirs) in zip(calls, found))


def test_a_shorter_sequence_changes_the_padded_length() -> None:
    from tests.torch_code_cases import built_module

    code, _, _ = PACKED_CASES["padded_to_the_longest"]
    out = built_module(code)(torch.randn(4, 9, 5), torch.tensor([3, 7, 2, 5]))
    assert tuple(out.shape) == (4, 7, 2)
