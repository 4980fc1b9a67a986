"""Classes based on nn.Sequential, nn.ModuleList and nn.ModuleDict (tests/torch_container_subclass_cases.py;
tests/test_torch_containers.py reads each case as torch builds and runs it): what lstmcalc cannot know
is asked for or refused at its line, what torch refuses is refused in its words, and the CLI reads
the brief's own example."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.errors import SpecError
from lstm_calc.readers.text_values import percent_text
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_container_subclass_cases import (
    ASKED,
    REFUSED,
    SUBCLASS_CASES,
    UNREADABLE,
    WRAPPED,
    wrapped_message,
)


@pytest.mark.parametrize(("code", "where", "message", "assignment", "environment", "totals"), ASKED)
def test_an_unknown_value_is_asked_for_and_then_read_as_torch_gives_it(
    code: str, where: str, message: str, assignment: str, environment: dict[str, str], totals: tuple[int, int]
) -> None:
    with pytest.raises(SpecError) as asked:
        summarize(code, [[2, 8]])
    assert str(asked.value) == f"model.py:{where}: error: {message}"
    summary = summarize(code, [[2, 8]], assignments=[assignment])
    assert (sum(layer.params for layer in summary.layers), sum(layer.trainable_params for layer in summary.layers)) == (
        totals
    )


@pytest.mark.parametrize(("code", "where", "message", "outside", "params"), UNREADABLE)
def test_modules_made_outside_the_file_are_refused_at_their_line(
    code: str, where: str, message: str, outside: str, params: int
) -> None:
    with pytest.raises(SpecError) as refused:
        summarize(code, [[2, 4]])
    assert str(refused.value) == f"model.py:{where}: error: {message}"


@pytest.mark.parametrize(("code", "where", "message", "torch_says"), REFUSED)
def test_what_torch_refuses_is_refused_in_its_words(code: str, where: str, message: str, torch_says: str) -> None:
    with pytest.raises(SpecError) as refused:
        summarize(code, [[2, 4]])
    assert str(refused.value) == f"model.py:{where}: error: {message}"
    assert torch_says in message


def test_the_cli_reads_a_sequential_subclass_and_refuses_in_one_located_line(tmp_path: Path) -> None:
    code, _ = SUBCLASS_CASES["sequential_subclass_is_the_model"]
    path = tmp_path / "net.py"
    path.write_text(code)
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "4,10", "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert '"total_params": 418,' in result.output
    path.write_text(REFUSED[0][0])
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "4,10"])
    assert result.exit_code == 2
    assert result.stderr == f"{path}:7:26: error: {REFUSED[0][2]}\n"


def test_without_input_shape_a_sequential_subclass_has_its_parameters_and_no_forward_note() -> None:
    code, _ = SUBCLASS_CASES["sequential_subclass_is_the_model"]
    summary = summarize(code)
    assert sum(layer.params for layer in summary.layers) == 418
    assert list(summary.notes) == ["shapes are shown with --input-shape B,T,... for each tensor forward takes (input)"]


def test_a_module_list_subclass_without_forward_has_its_parameters_and_nothing_to_follow() -> None:
    code = """
import torch.nn as nn

class Layers(nn.ModuleList):
    pass

model = Layers([nn.Linear(4, 4), nn.Linear(4, 2)])
"""
    summary = summarize(code)
    assert sum(layer.params for layer in summary.layers) == 30  # torch 2.13: 20 + 10
    assert list(summary.notes) == ["Layers has no forward method: its parameters are exact; it has no shapes to show"]
    with pytest.raises(SpecError, match=r"model\.py:4:1: error: class Layers has no forward method"):
        summarize(code, [[2, 4]])


def test_module_dict_takes_its_mapping_by_keyword_as_torch_does() -> None:
    code = """
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict(modules={"a": nn.Linear(4, 4)})

    def forward(self, x):
        return self.heads["a"](x)

model = Net()
"""
    assert as_torch_gives(summarize(code, [[2, 4]]))["state_dict"] == {"heads.a.weight": (4, 4), "heads.a.bias": (4,)}


def test_percent_formatting_reads_plain_fields_only() -> None:
    assert percent_text("denselayer%d", [3]) == "denselayer3"
    assert percent_text("%s_%i%%", ["block", 2]) == "block_2%"
    assert percent_text("%s", [True]) == "True"  # as Python writes it
    for template, values in [("%9999999d", [1]), ("%d", ["x"]), ("%d %d", [1]), ("%", [])]:
        assert percent_text(template, values) is None


@pytest.mark.parametrize(("code", "where", "what", "whole", "alone", "first"), WRAPPED)
def test_a_model_put_in_a_torch_module_at_module_level_is_read_alone_only_when_named(
    code: str, where: str, what: str, whole: int, alone: int, first: str
) -> None:
    with pytest.raises(SpecError) as refused:
        summarize(code, [[2, 5, 4]])
    assert str(refused.value) == f"model.py:{where}: error: {wrapped_message(what)}"
    summary = summarize(code, [[2, 5, 4]], model_name="Encoder")
    assert sum(layer.params for layer in summary.layers) == alone


def test_a_container_subclass_with_its_own_iter_is_not_walked_as_the_container() -> None:
    # torch 2.13: 30 parameters; its __iter__ gives the first layer only, so forward calls one.
    code = """
import torch.nn as nn


class Layers(nn.Sequential):
    def __iter__(self):
        return iter(list(self._modules.values())[:1])

    def forward(self, x):
        for layer in self:
            x = layer(x)
        return x


model = Layers(nn.Linear(4, 4), nn.Linear(4, 2))
"""
    summary = summarize(code, [[2, 4]])
    assert sum(layer.params for layer in summary.layers) == 30
    assert list(summary.notes) == [
        "forward is followed up to line 10 (how many times 'for ... in self' runs); the shapes after it are unknown (?)"
    ]


@pytest.mark.parametrize(
    ("after", "name"),
    [
        ('model.add_module("extra", nn.Linear(2, 2))', "model"),  # torch 2.13: 472 parameters, not 466
        ("enc.lstm = nn.LSTM(4, 16)", "enc"),  # torch 2.13: 1,426 parameters, not 466
    ],
    ids=["wrapper_changed", "module_inside_changed"],
)
def test_a_module_level_sequential_changed_afterwards_is_refused_at_the_change(after: str, name: str) -> None:
    code = WRAPPED[0][0].split("\ndef main")[0] + "\nenc = Encoder()\nmodel = nn.Sequential(enc, nn.Linear(8, 2))\n"
    with pytest.raises(SpecError) as refused:
        summarize(code + after + "\n", [[2, 5, 4]])
    assert str(refused.value).startswith(f"model.py:17:1: error: lstmcalc reads {name} as its class's __init__ makes")
