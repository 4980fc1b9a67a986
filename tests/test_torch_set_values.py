"""``--set`` on PyTorch code (tests/torch_set_value_cases.py): a parameter of the model's ``__init__`` is the
model's argument; another expression stands only where the code cannot give its value; a ``--set`` that would
change nothing is refused at a read of it. tests/oracle/test_torch_set_values_oracle.py makes each model in torch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.code_summaries import read_summary, summarize_code
from tests.torch_set_value_cases import CASES, REFUSED


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_total_is_torch_s(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    arguments = [part for value in case.sets for part in ("--set", value)]
    assert read_summary(tmp_path, case.code, "--model", "Net", *arguments)["total_params"] == case.total


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_set_value_that_changes_nothing_is_refused(tmp_path: Path, name: str) -> None:
    code, sets, where, message = REFUSED[name]
    path, result = summarize_code(
        tmp_path, code, "--model", "Net", *[part for value in sets for part in ("--set", value)]
    )
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")
