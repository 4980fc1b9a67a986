"""torchinfo's rows that forward's own code does not call, read from PyTorch code: the calls inside
torch.nn modules (TransformerEncoder, nn.Transformer, their layers), the containers torchinfo puts
above the modules called (a ModuleList) and a cell called once per time step, each exactly as
torchinfo 1.8 prints it at each depth (texts pinned under tests/golden/torch_inner_calls/, held to
real torchinfo by tests/oracle/test_torch_inner_calls_oracle.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.conftest import GOLDEN, as_torchinfo_prints_here
from tests.test_torch_code import summarize
from tests.torch_inner_calls_cases import INNER_CASES

CASE_DEPTHS = [(name, depth) for name, case in INNER_CASES.items() for depth in case.depths]


def summary_text(tmp_path: Path, name: str, depth: int) -> str:
    """``lstmcalc summary model.py --input-shape ... --depth N`` on the case's code (it must succeed quietly)."""
    case = INNER_CASES[name]
    path = tmp_path / "model.py"
    path.write_text(case.code, encoding="utf-8")
    shape = ",".join(str(size) for size in case.input_shape)
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", shape, "--depth", str(depth)])
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


@pytest.mark.parametrize(("name", "depth"), CASE_DEPTHS, ids=[f"{name}-depth{depth}" for name, depth in CASE_DEPTHS])
def test_the_table_is_torchinfo_s_text(tmp_path: Path, name: str, depth: int) -> None:
    expected = (GOLDEN / INNER_CASES[name].golden_name(name, depth)).read_text(encoding="utf-8")
    assert summary_text(tmp_path, name, depth) == as_torchinfo_prints_here(expected)


def test_a_module_list_is_a_row_nothing_calls_above_its_modules() -> None:
    summary = summarize(INNER_CASES["interleaved_module_lists"].code, [[2, 4]])
    rows = [(call.path, call.depth, call.called, call.outputs) for call in summary.module_calls]
    assert rows[:4] == [
        ("", 0, True, ((2, 2),)),
        ("linears", 1, False, ()),
        ("linears.0", 2, True, ((2, 4),)),
        ("norms", 1, False, ()),
    ]
    assert [path for path, _, called, _ in rows if not called] == ["linears", "norms", "linears", "norms"]


def test_a_transformer_encoder_s_calls_are_torch_s_in_its_order() -> None:
    summary = summarize(INNER_CASES["encoder_norm_first_called_twice"].code, [[2, 5, 8]])
    paths = [call.path for call in summary.module_calls]
    # torch's TransformerEncoderLayer with norm_first: x + _sa_block(norm1(x)), then x + _ff_block(norm2(x))
    assert paths[:12] == [
        "",
        "encoder",
        "encoder.layers",
        "encoder.layers.0",
        *(
            f"encoder.layers.0.{name}"
            for name in ("norm1", "self_attn", "dropout1", "norm2", "linear1", "dropout", "linear2", "dropout2")
        ),
    ]
    assert paths.count("encoder.layers.1.linear2") == 2  # the encoder is called twice
    attention = next(call for call in summary.module_calls if call.path == "encoder.layers.0.self_attn")
    assert (attention.depth, attention.params, attention.uncalled_submodules) == (4, 288, True)
    assert [weight.name for weight in attention.own_weights] == ["in_proj_weight", "in_proj_bias"]
    linear = next(call for call in summary.module_calls if call.path == "encoder.layers.0.linear1")
    assert (linear.inputs, linear.outputs, linear.params) == (((2, 5, 8),), ((2, 5, 16),), 144)


def test_a_loop_whose_trip_count_is_not_known_keeps_the_note_and_question_marks(tmp_path: Path) -> None:
    code = """
import torch
from torch import nn

class Stepper(nn.Module):
    def __init__(self, horizon):
        super().__init__()
        self.horizon = horizon
        self.cell = nn.LSTMCell(3, 4)

    def forward(self, x):
        h = c = torch.zeros(x.size(0), 4)
        for _ in range(self.horizon):
            h, c = self.cell(x, (h, c))
        return h
"""
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,3"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # torchinfo shows the cell's 144 on a row of its own if the loop runs, on Stepper's if it does not.
    assert lines[3] == "Stepper                                  --                        ?"
    assert "Total mult-adds: ?" in lines
    assert lines[-1] == (
        "forward does not follow line 13 (the value of self.horizon); the shapes that depend on it are unknown (?)"
    )


