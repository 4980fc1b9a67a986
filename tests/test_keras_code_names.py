"""Keras code whose automatic names count what the script made before the model
(tests/keras_code_names_cases.py): each read case has Keras's model name and rows; each refused case
is refused at the layer whose name lstmcalc cannot tell, saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_calc.api import build
from lstm_calc.readers import PYTHON, read_text
from tests.code_summaries import assert_refused
from tests.keras_code_names_cases import EXPECTED, NAMES_COUNTED, NAMES_UNKNOWN, PICKED


@pytest.mark.parametrize("name", sorted(NAMES_COUNTED))
def test_names_count_what_the_script_made_before(name: str) -> None:
    case = NAMES_COUNTED[name]
    model_name = case.model if name in PICKED else None
    summary = build(read_text(PYTHON, case.code, "case.py", case.sets, model_name), "case.py", None)[1]
    rows = [(row.name, row.output_shape, row.params) for row in summary.layers]
    assert (summary.name, rows) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(NAMES_UNKNOWN))
def test_a_name_counted_after_code_run_other_than_once_is_asked_for(name: str, tmp_path: Path) -> None:
    code, where, message, _ = NAMES_UNKNOWN[name]
    assert_refused(tmp_path, code, where, message + "\n")


def test_names_given_make_the_counter_irrelevant(tmp_path: Path) -> None:
    code, _, _, _ = NAMES_UNKNOWN["sequential_builder_called_in_a_while_loop_before"]
    named = code.replace("layers.LSTM(8)", 'layers.LSTM(8, name="rnn")').replace(
        "layers.Dense(2)])", 'layers.Dense(2, name="out")], name="net")'
    )
    summary = build(read_text(PYTHON, named, "case.py"), "case.py", None)[1]
    assert (summary.name, [row.name for row in summary.layers]) == ("net", ["rnn", "out"])


def test_the_run_of_a_builder_is_picked_by_its_variable() -> None:
    code = NAMES_COUNTED["sequential_builder_called_with_other_units"].code
    summary = build(read_text(PYTHON, code, "case.py", (), "first"), "case.py", None)[1]
    assert (summary.name, [(row.name, row.params) for row in summary.layers]) == (
        "sequential",
        [("lstm", 416), ("dense", 18)],
    )


def test_a_builder_whose_runs_the_file_does_not_choose_between_is_asked_for(tmp_path: Path) -> None:
    code = NAMES_COUNTED["sequential_builder_called_with_other_units"].code
    assert_refused(
        tmp_path,
        code,
        "5:9",
        "the code builds 2 Sequential models and compiles, fits or summarises none of them: first (line 5), "
        "model (line 6); pick one with --model NAME (its variable or its name=)\n",
    )
