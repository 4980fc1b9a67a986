"""Keras code that builds layers in for loops, with what Keras 3.15 (torch backend) prints for each:
the loops lstmcalc unrolls (over a literal list or tuple, range of known integers, known names,
zip/enumerate/reversed of those, layers written in a list; a list of layers appended to, then given
to Sequential), with their rows and totals, and the loops it refuses at the loop (over what only
running the code gives, while, break, for-else, a model made on every pass, one layer object held on
every pass) or where the list of layers is changed other than by append, with the totals Keras gives.
OPERATIONS are residual connections written with operators (``x = x + y``) or the ``keras.ops`` functions they
call (``ops.add(x, y)``): Keras 3 makes an
operation that its summary shows as a merge layer's row (``add (Add)``, no weights), named from the
same counter as the merge layers; the rows pinned for them are ``model.operations``. An operation
lstmcalc does not follow (``x * 0.5``, ``keras.ops.add(x, 1)``, ``sum`` of tensors, an operator in a
comprehension) takes a name from that counter all the same: the merge layer named after it is refused.
So do the Softmax and Dropout that MultiHeadAttention makes inside itself when it is first called.

Cases marked with a repository are written afresh in the style of that public code (never copied).
tests/test_keras_loops.py checks lstmcalc against these pins; tests/oracle/test_keras_loops_oracle.py
runs each case in real Keras and checks the pins.
"""

from __future__ import annotations

from tests.keras_shared_cases import HEADER, ReadCase, RefusedCase

