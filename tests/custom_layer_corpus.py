"""Real-world Keras scripts with the user's own layer classes (``class Attention(Layer)`` with
``build``/``add_weight``), each rewritten afresh with its original's idioms and its source named; none
is a verbatim copy. lstmcalc reads each class's code (readers/custom_layers.py); the oracle runs it
in real Keras 3, with Keras 2's backend functions (``K.dot``...) standing in as ``keras.ops``
(tests/oracle/keras2_backend.py).
"""

from __future__ import annotations

from tests.keras_code_corpus import CodeCase

#: The oracle's stand-ins for Keras 2's backend, which Keras 3 dropped.
KERAS2_BACKEND = ("from keras import backend as K", "from tests.oracle.keras2_backend import backend as K")

CORPUS: dict[str, CodeCase] = {
    # A lower-case attention class that keeps the sequence (return_sequences=True by default), added
    # between two LSTMs of a Sequential model built by a function; Keras 2's backend functions.
    "attention_between_lstms": CodeCase(
        "henriettebs/IDATT2502_project: src/models/LstmAttention/lstmAttention.py",
        """\
from keras.models import Sequential
from keras.layers import Dense, LSTM, Dropout, Layer
from keras import backend as K


class attention(Layer):
    def __init__(self, return_sequences=True):
        self.return_sequences = return_sequences
        super(attention, self).__init__()

    def build(self, input_shape):
        self.W = self.add_weight(name="att_weight", shape=(input_shape[-1], 1), initializer="normal")
        self.b = self.add_weight(name="att_bias", shape=(input_shape[1], 1), initializer="normal")
        super(attention, self).build(input_shape)

    def call(self, x):
        e = K.tanh(K.dot(x, self.W) + self.b)
        a = K.softmax(e, axis=1)
        output = x * a
        if self.return_sequences:
            return output
        return K.sum(output, axis=1)


def make_model(n_steps, n_features):
    model = Sequential()
    model.add(LSTM(60, activation='relu', return_sequences=True, input_shape=(n_steps, n_features)))
    model.add(Dropout(0.5))
    model.add(attention())
    model.add(LSTM(120, activation='relu'))
    model.add(Dropout(0.5))
    model.add(Dense(20))
    model.add(Dense(1))
    model.compile(optimizer='adam', loss='mse')
    return model


model = make_model(7, 1)
""",
        keras3=(KERAS2_BACKEND,),
    ),
    # Attention pooling that also returns its weights: two outputs, both model outputs.
    "attention_with_weights_out": CodeCase(
        "mschongchulshin/fatigue_life_predictor: fatigue_life_predictor/attention.py",
        """\
from tensorflow.keras.layers import Layer, Input, LSTM, Dense
from tensorflow.keras.models import Model
import tensorflow.keras.backend as K

N_TIMESTEPS = 50


class Attention(Layer):
    def __init__(self, **kwargs):
        super(Attention, self).__init__(**kwargs)

    def build(self, input_shape):
        self.W = self.add_weight(name="att_weight", shape=(input_shape[-1], 1),
                                 initializer="glorot_uniform", trainable=True)
        self.b = self.add_weight(name="att_bias", shape=(input_shape[1], 1),
                                 initializer="zeros", trainable=True)
        super(Attention, self).build(input_shape)

    def call(self, x):
        e = K.tanh(K.dot(x, self.W) + self.b)
        a = K.softmax(e, axis=1)
        return K.sum(x * a, axis=1), a


curve = Input(shape=(N_TIMESTEPS, 2))
hidden = LSTM(64, return_sequences=True)(curve)
context, weights = Attention()(hidden)
life = Dense(1)(context)
model = Model(inputs=curve, outputs=[life, weights])
""",
        keras3=(("import keras.backend as K", KERAS2_BACKEND[1]),),
    ),
    # The same pooling written with tf.keras.backend's full paths, in a tf.keras Sequential list.
    "attention_tf_paths": CodeCase(
        "yousoo0920/ess-vpp-project: utils/attention.py",
        """\
import tensorflow as tf
from tensorflow.keras.layers import Layer


class Attention(Layer):
    def __init__(self):
        super(Attention, self).__init__()

    def build(self, input_shape):
        self.W = self.add_weight(name='att_weight', shape=(input_shape[-1], 1),
                                 initializer='random_normal', trainable=True)
        self.b = self.add_weight(name='att_bias', shape=(input_shape[1], 1),
                                 initializer='zeros', trainable=True)

    def call(self, inputs):
        e = tf.keras.backend.tanh(tf.keras.backend.dot(inputs, self.W) + self.b)
        alpha = tf.keras.backend.softmax(e, axis=1)
        context = inputs * alpha
        context = tf.keras.backend.sum(context, axis=1)
        return context


window, features = 24, 9
model = tf.keras.Sequential([
    tf.keras.Input(shape=(window, features)),
    tf.keras.layers.LSTM(64, return_sequences=True),
    Attention(),
    tf.keras.layers.Dense(32, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid'),
])
""",
        keras3=(("import tensorflow as tf", "from tests.oracle.keras2_backend import tf"),),
    ),
    # A library's weighted attention: the bias under `if self.use_bias:`, weight names made from the
    # layer's name, and compute_output_shape giving two outputs (return_attention=True).
    "seq_weighted_attention": CodeCase(
        "CyberZHG/keras-self-attention: keras_self_attention/seq_weighted_attention.py",
        """\
import keras
from keras import backend as K


class SeqWeightedAttention(keras.layers.Layer):

    def __init__(self, use_bias=True, return_attention=False, **kwargs):
        super(SeqWeightedAttention, self).__init__(**kwargs)
        self.supports_masking = True
        self.use_bias = use_bias
        self.return_attention = return_attention
        self.W, self.b = None, None

    def build(self, input_shape):
        self.W = self.add_weight(shape=(input_shape[2], 1),
                                 name='{}_W'.format(self.name),
                                 initializer=keras.initializers.get('uniform'))
        if self.use_bias:
            self.b = self.add_weight(shape=(1,),
                                     name='{}_b'.format(self.name),
                                     initializer=keras.initializers.get('zeros'))
        super(SeqWeightedAttention, self).build(input_shape)

    def call(self, x, mask=None):
        logits = K.dot(x, self.W)
        if self.use_bias:
            logits += self.b
        x_shape = K.shape(x)
        logits = K.reshape(logits, (x_shape[0], x_shape[1]))
        ai = K.exp(logits - K.max(logits, axis=-1, keepdims=True))
        if mask is not None:
            mask = K.cast(mask, K.floatx())
            ai = ai * mask
        att_weights = ai / (K.sum(ai, axis=1, keepdims=True) + K.epsilon())
        weighted_input = x * K.expand_dims(att_weights)
        result = K.sum(weighted_input, axis=1)
        if self.return_attention:
            return [result, att_weights]
        return result

    def compute_output_shape(self, input_shape):
        output_len = input_shape[2]
        if self.return_attention:
            return [(input_shape[0], output_len), (input_shape[0], input_shape[1])]
        return input_shape[0], output_len


tokens = keras.layers.Input(shape=(12, 16))
encoded = keras.layers.Bidirectional(keras.layers.LSTM(16, return_sequences=True))(tokens)
pooled, scores = SeqWeightedAttention(return_attention=True)(encoded)
label = keras.layers.Dense(2, activation='softmax')(pooled)
model = keras.models.Model(inputs=tokens, outputs=[label, scores])
""",
        keras3=(KERAS2_BACKEND,),
    ),
}

