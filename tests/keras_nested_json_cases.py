"""Keras 3 functional models that use a Sequential model as a layer (``x = encoder(inputs)``), saved as
``model.to_json()`` and ``model.save()``: lstmcalc refused them ("the model uses 1 nested model as layers");
Keras's summary shows the nested model as one row, ``encoder (Sequential)``, with the shape its last layer
gives and the count of all its weights. The fixtures in tests/fixtures/keras/nested are these models as Keras
3.15.1 writes them (make_fixtures.py), the tables in tests/golden/keras_nested_json Keras's summaries of the
loaded fixtures (tests/oracle/test_keras_nested_json_oracle.py holds both to a live Keras).

``REFUSED`` are models Keras saves and loads that lstmcalc refuses, with the words of its refusal and the
layer config whose ``class_name`` it is placed at.
"""

from __future__ import annotations

_HEAD = "import keras\nfrom keras import layers\n\n"

#: name -> (the code, which leaves the model in ``model``; also save a .keras archive)
CASES: dict[str, tuple[str, bool]] = {
    "built_on_its_input": (
        _HEAD
        + 'encoder = keras.Sequential([keras.Input((5, 3)), layers.LSTM(8)], name="encoder")\n'
        + "inputs = keras.Input((5, 3))\n"
        + "model = keras.Model(inputs, layers.Dense(2)(encoder(inputs)))\n",
        True,
    ),
    #: building it at its call makes an InputLayer, which Keras writes inside it
    "built_by_its_call": (
        _HEAD
        + 'encoder = keras.Sequential([layers.LSTM(8, return_sequences=True), layers.Dense(3)], name="encoder")\n'
        + "inputs = keras.Input((5, 3))\n"
        + "model = keras.Model(inputs, layers.Dense(2)(encoder(inputs)))\n",
        True,
    ),
    #: one model called on two inputs: its weights counted once
    "called_twice": (
        _HEAD
        + 'encoder = keras.Sequential([keras.Input((5, 3)), layers.LSTM(8)], name="encoder")\n'
        + "left, right = keras.Input((5, 3)), keras.Input((5, 3))\n"
        + "model = keras.Model([left, right], layers.add([encoder(left), encoder(right)]))\n",
        True,
    ),
    #: encoder.trainable = False freezes every layer inside it
    "frozen": (
        _HEAD
        + 'encoder = keras.Sequential([keras.Input((5, 3)), layers.LSTM(8), layers.Dense(4)], name="encoder")\n'
        + "encoder.trainable = False\n"
        + "inputs = keras.Input((5, 3))\n"
        + "model = keras.Model(inputs, layers.Dense(1)(encoder(inputs)))\n",
        True,
    ),
    "one_inner_layer_frozen": (
        _HEAD
        + 'encoder = keras.Sequential([keras.Input((5, 3)), layers.LSTM(8), layers.Dense(4)], name="encoder")\n'
        + "encoder.layers[1].trainable = False\n"
        + "inputs = keras.Input((5, 3))\n"
        + "model = keras.Model(inputs, layers.Dense(1)(encoder(inputs)))\n",
        False,
    ),
    #: Sequential(..., trainable=False) keeps its layers trainable, and from_config drops the model's own flag
    "trainable_false_given_to_the_constructor": (
        _HEAD
        + "encoder = keras.Sequential(\n"
        + '    [keras.Input((10, 3)), layers.LSTM(8), layers.Dense(2)], name="encoder", trainable=False\n'
        + ")\n"
        + "inputs = keras.Input((10, 3))\n"
        + "model = keras.Model(inputs, encoder(inputs))\n",
        False,
    ),
    #: built on (None, 10, 3), called on it and on (None, None, 3): a size None fits; the row shows the last call
    "called_on_a_fixed_then_a_free_length": (
        _HEAD
        + 'encoder = keras.Sequential([layers.LSTM(8, return_sequences=True), layers.Dense(2)], name="encoder")\n'
        + "fixed, free = keras.Input((10, 3)), keras.Input((None, 3))\n"
        + "model = keras.Model([fixed, free], layers.concatenate([encoder(fixed), encoder(free)], axis=1))\n",
        False,
    ),
    #: an Embedding first, built on its own int32 Input of batch size 4 (neither changes a count), a
    #: Bidirectional inside, and one after it in the outer model
    "siamese_with_wrappers": (
        _HEAD
        + "encoder = keras.Sequential(\n"
        + "    [\n"
        + '        keras.Input((20,), batch_size=4, dtype="int32"),\n'
        + "        layers.Embedding(100, 8),\n"
        + "        layers.Bidirectional(layers.LSTM(4, return_sequences=True)),\n"
        + "    ],\n"
        + '    name="encoder",\n'
        + ")\n"
        + 'left, right = keras.Input((20,), dtype="int32"), keras.Input((20,), dtype="int32")\n'
        + "merged = layers.concatenate([encoder(left), encoder(right)])\n"
        + "model = keras.Model([left, right], layers.Bidirectional(layers.GRU(3))(merged))\n",
        True,
    ),
    #: inner layers of their own dtypes: each weight sized by its layer's
    "inner_dtypes": (
        _HEAD
        + "encoder = keras.Sequential(\n"
        + '    [keras.Input((10, 3)), layers.LSTM(8, dtype="float64"), layers.Dense(2, dtype="mixed_float16")],\n'
        + '    name="encoder",\n'
        + ")\n"
        + "inputs = keras.Input((10, 3))\n"
        + "model = keras.Model(inputs, layers.Dense(1)(encoder(inputs)))\n",
        False,
    ),
    #: made under a float64 global policy, the outer layers under float32: 384 + 18 weights of 8 bytes, 3 of 4
    "made_under_a_float64_policy": (
        _HEAD
        + 'keras.mixed_precision.set_global_policy("float64")\n'
        + 'encoder = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(2)], name="encoder")\n'
        + 'keras.mixed_precision.set_global_policy("float32")\n'
        + "inputs = keras.Input((10, 3))\n"
        + "model = keras.Model(inputs, layers.Dense(1)(encoder(inputs)))\n",
        False,
    ),
    #: Keras asks only the outer model's layers for unique names
    "inner_layer_named_as_an_outer_one": (
        _HEAD
        + "encoder = keras.Sequential(\n"
        + '    [keras.Input((10, 3)), layers.LSTM(8), layers.Dense(2, name="head")], name="encoder"\n'
        + ")\n"
        + "inputs = keras.Input((10, 3))\n"
        + 'model = keras.Model(inputs, layers.Dense(1, name="head")(encoder(inputs, training=False)))\n',
        False,
    ),
    #: a Sequential model inside a Sequential model: no InputLayer row, as Keras's Sequential summary has none
    "inside_a_sequential_model": (
        _HEAD
        + 'encoder = keras.Sequential([keras.Input((5, 3)), layers.LSTM(8)], name="encoder")\n'
        + "model = keras.Sequential([keras.Input((5, 3)), encoder, layers.Dense(2)])\n",
        True,
    ),
    #: unnamed: Keras names it sequential, then the outer model sequential_1; built by the outer model, frozen
    "unnamed_and_frozen_inside_a_sequential_model": (
        _HEAD
        + "encoder = keras.Sequential([layers.LSTM(8, return_sequences=True), layers.Dense(3)])\n"
        + "encoder.trainable = False\n"
        + "model = keras.Sequential(\n"
        + "    [keras.Input((5, 3)), encoder, layers.GlobalAveragePooling1D(), layers.Dense(1)]\n"
        + ")\n",
        False,
    ),
}

