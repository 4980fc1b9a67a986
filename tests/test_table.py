"""The table written directly (no colour, every cell on one line) is exactly the table rich draws."""

from __future__ import annotations

import io

import pytest
import rich.console
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_calc.api import summarize_file, summarize_text
from lstm_calc.layers import LAYER_TYPES, Weight
from lstm_calc.render import table
from lstm_calc.summary import LayerSummary, ModelSummary
from tests.conftest import SPECS

SPEC_FILES = sorted(path.name for path in SPECS.glob("*.yaml"))


def drawn(summary: ModelSummary, columns: int, draw=table.render_table) -> str:
    line_length = table.line_length_for(columns)
    output = io.StringIO()
    console = rich.console.Console(file=output, width=max(columns, line_length), highlight=False, color_system=None)
    draw(summary, console, line_length)
    return output.getvalue()


@pytest.mark.parametrize("spec", SPEC_FILES)
def test_every_width_matches_rich(spec):
    summary = summarize_file(str(SPECS / spec))
    for columns in range(30, 130):
        assert drawn(summary, columns) == drawn(summary, columns, table.render_rich_table), columns


def test_the_example_specs_take_the_direct_path_in_an_80_column_pipe():
    taken = [spec for spec in SPEC_FILES if table._plain_text(summarize_file(str(SPECS / spec)), _console(80), 76)]
    assert taken == SPEC_FILES


def _console(width: int) -> rich.console.Console:
    return rich.console.Console(file=io.StringIO(), width=width, color_system=None)


@pytest.mark.parametrize(
    "name",
    ["a b", ":smile:", "[bold]x", "x\\", "日本", "a" * 40, "café"],
)
def test_names_rich_could_change_or_wrap_are_left_to_rich(name):
    summary = summarize_text(f"input: {{shape: [4, 3]}}\nlayers:\n  - {{type: Dense, units: 2, name: '{name}'}}\n")
    assert table._plain_text(summary, _console(80), 76) is None
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
    layers = []
    for name in draw(st.lists(names, min_size=1, max_size=4)):
        output_shape = draw(shapes | st.lists(shapes, min_size=2, max_size=2 if fitting else 3))
        weights = tuple(Weight("kernel", shape) for shape in draw(st.lists(sizes, max_size=3)))
        layer_type = draw(st.sampled_from(sorted(cls.class_name for cls in LAYER_TYPES.values())))
        layers.append(LayerSummary(name, layer_type, (None, 1), output_shape, weights, 4))
    return ModelSummary(draw(names), "keras", "float32", (None, 1), tuple(layers))


@settings(max_examples=300, deadline=None)
@given(st.booleans().flatmap(summaries), st.integers(64, 130) | st.integers(30, 130))
def test_any_summary_matches_rich(summary, columns):
    assert drawn(summary, columns) == drawn(summary, columns, table.render_rich_table)
