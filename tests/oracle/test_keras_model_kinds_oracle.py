"""The totals of tests/keras_model_kind_cases.py checked in real Keras 3: each case's code is run (for
the oracle only: lstmcalc never runs code) and its ``model`` has the totals lstmcalc used to get wrong."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.keras_model_kind_cases import NAMES_READ, NAMES_REFUSED, REFUSED  # noqa: E402
from tests.oracle.keras_code_run import run_model_code, summary_totals  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_counts_what_lstmcalc_refuses(name: str) -> None:
    assert summary_totals(run_model_code(REFUSED[name].code)) == REFUSED[name].totals


@pytest.mark.parametrize("name", sorted(NAMES_REFUSED))
def test_keras_names_what_lstmcalc_refuses(name: str) -> None:
    model = run_model_code(NAMES_REFUSED[name][0])
    assert (model.name, tuple(layer.name for layer in model.layers)) == NAMES_REFUSED[name][3]


@pytest.mark.parametrize("name", sorted(NAMES_READ))
def test_keras_names_what_lstmcalc_reads(name: str) -> None:
    model = run_model_code(NAMES_READ[name][0])
    assert (model.name, tuple(layer.name for layer in model.layers)) == NAMES_READ[name][1]
