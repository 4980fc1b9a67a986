"""Functional Keras models with masks, shared by tests/test_keras_masks.py, which pins Keras 3.15.1's summaries
of them (tests/golden/keras_masks), and the oracle module, which runs each in a live Keras.

``Embedding(mask_zero=True)`` and ``Masking`` compute a mask with operations Keras's summary lists as rows
(``not_equal (NotEqual)``, ``any (Any)``) wherever a layer the outputs need takes the mask; a layer whose
call takes a ``mask`` lists it last in Connected to.
"""

from __future__ import annotations

HEADER = "import keras\nfrom keras import layers\n\n"

#: Functional Keras code: the case's name -> the code, whose ``model`` Keras summarises.
CODE = {
    "embedding_lstm_stack": HEADER
    + (
        'i = keras.Input((10,), dtype="int32")\n'
        "e = layers.Embedding(100, 8, mask_zero=True)(i)\n"
        "x = layers.LSTM(4, return_sequences=True)(e)\n"
        "x = layers.LSTM(4)(x)\n"
        "model = keras.Model(i, layers.Dense(2)(x))\n"
    ),
    "masking_gru": HEADER
    + "i = keras.Input((10, 3))\nx = layers.Masking()(i)\nmodel = keras.Model(i, layers.GRU(4)(x))\n",
    "masking_through_dense_and_dropout": HEADER
    + (
        "i = keras.Input((6, 3))\n"
        "x = layers.Masking(mask_value=-1.0)(i)\n"
        "x = layers.Dense(5)(x)\n"
        "x = layers.Dropout(0.1)(x)\n"
        "model = keras.Model(i, layers.LSTM(4)(x))\n"
    ),
    "embedding_average_pooling": HEADER
    + (
        "i = keras.Input((7,))\n"
        "x = layers.Embedding(50, 6, mask_zero=True)(i)\n"
        "x = layers.GlobalAveragePooling1D()(x)\n"
        "model = keras.Model(i, layers.Dense(1)(x))\n"
    ),
    "embedding_max_pooling_takes_no_mask": HEADER
    + (
        "i = keras.Input((7,))\n"
        "x = layers.Embedding(50, 6, mask_zero=True)(i)\n"
        "x = layers.GlobalMaxPooling1D()(x)\n"
        "model = keras.Model(i, layers.Dense(1)(x))\n"
    ),
    "embedding_conv_drops_the_mask": HEADER
    + (
        "i = keras.Input((9,))\n"
        "x = layers.Embedding(50, 6, mask_zero=True)(i)\n"
        "x = layers.Conv1D(4, 3)(x)\n"
        "model = keras.Model(i, layers.LSTM(3)(x))\n"
    ),
    "two_inputs_concatenated": HEADER
    + (
        'words = keras.Input((12,), name="words")\n'
        'tags = keras.Input((12,), name="tags")\n'
        "a = layers.LSTM(6)(layers.Embedding(300, 16, mask_zero=True)(words))\n"
        "b = layers.GRU(4)(layers.Embedding(20, 4, mask_zero=True)(tags))\n"
        "x = layers.Concatenate()([a, b])\n"
        'model = keras.Model([words, tags], layers.Dense(3, activation="softmax")(x))\n'
    ),
    "bidirectional_layers": HEADER
    + (
        "i = keras.Input((15,))\n"
        "x = layers.Embedding(1000, 32, mask_zero=True)(i)\n"
        "x = layers.Bidirectional(layers.LSTM(16, return_sequences=True))(x)\n"
        "x = layers.Bidirectional(layers.GRU(8))(x)\n"
        'model = keras.Model(i, layers.Dense(1, activation="sigmoid")(x))\n'
    ),
    "encoder_decoder": HEADER
    + (
        'source = keras.Input((None,), name="source")\n'
        'target = keras.Input((None,), name="target")\n'
        "s = layers.Embedding(500, 16, mask_zero=True)(source)\n"
        "_, h, c = layers.LSTM(24, return_state=True)(s)\n"
        "t = layers.Embedding(600, 16, mask_zero=True)(target)\n"
        "y = layers.LSTM(24, return_sequences=True)(t, initial_state=[h, c])\n"
        "y = layers.TimeDistributed(layers.Dense(600))(y)\n"
        "model = keras.Model([source, target], y)\n"
    ),
    "shared_embedding": HEADER
    + (
        'left = keras.Input((8,), name="left")\n'
        'right = keras.Input((8,), name="right")\n'
        "embed = layers.Embedding(200, 10, mask_zero=True)\n"
        "a = layers.LSTM(5)(embed(left))\n"
        "b = layers.LSTM(5)(embed(right))\n"
        "model = keras.Model([left, right], layers.Dense(1)(layers.Add()([a, b])))\n"
    ),
    "masking_normalised": HEADER
    + (
        "i = keras.Input((6, 4))\n"
        "x = layers.Masking()(i)\n"
        "x = layers.BatchNormalization()(x)\n"
        "x = layers.LayerNormalization()(x)\n"
        'x = layers.Activation("softmax")(x)\n'
        "model = keras.Model(i, layers.SimpleRNN(2)(x))\n"
    ),
    "given_mask_carried_on": HEADER
    + (
        'x = keras.Input((5, 3), name="x")\n'
        'm = keras.Input((5,), dtype="bool", name="m")\n'
        "y = layers.LSTM(4, return_sequences=True)(x, mask=m)\n"
        "y = layers.Dense(4)(y)\n"
        "model = keras.Model([x, m], layers.GRU(2)(y))\n"
    ),
    "cleared_session_between": HEADER
    + (
        "first = keras.Input((5,))\n"
        "keras.Model(first, layers.LSTM(3)(layers.Embedding(20, 4, mask_zero=True)(first)))\n"
        "keras.backend.clear_session()\n"
        "i = keras.Input((10,))\n"
        "model = keras.Model(i, layers.LSTM(4)(layers.Embedding(100, 8, mask_zero=True)(i)))\n"
        "model.summary()\n"
    ),
    "token_and_position_added": HEADER
    + (
        'ids = keras.Input((8,), name="ids")\n'
        'positions = keras.Input((8,), name="positions")\n'
        "tokens = layers.Embedding(50, 4, mask_zero=True)(ids)\n"
        "x = layers.Add()([tokens, layers.Embedding(8, 4)(positions)])\n"
        "scales = layers.Dense(4)(layers.Embedding(8, 4)(positions))\n"
        "y = tokens * scales\n"
        "z = layers.Dot(axes=2)([tokens, tokens])\n"
        "model = keras.Model([ids, positions], [layers.LSTM(3)(x), layers.GRU(2)(y), layers.Flatten()(z)])\n"
    ),
}

