"""``summary --show-trainable``, ``--expand-nested``, ``--columns`` and ``--line-length``: whole
outputs pinned in golden files (tests/oracle/test_summary_options_oracle.py holds the Keras
layouts to Keras's own text), the rich and plain writers held to one output, and refusals."""

from __future__ import annotations

import io

import pytest
import rich.console

from lstm_calc.api import summarize_text
from lstm_calc.render import table
from lstm_calc.render.summary_columns import chosen_columns, parse_columns
from tests.conftest import SPECS

FROZEN = """\
name: frozen
input: {shape: [5]}
layers:
  - {type: Embedding, input_dim: 100, output_dim: 8, trainable: false}
  - {type: Bidirectional, layer: {type: LSTM, units: 4, return_sequences: true}}
  - {type: Dropout, rate: 0.1}
  - {type: Bidirectional, layer: {type: GRU, units: 2}, trainable: false}
  - {type: Dense, units: 1}
"""
TORCHINFO_COLUMNS = "input_size,output_size,num_params,params_percent,mult_adds,trainable"
KERAS_COLUMNS = "input_shape,output_shape,params,params_percent,macs,trainable"


def test_show_trainable_marks_each_layer_as_keras_does(run):
    result = run("summary", "-", "--show-trainable", stdin=FROZEN)
    assert result.exit_code == 0
    rows = [line.split("│") for line in result.stdout.splitlines() if line.startswith("│ ")]
    marks = [row[-2].strip() for row in rows if row[-2].strip()]
    # The frozen Embedding N, the layer without weights -, the frozen wrapper N (its weights stay trainable).
    assert marks == ["N", "Y", "-", "N", "Y"]
    assert result.stdout.splitlines()[2] == (
        "┃ Layer (type)                ┃ Output Shape          ┃    Param # ┃ Trai… ┃"
    )


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("frozen.trainable.table.out", ["--show-trainable"]),
        ("frozen.trainable.md", ["--show-trainable", "--format", "markdown"]),
        ("frozen.trainable.json", ["--show-trainable", "--format", "json"]),
        ("frozen.columns.table.out", ["--columns", TORCHINFO_COLUMNS]),
        ("frozen.columns.md", ["--columns", TORCHINFO_COLUMNS, "--format", "markdown"]),
        ("frozen.line_length.table.out", ["--show-trainable", "--line-length", "120"]),
    ],
)
def test_options_match_golden(run, golden, name, arguments):
    result = run("summary", "-", *arguments, stdin=FROZEN)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(f"summary/{name}", result.stdout)


def test_graph_columns_match_golden(run, golden):
    result = run("summary", str(SPECS / "seq2seq.yaml"), "--columns", "output_size,num_params,connected_to,trainable")
    assert (result.exit_code, result.stderr) == (0, "")
    golden("summary/seq2seq.columns.table.out", result.stdout)


def test_torchinfo_and_keras_spellings_name_the_same_columns(run):
    torchinfo = run("summary", "-", "--columns", TORCHINFO_COLUMNS, stdin=FROZEN)
    keras = run("summary", "-", "--columns", KERAS_COLUMNS, stdin=FROZEN)
    assert torchinfo.stdout == keras.stdout
    assert parse_columns(TORCHINFO_COLUMNS) == parse_columns(KERAS_COLUMNS)


def test_expand_nested_adds_no_row_for_a_wrapper_as_keras_adds_none(run):
    # Keras 3 expands only nested models (a `layers` attribute); its wrappers have none.
    plain = run("summary", "-", stdin=FROZEN).stdout
    assert run("summary", "-", "--expand-nested", stdin=FROZEN).stdout == plain
    assert run("summary", "-", "--expand-nested", "--format", "markdown", stdin=FROZEN).exit_code == 0


def test_columns_order_is_the_one_given(run):
    result = run("summary", "-", "--columns", "trainable,num_params", stdin=FROZEN)
    header = result.stdout.splitlines()[2]
    assert [title.strip() for title in header.split("┃")[1:-1]] == ["Layer (type)", "Trainable", "Param #"]
    assert header.endswith("┃ Trainable ┃ Param # ┃") and len(header) == 76


def test_line_length_sets_the_width_whatever_the_terminal(run):
    lines = run("summary", "-", "--line-length", "60", stdin=FROZEN).stdout.splitlines()
    assert len(lines[1]) == 60
    lines = run("summary", "-", "--line-length", "130", stdin=FROZEN).stdout.splitlines()
    assert len(lines[1]) == 130


@pytest.mark.parametrize("spelling", ["--columns", "--show-trainable"])
def test_rich_draws_chosen_columns_as_the_plain_writer_writes_them(spelling):
    summary = summarize_text(FROZEN, "frozen.yaml")
    chosen = parse_columns(TORCHINFO_COLUMNS) if spelling == "--columns" else None
    columns = chosen_columns(summary, False, chosen, True)
    for width in (60, 80, 120):
        line_length = table.line_length_for(width, summary, columns)
        output = io.StringIO()
        console = rich.console.Console(file=output, width=width, highlight=False, color_system=None)
        table.render_rich_table(summary, console, line_length, None, columns)
        assert table.plain_table(summary, width, line_length, None, columns=columns) == output.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--columns", "params,bogus"], "Invalid value for '--columns': unknown column 'bogus'; choose from "),
        (["--columns", "params,num_params"], "Invalid value for '--columns': column 'num_params' is named twice"),
        (["--line-length", "39"], "Invalid value for '--line-length': 39 is not in the range x>=40."),
        (["--line-length", "90", "--format", "markdown"], "--line-length sets the table's width in characters"),
        (["--columns", "params", "--format", "json"], "--columns shapes a table; JSON has every field"),
        (["--show-trainable", "--compare"], "--show-trainable shapes the summary table; --compare prints its own"),
    ],
)
def test_refusals(run, arguments, message):
    result = run("summary", "-", *arguments, stdin=FROZEN)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_the_options_in_a_pipe_do_not_import_rich():
    from tests.test_startup import GESTURE, command, modules_after

    arguments = ("summary", GESTURE, "--show-trainable", "--columns", TORCHINFO_COLUMNS, "--line-length", "100")
    assert "rich" not in modules_after(command(*arguments))


def test_docs_example_is_the_real_output(run):
    from tests.docs_pages import page
    from tests.test_readme import _doc_examples

    examples = _doc_examples(
        page("reference/summary.md"), lambda args: "--columns" in args or "--show-trainable" in args
    )
    assert len(examples) == 1
    for command, output in examples:
        assert run(*command.split()).stdout == output
