"""Real-world functional Keras scripts, each rewritten afresh with its original's idioms (imports,
how shapes are derived, functions) and its source named; none is a verbatim copy.

Each case is the code, the variable that holds the model once the code has run (for the
oracle, which runs it in real Keras 3), and the ``--set`` values lstmcalc is given for what
the code cannot tell without running (none for most). ``tensorflow.keras`` imports run
against Keras 3 in the oracle (tests only).
"""

from __future__ import annotations

from typing import NamedTuple


class CodeCase(NamedTuple):
    source: str
    code: str
    model: str = "model"
    sets: tuple[str, ...] = ()


CORPUS: dict[str, CodeCase] = {
    # The classic character-level seq2seq, as a function returning the model.
    "seq2seq_function": CodeCase(
        "tobi-spec/Machine-Learning: TimeSeriesPrediction/UnivariatTimeSeriesForecast/AirlinePassengers/"
        "Keras/Seq2Seq/airline_passengers_keras_seq2seq_model.py",
        """\
from keras.models import Model
from keras.layers import LSTM, Dense, Input


def seq2seq_model():
    enc_in = Input(shape=(1, 30))
    enc_seq, enc_h, enc_c = LSTM(50, return_state=True)(enc_in)
    states = [enc_h, enc_c]

    dec_in = Input(shape=(1, 3))
    dec_layer = LSTM(50, return_sequences=True, return_state=True)
    dec_seq, _, _ = dec_layer(dec_in, initial_state=states)
    dec_seq = Dense(1)(dec_seq)

    return Model(inputs=[enc_in, dec_in], outputs=dec_seq)


model = seq2seq_model()
""",
    ),
    # An encoder-decoder whose decoder returns no states; sizes are module constants.
    "seq2seq_constants": CodeCase(
        "timlackhan/ImageCaptioning: Experiments/enc_dec.py",
        """\
from keras.models import Model
from keras.layers import Input, LSTM, Dense

source_tokens = 48
hidden = 128
target_tokens = 21

source = Input(shape=(None, source_tokens))
encoder_layer = LSTM(hidden, return_state=True)
_, hidden_state, cell_state = encoder_layer(source)
states = [hidden_state, cell_state]

target = Input(shape=(None, target_tokens))
decoder_layer = LSTM(hidden, return_sequences=True)
decoded = decoder_layer(target, initial_state=states)
projection = Dense(target_tokens, activation='softmax')
decoded = projection(decoded)

model = Model([source, target], decoded)
""",
    ),
    # One LSTM object applied to two inputs (shared weights), merged with the concatenate function.
    "shared_lstm_book": CodeCase(
        "yzrs/practice-DL-with-Python: Chapter7/sharedLayer.py",
        """\
from keras import layers
from keras import Input
from keras.models import Model

shared = layers.LSTM(32)
left = Input(shape=(None, 128))
left_encoded = shared(left)
right = Input(shape=(None, 128))
right_encoded = shared(right)
joined = layers.concatenate([left_encoded, right_encoded], axis=-1)
score = layers.Dense(1, activation='sigmoid')(joined)
model = Model([left, right], score)
""",
    ),
    # Two tweets through one LSTM, keras.layers.concatenate written out in full, keyword Model arguments.
    "shared_lstm_tweets": CodeCase(
        "824zzy/Code_Chips: Keras_Functional/Fun_shared_layer.py",
        """\
import keras
from keras.layers import Input, Dense, LSTM
from keras.models import Model

first_tweet = Input(shape=(140, 256))
second_tweet = Input(shape=(140, 256))

tweet_encoder = LSTM(64)

first_vector = tweet_encoder(first_tweet)
second_vector = tweet_encoder(second_tweet)

both = keras.layers.concatenate([first_vector, second_vector], axis=-1)

same_author = Dense(1, activation='sigmoid')(both)

model = Model(inputs=[first_tweet, second_tweet], outputs=same_author)
model.compile(optimizer='rmsprop', loss='binary_crossentropy')
""",
    ),
    # Two input series, each through its own Dense, merged (a multi-headed MLP for time series).
    "multi_input_mlp": CodeCase(
        "UTM-Research/traffic-transport: start.py",
        """\
from keras.models import Model
from keras.layers import Input
from keras.layers import Dense
from keras.layers import concatenate

steps = 3
first_series = Input(shape=(steps,))
first_hidden = Dense(100, activation='relu')(first_series)
second_series = Input(shape=(steps,))
second_hidden = Dense(100, activation='relu')(second_series)
merged = concatenate([first_hidden, second_hidden])
forecast = Dense(1)(merged)
model = Model(inputs=[first_series, second_series], outputs=forecast)
model.compile(optimizer='adam', loss='mse')
""",
    ),
    # A text classifier: Embedding, Bidirectional LSTM, a global max pool (Keras's short alias), Dropouts.
    "bidirectional_toxic": CodeCase(
        "okotaku/kaggle_toxic_comment_classification: solution2/model/bid_lstm.py",
        """\
from keras.models import Model
from keras.layers import Dense, Embedding, Input
from keras.layers import LSTM, Bidirectional, GlobalMaxPool1D, Dropout

maxlen = 150
max_features = 20000

comment = Input(shape=(maxlen, ))
h = Embedding(max_features, 128)(comment)
h = Bidirectional(LSTM(50, return_sequences=True))(h)
h = GlobalMaxPool1D()(h)
h = Dropout(0.3)(h)
h = Dense(50, activation="relu")(h)
h = Dropout(0.3)(h)
h = Dense(6, activation="sigmoid")(h)
model = Model(inputs=comment, outputs=h)
""",
    ),
    # An encoder-decoder with numbers of features and units as module constants, a linear Dense head.
    "seq2seq_bus_bunching": CodeCase(
        "gzyszuuow/BusBunching: OnlyUse24Stops/PredictionModel/model.py",
        """\
from keras.models import Model
from keras.layers import Input
from keras.layers import LSTM
from keras.layers import Dense
import keras

features = 28
units = 64

history = Input(shape=(None, features))
history_encoder = LSTM(units, return_state=True)
_, last_h, last_c = history_encoder(history)
carried = [last_h, last_c]
future = Input(shape=(None, features))
future_decoder = LSTM(units, return_sequences=True, return_state=True)
future_seq, _, _ = future_decoder(future, initial_state=carried)
head = Dense(features, activation='linear')
future_seq = head(future_seq)
model = Model([history, future], future_seq)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss='mse')
""",
    ),
    # Luong-style attention written with layers: dot products, a softmax Activation, a context
    # concatenated with the decoder output, TimeDistributed(Dense); built in a function.
    "luong_attention": CodeCase(
        "BDouchet/Forecasting-Air-Pollutant-Concentration-in-Lille: models/As2s_lstm.py",
        """\
from tensorflow.keras import layers, models

units = 32
channels = 3


def attention_seq2seq():
    past = layers.Input(shape=(168, 10))
    encoder = layers.LSTM(units, return_state=True, return_sequences=True)
    encoded_seq, h, c = encoder(past)
    encoder_states = [h, c]
    repeated = layers.RepeatVector(48)(h)
    decoder = layers.LSTM(units, return_sequences=True)
    decoded_seq = decoder(repeated, initial_state=encoder_states)
    scores = layers.dot([decoded_seq, encoded_seq], axes=[2, 2])
    weights = layers.Activation('softmax')(scores)
    context = layers.dot([weights, encoded_seq], axes=[2, 1])
    combined = layers.concatenate([context, decoded_seq])
    out = layers.TimeDistributed(layers.Dense(channels))(combined)
    return models.Model(past, out)


model = attention_seq2seq()
""",
    ),
    # Keras's Attention layer between a seq2seq decoder and its encoder.
    "attention_layer_seq2seq": CodeCase(
        "CasualMathEnjoyer/Hier: hier2hier/model_file.py",
        """\
from keras.layers import LSTM, Input, Dense, Attention
from keras.models import Model

embed_dim = 20
neurons = 40

enc_in = Input(shape=(None, embed_dim))
enc_lstm = LSTM(neurons, return_state=True, return_sequences=True, activation='sigmoid')
enc_seq, h, c = enc_lstm(enc_in)
dec_in = Input(shape=(None, embed_dim))
dec_lstm = LSTM(neurons, return_state=True, return_sequences=True, activation='sigmoid')
dec_seq, _, _ = dec_lstm(dec_in, initial_state=[h, c])
attended = Attention()([dec_seq, enc_seq])
dense = Dense(embed_dim, activation="softmax")
dec_out = dense(attended)
model = Model(inputs=[enc_in, dec_in], outputs=dec_out)
""",
    ),
    # The Keras guide's multi-input, multi-output model: a headline and extra data, two outputs.
    "two_inputs_two_outputs": CodeCase(
        "tqjustc/Keras_demo: m2mNetwork.py",
        """\
from keras.layers import Input, Embedding, LSTM, Dense
from keras.models import Model
import keras

headline = Input(shape=(100,), dtype='int32', name='headline')
x = Embedding(output_dim=512, input_dim=10000)(headline)
sequence_summary = LSTM(32)(x)
early_output = Dense(1, activation='sigmoid', name='early_output')(sequence_summary)
extra = Input(shape=(5,), name='extra')
x = keras.layers.concatenate([sequence_summary, extra])
x = Dense(64, activation='relu')(x)
x = Dense(64, activation='relu')(x)
x = Dense(64, activation='relu')(x)
final_output = Dense(1, activation='sigmoid', name='final_output')(x)
model = Model(inputs=[headline, extra], outputs=[final_output, early_output])
model.compile(optimizer='rmsprop', loss='binary_crossentropy', loss_weights=[1.0, 0.2])
""",
    ),
    # A named main input and an auxiliary one, every layer named, the merge named too.
    "named_main_and_aux": CodeCase(
        "a multiple input and output demonstration (search: 'Demonstrates multiple input and output using the "
        "Functional API'), pattern as in yichudu/machine_learning_practice: keras_practice/multi_input_multi_output.py",
        """\
from keras.layers import Input, LSTM, Dense, concatenate
from keras.models import Model

series = Input(shape=(100, 200), name='series')
summary = LSTM(10, name='series_lstm')(series)
summary_dense = Dense(5, activation='relu', name='series_dense')(summary)
aux = Input(shape=(5,), name='aux')
joined = concatenate([summary_dense, aux], name='series_and_aux')
hidden = Dense(32, activation='relu', name='hidden')(joined)
main_out = Dense(1, activation='sigmoid', name='main_out')(hidden)
aux_out = Dense(2, name='aux_out')(joined)
model = Model(inputs=[series, aux], outputs=[main_out, aux_out])
""",
    ),
    # A daily and a weekly series, each through Dense then LSTM, concatenated, then a Dense stack.
    "daily_weekly": CodeCase(
        "search result 'from keras.layers import Input, LSTM, Dense, concatenate' (daily_input/weekly_input), "
        "pattern as in SevenXue/DL-TensorFlow: keras_ln/models/functional/func.py",
        """\
from keras.layers import Input, LSTM, Dense, concatenate
from keras.models import Model

window = 10

daily = Input(shape=(window, 1), dtype='float32', name='daily')
weekly = Input(shape=(window, 1), dtype='float32', name='weekly')

d = Dense(units=64, activation='relu')(daily)
daily_summary = LSTM(units=30, return_sequences=False)(d)
w = Dense(units=64, activation='relu')(weekly)
weekly_summary = LSTM(units=30, return_sequences=False)(w)

h = concatenate([daily_summary, weekly_summary])
h = Dense(64, activation='relu')(h)
h = Dense(64, activation='relu')(h)
prediction = Dense(1, name='prediction')(h)

model = Model(inputs=[daily, weekly], outputs=prediction)
""",
    ),
    # A Bidirectional text model in a function of its sizes, with tensorflow.keras imports.
    "bilstm_function_arguments": CodeCase(
        "bksaini078/fake_news_detection: MeanTeacher/Model/biLSTM.py",
        """\
from tensorflow import keras
from tensorflow.keras.layers import Input, Embedding, LSTM, Dense, Bidirectional
from tensorflow.keras.models import Model


def build_bilstm(maxlen, vocab_size):
    inputs = keras.Input(shape=(maxlen,))
    x = Embedding(vocab_size, 128)(inputs)
    x = Bidirectional(LSTM(128))(x)
    x = Dense(2)(x)
    x = Dense(1, activation='sigmoid')(x)
    return Model(inputs, x)


model = build_bilstm(300, 5000)
""",
        sets=("maxlen=300", "vocab_size=5000"),
    ),
}
