"""The pins of tests/keras_loop_cases.py, checked in real Keras 3: each case's code is run (for the
oracle only: lstmcalc never runs code), and Keras's rows and totals must be the pinned ones, those
lstmcalc prints for the loops it unrolls and those Keras gives for the ones it refuses."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.keras_loop_cases import OPERATIONS, READ, REFUSED  # noqa: E402
from tests.keras_shared_cases import ReadCase  # noqa: E402
from tests.oracle.keras_code_run import run_model_code, summary_rows, summary_totals  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", [*sorted(READ), *sorted(OPERATIONS), *sorted(REFUSED)])
def test_keras_gives_the_pinned_figures(name: str) -> None:
    case = {**READ, **OPERATIONS, **REFUSED}[name]
    model = run_model_code(case.code)
    if isinstance(case, ReadCase):
        assert summary_rows(model, operations=True) == case.rows
    assert summary_totals(model) == case.totals
