"""The plain table writer wraps long cells exactly as rich does, so that rich is needed only for colour."""

from __future__ import annotations

import io

import rich.console
import rich.text
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_calc.amount import Amount
from lstm_calc.api import summarize_text
from lstm_calc.layers import Weight
from lstm_calc.render import table
from lstm_calc.render.columns import aligned_cells, wrapped_cell
from lstm_calc.summary import Connection, LayerSummary, ModelSummary
from tests.conftest import stats_or_none

NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyzAZ0189_.-"


def rich_cell(text: str, width: int, justify: str) -> list[str]:
    """The lines rich's table shows for a cell: Text.wrap with a column's default overflow."""
    console = rich.console.Console(file=io.StringIO(), width=200, color_system=None)
    lines = rich.text.Text(text).wrap(console, width, justify=justify, overflow="ellipsis")
    return [line.plain for line in lines]


def drawn(summary: ModelSummary, columns: int, draw, stats=None) -> str:
    line_length = table.line_length_for(columns, summary)
    output = io.StringIO()
    console = rich.console.Console(file=output, width=max(columns, line_length), highlight=False, color_system=None)
    draw(summary, console, line_length, stats)
    return output.getvalue()


def test_a_cell_wraps_at_spaces_and_cuts_a_word_too_long_for_its_column():
    assert wrapped_cell("encoder[0][0], decoder[0][1]", 15) == ["encoder[0][0], ", "decoder[0][1]  "]
    assert wrapped_cell("an_overly_long_name (Dense)", 10) == ["an_overly…", "(Dense)   "]
    assert wrapped_cell("12,345", 8, "right") == ["  12,345"]
    assert wrapped_cell("", 3) == ["   "]


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.text(alphabet=NAME_CHARACTERS + "[](),", min_size=1, max_size=30), max_size=12)
    .map(lambda words: st.sampled_from([" ", ", ", "  "]).map(lambda space: space.join(words)))
    .flatmap(lambda text: text),
    st.integers(2, 40),
    st.sampled_from(["left", "right", "center"]),
)
def test_any_cell_wraps_as_rich_wraps_it(text, width, justify):
    assert wrapped_cell(text, width, justify) == rich_cell(text, width, justify)


@st.composite
def long_cell_summaries(draw) -> ModelSummary:
    """Graphs whose names, shapes and connections are often too long for their columns."""
    names = st.text(alphabet=NAME_CHARACTERS, min_size=1, max_size=60)
    shapes = st.lists(st.none() | st.integers(1, 10**12), min_size=1, max_size=8).map(tuple)
    layers = []
    graph = draw(st.booleans())
    for name in draw(st.lists(names, min_size=1, max_size=5)):
        output_shape = draw(shapes | st.lists(shapes, min_size=2, max_size=5))
        weights = tuple(Weight("kernel", shape) for shape in draw(st.lists(st.tuples(st.integers(1, 999)), max_size=2)))
        connections = st.builds(Connection, names, st.integers(0, 300), st.integers(0, 3))
        connected_to = tuple(draw(st.lists(connections, max_size=30))) if graph else ()
        macs = Amount(draw(st.integers(0, 10**9)), draw(st.integers(0, 10**6)))
        layers.append(LayerSummary(name, "Dense", (None, 1), output_shape, weights, 4, (), connected_to, macs))
    return ModelSummary(
        draw(names), "keras", "float32", (None, 1), tuple(layers), functional=graph, sequential_like=not graph
    )


@settings(max_examples=400, deadline=None)
@given(long_cell_summaries(), st.integers(30, 140), st.booleans())
def test_long_cells_are_written_directly_exactly_as_rich_draws_them(summary, columns, with_stats):
    stats = stats_or_none(summary) if with_stats else None
    line_length = table.line_length_for(columns, summary)
    width = max(columns, line_length)
    direct = table._plain_text(summary, width, line_length, stats)
    expected = drawn(summary, columns, table.render_rich_table, stats)
    if direct is not None:
        assert direct == expected
    assert drawn(summary, columns, table.render_table, stats) == expected


def test_a_layer_shared_many_times_is_written_directly():
    uses = "".join(f"  - {{shares: cell, inputs: x, name: use_{index}}}\n" for index in range(40))
    spec = (
        "inputs: {x: {shape: [4]}}\nlayers:\n  - {type: Dense, units: 4, name: cell, inputs: x}\n"
        + uses
        + "  - {type: Concatenate, inputs: [cell, "
        + ", ".join(f"use_{index}" for index in range(40))
        + "]}\n"
    )
    summary = summarize_text(spec)
    direct = table._plain_text(summary, 112, 108)
    assert direct is not None
    assert direct == drawn(summary, 112, table.render_rich_table)
    assert "│ cell (Dense)" in direct
    assert direct.count("x[0][0]") == 41


def test_a_long_name_is_cut_short_as_rich_cuts_it():
    summary = summarize_text("input: {shape: [4, 3]}\nlayers:\n  - {type: Dense, units: 2, name: '" + "a" * 40 + "'}\n")
    direct = table._plain_text(summary, 80, 76)
    assert direct is not None
    assert "│ " + "a" * 30 + "… │" in direct
    assert direct == drawn(summary, 80, table.render_rich_table)


def test_an_ascii_output_leaves_a_cut_name_to_rich():
    summary = summarize_text("input: {shape: [4, 3]}\nlayers:\n  - {type: Dense, units: 2, name: '" + "a" * 40 + "'}\n")
    assert table._plain_text(summary, 80, 76, ascii_only=True) is None


def test_columns_are_padded_to_their_widest_cell():
    rows = [("Layer", "Params", "Why"), ("lstm (LSTM)", "4,464", "")]
    assert aligned_cells(rows, right_aligned=(1,)) == [
        ["Layer      ", "Params", "Why"],
        ["lstm (LSTM)", " 4,464", "   "],
    ]
