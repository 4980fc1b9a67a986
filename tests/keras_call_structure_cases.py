"""Keras code whose call results lstmcalc read wrongly, shared by tests/test_keras_call_structure.py, which pins
Keras 3.15.1's summaries of them (tests/golden/keras_call_structure), and the oracle module, which runs each in a
live Keras.

A stacked RNN (a list of cells, or StackedRNNCells) returns one state item per cell, an LSTMCell's a list
``[h, c]``: ``seq, lstm_states, gru_h = RNN([LSTMCell(8), GRUCell(4)], return_state=True)(x)``, and takes its
``initial_state`` so too. And Keras's summary shows each layer's output shape from its last call anywhere, so a
decoder called again for an inference model after the training model shows that call's shape in the training
model's summary (lstmcalc summarises the model as it stands at the end of the file).
"""

from __future__ import annotations

HEADER = "import keras\nfrom keras import layers\n\n"

_STACK = "layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)], return_state=True)"

#: The training model of a seq2seq file, whose layers the inference models below call again.
SEQ2SEQ = HEADER + (
    "enc_in = keras.Input(shape=(20, 6))\n"
    "_, h, c = layers.LSTM(16, return_state=True)(enc_in)\n"
    "dec_in = keras.Input(shape=(None, 4))\n"
    "decoder = layers.LSTM(16, return_sequences=True, return_state=True)\n"
    "dec_out, _, _ = decoder(dec_in, initial_state=[h, c])\n"
    'dense = layers.Dense(4, activation="softmax")\n'
    "model = keras.Model([enc_in, dec_in], dense(dec_out))\n"
    'model.compile(optimizer="adam", loss="categorical_crossentropy")\n'
    "h_in = keras.Input(shape=(16,))\n"
    "c_in = keras.Input(shape=(16,))\n"
)

#: Functional Keras code: the case's name -> the code, whose ``model`` Keras summarises.
CODE = {
    "stacked_state_by_index": HEADER
    + f"x = keras.Input(shape=(7, 3))\nouts = {_STACK}(x)\nmodel = keras.Model(x, layers.Dense(3)(outs[2]))\n",
    "stacked_states_unpacked": HEADER
    + (
        f"x = keras.Input(shape=(7, 3))\nseq, lstm_states, gru_h = {_STACK}(x)\n"
        "model = keras.Model(x, [layers.Dense(3)(gru_h), layers.Dense(2)(lstm_states[1])])\n"
    ),
    "stacked_states_unpacked_nested": HEADER
    + (
        "x = keras.Input(shape=(7, 3))\n"
        "rnn = layers.RNN([layers.GRUCell(3), layers.LSTMCell(5)], return_state=True, return_sequences=True)\n"
        "seq, gru_h, (h, c) = rnn(x)\n"
        "last = layers.RNN([layers.GRUCell(2), layers.LSTMCell(3)], return_state=True)(seq)[-1][0]\n"
        "model = keras.Model(x, [layers.Dense(2)(gru_h), layers.Dense(6)(c), layers.Dense(1)(last)])\n"
    ),
    "stacked_rnn_cells_object": HEADER
    + (
        "x = keras.Input(shape=(7, 3))\n"
        "cells = layers.StackedRNNCells([layers.LSTMCell(8)])\n"
        "seq, states = layers.RNN(cells, return_state=True)(x)\n"
        "model = keras.Model(x, layers.Dense(3)(states[1]))\n"
    ),
    "stacked_initial_state_nested": HEADER
    + (
        "x = keras.Input(shape=(7, 3))\n"
        "h1 = keras.Input(shape=(8,))\n"
        "c1 = keras.Input(shape=(8,))\n"
        "h2 = keras.Input(shape=(4,))\n"
        "y = layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)])(x, initial_state=[[h1, c1], h2])\n"
        "model = keras.Model([x, h1, c1, h2], layers.Dense(3)(y))\n"
    ),
    "stacked_states_passed_on": HEADER
    + (
        "x = keras.Input(shape=(7, 3))\n"
        "stack = layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)], return_state=True, return_sequences=True)\n"
        "seq, lstm_states, gru_h = stack(x)\n"
        "y = layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)])(seq, [lstm_states, gru_h])\n"
        "model = keras.Model(x, layers.Dense(3)(y))\n"
    ),
    "bidirectional_stacked_states": HEADER
    + (
        "x = keras.Input(shape=(7, 3))\n"
        f"out, forward_lstm, forward_gru, backward_lstm, backward_gru = layers.Bidirectional({_STACK})(x)\n"
        "model = keras.Model(x, [layers.Dense(3)(forward_gru), layers.Dense(2)(backward_lstm[1])])\n"
    ),
    "bidirectional_stacked_unmerged": HEADER
    + (
        "x = keras.Input(shape=(7, 3))\n"
        "h1 = keras.Input(shape=(8,))\n"
        "c1 = keras.Input(shape=(8,))\n"
        "h2 = keras.Input(shape=(4,))\n"
        "stack = layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)], return_state=True, return_sequences=True)\n"
        "outs = layers.Bidirectional(stack, merge_mode=None)(x, initial_state=[[h1, c1], h2, [h1, c1], h2])\n"
        "model = keras.Model([x, h1, c1, h2], [layers.Dense(3)(outs[1]), layers.Dense(2)(outs[5])])\n"
    ),
    "stacked_states_as_model_outputs": HEADER
    + (
        "x = keras.Input(shape=(7, 3))\n"
        "stack = layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)], return_sequences=True, return_state=True)\n"
        "y = layers.RNN([layers.SimpleRNNCell(5), layers.LSTMCell(2)])(stack(x)[0])\n"
        "model = keras.Model(x, [y, stack(x)[1]])\n"
    ),
    "seq2seq_inference_model": SEQ2SEQ
    + (
        "step_in = keras.Input(shape=(1, 4))\n"
        "step_out, h2, c2 = decoder(step_in, initial_state=[h_in, c_in])\n"
        "decoder_model = keras.Model([step_in, h_in, c_in], [dense(step_out), h2, c2])\n"
    ),
    "layer_in_three_models": SEQ2SEQ
    + (
        "step_in = keras.Input(shape=(1, 4))\n"
        "s, h2, c2 = decoder(step_in, initial_state=[h_in, c_in])\n"
        "model2 = keras.Model([step_in, h_in, c_in], [dense(s), h2, c2])\n"
        "beam_in = keras.Input(shape=(3, 4))\n"
        "b, _, _ = decoder(beam_in, initial_state=[h_in, c_in])\n"
        "model3 = keras.Model([beam_in, h_in, c_in], dense(b))\n"
    ),
    "later_call_summary_at_the_end": SEQ2SEQ
    + (
        "step_in = keras.Input(shape=(5, 4))\n"
        "s, _, _ = decoder(step_in)\n"
        "decoder_model = keras.Model(step_in, dense(s))\n"
        "model.summary()\n"
    ),
    "dense_later_on_two_axes": SEQ2SEQ + "head = keras.Model(h_in, dense(h_in))\n",
    "later_call_in_no_model": SEQ2SEQ + "probe = keras.Input(shape=(7, 4))\ndense(decoder(probe)[0])\n",
    "later_call_on_data": SEQ2SEQ + 'import numpy as np\n\ndense(np.zeros((2, 16), dtype="float32"))\n',
}

