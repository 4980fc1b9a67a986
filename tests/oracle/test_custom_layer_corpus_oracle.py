"""Custom Keras layer classes from public repositories (tests/custom_layer_corpus.py), run in real
Keras 3 and read by lstmcalc from their code: the whole summary text and every layer's weights
(names, shapes, trainable, in Keras's order) must agree.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.custom_layer_corpus import CORPUS, FEATURES  # noqa: E402
from tests.oracle.test_keras_code_corpus_oracle import (  # noqa: E402
    COLUMNS,
    keras_model,
    keras_text,
    lstmcalc_summary,
    lstmcalc_text,
)

pytestmark = pytest.mark.oracle


CASES = CORPUS | FEATURES


@pytest.mark.parametrize("name", sorted(CASES))
def test_custom_layers_match_keras(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    case = CASES[name]
    model = keras_model(case)
    summary = lstmcalc_summary(case)
    if model.built and all(layer.built for layer in model.layers):
        assert lstmcalc_text(summary) == keras_text(model)
    else:
        # A subclassed model's build() builds none of its layers (tests/oracle/test_subclassed_code_oracle.py):
        # its first call does; each layer's output is then traced on the shape it was built on.
        model(keras.Input(shape=summary.input_shape[1:]))
        shapes = [(row.name, row.type, row.output_shape[1:]) for row in summary.layers]
        theirs = []
        for layer in model.layers:
            built_on = next(iter(layer._build_shapes_dict.values()))
            traced = layer.compute_output_spec(keras.KerasTensor(built_on))
            theirs.append((layer.name, type(layer).__name__, tuple(traced.shape)[1:]))
        assert shapes == theirs
    rows = {row.name: row for row in summary.layers}
    assert sorted(rows) == sorted(layer.name for layer in model.layers)
    for layer in model.layers:
        row = rows[layer.name]
        assert row.params == layer.count_params(), layer.name
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in row.weights] == weights, layer.name
