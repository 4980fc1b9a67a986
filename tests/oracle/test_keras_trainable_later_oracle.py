"""The wrapper cases of tests/keras_trainable_later_cases.py in Keras 3: the pinned totals are Keras's."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from tests.keras_trainable_later_cases import SET_LATER  # noqa: E402
from tests.oracle.keras_code_run import run_model_code, summary_totals  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(SET_LATER))
def test_keras_counts_the_pinned_totals(name: str) -> None:
    code, (total, trainable) = SET_LATER[name]
    assert summary_totals(run_model_code(code))[:2] == (total, trainable)
