"""The nested-call cases (tests/keras_nested_call_cases.py) in real Keras 3: the whole summary text is
Keras's, as for the functional code corpus, and the pinned rows are its layers'."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("keras")

from tests.keras_nested_call_cases import EXPECTED_ROWS, NESTED_CALLS  # noqa: E402
from tests.oracle.test_keras_code_corpus_oracle import (  # noqa: E402
    COLUMNS,
    keras_model,
    keras_text,
    lstmcalc_summary,
    lstmcalc_text,
)

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", NESTED_CALLS)
def test_nested_calls_match_keras(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    model = keras_model(NESTED_CALLS[name])
    assert lstmcalc_text(lstmcalc_summary(NESTED_CALLS[name])) == keras_text(model)
    assert [(layer.name, tuple(layer.output.shape), layer.count_params()) for layer in model.layers] == (
        EXPECTED_ROWS[name]
    )
