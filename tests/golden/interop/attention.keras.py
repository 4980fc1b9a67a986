"""The model "attention_reader" of tests/fixtures/keras/attention.keras, written by lstmcalc 0.1.0 for Keras 3.

lstmcalc counts 324 parameters (1.27 KB), 324 of them trainable;
input [(None, 6, 8), (None, None, 5)], output [(None, 3), (None, 8)]. Run this file to compare:

    KERAS_BACKEND=torch python THIS_FILE.py  # or any Keras backend
"""

import keras
from keras import layers

query = keras.Input(shape=(6, 8), name="query")
document = keras.Input(shape=(None, 5), name="document")

bidirectional = layers.Bidirectional(layers.GRU(4, return_sequences=True, return_state=True), name="bidirectional")(
    document
)
attention = layers.Attention(use_scale=True, name="attention")([query, bidirectional[0]])
additive_attention = layers.AdditiveAttention(name="additive_attention")(
    [query, bidirectional[0], bidirectional[0]]
)
concatenate = layers.Concatenate(name="concatenate")([attention, additive_attention])
global_max_pooling1d = layers.GlobalMaxPooling1D(name="global_max_pooling1d")(concatenate)
dense = layers.Dense(3, name="dense")(global_max_pooling1d)
final_states = layers.Concatenate(name="final_states")([bidirectional[1], bidirectional[2]])

model = keras.Model(
    inputs=[query, document],
    outputs=[dense, final_states],
    name="attention_reader",
)

if __name__ == "__main__":
    model.summary()