#: What the reader follows beyond the corpus, checked against real Keras 3 the same way (no source to name).
FEATURES: dict[str, CodeCase] = {
    # Keras 3 style: keras.ops, positional shape, tuple arithmetic, a slice of the input shape, unnamed
    # weights (Keras names them variable, variable_1... across the model), a frozen weight, a bias
    # left out by an argument, compute_output_shape, and two objects of the class.
    "keras3_ops_projection": CodeCase(
        "lstmcalc's own: keras.ops custom layer",
        """\
import keras
from keras import ops

UNITS = 6


class Projection(keras.layers.Layer):
    def __init__(self, units, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.use_bias = use_bias

    def build(self, input_shape):
        features = input_shape[-1]
        self.kernel = self.add_weight((features, self.units))
        self.scale = self.add_weight(shape=(1,) * 2, trainable=False, name="scale")
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        return ops.tanh(inputs @ self.kernel) * self.scale

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (self.units,)


model = keras.Sequential([
    keras.Input((10, 4)),
    keras.layers.LSTM(8, return_sequences=True),
    Projection(UNITS),
    Projection(UNITS // 2, use_bias=False, name="narrow"),
    keras.layers.GlobalAveragePooling1D(),
])
""",
    ),
    # A subclassed model holding a custom layer whose output shape comes from call(): squeeze,
    # softmax, expand_dims and a weighted sum over time.
    "subclassed_pooling": CodeCase(
        "lstmcalc's own: subclassed model with a custom pooling layer",
        """\
import keras
from keras import layers, ops


class TimePooling(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(input_shape[2], 1))
        self.b = self.add_weight(name="b", shape=(input_shape[1], 1), initializer="zeros")

    def call(self, x):
        scores = ops.squeeze(ops.matmul(x, self.w) + self.b, axis=-1)
        weights = ops.expand_dims(ops.softmax(scores, axis=-1), axis=-1)
        return ops.sum(x * weights, axis=1)


class Classifier(keras.Model):
    def __init__(self, classes=3):
        super().__init__()
        self.encoder = layers.GRU(12, return_sequences=True)
        self.pool = TimePooling()
        self.head = layers.Dense(classes, activation="softmax")

    def call(self, inputs):
        return self.head(self.pool(self.encoder(inputs)))


model = Classifier()
model.build((None, 15, 5))
""",
    ),
}
FEATURES["keras_own_keywords"] = CodeCase(
    # Keras's own Layer arguments reach it through **kwargs (trainable=False freezes the weights, Keras 2's
    # input_shape= gives a Sequential model its input), or super().__init__(name=...) names the layer.
    "lstmcalc's own: a custom layer's Keras keywords",
    """\
import keras
from keras import layers, ops


class Scale(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def build(self, input_shape):
        self.gain = self.add_weight(name="gain", shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.gain


class Center(layers.Layer):
    def __init__(self):
        super().__init__(name="centering")

    def build(self, input_shape):
        self.offset = self.add_weight(name="offset", shape=(input_shape[-1],), initializer="zeros")

    def call(self, x):
        return x - self.offset


model = keras.Sequential([
    Scale(input_shape=(6, 3), trainable=False),
    Center(),
    layers.LSTM(5),
])
""",
)