READ = {
    "functional_stacked_lstms_over_a_tuple": ReadCase(
        HEADER + "inputs = keras.Input(shape=(20, 8))\n"
        "x = inputs\n"
        "for units in (64, 32):\n"
        "    x = layers.LSTM(units, return_sequences=True)(x)\n"
        "x = layers.GlobalAveragePooling1D()(x)\n"
        "outputs = layers.Dense(3)(x)\n"
        "model = keras.Model(inputs, outputs)\n",
        (
            ("input_layer", (None, 20, 8), 0),
            ("lstm", (None, 20, 64), 18688),
            ("lstm_1", (None, 20, 32), 12416),
            ("global_average_pooling1d", (None, 32), 0),
            ("dense", (None, 3), 99),
        ),
        (31203, 31203, 0),
    ),
    "functional_range_with_return_sequences_on_the_last": ReadCase(
        HEADER + "n_layers = 3\n"
        "inputs = keras.Input(shape=(15, 4))\n"
        "x = inputs\n"
        "for i in range(n_layers):\n"
        "    x = layers.LSTM(16, return_sequences=i < n_layers - 1)(x)\n"
        "model = keras.Model(inputs, layers.Dense(1)(x))\n",
        (
            ("input_layer", (None, 15, 4), 0),
            ("lstm", (None, 15, 16), 1344),
            ("lstm_1", (None, 15, 16), 2112),
            ("lstm_2", (None, 16), 2112),
            ("dense", (None, 1), 17),
        ),
        (5585, 5585, 0),
    ),
    "sequential_add_over_a_list_with_dropout": ReadCase(
        HEADER + "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(30, 5)))\n"
        "for units in [128, 64]:\n"
        "    model.add(layers.LSTM(units, return_sequences=True))\n"
        "    model.add(layers.Dropout(0.2))\n"
        "model.add(layers.LSTM(32))\n"
        "model.add(layers.Dense(1))\n",
        (
            ("lstm", (None, 30, 128), 68608),
            ("dropout", (None, 30, 128), 0),
            ("lstm_1", (None, 30, 64), 49408),
            ("dropout_1", (None, 30, 64), 0),
            ("lstm_2", (None, 32), 12416),
            ("dense", (None, 1), 33),
        ),
        (130465, 130465, 0),
    ),
    # In the style of becker-freelancing/trading-strategies-implementations (doc/python/models/lstm_dropout.py).
    "sequential_branch_on_the_last_pass": ReadCase(
        HEADER + "num_layers = 3\n"
        "num_units_input = 48\n"
        "num_units = 24\n"
        "model = keras.Sequential()\n"
        "model.add(layers.InputLayer(shape=(60, 7)))\n"
        "if num_layers == 1:\n"
        "    model.add(layers.LSTM(num_units_input, return_sequences=False))\n"
        "else:\n"
        "    model.add(layers.LSTM(num_units_input, return_sequences=True))\n"
        "model.add(layers.Dropout(0.1))\n"
        "for i in range(num_layers - 1):\n"
        "    if i == num_layers - 2:\n"
        "        model.add(layers.LSTM(num_units, return_sequences=False))\n"
        "    else:\n"
        "        model.add(layers.LSTM(num_units, return_sequences=True))\n"
        "    model.add(layers.Dropout(0.1))\n"
        "model.add(layers.Dense(2))\n",
        (
            ("lstm", (None, 60, 48), 10752),
            ("dropout", (None, 60, 48), 0),
            ("lstm_1", (None, 60, 24), 7008),
            ("dropout_1", (None, 60, 24), 0),
            ("lstm_2", (None, 24), 4704),
            ("dropout_2", (None, 24), 0),
            ("dense", (None, 2), 50),
        ),
        (22514, 22514, 0),
    ),
    "sequential_enumerate_zip_of_units_and_rates": ReadCase(
        HEADER + "lstm_units = [64, 32, 16]\n"
        "dropout_rates = (0.3, 0.2, 0.1)\n"
        "n_steps, n_features = 12, 6\n"
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(n_steps, n_features)))\n"
        "for i, (units, rate) in enumerate(zip(lstm_units, dropout_rates)):\n"
        "    model.add(layers.LSTM(units, return_sequences=(i < len(lstm_units) - 1)))\n"
        "    model.add(layers.Dropout(rate))\n"
        "model.add(layers.Dense(1))\n",
        (
            ("lstm", (None, 12, 64), 18176),
            ("dropout", (None, 12, 64), 0),
            ("lstm_1", (None, 12, 32), 12416),
            ("dropout_1", (None, 12, 32), 0),
            ("lstm_2", (None, 16), 3136),
            ("dropout_2", (None, 16), 0),
            ("dense", (None, 1), 17),
        ),
        (33745, 33745, 0),
    ),
    "functional_cnn_lstm_autoencoder": ReadCase(
        HEADER + "input_shape = (32, 6)\n"
        "cnn_filters = [16, 32]\n"
        "lstm_units = [24, 12]\n"
        "inputs = keras.Input(shape=input_shape)\n"
        "x = inputs\n"
        "for f in cnn_filters:\n"
        '    x = layers.Conv1D(filters=f, kernel_size=3, padding="same")(x)\n'
        "    x = layers.BatchNormalization()(x)\n"
        '    x = layers.Activation("relu")(x)\n'
        '    x = layers.MaxPooling1D(pool_size=2, padding="same")(x)\n'
        "for i, units in enumerate(lstm_units):\n"
        "    x = layers.LSTM(units, return_sequences=(i < len(lstm_units) - 1))(x)\n"
        "    x = layers.Dropout(0.2)(x)\n"
        'x = layers.Dense(8, activation="relu", name="latent")(x)\n'
        "x = layers.RepeatVector(input_shape[0])(x)\n"
        "for units in reversed(lstm_units):\n"
        "    x = layers.LSTM(units, return_sequences=True)(x)\n"
        "outputs = layers.TimeDistributed(layers.Dense(input_shape[1]))(x)\n"
        'model = keras.Model(inputs, outputs, name="cnn_lstm_autoencoder")\n',
        (
            ("input_layer", (None, 32, 6), 0),
            ("conv1d", (None, 32, 16), 304),
            ("batch_normalization", (None, 32, 16), 64),
            ("activation", (None, 32, 16), 0),
            ("max_pooling1d", (None, 16, 16), 0),
            ("conv1d_1", (None, 16, 32), 1568),
            ("batch_normalization_1", (None, 16, 32), 128),
            ("activation_1", (None, 16, 32), 0),
            ("max_pooling1d_1", (None, 8, 32), 0),
            ("lstm", (None, 8, 24), 5472),
            ("dropout", (None, 8, 24), 0),
            ("lstm_1", (None, 12), 1776),
            ("dropout_1", (None, 12), 0),
            ("latent", (None, 8), 104),
            ("repeat_vector", (None, 32, 8), 0),
            ("lstm_2", (None, 32, 12), 1008),
            ("lstm_3", (None, 32, 24), 3552),
            ("time_distributed", (None, 32, 6), 150),
        ),
        (14126, 14030, 96),
    ),
    # In the style of atsushi-fj/kaggle-asl-signs (tensorflow/src/model_builder/conv1dlstm.py).
    "functional_block_function_with_a_loop": ReadCase(
        HEADER + "def conv1d_lstm_block(inputs, filters):\n"
        "    vector = layers.ConvLSTM1D(filters=8, kernel_size=2)(inputs)\n"
        "    for f in filters:\n"
        "        vector = layers.Conv1D(filters=f, kernel_size=2)(vector)\n"
        "        vector = layers.MaxPooling1D()(vector)\n"
        "    vector = layers.Dropout(0.3)(vector)\n"
        "    return vector\n"
        "\n"
        "\n"
        "inputs = keras.Input(shape=(10, 20, 3))\n"
        "x = conv1d_lstm_block(inputs, [16, 8])\n"
        "x = layers.Flatten()(x)\n"
        'model = keras.Model(inputs, layers.Dense(5, activation="softmax")(x))\n',
        (
            ("input_layer", (None, 10, 20, 3), 0),
            ("conv_lstm1d", (None, 19, 8), 736),
            ("conv1d", (None, 18, 16), 272),
            ("max_pooling1d", (None, 9, 16), 0),
            ("conv1d_1", (None, 8, 8), 264),
            ("max_pooling1d_1", (None, 4, 8), 0),
            ("dropout", (None, 4, 8), 0),
            ("flatten", (None, 32), 0),
            ("dense", (None, 5), 165),
        ),
        (1437, 1437, 0),
    ),
    "functional_bidirectional_stack": ReadCase(
        HEADER + "inputs = keras.Input(shape=(25, 10))\n"
        "x = inputs\n"
        "for _ in range(2):\n"
        "    x = layers.Bidirectional(layers.LSTM(16, return_sequences=True))(x)\n"
        "x = layers.Bidirectional(layers.GRU(8))(x)\n"
        "model = keras.Model(inputs, layers.Dense(2)(x))\n",
        (
            ("input_layer", (None, 25, 10), 0),
            ("bidirectional", (None, 25, 32), 3456),
            ("bidirectional_1", (None, 25, 32), 6272),
            ("bidirectional_2", (None, 16), 2016),
            ("dense", (None, 2), 34),
        ),
        (11778, 11778, 0),
    ),
    "functional_loop_over_written_layers": ReadCase(
        HEADER + "inputs = keras.Input(shape=(9, 3))\n"
        "x = inputs\n"
        "for layer in [layers.LSTM(8, return_sequences=True), layers.GRU(6), layers.Dense(4)]:\n"
        "    x = layer(x)\n"
        "model = keras.Model(inputs, x)\n",
        (
            ("input_layer", (None, 9, 3), 0),
            ("lstm", (None, 9, 8), 384),
            ("gru", (None, 6), 288),
            ("dense", (None, 4), 28),
        ),
        (700, 700, 0),
    ),
    "sequential_add_of_written_layers": ReadCase(
        HEADER + "model = keras.Sequential([keras.Input(shape=(9, 3))])\n"
        "for layer in (layers.LSTM(8, return_sequences=True), layers.Dropout(0.5), layers.LSTM(4)):\n"
        "    model.add(layer)\n"
        "model.add(layers.Dense(1))\n",
        (
            ("lstm", (None, 9, 8), 384),
            ("dropout", (None, 9, 8), 0),
            ("lstm_1", (None, 4), 208),
            ("dense", (None, 1), 5),
        ),
        (597, 597, 0),
    ),
    "automatic_name_after_layers_made_in_a_loop": ReadCase(
        HEADER + "extra = []\n"
        "for i in range(2):\n"
        "    extra.append(layers.Dense(3))\n"
        "a = keras.Input((4,))\n"
        "model = keras.Model(a, layers.Dense(2)(a))\n",
        (
            ("input_layer", (None, 4), 0),
            ("dense_2", (None, 2), 10),
        ),
        (10, 10, 0),
    ),
    "functional_if_on_the_pass_inside_the_loop": ReadCase(
        HEADER + "inputs = keras.Input(shape=(14, 5))\n"
        "x = inputs\n"
        "for i in range(4):\n"
        "    if i % 2 == 0:\n"
        "        x = layers.LSTM(12, return_sequences=True)(x)\n"
        "    else:\n"
        "        x = layers.GRU(10, return_sequences=i != 3)(x)\n"
        "model = keras.Model(inputs, layers.Dense(1)(x))\n",
        (
            ("input_layer", (None, 14, 5), 0),
            ("lstm", (None, 14, 12), 864),
            ("gru", (None, 14, 10), 720),
            ("lstm_1", (None, 14, 12), 1104),
            ("gru_1", (None, 10), 720),
            ("dense", (None, 1), 11),
        ),
        (3419, 3419, 0),
    ),
    "functional_loop_over_pairs_of_kind_and_units": ReadCase(
        HEADER + 'recurrent = [("lstm", 20), ("gru", 12), ("rnn", 6)]\n'
        "inputs = keras.Input(shape=(8, 4))\n"
        "x = inputs\n"
        "for kind, units in recurrent:\n"
        '    if kind == "lstm":\n'
        "        x = layers.LSTM(units, return_sequences=True)(x)\n"
        '    elif kind == "gru":\n'
        "        x = layers.GRU(units, return_sequences=True)(x)\n"
        "    else:\n"
        "        x = layers.SimpleRNN(units)(x)\n"
        "model = keras.Model(inputs, x)\n",
        (
            ("input_layer", (None, 8, 4), 0),
            ("lstm", (None, 8, 20), 2000),
            ("gru", (None, 8, 12), 1224),
            ("simple_rnn", (None, 6), 114),
        ),
        (3338, 3338, 0),
    ),
    "functional_nested_loops": ReadCase(
        HEADER + "inputs = keras.Input(shape=(16, 3))\n"
        "x = inputs\n"
        "for block in range(2):\n"
        "    for units in (12, 6):\n"
        "        x = layers.LSTM(units, return_sequences=True)(x)\n"
        "    x = layers.LayerNormalization()(x)\n"
        "model = keras.Model(inputs, layers.GlobalMaxPooling1D()(x))\n",
        (
            ("input_layer", (None, 16, 3), 0),
            ("lstm", (None, 16, 12), 768),
            ("lstm_1", (None, 16, 6), 456),
            ("layer_normalization", (None, 16, 6), 12),
            ("lstm_2", (None, 16, 12), 912),
            ("lstm_3", (None, 16, 6), 456),
            ("layer_normalization_1", (None, 16, 6), 12),
            ("global_max_pooling1d", (None, 6), 0),
        ),
        (2616, 2616, 0),
    ),
    "functional_shared_layer_called_in_a_loop": ReadCase(
        HEADER + 'shared = layers.Dense(8, activation="relu")\n'
        "inputs = keras.Input(shape=(8,))\n"
        "x = inputs\n"
        "for _ in range(3):\n"
        "    x = shared(x)\n"
        "model = keras.Model(inputs, layers.Dense(1)(x))\n",
        (
            ("input_layer", (None, 8), 0),
            ("dense", (None, 8), 72),
            ("dense_1", (None, 1), 9),
        ),
        (81, 81, 0),
    ),
    "sequential_frozen_first_layers_in_a_loop": ReadCase(
        HEADER + "model = keras.Sequential([keras.Input(shape=(10, 4))])\n"
        "for i, units in enumerate([32, 16, 8]):\n"
        "    model.add(layers.LSTM(units, return_sequences=i < 2, trainable=i > 0))\n"
        "model.add(layers.Dense(1))\n",
        (
            ("lstm", (None, 10, 32), 4736),
            ("lstm_1", (None, 10, 16), 3136),
            ("lstm_2", (None, 8), 800),
            ("dense", (None, 1), 9),
        ),
        (8681, 3945, 4736),
    ),
    "functional_accumulating_names_and_units": ReadCase(
        HEADER + "units = 64\n"
        "inputs = keras.Input(shape=(12, 2))\n"
        "x = inputs\n"
        "for depth in range(3):\n"
        '    x = layers.LSTM(units, return_sequences=True, name=f"encoder_{depth}")(x)\n'
        "    units //= 2\n"
        "model = keras.Model(inputs, layers.Dense(1)(x))\n",
        (
            ("input_layer", (None, 12, 2), 0),
            ("encoder_0", (None, 12, 64), 17152),
            ("encoder_1", (None, 12, 32), 12416),
            ("encoder_2", (None, 12, 16), 3136),
            ("dense", (None, 12, 1), 17),
        ),
        (32721, 32721, 0),
    ),
    "sequential_loop_over_config_dicts": ReadCase(
        HEADER + 'layer_specs = [{"units": 40, "dropout": 0.1}, {"units": 20, "dropout": 0.0}]\n'
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(24, 3)))\n"
        "for index, spec in enumerate(layer_specs):\n"
        "    last = index == len(layer_specs) - 1\n"
        '    model.add(layers.LSTM(spec["units"], dropout=spec["dropout"], return_sequences=not last))\n'
        "model.add(layers.Dense(1))\n",
        (
            ("lstm", (None, 24, 40), 7040),
            ("lstm_1", (None, 20), 4880),
            ("dense", (None, 1), 21),
        ),
        (11941, 11941, 0),
    ),
    "sequential_of_a_list_appended_to_in_a_loop": ReadCase(
        HEADER + "stack = [keras.Input(shape=(30, 5))]\n"
        "for units in (64, 32):\n"
        "    stack.append(layers.LSTM(units, return_sequences=True))\n"
        "    stack.append(layers.Dropout(0.2))\n"
        "stack.append(layers.Dense(1))\n"
        "model = keras.Sequential(stack)\n",
        (
            ("lstm", (None, 30, 64), 17920),
            ("dropout", (None, 30, 64), 0),
            ("lstm_1", (None, 30, 32), 12416),
            ("dropout_1", (None, 30, 32), 0),
            ("dense", (None, 30, 1), 33),
        ),
        (30369, 30369, 0),
    ),
    "sequential_of_an_empty_list_appended_to_by_name": ReadCase(
        HEADER + "stack = []\n"
        "stack.append(keras.Input(shape=(30, 5)))\n"
        "for i, units in enumerate([16, 8]):\n"
        "    cell = layers.GRU(units, return_sequences=i == 0)\n"
        "    stack.append(cell)\n"
        'model = keras.Sequential(stack, name="grus")\n',
        (
            ("gru", (None, 30, 16), 1104),
            ("gru_1", (None, 8), 624),
        ),
        (1728, 1728, 0),
    ),
    # A layer class chosen by a conditional expression on a known value, in a loop (the cell= argument of
    # a helper, as forecasting scripts write it); only the branch taken makes a layer, and names one.
    "sequential_cell_chosen_by_a_conditional_expression": ReadCase(
        HEADER + "def build(n_layers=3, units=16, cell='gru'):\n"
        "    model = keras.Sequential()\n"
        "    model.add(keras.Input(shape=(24, 4)))\n"
        "    for i in range(n_layers):\n"
        "        more = i < n_layers - 1\n"
        "        rnn = layers.GRU(units, return_sequences=more) if cell == 'gru' else layers.LSTM(units, "
        "return_sequences=more)\n"
        "        model.add(layers.Bidirectional(rnn) if i == 0 else rnn)\n"
        "        model.add(layers.Dropout(0.2))\n"
        "    model.add(layers.Dense(1))\n"
        "    return model\n\n\n"
        "model = build(cell='lstm')\n",
        (
            ("bidirectional", (None, 24, 32), 2688),
            ("dropout", (None, 24, 32), 0),
            ("lstm_1", (None, 24, 16), 3136),
            ("dropout_1", (None, 24, 16), 0),
            ("lstm_2", (None, 16), 2112),
            ("dropout_2", (None, 16), 0),
            ("dense", (None, 1), 17),
        ),
        (7953, 7953, 0),
    ),
    "functional_layers_chosen_by_conditional_expressions": ReadCase(
        HEADER + "cell = 'gru'\n"
        "bidirectional = True\n"
        "inputs = keras.Input(shape=(12, 3))\n"
        "rnn = layers.GRU(8, return_sequences=True) if cell == 'gru' else layers.LSTM(8, return_sequences=True)\n"
        "x = layers.Bidirectional(rnn)(inputs) if bidirectional else rnn(inputs)\n"
        "x = (layers.GRU(4) if cell == 'gru' else layers.LSTM(4))(x)\n"
        "outputs = layers.Dense(2)(x) if cell == 'lstm' else layers.Dense(3)(x)\n"
        "model = keras.Model(inputs, outputs)\n",
        (
            ("input_layer", (None, 12, 3), 0),
            ("bidirectional", (None, 12, 16), 624),
            ("gru_1", (None, 4), 264),
            ("dense", (None, 3), 15),
        ),
        (903, 903, 0),
    ),
}

