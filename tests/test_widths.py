"""Counts are never wrapped or cut, at any terminal width, in a pipe or on a terminal; prose wraps.

Every count is taken from ``--format json`` for the same spec, and looked for, whole and
with thousands separators, in the cell of its own row in the table text.
"""

from __future__ import annotations

import io
import json
import re

import pytest
import rich.cells
import rich.console
import rich.table

from lstm_calc.render import summary_columns, table
from lstm_calc.render.prose import wrap
from tests.case_ids import args_id
from tests.conftest import SPECS

COLUMNS = (20, 40, 60, 80, 100, 120)
#: A count as lstmcalc writes it: groups of three digits after the first.
WELL_FORMED = re.compile(r"\d{1,3}(?:,\d{3})*")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
HUGE = "input: {shape: [3]}\nlayers:\n  - {type: Dense, units: 1000000000000}\n  - {type: Dense, units: 7}\n"
SUMMARY_SPECS = {
    "gesture_classifier": ["gesture_classifier.yaml"],  # sequential
    "text_generator": ["text_generator.yaml"],  # sequential, millions of params
    "seq2seq": ["seq2seq.yaml"],  # a graph: Connected to, and MACs × T
    "huge": ["-"],  # a 19-digit count
}


@pytest.fixture(params=["pipe", "terminal"])
def output(request, run, monkeypatch):
    """Run lstmcalc with COLUMNS set, in a pipe or on a (forced, colour) terminal; ANSI codes removed."""

    def invoke(columns: int, *args: str) -> str:
        monkeypatch.setenv("COLUMNS", str(columns))
        if request.param == "terminal":
            monkeypatch.setenv("FORCE_COLOR", "1")
        result = run(*args, stdin=HUGE)
        assert result.exit_code == 0, result.output
        return ANSI.sub("", result.stdout)

    return invoke


def _spec_args(name: str) -> list[str]:
    return [arg if arg == "-" else str(SPECS / arg) for arg in SUMMARY_SPECS[name]]


def _json(run, *args: str) -> dict:
    return json.loads(run(*args, "--format", "json", stdin=HUGE).stdout)


def _rows(text: str) -> list[list[str]]:
    """The cells of each row's first line, in order, from a summary table."""
    lines = text.splitlines()
    body = lines[next(index for index, line in enumerate(lines) if line.startswith("┡")) + 1 :]
    body = body[: next(index for index, line in enumerate(body) if line.startswith("└"))]
    rows, first = [], True
    for line in body:
        if line.startswith("├"):
            first = True
        elif first:
            rows.append([cell.strip() for cell in line.split("│")[1:-1]])
            first = False
    return rows


def _macs(amount: dict) -> str:
    fixed, per_step = amount["fixed"], amount["per_time_step"]
    parts = [f"{fixed:,}"] if fixed or not per_step else []
    return " + ".join(parts + ([f"{per_step:,} × T"] if per_step else []))


def _assert_well_formed(text: str) -> None:
    for number in re.findall(r"\d[\d,]*\d", text):
        if "," in number:
            assert WELL_FORMED.fullmatch(number), f"broken number {number!r} in:\n{text}"


@pytest.mark.parametrize("columns", COLUMNS)
@pytest.mark.parametrize("with_stats", [False, True], ids=["summary", "stats"])
@pytest.mark.parametrize("spec", sorted(SUMMARY_SPECS))
def test_every_count_is_whole_in_its_row(run, output, spec, with_stats, columns):
    args = ["summary", *_spec_args(spec), *(["--stats"] if with_stats else [])]
    document = _json(run, *args)
    text = output(columns, *args)
    rows = _rows(text)
    assert len(rows) == len(document["layers"])
    for row, layer in zip(rows, document["layers"]):
        assert row[2] == f"{layer['params']:,}", (layer["name"], text)
        if with_stats:
            assert row[3] == _macs(layer["macs"]), (layer["name"], text)
    for label, key in (("Total", "total_params"), ("Trainable", "trainable_params")):
        assert re.search(rf"{label} params:\s+{re.escape(format(document[key], ','))}(?![\d,])", text), text
    if with_stats:
        total_macs = document["stats"]["total_macs"]
        assert f"{total_macs['fixed'] or total_macs['per_time_step']:,}" in text
    _assert_well_formed(text)


@pytest.mark.parametrize("columns", COLUMNS)
@pytest.mark.parametrize("spec", ["gesture_classifier", "seq2seq", "huge"])
def test_compare_keeps_counts_whole(run, output, spec, columns):
    args = ["summary", *_spec_args(spec), "--compare"]
    document = _json(run, *args)
    text = output(columns, *args)
    for layer in document["layers"]:
        counts = [f"{layer['keras_params']:,}", f"{layer['pytorch_params']:,}"]
        difference = layer["difference"]
        counts.append(f"{difference:+,}" if difference else "0")
        row = rf"^{re.escape(layer['name'])} \({layer['type']}\)\s+" + r"\s+".join(map(re.escape, counts))
        assert re.search(row + r"(\s|$)", text, flags=re.M), (layer["name"], text)
    _assert_well_formed(text)


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_compare_wraps_its_reasons_to_the_width(output, columns):
    text = output(columns, "summary", str(SPECS / "gesture_classifier.yaml"), "--compare")
    assert max(map(len, text.splitlines())) <= columns
    assert "PyTorch keeps two bias vectors per gate: +4·h per layer and direction" in " ".join(text.split())


