"""``lstmcalc explain``: equations with term shapes, states, unrolling and gate packing.

The shapes pinned for LSTM(12) on 80 features are those of the issue, and the packed
weights are those real Keras 3.15 and torch 2.13 create: Keras kernel (80, 48),
recurrent_kernel (12, 48), bias (48,); torch.nn.LSTM(80, 12) weight_ih_l0 (48, 80),
weight_hh_l0 (48, 12), bias_ih_l0 (48,), bias_hh_l0 (48,). Gate orders are read from
keras/src/layers/rnn/lstm.py and gru.py and torch/nn/modules/rnn.py.
"""

from __future__ import annotations

import json

import pytest

from tests.case_ids import args_id
from tests.conftest import SPECS

LSTM_12_80 = ("explain", "lstm", "--units", "12", "--input-dim", "80")


def test_keras_lstm_12_on_80_features_has_every_shape(run, golden):
    result = run(*LSTM_12_80)
    assert result.exit_code == 0
    assert result.stderr == ""
    out = result.stdout
    for shape in ("W_f (12, 80)", "x_t (80,)", "U_f (12, 12)", "b_f (12,)", "h_{t-1} (12,)", "-> f_t (12,)"):
        assert shape in out
    assert "f_t = σ(W_f·x_t + U_f·h_{t-1} + b_f)" in out
    assert "c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t" in out
    assert "h_t = o_t ⊙ tanh(c_t)" in out
    assert "  h  hidden state  (12,) without the batch axis, (None, 12) with it\n" in out
    assert "  c  cell state    (12,) without the batch axis, (None, 12) with it\n" in out
    assert "How Keras packs the gates (order i, f, c, o:" in out
    assert "  kernel            (80, 48)  columns 0:12 W_iᵀ, 12:24 W_fᵀ, 24:36 W_cᵀ,\n" in out
    assert "  recurrent_kernel  (12, 48)  columns 0:12 U_iᵀ" in out
    assert "  bias              (48,)     0:12 b_i, 12:24 b_f" in out
    prose = " ".join(out.split())
    assert "units = 12 is the width of the hidden state h" in prose
    assert "It is not the number of cells, and not the number of time steps" in prose
    assert "One set of weights is shared by all time steps" in prose
    golden("explain/lstm_12_80.out", out)


def test_pytorch_lstm_12_on_80_features(run, golden):
    result = run(*LSTM_12_80, "--framework", "pytorch")
    assert result.exit_code == 0
    out = result.stdout
    assert "How PyTorch packs the gates (order i, f, g, o:" in out
    assert "  weight_ih_l0  (48, 80)  rows 0:12 W_ii, 12:24 W_if, 24:36 W_ig,\n" in out
    assert "36:48 W_io; each (12, 80)\n" in out
    assert "  weight_hh_l0  (48, 12)  rows 0:12 W_hi" in out
    assert "  bias_ih_l0    (48,)     0:12 b_ii" in out
    assert "  bias_hh_l0    (48,)     0:12 b_hi" in out
    assert "  h  hidden state  (1, 12) without the batch axis, (1, None, 12) with it\n" in out
    assert "4 × 12 × (80 + 12 + 2) = 4,512" in out
    golden("explain/lstm_12_80.pytorch.out", out)


OTHER_KINDS = [
    (["gru"], "gru_12_80", ["How Keras packs the gates (order z, r, h:", "bias              (2, 36)", "rb_z"]),
    (["gru", "--framework", "pytorch"], "gru_12_80.pytorch", ["(order r, z, n:", "weight_ih_l0  (36, 80)"]),
    (
        ["gru", "--no-reset-after"],
        "gru_12_80.reset_before",
        ["U_h·(r_t ⊙ h_{t-1}) + b_h", "bias              (36,)"],
    ),
    (["simplernn"], "simplernn_12_80", ["h_t = tanh(W·x_t + U·h_{t-1} + b)", "W (12, 80)"]),
    (["simplernn", "--framework", "pytorch"], "simplernn_12_80.pytorch", ["weight_ih_l0  (12, 80)"]),
    (
        ["lstm", "--framework", "pytorch", "--num-layers", "2", "--bidirectional", "--proj-size", "5"],
        "lstm_12_80.pytorch_stack",
        ["W_hr (5, 12)", "(4, None, 5) with it", "weight_hr_l1_reverse"],
    ),
]


