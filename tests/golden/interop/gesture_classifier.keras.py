"""The model "gesture_classifier" of specs/gesture_classifier.yaml, written by lstmcalc 0.1.0 for Keras 3.

lstmcalc counts 203,459 parameters (794.76 KB), 203,459 of them trainable;
input (None, 5, 126), output (None, 3). Run this file to compare:

    KERAS_BACKEND=torch python THIS_FILE.py  # or any Keras backend
"""

import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(5, 126)),
        layers.LSTM(64, return_sequences=True, activation="relu"),
        layers.LSTM(128, return_sequences=True, activation="relu"),
        layers.LSTM(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(3, activation="softmax"),
    ],
    name="gesture_classifier",
)

if __name__ == "__main__":
    model.summary()
