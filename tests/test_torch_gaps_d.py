"""PyTorch code torch 2.13 reads that lstmcalc misread or refused (tests/torch_gaps_d_cases.py): the models
read print torchinfo's table (the golden files, from tests/oracle/test_torch_gaps_d_oracle.py), and what lstmcalc
cannot know is asked for at its line."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.test_torch_probe_findings import assert_prints_golden, summary_of
from tests.torch_gaps_d_cases import ASKED, READ, READ_NOTES, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "torch_gaps_d"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path, name: str) -> None:
    assert_prints_golden(tmp_path, GOLDEN / f"{name}.txt", *READ[name], READ_NOTES.get(name, ""))


@pytest.mark.parametrize("name", sorted(ASKED))
def test_what_the_code_changes_is_asked_for_at_its_line(tmp_path, name: str) -> None:
    code, shapes, where, message = ASKED[name]
    path, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_torch_refuses_is_refused_at_its_line(tmp_path, name: str) -> None:
    code, shapes, where, message, _ = REFUSED[name]
    path, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")