#: Code lstmcalc refuses: the case's name -> the code, where lstmcalc refuses it, its message.
REFUSED = {
    "stacked_states_unpacked_into_four": (
        HEADER + f"x = keras.Input(shape=(7, 3))\nseq, h1, c1, h2 = {_STACK}(x)\n"
        "model = keras.Model(x, layers.Dense(3)(h2))\n",
        "5:1",
        "layer 'rnn' (RNN) of stacked cells gives 3 items, (output, [h, c], h): its output, then one item per "
        "cell's states, an LSTMCell's [h, c] a list; the code unpacks them into 4 names (Python: not enough "
        "values to unpack (expected 4, got 3))",
    ),
    "stacked_initial_state_flat": (
        CODE["stacked_initial_state_nested"].replace("[[h1, c1], h2]", "[h1, c1, h2]"),
        "8:74",
        "layer 'rnn' steps 2 cells, each from its own states: Keras takes initial_state as one item per cell, an "
        "LSTMCell's [h, c] a list of its own, as in initial_state=[[h, c], h]; got '[h1, c1, h2]' (a flat list "
        "builds, but gives each cell another's states and fails when the model runs)",
    ),
    "later_call_lstmcalc_cannot_follow": (
        SEQ2SEQ + "y = dense(keras.ops.expand_dims(h_in, 1))\n",
        "14:11",
        "layer 'dense' of the model is called again here, and Keras's summary shows the shape of a layer's last "
        "call, in whichever model; lstmcalc cannot tell this call's: cannot follow the tensor "
        "'keras.ops.expand_dims(h_in, 1)' without running the code: lstmcalc follows tensors made by keras.Input "
        "and by Keras layers called on tensors, not other functions, operations on tensors or loops; rebuild it "
        "with layers, or give the model as a YAML graph spec",
    ),
}
