"""Inputs a fuzzer found that ended in an internal error (exit 3): each now gets its answer. forward's
tensor methods given arguments torch refuses stop being followed (shapes after them ?), and a range
longer than sys.maxsize is refused as any range too long to follow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.code_summaries import summarize_code

TORCH = (
    "import torch\nfrom torch import nn\n\n\nclass M(nn.Module):\n    def __init__(self):\n"
    "        super().__init__()\n        self.l = nn.Linear(4, 4)\n\n    def forward(self, x):\n"
    "        return {}\n"
)


@pytest.mark.parametrize(
    "expression",
    # x.size(5) of a 2-D x is torch's IndexError, refused (tests/torch_forward_index_cases.py); 10**30 its ValueError.
    ['self.l(x).transpose(0, "a")', "self.l(x).unsqueeze(1.5)", "x.size(10**30)", "x.size(-(2**63) - 1)"],
)
def test_a_tensor_method_torch_refuses_stops_forward_being_followed(tmp_path: Path, expression: str) -> None:
    _, result = summarize_code(tmp_path, TORCH.format(expression), "--input-shape", "2,4")
    assert result.exit_code == 0, result.stderr
    assert "forward does not follow line 11" in result.stdout


@pytest.mark.parametrize("bound", ["10**20", "2**63"])
def test_a_range_past_sys_maxsize_is_refused_as_too_long(tmp_path: Path, bound: str) -> None:
    code = f"from keras import layers, Input, Model\n\ninp = Input((4,))\nx = inp\nfor i in range({bound}):\n"
    path, result = summarize_code(tmp_path, code + "    x = layers.Dense(4)(x)\nmodel = Model(inp, x)\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:5:10: error: lstmcalc follows a range of at most 10,000 steps here")
