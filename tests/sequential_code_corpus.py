"""Real-world Sequential and Keras 2-era scripts (CuDNNLSTM, ``input_dim``/``input_length``,
``weights=[...]``), each rewritten afresh with its original's idioms and its source named; none
is a verbatim copy.

A case is the code, the variable holding the model, the ``--set`` values lstmcalc is given for
what the code cannot tell without running (data shapes, a config object's fields), and the edits
the oracle makes before running the code in Keras 3 (tests only): a Keras 2 spelling Keras 3
refuses or ignores, in its Keras 3 spelling, and data the code would download, as arrays of the
same shape. CuDNNLSTM/CuDNNGRU run as LSTM/GRU in Keras 3 (same shapes); their counts are torch's
(two bias vectors per gate, as CuDNN's).
"""

from __future__ import annotations

from typing import NamedTuple

#: Stands in for ``mnist.load_data()`` when the oracle runs a case: arrays of MNIST's shapes.
MNIST_STAND_IN = "((numpy.zeros((2, 28, 28)), numpy.zeros(2)), (numpy.zeros((2, 28, 28)), numpy.zeros(2)))"


class SequentialCase(NamedTuple):
    source: str
    code: str
    model: str = "model"
    sets: tuple[str, ...] = ()
    keras3: tuple[tuple[str, str], ...] = ()


