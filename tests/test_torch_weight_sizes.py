"""Modules sized by the parameters others hold (tests/torch_weight_size_cases.py): torchinfo's table, where
lstmcalc asked for ``self.embedding.weight.shape[1]`` with --set."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.test_torch_probe_findings import assert_prints_golden, summary_of
from tests.torch_weight_size_cases import HEADER, NOTES, READ

GOLDEN = ROOT / "tests" / "golden" / "torch_weight_sizes"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path, name: str) -> None:
    assert_prints_golden(tmp_path, GOLDEN / f"{name}.txt", *READ[name], NOTES.get(name, ""))


def test_len_of_what_is_not_known_is_still_asked_for(tmp_path) -> None:
    code = (
        HEADER
        + """
class Net(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.fc = nn.Linear(4, len(vocab))


model = Net(load_vocab())
"""
    )
    path, result = summary_of(tmp_path, code, [])
    message = (
        "lstmcalc cannot know the value of vocab for out_features of nn.Linear without running the code; "
        "give it with --set 'vocab=VALUE'"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:8:36: error: {message}\n")
