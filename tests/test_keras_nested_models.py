"""A Sequential model used as a layer of Keras functional code (tests/keras_nested_model_cases.py): one row, as
Keras 3's summary shows it; what lstmcalc cannot follow inside it is refused at its line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lstm_calc.api import build
from lstm_calc.errors import SpecError
from lstm_calc.readers import PYTHON, read_text
from lstm_calc.readers.yaml_spec import load_spec_text
from tests.keras_nested_model_cases import EXPECTED_ROWS, NESTED_SEQUENTIAL


def _summary(code: str) -> Any:
    return build(read_text(PYTHON, code, "case.py"), "case.py", None)[1]


def _refusal(code: str) -> str:
    with pytest.raises(SpecError) as refused:
        _summary(code)
    return str(refused.value)


@pytest.mark.parametrize("name", NESTED_SEQUENTIAL)
def test_case_reads_as_keras_builds_it(name: str) -> None:
    summary = _summary(NESTED_SEQUENTIAL[name].code)
    assert [(row.name, row.output_shape, row.params) for row in summary.layers] == EXPECTED_ROWS[name]


def test_the_nested_row_counts_and_lists_every_weight_inside() -> None:
    summary = _summary(NESTED_SEQUENTIAL["sequential_named_and_called_on_an_input"].code)
    # Keras 3.15.1: enc's weights are enc/lstm/lstm_cell/kernel (3, 32)... enc/lstm_1/lstm_cell/bias (16,).
    enc = summary.layers[1]
    assert [(weight.name, weight.shape, weight.trainable) for weight in enc.weights] == [
        ("lstm/kernel", (3, 32), True),
        ("lstm/recurrent_kernel", (8, 32), True),
        ("lstm/bias", (32,), True),
        ("lstm_1/kernel", (8, 16), True),
        ("lstm_1/recurrent_kernel", (4, 16), True),
        ("lstm_1/bias", (16,), True),
    ]
    assert (summary.total_params, summary.trainable_params) == (597, 597)


def test_a_frozen_nested_model_counts_as_keras_does() -> None:
    summary = _summary(NESTED_SEQUENTIAL["sequential_frozen_after_it_is_made"].code)
    # Keras 3.15.1: Total params: 424, Trainable params: 40, Non-trainable params: 384.
    assert (summary.total_params, summary.trainable_params) == (424, 40)


def test_the_siamese_encoder_counts_once() -> None:
    summary = _summary(NESTED_SEQUENTIAL["siamese_encoder_shared_by_two_inputs"].code)
    # Keras 3.15.1: Total params: 17,745 (the encoder's 17,736 once, the Dense's 9).
    assert summary.total_params == 17745


#: A graph spec with a nested Sequential model, named by Keras's defaults.
GRAPH_SPEC = {
    "inputs": {"input_layer": {"shape": [10, 3]}},
    "layers": [
        {
            "name": "enc",
            "type": "Sequential",
            "inputs": "input_layer",
            "layers": [{"type": "LSTM", "units": 8, "return_sequences": True}, {"type": "LSTM", "units": 4}],
        },
        {"name": "dense", "type": "Dense", "units": 1, "inputs": "enc"},
    ],
    "outputs": ["dense"],
}


def test_a_graph_spec_holds_a_nested_sequential_model() -> None:
    summary = build(load_spec_text(json.dumps(GRAPH_SPEC), "<test>"), "<test>")[1]
    # Keras 3.15.1 names the model functional_1: building enc made a Functional first (the oracle holds it).
    assert summary.name == "functional_1"
    assert [(row.name, row.type, row.output_shape, row.params) for row in summary.layers] == [
        ("input_layer", "InputLayer", (None, 10, 3), 0),
        ("enc", "Sequential", (None, 4), 592),
        ("dense", "Dense", (None, 1), 5),
    ]


#: A plain list holding an unnamed Sequential model, then a Dense; the model takes Keras's automatic name.
PLAIN_LIST_SPEC = {
    "input": {"shape": [5, 3]},
    "layers": [{"type": "Sequential", "layers": [{"type": "LSTM", "units": 8}]}, {"type": "Dense", "units": 2}],
}


def test_a_plain_layers_list_holds_a_sequential_model() -> None:
    # Keras 3.15.1, Sequential([Input((5, 3)), Sequential([LSTM(8)]), Dense(2)]): Model "sequential_1" (the
    # nested model took sequential), rows sequential (Sequential) (None, 8) 384 and dense (None, 2) 18
    # (tests/oracle/test_keras_nested_json_oracle.py).
    summary = build(load_spec_text(json.dumps(PLAIN_LIST_SPEC), "<test>"), "<test>")[1]
    assert summary.name == "sequential_1"
    assert [(row.name, row.type, row.output_shape, row.params) for row in summary.layers] == [
        ("sequential", "Sequential", (None, 8), 384),
        ("dense", "Dense", (None, 2), 18),
    ]


def test_a_wrapper_cannot_hold_a_sequential_model() -> None:
    text = json.dumps(
        {
            "input": {"shape": [10, 3]},
            "layers": [{"type": "TimeDistributed", "layer": {"type": "Sequential", "layers": [{"type": "Dense"}]}}],
        }
    )
    with pytest.raises(SpecError) as refused:
        build(load_spec_text(text, "<test>"), "<test>")
    assert "Sequential in TimeDistributed's layer: it is a Sequential model used as a layer: a model holds it" in str(
        refused.value
    )


_HEAD = "import keras\nfrom keras import layers\n\ninp = keras.Input(shape=(10, 3))\n"


def test_an_inner_layer_making_a_mask_is_refused() -> None:
    code = _HEAD + (
        "enc = keras.Sequential([layers.Embedding(50, 4, mask_zero=True), layers.LSTM(8)])\n"
        "model = keras.Model(inp, enc(inp))\n"
    )
    assert _refusal(code) == (
        "case.py:5:25: error: layer 'sequential' (Sequential) holds 'embedding' (Embedding), which makes a mask, which "
        "a nested model's summary row does not follow"
    )


def test_a_sequential_model_inside_a_nested_one_is_refused() -> None:
    code = _HEAD + (
        "enc = keras.Sequential([keras.Sequential([layers.LSTM(8)])])\nmodel = keras.Model(inp, enc(inp))\n"
    )
    assert _refusal(code) == (
        "case.py:5:25: error: a Sequential model inside a Sequential model used as a layer is not read; write the "
        "model's layers out as a list in the Sequential(...) call"
    )


def test_a_list_of_layers_not_written_out_is_refused() -> None:
    code = _HEAD + "stack = [layers.LSTM(8)]\nenc = keras.Sequential(stack)\nmodel = keras.Model(inp, enc(inp))\n"
    assert _refusal(code) == (
        "case.py:6:24: error: a Sequential model used as a layer is read from its list of layers; write the model's "
        "layers out as a list in the Sequential(...) call"
    )


def test_a_call_on_another_shape_than_its_input_is_refused() -> None:
    # Keras 3.15.1 refuses it too: "Input 0 ... is incompatible with the layer: expected shape=(None, 5, 3)".
    code = _HEAD + (
        "enc = keras.Sequential([keras.Input(shape=(5, 3)), layers.LSTM(8)])\nmodel = keras.Model(inp, enc(inp))\n"
    )
    assert "is built on inputs of shape (None, 5, 3) but receives (None, 10, 3)" in _refusal(code)


def test_a_functional_model_used_as_a_layer_is_still_refused() -> None:
    code = _HEAD + (
        "inner = keras.Model(inp, layers.LSTM(8)(inp))\nouter_in = keras.Input(shape=(10, 3))\n"
        "model = keras.Model(outer_in, inner(outer_in))\nmodel.summary()\n"
    )
    assert _refusal(code) == (
        "case.py:7:31: error: a model used as a layer is not read; call its layers on the tensor instead, or "
        "summarise each model on its own"
    )


def test_a_later_call_on_another_shape_than_the_first_is_refused() -> None:
    # Keras 3.15.1 builds the model on its first call's (None, 10, 3) and refuses (None, 5, 3): "incompatible".
    code = _HEAD + (
        "enc = keras.Sequential([layers.LSTM(8, return_sequences=True)], name='enc')\n"
        "other = keras.Input(shape=(5, 3))\nx = enc(inp)\ny = enc(other)\n"
        "model = keras.Model([inp, other], [layers.Dense(1)(x), layers.Dense(2)(y)])\n"
    )
    assert _refusal(code) == (
        "case.py:8:5: error: 'enc' was built on inputs of shape (None, 10, 3) at its first call (line 7) and "
        "receives (None, 5, 3) here, which Keras refuses (incompatible with the layer)"
    )


def test_a_refused_sequential_model_makes_the_names_after_it_unknown() -> None:
    # Keras 3.15.1 names the second model sequential_1 and the model functional_2 (bad was made and built);
    # lstmcalc, which does not read bad, cannot count what it made (tests/oracle: the names Keras gives).
    code = _HEAD + (
        "stack = [layers.Dense(4)]\nbad = keras.Sequential(stack)\nside = bad(inp)\n"
        "model = keras.Model(inp, keras.Sequential([layers.Dense(3)])(inp))\n"
    )
    assert _refusal(code) == (
        "case.py:8:9: error: cannot tell the name Keras gives this Functional: the code makes Functional layers in "
        "a Sequential model it refuses (line 6) before it, as often as that runs; give it one with name='...'"
    )


def test_the_model_s_own_name_after_builds_in_a_loop_lstmcalc_cannot_unroll_is_refused() -> None:
    # Keras 3.15.1: functional_2 after one pass, functional_3 after two: each pass builds a Functional.
    code = (
        "import sys\nimport keras\nfrom keras import layers\n\ninp = keras.Input(shape=(3,))\n"
        "for _ in range(len(sys.argv)):\n    side = keras.Sequential([layers.Dense(4)])(inp)\n"
        "model = keras.Model(inp, keras.Sequential([layers.Dense(3)], name='b')(inp))\n"
    )
    assert _refusal(code) == (
        "case.py:8:9: error: cannot tell the name Keras gives this Functional: the code makes Functional layers in "
        "a loop (line 7) before it, as often as that runs; give it one with name='...'"
    )


@pytest.mark.parametrize(
    ("name", "sizes"),
    [
        # Keras 3.15.1: Total params: 26 (168.00 B): the float64 Dense's 16 at 8 bytes, the other's 10 at 4.
        ("sequential_of_layers_of_two_dtypes", (26, 168)),
        # Keras 3.15.1: Total params: 15 (84.00 B): the int32 weight's 3 at 4 bytes, the float64 ones' 12 at 8.
        ("sequential_holding_a_custom_layer_with_an_int_weight", (15, 84)),
    ],
)
def test_each_inner_weight_is_sized_by_its_own_dtype(name: str, sizes: tuple[int, int]) -> None:
    summary = _summary(NESTED_SEQUENTIAL[name].code)
    assert (summary.total_params, summary.trainable_bytes + summary.non_trainable_bytes) == sizes


@pytest.mark.parametrize(
    ("given", "column"),
    [
        ("keras.Sequential([layers.LSTM(4)], dtype='float64')", 61),
        ("keras.Sequential([layers.LSTM(4)], layers=[])", 61),
    ],
)
def test_an_argument_sequential_does_not_take_is_refused(given: str, column: int) -> None:
    # Keras 3.15.1 raises TypeError for both: an unexpected keyword, and layers given twice.
    argument = given.split(", ")[-1].split("=")[0]
    assert _refusal(_HEAD + f"model = keras.Model(inp, {given}(inp))\n") == (
        f"case.py:5:{column}: error: Sequential() takes layers, trainable and name, each once; {argument}= here "
        "raises a TypeError"
    )


_SUMMARISED = _HEAD + "enc = keras.Sequential([layers.LSTM(4)], name='enc')\nmodel = keras.Model(inp, enc(inp))\n"


def test_a_script_summarising_only_the_nested_model_is_refused() -> None:
    # Keras 3.15.1's enc.summary() prints enc's own table, not the functional model's that lstmcalc would.
    assert _refusal(_SUMMARISED + "enc.summary()\n") == (
        "case.py:7:1: error: the code compiles, fits or summarises 'enc', a Sequential model lstmcalc reads as a layer "
        "of the functional model 'model' (line 6), whose summary it would print; pick that model with --model, or "
        "summarise the Sequential model from a file of its own"
    )


@pytest.mark.parametrize(
    ("tail", "model_name"), [("enc.summary()\nmodel.summary()\n", None), ("enc.summary()\n", "model")]
)
def test_the_functional_model_is_read_where_the_script_or_model_picks_it(tail: str, model_name: str | None) -> None:
    summary = build(read_text(PYTHON, _SUMMARISED + tail, "case.py", (), model_name), "case.py", None)[1]
    assert [(row.name, row.params) for row in summary.layers] == [("input_layer", 0), ("enc", 128)]