def test_the_issue_table_at_80_and_60_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    stats = run("summary", str(SPECS / "seq2seq.yaml"), "--stats").stdout
    assert "│ 335,872 │ 334,848 × T │" in stats
    monkeypatch.setenv("COLUMNS", "60")
    stats = run("summary", str(SPECS / "gesture_classifier.yaml"), "--stats").stdout
    assert "│  48,896 │  243,200 │" in stats
    graph = run("summary", str(SPECS / "seq2seq.yaml")).stdout
    assert "│ 335,872 │" in graph and "…" not in "".join(row[2] for row in _rows(graph))


@pytest.mark.parametrize("columns", [20, 40])
def test_a_table_that_cannot_fit_is_wider_than_the_terminal(run, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    text = run("summary", str(SPECS / "seq2seq.yaml"), "--stats").stdout
    assert max(map(len, text.splitlines())) > max(columns, table.MIN_LINE_LENGTH)
    assert [row[3] for row in _rows(text)][2:] == ["334,848 × T", "357,376 × T", "23,808 × T"]


@pytest.mark.parametrize(
    "positions",
    [
        summary_columns.positions(("output_shape", "params")),
        summary_columns.positions(("output_shape", "params", "connected_to")),
        summary_columns.positions(("output_shape", "params", "macs")),
        summary_columns.positions(("output_shape", "params", "macs", "connected_to")),
        summary_columns.positions(("output_shape", "params", "trainable")),
        summary_columns.positions(("output_shape", "params", "connected_to", "trainable")),
    ],
    ids=["summary", "graph", "stats", "graph_stats", "trainable", "graph_trainable"],
)
def test_keras_layout_is_the_one_rich_makes(positions):
    # Both writers take their widths from column_widths, so it must be what rich makes of
    # Keras's fixed widths, as Keras's model.summary() hands them to rich.
    for line_length in range(table.MIN_LINE_LENGTH, 120 + 1):
        widths = table._column_widths(positions, line_length)
        drawn = rich.table.Table(*(rich.table.Column(width=width) for width in widths), width=line_length)
        drawn.add_row(*("x" for _ in widths))
        console = rich.console.Console(file=io.StringIO(), width=line_length, color_system=None)
        console.print(drawn)
        top = console.file.getvalue().splitlines()[0]
        assert [len(cell) - 2 for cell in top[1:-1].split("┳")] == table._cell_widths(positions, line_length)


# explain: both packings, the chosen framework first

KERAS_PACKING = [
    "How Keras packs the gates (order i, f, c, o: i input gate, f forget gate, c cell",
    "candidate, o output gate; stacked along columns; kernels hold W transposed):",
    "  kernel            (80, 48)  columns 0:12 W_iᵀ, 12:24 W_fᵀ, 24:36 W_cᵀ,",
    "                              36:48 W_oᵀ; each (80, 12)",
    "  recurrent_kernel  (12, 48)  columns 0:12 U_iᵀ, 12:24 U_fᵀ, 24:36 U_cᵀ,",
    "                              36:48 U_oᵀ; each (12, 12)",
    "  bias              (48,)     0:12 b_i, 12:24 b_f, 24:36 b_c,",
    "                              36:48 b_o; each (12,)",
]
PYTORCH_PACKING = [
    "How PyTorch packs the gates (order i, f, g, o: i input gate, f forget gate, g",
    "cell candidate, o output gate; stacked along rows):",
    "  weight_ih_l0  (48, 80)  rows 0:12 W_ii, 12:24 W_if, 24:36 W_ig,",
    "                          36:48 W_io; each (12, 80)",
    "  weight_hh_l0  (48, 12)  rows 0:12 W_hi, 12:24 W_hf, 24:36 W_hg,",
    "                          36:48 W_ho; each (12, 12)",
    "  bias_ih_l0    (48,)     0:12 b_ii, 12:24 b_if, 24:36 b_ig,",
    "                          36:48 b_io; each (12,)",
    "  bias_hh_l0    (48,)     0:12 b_hi, 12:24 b_hf, 24:36 b_hg,",
    "                          36:48 b_ho; each (12,)",
]


def _packings(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[next(index for index, line in enumerate(lines) if line.startswith("How ")) :]


@pytest.mark.parametrize(
    ("framework", "chosen", "other", "counts"),
    [
        ("keras", KERAS_PACKING, PYTORCH_PACKING, "4,512 params in PyTorch, 4,464 in Keras"),
        ("pytorch", PYTORCH_PACKING, KERAS_PACKING, "4,464 params in Keras, 4,512 in PyTorch"),
    ],
    ids=["keras", "pytorch"],
)
def test_explain_shows_the_chosen_framework_first(run, framework, chosen, other, counts):
    text = run("explain", "lstm", "--units", "12", "--input-dim", "80", "--framework", framework).stdout
    assert _packings(text) == [
        *chosen,
        "",
        *other,
        f"  {counts} (PyTorch keeps two bias vectors per",
        "    gate: +4·h per layer and direction).",
    ]


COUNTERPARTS = [
    # Keras 3's GRU keeps reset_after=True by default: a (2, 3·units) bias, the same count as torch.
    (["gru"], ["  bias_ih_l0    (36,)", "  bias_hh_l0    (36,)", "  3,384 params in PyTorch, 3,384 in"]),
    (["gru", "--no-reset-after"], ["  3,384 params in PyTorch, 3,348 in Keras"]),
    (["gru", "--framework", "pytorch"], ["  bias              (2, 36)", "  3,384 params in Keras, 3,384 in"]),
    (["simplernn"], ["  weight_ih_l0  (12, 80)  W_ih", "  1,128 params in PyTorch, 1,116 in Keras"]),
    (["simplernn", "--framework", "pytorch"], ["  kernel            (80, 12)", "  1,116 params in Keras"]),
    (["lstm", "--bidirectional"], ["  weight_ih_l0_reverse  (48, 80)", "  9,024 params in PyTorch, 8,928 in"]),
    (
        ["lstm", "--framework", "pytorch", "--num-layers", "2", "--bidirectional"],
        ["Keras builds 2 stacked layers", "of Bidirectional(LSTM), 4 such sets", "12,480 params in Keras"],
    ),
    (["lstm", "--framework", "pytorch", "--proj-size", "5"], ["In Keras: Keras's LSTM has no projection"]),
]


@pytest.mark.parametrize(("args", "counterpart"), COUNTERPARTS, ids=[args_id(args) for args, _ in COUNTERPARTS])
def test_explain_counterparts_are_what_the_frameworks_build(run, args, counterpart):
    text = run("explain", args[0], "--units", "12", "--input-dim", "80", *args[1:]).stdout
    for line in counterpart:
        assert line in text


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_explain_prose_wraps_to_the_width(run, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    text = run("explain", "lstm", "--units", "12", "--input-dim", "80").stdout
    formula = text.splitlines()[1]
    for line in text.splitlines():
        # The formula, the equations and a tensor's row head (name, shape, first block) stay whole;
        # so does a piece such as "36:48 W_oᵀ; each (80, 12)".
        whole = line == formula or re.match(r"^  [a-z ]+  \S+ = |^  \w+ +\(\d", line)
        if rich.cells.cell_len(line) > columns and not whole:
            assert " " not in line.strip() or re.match(r"^ +\S+ \S+; each \(\d+, \d+\)$", line), line
    _assert_well_formed(text)
    document = json.loads(run("explain", "lstm", "--units", "12", "--input-dim", "80", "--format", "json").stdout)
    assert [packing["params"] for packing in document["layers"][0]["packings"]] == [4_464, 4_512]


@pytest.mark.parametrize("columns", [40, 80])
def test_check_problems_in_a_pipe_are_one_line_each_at_any_width(run, monkeypatch, tmp_path, columns):
    # CI logs, grep and problem matchers read a problem per line; the terminal table wraps
    # them instead (tests/golden/check/narrow.terminal.out).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "over.yaml").write_text(
        "input: {shape: [4, 2]}\nlayers: [{type: LSTM, units: 3}]\nbudget: {expect_params: 80}\n", encoding="utf-8"
    )
    monkeypatch.setenv("COLUMNS", str(columns))
    text = run("check", "over.yaml").stdout
    assert text.split("\n\n")[1] == (
        "over.yaml:3:25: error: the model has 72 params but expect_params is 80 (-8); "
        "if the change is intended, update expect_params"
    )


def test_params_sentences_wrap_and_the_formula_stays_whole(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    lines = run("params", "lstm", "--input-dim", "126", "--max-params", "50000").stdout.splitlines()
    assert lines[:2] == ["Largest units with at most 50,000", "params: 65"]
    assert lines[2] == "LSTM params = 4 × units × (input_dim + units + 1) = 4 × 65 × (126 + 65 + 1) = 49,920"


def test_no_wrapped_line_starts_a_workflow_command():
    # GitHub's runner takes a line that starts with "::" after its indent for a command.
    message = "x.yaml:2:3: error: layer ::error::pwned (LSTM) has 72 params,  ::warning::x over max_params 1"
    for width in range(1, 100):
        lines = wrap(message, width, "", "    ")
        assert " ".join(" ".join(lines).split()) == " ".join(message.split())
        assert not any(line.lstrip().startswith("::") for line in lines[1:]), (width, lines)
