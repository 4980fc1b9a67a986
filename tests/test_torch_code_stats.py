"""``summary --stats`` on PyTorch code: each module's MACs over the calls forward makes, for the
whole input --input-shape gives (tests/torch_stats_cases.py; real torch's figures checked by
tests/oracle/test_torch_code_stats_oracle.py), the footer, and why --stats refuses where a figure
could not be exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.api import build
from lstm_calc.cli import main
from lstm_calc.readers.python_model import read_python_model
from lstm_calc.stats import model_stats
from tests.torch_stats_cases import TORCH_STATS_CASES

#: Each case's MACs by module, then the total, input and forward/backward bytes (torch 2.13's, see the oracle).
FIGURES = {
    "embedding_lstm_linear": ({"embedding": 0, "lstm": 138240, "out": 2880}, 141120, 288, 9504),  # int64 ids
    "time_major_gru_flattened": ({"gru": 31680, "fc": 4620}, 36300, 792, 7128),
    "conv_front_end": ({"conv": 3840, "bn": 320, "lstm": 38400, "head": 48}, 42608, 640, 8992),
    "attention_then_cell_loop": ({"attn": 5040, "cell": 5040, "norm": 18}, 10098, 480, 1824),
    "decoder_with_template": ({"layer": 0, "decoder": 103824, "out": 2400}, 106224, 2304, 3120),
    "conv2d_norms_prelu": (
        {"conv": 2880, "bn": 320, "gn": 320, "inorm": 320, "act": 0, "lstm": 10560},
        14400,
        320,
        13760,
    ),
    "time_major_transformers": ({"encoder": 24192, "dec": 8768}, 32960, 832, 1664),
}


@pytest.mark.parametrize("name", TORCH_STATS_CASES)
def test_each_module_s_macs_over_its_calls(name: str) -> None:
    code, shapes = TORCH_STATS_CASES[name]
    summary = build(read_python_model(code, "model.py", (), input_shapes=shapes), "model.py")[1]
    stats = model_stats(summary)
    macs, total_macs, input_bytes, pass_bytes = FIGURES[name]
    assert {layer.name: layer.macs.fixed for layer in summary.layers} == macs
    assert (stats.macs.fixed, stats.input_bytes.fixed, stats.forward_backward_bytes.fixed) == (
        total_macs,
        input_bytes,
        pass_bytes,
    )
    assert stats.batch_size is None
    assert stats.macs.per_step == stats.input_bytes.per_step == stats.forward_backward_bytes.per_step == 0


def _run(tmp_path: Path, code: str, *arguments: str) -> tuple[int, str, str]:
    path = tmp_path / "model.py"
    path.write_text(code)
    result = CliRunner().invoke(main, ["summary", str(path), *arguments])
    return result.exit_code, result.stdout, result.stderr


def test_the_stats_table_and_footer(tmp_path: Path) -> None:
    code, _ = TORCH_STATS_CASES["time_major_gru_flattened"]
    exit_code, output, _ = _run(tmp_path, code, "--input-shape", "11,3,6", "--stats")
    assert exit_code == 0
    assert output.splitlines()[4:] == [
        "│ gru (GRU)                 │ (11, 3, 20)        │     1,080 │      31,680 │",
        "├───────────────────────────┼────────────────────┼───────────┼─────────────┤",
        "│ fc (Linear)               │ (33, 7)            │       147 │       4,620 │",
        "└───────────────────────────┴────────────────────┴───────────┴─────────────┘",
        " Total params: 1,227 (4.79 KB)",
        " Trainable params: 1,227 (4.79 KB)",
        " Non-trainable params: 0 (0.00 B)",
        " Total MACs: 36,300 (for the --input-shape tensors)",
        " Input size: 792.00 B (float32)",
        " Forward/backward pass size: 6.96 KB",
        " Params size: 4.79 KB",
        " Estimated total size: 12.53 KB",
    ]


def test_json_gives_no_batch_size(tmp_path: Path) -> None:
    code, _ = TORCH_STATS_CASES["time_major_gru_flattened"]
    exit_code, output, _ = _run(tmp_path, code, "--input-shape", "11,3,6", "--stats", "--format", "json")
    assert exit_code == 0
    assert (
        '"stats": {\n    "batch_size": null,\n    "dtype": "float32",\n    "total_macs": {\n      "fixed": 36300,'
        in output
    )


_PARAMETER = """
import torch
import torch.nn as nn


