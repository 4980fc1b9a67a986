"""Keras code that never gives its model's input (the model is built when first called), with what
lstmcalc is given: nothing (an Embedding first: any length) or ``--input-shape`` (per sample)."""

from __future__ import annotations

#: name -> (code, the --input-shape given or None, the input Keras is built on in the oracle)
UNBUILT: dict[str, tuple[str, tuple[int | None, ...] | None, tuple[int | None, ...]]] = {
    # The IMDB sentiment classic: Embedding, LSTM, Dense, with no input_length.
    "embedding_first": (
        "from keras.models import Sequential\nfrom keras.layers import Embedding, LSTM, Dense\n\n"
        "model = Sequential()\nmodel.add(Embedding(5000, 32))\nmodel.add(LSTM(100))\n"
        "model.add(Dense(1, activation='sigmoid'))\n",
        None,
        (None,),
    ),
    # A univariate forecaster whose window comes from the data: 60 steps of one feature.
    "window_from_data": (
        "from keras.models import Sequential\nfrom keras.layers import LSTM, Dense\n\n"
        "model = Sequential()\nmodel.add(LSTM(50, return_sequences=True))\nmodel.add(LSTM(50))\n"
        "model.add(Dense(1))\nmodel.compile(loss='mse', optimizer='adam')\n",
        (60, 1),
        (60, 1),
    ),
    "list_of_layers": (
        "import keras\n\nmodel = keras.Sequential([keras.layers.GRU(16), keras.layers.Dense(4)])\n",
        (None, 12),
        (None, 12),
    ),
}
