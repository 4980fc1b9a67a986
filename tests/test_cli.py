"""The ``lstmcalc`` command as a user drives it: exact output (golden files), exit codes, stderr."""

from __future__ import annotations

import json
import re

import pytest

from lstm_calc import __version__
from lstm_calc.api import summarize_text
from lstm_calc.render.json_output import summary_to_dict
from tests.case_ids import args_id
from tests.conftest import SPECS

SPEC_FILES = sorted(path.name for path in SPECS.glob("*.yaml"))


@pytest.mark.parametrize("spec", SPEC_FILES)
def test_table_matches_golden(run, golden, spec):
    result = run("summary", str(SPECS / spec))
    assert result.exit_code == 0
    assert result.stderr == ""
    golden(f"summary/{spec.removesuffix('.yaml')}.table.out", result.stdout)


@pytest.mark.parametrize("spec", ["gesture_classifier.yaml", "stateful_char_model.yaml", "gru_sentiment.yaml"])
def test_json_matches_golden(run, golden, spec):
    result = run("summary", str(SPECS / spec), "--format", "json")
    assert result.exit_code == 0
    json.loads(result.stdout)  # exactly one document
    golden(f"summary/{spec.removesuffix('.yaml')}.json", result.stdout)


def test_markdown_matches_golden(run, golden):
    result = run("summary", str(SPECS / "gesture_classifier.yaml"), "--format", "markdown")
    assert result.exit_code == 0
    golden("summary/gesture_classifier.md", result.stdout)


def test_table_in_a_pipe_has_no_colour_codes(run):
    result = run("summary", str(SPECS / "gesture_classifier.yaml"))
    assert "\x1b[" not in result.stdout


def test_table_on_a_colour_terminal_uses_keras_colours_unless_no_color(run, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    foreground_colour = re.compile(r"\x1b\[(?:3|9)[0-9]")
    coloured = run("summary", str(SPECS / "lstm_1_unit.yaml")).stdout
    assert foreground_colour.search(coloured)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run("summary", str(SPECS / "lstm_1_unit.yaml")).stdout
    assert not foreground_colour.search(plain)


def test_json_keys_are_stable(run):
    document = json.loads(run("summary", str(SPECS / "lstm_3_units.yaml"), "--format", "json").stdout)
    assert list(document) == [
        "name",
        "framework",
        "dtype",
        "input_shape",
        "layers",
        "total_params",
        "trainable_params",
        "non_trainable_params",
        "param_bytes",
    ]
    assert document["layers"] == [
        {
            "name": "lstm",
            "type": "LSTM",
            "input_shape": [None, 4, 2],
            "output_shape": [None, 3],
            "params": 72,
            "trainable_params": 72,
            "non_trainable_params": 0,
            "weights": [
                {"name": "kernel", "shape": [2, 12], "trainable": True},
                {"name": "recurrent_kernel", "shape": [3, 12], "trainable": True},
                {"name": "bias", "shape": [12], "trainable": True},
            ],
            "buffers": [],
            "inbound": ["input_layer[0][0]"],
        }
    ]
    assert (document["total_params"], document["param_bytes"]) == (72, 288)


def test_json_lists_several_output_shapes_for_return_state():
    spec = "input: {shape: [null, 71]}\nlayers:\n  - {type: LSTM, units: 256, return_state: true}\n"
    document = summary_to_dict(summarize_text(spec))
    assert document["layers"][0]["output_shape"] == [[None, 256], [None, 256], [None, 256]]
    assert document["total_params"] == 335_872


def test_stdin_is_read_with_a_dash(run):
    spec = (SPECS / "lstm_1_unit.yaml").read_text()
    result = run("summary", "-", stdin=spec)
    assert result.exit_code == 0
    assert result.stdout == run("summary", str(SPECS / "lstm_1_unit.yaml")).stdout


def test_return_state_table_row_lists_every_output(run):
    spec = (
        "input: {shape: [null]}\nlayers:\n  - {type: Embedding, input_dim: 1000, output_dim: 64}\n"
        "  - {type: GRU, units: 32, return_sequences: true, return_state: true}\n"
    )
    result = run("summary", "-", stdin=spec)
    assert "│ gru (GRU)                       │ [(None, None, 32),     │         9,408 │\n" in result.stdout
    assert "│                                 │ (None, 32)]            │               │\n" in result.stdout


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"lstmcalc, version {__version__}\n"


@pytest.mark.parametrize("args", [["--help"], ["summary", "--help"]], ids=args_id)
def test_help_shows_a_worked_example(run, args):
    result = run(*args)
    assert result.exit_code == 0
    assert "lstmcalc summary specs/gesture_classifier.yaml" in result.stdout


def test_the_cli_offers_the_input_formats_the_readers_read():
    # The CLI keeps its own copy so that --help never imports the readers; this keeps the two equal.
    from lstm_calc.option_values import INPUT_FORMATS as CLI_INPUT_FORMATS
    from lstm_calc.readers import INPUT_FORMATS

    assert CLI_INPUT_FORMATS == INPUT_FORMATS


def test_unknown_format_is_a_usage_error(run):
    result = run("summary", str(SPECS / "lstm_1_unit.yaml"), "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '--format': 'xml' is not one of 'table', 'json', 'markdown'." in result.stderr


@pytest.mark.parametrize(
    ("problem", "shown"),
    [
        (ZeroDivisionError("division by zero"), "ZeroDivisionError: division by zero"),
        # Even a bug's message stays one line: its line breaks are escaped.
        (RuntimeError("first line\nsecond line"), "RuntimeError: first line\\nsecond line"),
    ],
    ids=["ZeroDivisionError", "RuntimeError-two_lines"],
)
def test_internal_error_is_one_line_and_exit_3(run, monkeypatch, problem, shown):
    import lstm_calc.api

    def broken(*args):
        raise problem

    monkeypatch.setattr(lstm_calc.api, "summarize_file", broken)
    result = run("summary", str(SPECS / "lstm_1_unit.yaml"))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        f"lstmcalc: internal error: {shown}. This is a bug in lstmcalc; "
        "please report it on the lstmcalc issue tracker with the spec (--debug shows the traceback).\n"
    )


def test_python_dash_m_runs_the_command():
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-m", "lstm_calc", "summary", str(SPECS / "lstm_1_unit.yaml"), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["total_params"] == 12


def reference_json(summary) -> str:
    """The JSON text as first specified: the standard encoder's indented output, number lists on one line."""
    from lstm_calc.render.json_output import summary_to_dict

    text = json.dumps(summary_to_dict(summary), indent=2)
    number_list = re.compile(r"\[\n\s*((?:-?\d+|null)(?:,\n\s*(?:-?\d+|null))*)\n\s*\]")

    def one_line(match: re.Match) -> str:
        return "[" + ", ".join(item.strip() for item in match.group(1).split(",")) + "]"

    return number_list.sub(one_line, text) + "\n"


@pytest.mark.parametrize("spec", SPEC_FILES)
def test_streamed_json_is_the_reference_document(spec):
    from lstm_calc.api import summarize_file
    from lstm_calc.render.json_output import render_json

    summary = summarize_file(str(SPECS / spec))
    assert render_json(summary) == reference_json(summary)
