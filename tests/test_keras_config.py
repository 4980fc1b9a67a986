"""The Keras-config mapping (lstm_calc/readers/keras_config.py): its tables agree with the layer table,
and what the exporter writes is what the readers read back."""

from __future__ import annotations

import pytest

from lstm_calc.layers import LAYER_TYPES
from lstm_calc.readers.keras_config import (
    KERAS2_ONLY_ARGUMENTS,
    KERAS_CLASSES,
    NEUTRAL_KERAS_KEYS,
    ONLY_AT_DEFAULT,
    SINGLE_AXIS_LAYERS,
    is_default,
    is_written_to_keras,
)


def test_keys_lstmcalc_has_no_argument_for_are_no_argument_of_any_layer():
    # Were one declared, the reader would map it as an argument and the table entry would be dead.
    for layer_class in LAYER_TYPES.values():
        assert not (NEUTRAL_KERAS_KEYS | set(ONLY_AT_DEFAULT)) & set(layer_class.argument_spellings())


def test_class_names_in_the_tables_are_layer_classes():
    assert SINGLE_AXIS_LAYERS <= set(KERAS_CLASSES)


def test_each_kind_says_which_activation_keras_gives_it():
    # Keras 3.15.1's constructors: activation="tanh" in rnn/lstm.py, gru.py, simple_rnn.py and
    # conv_lstm1d.py / conv_lstm2d.py; None (linear) for Dense, Conv1D, Conv2D.
    tanh = {name for name, cls in KERAS_CLASSES.items() if cls.keras_default_activation == "tanh"}
    assert tanh == {"LSTM", "GRU", "SimpleRNN", "ConvLSTM1D", "ConvLSTM2D", "LSTMCell", "GRUCell", "SimpleRNNCell"}
    argument = KERAS_CLASSES["ConvLSTM2D"].arguments["activation"]
    assert is_default("ConvLSTM2D", argument, "activation", "tanh")
    assert not is_default("ConvLSTM2D", argument, "activation", "relu")
    assert is_default("Dense", KERAS_CLASSES["Dense"].arguments["activation"], "activation", "linear")


@pytest.mark.parametrize("layer_class", list(KERAS_CLASSES.values()), ids=list(KERAS_CLASSES))
def test_every_argument_written_to_keras_reads_back_under_its_own_name(layer_class):
    spellings = layer_class.argument_spellings()
    for argument in layer_class.arguments.values():
        if is_written_to_keras(argument):
            assert spellings[argument.name] is argument
            assert argument.name not in KERAS2_ONLY_ARGUMENTS


def test_a_value_keras_writes_at_its_default_is_left_out_and_true_is_not_one():
    lstm = KERAS_CLASSES["LSTM"]
    assert is_default("LSTM", lstm.arguments["activation"], "activation", "tanh")
    assert not is_default("Dense", KERAS_CLASSES["Dense"].arguments["activation"], "activation", "tanh")
    assert not is_default("LSTM", lstm.arguments["units"], "units", 4)
    assert not is_default("LSTM", lstm.arguments["unit_forget_bias"], "unit_forget_bias", 1)
