"""``summary --stats`` (MACs and memory, as torchinfo reports them) and ``summary --compare``.

MACs follow the formulas of docs/reference/stats.md; tests/oracle/test_torchinfo.py checks them
against torchinfo 1.8 on torch.nn modules. The PyTorch counts of --compare are those of
torch 2.13 (torch.nn.LSTM(126, 64): 49,152; Keras LSTM(64) on 126 features: 48,896).
"""

from __future__ import annotations

import json
import re

import pytest

from lstm_calc.amount import Amount
from lstm_calc.api import summarize_text
from lstm_calc.cli import DTYPES
from lstm_calc.sizes import DTYPE_BYTES
from lstm_calc.stats import StatsError, model_stats
from tests.case_ids import args_id, slug
from tests.conftest import SPECS


def macs_of(layer: str, shape: str = "[10, 8]", framework: str = "keras") -> Amount:
    summary = summarize_text(f"framework: {framework}\ninput: {{shape: {shape}}}\nlayers:\n  - {layer}\n")
    return summary.layers[0].macs


MACS = [
    # LSTM 4u(i + u) per step, GRU 3u(i + u), SimpleRNN u(i + u); biases are not MACs.
    ("{type: LSTM, units: 12}", "[10, 80]", "keras", Amount(10 * 4 * 12 * (80 + 12))),
    ("{type: LSTM, units: 12}", "[null, 80]", "keras", Amount(0, 4 * 12 * (80 + 12))),
    ("{type: GRU, units: 12, reset_after: false}", "[10, 80]", "keras", Amount(10 * 3 * 12 * 92)),
    ("{type: SimpleRNN, units: 12, use_bias: false}", "[10, 80]", "keras", Amount(10 * 12 * 92)),
    (
        "{type: LSTM, units: 12, num_layers: 2, bidirectional: true}",
        "[10, 80]",
        "pytorch",
        Amount(10 * (2 * 4 * 12 * (80 + 12) + 2 * 4 * 12 * (24 + 12))),
    ),
    ("{type: LSTM, units: 12, proj_size: 5}", "[10, 80]", "pytorch", Amount(10 * (4 * 12 * (80 + 5) + 5 * 12))),
    ("{type: Bidirectional, layer: {type: LSTM, units: 12}}", "[10, 80]", "keras", Amount(2 * 10 * 4 * 12 * 92)),
    # Dense: features × units at every position.
    ("{type: Dense, units: 3}", "[80]", "keras", Amount(240)),
    ("{type: Dense, units: 3}", "[10, 80]", "keras", Amount(2_400)),
    ("{type: Dense, units: 3}", "[null, 80]", "keras", Amount(0, 240)),
    ("{type: TimeDistributed, layer: {type: Dense, units: 3}}", "[10, 80]", "keras", Amount(2_400)),
    # Conv1D: output steps × kernel_size × channels / groups × filters.
    ("{type: Conv1D, filters: 16, kernel_size: 3}", "[10, 80]", "keras", Amount(8 * 3 * 80 * 16)),
    (
        "{type: Conv1D, filters: 16, kernel_size: 3, groups: 4, padding: same}",
        "[10, 80]",
        "keras",
        Amount(10 * 3 * 20 * 16),
    ),
    ("{type: Embedding, input_dim: 100, output_dim: 8}", "[10]", "keras", Amount()),
    ("{type: BatchNormalization}", "[10, 8]", "keras", Amount(80)),
    ("{type: LayerNormalization, scale: false}", "[10, 8]", "keras", Amount()),
    ("{type: Dropout, rate: 0.5}", "[10, 8]", "keras", Amount()),
    ("{type: MaxPooling1D}", "[10, 8]", "keras", Amount()),
]


@pytest.mark.parametrize(
    ("layer", "shape", "framework", "expected"),
    MACS,
    ids=[f"{slug(layer)}-{slug(shape)}-{framework}" for layer, shape, framework, _ in MACS],
)
def test_macs_per_layer_kind(layer, shape, framework, expected):
    assert macs_of(layer, shape, framework) == expected


def test_stats_table_matches_golden(run, golden):
    result = run("summary", str(SPECS / "gesture_classifier.yaml"), "--stats")
    assert result.exit_code == 0
    assert " Total MACs: 986,720 (batch size 1)\n" in result.stdout
    golden("summary/gesture_classifier.stats.table.out", result.stdout)


def test_stats_markdown_with_unknown_time_axis(run, golden):
    result = run("summary", str(SPECS / "gru_sentiment.yaml"), "--stats", "--batch-size", "32", "--format", "markdown")
    assert result.exit_code == 0
    assert "| gru (GRU) | (None, None, 64) | 24,960 | 24,576 × T |" in result.stdout
    assert "- **Total MACs:** 1,024 + 1,081,344 per time step (batch size 32)" in result.stdout
    golden("summary/gru_sentiment.stats.md", result.stdout)


