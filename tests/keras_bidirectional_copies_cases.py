"""``trainable`` set on a layer after a Bidirectional is made of it, in functional Keras code. Keras 3's
Bidirectional builds its forward layer, and without ``backward_layer`` its backward layer, afresh from the
config of the layer given (keras/src/layers/rnn/bidirectional.py), so a flag set on that layer later
reaches neither; set before, it is in the config they are made from. A ``backward_layer`` given is held
as it is, as TimeDistributed holds its layer and RNN its cell, so a flag set on those later applies.

Shared by tests/test_keras_bidirectional_copies.py, which pins Keras 3.15.1's summaries of them
(tests/golden/keras_bidirectional_copies, with the Trainable column), and the oracle module, which runs
each in a live Keras. Found by a probe, where lstmcalc froze the Bidirectional's weights."""

from __future__ import annotations

HEADER = "import keras\nfrom keras import layers\n\ninp = keras.Input(shape=(10, 3))\n"
END = "out = layers.Dense(1)(x)\nmodel = keras.Model(inp, out)\n"

#: Functional Keras code: the case's name -> the code, whose ``model`` Keras summarises.
CODE = {
    "frozen_after_the_wrapper_is_made": HEADER
    + "inner = layers.GRU(4)\nx = layers.Bidirectional(inner)(inp)\ninner.trainable = False\n"
    + END,
    "frozen_before_the_wrapper_is_called": HEADER
    + "inner = layers.GRU(4)\nbi = layers.Bidirectional(inner)\ninner.trainable = False\nx = bi(inp)\n"
    + END,
    "frozen_before_the_wrapper_is_made": HEADER
    + "inner = layers.GRU(4)\ninner.trainable = False\nx = layers.Bidirectional(inner)(inp)\n"
    + END,
    "thawed_after_the_wrapper_is_made": HEADER
    + "inner = layers.GRU(4, trainable=False)\nx = layers.Bidirectional(inner)(inp)\ninner.trainable = True\n"
    + END,
    "the_rnn_given_frozen_after": HEADER
    + "rnn = layers.RNN(layers.GRUCell(4))\nx = layers.Bidirectional(rnn)(inp)\nrnn.trainable = False\n"
    + END,
    "the_cell_of_the_rnn_given_frozen_after": HEADER
    + "cell = layers.GRUCell(4)\nx = layers.Bidirectional(layers.RNN(cell))(inp)\ncell.trainable = False\n"
    + END,
    "the_backward_layer_is_held": HEADER
    + (
        "fw = layers.LSTM(4, return_sequences=True)\n"
        "bw = layers.LSTM(4, return_sequences=True, go_backwards=True)\n"
        "x = layers.Bidirectional(fw, backward_layer=bw)(inp)\n"
        "fw.trainable = False\n"
        "bw.trainable = False\n"
    )
    + END,
    "called_and_wrapped": HEADER
    + (
        "lstm = layers.LSTM(4, return_sequences=True)\n"
        "y = lstm(inp)\n"
        "z = layers.Bidirectional(lstm)(inp)\n"
        "lstm.trainable = False\n"
        "x = layers.concatenate([y, z])\n"
    )
    + END,
    "wrapped_twice": HEADER
    + (
        "lstm = layers.LSTM(4, return_sequences=True)\n"
        "a = layers.Bidirectional(lstm)(inp)\n"
        "lstm.trainable = False\n"
        "b = layers.Bidirectional(lstm, merge_mode='sum')(inp)\n"
        "x = layers.concatenate([a, b])\n"
    )
    + END,
    "time_distributed_holds_its_layer": HEADER
    + "dense = layers.Dense(3)\nx = layers.TimeDistributed(dense)(inp)\ndense.trainable = False\n"
    + END,
    "rnn_holds_its_cell": HEADER
    + "cell = layers.GRUCell(4)\nx = layers.RNN(cell)(inp)\ncell.trainable = False\n"
    + END,
}
