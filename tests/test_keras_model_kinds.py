"""Keras code building models of more than one kind is refused at the first model of a second kind,
with the models listed, and with --model too: no reader sees the layers another kind's model makes,
which Keras's layer names count; and Sequential code making layers of the model's classes before them, as
often as code lstmcalc cannot follow runs, is refused (tests/keras_model_kind_cases.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.code_summaries import assert_refused, read_summary
from tests.keras_model_kind_cases import NAMES_READ, NAMES_REFUSED, REFUSED


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("extra", [(), ("--model", "model")])
def test_refused_at_the_second_kind(name: str, extra: tuple[str, ...], tmp_path: Path) -> None:
    case = REFUSED[name]
    assert_refused(tmp_path, case.code, case.where, case.message + "\n", *extra)


@pytest.mark.parametrize("name", sorted(NAMES_REFUSED))
def test_a_namesake_made_outside_the_model_is_refused(name: str, tmp_path: Path) -> None:
    code, where, message, _ = NAMES_REFUSED[name]
    assert_refused(tmp_path, code, where, message + "\n")


@pytest.mark.parametrize("name", sorted(NAMES_READ))
def test_layers_keras_does_not_count_are_read_past(name: str, tmp_path: Path) -> None:
    code, (model_name, rows) = NAMES_READ[name]
    summary = read_summary(tmp_path, code)
    assert (summary["name"], tuple(row["name"] for row in summary["layers"])) == (model_name, rows)