#: Operators on two tensors (Keras 3 shows each operation as a merge layer's row, named from its counter).
OPERATIONS = {
    "residual_sum_of_two_lstms": ReadCase(
        HEADER + "inputs = keras.Input(shape=(10, 8))\n"
        "x = layers.LSTM(8, return_sequences=True)(inputs)\n"
        "for _ in range(2):\n"
        "    y = layers.LSTM(8, return_sequences=True)(x)\n"
        "    x = x + y\n"
        "model = keras.Model(inputs, layers.Dense(1)(x))\n",
        (
            ("input_layer", (None, 10, 8), 0),
            ("lstm", (None, 10, 8), 544),
            ("lstm_1", (None, 10, 8), 544),
            ("add", (None, 10, 8), 0),
            ("lstm_2", (None, 10, 8), 544),
            ("add_1", (None, 10, 8), 0),
            ("dense", (None, 10, 1), 9),
        ),
        (1641, 1641, 0),
    ),
    "operators_share_the_merge_layers_names": ReadCase(
        HEADER + "inputs = keras.Input(shape=(10, 8))\n"
        "x = layers.LSTM(8, return_sequences=True)(inputs)\n"
        "y = layers.LSTM(8, return_sequences=True)(x)\n"
        "a = layers.Add()([x, y])\n"
        "b = x + y\n"
        "c = layers.add([a, b])\n"
        "d = c - x\n"
        "e = d * y\n"
        "model = keras.Model(inputs, layers.Dense(1)(e))\n",
        (
            ("input_layer", (None, 10, 8), 0),
            ("lstm", (None, 10, 8), 544),
            ("lstm_1", (None, 10, 8), 544),
            ("add", (None, 10, 8), 0),
            ("add_1", (None, 10, 8), 0),
            ("add_2", (None, 10, 8), 0),
            ("subtract", (None, 10, 8), 0),
            ("multiply", (None, 10, 8), 0),
            ("dense", (None, 10, 1), 9),
        ),
        (1097, 1097, 0),
    ),
    "operators_broadcast_as_keras_does": ReadCase(
        HEADER + "inputs = keras.Input(shape=(10, 8))\n"
        "bias = keras.Input(shape=(1, 8))\n"
        "scale = keras.Input(shape=(8,))\n"
        "model = keras.Model([inputs, bias, scale], [inputs + bias, inputs * scale])\n",
        (
            ("input_layer", (None, 10, 8), 0),
            ("input_layer_1", (None, 1, 8), 0),
            ("input_layer_2", (None, 8), 0),
            ("add", (None, 10, 8), 0),
            ("multiply", (None, 10, 8), 0),
        ),
        (0, 0, 0),
    ),
    "keras_ops_functions_make_what_the_operators_make": ReadCase(
        HEADER + "from keras import ops\n\n"
        "inputs = keras.Input(shape=(10, 8))\n"
        "bias = keras.Input(shape=(1, 8))\n"
        "x = layers.LSTM(8, return_sequences=True)(inputs)\n"
        "y = layers.LSTM(8, return_sequences=True)(x)\n"
        "a = ops.add(x, y)\n"
        "b = x + y\n"
        "c = keras.ops.multiply(a, b)\n"
        "d = ops.subtract(c, bias)\n"
        "model = keras.Model([inputs, bias], layers.Dense(1)(layers.add([d, x])))\n",
        (
            ("input_layer", (None, 10, 8), 0),
            ("lstm", (None, 10, 8), 544),
            ("lstm_1", (None, 10, 8), 544),
            ("add", (None, 10, 8), 0),
            ("add_1", (None, 10, 8), 0),
            ("multiply", (None, 10, 8), 0),
            ("input_layer_1", (None, 1, 8), 0),
            ("subtract", (None, 10, 8), 0),
            ("add_2", (None, 10, 8), 0),
            ("dense", (None, 10, 1), 9),
        ),
        (1097, 1097, 0),
    ),
    # Written afresh in the style of keras.io's "Timeseries classification with a Transformer model"
    # (keras-team/keras-io, examples/timeseries/timeseries_classification_transformer.py): its encoder
    # block made in a loop. MultiHeadAttention makes an unnamed Softmax and Dropout of its own when first
    # called, so the block's own Dropout after it is dropout_1, and the next block's dropout_3.
    "attention_blocks_count_the_dropout_inside_multi_head_attention": ReadCase(
        HEADER + "def encoder(inputs, head_size, num_heads, dropout=0.1):\n"
        "    x = layers.MultiHeadAttention(key_dim=head_size, num_heads=num_heads, dropout=dropout)(inputs, inputs)\n"
        "    x = layers.Dropout(dropout)(x)\n"
        "    x = layers.LayerNormalization(epsilon=1e-6)(x)\n"
        "    return x + inputs\n\n\n"
        "inputs = keras.Input(shape=(20, 8))\n"
        "x = inputs\n"
        "for _ in range(2):\n"
        "    x = encoder(x, head_size=4, num_heads=2)\n"
        "x = layers.GlobalAveragePooling1D()(x)\n"
        "x = layers.Dropout(0.2)(x)\n"
        "model = keras.Model(inputs, layers.Dense(3, activation='softmax')(x))\n",
        (
            ("input_layer", (None, 20, 8), 0),
            ("multi_head_attention", (None, 20, 8), 288),
            ("dropout_1", (None, 20, 8), 0),
            ("layer_normalization", (None, 20, 8), 16),
            ("add", (None, 20, 8), 0),
            ("multi_head_attention_1", (None, 20, 8), 288),
            ("dropout_3", (None, 20, 8), 0),
            ("layer_normalization_1", (None, 20, 8), 16),
            ("add_1", (None, 20, 8), 0),
            ("global_average_pooling1d", (None, 8), 0),
            ("dropout_4", (None, 8), 0),
            ("dense", (None, 3), 27),
        ),
        (635, 635, 0),
    ),
    "a_dropout_made_before_multi_head_attention_is_first_called": ReadCase(
        HEADER + "attention = layers.MultiHeadAttention(num_heads=2, key_dim=4, name='self_attention')\n"
        "drop = layers.Dropout(0.2)\n"
        "inputs = keras.Input(shape=(10, 8))\n"
        "x = drop(attention(inputs, inputs))\n"
        "model = keras.Model(inputs, layers.Dropout(0.2)(x))\n",
        (
            ("input_layer", (None, 10, 8), 0),
            ("self_attention", (None, 10, 8), 288),
            ("dropout", (None, 10, 8), 0),
            ("dropout_2", (None, 10, 8), 0),
        ),
        (288, 288, 0),
    ),
}

