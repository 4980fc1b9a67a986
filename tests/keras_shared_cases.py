"""Keras code where one layer object is used twice, or where the model itself is frozen, with what
Keras 3.15 (torch backend) prints for each: the cases lstmcalc reads, with their rows and totals,
and the ones it refuses, with the totals Keras gives that it would otherwise have got wrong.

tests/test_keras_shared_in_sequential.py checks lstmcalc against these pins;
tests/oracle/test_keras_shared_in_sequential_oracle.py runs each case in real Keras and checks the pins.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = "import keras\nfrom keras import layers\n\n"


@dataclass(frozen=True)
class ReadCase:
    """Code lstmcalc reads: Keras's rows (name, output shape, count) and totals (all, trainable, frozen)."""

    code: str
    rows: tuple[tuple[str, tuple[int | None, ...], int], ...]
    totals: tuple[int, int, int]


@dataclass(frozen=True)
class RefusedCase:
    """Code lstmcalc refuses: where (line:col), why, and Keras's totals it would have miscounted."""

    code: str
    where: str
    message: str
    totals: tuple[int, int, int]


def _used_again(name: str, made: int, used: int, sequential: bool = True) -> str:
    hint = f", or share the layer in functional code by calling it on tensors (x = {name}({name}(inputs)))"
    return (
        f"'{name}' is the layer object made at line {made} and already used at line {used}: Keras holds the one "
        "object in both places and counts its weights once, which lstmcalc does not follow; make a new layer "
        f"for each use{hint if sequential else ''}"
    )


MODEL_TRAINABLE = (
    "lstmcalc does not read trainable given to the model itself: Keras then counts all its weights as "
    "non-trainable while each row keeps its layer's own flag; pass trainable=False to each layer instead, "
    "as in Dense(4, trainable=False), and to the layer a wrapper holds"
)

READ = {
    # Keras's Bidirectional builds its forward layer afresh from the config of the layer it is given.
    "bidirectional_given_one_lstm_twice": ReadCase(
        HEADER + "lstm = layers.LSTM(4, return_sequences=True)\n"
        "model = keras.Sequential([keras.Input(shape=(10, 4)), layers.Bidirectional(lstm), layers.Dense(4), "
        "layers.Bidirectional(lstm)])\n",
        (("bidirectional", (None, 10, 8), 288), ("dense", (None, 10, 4), 36), ("bidirectional_1", (None, 10, 8), 288)),
        (612, 612, 0),
    ),
    "lstm_listed_and_given_to_bidirectional": ReadCase(
        HEADER + "lstm = layers.LSTM(4, return_sequences=True)\n"
        "model = keras.Sequential([keras.Input(shape=(10, 4)), lstm, layers.Bidirectional(lstm)])\n",
        (("lstm", (None, 10, 4), 144), ("bidirectional", (None, 10, 8), 288)),
        (432, 432, 0),
    ),
    "functional_layer_called_three_times": ReadCase(
        HEADER + "d = layers.Dense(4)\ninp = keras.Input(shape=(4,))\nx = d(inp)\nx = d(x)\nx = d(x)\n"
        "model = keras.Model(inp, x)\n",
        (("input_layer", (None, 4), 0), ("dense", (None, 4), 20)),
        (20, 20, 0),
    ),
    "sequential_trainable_true": ReadCase(
        HEADER + "model = keras.Sequential([keras.Input(shape=(10, 4)), layers.LSTM(8), layers.Dense(1)], "
        "trainable=True)\n",
        (("lstm", (None, 8), 416), ("dense", (None, 1), 9)),
        (425, 425, 0),
    ),
    "bidirectional_backward_gru_of_the_same_units": ReadCase(
        HEADER + "model = keras.Sequential([keras.Input(shape=(10, 4)), layers.Bidirectional(layers.LSTM(8), "
        "backward_layer=layers.GRU(8, go_backwards=True)), layers.Dense(1)])\n",
        (("bidirectional", (None, 16), 752), ("dense", (None, 1), 17)),
        (769, 769, 0),
    ),
}