#: name -> (the code, what lstmcalc's refusal says, where: the class_name of the layer config of that name)
REFUSED: dict[str, tuple[str, str, tuple[str, str]]] = {
    "functional_model_as_a_layer": (
        _HEAD
        + "head_input = keras.Input((8,))\n"
        + 'head = keras.Model(head_input, layers.Dense(2)(head_input), name="head")\n'
        + 'encoder = keras.Sequential([keras.Input((5, 3)), layers.LSTM(8)], name="encoder")\n'
        + "inputs = keras.Input((5, 3))\n"
        + "model = keras.Model(inputs, head(encoder(inputs)))\n",
        "the model uses 1 functional model as layers: 'head' (Functional); lstmcalc reads a Sequential model used "
        "as a layer but not a functional one, so summarise each functional model from its own config, or rebuild "
        "the model with its layers inline",
        ("Functional", "head"),
    ),
    "model_inside_the_nested_model": (
        _HEAD
        + 'inner = keras.Sequential([layers.Dense(3)], name="inner")\n'
        + 'encoder = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), inner], name="encoder")\n'
        + "inputs = keras.Input((10, 3))\n"
        + "model = keras.Model(inputs, encoder(inputs))\n",
        "the Sequential model 'encoder' holds 'inner', a Sequential model; lstmcalc does not read a model inside "
        "a Sequential model used as a layer, so rebuild the model with that model's layers inline",
        ("Sequential", "inner"),
    ),
    "unsupported_layer_inside": (
        _HEAD
        + 'encoder = keras.Sequential([keras.Input((10, 3)), layers.GaussianNoise(0.1), layers.LSTM(8)], name="e")\n'
        + "inputs = keras.Input((10, 3))\n"
        + "model = keras.Model(inputs, encoder(inputs))\n",
        "the model uses 1 layer lstmcalc does not support: GaussianNoise ('gaussian_noise')",
        ("GaussianNoise", "gaussian_noise"),
    ),
    "sequential_wrapped_by_time_distributed": (
        _HEAD
        + "inputs = keras.Input((5, 3))\n"
        + 'inner = keras.Sequential([layers.Dense(4)], name="inner")\n'
        + "model = keras.Model(inputs, layers.TimeDistributed(inner)(inputs))\n",
        "Sequential in TimeDistributed's layer: it is a Sequential model used as a layer: a model holds it",
        ("Sequential", "inner"),
    ),
    "mask_made_inside": (
        _HEAD
        + 'encoder = keras.Sequential([layers.Embedding(50, 4, mask_zero=True), layers.LSTM(8)], name="e")\n'
        + 'inputs = keras.Input((20,), dtype="int32")\n'
        + "model = keras.Model(inputs, encoder(inputs))\n",
        "layer 'e' (Sequential) holds 'embedding' (Embedding), which makes a mask, which a nested model's summary "
        "row does not follow",
        ("Embedding", "embedding"),
    ),
}

LINE_LENGTH = "110"