REFUSED = {
    "loop_over_values_read_while_running": RefusedCase(
        HEADER + 'sizes = [int(text) for text in "32 16".split()]\n'
        "inputs = keras.Input(shape=(10, 4))\n"
        "x = inputs\n"
        "for units in sizes:\n"
        "    x = layers.LSTM(units, return_sequences=True)(x)\n"
        "model = keras.Model(inputs, layers.Dense(1)(x))\n",
        "7:14",
        "cannot tell what this loop iterates over without running the code: 'sizes' is not known; give its "
        "value with --set 'sizes=VALUE', or write each layer out, or give the model as a YAML spec",
        (7889, 7889, 0),
    ),
    "while_loop_adding_layers": RefusedCase(
        HEADER + "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(10, 4)))\n"
        "while len(model.layers) < 3:\n"
        "    model.add(layers.LSTM(8, return_sequences=True))\n"
        "model.add(layers.Dense(1))\n",
        "6:1",
        "a while loop runs as often as its test decides while the code runs, which lstmcalc does not follow; "
        "loop with for over a known range or list, or write each layer out, or give the model as a YAML spec",
        (1513, 1513, 0),
    ),
    "break_on_a_value_read_while_running": RefusedCase(
        HEADER + "import os\n"
        "\n"
        'threshold = int(os.environ.get("LSTMCALC_THRESHOLD", "10"))\n'
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(10, 4)))\n"
        "for units in (32, 16, 8):\n"
        "    if units < threshold:\n"
        "        break\n"
        "    model.add(layers.LSTM(units, return_sequences=True))\n"
        "model.add(layers.Dense(1))\n",
        "10:5",
        "lstmcalc cannot tell how many passes of this loop run with break, continue or return in it; loop "
        "over just the values the layers need, or write each layer out, or give the model as a YAML spec",
        (7889, 7889, 0),
    ),
    "for_else": RefusedCase(
        HEADER + "inputs = keras.Input(shape=(6, 2))\n"
        "x = inputs\n"
        "for units in (8, 4):\n"
        "    x = layers.LSTM(units, return_sequences=True)(x)\n"
        "else:\n"
        "    x = layers.LSTM(2)(x)\n"
        "model = keras.Model(inputs, x)\n",
        "6:1",
        "lstmcalc does not follow a for loop with an else block; move the else block after the loop, or "
        "write each layer out, or give the model as a YAML spec",
        (616, 616, 0),
    ),
    "sequential_made_on_every_pass": RefusedCase(
        HEADER + "for units in (32, 64):\n"
        "    model = keras.Sequential([keras.Input(shape=(10, 4)), layers.LSTM(units), layers.Dense(1)])\n",
        "5:13",
        "this Sequential model is made anew on every pass of the loop it is in; lstmcalc reads a model made "
        "once: make it outside the loop, or write the model of one pass out",
        (17729, 17729, 0),
    ),
    "one_dense_wrapped_on_every_pass": RefusedCase(
        HEADER + "dense = layers.Dense(4)\n"
        "inputs = keras.Input(shape=(5, 3))\n"
        "x = inputs\n"
        "for _ in range(2):\n"
        "    x = layers.TimeDistributed(dense)(x)\n"
        "model = keras.Model(inputs, x)\n",
        "8:32",
        "'dense' is the layer object made at line 4 and already used at line 8: Keras holds the one object "
        "in both places and counts its weights once, which lstmcalc does not follow; make a new layer for "
        "each use",
        (16, 16, 0),
    ),
    "loop_over_len_of_data": RefusedCase(
        HEADER + "import numpy as np\n"
        "\n"
        "data = np.zeros((2, 3))\n"
        "inputs = keras.Input(shape=(10, 4))\n"
        "x = inputs\n"
        "for i in range(len(data)):\n"
        "    x = layers.LSTM(8, return_sequences=True)(x)\n"
        "model = keras.Model(inputs, layers.Dense(1)(x))\n",
        "9:20",
        "cannot tell what this loop iterates over without running the code: 'data' is not known; give its "
        "value with --set 'data=VALUE', or write each layer out, or give the model as a YAML spec",
        (969, 969, 0),
    ),
    "list_of_layers_changed_by_insert": RefusedCase(
        HEADER + "stack = [keras.Input(shape=(30, 5))]\n"
        "for units in (64, 32):\n"
        "    stack.append(layers.LSTM(units, return_sequences=True))\n"
        "stack.insert(1, layers.Dense(3))\n"
        "model = keras.Sequential(stack)\n",
        "8:26",
        "Sequential's layers must be a list written out, such as [LSTM(64), Dense(3)], or a name bound to "
        "one that the code changes only by .append(layer); got stack",
        (29842, 29842, 0),
    ),
    "list_of_layers_appended_to_in_a_function": RefusedCase(
        HEADER + "stack = [keras.Input(shape=(30, 5))]\n"
        "\n"
        "\n"
        "def more():\n"
        "    stack.append(layers.Dense(7))\n"
        "\n"
        "\n"
        "for units in (64, 32):\n"
        "    stack.append(layers.LSTM(units, return_sequences=True))\n"
        "more()\n"
        "model = keras.Sequential(stack)\n",
        "14:26",
        "Sequential's layers must be a list written out, such as [LSTM(64), Dense(3)], or a name bound to "
        "one that the code changes only by .append(layer); got stack",
        (30567, 30567, 0),
    ),
    "list_of_layers_appended_to_under_another_name": RefusedCase(
        HEADER + "stack = [keras.Input(shape=(30, 5))]\n"
        "same = stack\n"
        "stack.append(layers.LSTM(4))\n"
        "same.append(layers.Dense(2))\n"
        "model = keras.Sequential(stack)\n",
        "8:26",
        "Sequential's layers must be a list written out, such as [LSTM(64), Dense(3)], or a name bound to "
        "one that the code changes only by .append(layer); got stack",
        (170, 170, 0),
    ),
    "operation_with_a_number_before_a_merge_layer": RefusedCase(
        HEADER + "inputs = keras.Input(shape=(10, 8))\n"
        "x = layers.Dense(8)(inputs)\n"
        "halved = x * 0.5\n"
        "merged = layers.Multiply()([x, inputs])\n"
        "model = keras.Model(inputs, merged)\n",
        "7:10",
        "cannot tell the name Keras gives this Multiply: the code makes Multiply layers by an operation on a "
        "tensor lstmcalc does not follow (line 6) before it, as often as that runs; give it one with "
        "name='...'",
        (72, 72, 0),
    ),
    "keras_ops_add_before_an_add_layer": RefusedCase(
        HEADER + "inputs = keras.Input(shape=(10, 8))\n"
        "x = layers.Dense(8)(inputs)\n"
        "shifted = keras.ops.add(x, 1)\n"
        "model = keras.Model(inputs, layers.Add()([x, inputs]))\n",
        "7:29",
        "cannot tell the name Keras gives this Add: the code makes Add layers by an operation on a tensor "
        "lstmcalc does not follow (line 6) before it, as often as that runs; give it one with name='...'",
        (72, 72, 0),
    ),
    "sum_and_a_comprehension_of_tensors_before_an_add_layer": RefusedCase(
        HEADER + "inputs = keras.Input(shape=(10, 8))\n"
        "a = layers.Dense(8)(inputs)\n"
        "b = layers.Dense(8)(inputs)\n"
        "xs = [a, b]\n"
        "total = sum(xs)\n"
        "pairs = [a + b for _ in range(2)]\n"
        "sizes = [i * 2 for i in range(3)]\n"
        "model = keras.Model(inputs, layers.Add()(xs))\n",
        "11:29",
        "cannot tell the name Keras gives this Add: the code makes Add layers by sum() of tensors (line 8) "
        "before it, as often as that runs; give it one with name='...'",
        (144, 144, 0),
    ),
}
