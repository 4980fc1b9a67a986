"""Keras class names the file binds to something else too (lstm_calc/readers/keras_rebinding.py), shared by
tests/test_keras_rebinding.py and its oracle module. Refused cases carry the total Keras 3.15.1 gives, which
is not what the name's class would give; read cases carry Keras's total, which lstmcalc prints."""

from __future__ import annotations

HEADER = "import functools\n\nimport keras\nfrom keras import layers\nfrom keras.layers import GRU, LSTM, Dense\n\n"
FUNCTIONAL_END = "x = layers.Dense(1)(LSTM(8)(inputs))\nmodel = keras.Model(inputs, x)\n"
INPUTS = "inputs = keras.Input(shape=(10, 4))\n"

#: name -> (code, where the call is refused, the name, how and where it is bound, Keras's total).
REFUSED = {
    # After a probe's case: a cell type chosen by rebinding the class's name.
    "a_class_name_rebound_under_an_if": (
        HEADER + 'CELL = "gru"\nif CELL == "gru":\n    LSTM = GRU\n' + INPUTS + FUNCTIONAL_END,
        "11:21",
        "LSTM",
        "an assignment at line 9",
        345,
    ),
    "a_partial_under_the_class_name": (
        HEADER + "LSTM = functools.partial(layers.LSTM, return_sequences=True)\n" + INPUTS + FUNCTIONAL_END,
        "9:21",
        "LSTM",
        "an assignment at line 7",
        425,
    ),
    "a_function_of_the_name_beside_its_import": (
        HEADER
        + "def Dense(units):\n    return layers.Dense(units * 2)\n\n\n"
        + INPUTS
        + "model = keras.Model(inputs, Dense(4)(inputs))\n",
        "12:29",
        "Dense",
        "a def at line 7",
        40,
    ),
    "a_parameter_default": (
        HEADER + "def build(LSTM=layers.GRU):\n    inputs = keras.Input(shape=(10, 4))\n"
        "    return keras.Model(inputs, LSTM(8)(inputs))\n\n\nmodel = build()\n",
        "9:32",
        "LSTM",
        "a parameter at line 7",
        336,
    ),
    "a_class_attribute_read_through_its_class": (
        HEADER + "class ns:\n    LSTM = GRU\n\n\n" + INPUTS + "model = keras.Model(inputs, ns.LSTM(8)(inputs))\n",
        "12:29",
        "ns.LSTM",
        "a class at line 7",
        336,
    ),
}

#: Aliases that keep the class, read as before: name -> (code, Keras's total).
READ = {
    "the_class_under_its_own_name": (
        "import keras\n\nDense = keras.layers.Dense\nL = keras.layers\n\n"
        "inputs = keras.Input(shape=(4,))\nmodel = keras.Model(inputs, L.Dense(2)(Dense(3)(inputs)))\n",
        23,
    ),
    "a_function_of_a_name_not_imported": (
        "import keras\nfrom keras import layers\n\n\ndef Dense(units):\n    return layers.Dense(units * 2)\n\n\n"
        "inputs = keras.Input(shape=(4,))\nmodel = keras.Model(inputs, Dense(4)(inputs))\n",
        40,
    ),
}