def test_stats_json_adds_keys_and_renames_none(run, golden):
    plain = json.loads(run("summary", str(SPECS / "gesture_classifier.yaml"), "--format", "json").stdout)
    result = run("summary", str(SPECS / "gesture_classifier.yaml"), "--format", "json", "--stats", "--batch-size", "8")
    document = json.loads(result.stdout)
    assert list(document) == [*plain, "stats"]
    for before, after in zip(plain["layers"], document["layers"]):
        assert after == {**before, "macs": after["macs"]}
    assert document["layers"][0]["macs"] == {"fixed": 243_200, "per_time_step": 0}
    assert document["stats"] == {
        "batch_size": 8,
        "dtype": "float32",
        "total_macs": {"fixed": 8 * 986_720, "per_time_step": 0},
        "input_bytes": {"fixed": 8 * 5 * 126 * 4, "per_time_step": 0},
        # Twice (activations and gradients) the outputs of the layers with parameters.
        "forward_backward_bytes": {"fixed": 2 * 8 * 4 * (5 * 64 + 5 * 128 + 64 + 64 + 32 + 3), "per_time_step": 0},
        "param_bytes": 813_836,
        "total_bytes": {"fixed": 20_160 + 71_872 + 813_836, "per_time_step": 0},
    }
    golden("summary/gesture_classifier.stats.json", result.stdout)


def test_stats_dtype_sets_every_element_size():
    summary = summarize_text("input: {shape: [10, 80]}\nlayers:\n  - {type: LSTM, units: 12}\n")
    stats = model_stats(summary, dtype="float16")
    assert (stats.input_bytes, stats.param_bytes) == (Amount(1_600), 4_464 * 2)
    assert stats.forward_backward_bytes == Amount(2 * 12 * 2)


def test_stats_refuse_a_batch_size_the_spec_contradicts(run):
    with pytest.raises(StatsError):
        model_stats(summarize_text("input: {shape: [3], batch_size: 4}\nlayers:\n  - {type: Dense, units: 2}\n"), 8)
    result = run("summary", str(SPECS / "stateful_char_model.yaml"), "--stats", "--batch-size", "32")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error: the spec fixes the batch size at 1" in result.stderr


UNKNOWN_AREAS = {
    # Rows and cols of an image both unknown: its Conv2D's MACs grow with rows × cols.
    "image_rows_and_cols": (
        "input: {shape: [null, null, 3]}\nlayers:\n  - {type: Conv2D, filters: 4, kernel_size: 3}\n",
        "the input (None, None, None, 3) has more than one axis of unknown size",
    ),
    # One unknown axis (the time steps), reshaped but never doubled: counted per time step.
    "one_unknown_axis_reshaped": (
        "input: {shape: [null, 6]}\nlayers:\n  - {type: Reshape, target_shape: [-1, 3, 2]}\n"
        "  - {type: Reshape, target_shape: [-1, 2]}\n  - {type: Dense, units: 2}\n",
        None,
    ),
}


@pytest.mark.parametrize("case", UNKNOWN_AREAS)
def test_stats_ask_for_sizes_rather_than_count_an_unknown_area_per_time_step(run, case):
    text, message = UNKNOWN_AREAS[case]
    summary = summarize_text(text)
    if message is None:
        assert model_stats(summary).macs == Amount(0, 2 * 2)  # 2 × 2 per step of its own (unknown) axis
        return
    with pytest.raises(StatsError, match=re.escape(message)):
        model_stats(summary)
    result = run("summary", "-", "--stats", stdin=text)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"Error: {message}; --stats counts MACs and sizes per time step, so give every axis but one a size "
        "in the input's shape\n"
    )
    assert run("summary", "-", stdin=text).exit_code == 0


def test_stats_use_the_fixed_batch_size(run):
    out = run("summary", str(SPECS / "stateful_char_model.yaml"), "--stats").stdout
    # LSTM 1 × 4·50·(1 + 50) + Dense 50·26, for the batch of 1 that batch_input_shape fixes.
    assert " Total MACs: 11,500 (batch size 1)\n" in out


USAGE_ERRORS = [
    (["--batch-size", "4"], "Error: --batch-size sets a figure of --stats; add --stats"),
    (["--dtype", "float16"], "Error: --dtype sets a figure of --stats; add --stats"),
    (["--stats", "--dtype", "float8"], "Invalid value for '--dtype': 'float8' is not one of"),
    (["--stats", "--batch-size", "0"], "Invalid value for '--batch-size': 0 is not in the range x>=1."),
    (["--stats", "--compare"], "Error: --compare and --stats are separate views; use one at a time"),
    (["--compare", "--format", "markdown"], "Error: --compare prints a table or JSON"),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=[args_id(args) for args, _ in USAGE_ERRORS])
