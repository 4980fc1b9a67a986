"""``d(d(x))``: a shared Keras layer called inside its own call is read as Keras reads it
(tests/keras_nested_call_cases.py, rows from Keras 3)."""

from __future__ import annotations

import pytest

from lstm_calc.api import build
from lstm_calc.readers import PYTHON, read_text
from tests.keras_nested_call_cases import EXPECTED_ROWS, NESTED_CALLS


@pytest.mark.parametrize("name", NESTED_CALLS)
def test_a_layer_called_inside_its_own_call_is_shared(name: str) -> None:
    summary = build(read_text(PYTHON, NESTED_CALLS[name].code, "case.py"), "case.py", None)[1]
    assert [(row.name, row.output_shape, row.params) for row in summary.layers] == EXPECTED_ROWS[name]
