"""Count-neutral arguments that Keras code gives as code (``kernel_regularizer=regularizers.l2(0.01)``,
``keras.initializers.HeNormal(seed=1)``, ``keras.constraints.MaxNorm(3)``, an initializer bound to a name
first): ``convert`` keeps their text, and ``export --to keras`` leaves them out, as it does exporting the
``.keras`` file of the same model, so that the exported file runs in Keras (it wrote them as strings, which
Keras refuses). Shared by tests/test_keras_code_arguments.py and its oracle module, which runs the code and
the exported code in Keras 3 and compares their summaries."""

from __future__ import annotations

HEADER = "import numpy as np\nimport keras\nfrom keras import layers, regularizers\n\n"

#: The case's name -> Keras code, whose ``model`` Keras summarises.
CODE = {
    "sequential": HEADER
    + (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(20, 4)),\n"
        "    layers.LSTM(8, kernel_regularizer=regularizers.l2(0.01), "
        "recurrent_constraint=keras.constraints.MaxNorm(3), return_sequences=True),\n"
        "    layers.GRU(4, kernel_initializer=keras.initializers.HeNormal(seed=1), "
        "activation=keras.activations.gelu),\n"
        '    layers.Dense(1, bias_initializer="zeros", activity_regularizer=regularizers.L1L2(l1=1e-5, l2=1e-4)),\n'
        "])\n"
    ),
    "functional": HEADER
    + (
        "matrix = np.zeros((120, 12))\n"
        "init = keras.initializers.HeNormal(seed=1)\n"
        "inp = keras.Input(shape=(15,))\n"
        "x = layers.Embedding(120, 12, embeddings_initializer=keras.initializers.Constant(matrix))(inp)\n"
        "lstm = layers.LSTM(8, kernel_initializer=init, bias_constraint=keras.constraints.NonNeg())\n"
        "x = layers.Bidirectional(lstm)(x)\n"
        "out = layers.Dense(2, activation=keras.activations.get('relu'), "
        "kernel_regularizer=regularizers.l2(0.01))(x)\n"
        "model = keras.Model(inp, out)\n"
    ),
}

#: The layer lines of each exported file.
EXPORTED_LAYERS = {
    "sequential": [
        "        layers.LSTM(8, return_sequences=True),",
        '        layers.GRU(4, activation="gelu"),',
        '        layers.Dense(1, bias_initializer="zeros"),',
    ],
    "functional": [
        'embedding = layers.Embedding(120, 12, name="embedding")(input_layer)',
        'bidirectional = layers.Bidirectional(layers.LSTM(8, name="lstm"), name="bidirectional")(embedding)',
        'dense = layers.Dense(2, name="dense")(bidirectional)',
    ],
}
