"""The cases of tests/keras_code_gaps_b_cases.py in real Keras 3: the whole summary text is Keras's, every
layer's weights (name, shape, trainable) are, and the pinned rows are its summary's."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.keras_code_gaps_b_cases import CALLS_MADE_IN_PLACE, CELL_LISTS, EXPECTED_ROWS, NONE_ARGUMENTS, TENSOR_SIZES  # noqa: E402
from tests.oracle.test_keras_code_corpus_oracle import (  # noqa: E402
    COLUMNS,
    keras_model,
    keras_text,
    lstmcalc_summary,
    lstmcalc_text,
)

pytestmark = pytest.mark.oracle

CASES = {**CALLS_MADE_IN_PLACE, **CELL_LISTS, **NONE_ARGUMENTS, **TENSOR_SIZES}


@pytest.mark.parametrize("name", CASES)
def test_case_matches_keras(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    model = keras_model(CASES[name])
    summary = lstmcalc_summary(CASES[name])
    assert lstmcalc_text(summary) == keras_text(model)
    operations = model.layers if type(model).__name__ == "Sequential" else model.operations
    rows = [(op.name, _shapes(op.output), op.count_params() if hasattr(op, "count_params") else 0) for op in operations]
    assert rows == EXPECTED_ROWS[name]
    by_name = {row.name: row for row in summary.layers}
    for layer in model.layers:
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in by_name[layer.name].weights] == weights


def _shapes(output: Any) -> Any:
    """An output's shape, or its outputs' shapes listed flat, as the summary lists them."""
    if hasattr(output, "shape"):
        return tuple(output.shape)
    return [tuple(tensor.shape) for tensor in keras.tree.flatten(output)]
