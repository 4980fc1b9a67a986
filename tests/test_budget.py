"""The ``budget:`` block and per-layer ``max_params``: size strings, located errors, and no effect on ``summary``."""

from __future__ import annotations

import pytest

from lstm_calc.api import check_text, summarize_text
from lstm_calc.readers.yaml_spec import load_spec_text
from lstm_calc.sizes import parse_size
from lstm_calc.spec import parse_model_spec
from tests.case_ids import error_ids
from tests.conftest import SPECS


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("2 MB", 2_000_000),
        ("1.5MiB", 1_572_864),
        ("500kB", 500_000),
        ("800000", 800_000),
        ("7 B", 7),
        ("1 GB", 1_000_000_000),
        ("1 GiB", 1_073_741_824),
        ("2 TB", 2_000_000_000_000),
        ("1 TiB", 1_099_511_627_776),
        ("3 KiB", 3_072),
        (".5 kB", 500),
        ("1.1 MiB", 1_153_433),  # 1,153,433.6 bytes: counts up to 1,153,433 fit
        (" 20 MB ", 20_000_000),
    ],
)
def test_size_strings(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("800 KB", "'KB' is ambiguous in '800 KB': write 'kB' for 1000 bytes or 'KiB' for 1024 bytes"),
        ("2 mb", "unknown size unit 'mb' in '2 mb'; use B, kB, MB, GB, TB, KiB, MiB, GiB, TiB"),
        ("-3 kB", "expected a size such as '2 MB', '1.5 MiB' or '500kB', got '-3 kB'"),
        ("1e6", "expected a size such as '2 MB', '1.5 MiB' or '500kB', got '1e6'"),
        ("", "expected a size such as '2 MB', '1.5 MiB' or '500kB', got ''"),
    ],
)
def test_bad_size_strings(text, message):
    with pytest.raises(ValueError) as raised:
        parse_size(text)
    assert str(raised.value) == message


SPEC = "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 3}\n"
BUDGET_ERRORS = [
    (
        "budget: {max_parms: 5}\n",
        "bad.yaml:4:10: error: unknown key 'max_parms' in 'budget' (did you mean 'max_params'?); "
        "expected max_params, max_trainable_params, max_param_bytes, expect_params",
    ),
    ("budget: 250000\n", "bad.yaml:4:9: error: 'budget' must be a mapping such as {max_params: 250000}"),
    ("budget: {max_params: 0}\n", "bad.yaml:4:22: error: 'budget.max_params': expected a positive integer, got 0"),
    (
        "budget: {max_params: 250k}\n",
        "bad.yaml:4:22: error: 'budget.max_params': expected a positive integer, got '250k'",
    ),
    (
        "budget: {max_trainable_params: true}\n",
        "bad.yaml:4:32: error: 'budget.max_trainable_params': expected a positive integer, got true",
    ),
    (
        "budget: {expect_params: -1}\n",
        "bad.yaml:4:25: error: 'budget.expect_params': expected an integer of 0 or more, got -1",
    ),
    (
        "budget: {max_param_bytes: 800 KB}\n",
        "bad.yaml:4:27: error: 'budget.max_param_bytes': 'KB' is ambiguous in '800 KB': "
        "write 'kB' for 1000 bytes or 'KiB' for 1024 bytes",
    ),
    (
        "budget: {max_param_bytes: 2 mb}\n",
        "bad.yaml:4:27: error: 'budget.max_param_bytes': unknown size unit 'mb' in '2 mb'; "
        "use B, kB, MB, GB, TB, KiB, MiB, GiB, TiB",
    ),
    (
        "budget: {max_param_bytes: 0 kB}\n",
        "bad.yaml:4:27: error: 'budget.max_param_bytes': expected a size above 0 bytes",
    ),
    (
        "budget: {max_param_bytes: 1.5}\n",
        "bad.yaml:4:27: error: 'budget.max_param_bytes': expected a positive number of bytes "
        "or a size such as '2 MB', got 1.5",
    ),
]
LAYER_ERRORS = [
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 3, max_params: 0}\n",
        "bad.yaml:3:40: error: 'layers[0].max_params': expected a positive integer, got 0",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 3, max_param: 100}\n",
        "bad.yaml:3:28: error: LSTM has no argument 'max_param' (did you mean 'max_params'?)",
    ),
]
CASES = [(SPEC + budget, message) for budget, message in BUDGET_ERRORS] + LAYER_ERRORS


@pytest.mark.parametrize(("spec", "message"), CASES, ids=error_ids(CASES))
def test_bad_budget_is_a_located_error_for_summary_and_check(run, tmp_path, monkeypatch, spec, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text(spec, encoding="utf-8")
    summary = run("summary", "bad.yaml")
    assert (summary.exit_code, summary.stdout, summary.stderr) == (2, "", message + "\n")
    monkeypatch.setenv("COLUMNS", "1000")  # each problem on one line
    check = run("check", "bad.yaml")
    assert (check.exit_code, check.stderr) == (2, "")
    assert f"\n\n{message}\n\n1 spec: 0 within budget, 0 over budget, 1 invalid\n" in check.stdout


def test_summary_ignores_the_budget():
    text = (SPECS / "text_generator.yaml").read_text(encoding="utf-8")
    assert "budget:" in text and "max_params: 3_000_000" in text
    without = text.replace(", max_params: 3_000_000", "").split("\nbudget:")[0] + "\n"
    assert summarize_text(text) == summarize_text(without)


def test_layer_max_params_never_reaches_the_keras_arguments():
    spec = "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 3, max_params: 100}\n"
    model = parse_model_spec(load_spec_text(spec, "m.yaml"), "m.yaml")
    assert "max_params" not in model.layers[0].layer.config
    (limit,) = model.budget
    assert (limit.rule, limit.value, limit.layer, str(limit.location)) == ("max_params", 100, "lstm", "m.yaml:3:40")


def test_budget_limits_keep_their_order_and_locations():
    spec = SPEC + "budget:\n  expect_params: 72\n  max_param_bytes: 1.5 kB\n  max_params: 100\n"
    limits = parse_model_spec(load_spec_text(spec, "m.yaml"), "m.yaml").budget
    assert [(limit.rule, limit.value, limit.written, str(limit.location)) for limit in limits] == [
        ("expect_params", 72, "", "m.yaml:5:18"),
        ("max_param_bytes", 1500, "1.5 kB", "m.yaml:6:20"),
        ("max_params", 100, "", "m.yaml:7:15"),
    ]


def test_gesture_classifier_budget_uses_the_real_numbers():
    text = (SPECS / "gesture_classifier.yaml").read_text(encoding="utf-8")
    result = check_text(text, "gesture_classifier.yaml")
    assert (result.summary.total_params, result.summary.param_bytes) == (203_459, 813_836)
    assert [(o.limit.rule, o.limit.value, o.actual, o.passed) for o in result.outcomes] == [
        ("max_params", 250_000, 203_459, True),
        ("expect_params", 203_459, 203_459, True),
    ]
