"""Real-world functional Keras scripts, each rewritten afresh with its original's idioms (imports,
how shapes are derived, functions) and its source named; none is a verbatim copy.

Each case is the code, the variable that holds the model once the code has run (for the
oracle, which runs it in real Keras 3), and the ``--set`` values lstmcalc is given for what
the code cannot tell without running (none for most), with the oracle's stand-ins for them.
``tensorflow.keras`` imports run against Keras 3 in the oracle (tests only).
"""

from __future__ import annotations

from typing import NamedTuple


class CodeCase(NamedTuple):
    source: str
    code: str
    model: str = "model"
    sets: tuple[str, ...] = ()
    #: Edits the oracle makes before running the code in Keras 3: values the code takes from elsewhere.
    keras3: tuple[tuple[str, str], ...] = ()


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
    # A text classifier: Embedding, Bidirectional LSTM, a global max pool (Keras's short alias),
    # Dropouts; a function of the sizes, called with the script's constants.
    "bidirectional_toxic": CodeCase(
        "okotaku/kaggle_toxic_comment_classification: solution2/model/bid_lstm.py",
        """\
from keras.models import Model
from keras.layers import Dense, Embedding, Input
from keras.layers import LSTM, Bidirectional, GlobalMaxPool1D, Dropout


def BidLstm(maxlen, max_features):
    comment = Input(shape=(maxlen, ))
    h = Embedding(max_features, 128)(comment)
    h = Bidirectional(LSTM(50, return_sequences=True))(h)
    h = GlobalMaxPool1D()(h)
    h = Dropout(0.3)(h)
    h = Dense(50, activation="relu")(h)
    h = Dropout(0.3)(h)
    h = Dense(6, activation="sigmoid")(h)
    model = Model(inputs=comment, outputs=h)

    return model


MAXLEN = 150
MAX_FEATURES = 20000
model = BidLstm(MAXLEN, MAX_FEATURES)
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
    # concatenated with the decoder output, TimeDistributed(Dense); built in a function whose
    # arguments (and defaults) decide the sizes and whether the states are batch-normalised.
    "luong_attention": CodeCase(
        "BDouchet/Forecasting-Air-Pollutant-Concentration-in-Lille: models/As2s_lstm.py",
        """\
from tensorflow.keras import layers, models


def attention_seq2seq(units, normalise, dropout=0.0, channels=3):
    past = layers.Input(shape=(168, 10))
    encoder = layers.LSTM(units, dropout=dropout, return_state=True, return_sequences=True)
    encoded_seq, h, c = encoder(past)
    if normalise:
        h = layers.BatchNormalization()(h)
        c = layers.BatchNormalization()(c)
    encoder_states = [h, c]
    repeated = layers.RepeatVector(48)(h)
    decoder = layers.LSTM(units, return_sequences=True)
    decoded_seq = decoder(repeated, initial_state=encoder_states)
    scores = layers.dot([decoded_seq, encoded_seq], axes=[2, 2])
    weights = layers.Activation('softmax')(scores)
    context = layers.dot([weights, encoded_seq], axes=[2, 1])
    if normalise:
        context = layers.BatchNormalization()(context)
    combined = layers.concatenate([context, decoded_seq])
    out = layers.TimeDistributed(layers.Dense(channels))(combined)
    return models.Model(past, out)


model = attention_seq2seq(32, True)
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
    # Three convolution branches of different widths, concatenated, pooled, then an LSTM; a star import.
    "conv_branches_lstm": CodeCase(
        "RMB1907/TriplexCL: RNA/model.py",
        """\
from tensorflow.keras.layers import *
from tensorflow.keras.models import Model


def build_model():
    sequence = Input(shape=(90, 1))

    narrow = Conv1D(32, 3, padding='same', activation='relu')(sequence)
    middle = Conv1D(32, 5, padding='same', activation='relu')(sequence)
    wide = Conv1D(32, 7, padding='same', activation='relu')(sequence)

    joined = Concatenate(axis=-1)([narrow, middle, wide])
    pooled = MaxPooling1D(pool_size=2)(joined)
    summary = LSTM(64, return_sequences=False)(pooled)
    hidden = Dense(64, activation='relu')(summary)
    hidden = Dropout(0.5)(hidden)
    out = Dense(1, activation='sigmoid')(hidden)
    return Model(inputs=sequence, outputs=out)


model = build_model()
""",
    ),
    # A tagger: Embedding, Bidirectional LSTM over the sentence, TimeDistributed softmax; sizes are
    # the function's arguments (one of them a pair, indexed).
    "ner_tagger_function": CodeCase(
        "csprock/keras-NER: models/blstm_model.py",
        """\
from keras.models import Model
from keras.layers import Input, LSTM, Embedding, Dense, TimeDistributed, Bidirectional


def blstm_tagger(sentence_length, embedding_dims, tags):
    words = Input(shape=(sentence_length,))
    x = Embedding(input_dim=embedding_dims[0], output_dim=embedding_dims[1], mask_zero=False,
                  name='word_embedding')(words)
    x = Bidirectional(LSTM(sentence_length, dropout=0.3, return_sequences=True))(x)
    x = TimeDistributed(Dense(tags, activation='softmax'))(x)
    return Model(inputs=words, outputs=x)


model = blstm_tagger(40, (5000, 100), 9)
""",
    ),
    # Question answering with two named integer inputs, an Embedding and an LSTM for each.
    "qa_two_embeddings": CodeCase(
        "kdlsh/machine-learning-study: keras_deep_learning-master/template/multi_modal_input_model.py",
        """\
from keras.models import Model
from keras import layers
from keras import Input

text_vocabulary = 10000
question_vocabulary = 10000
answer_vocabulary = 500

text = Input(shape=(None,), dtype='int32', name='text')
text_vectors = layers.Embedding(text_vocabulary, 64)(text)
text_summary = layers.LSTM(32)(text_vectors)

question = Input(shape=(None,), dtype='int32', name='question')
question_vectors = layers.Embedding(question_vocabulary, 32)(question)
question_summary = layers.LSTM(16)(question_vectors)

both = layers.concatenate([text_summary, question_summary], axis=-1)
answer = layers.Dense(answer_vocabulary, activation='softmax')(both)

model = Model([text, question], answer)
model.compile(optimizer='rmsprop', loss='categorical_crossentropy', metrics=['acc'])
""",
    ),
    # The encoder's states handed over as a tuple rather than a list.
    "seq2seq_tuple_states": CodeCase(
        "icevivian/NLP_in_action: 10_seq2seq.py",
        """\
from keras.models import Model
from keras.layers import Input, LSTM, Dense

input_vocab_size = 69
output_vocab_size = 76
num_neurons = 256

encoder_inputs = Input(shape=(None, input_vocab_size))
encoder = LSTM(num_neurons, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = (state_h, state_c)

decoder_inputs = Input(shape=(None, output_vocab_size))
decoder_lstm = LSTM(num_neurons, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = Dense(output_vocab_size, activation='softmax')
decoder_outputs = decoder_dense(decoder_outputs)

model = Model(inputs=[encoder_inputs, decoder_inputs], outputs=decoder_outputs)
model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
""",
    ),
    # The translation model and, after it, the two inference models that reuse its layers (as the
    # Keras seq2seq example builds them): the summary is of the model the script compiles.
    "nmt_with_inference_models": CodeCase(
        "nmtri1912/kltn: NMT/model.py (inference models as in the Keras character-level seq2seq example)",
        """\
from keras.models import Model
from keras.layers import Input, LSTM, Dense

latent_dim = 256
num_encoder_tokens = 80
num_decoder_tokens = 90

encoder_inputs = Input(shape=(None, num_encoder_tokens))
encoder = LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]

decoder_inputs = Input(shape=(None, num_decoder_tokens))
decoder_lstm = LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = Dense(num_decoder_tokens, activation='softmax')
decoder_outputs = decoder_dense(decoder_outputs)

model = Model(inputs=[encoder_inputs, decoder_inputs], outputs=decoder_outputs)
model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
model.summary()

encoder_model = Model(encoder_inputs, encoder_states)

decoder_state_input_h = Input(shape=(latent_dim,))
decoder_state_input_c = Input(shape=(latent_dim,))
decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]
decoder_outputs, state_h, state_c = decoder_lstm(decoder_inputs, initial_state=decoder_states_inputs)
decoder_states = [state_h, state_c]
decoder_outputs = decoder_dense(decoder_outputs)
decoder_model = Model([decoder_inputs] + decoder_states_inputs, [decoder_outputs] + decoder_states)
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
    ),
    # An image captioner: image features through Dense and Reshape, joined on the time axis with the
    # caption's embeddings, an LSTM, then a skip connection back to the image features by add().
    "caption_reshape_add": CodeCase(
        "jhaayush2004/Photonic-Philosopher: Model_designing.py",
        """\
from keras.layers import Input, Dense, Reshape, Embedding, LSTM, Dropout, concatenate, add
from keras.models import Model

vocab_size = 8485
max_length = 34

image = Input(shape=(1920,))
caption = Input(shape=(max_length,))

image_features = Dense(256, activation='relu')(image)
image_step = Reshape((1, 256))(image_features)

words = Embedding(vocab_size, 256, mask_zero=False)(caption)
sequence = concatenate([image_step, words], axis=1)

summary = LSTM(256)(sequence)
x = Dropout(0.5)(summary)
x = add([x, image_features])
x = Dense(128, activation='relu')(x)
x = Dropout(0.5)(x)
next_word = Dense(vocab_size, activation='softmax')(x)

caption_model = Model(inputs=[image, caption], outputs=next_word)
caption_model.compile(loss='categorical_crossentropy', optimizer='adam')
""",
        model="caption_model",
    ),
    # The merge captioning model in a function with defaults: image and caption branches added.
    "caption_merge_defaults": CodeCase(
        "manimaster/image_caption_generator: model/rnn.py",
        """\
from keras.models import Model
from keras.layers import Input, Embedding, LSTM, add, Dropout, Dense


def rnn_model(vocab_size, max_length, embedding_dim=256, units=256):
    photo = Input(shape=(2048,))
    photo_dropped = Dropout(0.5)(photo)
    photo_dense = Dense(256, activation='relu')(photo_dropped)

    words = Input(shape=(max_length,))
    embedded = Embedding(vocab_size, embedding_dim, mask_zero=True)(words)
    embedded = Dropout(0.5)(embedded)
    sentence = LSTM(units)(embedded)

    merged = add([photo_dense, sentence])
    hidden = Dense(256, activation='relu')(merged)
    next_word = Dense(vocab_size, activation='softmax')(hidden)

    return Model(inputs=[photo, words], outputs=next_word)


model = rnn_model(7579, 34)
""",
    ),
    # The Keras blog's character-level seq2seq with every size defined elsewhere in the project.
    "seq2seq_sizes_elsewhere": CodeCase(
        "jorfsson/pyChat: wordVector.py",
        """\
from keras.models import Model
from keras.layers import Input, LSTM, Dense

encoder_inputs = Input(shape=(None, num_encoder_tokens))
encoder = LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]

decoder_inputs = Input(shape=(None, num_decoder_tokens))
decoder_lstm = LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = Dense(num_decoder_tokens, activation='softmax')
decoder_outputs = decoder_dense(decoder_outputs)

model = Model([encoder_inputs, decoder_inputs], decoder_outputs)
model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
""",
        sets=("num_encoder_tokens=71", "num_decoder_tokens=93", "latent_dim=256"),
        keras3=(
            (
                "encoder_inputs = Input(",
                "num_encoder_tokens, num_decoder_tokens, latent_dim = 71, 93, 256\nencoder_inputs = Input(",
            ),
        ),
    ),
}
