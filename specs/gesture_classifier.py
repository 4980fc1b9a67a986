# The sign-language gesture classifier of specs/gesture_classifier.yaml, as tutorial Keras
# code: 5 frames of 126 keypoint coordinates in, one of the gestures in `actions` out.
# lstmcalc reads it without running it (no TensorFlow needed):
#
#   lstmcalc summary specs/gesture_classifier.py --set 'actions.shape[0]=3'
#
# `actions.shape[0]` is only known when the code runs, hence --set. The tutorial writes
# Sequential(); the name makes the summary title match gesture_classifier.yaml.
import numpy as np
from tensorflow.keras.layers import LSTM, Dense
from tensorflow.keras.models import Sequential

actions = np.array(["hello", "thanks", "iloveyou"])

model = Sequential(name="gesture_classifier")
model.add(LSTM(64, return_sequences=True, activation="relu", input_shape=(5, 126)))
model.add(LSTM(128, return_sequences=True, activation="relu"))
model.add(LSTM(64, return_sequences=False, activation="relu"))
model.add(Dense(64, activation="relu"))
model.add(Dense(32, activation="relu"))
model.add(Dense(actions.shape[0], activation="softmax"))

model.compile(optimizer="Adam", loss="categorical_crossentropy", metrics=["categorical_accuracy"])
model.summary()
