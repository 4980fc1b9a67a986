"""The model "seq2seq" of specs/seq2seq.yaml, written by lstmcalc 0.1.0 for Keras 3.

lstmcalc counts 718,173 parameters (2.74 MB), 718,173 of them trainable;
input [(None, None, 71), (None, None, 93)], output (None, None, 93). Run this file to compare:

    KERAS_BACKEND=torch python THIS_FILE.py  # or any Keras backend
"""

import keras
from keras import layers

encoder_inputs = keras.Input(shape=(None, 71), name="encoder_inputs")
decoder_inputs = keras.Input(shape=(None, 93), name="decoder_inputs")

encoder = layers.LSTM(256, return_state=True, name="encoder")(encoder_inputs)
decoder_lstm = layers.LSTM(256, return_sequences=True, return_state=True, name="decoder_lstm")(
    decoder_inputs, initial_state=[encoder[1], encoder[2]]
)
decoder_dense = layers.Dense(93, activation="softmax", name="decoder_dense")(decoder_lstm[0])

model = keras.Model(
    inputs=[encoder_inputs, decoder_inputs],
    outputs=decoder_dense,
    name="seq2seq",
)

if __name__ == "__main__":
    model.summary()
