"""The model "ticket_classifier" of tests/fixtures/keras/shared_embedding.json, written by lstmcalc 0.1.0 for Keras 3.

lstmcalc counts 2,661 parameters (10.39 KB), 2,661 of them trainable;
input [(None, 12), (None, 40)], output [(None, 1), (None, 4)]. Run this file to compare:

    KERAS_BACKEND=torch python THIS_FILE.py  # or any Keras backend
"""

import keras
from keras import layers

title = keras.Input(shape=(12,), dtype="int32", name="title")
body = keras.Input(shape=(40,), dtype="int32", name="body")

shared_embedding_layer = layers.Embedding(200, 8, name="shared_embedding")
shared_embedding = shared_embedding_layer(title)
shared_embedding_node1 = shared_embedding_layer(body)
title_lstm = layers.LSTM(8, name="title_lstm")(shared_embedding)
body_gru = layers.GRU(8, name="body_gru")(shared_embedding_node1)
concatenate = layers.Concatenate(name="concatenate")([title_lstm, body_gru])
priority = layers.Dense(1, activation="sigmoid", name="priority")(concatenate)
department = layers.Dense(4, activation="softmax", name="department")(concatenate)

model = keras.Model(
    inputs=[title, body],
    outputs=[priority, department],
    name="ticket_classifier",
)

if __name__ == "__main__":
    model.summary()
