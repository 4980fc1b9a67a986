"""Subclassed Keras models (tests/subclassed_code_cases.py) run in real Keras 3 and read by lstmcalc
without running them: every layer's name, output shape and weights must agree.

The oracle calls each model on a ``keras.Input`` of the case's input shape: Keras 3's
``model.build(shape)`` on a subclassed model without its own ``build()`` builds none of its
layers (its summary shows ``?`` and ``0 (unbuilt)``), while lstmcalc counts them as the model's
first call will. Under the torch backend Keras shows the batch axis as the symbolic call's
sample size (83); lstmcalc shows ``None``, as the functional API does.
Running the cases' code here is for the oracle only: lstmcalc itself never runs code.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.api import build  # noqa: E402
from lstm_calc.readers import PYTHON, read_text  # noqa: E402
from tests.subclassed_code_cases import CASES, REFUSED, SubclassedCase  # noqa: E402

pytestmark = pytest.mark.oracle


def keras_model(case: SubclassedCase) -> Any:
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "subclassed_case"}
    code = case.code.replace("from tensorflow.keras", "from keras")
    code = code.replace(
        "import tensorflow as tf",
        "import keras\n\n\nclass tf:\n    keras = keras\n    initializers = keras.initializers\n",
    )
    exec(compile(code, "case.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    return namespace[case.model]


@pytest.mark.parametrize("name", sorted(CASES))
def test_subclassed_model_matches_keras(name: str) -> None:
    case = CASES[name]
    model = keras_model(case)
    summary = build(read_text(PYTHON, case.code, "case.py", (), case.picked), "case.py", None)[1]
    if any(not layer.weights for layer in model.layers if type(layer).__name__ in ("LSTM", "GRU", "Dense")):
        model(keras.Input(shape=summary.input_shape[1:]))  # built by build(): its layers are not
    assert summary.name == model.name
    assert [row.name for row in summary.layers] == [layer.name for layer in model.layers]
    assert [row.type for row in summary.layers] == [type(layer).__name__ for layer in model.layers]
    for row, layer in zip(summary.layers, model.layers):
        assert row.params == layer.count_params(), layer.name
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in row.weights] == weights, layer.name
        if layer.weights:  # a layer without weights is built at its creation: Keras shows no shape ('?')
            build_shapes = list(layer._build_shapes_dict.values())  # MultiHeadAttention's: query, value, key
            theirs = tuple(layer.compute_output_shape(*build_shapes))
            assert row.output_shape == (None, *theirs[1:]), layer.name


def test_a_model_the_code_never_builds_is_unbuilt_in_keras_too() -> None:
    # lstmcalc refuses it for want of an input shape (tests/test_subclassed_code.py): Keras has none either.
    model = keras_model(REFUSED["embedding_unbuilt"][0])
    assert not model.built
    assert all(not layer.weights for layer in model.layers)


def test_a_sequential_made_in_a_helper_method_is_left_unbuilt_by_model_build() -> None:
    # lstmcalc refuses the case (it does not follow self.out_steps into the helper); Keras's model.build()
    # builds none of it either: its summary is one unbuilt Sequential row, counted at the first call.
    model = keras_model(REFUSED["sequential_inside"][0])
    assert [(layer.name, layer.built, layer.count_params() if layer.built else None) for layer in model.layers] == [
        ("sequential", False, None)
    ]
