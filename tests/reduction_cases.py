"""Keras 3's reductions of a tensor (``keras.ops.mean(x, axis=1)``, ``max``, ``min``, ``sum``), shared by
tests/test_reductions.py, which pins Keras 3.15.1's summaries of these models (tests/golden/reductions), and the
oracle module, which runs each in a live Keras.

Each call on a tensor makes a ``Mean``, ``Max``, ``Min`` or ``Sum`` operation named from its own counter (``mean``,
``mean_1``...), listed as a row with no weights; its output shape is ``reduce_shape``'s.
"""

from __future__ import annotations

HEADER = "import keras\nfrom keras import layers, ops\n\n"
_SEQUENCE = "inputs = keras.Input(shape=(10, 8))\nx = layers.LSTM(16, return_sequences=True)(inputs)\n"

#: Functional Keras code: the case's name -> the code, whose ``model`` Keras summarises.
CODE = {
    "lstm_mean_over_time": HEADER
    + _SEQUENCE
    + ("pooled = keras.ops.mean(x, axis=1)\noutputs = layers.Dense(3)(pooled)\nmodel = keras.Model(inputs, outputs)\n"),
    # Every spelling: positional arguments, a tuple and a list of axes, negative axes, keepdims, initial, every
    # axis (None: a scalar), the batch axis (Keras's shape drops it) with a Dense after it.
    "reductions": HEADER
    + _SEQUENCE
    + (
        "a = keras.ops.mean(x, axis=1)\n"
        "b = ops.max(x, axis=(1, 2), keepdims=True)\n"
        "c = keras.ops.numpy.min(x, 1, True, 0.5)\n"
        "d = ops.sum(x)\n"
        "e = ops.mean(x, axis=[-1])\n"
        "f = ops.sum(x, axis=0)\n"
        "g = layers.Dense(3)(f)\n"
        "h = ops.max(x, axis=-1, keepdims=True)\n"
        "i = ops.min(x, keepdims=True)\n"
        "j = ops.sum(x, axis=(-1, 0))\n"
        "model = keras.Model(inputs, [a, b, c, d, e, f, g, h, i, j])\n"
    ),
    # Each class counts its own names: ops.max is not Maximum's (a layer and ops.maximum), nor GlobalMaxPooling1D's.
    "counters": HEADER
    + _SEQUENCE
    + (
        "top = layers.Maximum()([ops.max(x, axis=1), ops.min(x, axis=1)])\n"
        "pooled = layers.GlobalMaxPooling1D()(x)\n"
        "both = layers.Add()([ops.mean(x, axis=1), ops.sum(x, axis=1)])\n"
        "model = keras.Model(inputs, [top, pooled, both, ops.max(x, axis=2), ops.mean(x, axis=2)])\n"
    ),
    # The mask Embedding makes does not pass a reduction (Keras's operations attach none).
    "masked_then_reduced": HEADER
    + (
        "inputs = keras.Input(shape=(12,))\n"
        "e = layers.Embedding(50, 8, mask_zero=True)(inputs)\n"
        "x = layers.LSTM(16, return_sequences=True)(e)\n"
        "model = keras.Model(inputs, layers.Dense(3)(ops.mean(x, axis=1)))\n"
    ),
    # A layer called where it is reduced is called once; a reduction sliced, a slice reduced.
    "reduced_where_called": HEADER
    + (
        "inputs = keras.Input(shape=(10, 8))\n"
        "y = ops.max(layers.LSTM(4, return_sequences=True)(inputs), axis=1)\n"
        "z = keras.ops.sum(layers.GRU(3, return_sequences=True)(inputs)[:, -1], axis=-1, keepdims=True)\n"
        "model = keras.Model(inputs, [y, z, ops.mean(inputs, axis=2)[:, 0]])\n"
    ),
    # What `lstmcalc export --to keras` writes for a reduction a spec names other than Keras would: a name of its
    # own takes no number from the counter.
    "named_operation": HEADER
    + _SEQUENCE
    + (
        'pooled = keras.src.ops.numpy.Mean(axis=1, name="pooled")(x)\n'
        'top = keras.src.ops.numpy.Max(axis=(1,), keepdims=True, initial=0.0, name="top")(x)\n'
        "model = keras.Model(inputs, [layers.Dense(3)(pooled), top, ops.mean(x, axis=2)])\n"
    ),
    # The operation object, made once and called twice, is one row with two calls, as a shared layer is.
    "shared_operation": HEADER
    + (
        "inputs = keras.Input(shape=(10, 8))\n"
        "x = layers.LSTM(16, return_sequences=True)(inputs)\n"
        "y = layers.GRU(16, return_sequences=True)(inputs)\n"
        "pool = keras.src.ops.numpy.Mean(axis=1)\n"
        "model = keras.Model(inputs, [layers.Dense(2)(pool(x)), pool(y), ops.mean(x, axis=2)])\n"
    ),
}

#: Cases whose Keras JSON (``model.to_json()``) and ``.keras`` file are fixtures (tests/fixtures/reductions).
SAVED_CASES = ("lstm_mean_over_time", "reductions", "masked_then_reduced", "shared_operation")

#: The graph spec a user writes for lstm_mean_over_time.
YAML_SPEC = """\
name: functional
inputs:
  input_layer: {shape: [10, 8]}
layers:
  - {name: lstm, type: LSTM, units: 16, return_sequences: true, inputs: input_layer}
  - {name: mean, type: Mean, axis: 1, inputs: lstm}
  - {name: dense, type: Dense, units: 3, inputs: mean}
outputs: [dense]
"""

#: Code Keras refuses as it builds the model: the case's name -> (code, Keras's ValueError message, the line
#: and column lstmcalc points at: the axis).
REFUSED = {
    "axis_out_of_bounds": (
        HEADER + _SEQUENCE + "model = keras.Model(inputs, keras.ops.mean(x, axis=3))\n",
        "axis 3 is out of bounds for an array with dimension 3.",
        (6, 52),
    ),
    "negative_axis_out_of_bounds": (
        HEADER + _SEQUENCE + "model = keras.Model(inputs, ops.max(x, axis=-4))\n",
        "axis -4 is out of bounds for an array with dimension 3.",
        (6, 45),
    ),
    "an_axis_of_several_out_of_bounds": (
        HEADER + _SEQUENCE + "model = keras.Model(inputs, ops.sum(x, axis=(1, 3), keepdims=True))\n",
        "axis 3 is out of bounds for an array with dimension 3.",
        (6, 45),
    ),
}

#: Reductions made in a comprehension take names from their counter as often as it runs: Keras names the mean after
#: them ``mean_2``, which lstmcalc cannot know, so it refuses that row (line 7, column 5).
REDUCED_IN_A_COMPREHENSION = (
    HEADER
    + _SEQUENCE
    + "parts = [ops.mean(x, axis=i) for i in (1, 2)]\n"
    + "y = ops.mean(x, axis=1)\n"
    + "model = keras.Model(inputs, y)\n"
)
