"""Keras models that the Keras readers got wrong, shared by tests/test_keras_reader_defects.py, which pins
Keras 3.15.1's summaries of them (tests/golden/keras_reader_defects), and the oracle module, which runs each
in a live Keras.

Keras lists a call's ``mask`` tensor in Connected to, after the call's other tensors (its ``initial_state``
too: Keras flattens ``(args, kwargs)``, kwargs by name); and an input the outputs do not need, at depth 0
before the layers there, when the model's inputs name it.
"""

from __future__ import annotations

HEADER = "import keras\nfrom keras import layers\n\n"

#: Functional Keras code: the case's name -> the code, whose ``model`` Keras summarises.
CODE = {
    "mask_from_another_input": HEADER
    + (
        'tokens = keras.Input((5,), name="tokens")\n'
        'm = keras.Input((5,), dtype="bool", name="m")\n'
        "emb = layers.Embedding(20, 4)(tokens)\n"
        "x = layers.LSTM(8)(emb, mask=m)\n"
        "model = keras.Model([tokens, m], x)\n"
    ),
    "mask_after_the_initial_state": HEADER
    + (
        't = keras.Input((5, 4), name="t")\n'
        'm = keras.Input((5,), dtype="bool", name="m")\n'
        'h = keras.Input((8,), name="h")\n'
        'c = keras.Input((8,), name="c")\n'
        "model = keras.Model([t, m, h, c], layers.LSTM(8)(t, mask=m, initial_state=[h, c]))\n"
    ),
    "mask_from_a_layer": HEADER
    + (
        't = keras.Input((5, 4), name="t")\n'
        "flags = layers.Lambda(lambda z: keras.ops.any(z, axis=-1), output_shape=(5,))(t)\n"
        "model = keras.Model(t, layers.Bidirectional(layers.LSTM(8))(t, mask=flags))\n"
    ),
    "unused_input": HEADER
    + (
        'a = keras.Input((3,), name="a")\n'
        'b = keras.Input((4,), name="b")\n'
        "out = layers.Dense(2)(a)\n"
        "model = keras.Model([a, b], out)\n"
    ),
    "unused_inputs_around_a_used_one": HEADER
    + (
        'a = keras.Input((3,), name="a")\n'
        'b = keras.Input((4,), name="b")\n'
        'c = keras.Input((5,), name="c")\n'
        "out = layers.Dense(2)(layers.Dense(6)(b))\n"
        "model = keras.Model([c, b, a], out)\n"
    ),
    # x + y and keras.ops.multiply(x, y) of two tensors: Keras's operations, which its JSON writes with their
    # module and takes by position (the JSON reader refused them; the code reader read them).
    "operations_on_two_tensors": HEADER
    + (
        'inp = keras.Input(shape=(10, 8), name="inp")\n'
        "x = layers.LSTM(8, return_sequences=True)(inp)\n"
        "x = x + inp\n"
        "y = layers.GRU(8, return_sequences=True)(x)\n"
        "x = keras.ops.multiply(x, y)\n"
        "x = layers.subtract([x, inp])\n"
        "model = keras.Model(inp, layers.Dense(1)(x))\n"
    ),
    # clear_session() starts Keras's name counters again: the model after it is "functional", its LSTM "lstm".
    "names_after_clear_session": HEADER
    + (
        "inp0 = keras.Input((5, 3))\n"
        "baseline = keras.Model(inp0, layers.Dense(1)(layers.LSTM(4)(inp0)))\n"
        "keras.backend.clear_session()\n"
        "inp = keras.Input((5, 3))\n"
        "model = keras.Model(inp, layers.Dense(1)(layers.LSTM(8)(inp)))\n"
        "model.summary()\n"
    ),
    "unused_input_not_among_the_inputs": HEADER
    + (
        'a = keras.Input((3,), name="a")\nb = keras.Input((4,), name="b")\nmodel = keras.Model(a, layers.Dense(2)(a))\n'
    ),
}

#: Code Keras (and Python) refuses: the case's name -> the code, where lstmcalc refuses it, its message.
REFUSED = {
    "mask_on_a_layer_whose_call_takes_none": (
        HEADER + 't = keras.Input((5, 4), name="t")\nm = keras.Input((5,), dtype="bool", name="m")\n'
        "model = keras.Model([t, m], layers.Dense(2)(t, mask=m))\n",
        "6:53",
        "'mask' is for the Keras layers whose call takes one, not Dense (Python refuses such a call: unexpected "
        "keyword argument 'mask')",
    ),
}