@pytest.mark.parametrize(
    ("expression", "pieces"),
    [
        ("x.split(2, dim=1)", [(3, 2, 4), (3, 2, 4), (3, 1, 4)]),
        ("x.split([1, 4], 1)", [(3, 1, 4), (3, 4, 4)]),
        ("torch.split(x, 3, 1)", [(3, 3, 4), (3, 2, 4)]),
        ("x.chunk(3, dim=1)", [(3, 2, 4), (3, 2, 4), (3, 1, 4)]),
        ("x.chunk(4, 1)", [(3, 2, 4), (3, 2, 4), (3, 1, 4)]),
        ("x.unbind(1)", [(3, 4)] * 5),
        ("torch.unbind(x, dim=0)", [(5, 4)] * 3),
    ],
)
def test_a_loop_over_pieces_of_a_tensor_calls_once_a_piece(expression: str, pieces: list[tuple[int, ...]]) -> None:
    # torch 2.13: torch.zeros(3, 5, 4).split(2, dim=1) gives (3, 2, 4), (3, 2, 4), (3, 1, 4); chunk(4, 1)
    # gives three pieces of ceil(5 / 4) = 2, the last 1.
    code = f"""
import torch
from torch import nn

class Pieces(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(4)

    def forward(self, x):
        for piece in {expression}:
            x = self.norm(piece)
        return x
"""
    summary = summarize(code, [[3, 5, 4]])
    assert [call.outputs for call in summary.module_calls[1:]] == [(piece,) for piece in pieces]
    assert summary.notes == ()


def test_a_model_converted_at_module_level_has_that_dtype() -> None:
    summary = summarize(INNER_CASES["model_converted_to_double"].code, [[3, 7, 2]])
    assert summary.dtype == "float64"
    assert {layer.bytes_per_param for layer in summary.layers} == {8}


@pytest.mark.parametrize("call", ["self.encoder(x, src_key_padding_mask=mask)", "self.encoder(x, None, mask)"])
def test_an_encoder_given_a_padding_mask_shows_no_shapes_inside(call: str) -> None:
    # torch 2.13 in eval without gradients (torchinfo's run) turns a batch-first encoder's input into
    # a nested tensor when a src_key_padding_mask is given, by keyword or third; torchinfo then fails on its
    # layers' sizes.
    code = f"""
import torch
from torch import nn

class PadMask(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2)

    def forward(self, x):
        mask = torch.zeros(x.size(0), x.size(1), dtype=torch.bool)
        return {call}
"""
    summary = summarize(code, [[2, 5, 8]])
    encoder = summary.module_calls[1]
    assert (encoder.path, encoder.outputs) == ("encoder", ((2, 5, 8),))
    assert {call.outputs for call in summary.module_calls[3:]} == {None}
    assert summary.notes == (
        "forward does not follow line 13 (nn.TransformerEncoder given src_key_padding_mask may run its layers "
        "on nested tensors); the shapes that depend on it are unknown (?)",
    )


@pytest.mark.parametrize("call", ["src, tgt, src_key_padding_mask=pad", "src, tgt, None, None, None, pad"])
def test_a_transformer_given_a_padding_mask_shows_no_shapes_inside_its_encoder(call: str) -> None:
    # nn.Transformer gives its encoder the src_key_padding_mask (by keyword or sixth): torch runs the encoder's
    # layers on nested tensors there too, and torchinfo fails (tests/oracle/test_torch_probe_findings_oracle.py).
    code = f"""
import torch
from torch import nn

class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.Transformer(8, 2, 1, 1, 16, batch_first=True)

    def forward(self, src, tgt):
        pad = torch.zeros(src.size(0), src.size(1), dtype=torch.bool)
        return self.transformer({call})
"""
    summary = summarize(code, [[3, 6, 8], [3, 4, 8]])
    encoder = next(call for call in summary.module_calls if call.path == "transformer.encoder")
    assert encoder.outputs == ((3, 6, 8),)
    assert summary.notes == (
        "forward does not follow line 12 (nn.TransformerEncoder given src_key_padding_mask may run its layers "
        "on nested tensors); the shapes that depend on it are unknown (?)",
    )


