"""Each PyTorch code case (tests/torch_code_cases.py) run in real torch: every module's parameter
count and output shape agree with what lstmcalc reads from the code without running it."""

from __future__ import annotations

import pytest

from tests.test_torch_code import summarize
from tests.torch_code_cases import TORCH_CODE_CASES, run_in_torch

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("name", TORCH_CODE_CASES)
def test_every_module_as_torch_runs_it(name: str) -> None:
    code, shapes, _ = TORCH_CODE_CASES[name]
    output, found = run_in_torch(code, shapes)
    read = summarize(code, shapes)
    for path, (shape, params) in read.items():
        if path.startswith("cat"):
            continue  # torch.cat is no module
        torch_shape, torch_params = found[path]
        assert params == torch_params, path
        if len(torch_shape) == 3 and len(shape) == 2:  # a recurrent module's last step, out[:, -1]
            torch_shape = [torch_shape[0], torch_shape[2]]
        if torch_shape != shape and path in ("conv", "norm"):  # Conv1d's (batch, channels, time), transposed
            torch_shape = [torch_shape[0], torch_shape[2], torch_shape[1]]
        assert shape == torch_shape, path
    assert list(output.shape) == list(read.values())[-1][0]
