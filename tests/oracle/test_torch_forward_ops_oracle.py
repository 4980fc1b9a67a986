"""Each case of tests/torch_forward_ops_cases.py instantiated and run in real torch: the state_dict,
the totals and each module call's output shapes (forward hooks) equal what lstmcalc reads from
the code without running it, and the pinned values are still torch's."""

from __future__ import annotations

import pytest

from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_code_cases import run_in_torch
from tests.torch_forward_ops_cases import EXPECTED, FORWARD_OPS_CASES

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("name", FORWARD_OPS_CASES)
def test_every_module_call_as_torch_runs_it(name: str) -> None:
    code, shapes = FORWARD_OPS_CASES[name]
    found = run_in_torch(code, shapes)
    assert as_torch_gives(summarize(code, shapes)) == found
    assert found == EXPECTED[name]
