"""``lstmcalc params``: the formula, its numbers and the count, pinned to real Keras 3 / torch.nn figures,
and every formula checked against the layer classes that ``summary`` uses.

Pinned figures come from Keras 3.15 (backend torch) ``count_params()`` and torch 2.13
``sum(p.numel() for p in module.parameters())``: LSTM(12) on 80 features 4,464
(torch.nn.LSTM(80, 12): 4,512); LSTM on 126 features: 65 units 49,920, 66 units 50,952.
"""

from __future__ import annotations

import itertools
import json

import pytest

from lstm_calc.formulas import (
    KINDS,
    LayerOptions,
    OptionError,
    build_layer,
    calculate,
    formula,
    solve_max_params,
)
from tests.case_ids import args_id, fields_id


def test_the_issue_lstm_line(run, golden):
    result = run("params", "lstm", "--units", "12", "--input-dim", "80")
    assert result.exit_code == 0
    assert result.stderr == ""
    first = result.stdout.splitlines()[0]
    assert first == "LSTM params = 4 × units × (input_dim + units + 1) = 4 × 12 × (80 + 12 + 1) = 4,464"
    golden("params/lstm_12_80.out", result.stdout)


def test_the_issue_lstm_line_under_pytorch(run, golden):
    result = run("params", "lstm", "--units", "12", "--input-dim", "80", "--framework", "pytorch")
    assert result.exit_code == 0
    assert "4 × 12 × (80 + 12 + 2) = 4,512" in result.stdout
    golden("params/lstm_12_80.pytorch.out", result.stdout)


def test_inverse_answer_is_65_units(run, golden):
    result = run("params", "lstm", "--input-dim", "126", "--max-params", "50000")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Largest units with at most 50,000 params: 65"
    assert lines[1].endswith("= 4 × 65 × (126 + 65 + 1) = 49,920")
    assert lines[2] == "66 units would have 4 × 66 × (126 + 66 + 1) = 50,952 params, over 50,000."
    golden("params/lstm_126_max_50000.out", result.stdout)


def test_inverse_answer_as_json(run):
    document = json.loads(
        run("params", "lstm", "--input-dim", "126", "--max-params", "50000", "--format", "json").stdout
    )
    assert (document["solve_for"], document["units"], document["params"]) == ("units", 65, 49_920)
    assert document["next"] == {"units": 66, "params": 50_952}


def test_json_gives_the_number_and_the_terms(run, golden):
    result = run("params", "lstm", "--units", "12", "--input-dim", "80", "--format", "json")
    document = json.loads(result.stdout)
    assert document["params"] == 4_464
    assert document["formula"] == "4 × units × (input_dim + units + 1)"
    assert document["terms"] == {
        "product": [
            4,
            {"name": "units", "value": 12},
            {"sum": [{"name": "input_dim", "value": 80}, {"name": "units", "value": 12}, 1]},
        ]
    }
    assert [weight["shape"] for weight in document["weights"]] == [[80, 48], [12, 48], [48]]
    golden("params/lstm_12_80.json", result.stdout)


FORMULA_LINES = [
    (
        ["gru", "--units", "12", "--input-dim", "80"],
        "GRU params = 3 × units × (input_dim + units + 2) = 3 × 12 × (80 + 12 + 2) = 3,384",
    ),
    (
        ["gru", "--units", "12", "--input-dim", "80", "--no-reset-after"],
        "GRU params = 3 × units × (input_dim + units + 1) = 3 × 12 × (80 + 12 + 1) = 3,348",
    ),
    (
        ["simplernn", "--units", "12", "--input-dim", "80"],
        "SimpleRNN params = units × (input_dim + units + 1) = 12 × (80 + 12 + 1) = 1,116",
    ),
    (
        ["simplernn", "--units", "12", "--input-dim", "80", "--framework", "pytorch"],
        "RNN params = units × (input_dim + units + 2) = 12 × (80 + 12 + 2) = 1,128",
    ),
    (
        ["dense", "--units", "3", "--input-dim", "12"],
        "Dense params = units × (input_dim + 1) = 3 × (12 + 1) = 39",
    ),
    (
        ["embedding", "--input-dim", "10000", "--output-dim", "128"],
        "Embedding params = input_dim × output_dim = 10000 × 128 = 1,280,000",
    ),
    (
        ["conv1d", "--filters", "16", "--kernel-size", "3", "--input-dim", "80"],
        "Conv1D params = filters × (kernel_size × input_dim + 1) = 16 × (3 × 80 + 1) = 3,856",
    ),
    (
        ["convlstm2d", "--filters", "32", "--kernel-size", "3", "--input-dim", "3"],
        "ConvLSTM2D params = 4 × filters × (kernel_size × kernel_size × (input_dim + filters) + 1) "
        "= 4 × 32 × (3 × 3 × (3 + 32) + 1) = 40,448",
    ),
    (
        ["convlstm1d", "--filters", "6", "--kernel-size", "4", "--input-dim", "5", "--no-bias"],
        "ConvLSTM1D params = 4 × filters × kernel_size × (input_dim + filters) = 4 × 6 × 4 × (5 + 6) = 1,056",
    ),
    (
        ["convlstm2d", "--filters", "4", "--kernel-size", "3", "--input-dim", "2", "--bidirectional"],
        "Bidirectional(ConvLSTM2D) params = 2 × 4 × filters × (kernel_size × kernel_size × (input_dim + filters) + 1) "
        "= 2 × 4 × 4 × (3 × 3 × (2 + 4) + 1) = 1,760",
    ),
    (
        ["lstm", "--units", "12", "--input-dim", "80", "--bidirectional"],
        "Bidirectional(LSTM) params = 2 × 4 × units × (input_dim + units + 1) = 2 × 4 × 12 × (80 + 12 + 1) = 8,928",
    ),
    (
        [
            "lstm",
            "--units",
            "12",
            "--input-dim",
            "80",
            "--framework",
            "pytorch",
            "--num-layers",
            "2",
            "--bidirectional",
            "--proj-size",
            "5",
        ],
        "LSTM params = 2 × (4 × units × (input_dim + proj_size + 2) + proj_size × units) "
        "+ (num_layers - 1) × 2 × (4 × units × (2 × proj_size + proj_size + 2) + proj_size × units) "
        "= 2 × (4 × 12 × (80 + 5 + 2) + 5 × 12) + (2 - 1) × 2 × (4 × 12 × (2 × 5 + 5 + 2) + 5 × 12) = 10,224",
    ),
]