class Pool(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.score = nn.Parameter(torch.zeros(6))

    def forward(self, x):
        out, _ = self.lstm(x)
        return out @ self.score
"""
_UNFOLLOWED = """
import torch.nn as nn


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(some_helper(out))
"""
_PACKED = """
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True)

    def forward(self, x, lengths):
        out, _ = self.lstm(pack_padded_sequence(x, lengths, batch_first=True))
        return out
"""
_CANNOT = "Error: --stats cannot count this model's MACs exactly: "


@pytest.mark.parametrize(
    ("code", "arguments", "message"),
    [
        (_UNFOLLOWED, (), _CANNOT + "shapes are shown with --input-shape B,T,... for each tensor forward takes (x)"),
        (
            _UNFOLLOWED,
            ("--input-shape", "2,5,4"),
            _CANNOT
            + "forward does not follow line 13 (some_helper(out)); the shapes that depend on it are unknown (?)",
        ),
        (
            _PARAMETER,
            ("--input-shape", "2,5,4"),
            _CANNOT + "lstmcalc does not count the MACs of the model (Pool)'s parameters (score), which forward "
            "uses in its own arithmetic or inside a module whose calls lstmcalc does not follow",
        ),
        (
            _PACKED,
            ("--input-shape", "2,5,4", "--input-shape", "2"),
            _CANNOT + "the shapes lstm (LSTM) is called on are not all known (a packed sequence, an open size)",
        ),
        (
            TORCH_STATS_CASES["time_major_gru_flattened"][0],
            ("--input-shape", "11,3,6", "--batch-size", "4"),
            "Error: --batch-size: PyTorch code's figures are for the tensors --input-shape gives; "
            "put the batch size there",
        ),
    ],
)
def test_stats_refuses_a_figure_it_cannot_make_exact(
    tmp_path: Path, code: str, arguments: tuple[str, ...], message: str
) -> None:
    exit_code, output, error = _run(tmp_path, code, *arguments, "--stats")
    assert (exit_code, output) == (2, "")
    assert error.splitlines()[-1] == message


def test_integer_ids_are_eight_bytes_each_and_the_footer_says_int64(tmp_path: Path) -> None:
    code, shapes = TORCH_STATS_CASES["embedding_lstm_linear"]
    arguments = [argument for shape in shapes for argument in ("--input-shape", ",".join(map(str, shape)))]
    exit_code, output, _ = _run(tmp_path, code, *arguments, "--stats")  # type: ignore[arg-type]
    assert exit_code == 0
    ids = 1
    for size in shapes[0]:
        ids *= size
    assert f" Input size: {ids * 8:.2f} B (int64)" in output.splitlines()


def test_a_module_held_under_two_names_counts_each_call_s_output() -> None:
    # locuslab/TCN's blocks call their weight-normed convolutions as net.0 and net.4, rows conv1 and
    # conv2: torch's FlopCounterMode and forward hooks give these figures (the oracle checks them).
    from lstm_calc.api import summarize_file
    from tests.torch_corpus_cases import CASES

    case = CASES["locuslab_tcn_adding_problem"]
    summary = summarize_file(case.path, None, None, case.sets, True, case.model, [list(case.inputs[0])])
    stats = model_stats(summary)
    assert (stats.macs.fixed, stats.forward_backward_bytes.fixed) == (143_264, 60_960)
    assert ("tcn.network.0.net.0", "tcn.network.0.conv1") in summary.call_aliases