REFUSED = {
    "same_dense_twice_in_the_list": RefusedCase(
        HEADER + "d = layers.Dense(3)\nmodel = keras.Sequential([keras.Input(shape=(3,)), d, d])\n",
        "5:55",
        _used_again("d", 4, 5),
        (12, 12, 0),
    ),
    "same_lstm_twice_in_the_list": RefusedCase(
        HEADER + "r = layers.LSTM(4, return_sequences=True)\n"
        "model = keras.Sequential([keras.Input(shape=(10, 4)), r, r, layers.Dense(1)])\n",
        "5:58",
        _used_again("r", 4, 5),
        (149, 149, 0),
    ),
    "same_dense_added_twice": RefusedCase(
        HEADER + "d = layers.Dense(5)\nmodel = keras.Sequential()\nmodel.add(keras.Input(shape=(5,)))\n"
        "model.add(d)\nmodel.add(d)\n",
        "8:11",
        # After model.add(d) the object may have changed: d is no longer a layer lstmcalc knows.
        "expected a Keras layer such as LSTM(64) here, got 'd'",
        (30, 30, 0),
    ),
    "dense_listed_and_time_distributed": RefusedCase(
        HEADER + "d = layers.Dense(4)\n"
        "model = keras.Sequential([keras.Input(shape=(10, 4)), d, layers.TimeDistributed(d)])\n",
        "5:81",
        _used_again("d", 4, 5, sequential=False),
        (20, 20, 0),
    ),
    "one_cell_in_two_rnns": RefusedCase(
        HEADER + "cell = layers.LSTMCell(4)\n"
        "model = keras.Sequential([keras.Input(shape=(10, 4)), layers.RNN(cell, return_sequences=True), "
        "layers.RNN(cell)])\n",
        "5:107",
        _used_again("cell", 4, 5, sequential=False),
        (144, 144, 0),
    ),
    "backward_layer_listed_again": RefusedCase(
        HEADER + "bw = layers.LSTM(4, return_sequences=True, go_backwards=True)\n"
        "model = keras.Sequential([keras.Input(shape=(10, 4)), "
        "layers.Bidirectional(layers.LSTM(4, return_sequences=True), backward_layer=bw), layers.Dense(4), bw])\n",
        "5:152",
        _used_again("bw", 4, 5),
        (324, 324, 0),
    ),
    "functional_layer_called_and_time_distributed": RefusedCase(
        HEADER + "d = layers.Dense(4)\ninp = keras.Input(shape=(10, 4))\nx = d(inp)\n"
        "x = layers.TimeDistributed(d)(x)\nmodel = keras.Model(inp, x)\n",
        "7:28",
        _used_again("d", 4, 6, sequential=False),
        (20, 20, 0),
    ),
    "sequential_trainable_false": RefusedCase(
        HEADER + "model = keras.Sequential([keras.Input(shape=(10, 4)), layers.LSTM(8), layers.Dense(1)], "
        "trainable=False)\n",
        "4:89",
        MODEL_TRAINABLE,
        (425, 0, 425),
    ),
    "functional_trainable_false": RefusedCase(
        HEADER + "inp = keras.Input(shape=(10, 4))\nout = layers.Dense(1)(layers.LSTM(8)(inp))\n"
        "model = keras.Model(inp, out, trainable=False)\n",
        "6:31",
        MODEL_TRAINABLE,
        (425, 0, 425),
    ),
    "subclassed_super_trainable_false": RefusedCase(
        HEADER + "class Net(keras.Model):\n    def __init__(self):\n        super().__init__(trainable=False)\n"
        "        self.d = layers.Dense(3)\n\n    def call(self, x):\n        return self.d(x)\n\n\n"
        "model = Net()\nmodel(keras.Input(shape=(4,)))\n",
        "6:26",
        MODEL_TRAINABLE,
        (15, 0, 15),
    ),
    "subclassed_made_with_trainable_false": RefusedCase(
        HEADER + "class Net(keras.Model):\n    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n"
        "        self.d = layers.Dense(3)\n\n    def call(self, x):\n        return self.d(x)\n\n\n"
        "model = Net(trainable=False)\nmodel(keras.Input(shape=(4,)))\n",
        "13:13",
        MODEL_TRAINABLE,
        (15, 0, 15),
    ),
    "bidirectional_backward_layer_of_other_units": RefusedCase(
        HEADER + "model = keras.Sequential([\n    keras.Input(shape=(10, 4)),\n"
        "    layers.Bidirectional(layers.LSTM(8, return_sequences=True), "
        "backward_layer=layers.LSTM(6, return_sequences=True, go_backwards=True)),\n    layers.Dense(1),\n])\n",
        "6:80",
        "layer 'bidirectional' (Bidirectional) gives (None, 10, 14) from its layer and backward_layer (merge_mode "
        "concat), but Keras's summary sizes the output from the forward layer alone, as forward units × 2 = 8 × 2 = "
        "16, (None, 10, 16), and builds the next layer on that, so the model cannot run past it; give "
        "backward_layer the same units and settings as the layer",
        (697, 697, 0),
    ),
}

#: Functional models saved as JSON (tests/fixtures/keras/): frozen by trainable=False given to
#: Model(...) (the layers saved trainable), or by model.trainable = False (every layer saved frozen).
FROZEN_JSON_REFUSED = ("frozen_model_trainable_argument.json", "1:117", (425, 0, 425))
FROZEN_JSON_READ = ("frozen_model_trainable_set.json", (849, 0, 849))
FROZEN_JSON_MESSAGE = (
    "the model is saved with trainable false but some of its layers with trainable true: Keras then counts "
    "all the weights as non-trainable while each row keeps its layer's own flag, which lstmcalc does not "
    "read; save the model after model.trainable = False, which freezes every layer"
)