@pytest.mark.parametrize(("args", "line"), FORMULA_LINES, ids=[args_id(args) for args, _ in FORMULA_LINES])
def test_formula_lines(run, args, line):
    """Counts pinned to Keras 3.15 and torch 2.13 (torch.nn.LSTM(80, 12, 2, bidirectional, proj_size=5): 10,224)."""
    result = run("params", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == line


def _sweep() -> list[LayerOptions]:
    cases = []
    for kind, framework, units, features, bias, reset_after, bidirectional in itertools.product(
        ("lstm", "gru", "simplernn"),
        ("keras", "pytorch"),
        (1, 3, 12),
        (1, 7, 80),
        (True, False),
        (True, False),
        (False, True),
    ):
        keras_gru = kind == "gru" and framework == "keras"
        if not reset_after and not keras_gru:
            continue  # reset_after is a Keras GRU option: elsewhere the case is the one with reset_after
        base = LayerOptions(
            kind,
            framework,
            units=units,
            input_dim=features,
            use_bias=bias,
            reset_after=reset_after if keras_gru else None,
            bidirectional=bidirectional,
        )
        cases.append(base)
        if framework == "pytorch":
            cases.append(LayerOptions(**{**base.__dict__, "num_layers": 3}))
            if kind == "lstm" and units > 1:
                cases.append(LayerOptions(**{**base.__dict__, "num_layers": 2, "proj_size": units - 1}))
    for framework, units, features, bias in itertools.product(("keras", "pytorch"), (1, 5), (1, 9), (True, False)):
        cases.append(LayerOptions("dense", framework, units=units, input_dim=features, use_bias=bias))
        cases.append(LayerOptions("conv1d", framework, filters=units, kernel_size=3, input_dim=features, use_bias=bias))
        if bias:  # an Embedding has no bias: one case for both
            cases.append(LayerOptions("embedding", framework, input_dim=features, output_dim=units))
    for framework, embed, heads, bias in itertools.product(("keras", "pytorch"), (4, 12), (1, 2, 4), (True, False)):
        cases.append(LayerOptions("mha", framework, embed_dim=embed, num_heads=heads, use_bias=bias))
        if framework == "keras":
            cases.append(LayerOptions("mha", embed_dim=embed, num_heads=heads, key_dim=3, value_dim=5, use_bias=bias))
    # ConvLSTM has no torch.nn counterpart: Keras only.
    for kind, filters, kernel, channels, bias, bidirectional in itertools.product(
        ("convlstm1d", "convlstm2d"), (1, 5), (1, 3), (1, 9), (True, False), (False, True)
    ):
        cases.append(
            LayerOptions(
                kind,
                filters=filters,
                kernel_size=kernel,
                input_dim=channels,
                use_bias=bias,
                bidirectional=bidirectional,
            )
        )
    return cases


SWEEP = _sweep()


@pytest.mark.parametrize("options", SWEEP, ids=lambda options: fields_id(options.__dict__))
def test_every_formula_equals_the_layer_count(options):
    """One source of truth: the shown formula, evaluated from its text, equals the layer classes' weights."""
    built = build_layer(options)
    weights_count = sum(weight.size for weight in built.summary.weights)
    expression = formula(options)
    assert expression.value() == weights_count
    shown = expression.substituted().replace("×", "*")
    assert eval(shown, {"__builtins__": {}}) == weights_count  # noqa: S307 - digits and operators only
    assert calculate(options).params == weights_count


def test_the_sweep_covers_every_kind():
    assert {options.kind for options in SWEEP} == set(KINDS)
    assert len(SWEEP) > 400


@pytest.mark.parametrize(
    "options",
    [
        LayerOptions("lstm", input_dim=126),
        LayerOptions("gru", input_dim=80, reset_after=False, bidirectional=True),
        LayerOptions("simplernn", "pytorch", input_dim=3, num_layers=3),
        LayerOptions("lstm", "pytorch", input_dim=40, num_layers=2, bidirectional=True, proj_size=7),
        LayerOptions("dense", input_dim=100, use_bias=False),
        LayerOptions("conv1d", kernel_size=5, input_dim=64),
        LayerOptions("embedding", input_dim=30000),
        LayerOptions("convlstm2d", kernel_size=3, input_dim=3),
        LayerOptions("convlstm1d", kernel_size=5, input_dim=40, use_bias=False, bidirectional=True),
    ],
    ids=lambda options: fields_id(options.__dict__),
)
@pytest.mark.parametrize("limit", [60, 1_000, 50_000, 1_234_567, 10**12])
def test_the_inverse_is_exact(options, limit):
    """The largest fitting size, checked against real counts on both sides of the answer."""
    try:
        solution = solve_max_params(options, limit)
    except OptionError as error:
        assert "no " in str(error)
        return
    variable = KINDS[options.kind].solves_for
    assert solution.best.params <= limit < solution.next.params
    assert getattr(solution.next.options, variable) == solution.value + 1
    assert solution.best.params == calculate(solution.best.options).params


def test_inverse_when_nothing_fits(run):
    result = run("params", "lstm", "--input-dim", "126", "--max-params", "100")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error: no units fits: 1 units already give 512 params, more than --max-params 100" in result.stderr


BAD_OPTIONS = [
    (["lstm", "--units", "12"], "Error: lstm needs --input-dim"),
    (
        ["lstm", "--units", "12", "--input-dim", "80", "--filters", "3"],
        "Error: --filters does not apply to lstm; lstm takes --units, --input-dim, --no-bias, --bidirectional, "
        "--num-layers, --proj-size",
    ),
    (
        ["lstm", "--units", "12", "--input-dim", "80", "--num-layers", "2"],
        "Error: --num-layers is a PyTorch option; use --framework pytorch (in Keras, stack several LSTM layers)",
    ),
    (
        ["gru", "--units", "12", "--input-dim", "80", "--no-reset-after", "--framework", "pytorch"],
        "Error: --no-reset-after is a Keras option; use --framework keras "
        "(torch.nn.GRU always applies the reset gate after the recurrent matrix)",
    ),
    (
        ["lstm", "--units", "4", "--input-dim", "80", "--framework", "pytorch", "--proj-size", "4"],
        "Error: --proj-size 4 must be smaller than --units 4",
    ),
    (
        ["dense", "--units", "3", "--input-dim", "4", "--bidirectional"],
        "Error: --bidirectional does not apply to dense",
    ),
    (
        ["convlstm2d", "--filters", "4", "--kernel-size", "3", "--input-dim", "2", "--framework", "pytorch"],
        "Error: ConvLSTM2D is a Keras layer with no torch.nn counterpart; leave out --framework pytorch",
    ),
    (
        ["convlstm1d", "--filters", "4", "--input-dim", "2"],
        "Error: convlstm1d needs --kernel-size",
    ),
    (
        ["convlstm2d", "--units", "4", "--kernel-size", "3", "--input-dim", "2"],
        "Error: --units does not apply to convlstm2d; convlstm2d takes --filters, --kernel-size, --input-dim, "
        "--no-bias, --bidirectional",
    ),
    (["lstm", "--units", "0", "--input-dim", "4"], "Invalid value for '--units': 0 is not in the range x>=1."),
    (["transformer", "--units", "3"], "Invalid value for 'KIND': 'transformer' is not one of"),
    (
        ["lstm", "--input-dim", "126", "--max-params", "50000", "--units", "3"],
        "Error: --max-params finds the largest units; leave --units out",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD_OPTIONS, ids=[args_id(args) for args, _ in BAD_OPTIONS])
def test_bad_options_are_usage_errors(run, args, message):
    result = run("params", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("params", "lstmcalc params lstm --input-dim 126 --max-params 50000"),
        ("explain", "lstmcalc explain lstm --units 12 --input-dim 80 --framework pytorch"),
        ("summary", "lstmcalc summary specs/gesture_classifier.yaml --stats --batch-size 32"),
        ("summary", "lstmcalc summary specs/gesture_classifier.yaml --compare"),
    ],
    ids=["params", "explain", "summary-stats", "summary-compare"],
)
def test_help_shows_examples(run, command, example):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert example in result.stdout


def test_main_help_lists_the_new_commands(run):
    out = run("--help").stdout
    assert "lstmcalc params lstm --units 12 --input-dim 80" in out
    assert "  explain " in out and "  params " in out
