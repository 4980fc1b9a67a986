"""Keras calls the Keras readers refused, shared by tests/test_keras_followups.py, which pins Keras 3.15.1's
summaries of them (tests/golden/keras_followups), and the oracle module, which runs each in a live Keras.

A Bidirectional layer takes ``initial_state``: the forward layer's states, then the backward layer's (Keras
hands each direction half). A layer's tensor may be given by the name of the call's first parameter:
``sequences`` for the recurrent layers and Bidirectional, ``inputs`` for the others.
"""

from __future__ import annotations

HEADER = "import keras\nfrom keras import layers\n\n"

_STATES = (
    'x = keras.Input((5, 4), name="x")\n'
    'h1 = keras.Input((8,), name="h1")\n'
    'c1 = keras.Input((8,), name="c1")\n'
    'h2 = keras.Input((8,), name="h2")\n'
    'c2 = keras.Input((8,), name="c2")\n'
)

#: Functional Keras code: the case's name -> the code, whose ``model`` Keras summarises.
CODE = {
    "bidirectional_lstm_initial_state": HEADER
    + _STATES
    + (
        "y = layers.Bidirectional(layers.LSTM(8, return_state=True))(x, initial_state=[h1, c1, h2, c2])\n"
        "model = keras.Model([x, h1, c1, h2, c2], y)\n"
    ),
    "bidirectional_gru_states_by_position": HEADER
    + _STATES
    + (
        "y = layers.Bidirectional(layers.GRU(8, return_sequences=True), merge_mode=None)(x, [h1, h2])\n"
        "model = keras.Model([x, h1, h2], layers.Add()(y))\n"
    ),
    "gru_sequences_by_keyword": HEADER
    + "x = keras.Input(shape=(5, 4))\nmodel = keras.Model(x, layers.GRU(8)(sequences=x))\n",
    "bidirectional_sequences_by_keyword": HEADER
    + (
        'x = keras.Input((5, 4), name="x")\n'
        "y = layers.Bidirectional(layers.LSTM(4, return_sequences=True))(sequences=x, training=False)\n"
        "model = keras.Model(x, layers.Dense(2)(inputs=y))\n"
    ),
}

#: Cases whose Keras JSON (model.to_json()) is a fixture in tests/fixtures/keras.
JSON_CASES = sorted(CODE)

#: Code Keras (and Python) refuses: the case's name -> the code, where lstmcalc refuses it, its message.
REFUSED = {
    "lstm_given_inputs_by_keyword": (
        HEADER + 'x = keras.Input((5, 4), name="x")\nmodel = keras.Model(x, layers.LSTM(8)(inputs=x))\n',
        "5:46",
        "layer 'lstm' takes its tensor as 'sequences', not 'inputs' (Python refuses such a call: missing a "
        "required argument: 'sequences')",
    ),
    "conv_lstm_given_inputs_by_keyword": (
        HEADER + 'x = keras.Input((5, 6, 3), name="x")\nmodel = keras.Model(x, layers.ConvLSTM1D(2, 3)(inputs=x))\n',
        "5:55",
        "layer 'conv_lstm1d' takes its tensor as 'sequences', not 'inputs' (Python refuses such a call: missing "
        "a required argument: 'sequences')",
    ),
}

#: Code Keras runs, but lists in an order lstmcalc does not follow: the case's name -> the code, where lstmcalc
#: refuses it, its message, and Keras's Connected to of the layer (its keyword tensors sorted by name).
NOT_FOLLOWED = {
    "sequences_by_keyword_with_initial_state": (
        HEADER
        + 'x = keras.Input((5, 4), name="x")\nh = keras.Input((8,), name="h")\n'
        + "model = keras.Model([x, h], layers.GRU(8)(sequences=x, initial_state=[h]))\n",
        "6:53",
        "layer 'gru' is given its sequences by name and its initial_state too: Keras then lists them by name in "
        "Connected to (initial_state, sequences), which lstmcalc does not follow; give the sequences by "
        "position, as the call's first argument",
        ["h", "x"],
    ),
    "sequences_by_keyword_with_a_mask": (
        HEADER
        + 'x = keras.Input((5, 4), name="x")\nm = keras.Input((5,), dtype="bool", name="m")\n'
        + "model = keras.Model([x, m], layers.LSTM(8)(sequences=x, mask=m))\n",
        "6:54",
        "layer 'lstm' is given its sequences by name and its mask too: Keras then lists them by name in "
        "Connected to (mask, sequences), which lstmcalc does not follow; give the sequences by position, as the "
        "call's first argument",
        ["m", "x"],
    ),
}

#: A functional model whose outputs are a dict (Keras's functional API guide's ``outputs={"priority": ...,
#: "department": ...}``): Keras flattens it by its sorted keys, so its rows list the heads in that order,
#: whatever order the dict was written in. Its JSON is tests/fixtures/keras/dict_outputs.json.
DICT_OUTPUTS = HEADER + (
    'inp = keras.Input(shape=(30, 4), name="x")\n'
    "h = layers.LSTM(16)(inp)\n"
    'model = keras.Model(inp, {"zz": layers.Dense(1, name="zz")(h), "aa": layers.Dense(2, name="aa")(h), '
    '"mm": layers.Dense(3, name="mm")(h)})\n'
)