def test_a_causal_mask_built_in_forward_is_followed() -> None:
    # pytorch/examples' word_language_model builds its mask so: torch 2.13 gives a (5, 5) float mask,
    # and the embedding scaled by math.sqrt(d_model) keeps its shape.
    code = """
import math
import torch
from torch import nn

class Masked(nn.Module):
    def __init__(self, d_model=8):
        super().__init__()
        self.d_model = d_model
        self.embed = nn.Embedding(20, d_model)
        layer = nn.TransformerEncoderLayer(d_model, 2, 16)
        self.encoder = nn.TransformerEncoder(layer, 1)

    def forward(self, src):
        allowed = (torch.triu(torch.ones(len(src), len(src))) == 1).transpose(0, 1)
        mask = allowed.float().masked_fill(allowed == 0, float("-inf")).masked_fill(allowed == 1, 0.0)
        x = self.embed(src) * math.sqrt(self.d_model)
        return self.encoder(x, mask=mask)
"""
    summary = summarize(code, [[5, 3]])
    assert summary.notes == ()
    assert [call.outputs for call in summary.module_calls[:3]] == [((5, 3, 8),), ((5, 3, 8),), ((5, 3, 8),)]
    assert summary.module_calls[-1].path == "encoder.layers.0.norm2"


#: A probe's model: convs registered with add_module (and kept in a plain list), looked up with getattr in
#: forward, which lstmcalc does not follow. torchinfo shows Net 600 (its own table) over rows for the convs
#: and fc, Params size 0.33; at depth 0, Net 82,640. Which rows there are depends on what forward calls.
UNFOLLOWED_FORWARD = """
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.table = nn.Parameter(torch.randn(100, 6))
        convs = []
        for i in range(2):
            conv = nn.Conv1d(6, 40, 2)
            self.add_module("conv_{}".format(i), conv)
            convs.append(conv)
        self._convs = convs
        self.fc = nn.Linear(80, 1000)

    def forward(self, ids):
        x = F.embedding(ids, self.table).transpose(1, 2)
        outs = []
        for i in range(len(self._convs)):
            conv = getattr(self, "conv_{}".format(i))
            outs.append(conv(x).max(-1)[0])
        return self.fc(torch.cat(outs, -1))
"""


@pytest.mark.parametrize(("depth", "root"), [("3", "?"), ("0", "82,640")])
def test_figures_forward_does_not_reach_are_unknown(tmp_path: Path, depth: str, root: str) -> None:
    path = tmp_path / "model.py"
    path.write_text(UNFOLLOWED_FORWARD, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,7", "--depth", depth])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3] == f"Net                                      --                        {root}"
    assert "Params size (MB): ?" in lines  # was 0.00: the table's own 600 parameters alone


#: A probe's residual stack: forward stops at a branch on the data, after the first GRU. torchinfo shows the
#: root's 20, ModuleList rows (recursive) and every GRU and LayerNorm; Params size 0.01.
STOPPED_AFTER_ONE_CALL = """
import torch.nn as nn


class ResidualGRUStack(nn.Module):
    def __init__(self, d_in=6, hidden=10, n_layers=4):
        super().__init__()
        self.layers = nn.ModuleList(
            [nn.GRU(d_in if i == 0 else hidden, hidden, batch_first=True) for i in range(n_layers)]
        )
        self.norms = nn.ModuleList(nn.LayerNorm(hidden) for _ in range(n_layers))
        self.out = nn.Linear(hidden, 2)

    def forward(self, x):
        x, _ = self.layers[0](x)
        if x.sum() > 0:
            x = x * 2
        for layer, norm in zip(self.layers[1:], self.norms[1:]):
            y, _ = layer(x)
            x = norm(x + y)
        return self.out(x)
"""


def test_what_rows_after_where_forward_stops_would_take_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(STOPPED_AFTER_ONE_CALL, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,8,6"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3:6] == [
        "ResidualGRUStack                         --                        ?",  # was 102: the norms and the Linear
        "├─ModuleList: 1-1                        --                        ?",  # was 1,980: the GRUs not yet called
        "│    └─GRU: 2-1                          [2, 8, 10]                540",
    ]
    assert "Params size (MB): ?" in lines  # was 0.00: the first GRU's alone
