"""``isinstance`` in forward and a tuple given to a module (tests/torch_forward_checks_cases.py): what is read
prints torchinfo's table (the golden files, from tests/oracle/test_torch_forward_checks_oracle.py), what torch
refuses is refused at its line, and an isinstance lstmcalc cannot answer is named under the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_probe_findings import summary_of
from tests.torch_forward_checks_cases import HEADER, READ, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "torch_forward_checks"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path: Path, name: str) -> None:
    _, result = summary_of(tmp_path, *READ[name])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_torch_refuses_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    code, shapes, where, message, _ = REFUSED[name]
    path, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize(
    "check",
    [
        "isinstance(x, nn.Parameter)",  # a tensor that may or may not be a parameter
        "isinstance(self.fc, nn.LazyLinear)",  # a torch.nn class lstmcalc does not read
        "isinstance(x, Unknown)",  # a class from elsewhere
        "isinstance([x], list)",  # a list may stand for an iterator, which is not one
    ],
)
def test_an_isinstance_not_known_is_named_under_the_table(tmp_path: Path, check: str) -> None:
    code = (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(4, 4)\n        self.act = nn.ReLU()\n\n"
        f"    def forward(self, x):\n        if {check}:\n            x = x * 2\n        return self.act(self.fc(x))\n"
    )
    _, result = summary_of(tmp_path, code, [[2, 4]])
    assert result.exit_code == 0
    assert result.stdout.endswith(
        f"forward does not follow line 12 ({check}); the shapes that depend on it are unknown (?)\n"
    )
