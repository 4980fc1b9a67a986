"""The channel normalizations (BatchNorm2d/3d, InstanceNorm1d/2d/3d, GroupNorm), PReLU and EmbeddingBag
read from PyTorch code: each case of tests/torch_norm_cases.py prints its pinned torchinfo table and
lists its parameters and buffers as torch's state_dict does (tests/oracle/test_torch_norms_oracle.py
holds both to torch 2.13 and torchinfo 1.8); what torch raises on is refused at its line and column."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.code_summaries import assert_refused, read_summary
from tests.torch_norm_cases import NORM_CASES, NormCase


def input_options(case: NormCase) -> list[str]:
    """``--input-shape`` for each of the case's tensors."""
    return [option for shape in case.input_shapes for option in ("--input-shape", ",".join(map(str, shape)))]


@pytest.mark.parametrize("name", sorted(NORM_CASES))
def test_the_table_is_torchinfo_s(name: str, run, golden, tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(NORM_CASES[name].code, encoding="utf-8")
    result = run("summary", str(path), *input_options(NORM_CASES[name]))
    assert result.exit_code == 0, result.stderr
    golden(f"torch_norms/{name}.out", result.output)


@pytest.mark.parametrize("name", sorted(NORM_CASES))
def test_parameters_and_buffers_are_the_state_dict_s(name: str, tmp_path: Path) -> None:
    case = NORM_CASES[name]
    summary = read_summary(tmp_path, case.code, *input_options(case))
    state = {
        layer["name"]: [(held["name"], tuple(held["shape"])) for held in [*layer["weights"], *layer["buffers"]]]
        for layer in summary["layers"]
    }
    assert {path: held for path, held in state.items() if held} == {
        path: held for path, held in case.state.items() if held
    }
    weights = [weight for layer in summary["layers"] for weight in layer["weights"]]
    assert summary["total_params"] == sum(math.prod(weight["shape"]) for weight in weights)
    trainable = sum(math.prod(weight["shape"]) for weight in weights if weight["trainable"])
    assert summary["trainable_params"] == trainable
    assert (trainable < summary["total_params"]) == (name == "frozen_norms")


_HEADER = "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"


def _model(init: str, forward: str) -> str:
    """A module whose __init__ (line 7 on) and forward (its return, line 10 for a one-line __init__) are given."""
    return _HEADER + init + "\n    def forward(self, x):\n        return " + forward + "\n\n\nmodel = Net()\n"


#: name -> (code, --input-shape values, "line:column" of the refusal, the start of its message); each
#: what torch 2.13 raises (tests/oracle/test_torch_norms_oracle.py runs them).
REFUSALS: dict[str, tuple[str, tuple[str, ...], str, str]] = {
    "batch_norm_2d_on_a_sequence": (
        _model("        self.bn = nn.BatchNorm2d(8)\n", "self.bn(x)"),
        ("4,8,20",),
        "10:16",
        "torch would refuse this call: takes (batch, channels, height, width), not a 3-D input",
    ),
    "batch_norm_2d_of_other_channels": (
        _model("        self.bn = nn.BatchNorm2d(8)\n", "self.bn(x)"),
        ("4,3,20,20",),
        "10:16",
        "torch would refuse this call: num_features (axis 1: channels come first) is 8",
    ),
    "batch_norm_3d_on_an_image": (
        _model("        self.bn = nn.BatchNorm3d(3)\n", "self.bn(x)"),
        ("4,3,20,20",),
        "10:16",
        "torch would refuse this call: takes (batch, channels, depth, height, width), not a 4-D input",
    ),
    "groups_not_dividing_channels": (
        _model("        self.norm = nn.GroupNorm(3, 4)\n", "self.norm(x)"),
        ("2,4,10",),
        "7:34",
        "nn.GroupNorm has num_groups: 3, which must divide its 4 channels, as torch requires",
    ),
    "group_norm_of_other_channels": (
        _model("        self.norm = nn.GroupNorm(2, 4)\n", "self.norm(x)"),
        ("2,6,10",),
        "10:16",
        "torch would refuse this call: num_channels (axis 1: channels come first) is 4, but the input's size",
    ),
    "groups_not_dividing_the_input_s_channels": (
        _model("        self.norm = nn.GroupNorm(2, 4, affine=False)\n", "self.norm(x)"),
        ("2,5,10",),
        "10:16",
        "torch would refuse this call: num_groups is 2, which does not divide the input's 5 channels",
    ),
    "affine_instance_norm_of_other_channels": (
        _model("        self.norm = nn.InstanceNorm1d(4, affine=True)\n", "self.norm(x)"),
        ("2,5,10",),
        "10:16",
        "torch would refuse this call: num_features (the axis before the spatial ones) is 4",
    ),
    "instance_norm_1d_on_an_image": (
        _model("        self.norm = nn.InstanceNorm1d(4)\n", "self.norm(x)"),
        ("2,4,10,10",),
        "10:16",
        "torch would refuse this call: takes (batch, channels, length) or (channels, length), not a 4-D input",
    ),
    "instance_norm_over_one_element": (
        _model("        self.norm = nn.InstanceNorm2d(4)\n", "self.norm(x)"),
        ("2,4,1,1",),
        "10:16",
        "torch would refuse this call: Expected more than 1 spatial element when training, got input size [2, 4, 1, 1]",
    ),
    "prelu_of_other_channels": (
        _model("        self.act = nn.PReLU(4)\n", "self.act(x)"),
        ("2,10,4",),
        "10:16",
        "torch would refuse this call: num_parameters (one per channel, axis 1) is 4, but the input's size there",
    ),
    "bags_of_rows_with_offsets": (
        _model("        self.bag = nn.EmbeddingBag(100, 8)\n", "self.bag(x, x[0])"),
        ("4,10",),
        "10:16",
        "torch would refuse this call: takes no offsets with a 2-D input (each row is a bag)",
    ),
    "flat_ids_without_offsets": (
        _model("        self.bag = nn.EmbeddingBag(100, 8)\n", "self.bag(x)"),
        ("40",),
        "10:16",
        "torch would refuse this call: takes offsets, a 1-D tensor, with a 1-D input",
    ),
    "per_sample_weights_without_mode_sum": (
        _model("        self.bag = nn.EmbeddingBag(100, 8)\n", "self.bag(x, x[:2], per_sample_weights=x.float())"),
        ("40",),
        "10:16",
        "torch would refuse this call: takes per_sample_weights only with mode='sum'",
    ),
    "per_sample_weights_of_another_shape": (
        _model("        self.bag = nn.EmbeddingBag(100, 8, mode='sum')\n", "self.bag(x, x[:2], x[1:].float())"),
        ("40",),
        "10:16",
        "torch would refuse this call: per_sample_weights must have the input's shape (40,), not (39,)",
    ),
    "a_mode_torch_has_not": (
        _model("        self.bag = nn.EmbeddingBag(100, 8, mode='prod')\n", "self.bag(x)"),
        ("4,10",),
        "7:49",
        "EmbeddingBag argument 'mode': expected one of 'sum', 'mean', 'max', got 'prod'",
    ),
    "padding_idx_outside_the_table": (
        _model("        self.bag = nn.EmbeddingBag(100, 8, padding_idx=100)\n", "self.bag(x)"),
        ("4,10",),
        "7:56",
        "nn.EmbeddingBag has padding_idx: 100, outside its 100 embeddings, which torch.nn.EmbeddingBag refuses",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_what_torch_raises_on_is_refused_where_it_is(name: str, tmp_path: Path) -> None:
    code, shapes, where, message = REFUSALS[name]
    assert_refused(tmp_path, code, where, message, *(option for shape in shapes for option in ("--input-shape", shape)))


def test_instance_norm_without_weights_takes_other_channels_as_torch_does(run, tmp_path: Path) -> None:
    """torch only warns that the channels are not num_features, and normalises them all."""
    path = tmp_path / "model.py"
    path.write_text(_model("        self.norm = nn.InstanceNorm1d(4)\n", "self.norm(x)"), encoding="utf-8")
    result = run("summary", str(path), "--input-shape", "2,5,10")
    assert result.exit_code == 0
    assert result.output.splitlines()[4].split() == ["├─InstanceNorm1d:", "1-1", "[2,", "5,", "10]", "--"]


def test_unbatched_instance_norm_and_prelu(tmp_path: Path) -> None:
    code = _model(
        "        self.norm = nn.InstanceNorm1d(4, affine=True)\n        self.act = nn.PReLU(10)\n",
        "self.act(self.norm(x))",
    )
    summary = read_summary(tmp_path, code, "--input-shape", "4,10")
    assert [layer["output_shape"] for layer in summary["layers"]] == [[4, 10], [4, 10]]
    assert summary["total_params"] == 18


BY_KEYWORD = _model(
    "        self.bag = nn.EmbeddingBag(100, 8, mode='sum')\n",
    "self.bag(x, offsets=x[:5], per_sample_weights=x.float())",
)


def test_offsets_and_weights_given_by_keyword(run, tmp_path: Path) -> None:
    """torch takes offsets and per_sample_weights by name too; torchinfo shows the input alone."""
    path = tmp_path / "model.py"
    path.write_text(BY_KEYWORD, encoding="utf-8")
    result = run("summary", str(path), "--input-shape", "40", "--columns", "input_size,output_size,num_params")
    assert result.exit_code == 0, result.stderr
    row = "├─EmbeddingBag: 1-1                      [40]                      [5, 8]                    800"
    assert row in result.output.splitlines()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "input: {shape: [16, 20, 3]}\nlayers:\n  - {type: Conv2D, filters: 8, kernel_size: 3}\n"
            "  - {type: BatchNorm2d}\n",
            "4:12: error: BatchNorm2d is a torch.nn module that lstmcalc knows only under the PyTorch convention",
        ),
        (
            "framework: pytorch\ninput: {shape: [16, 6]}\nlayers:\n  - {type: BatchNorm2d, num_features: 6}\n",
            "4:5: error: layer 'batch_norm2d' (BatchNorm2d) is a torch.nn.BatchNorm2d, which takes a 4-D input",
        ),
        (
            "framework: pytorch\ninput: {shape: [16, 6]}\nlayers:\n  - {type: GroupNorm, num_groups: 4}\n",
            "4:35: error: layer 'group_norm' (GroupNorm) has num_groups: 4, which must divide its 6 channels",
        ),
        (
            "framework: pytorch\ninput: {shape: [1, 6]}\nlayers:\n  - {type: InstanceNorm1d}\n",
            "4:5: error: layer 'instance_norm1d' (InstanceNorm1d) normalizes each channel over one element",
        ),
    ],
    ids=["keras_convention", "batch_norm_2d_on_a_sequence", "groups_not_dividing_channels", "instance_norm_of_one"],
)
def test_specs_refuse_what_torch_refuses(run, spec: str, message: str) -> None:
    result = run("summary", "-", stdin=spec)
    assert result.exit_code == 2
    assert message in result.stderr
