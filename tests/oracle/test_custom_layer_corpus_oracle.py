"""Custom Keras layer classes from public repositories (tests/custom_layer_corpus.py), run in real
Keras 3 and read by lstmcalc from their code: the whole summary text and every layer's weights
(names, shapes, trainable, in Keras's order) must agree.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
pytest.importorskip("keras")

from tests.custom_layer_corpus import CORPUS  # noqa: E402
from tests.oracle.test_keras_code_corpus_oracle import (  # noqa: E402
    COLUMNS,
    keras_model,
    keras_text,
    lstmcalc_summary,
    lstmcalc_text,
)

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_custom_layers_match_keras(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    case = CORPUS[name]
    model = keras_model(case)
    summary = lstmcalc_summary(case)
    assert lstmcalc_text(summary) == keras_text(model)
    rows = {row.name: row for row in summary.layers}
    assert sorted(rows) == sorted(layer.name for layer in model.layers)
    for layer in model.layers:
        row = rows[layer.name]
        assert row.params == layer.count_params(), layer.name
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in row.weights] == weights, layer.name
