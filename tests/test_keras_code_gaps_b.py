"""Keras code the reader refused or misnamed (tests/keras_code_gaps_b_cases.py): each case is read as
Keras 3 builds it, its rows as Keras's summary gives them."""

from __future__ import annotations

import pytest

from lstm_calc.api import build
from lstm_calc.errors import SpecError
from lstm_calc.readers import PYTHON, read_text
from tests.keras_code_gaps_b_cases import CALLS_MADE_IN_PLACE, CELL_LISTS, EXPECTED_ROWS, NONE_ARGUMENTS, TENSOR_SIZES

CASES = {**CALLS_MADE_IN_PLACE, **CELL_LISTS, **NONE_ARGUMENTS, **TENSOR_SIZES}


@pytest.mark.parametrize("name", CASES)
def test_case_reads_as_keras_builds_it(name: str) -> None:
    summary = build(read_text(PYTHON, CASES[name].code, "case.py"), "case.py", None)[1]
    assert [(row.name, row.output_shape, row.params) for row in summary.layers] == EXPECTED_ROWS[name]


def test_one_cells_list_given_to_two_rnns_is_still_refused() -> None:
    # Keras shares the cells: rnn and rnn_1 show 7,872 each and the total is 7,872, which lstmcalc does not follow.
    code = (
        "import keras\nfrom keras import layers\n\ninp = keras.Input(shape=(10, 4))\n"
        "cells = [layers.LSTMCell(32), layers.LSTMCell(16)]\n"
        "x = layers.RNN(cells)(inp)\ny = layers.RNN(cells)(inp)\nmodel = keras.Model(inp, [x, y])\n"
    )
    with pytest.raises(SpecError) as refused:
        build(read_text(PYTHON, code, "case.py"), "case.py", None)
    assert str(refused.value) == (
        "case.py:7:16: error: 'cells' is the layer object made at line 5 and already used at line 6: Keras holds the "
        "one object in both places and counts its weights once, which lstmcalc does not follow; make a new layer for "
        "each use"
    )


def test_mask_none_on_a_layer_whose_keras_call_takes_none_is_refused() -> None:
    # Keras 3.15.1: Dense(8)(x, mask=None) raises TypeError: got an unexpected keyword argument 'mask'.
    code = (
        "import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(10, 4))\n"
        "x = layers.Dense(8)(inputs, mask=None)\nmodel = keras.Model(inputs, x)\n"
    )
    with pytest.raises(SpecError) as refused:
        build(read_text(PYTHON, code, "case.py"), "case.py", None)
    assert str(refused.value) == (
        "case.py:5:34: error: layer 'dense' is called with mask=None, which Keras's Dense does not take (Python "
        "refuses such a call: unexpected keyword argument 'mask'); leave it out"
    )


@pytest.mark.parametrize(
    ("shape", "size", "asked"),
    [
        # Keras 3.15.1 makes each of these None, and refuses Dense(units=None): "expected a positive integer".
        ("(None, 4)", "inputs.shape[1]", "inputs.shape[1]"),
        ("(10, 4)", "inputs.shape[0]", "inputs.shape[0]"),
        ("(None, 4)", "layers.LSTM(8, return_sequences=True)(inputs).shape[1]", None),
    ],
)
def test_a_size_keras_knows_only_when_the_model_runs_is_still_asked_for(shape: str, size: str, asked: str) -> None:
    code = (
        f"import keras\nfrom keras import layers\n\ninputs = keras.Input(shape={shape})\n"
        f"x = layers.Dense({size})(inputs)\nmodel = keras.Model(inputs, x)\n"
    )
    with pytest.raises(SpecError) as refused:
        build(read_text(PYTHON, code, "case.py"), "case.py", None)
    assert "without running the code" in str(refused.value)
    if asked is not None:
        assert str(refused.value) == (
            f"case.py:5:18: error: cannot evaluate '{asked}' (Dense's units) without running the code; give its "
            f"value with --set '{asked}=VALUE'"
        )


def test_the_time_size_a_layer_keeps_unknown_is_asked_for() -> None:
    code = (
        "import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(None, 4))\n"
        "x = layers.LSTM(16, return_sequences=True)(inputs)\nx = layers.Dense(x.shape[1])(x)\n"
        "model = keras.Model(inputs, x)\n"
    )
    with pytest.raises(SpecError) as refused:
        build(read_text(PYTHON, code, "case.py"), "case.py", None)
    assert str(refused.value) == (
        "case.py:6:18: error: cannot evaluate 'x.shape[1]' (Dense's units) without running the code; give its "
        "value with --set 'x.shape[1]=VALUE'"
    )


def test_mask_none_on_a_cudnn_layer_reads_as_without_it() -> None:
    # Keras 2's CuDNNLSTM.call takes mask=None (and refuses any mask tensor): None is no mask.
    code = (
        "import keras\nfrom keras.layers import CuDNNLSTM\n\ninputs = keras.Input(shape=(10, 4))\n"
        "x = CuDNNLSTM(8)(inputs{})\nmodel = keras.Model(inputs, x)\n"
    )
    with_none, without = (
        build(read_text(PYTHON, code.format(given), "case.py"), "case.py", None)[1] for given in (", mask=None", "")
    )
    assert [(row.name, row.output_shape, row.params) for row in with_none.layers] == [
        (row.name, row.output_shape, row.params) for row in without.layers
    ]
