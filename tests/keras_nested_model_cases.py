"""A Sequential model used as a layer of Keras functional code (``x = encoder(inputs)``), found against Keras 3
(session K3): it was refused ("a model used as a layer is not read"); Keras's summary shows it as one row, its
class Sequential, the shape its last layer gives and the count of all its weights.

Each case's rows (name, output shape of its last call, count) are Keras 3.15.1's (``model.operations``); the oracle test
(tests/oracle/test_keras_nested_models_oracle.py) compares the whole summary text and every weight.
"""

from __future__ import annotations

from tests.keras_code_corpus import CodeCase

NESTED_SEQUENTIAL: dict[str, CodeCase] = {
    "sequential_named_and_called_on_an_input": CodeCase(
        "lstmcalc's probe a07: keras.Sequential([LSTM, LSTM], name='enc') called on the model's input "
        "(refused: a model used as a layer is not read); Keras shows one row, enc (Sequential), and names the"
        " model functional_1 (building enc made a Functional)",
        """\
import keras
from keras import layers
enc = keras.Sequential([layers.LSTM(8, return_sequences=True), layers.LSTM(4)], name="enc")
inp = keras.Input(shape=(10, 3))
x = enc(inp)
out = layers.Dense(1)(x)
model = keras.Model(inp, out)
""",
    ),
    "sequential_block_of_one_dense": CodeCase(
        "written for lstmcalc: block = Sequential([layers.Dense(4)]), then Model(a, block(a)) (the refusal "
        "tests/test_keras_functional_code.py pinned)",
        """\
from keras import Input, Model, Sequential, layers

a = Input(shape=(3,))
block = Sequential([layers.Dense(4)])
model = Model(a, block(a))
""",
    ),
    "sequential_built_on_its_own_input": CodeCase(
        "written for lstmcalc: a Sequential model starting with keras.Input: its InputLayer takes "
        "input_layer, so the model's own input is input_layer_1",
        """\
import keras
from keras import layers
enc = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8, return_sequences=True), layers.LSTM(4)])
inp = keras.Input(shape=(10, 3))
x = enc(inp)
model = keras.Model(inp, layers.Dense(1)(x))
""",
    ),
    "two_sequential_models_chained": CodeCase(
        "written for lstmcalc: head(enc(inp)) of two Sequential models, then two functional models of them: "
        "each build makes a Functional, so the summarised one is functional_3",
        """\
import keras
from keras import layers
inp = keras.Input(shape=(10, 3))
enc = keras.Sequential([layers.LSTM(8, return_sequences=True)])
head = keras.Sequential([layers.LSTM(4), layers.Dense(2)], name="head")
x = head(enc(inp))
y = keras.Model(inp, x)
model = keras.Model(inp, layers.Dense(1)(x))
model.summary()
""",
    ),
    "sequential_frozen_after_it_is_made": CodeCase(
        "written for lstmcalc: enc.trainable = False freezes every layer inside it",
        """\
import keras
from keras import layers
inp = keras.Input(shape=(10, 3))
enc = keras.Sequential([layers.LSTM(8, return_sequences=True), layers.Dropout(0.1)])
enc.trainable = False
x = enc(inp)
model = keras.Model(inp, layers.LSTM(1)(x))
""",
    ),
    "siamese_encoder_shared_by_two_inputs": CodeCase(
        "written for lstmcalc: a siamese model, one Sequential encoder (Embedding, Bidirectional LSTM, Dense)"
        " called on two inputs, subtracted",
        """\
import keras
from keras import layers

encoder = keras.Sequential(
    [layers.Embedding(1000, 16), layers.Bidirectional(layers.LSTM(8)), layers.Dense(8, activation="relu")],
    name="encoder",
)
left = keras.Input(shape=(20,), dtype="int32")
right = keras.Input(shape=(20,), dtype="int32")
distance = layers.subtract([encoder(left), encoder(right)])
model = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(distance))
""",
    ),
    "sequential_made_in_place_and_one_holding_a_layer_object": CodeCase(
        "written for lstmcalc: Sequential([...])(a) made in place, and Sequential([RepeatVector(5), lstm], "
        "trainable=False) holding an LSTM object made before: Keras keeps its layers trainable",
        """\
from keras import Input, Model, Sequential, layers

a = Input(shape=(3,))
x = Sequential([layers.Dense(4), layers.Dropout(0.2)])(a)
lstm = layers.LSTM(6)
block = Sequential([layers.RepeatVector(5), lstm], trainable=False)
model = Model(a, layers.Dense(2)(block(x)))
""",
    ),
    "sequential_called_on_a_fixed_then_a_free_length": CodeCase(
        "written for lstmcalc: one Sequential model called on (None, 10, 3), then on (None, None, 3): a size None "
        "fits the one it was built on, and the row shows the last call's shape",
        """\
import keras
from keras import layers

enc = keras.Sequential([layers.LSTM(8, return_sequences=True), layers.Dense(2)], name="enc")
fixed = keras.Input(shape=(10, 3))
free = keras.Input(shape=(None, 3))
model = keras.Model([fixed, free], layers.concatenate([enc(fixed), enc(free)], axis=1))
""",
    ),
    "sequential_returned_by_a_function": CodeCase(
        "written for lstmcalc: encoder = build_encoder(16), a function returning keras.Sequential([...], "
        'name="encoder"), then encoder(inp)',
        """\
import keras
from keras import layers


def build_encoder(units):
    return keras.Sequential([layers.LSTM(units, return_sequences=True), layers.LSTM(units // 2)], name="encoder")


inp = keras.Input(shape=(10, 3))
encoder = build_encoder(16)
x = encoder(inp)
model = keras.Model(inp, layers.Dense(1)(x))
""",
    ),
    "sequential_from_a_function_called_twice_in_place": CodeCase(
        "written for lstmcalc: make_encoder(16)(a) and make_encoder(8)(b), two Sequential models from one "
        "function, concatenated: each build makes a Functional, so the model is functional_2",
        """\
import keras
from keras import layers


def make_encoder(units):
    return keras.Sequential([layers.LSTM(units, return_sequences=True), layers.LSTM(units // 2)])


a = keras.Input(shape=(10, 3))
b = keras.Input(shape=(8, 5))
x = layers.concatenate([make_encoder(16)(a), make_encoder(8)(b)])
model = keras.Model([a, b], layers.Dense(1)(x))
""",
    ),
    "sequential_made_before_a_function_of_the_file_runs": CodeCase(
        "written for lstmcalc: keras.Sequential([...])(block(inp)), where block makes a Sequential model too: Python "
        "makes the outer one (its func) before block runs, so it is sequential and block's sequential_1",
        """\
import keras
from keras import layers


def block(x):
    return keras.Sequential([layers.Dense(4)])(layers.Dense(3)(x))


inp = keras.Input(shape=(3,))
x = keras.Sequential([layers.Dense(5)])(block(inp))
model = keras.Model(inp, x)
""",
    ),
    "sequential_of_layers_of_two_dtypes": CodeCase(
        "written for lstmcalc: a float64 Dense then a Dense of the model's float32 in one nested model: each "
        "weight is sized by its layer's dtype (Keras: 26 parameters, 168.00 B); lstmcalc refused it, unlocated",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(3,))
model = keras.Model(inp, keras.Sequential([layers.Dense(4, dtype="float64"), layers.Dense(2)])(inp))
""",
    ),
    "sequential_holding_a_custom_layer_with_an_int_weight": CodeCase(
        "written for lstmcalc: a custom layer's add_weight(dtype='int32') inside a nested model keeps its own dtype "
        "(Keras: 15 parameters, 84.00 B); lstmcalc refused the two dtypes, and dropped an inner weight's own dtype",
        """\
import keras
from keras import layers


class Counter(keras.layers.Layer):
    def build(self, input_shape):
        self.count = self.add_weight(shape=(3,), dtype="int32", trainable=False, initializer="zeros")
        self.w = self.add_weight(shape=(input_shape[-1], 2))

    def call(self, x):
        return x @ self.w

    def compute_output_shape(self, s):
        return (s[0], 2)


inp = keras.Input(shape=(3,))
model = keras.Model(inp, keras.Sequential([Counter(), layers.Dense(2, dtype="float64")])(inp))
""",
    ),
    "sequential_built_on_its_own_input_layer": CodeCase(
        "written for lstmcalc: a Sequential model starting with keras.layers.InputLayer(input_shape=...), Keras 2's "
        "spelling, built at once as on a keras.Input: its InputLayer takes input_layer, the model's input_layer_1 "
        "(lstmcalc refused it: 'does not support InputLayer')",
        """\
import keras
from keras import layers

enc = keras.Sequential([keras.layers.InputLayer(input_shape=(5, 3)), layers.LSTM(4)])
inp = keras.Input(shape=(5, 3))
model = keras.Model(inp, layers.Dense(2)(enc(inp)))
""",
    ),
    "sequential_built_on_a_named_input_layer": CodeCase(
        "written for lstmcalc: InputLayer(shape=..., name='enc_in') first, so the model's own input is input_layer",
        """\
import keras
from keras import layers

enc = keras.Sequential([keras.layers.InputLayer(shape=(5, 3), name="enc_in"), layers.LSTM(4)], name="enc")
inp = keras.Input(shape=(5, 3))
x = enc(inp)
model = keras.Model(inp, layers.Dense(2)(x))
""",
    ),
    "sequential_built_on_its_input_called_on_a_free_length": CodeCase(
        "written for lstmcalc: built on keras.Input((10, 3)), called on (None, None, 3): a size None fits the one it "
        "was built on, and the row shows the call's shape (lstmcalc refused it: 'is built on inputs of shape "
        "(None, 10, 3) but receives (None, None, 3)')",
        """\
import keras
from keras import layers

enc = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8, return_sequences=True)], name="enc")
inp = keras.Input(shape=(None, 3))
model = keras.Model(inp, layers.Dense(2)(enc(inp)))
""",
    ),
}

EXPECTED_ROWS = {
    "sequential_named_and_called_on_an_input": [
        ("input_layer", (None, 10, 3), 0),
        ("enc", (None, 4), 592),
        ("dense", (None, 1), 5),
    ],
    "sequential_block_of_one_dense": [
        ("input_layer", (None, 3), 0),
        ("sequential", (None, 4), 16),
    ],
    "sequential_built_on_its_own_input": [
        ("input_layer_1", (None, 10, 3), 0),
        ("sequential", (None, 4), 592),
        ("dense", (None, 1), 5),
    ],
    "two_sequential_models_chained": [
        ("input_layer", (None, 10, 3), 0),
        ("sequential", (None, 10, 8), 384),
        ("head", (None, 2), 218),
        ("dense_1", (None, 1), 3),
    ],
    "sequential_frozen_after_it_is_made": [
        ("input_layer", (None, 10, 3), 0),
        ("sequential", (None, 10, 8), 384),
        ("lstm_1", (None, 1), 40),
    ],
    "siamese_encoder_shared_by_two_inputs": [
        ("input_layer", (None, 20), 0),
        ("input_layer_1", (None, 20), 0),
        ("encoder", (None, 8), 17736),
        ("subtract", (None, 8), 0),
        ("dense_1", (None, 1), 9),
    ],
    "sequential_made_in_place_and_one_holding_a_layer_object": [
        ("input_layer", (None, 3), 0),
        ("sequential", (None, 4), 16),
        ("sequential_1", (None, 6), 264),
        ("dense_1", (None, 2), 14),
    ],
    "sequential_called_on_a_fixed_then_a_free_length": [
        ("input_layer", (None, 10, 3), 0),
        ("input_layer_1", (None, None, 3), 0),
        ("enc", (None, None, 2), 402),
        ("concatenate", (None, None, 2), 0),
    ],
    "sequential_returned_by_a_function": [
        ("input_layer", (None, 10, 3), 0),
        ("encoder", (None, 8), 2080),
        ("dense", (None, 1), 9),
    ],
    "sequential_from_a_function_called_twice_in_place": [
        ("input_layer", (None, 10, 3), 0),
        ("input_layer_1", (None, 8, 5), 0),
        ("sequential", (None, 8), 2080),
        ("sequential_1", (None, 4), 656),
        ("concatenate", (None, 12), 0),
        ("dense", (None, 1), 13),
    ],
    "sequential_made_before_a_function_of_the_file_runs": [
        ("input_layer", (None, 3), 0),
        ("dense_2", (None, 3), 12),
        ("sequential_1", (None, 4), 16),
        ("sequential", (None, 5), 25),
    ],
    "sequential_of_layers_of_two_dtypes": [
        ("input_layer", (None, 3), 0),
        ("sequential", (None, 2), 26),
    ],
    "sequential_holding_a_custom_layer_with_an_int_weight": [
        ("input_layer", (None, 3), 0),
        ("sequential", (None, 2), 15),
    ],
    "sequential_built_on_its_own_input_layer": [
        ("input_layer_1", (None, 5, 3), 0),
        ("sequential", (None, 4), 128),
        ("dense", (None, 2), 10),
    ],
    "sequential_built_on_a_named_input_layer": [
        ("input_layer", (None, 5, 3), 0),
        ("enc", (None, 4), 128),
        ("dense", (None, 2), 10),
    ],
    "sequential_built_on_its_input_called_on_a_free_length": [
        ("input_layer_1", (None, None, 3), 0),
        ("enc", (None, None, 8), 384),
        ("dense", (None, None, 2), 18),
    ],
}
