"""The rebinding cases of tests/keras_rebinding_cases.py in Keras 3: the pinned totals are Keras's (for a
refused case, not what the class its name says would give)."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from tests.keras_rebinding_cases import READ, REFUSED  # noqa: E402
from tests.oracle.keras_code_run import run_model_code, summary_totals  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_makes_what_the_name_is_bound_to(name: str) -> None:
    code, *_, total = REFUSED[name]
    assert summary_totals(run_model_code(code))[0] == total


@pytest.mark.parametrize("name", sorted(READ))
def test_keras_counts_the_alias_s_class(name: str) -> None:
    code, total = READ[name]
    assert summary_totals(run_model_code(code))[0] == total
