"""One JSON writer for the summary's own schema, one for every other document, both laid out alike."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_calc.api import summarize_file
from lstm_calc.render import json_output
from lstm_calc.render.json_output import json_text, render_json, summary_to_dict
from lstm_calc.stats import model_stats
from tests.conftest import SPECS, stats_or_none
from tests.test_table import summaries

SPEC_FILES = sorted(path.name for path in SPECS.glob("*.yaml"))


@pytest.mark.parametrize("with_stats", [False, True], ids=["summary", "stats"])
@pytest.mark.parametrize("spec", SPEC_FILES)
def test_the_summary_writer_writes_what_the_generic_writer_writes(spec, with_stats):
    summary = summarize_file(str(SPECS / spec))
    stats = model_stats(summary, None, None) if with_stats else None
    text = render_json(summary, stats)
    assert text == json_text(summary_to_dict(summary, stats))
    assert json.loads(text) == summary_to_dict(summary, stats)


@settings(max_examples=300, deadline=None)
@given(st.booleans().flatmap(summaries), st.booleans())
def test_any_summary_is_written_as_the_generic_writer_writes_it(summary, with_stats):
    stats = stats_or_none(summary) if with_stats else None
    assert render_json(summary, stats) == json_text(summary_to_dict(summary, stats))


def test_a_layer_with_several_outputs_writes_one_shape_a_line():
    summary = summarize_file(str(SPECS / "seq2seq.yaml"))
    encoder = render_json(summary).split('"name": "encoder"', 1)[1]
    assert '"output_shape": [\n        [null, 256],\n        [null, 256],\n        [null, 256]\n      ],' in encoder


def test_the_generic_writer_keeps_shapes_on_one_line_and_everything_else_indented():
    document = {"shape": [None, 5, 64], "empty": [], "names": ["a"], "nested": {"n": 1}}
    assert json_text(document) == (
        '{\n  "shape": [null, 5, 64],\n  "empty": [],\n  "names": [\n    "a"\n  ],\n  "nested": {\n    "n": 1\n  }\n}\n'
    )


@settings(max_examples=500, deadline=None)
@given(st.text() | st.text(alphabet='ab"\\\x7f\t é'))
def test_a_name_is_written_as_json_dumps_writes_it(text):
    assert json_output._string(text) == json.dumps(text)
