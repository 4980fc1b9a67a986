"""Containers as torch builds them from what code gives them (tests/torch_container_cases.py), and
classes based on them (tests/torch_container_subclass_cases.py):
state_dict names and shapes, totals and every module call as torch 2.13 gives them (the oracle
runs each), torchinfo 1.8's table (golden files the oracle checks), the note on a plain list of
modules, and torch's own refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.errors import SpecError
from tests.test_torch_code import as_torch_gives, summarize, torchinfo_table
from tests.torch_container_cases import CASES, NOTES, REFUSED, refused_code
from tests.torch_container_subclass_cases import ALL_CASES, ALL_EXPECTED


@pytest.mark.parametrize("name", ALL_CASES)
def test_read_as_torch_builds_and_runs_it(name: str) -> None:
    code, shapes = ALL_CASES[name]
    read = as_torch_gives(summarize(code, shapes))
    assert read == ALL_EXPECTED[name]
    assert list(read["state_dict"]) == list(ALL_EXPECTED[name]["state_dict"])  # in torch's order


@pytest.mark.parametrize("name", ALL_CASES)
def test_torchinfo_s_table(name: str, golden: Any) -> None:
    code, shapes = ALL_CASES[name]
    summary = summarize(code, shapes)
    table, notes = torchinfo_table(summary)
    golden(f"torchinfo/containers_{name}.out", table)
    assert notes == list(summary.notes) == NOTES.get(name, [])


@pytest.mark.parametrize(("container", "where", "message", "torch_says"), REFUSED)
def test_what_torch_refuses_is_refused_in_its_words(container: str, where: str, message: str, torch_says: str) -> None:
    with pytest.raises(SpecError) as refused:
        summarize(refused_code(container), [[1, 4]])
    assert str(refused.value) == f"model.py:{where}: error: {message}"
    assert torch_says in message


def test_a_plain_list_called_in_forward_stops_the_shapes_there_and_is_told(tmp_path: Path) -> None:
    code, _ = CASES["plain_list_is_not_registered"]
    path = tmp_path / "model.py"
    path.write_text(
        code.replace(
            "return self.out(x)", "for layer in self.layers:\n            x = layer(x)\n        return self.out(x)"
        )
    )
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "3,8", "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert '"total_params": 9,' in result.output
    assert '"notes": [\n    "forward does not follow line 12 (the value of self.layers)' in result.output
    assert NOTES["plain_list_is_not_registered"][0] in result.output


def test_a_repeated_list_of_unknown_length_is_asked_for() -> None:
    code = refused_code("nn.ModuleList([nn.Linear(4, 4)] * depth)").replace(
        "def __init__(self):", "def __init__(self, depth):"
    )
    with pytest.raises(SpecError, match=r"model\.py:9:55: error: lstmcalc cannot know the value of depth .*--set"):
        summarize(code, [[1, 4]], model_name="Net")


def test_a_repeated_list_counts_against_the_bound_of_init_s_loops() -> None:
    with pytest.raises(
        SpecError, match=r"model\.py:9:35: error: the loops and comprehensions of __init__ run more than 100,000"
    ):
        summarize(refused_code("nn.ModuleList([nn.Linear(4, 4)] * 10**9)"), [[1, 4]])


def test_a_list_spread_into_nn_module_list_is_not_read_as_torch_s_refusal() -> None:
    # torch accepts nn.ModuleList(*[[a]]) (one list after the spread) and refuses *[a, b] (two
    # arguments): lstmcalc does not spread it, and says so rather than quote torch's refusal.
    with pytest.raises(SpecError) as refused:
        summarize(refused_code("nn.ModuleList(*[[nn.Linear(4, 4)]])"), [[1, 4]])
    assert str(refused.value) == (
        "model.py:9:35: error: lstmcalc reads nn.ModuleList given its iterable of modules itself, not spread with *"
    )


#: After a probe's ELMo-like encoder: modules registered with add_module and also kept in a plain list,
#: which torch counts (144 in torch 2.13; state_dict layer_0.*, layer_1.*): no note says otherwise.
REGISTERED_AND_LISTED = """
import torch.nn as nn


class Highway(nn.Module):
    def __init__(self, dim=8, depth=2):
        super().__init__()
        layers = []
        for i in range(depth):
            layer = nn.Linear(dim, dim)
            self.add_module("layer_{}".format(i), layer)
            layers.append(layer)
        self._layers = layers

    def forward(self, x):
        for layer in self._layers:
            x = layer(x)
        return x
"""


def test_modules_also_registered_are_not_noted_as_left_out() -> None:
    summary = summarize(REGISTERED_AND_LISTED, [[3, 8]])
    read = as_torch_gives(summary)
    assert (read["params"], list(read["state_dict"])) == (
        144,
        ["layer_0.weight", "layer_0.bias", "layer_1.weight", "layer_1.bias"],
    )
    assert not any("plain list" in note for note in summary.notes)  # it said their 144 were not the model's
