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
    # Two stacked LSTMs and two Dense layers, the widths the constructor's arguments; model.build.
    "two_lstms_build": SubclassedCase(
        "asmirprepic/DeepLearningStuff: Classes/lstm_model.py",
        """\
import tensorflow as tf
from tensorflow.keras import layers, models


class LSTMModel(tf.keras.Model):
    def __init__(self, units, num_outputs):
        super(LSTMModel, self).__init__()
        self.lstm1 = layers.LSTM(units, return_sequences=True)
        self.lstm2 = layers.LSTM(units)
        self.dense = layers.Dense(128, activation='relu')
        self.output_layer = layers.Dense(num_outputs)

    def call(self, inputs, training=False):
        x = self.lstm1(inputs)
        x = self.lstm2(x)
        x = self.dense(x)
        return self.output_layer(x)


units = 96
num_outputs = 1
model = LSTMModel(units=units, num_outputs=num_outputs)
model.compile(optimizer='adam', loss='mse', metrics=['mae'])
model.build(input_shape=(None, 50, 16))
model.summary()
""",
    ),
    # A residual connection through an Add layer made in __init__ (rows: every layer, in creation order).
    "residual_add_layer": SubclassedCase(
        "keras.io's guide 'Making new layers and models via subclassing' (a block whose call adds its input "
        "back), with an LSTM in front",
        """\
import keras
from keras import layers


class ResidualLSTM(keras.Model):
    def __init__(self, units=16):
        super().__init__()
        self.lstm = layers.LSTM(units, return_sequences=True)
        self.dense = layers.Dense(units)
        self.add = layers.Add()

    def call(self, inputs):
        x = self.lstm(inputs)
        y = self.dense(x)
        return self.add([x, y])


model = ResidualLSTM()
model.build((None, 50, 1))
""",
    ),
    # x + y: no layer, no row; the head made before the LSTM it follows: rows in creation order.
    "residual_plus": SubclassedCase(
        "a forecaster with a skip connection written as x + y (code search: 'return x + self.dense')",
        """\
import keras
from keras import layers


class SkipForecaster(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(32, activation="relu")
        self.lstm = layers.LSTM(32, return_sequences=True)
        self.out = layers.Dense(1)

    def call(self, inputs):
        x = self.lstm(inputs)
        y = self.dense(x)
        return self.out(x + y)


model = SkipForecaster()
model(keras.Input(shape=(24, 3)))
""",
    ),
    # Two paths from the input, concatenated by a layer made in __init__.
    "two_paths_concatenate": SubclassedCase(
        "a two-branch recurrent classifier (LSTM and GRU over the same sequence, code search)",
        """\
import tensorflow as tf


class TwoBranch(tf.keras.Model):
    def __init__(self, units=8, classes=3):
        super().__init__(name="two_branch")
        self.lstm = tf.keras.layers.LSTM(units)
        self.gru = tf.keras.layers.GRU(units // 2)
        self.concat = tf.keras.layers.Concatenate()
        self.classifier = tf.keras.layers.Dense(classes, activation="softmax")

    def call(self, inputs):
        a = self.lstm(inputs)
        b = self.gru(inputs)
        return self.classifier(self.concat([a, b]))


model = TwoBranch()
model.build((None, 50, 1))
""",
    ),
    # One Dense applied twice: one row, its weights once.
    "shared_layer": SubclassedCase(
        "a model applying one projection twice (code search: 'x = self.proj(self.proj(x))')",
        """\
import keras
from keras import layers


class Twice(keras.Model):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(6, return_sequences=True)
        self.proj = layers.Dense(6)

    def call(self, inputs):
        x = self.lstm(inputs)
        x = self.proj(x)
        return self.proj(x)


model = Twice()
model(keras.Input((10, 2)))
""",
    ),
    # Merges made in call: layers.add(), layers.Concatenate()(...): no rows.
    "merges_in_call": SubclassedCase(
        "a residual model merging with keras.layers.add and concatenate inside call (code search)",
        """\
import keras
from keras import layers


class Merged(keras.Model):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(16, return_sequences=True)
        self.dense = layers.Dense(16)
        self.pool = layers.GlobalAveragePooling1D()

    def call(self, inputs):
        x = self.lstm(inputs)
        y = self.dense(x)
        z = layers.add([x, y])
        both = layers.Concatenate(axis=-1)([z, x])
        return self.pool(both)


model = Merged()
model.build((None, 50, 1))
""",
    ),
    # Self-attention over a bidirectional LSTM, called as attention(x, x) and by keyword.
    "self_attention_calls": SubclassedCase(
        "a text classifier with Bidirectional LSTM and MultiHeadAttention self-attention in call (code search)",
        """import keras
from keras import layers


class AttentionClassifier(keras.Model):
    def __init__(self, units=16):
        super().__init__()
        self.encoder = layers.Bidirectional(layers.LSTM(units, return_sequences=True))
        self.attention = layers.MultiHeadAttention(num_heads=2, key_dim=units)
        self.cross = layers.MultiHeadAttention(num_heads=1, key_dim=8)
        self.pool = layers.GlobalAveragePooling1D()
        self.head = layers.Dense(1, activation="sigmoid")

    def call(self, inputs):
        x = self.encoder(inputs)
        a = self.attention(x, x)
        b = self.cross(query=a, value=x, key=x)
        return self.head(self.pool(b))


model = AttentionClassifier()
model.build((None, 12, 4))
""",
    ),
}