CORPUS: dict[str, SequentialCase] = {
    # Two stacked LSTMs, the first given the input shape, and a Dense head; a beginner's notebook.
    "stacked_input_shape": SequentialCase(
        "EUMJW/Daily_edu: Ai/2020_08_13_LSTM02.py",
        """\
from keras.models import Sequential
from keras.layers import Dense, LSTM

model = Sequential()
model.add(LSTM(12, input_shape=(4, 1), return_sequences=True))
model.add(LSTM(6))
model.add(Dense(1))
model.summary()
""",
    ),
    # One LSTM and a funnel of Dense layers down to a sigmoid.
    "dense_funnel": SequentialCase(
        "LEEVATAR/ZeusNoteBook: TF230419/Embedding2_LSTM.py",
        """\
from keras.models import Sequential
from keras.layers import Dense, LSTM

model = Sequential()
model.add(LSTM(64, input_shape=(6, 1)))
model.add(Dense(32, activation='relu'))
model.add(Dense(16, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
""",
    ),
    # MNIST rows as a sequence: the input shape is the training data's, known only by running.
    "mnist_rows_from_data": SequentialCase(
        "jcoquerygithub/python-tutorial: tensorflow_tutorial/rnn_keras.py",
        """\
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout, LSTM

mnist = tf.keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train / 255.0
x_test = x_test / 255.0

model = Sequential()
model.add(LSTM(128, input_shape=(x_train.shape[1:]), activation='relu', return_sequences=True))
model.add(Dropout(0.2))
model.add(LSTM(128, activation='relu'))
model.add(Dropout(0.2))
model.add(Dense(32, activation='relu'))
model.add(Dropout(0.2))
model.add(Dense(10, activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
""",
        sets=("x_train.shape[1:]=(28, 28)",),
        keras3=(
            ("mnist.load_data()", MNIST_STAND_IN),
            ("import tensorflow as tf", "import numpy\nimport keras as _k\n\n\nclass tf:\n    keras = _k\n"),
        ),
    ),
    # Sentdex's MNIST RNN on the GPU: CuDNNLSTM (Keras 2 / tf.keras 1.x), the data's shape.
    "cudnn_mnist_sentdex": SequentialCase(
        "melihozaydin/notes-references: AI/KerasSentdex_basics/7-RNN.py",
        """\
import tensorflow as tf

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout, CuDNNLSTM

mnist = tf.keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train / 255
x_test = x_test / 255

model = Sequential()
model.add(CuDNNLSTM(128, input_shape=(x_train.shape[1:]), return_sequences=True))
model.add(Dropout(0.2))
model.add(CuDNNLSTM(128))
model.add(Dropout(0.2))
model.add(Dense(32, activation='relu'))
model.add(Dropout(0.2))
model.add(Dense(10, activation='softmax'))
""",
        sets=("x_train.shape[1:]=(28, 28)",),
        keras3=(
            ("mnist.load_data()", MNIST_STAND_IN),
            ("import tensorflow as tf", "import numpy\nimport keras as _k\n\n\nclass tf:\n    keras = _k\n"),
            ("CuDNNLSTM", "LSTM"),
        ),
    ),
    # The same model with standalone Keras imports and the shape of the first training sample.
    "cudnn_first_sample_shape": SequentialCase(
        "nghiemphan93/machineLearning: 2018-11-05_RNN-revisit/MNIST-RNN.py",
        """\
import tensorflow as tf
from keras.models import Sequential
from keras.layers import Dense, Dropout, LSTM, CuDNNLSTM

mnist = tf.keras.datasets.mnist
(trainData, trainLabel), (testData, testLabel) = mnist.load_data()

model = Sequential()
model.add(CuDNNLSTM(64, input_shape=(trainData[0].shape), return_sequences=True))
model.add(Dropout(0.2))
model.add(CuDNNLSTM(64))
model.add(Dropout(0.2))
model.add(Dense(32, activation="relu"))
model.add(Dense(10, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["acc"])
""",
        sets=("trainData[0].shape=(28, 28)",),
        keras3=(
            ("mnist.load_data()", MNIST_STAND_IN),
            ("import tensorflow as tf", "import numpy\nimport keras as _k\n\n\nclass tf:\n    keras = _k\n"),
            ("CuDNNLSTM", "LSTM"),
        ),
    ),
    # Keras 1/2's input_dim and input_length on the first LSTM, in place of input_shape.
    "input_dim_and_length": SequentialCase(
        "TrofimovAssya/DankMeme: lstm_meme.py",
        """\
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM

model = Sequential()
model.add(LSTM(32, input_dim=64, input_length=10))
model.add(Dense(1, activation='sigmoid'))
""",
        keras3=(("input_dim=64, input_length=10", "input_shape=(10, 64)"),),
    ),
    # Keras 2's documentation example of three stacked LSTMs, the first sized with input_dim/input_length.
    "stacked_input_dim": SequentialCase(
        "TakeruKazama/GA: main.py",
        """\
from keras.models import Sequential
from keras.layers import LSTM

model = Sequential()
model.add(LSTM(64, input_dim=48, input_length=12, return_sequences=True))
model.add(LSTM(32, return_sequences=True))
model.add(LSTM(10))
""",
        keras3=(("input_dim=48, input_length=12", "input_shape=(12, 48)"),),
    ),
    # A pretrained Embedding (weights=[...], input_length, mask_zero) in a function of the
    # vocabulary and class counts; the vocabulary's size is the data's.
    "embedding_weights_function": SequentialCase(
        "spianmo/MultiClassify_LSTM_ForChinese: code/lstm.py",
        """\
from keras.layers.core import Dense, Dropout, Activation
from keras.layers.embeddings import Embedding
from keras.layers.recurrent import LSTM
from keras.models import Sequential

sentence_length = 100
word_dim = 150


def lstm(vocabulary_size, embedding_weights, classes):
    model = Sequential()
    model.add(Embedding(output_dim=word_dim,
                        input_dim=vocabulary_size,
                        mask_zero=True,
                        weights=[embedding_weights],
                        input_length=sentence_length))
    model.add(LSTM(256, activation='softsign'))
    model.add(Dropout(0.5))
    model.add(Dense(classes))
    model.add(Activation('softmax'))
    return model


model = lstm(len(word_index) + 1, embedding_weights, 3)
""",
        sets=("len(word_index) + 1=5000",),
        keras3=(
            ("from keras.layers.core", "from keras.layers"),
            ("from keras.layers.embeddings", "from keras.layers"),
            ("from keras.layers.recurrent", "from keras.layers"),
            ("input_length=sentence_length", "input_shape=(sentence_length,)"),
            (
                "model = lstm(len(word_index) + 1,",
                "import numpy\nembedding_weights = numpy.zeros((5000, 150))\nmodel = lstm(5000,",
            ),
        ),
    ),
    # A frozen pretrained Embedding, a Masking layer, and sizes from earlier in the notebook.
    "frozen_embedding_masking": SequentialCase(
        "zlpmichelle/crackingtensorflow: template/rnn/rnn.py",
        """\
from keras.models import Sequential
from keras.layers import LSTM, Dense, Dropout, Masking, Embedding

model = Sequential()
model.add(
    Embedding(input_dim=num_words,
              input_length=training_length,
              output_dim=100,
              weights=[embedding_matrix],
              trainable=False,
              mask_zero=True))
model.add(Masking(mask_value=0.0))
model.add(LSTM(64, return_sequences=False, dropout=0.1, recurrent_dropout=0.1))
model.add(Dense(64, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(num_words, activation='softmax'))
model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
""",
        sets=("num_words=8000", "training_length=50"),
        keras3=(
            (
                "model = Sequential()",
                "import numpy\nnum_words, training_length = 8000, 50\n"
                "embedding_matrix = numpy.zeros((8000, 100))\nmodel = Sequential()",
            ),
            ("input_length=training_length", "input_shape=(training_length,)"),
        ),
    ),
    # A list given to Sequential, every size a field of a config object.
    "config_fields": SequentialCase(
        "jiahenghuang/nlp-tensorflow2.0: text_classify/lstm.py",
        """\
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, LSTM, Dropout, Dense


def lstm(n_symbols, embedding_weights, config):
    model = Sequential([
        Embedding(input_dim=n_symbols, output_dim=config.embeddingSize,
                  weights=[embedding_weights],
                  input_length=config.sequenceLength),
        LSTM(50, activation='tanh', dropout=0.5, recurrent_dropout=0.5),
        Dropout(config.dropoutKeepProb),
        Dense(2, activation='softmax')])
    model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
    return model


model = lstm(n_symbols, embedding_weights, config)
""",
        sets=("n_symbols=20000", "config.embeddingSize=200", "config.sequenceLength=60", "config.dropoutKeepProb=0.5"),
        keras3=(
            ("input_length=config.sequenceLength", "input_shape=(config.sequenceLength,)"),
            (
                "model = lstm(n_symbols,",
                "import numpy\n\n\nclass config:\n"
                "    embeddingSize, sequenceLength, dropoutKeepProb = 200, 60, 0.5\n\n\n"
                "n_symbols = 20000\nembedding_weights = numpy.zeros((20000, 200))\nmodel = lstm(n_symbols,",
            ),
        ),
    ),
    # Two sigmoid LSTMs over an Embedding, the sequence length a function argument.
    "length_argument": SequentialCase(
        "jayluxferro/SDN-Topology-Attack: scripts/rnn_models.py",
        """\
from keras.layers import Dense, Dropout, LSTM, Embedding
from keras.models import Sequential


def lstm(input_length):
    model = Sequential()
    model.add(Embedding(input_dim=188, output_dim=50, input_length=input_length))
    model.add(LSTM(256, activation='sigmoid', return_sequences=True))
    model.add(Dropout(0.5))
    model.add(LSTM(256, activation='sigmoid'))
    model.add(Dropout(0.5))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='rmsprop', metrics=['accuracy'])
    return model


model = lstm(24)
""",
        keras3=(("input_length=input_length", "input_shape=(input_length,)"),),
    ),
    # Bidirectional GRUs, the wrapper given the input shape; a function of the shape and classes.
    "bidirectional_gru_function": SequentialCase(
        "Ayesh17/Sliding_Window_Approach: Python_Scripts/DL_Models/Bidirectional_GRU_model.py",
        """\
from keras.models import Sequential
from keras.layers import Bidirectional, Dense, Dropout, GRU


def Bidirectional_GRU_model(input_shape, num_classes):
    model = Sequential()
    model.add(Bidirectional(GRU(128, return_sequences=True), input_shape=input_shape))
    model.add(Dropout(0.2))
    model.add(Bidirectional(GRU(64)))
    model.add(Dropout(0.2))
    model.add(Dense(64, activation='relu'))
    model.add(Dense(num_classes, activation='softmax'))
    return model


model = Bidirectional_GRU_model((X_train.shape[1], X_train.shape[2]), 5)
""",
        sets=("X_train.shape[1]=30", "X_train.shape[2]=9"),
        keras3=(("(X_train.shape[1], X_train.shape[2])", "(30, 9)"),),
    ),
    # A book's three stacked GRUs over an Embedding with Keras 2's input_length, positional sizes.
    "gru_stack_book": SequentialCase(
        "kirinchen/tf-class-code: Keras/Ch11/Ch11_4_2b.py",
        """\
from keras.models import Sequential
from keras.layers import Embedding, GRU

model = Sequential()
model.add(Embedding(10000, 32, input_length=100))
model.add(GRU(32, return_sequences=True))
model.add(GRU(32, return_sequences=True))
model.add(GRU(32))
model.summary()
""",
        keras3=(("input_length=100", "input_shape=(100,)"),),
    ),
    # Keras 3's style: an Input added first, then Embedding, GRU and a sigmoid.
    "input_added_first": SequentialCase(
        "halitkalayci/turkcell-computer-vision: nlp/rnn/gru.py",
        """\
from keras.models import Sequential
from keras.layers import GRU, Dense, Embedding, Input

model = Sequential()
model.add(Input(shape=(12,)))
model.add(Embedding(input_dim=10000, output_dim=64))
model.add(GRU(48))
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.summary()
""",
    ),
    # A function of the vocabulary, widths and optimizer: tensorflow.keras imported as keras, layers
    # spelled keras.layers.X beside a CuDNNLSTM imported by name.
    "cudnn_function_keras_prefix": SequentialCase(
        "DengChan/MultiLabelsBaseline: models/cudnnGRU.py",
        """\
import tensorflow.keras as keras
from tensorflow.keras.layers import GRU, CuDNNGRU, CuDNNLSTM
from tensorflow.keras.models import Sequential


def GRUModel(max_words, embedding_size, sequence_length, optimizer, num_classes):
    model = Sequential()
    model.add(keras.layers.Embedding(max_words + 1, embedding_size, input_length=sequence_length, trainable=True))
    model.add(CuDNNLSTM(256))
    model.add(keras.layers.Dropout(0.3))
    model.add(keras.layers.Dense(num_classes, activation='sigmoid'))
    model.compile(optimizer=optimizer, loss='binary_crossentropy', metrics=['categorical_accuracy'])
    return model


model = GRUModel(30000, 200, 150, 'adam', 54)
""",
        keras3=(
            ("import tensorflow.keras as keras", "import keras"),
            (
                "from tensorflow.keras.layers import GRU, CuDNNGRU, CuDNNLSTM",
                "from keras.layers import LSTM as CuDNNLSTM",
            ),
            ("input_length=sequence_length", "input_shape=(sequence_length,)"),
        ),
    ),
    # A functional model in tf.keras spelling with a CuDNNGRU and BatchNormalization; sizes are defaults.
    "cudnn_gru_functional": SequentialCase(
        "Angps1995/quotes_generation: model/simplemodel.py",
        """\
import tensorflow as tf


def simplemodel(vocab_size=9955, max_len=816):
    inp = tf.keras.layers.Input(shape=(max_len,), name='input')
    net = tf.keras.layers.Embedding(input_dim=vocab_size, output_dim=100, input_length=max_len)(inp)
    net = tf.keras.layers.CuDNNGRU(256)(net)
    net = tf.keras.layers.BatchNormalization()(net)
    net = tf.keras.layers.Dense(256, activation='relu')(net)
    net = tf.keras.layers.Dropout(0.2)(net)
    net = tf.keras.layers.BatchNormalization()(net)
    net = tf.keras.layers.Dense(vocab_size, activation='softmax', name='output')(net)
    model = tf.keras.models.Model(inputs=inp, outputs=net)
    return model


if __name__ == "__main__":
    model = simplemodel()
    print(model.summary())
""",
        keras3=(
            ("import tensorflow as tf", "import keras as _k\n\n\nclass tf:\n    keras = _k\n"),
            (", input_length=max_len", ""),
            ("CuDNNGRU", "GRU"),
        ),
    ),
    # An LSTM autoencoder: RepeatVector and a TimeDistributed Dense; the length is len() of a literal array.
    "autoencoder_repeat_vector": SequentialCase(
        "tusonggao/keras_learning: keras_autoencoder.py",
        """\
from numpy import array
from keras.models import Sequential
from keras.layers import LSTM
from keras.layers import Dense
from keras.layers import RepeatVector
from keras.layers import TimeDistributed

sequence = array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
n_in = len(sequence)
sequence = sequence.reshape((1, n_in, 1))

model = Sequential()
model.add(LSTM(100, activation='relu', input_shape=(n_in, 1)))
model.add(RepeatVector(n_in))
model.add(LSTM(100, activation='relu', return_sequences=True))
model.add(TimeDistributed(Dense(1)))
model.compile(optimizer='adam', loss='mse')
""",
        sets=("n_in=9",),
    ),
}
