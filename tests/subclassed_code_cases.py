"""Subclassed Keras models (``class M(keras.Model)``) as public code writes them, rewritten afresh
(each case names its inspiration), for the plain tests (exact output) and the oracle (real Keras 3).

``model`` is the variable of the model the case's summary is of.
"""

from __future__ import annotations

from typing import NamedTuple


class SubclassedCase(NamedTuple):
    source: str
    code: str
    model: str = "model"
    picked: str | None = None


CASES: dict[str, SubclassedCase] = {
    # One LSTM and a Dense head, every argument written out, built with model.build().
    "airline_build": SubclassedCase(
        "tobi-spec/Machine-Learning: tabular_data/timeseries_univariat/AirlinePassengers/Keras/LSTM/"
        "airline_passengers_keras_lstm_model.py",
        """\
from keras import Model, layers, initializers

LOOK_BACK = 12


class PassengersLSTM(Model):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(
            units=50,
            activation="tanh",
            recurrent_activation="sigmoid",
            kernel_initializer="glorot_uniform",
        )
        self.head = layers.Dense(units=1, kernel_initializer=initializers.RandomNormal(stddev=0.01))

    def call(self, inputs):
        x = self.lstm(inputs)
        x = self.head(x)
        return x


model = PassengersLSTM()
model.build((None, LOOK_BACK, 1))
model.compile(optimizer="adam", loss="mse")
""",
    ),
    # The model's name given to super().__init__, a default for the width, called on an Input.
    "named_super_input": SubclassedCase(
        "a tf.keras.Model subclass 'Model' with super().__init__(name='LSTM') and num_classes=128 (code search)",
        """\
import tensorflow as tf


class Classifier(tf.keras.Model):
    def __init__(self, num_classes=128):
        super(Classifier, self).__init__(name="LSTM")
        self.num_classes = num_classes
        self.lstm = tf.keras.layers.LSTM(num_classes)
        self.out = tf.keras.layers.Dense(self.num_classes // 16, activation="softmax")

    def call(self, inputs):
        return self.out(self.lstm(inputs))


model = Classifier(num_classes=64)
features = tf.keras.Input(shape=(30, 8))
outputs = model(features)
model.summary()
""",
    ),
    # Widths from the instantiation's arguments and the module's constants; Dropout between.
    "stacked_arguments": SubclassedCase(
        "isaaccbr3434/CSCI-1470-Final-Project: code/model.py (LSTMModel with embed_size)",
        """\
import keras
from keras.layers import LSTM, Dense, Dropout

TIMESTEPS, FEATURES = 20, 4


class StockLSTM(keras.Model):
    def __init__(self, embed_size=64, rate=0.2, **kwargs):
        super().__init__(**kwargs)
        self.embed_size = embed_size
        self.first = LSTM(self.embed_size, return_sequences=True)
        self.drop = Dropout(rate)
        self.second = LSTM(embed_size // 2)
        self.dense_layer = Dense(1)

    def call(self, inputs, training=None):
        x = self.first(inputs)
        x = self.drop(x, training=training)
        x = self.second(x)
        return self.dense_layer(x)


model = StockLSTM(embed_size=96, name="stock_lstm")
model(keras.Input(shape=(TIMESTEPS, FEATURES)))
""",
    ),
    # Two models in one file: --model picks one; Keras's automatic layer names go on counting.
    "two_models": SubclassedCase(
        "a book chapter building a small and a large forecaster from one class (code search)",
        """\
import keras
from keras import layers


class Forecaster(keras.Model):
    def __init__(self, units, horizon=1, **kwargs):
        super().__init__(**kwargs)
        self.recurrent = layers.GRU(units)
        self.project = layers.Dense(horizon)

    def call(self, inputs):
        return self.project(self.recurrent(inputs))


small = Forecaster(16, name="small")
small.build((None, 48, 3))
large = Forecaster(128, horizon=24, name="large")
large(keras.Input(shape=(48, 3)))
""",
        model="large",
        picked="large",
    ),
    # Two unnamed models of one class: Keras names the second model, and its layers, after the first.
    "second_unnamed": SubclassedCase(
        "the same book chapter's forecaster made twice, the second one summarised (code search)",
        """\
import keras
from keras import layers


class Forecaster(keras.Model):
    def __init__(self, units):
        super().__init__()
        self.recurrent = layers.GRU(units)
        self.project = layers.Dense(1)

    def call(self, inputs):
        return self.project(self.recurrent(inputs))


first = Forecaster(4)
first(keras.Input((6, 2)))
second = Forecaster(8)
second(keras.Input((6, 2)))
second.summary()
""",
        model="second",
    ),
}
