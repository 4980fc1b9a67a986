"""The table written directly (no colour, every cell on one line) is exactly the table rich draws,
with and without the Connected to and MACs (``--stats``) columns."""

from __future__ import annotations

import io

import pytest
import rich.console
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_calc.amount import Amount
from lstm_calc.api import summarize_file, summarize_text
from lstm_calc.layers import LAYER_TYPES, Weight
from lstm_calc.render import table
from lstm_calc.stats import model_stats
from lstm_calc.summary import Connection, LayerSummary, ModelSummary
from tests.conftest import SPECS, stats_or_none

SPEC_FILES = sorted(path.name for path in SPECS.glob("*.yaml"))
#: A graph whose cells fit, so that its table (with Connected to) is written directly too.
SMALL_GRAPH = """\
inputs: {a: {shape: [4, 3]}, b: {shape: [4, 5]}}
layers:
  - {type: LSTM, units: 8, name: left, inputs: a}
  - {type: GRU, units: 8, name: right, inputs: b}
  - {type: Concatenate, name: both, inputs: [left, right]}
  - {type: Dense, units: 2, name: out}
"""


def drawn(summary: ModelSummary, columns: int, draw=table.render_table, stats=None) -> str:
    line_length = table.line_length_for(columns, summary)
    output = io.StringIO()
    console = rich.console.Console(file=output, width=max(columns, line_length), highlight=False, color_system=None)
    draw(summary, console, line_length, stats)
    return output.getvalue()


@pytest.mark.parametrize("with_stats", [False, True], ids=["summary", "stats"])
@pytest.mark.parametrize("spec", SPEC_FILES)
def test_every_width_matches_rich(spec, with_stats):
    summary = summarize_file(str(SPECS / spec))
    stats = model_stats(summary, None, None) if with_stats else None
    for columns in range(30, 130):
        assert drawn(summary, columns, stats=stats) == drawn(summary, columns, table.render_rich_table, stats), columns


@pytest.mark.parametrize("with_stats", [False, True], ids=["summary", "stats"])
def test_a_graph_that_fits_is_written_directly_and_matches_rich(with_stats):
    summary = summarize_text(SMALL_GRAPH)
    assert not summary.sequential_like
    stats = model_stats(summary, None, None) if with_stats else None
    assert table._plain_text(summary, 112, 108, stats) is not None
    for columns in range(30, 130):
        assert drawn(summary, columns, stats=stats) == drawn(summary, columns, table.render_rich_table, stats), columns


def test_the_example_specs_take_the_direct_path_in_an_80_column_pipe():
    def direct(spec: str) -> bool:
        summary = summarize_file(str(SPECS / spec))
        return table._plain_text(summary, 80, table.line_length_for(80, summary)) is not None

    # seq2seq's shape lists and connections wrap in 76 columns: the direct path wraps them too.
    assert [spec for spec in SPEC_FILES if not direct(spec)] == []


def _console(width: int) -> rich.console.Console:
    return rich.console.Console(file=io.StringIO(), width=width, color_system=None)


@pytest.mark.parametrize(
    "name",
    ["a b", ":smile:", "[bold]x", "x\\", "日本", "café"],
    ids=["space", "emoji_code", "markup", "backslash", "wide", "accent"],
)
def test_names_rich_could_change_or_wrap_are_left_to_rich(name):
    summary = summarize_text(f"input: {{shape: [4, 3]}}\nlayers:\n  - {{type: Dense, units: 2, name: '{name}'}}\n")
    assert table._plain_text(summary, 80, 76) is None
    assert drawn(summary, 80) == drawn(summary, 80, table.render_rich_table)


def test_a_colour_terminal_is_drawn_by_rich(monkeypatch):
    summary = summarize_file(str(SPECS / "lstm_1_unit.yaml"))
    output = io.StringIO()
    console = rich.console.Console(file=output, width=80, color_system="256", force_terminal=True)
    monkeypatch.setattr(table, "_plain_text", lambda *args: pytest.fail("the direct path drew colour"))
    table.render_table(summary, console, 76)
    assert "\x1b[" in output.getvalue()


PLAIN = "abcdefghijklmnopqrstuvwxyzAZ0189_.-"


@st.composite
def summaries(draw, fitting: bool) -> ModelSummary:
    """Random summaries: ``fitting`` ones have short plain names and small sizes, as the direct path takes."""
    names = st.text(alphabet=PLAIN, min_size=1, max_size=10) if fitting else st.text(PLAIN, min_size=1) | st.text()
    dims = st.none() | (st.integers(1, 999) if fitting else st.integers(1, 10**15))
    shapes = st.lists(dims, min_size=1, max_size=3 if fitting else 6).map(tuple)
    sizes = st.lists(st.integers(1, 999 if fitting else 10**9), max_size=3).map(tuple)
    counts = st.integers(0, 999 if fitting else 10**12)
    graph = draw(st.booleans())
    layers = []
    for name in draw(st.lists(names, min_size=1, max_size=4)):
        output_shape = draw(shapes | st.lists(shapes, min_size=2, max_size=2 if fitting else 3))
        weights = tuple(Weight("kernel", shape) for shape in draw(st.lists(sizes, max_size=3)))
        layer_type = draw(st.sampled_from(sorted(cls.class_name for cls in LAYER_TYPES.values())))
        connections = st.builds(Connection, names, st.integers(0, 3), st.integers(0, 3))
        connected_to = tuple(draw(st.lists(connections, max_size=2 if fitting else 4))) if graph else ()
        macs = Amount(draw(counts), draw(counts))
        layers.append(LayerSummary(name, layer_type, (None, 1), output_shape, weights, 4, (), connected_to, macs))
    return ModelSummary(
        draw(names), "keras", "float32", (None, 1), tuple(layers), functional=graph, sequential_like=not graph
    )


@settings(max_examples=300, deadline=None)
@given(st.booleans().flatmap(summaries), st.integers(64, 130) | st.integers(30, 130), st.booleans())
def test_any_summary_matches_rich(summary, columns, with_stats):
    stats = stats_or_none(summary) if with_stats else None
    assert drawn(summary, columns, stats=stats) == drawn(summary, columns, table.render_rich_table, stats)


def test_a_capturing_console_captures_the_direct_table():
    summary = summarize_file(str(SPECS / "lstm_1_unit.yaml"))
    console = rich.console.Console(file=io.StringIO(), width=80, highlight=False, color_system=None)
    console.begin_capture()
    table.render_table(summary, console, 76)
    assert console.end_capture() == drawn(summary, 80, table.render_rich_table)
    assert console.file.getvalue() == ""
