"""A class of the file based on a torch.nn class calling ``super().forward(...)`` runs torch's own forward of
that class (tests/torch_base_forward_cases.py): torchinfo's tables (tests/golden/torch_base_forward, from the
oracle module), and a call torch refuses refused at its line in torch's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_torch_probe_findings import assert_prints_golden, summary_of
from tests.torch_base_forward_cases import READ, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "torch_base_forward"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path: Path, name: str) -> None:
    assert_prints_golden(tmp_path, GOLDEN / f"{name}.txt", *READ[name])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_torch_refuses_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    code, shapes, where, message, _ = REFUSED[name]
    path, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")