def test_stats_and_compare_usage_errors(run, args, message):
    result = run("summary", str(SPECS / "lstm_1_unit.yaml"), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_dtype_choices_are_the_known_dtypes():
    assert DTYPES == tuple(DTYPE_BYTES)


def test_compare_table_matches_golden(run, golden, monkeypatch):
    result = run("summary", str(SPECS / "gesture_classifier.yaml"), "--compare")
    assert result.exit_code == 0
    golden("summary/gesture_classifier.compare.out", result.stdout)
    monkeypatch.setenv("COLUMNS", "200")  # the reasons take one line each
    assert (
        "lstm (LSTM)       48,896   49,152    +256  "
        "PyTorch keeps two bias vectors per gate: +4·h per layer and direction\n"
        in run("summary", str(SPECS / "gesture_classifier.yaml"), "--compare").stdout
    )


def test_compare_json(run):
    document = json.loads(run("summary", str(SPECS / "interview_lstm_12.yaml"), "--compare", "--format", "json").stdout)
    assert document == {
        "name": "interview_lstm_12",
        "layers": [
            {
                "name": "lstm",
                "type": "LSTM",
                "keras_params": 4_464,
                "pytorch_params": 4_512,
                "difference": 48,
                "note": "PyTorch keeps two bias vectors per gate: +4·h per layer and direction",
            }
        ],
        "keras_total_params": 4_464,
        "pytorch_total_params": 4_512,
    }


COMPARE_SPEC = """\
input: {shape: [10, 8]}
layers:
  - {type: Masking}
  - {type: Bidirectional, layer: {type: GRU, units: 4, reset_after: false, return_sequences: true}}
  - {type: BatchNormalization}
  - {type: GRU, units: 4, return_sequences: true}
  - {type: SimpleRNN, units: 3, use_bias: false}
"""


def test_compare_explains_each_kind_of_difference(run, golden, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the reasons take one line each
    result = run("summary", "-", "--compare", stdin=COMPARE_SPEC)
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert rows["masking"].endswith(
        "0        0     0  no torch.nn counterpart in lstmcalc's PyTorch convention (it has no weights)"
    )
    assert (
        "312      336   +24  PyTorch keeps two bias vectors per gate: +3·h per layer and direction (both directions)"
        in rows["bidirectional"]
    )
    assert "32       16   -16  Keras counts moving_mean and moving_variance" in rows["batch_normalization"]
    assert "the same: Keras's GRU with reset_after also keeps two bias vectors" in rows["gru_1"]
    assert "the same without biases" in rows["simple_rnn"]
    golden("summary/compare_kinds.out", result.stdout)


def test_compare_a_pytorch_spec(run):
    spec = (
        "framework: pytorch\ninput: {shape: [10, 8]}\nlayers:\n"
        "  - {type: LSTM, units: 4, num_layers: 2, bidirectional: true, return_sequences: true}\n"
        "  - {type: LSTM, units: 4, proj_size: 2}\n"
    )
    document = json.loads(run("summary", "-", "--compare", "--format", "json", stdin=spec).stdout)
    first, projected = document["layers"]
    # torch.nn.LSTM(8, 4, num_layers=2, bidirectional=True): 896; in Keras two Bidirectional(LSTM(4)) layers: 832.
    assert (first["keras_params"], first["pytorch_params"]) == (832, 896)
    assert projected["keras_params"] is None
    assert projected["note"] == "Keras's LSTM has no projection (proj_size), so no Keras layer matches it"
    assert document["keras_total_params"] is None


def test_compare_and_stats_after_return_state(run):
    spec = (
        "input: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: 2, return_state: true}\n"
        "  - {type: Dropout, rate: 0.1}\n"
    )
    compared = json.loads(run("summary", "-", "--compare", "--format", "json", stdin=spec).stdout)
    assert [(layer["name"], layer["keras_params"], layer["pytorch_params"]) for layer in compared["layers"]] == [
        ("lstm", 48, 56),
        ("dropout", 0, 0),
    ]
    stats = json.loads(run("summary", "-", "--stats", "--format", "json", stdin=spec).stdout)
    assert [layer["macs"] for layer in stats["layers"]] == [
        {"fixed": 5 * 4 * 2 * (3 + 2), "per_time_step": 0},
        {"fixed": 0, "per_time_step": 0},
    ]


def test_compare_counts_a_pytorch_stack_that_declares_its_input_size(run):
    # input_size declares the first layer's input; the second layer of num_layers: 2 takes 2 x 12 features.
    result = run("summary", str(SPECS / "bidirectional_encoder_pytorch.yaml"), "--compare")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "lstm (LSTM)      12,480   12,672  +192  PyTorch keeps two bias vectors per gate" in result.stdout
