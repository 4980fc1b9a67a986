"""Keras 3's GetItem (``x[:, -1, :]`` on a tensor), shared by tests/test_get_item.py, which pins Keras 3.15.1's
summaries of these models (tests/golden/get_item), and the oracle module, which runs each in a live Keras.

Python's subscript of a KerasTensor makes a ``GetItem`` operation named from its counter (``get_item``,
``get_item_1``...), listed as a row with no weights; its output shape is ``GetItem.compute_output_spec``'s.
"""

from __future__ import annotations

HEADER = "import keras\nfrom keras import layers\n\n"

#: Functional Keras code: the case's name -> the code, whose ``model`` Keras summarises.
CODE = {
    "lstm_last_step": HEADER
    + (
        "inputs = keras.Input(shape=(10, 8))\n"
        "x = layers.LSTM(16, return_sequences=True)(inputs)\n"
        "last = x[:, -1, :]\n"
        "outputs = layers.Dense(3)(last)\n"
        "model = keras.Model(inputs, outputs)\n"
    ),
    "keys": HEADER
    + (
        "steps = 10\n"
        "inputs = keras.Input(shape=(steps, 8))\n"
        "x = layers.LSTM(16, return_sequences=True)(inputs)\n"
        "model = keras.Model(\n"
        "    inputs,\n"
        "    [x[:, -1], x[..., 0], x[:, None, :], x[:, 2:8:2],\n"
        "     x[-1], x[:, steps - 1], x[1:3, ..., None], x[:, ::-3]],\n"
        ")\n"
    ),
    "return_state_items": HEADER
    + (
        "inputs = keras.Input(shape=(6, 4))\n"
        "seq, h, c = layers.LSTM(5, return_sequences=True, return_state=True)(inputs)\n"
        "outs = layers.GRU(3, return_state=True)(seq)\n"
        "merged = layers.Concatenate()([seq[:, 0], h, outs[1][:, None][:, 0]])\n"
        "model = keras.Model(inputs, [merged, c[..., 1:]])\n"
    ),
    # The mask Embedding makes does not pass a slice (Keras's operations attach none): the LSTM gets none.
    "masked_then_sliced": HEADER
    + (
        "inputs = keras.Input(shape=(12,))\n"
        "e = layers.Embedding(50, 8, mask_zero=True)(inputs)\n"
        "x = layers.LSTM(16, return_sequences=True)(e[:, 2:, :])\n"
        "model = keras.Model(inputs, layers.Dense(3)(x[:, -1]))\n"
    ),
    # keras.ops.get_item is the function x[key] calls: the same operation, named from the same counter.
    "ops_get_item": "import keras\nfrom keras import layers, ops\n\n"
    + (
        "inputs = keras.Input(shape=(10, 8))\n"
        "x = layers.LSTM(16, return_sequences=True)(inputs)\n"
        "a = keras.ops.get_item(x, (slice(None), -1))\n"
        "b = ops.get_item(x, 0)\n"
        "c = keras.ops.numpy.get_item(x, (Ellipsis, slice(2, None)))\n"
        "model = keras.Model(inputs, [layers.Dense(3)(a), b, c, x[:, None]])\n"
    ),
    # Each keras.ops.get_item call is its own operation. The reader once took a call for the one before it where
    # the two got the same id (which call did so depended on memory): 5 rows of 30 in such a file.
    "operation_calls_in_a_row": "import keras\nfrom keras import layers, ops\n\n"
    + (
        "inputs = keras.Input(shape=(12, 8))\n"
        "x = layers.LSTM(4, return_sequences=True)(inputs)\n"
        "s0 = ops.get_item(x, (slice(None), 0))\n"
        "s1 = ops.get_item(x, (slice(None), 1))\n"
        "s2 = ops.get_item(x, (slice(None), 2))\n"
        "s3 = ops.get_item(x, (slice(None), 3))\n"
        "s4 = ops.get_item(x, (slice(None), 4))\n"
        "s5 = ops.get_item(x, (slice(None), 5))\n"
        "s6 = ops.get_item(x, (slice(None), 6))\n"
        "s7 = ops.get_item(x, (slice(None), 7))\n"
        "s8 = ops.get_item(x, (slice(None), 8))\n"
        "s9 = ops.get_item(x, (slice(None), 9))\n"
        "s10 = ops.get_item(x, (slice(None), 10))\n"
        "s11 = ops.get_item(x, (slice(None), 11))\n"
        "model = keras.Model(inputs, [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11])\n"
    ),
    # A layer called where it is sliced is called once.
    "sliced_where_called": HEADER
    + (
        "inputs = keras.Input(shape=(10, 8))\n"
        "y = layers.LSTM(4, return_sequences=True)(inputs)[:, -1]\n"
        "z = keras.ops.get_item(layers.GRU(3, return_sequences=True)(inputs), (slice(None), 0))\n"
        "model = keras.Model(inputs, [y, z])\n"
    ),
    # What `lstmcalc export --to keras` writes for a slice a spec names other than Keras would.
    "named_operation": HEADER
    + (
        "inputs = keras.Input(shape=(10, 8))\n"
        "x = layers.LSTM(16, return_sequences=True)(inputs)\n"
        'last = keras.src.ops.numpy.GetItem(name="last")(x, (slice(None, None, None), -1, slice(None, None, None)))\n'
        "model = keras.Model(inputs, [layers.Dense(3)(last), x[:, 0]])\n"
    ),
}

