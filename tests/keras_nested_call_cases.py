"""A shared Keras layer called inside its own call, ``d(d(x))``: Keras makes the inner call the layer's
first node and the outer its second, as ``y = d(x); d(y)`` does (before, lstmcalc gave both calls the
first node and refused the file with a misleading "name already taken"). Each case's rows (name, output
shape, count) are Keras 3's; tests/oracle/test_keras_nested_calls_oracle.py compares the whole summary.
"""

from __future__ import annotations

from tests.keras_code_corpus import CodeCase

NESTED_CALLS: dict[str, CodeCase] = {
    "dense_on_itself": CodeCase(
        "written for lstmcalc: a Dense applied to its own output",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(4,))
d = layers.Dense(4)
x = d(d(inputs))
model = keras.Model(inputs, x)
""",
    ),
    "two_shared_layers_interleaved": CodeCase(
        "written for lstmcalc: an LSTM and a Dense each called twice, nested, then once more on the input",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
lstm = layers.LSTM(4, return_sequences=True)
dense = layers.Dense(4)
x = dense(lstm(dense(lstm(inputs))))
x = layers.Add()([x, dense(inputs)])
model = keras.Model(inputs, x)
""",
    ),
}

#: What Keras 3 gives for each case: (name, output shape, count) of each layer, in the summary's order.
EXPECTED_ROWS = {
    "dense_on_itself": [("input_layer", (None, 4), 0), ("dense", (None, 4), 20)],
    "two_shared_layers_interleaved": [
        ("input_layer", (None, 10, 4), 0),
        ("lstm", (None, 10, 4), 144),
        ("dense", (None, 10, 4), 20),
        ("add", (None, 10, 4), 0),
    ],
}