#: Subclassed scripts lstmcalc refuses, and the located message (after ``PATH:``) it refuses them
#: with: what it cannot know without running the code, or what the code itself leaves open.
REFUSED: dict[str, tuple[SubclassedCase, str]] = {
    # An Embedding, an LSTM and a softmax, the sizes set as attributes first; the file never builds the
    # model (nor does Keras: its summary shows it unbuilt), so no input shape is written anywhere.
    "embedding_unbuilt": (
        SubclassedCase(
            "yoonjeewoo/DAI5004_01_AMLDL: assignment3/network.py",
            """\
from tensorflow.keras import layers, models


class LSTM_FC(models.Model):

    def __init__(self, num_classes, max_features):
        super(LSTM_FC, self).__init__()

        self.num_classes = num_classes
        self.max_features = max_features
        self.embedding = layers.Embedding(self.max_features, 128)
        self.lstm = layers.LSTM(64)
        self.fc = layers.Dense(self.num_classes, activation="softmax")

    def call(self, x):
        x = self.embedding(x)
        x = self.lstm(x)
        x = self.fc(x)
        return x


model = LSTM_FC(num_classes=2, max_features=20000)
""",
        ),
        "22:9: error: the model 'model' is never built: lstmcalc needs its input shape, from "
        "model.build((None, 50, 1)) or from calling it on keras.Input(shape=(50, 1))",
    ),
    # The layers live in a Sequential made by a helper method and called from call(); the helper's
    # self.out_steps is not followed to the constructor's argument.
    "sequential_inside": (
        SubclassedCase(
            "HHRClemson/Flood-stAge-predIction-thRough-Deep-Neural-Networks: predict_flooding/models/lstm.py",
            """\
import tensorflow as tf
from tensorflow.keras import models, Model, layers


class LSTM(Model):

    def __init__(self, out_steps, **kwargs):
        super(LSTM, self).__init__(name="LSTM", **kwargs)
        self.out_steps = out_steps
        self.model: Model = self._create_model()

    def _create_model(self) -> Model:
        model = models.Sequential()
        model.add(layers.LSTM(64, return_sequences=False))
        model.add(layers.Dense(self.out_steps, kernel_initializer=tf.initializers.zeros()))
        model.add(layers.Reshape([self.out_steps, 1]))
        return model

    def call(self, inputs, training=None, mask=None):
        return self.model(inputs)


model = LSTM(out_steps=24)
model.build((None, 72, 5))
""",
        ),
        "15:32: error: cannot evaluate 'self.out_steps' (Dense's units) without running the code; "
        "give its value with --set 'self.out_steps=VALUE'",
    ),
}
