"""The cases of tests/keras_nested_model_cases.py in real Keras 3: the whole summary text is Keras's, every
layer's weights (name, shape, trainable) are, and the pinned rows are its summary's."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.keras_nested_model_cases import EXPECTED_ROWS, NESTED_SEQUENTIAL  # noqa: E402
from tests.oracle.test_keras_code_corpus_oracle import (  # noqa: E402
    COLUMNS,
    keras_model,
    keras_text,
    lstmcalc_summary,
    lstmcalc_text,
)

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", NESTED_SEQUENTIAL)
def test_case_matches_keras(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    model = keras_model(NESTED_SEQUENTIAL[name])
    summary = lstmcalc_summary(NESTED_SEQUENTIAL[name])
    assert lstmcalc_text(summary) == keras_text(model)
    # The summary shows each layer's last call (a nested model called on two shapes); op.output is its first.
    rows = [
        (
            op.name,
            _shapes(op._inbound_nodes[-1].output_tensors),
            op.count_params() if hasattr(op, "count_params") else 0,
        )
        for op in model.operations
    ]
    assert rows == EXPECTED_ROWS[name]
    by_name = {row.name: row for row in summary.layers}
    for layer in model.layers:
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in by_name[layer.name].weights] == weights


def test_a_nested_model_inside_is_one_row_whose_weights_are_its_layers() -> None:
    model = keras_model(NESTED_SEQUENTIAL["sequential_named_and_called_on_an_input"])
    enc = model.get_layer("enc")
    assert [w.path for w in enc.weights][0] == "enc/lstm/lstm_cell/kernel"
    assert enc.count_params() == 592


def test_sequential_trainable_false_given_to_the_constructor_changes_no_count() -> None:
    keras.utils.clear_session(free_memory=False)
    block = keras.Sequential([keras.layers.Dense(4)], trainable=False)
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, block(inputs))
    assert sum(int(w.numpy().size) for w in model.trainable_weights) == 16


def test_a_sequential_call_on_another_shape_than_its_input_is_refused() -> None:
    # As lstmcalc refuses it (tests/test_keras_nested_models.py).
    keras.utils.clear_session(free_memory=False)
    enc = keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.LSTM(8)])
    inputs = keras.Input(shape=(10, 3))
    with pytest.raises(ValueError, match="is incompatible with the layer"):
        enc(inputs)


def test_a_later_call_on_another_shape_than_the_first_is_refused() -> None:
    # As lstmcalc refuses it (tests/test_keras_nested_models.py).
    keras.utils.clear_session(free_memory=False)
    enc = keras.Sequential([keras.layers.LSTM(8, return_sequences=True)], name="enc")
    enc(keras.Input(shape=(10, 3)))
    with pytest.raises(ValueError, match="is incompatible with the layer"):
        enc(keras.Input(shape=(5, 3)))


def _shapes(output: Any) -> Any:
    """An output's shape, or its outputs' shapes listed flat, as the summary lists them."""
    if hasattr(output, "shape"):
        return tuple(output.shape)
    flat = [tuple(tensor.shape) for tensor in keras.tree.flatten(output)]
    return flat[0] if len(flat) == 1 else flat


def test_each_pass_of_a_loop_building_a_sequential_model_takes_a_functional_name() -> None:
    # Why lstmcalc refuses the model's automatic name after a loop it cannot unroll (test_keras_nested_models.py).
    names = []
    for passes in (1, 2):
        keras.utils.clear_session(free_memory=False)
        inp = keras.Input(shape=(3,))
        for _ in range(passes):
            keras.Sequential([keras.layers.Dense(4)])(inp)
        names.append(keras.Model(inp, keras.Sequential([keras.layers.Dense(3)], name="b")(inp)).name)
    assert names == ["functional_2", "functional_3"]


def test_a_sequential_model_lstmcalc_refuses_takes_names_all_the_same() -> None:
    # lstmcalc does not read Sequential(stack), so refuses the names after it (test_keras_nested_models.py).
    keras.utils.clear_session(free_memory=False)
    inp = keras.Input(shape=(10, 3))
    stack = [keras.layers.Dense(4)]
    bad = keras.Sequential(stack)
    bad(inp)
    model = keras.Model(inp, keras.Sequential([keras.layers.Dense(3)])(inp))
    assert (model.name, model.layers[1].name) == ("functional_2", "sequential_1")


@pytest.mark.parametrize("keywords", [{"dtype": "float64"}, {"layers": []}])
def test_sequential_refuses_an_argument_it_does_not_take(keywords: dict[str, Any]) -> None:
    # As lstmcalc refuses it (tests/test_keras_nested_models.py).
    with pytest.raises(TypeError):
        keras.Sequential([keras.layers.LSTM(4)], **keywords)


def test_summarising_the_nested_model_prints_its_own_table() -> None:
    # Why lstmcalc refuses a script that summarises only the nested model (tests/test_keras_nested_models.py).
    keras.utils.clear_session(free_memory=False)
    enc = keras.Sequential([keras.layers.LSTM(4)], name="enc")
    inp = keras.Input(shape=(10, 3))
    keras.Model(inp, enc(inp))
    assert keras_text(enc).startswith('Model: "enc"')