#: Cases whose Keras JSON (model.to_json()) is a fixture in tests/fixtures/keras_masks.
JSON_CASES = sorted(CODE)

#: A model built after another in the same session: Keras's counters name its operations on from the other's
#: (``not_equal_1``, ``any_1``), which its config keeps. Its code is refused (MASK_NAMES_REFUSED); its JSON is read.
SAVED_AFTER_ANOTHER = HEADER + (
    "first = keras.Input((4, 2))\n"
    "keras.Model(first, layers.LSTM(2)(layers.Masking()(first)))\n"
    'ids = keras.Input((6,), name="ids")\n'
    "x = layers.Embedding(40, 3, mask_zero=True)(ids)\n"
    "x = layers.Masking()(layers.Dense(3)(x))\n"
    "model = keras.Model(ids, layers.GRU(2)(x))\n"
)

#: Code making masks outside the model summarised, before it: the case's name -> the code, where it is refused.
MASK_NAMES_REFUSED = {
    "saved_after_another": (SAVED_AFTER_ANOTHER, "5:35"),
    "a_call_the_outputs_do_not_need": (
        HEADER
        + (
            "i = keras.Input((10,))\n"
            "unused = layers.Embedding(100, 8, mask_zero=True)(i)\n"
            "e = layers.Embedding(100, 8, mask_zero=True)(i)\n"
            "model = keras.Model(i, layers.LSTM(4)(e))\n"
        ),
        "5:10",
    ),
}

#: Graph code lstmcalc refuses, though Keras runs it: the case's name -> the code, where and the message's start.
REFUSED = {
    "masked_sequences_added": (
        HEADER
        + (
            "i = keras.Input((5,))\n"
            "e = layers.Embedding(30, 4, mask_zero=True)(i)\n"
            "x = layers.Add()([layers.LSTM(4, return_sequences=True)(e), layers.GRU(4, return_sequences=True)(e)])\n"
            "model = keras.Model(i, layers.LSTM(2)(x))\n"
        ),
        "6:5",
        "layer 'add' (Add) takes several tensors, one carrying the mask Keras 3 attaches to the output of 'lstm'; "
        "lstmcalc does not follow a mask into Add",
    ),
}