#: Cases whose Keras JSON (``model.to_json()``) and ``.keras`` file are fixtures (tests/fixtures/get_item).
SAVED_CASES = ("lstm_last_step", "keys", "masked_then_sliced")

#: The graph spec a user writes for lstm_last_step (docs/reference: GetItem's key as Python's subscript).
YAML_SPEC = """\
name: functional
inputs:
  input_layer: {shape: [10, 8]}
layers:
  - {name: lstm, type: LSTM, units: 16, return_sequences: true, inputs: input_layer}
  - {name: get_item, type: GetItem, key: "[:, -1, :]", inputs: lstm}
  - {name: dense, type: Dense, units: 3, inputs: get_item}
outputs: [dense]
"""

_SEQUENCE = "inputs = keras.Input(shape=(10, 8))\nx = layers.LSTM(16, return_sequences=True)(inputs)\n"

#: Code Keras refuses as it builds the model: the case's name -> (code, Keras's ValueError message, the line
#: and column lstmcalc points at).
REFUSED = {
    "out_of_bounds": (
        HEADER + _SEQUENCE + "model = keras.Model(inputs, x[:, 20])\n",
        "Array has shape (None, 10, 16) but out-of-bounds index (slice(None, None, None), 20) was requested.",
        (6, 31),
    ),
    "negative_out_of_bounds": (
        HEADER + _SEQUENCE + "model = keras.Model(inputs, x[..., -17])\n",
        "Array has shape (None, 10, 16) but out-of-bounds index (Ellipsis, -17) was requested.",
        (6, 31),
    ),
    "too_many_indices": (
        HEADER + _SEQUENCE + "model = keras.Model(inputs, x[:, 0, 0, 0])\n",
        "Array has shape (None, 10, 16) but slice has to many indices. Received: `(slice(None, None, None), 0, 0, 0)`",
        (6, 31),
    ),
    # Python's slice.indices refuses it, where Keras computes a known axis's length (not the unknown time axis).
    "step_zero": (
        HEADER
        + "inputs = keras.Input(shape=(None, 8))\n"
        + "x = layers.LSTM(16, return_sequences=True)(inputs)\n"
        + "model = keras.Model(inputs, [x[:, ::0], x[..., ::0]])\n",
        "slice step cannot be zero",
        (6, 43),
    ),
    "two_ellipses": (
        HEADER + _SEQUENCE + "model = keras.Model(inputs, x[..., 0, ...])\n",
        "Slice should only have one ellipsis. Received: `(Ellipsis, 0, Ellipsis)`",
        (6, 31),
    ),
}

#: Slices made in a comprehension take names from GetItem's counter as often as it runs: Keras names the slice
#: after it ``get_item_3``, which lstmcalc cannot know, so it refuses that slice's row (line 7, column 5).
SLICED_IN_A_COMPREHENSION = (
    HEADER + _SEQUENCE + "parts = [x[:, i] for i in range(3)]\n" + "y = x[:, 0]\n" + "model = keras.Model(inputs, y)\n"
)