@pytest.mark.parametrize(("args", "name", "expected"), OTHER_KINDS, ids=[name for _, name, _ in OTHER_KINDS])
def test_other_kinds(run, golden, args, name, expected):
    result = run("explain", args[0], "--units", "12", "--input-dim", "80", *args[1:])
    assert result.exit_code == 0, result.stderr
    for text in expected:
        assert text in result.stdout
    golden(f"explain/{name}.out", result.stdout)


def test_explain_a_spec_explains_each_recurrent_layer(run, golden):
    result = run("explain", str(SPECS / "stateful_char_model.yaml"))
    assert result.exit_code == 0
    assert result.stdout.startswith("lstm (LSTM): 10,400 params\n")
    assert "stateful: true: the last states of one batch are the first states" in result.stdout
    assert "(1, 50) with it" in result.stdout
    golden("explain/stateful_char_model.out", result.stdout)


def test_explain_a_spec_with_known_time_steps(run):
    out = run("explain", str(SPECS / "gesture_classifier.yaml")).stdout
    assert [line for line in out.splitlines() if line.endswith(" params")] == [
        "lstm (LSTM): 48,896 params",
        "lstm_1 (LSTM): 98,816 params",
        "lstm_2 (LSTM): 49,408 params",
    ]
    assert "(here T = 5)" in out
    assert "return_sequences: true: the layer outputs every h_t, (None, 5, 64);" in out


def test_explain_a_bidirectional_layer(run):
    spec = "input: {shape: [null, 8]}\nlayers:\n  - {type: Bidirectional, layer: {type: GRU, units: 4}}\n"
    out = run("explain", "-", stdin=spec).stdout
    assert out.startswith("bidirectional (Bidirectional): 336 params\n")
    assert "Bidirectional: a second copy with its own weights reads x_T, ..., x_1" in out


def test_explain_a_spec_without_recurrent_layers(run):
    result = run("explain", "-", stdin="input: {shape: [3]}\nlayers:\n  - {type: Dense, units: 2}\n")
    assert result.exit_code == 0
    assert result.stdout == (
        'The model "sequential" has no recurrent or attention layer\n'
        "(LSTM, GRU, SimpleRNN, ConvLSTM1D, ConvLSTM2D, MultiHeadAttention) to explain.\n"
    )


def test_explain_json(run):
    document = json.loads(run(*LSTM_12_80, "--format", "json").stdout)
    (layer,) = document["layers"]
    assert layer["gate_order"] == ["i", "f", "c", "o"]
    assert [(w["name"], w["shape"]) for w in layer["weights"]] == [
        ("kernel", [80, 48]),
        ("recurrent_kernel", [12, 48]),
        ("bias", [48]),
    ]
    forget = layer["equations"][1]
    assert forget["terms"][0] == {"symbol": "W_f", "shape": [12, 80]}
    assert layer["calculation"]["params"] == 4_464


USAGE_ERRORS = [
    (
        ["explain", "dense"],
        "Error: explain covers recurrent layers and attention (lstm, gru, simplernn, convlstm1d, convlstm2d, mha); "
        "for dense, try: "
        "lstmcalc params dense",
    ),
    (["explain", "lstm", "--units", "12"], "Error: lstm needs --input-dim"),
    (
        ["explain", str(SPECS / "lstm_1_unit.yaml"), "--units", "3"],
        "Error: --units describes a KIND (lstm, gru, simplernn, convlstm1d, convlstm2d, mha), not a spec",
    ),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=[args_id(args) for args, _ in USAGE_ERRORS])
def test_explain_usage_errors(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_explain_a_missing_spec_is_a_located_error(run):
    result = run("explain", "no_such.yaml")
    assert result.exit_code == 2
    assert result.stderr == "no_such.yaml:1:1: error: no such file\n"


def test_explain_a_bidirectional_layer_with_its_own_backward_layer(run):
    spec = (
        "input: {shape: [null, 8]}\nlayers:\n"
        "  - type: Bidirectional\n    layer: {type: LSTM, units: 4}\n"
        "    backward_layer: {type: GRU, units: 4, go_backwards: true}\n"
    )
    result = run("explain", "-", stdin=spec)
    assert result.exit_code == 0, result.stderr
    # Keras 3.15: forward LSTM(4) 208 + backward GRU(4) 168.
    assert result.stdout.startswith("bidirectional (Bidirectional): 376 params\n")
    assert "LSTM params = 4 × units × (input_dim + units + 1) = 4 × 4 × (8 + 4 + 1) = 208" in result.stdout
