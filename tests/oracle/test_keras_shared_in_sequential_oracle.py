"""The pins of tests/keras_shared_cases.py, checked in real Keras 3: each case's code is run (for the
oracle only: lstmcalc never runs code), and Keras's rows and totals must be the pinned ones, those
lstmcalc prints for the cases it reads and those it would have miscounted for the ones it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.keras_shared_cases import FROZEN_JSON_READ, FROZEN_JSON_REFUSED, READ, REFUSED  # noqa: E402
from tests.oracle.keras_code_run import run_model_code, summary_rows, summary_totals  # noqa: E402

pytestmark = pytest.mark.oracle

FIXTURES = Path(__file__).parent.parent / "fixtures" / "keras"


@pytest.mark.parametrize("name", sorted(READ))
def test_keras_prints_what_lstmcalc_reads(name: str) -> None:
    case = READ[name]
    model = run_model_code(case.code)
    assert summary_rows(model) == case.rows
    assert summary_totals(model) == case.totals


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_counts_what_lstmcalc_refuses(name: str) -> None:
    model = run_model_code(REFUSED[name].code)
    assert summary_totals(model) == REFUSED[name].totals


@pytest.mark.parametrize(("name", "totals"), [FROZEN_JSON_REFUSED[::2], FROZEN_JSON_READ])
def test_keras_loads_the_frozen_json_fixtures(name: str, totals: tuple[int, int, int]) -> None:
    keras.utils.clear_session(free_memory=False)
    model = keras.models.model_from_json((FIXTURES / name).read_text(encoding="utf-8"))
    assert summary_totals(model) == totals
