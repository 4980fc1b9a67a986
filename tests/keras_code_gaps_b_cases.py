"""Gaps in lstmcalc's Keras code reader, found against Keras 3 (session B):

* a layer call made in place inside an expression the reader reads twice (an ``initial_state``, either
  side of ``x + y``, ``keras.ops.add``) was a second call of the one layer ("called here again"), and a
  merge function there (``concatenate([a, b]) + c``) a second merge layer, so Keras's names were off by one;
* ``RNN(cells)`` with ``cells`` a name bound to a list of cells was refused ("expected a Keras layer");
* a call parameter given None, Keras's default (``attention_mask=None``, ``initial_state=None``, ``mask=None``,
  ``LSTM(8)(x, None)``), was refused as an unsupported keyword or as not a tensor;
* ``x.shape[i]`` of an input or a layer's output was asked for with ``--set`` where Keras knows the size.

Each case's rows (name, output shape, count) are Keras 3.15.1's (``model.layers``); the oracle test
(tests/oracle/test_keras_code_gaps_b_oracle.py) compares the whole summary text and every weight.
"""

from __future__ import annotations

from tests.keras_code_corpus import CodeCase

CALLS_MADE_IN_PLACE: dict[str, CodeCase] = {
    "initial_state_made_in_place": CodeCase(
        "written for lstmcalc: an LSTM's initial_state written as a list of Dense calls made in place "
        "(lstmcalc read the list twice: 'dense' called here again)",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
h = keras.Input(shape=(8,))
c = keras.Input(shape=(8,))
out = layers.LSTM(16)(inp, initial_state=[layers.Dense(16)(h), layers.Dense(16)(c)])
model = keras.Model([inp, h, c], out)
""",
    ),
    "initial_state_one_tensor_made_in_place": CodeCase(
        "written for lstmcalc: a GRU's initial_state one Dense call made in place",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
h = keras.Input(shape=(8,))
out = layers.GRU(16)(inp, initial_state=layers.Dense(16)(h))
model = keras.Model([inp, h], out)
""",
    ),
    "bidirectional_initial_state_made_in_place": CodeCase(
        "written for lstmcalc: a Bidirectional GRU's forward and backward states, Dense calls made in place",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
h = keras.Input(shape=(8,))
out = layers.Bidirectional(layers.GRU(16))(inp, initial_state=[layers.Dense(16)(h), layers.Dense(16)(h)])
model = keras.Model([inp, h], out)
""",
    ),
    "initial_state_given_by_position": CodeCase(
        "written for lstmcalc: a SimpleRNN's state given as the second positional argument, a Dense call made in place",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
h = keras.Input(shape=(8,))
out = layers.SimpleRNN(16)(inp, layers.Dense(16)(h))
model = keras.Model([inp, h], out)
""",
    ),
    "sum_of_calls_made_in_place": CodeCase(
        "written for lstmcalc: x + y and keras.ops.add of Dense calls made in place (each operand was read twice)",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 8))
out = layers.Dense(16)(inp) + layers.Dense(16)(inp)
out = keras.ops.add(layers.Dense(16)(inp), out)
model = keras.Model(inp, out)
""",
    ),
    "merge_function_in_a_sum": CodeCase(
        "written for lstmcalc: concatenate([a, b]) + c: the merge was read twice and named concatenate_1 "
        "where Keras names it concatenate",
        """\
import keras
from keras import layers

a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
c = keras.Input(shape=(8,))
x = layers.concatenate([a, b]) + c
model = keras.Model([a, b, c], x)
""",
    ),
    "merge_functions_as_initial_state": CodeCase(
        "written for lstmcalc: concatenate(...) calls as an LSTM's initial_state: named concatenate_2 and _3 "
        "where Keras names them concatenate and _1",
        """\
import keras
from keras import layers

a = keras.Input(shape=(10, 4))
h = keras.Input(shape=(4,))
c = keras.Input(shape=(4,))
x = layers.LSTM(8)(a, initial_state=[layers.concatenate([h, c]), layers.concatenate([c, h])])
model = keras.Model([a, h, c], x)
""",
    ),
    "operation_on_a_merge_and_a_call": CodeCase(
        "written for lstmcalc: keras.ops.add of add([a, b]) and a Dense call made in place",
        """\
import keras
from keras import layers

a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
x = keras.ops.add(layers.add([a, b]), layers.Dense(4)(a))
model = keras.Model([a, b], x)
""",
    ),
}

CELL_LISTS: dict[str, CodeCase] = {
    "functional_cells_list_bound_to_a_name": CodeCase(
        "written for lstmcalc: RNN(cells) with cells = [LSTMCell(32), LSTMCell(16)] (refused: expected a "
        "Keras layer, got 'cells')",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
cells = [layers.LSTMCell(32), layers.LSTMCell(16)]
x = layers.RNN(cells)(inp)
model = keras.Model(inp, x)
""",
    ),
    "functional_cells_list_of_names_rebound_later": CodeCase(
        "written for lstmcalc: a list of a cell bound to a name and one made in place; the name rebound "
        "afterwards keeps the list's cell",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
c1 = layers.LSTMCell(32)
cells = [c1, layers.GRUCell(16)]
c1 = layers.LSTMCell(3)
x = layers.RNN(cells, return_sequences=True)(inp)
x = layers.RNN(c1)(x)
model = keras.Model(inp, x)
""",
    ),
    "functional_bidirectional_rnn_of_a_cells_list": CodeCase(
        "written for lstmcalc: Bidirectional(RNN(cells)), cells a name bound to a list of an LSTMCell and a GRUCell",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
cells = [layers.LSTMCell(32), layers.GRUCell(16)]
x = layers.Bidirectional(layers.RNN(cells, return_sequences=True))(inp)
x = layers.RNN(layers.StackedRNNCells([layers.SimpleRNNCell(4)]))(x)
model = keras.Model(inp, x)
""",
    ),
    "functional_cells_list_made_on_each_pass": CodeCase(
        "written for lstmcalc: a list of cells made and used on each pass of an unrolled loop",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
x = inp
for i in range(2):
    cells = [layers.LSTMCell(8), layers.GRUCell(4)]
    x = layers.RNN(cells, return_sequences=True)(x)
model = keras.Model(inp, x)
""",
    ),
    "sequential_cells_list_bound_to_a_name": CodeCase(
        "written for lstmcalc: Sequential: RNN(cells), cells = [LSTMCell(32), LSTMCell(16)]",
        """\
import keras
from keras import layers

cells = [layers.LSTMCell(32), layers.LSTMCell(16)]
model = keras.Sequential([keras.Input(shape=(10, 4)), layers.RNN(cells), layers.Dense(1)])
""",
    ),
    "sequential_cells_list_appended_in_a_loop": CodeCase(
        "written for lstmcalc: Sequential: RNN(cells), cells built by cells.append(GRUCell(units)) in a loop",
        """\
import keras
from keras import layers

cells = []
for units in [32, 16]:
    cells.append(layers.GRUCell(units))
model = keras.Sequential([keras.Input(shape=(10, 4)), layers.RNN(cells, return_sequences=True), layers.Dense(1)])
""",
    ),
    "sequential_bidirectional_rnn_of_a_cells_list": CodeCase(
        "written for lstmcalc: Sequential: Bidirectional(RNN(cells)), cells = [c, SimpleRNNCell(4)]",
        """\
import keras
from keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(10, 4)))
c = layers.LSTMCell(8)
cells = [c, layers.SimpleRNNCell(4)]
model.add(layers.Bidirectional(layers.RNN(cells)))
""",
    ),
    "functional_cell_bound_to_a_name": CodeCase(
        "written for lstmcalc: RNN(cell), cell = LSTMCell(32) (read before this change too)",
        """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 4))
cell = layers.LSTMCell(32)
x = layers.RNN(cell)(inp)
model = keras.Model(inp, x)
""",
    ),
}

NONE_ARGUMENTS: dict[str, CodeCase] = {
    "attention_mask_none": CodeCase(
        "written for lstmcalc: MultiHeadAttention(...)(x, x, attention_mask=None) (refused: 'does not "
        "support attention_mask')",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
x = layers.MultiHeadAttention(num_heads=2, key_dim=8)(inputs, inputs, attention_mask=None)
model = keras.Model(inputs, x)
""",
    ),
    "attention_key_and_masks_none": CodeCase(
        "written for lstmcalc: MultiHeadAttention called with query= and value=, and key, query_mask, "
        "value_mask, key_mask None",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
x = layers.MultiHeadAttention(num_heads=2, key_dim=8)(
    query=inputs, value=inputs, key=None, query_mask=None, value_mask=None, key_mask=None
)
model = keras.Model(inputs, x)
""",
    ),
    "attention_key_none_by_position": CodeCase(
        "written for lstmcalc: MultiHeadAttention(...)(x, x, None): the key None, by position",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
x = layers.MultiHeadAttention(num_heads=2, key_dim=8)(inputs, inputs, None)
model = keras.Model(inputs, x)
""",
    ),
    "attention_mask_none_beside_an_option": CodeCase(
        "written for lstmcalc: attention_mask=None beside return_attention_scores=False",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
x = layers.MultiHeadAttention(num_heads=2, key_dim=8)(
    inputs, inputs, attention_mask=None, return_attention_scores=False
)
model = keras.Model(inputs, x)
""",
    ),
    "initial_state_none": CodeCase(
        "written for lstmcalc: LSTM(8)(x, initial_state=None)",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs, initial_state=None)
model = keras.Model(inputs, x)
""",
    ),
    "initial_state_none_by_position": CodeCase(
        "written for lstmcalc: LSTM(8)(x, None): the state None, by position",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs, None)
model = keras.Model(inputs, x)
""",
    ),
    "masks_and_states_none": CodeCase(
        "written for lstmcalc: an LSTM called with mask=None, training=None, then a Bidirectional GRU with "
        "initial_state=None, mask=None",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8, return_sequences=True)(inputs, mask=None, training=None)
x = layers.Bidirectional(layers.GRU(4))(x, initial_state=None, mask=None)
model = keras.Model(inputs, x)
""",
    ),
    "rnn_of_a_cell_initial_state_none": CodeCase(
        "written for lstmcalc: RNN(LSTMCell(8))(x, initial_state=None)",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.RNN(layers.LSTMCell(8))(inputs, initial_state=None)
model = keras.Model(inputs, x)
""",
    ),
    "conv_lstm_state_and_mask_none": CodeCase(
        "written for lstmcalc: ConvLSTM1D called with initial_state=None, mask=None",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.ConvLSTM1D(2, 3, return_sequences=True)(layers.Reshape((10, 4, 1))(inputs), initial_state=None, mask=None)
model = keras.Model(inputs, x)
""",
    ),
    "time_distributed_mask_none_then_sequences_by_name": CodeCase(
        "written for lstmcalc: TimeDistributed(Dense)(x, mask=None), then GRU(3)(sequences=x, initial_state=None)",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.TimeDistributed(layers.Dense(3))(inputs, mask=None)
x = layers.GRU(3)(sequences=x, initial_state=None)
model = keras.Model(inputs, x)
""",
    ),
    "attention_mask_none_read_before": CodeCase(
        "written for lstmcalc: Attention()([q, v], mask=None) (read before this change too)",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
x = layers.Attention()([inputs, inputs], mask=None)
model = keras.Model(inputs, x)
""",
    ),
}

TENSOR_SIZES: dict[str, CodeCase] = {
    "input_last_size_times_two": CodeCase(
        "written for lstmcalc: Dense(inputs.shape[-1] * 2) on keras.Input(shape=(10, 4)) (asked for with --set before)",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.Dense(inputs.shape[-1] * 2)(inputs)
model = keras.Model(inputs, x)
""",
    ),
    "input_sizes_in_a_reshape": CodeCase(
        "written for lstmcalc: Reshape((inputs.shape[1], inputs.shape[2], 1))",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.Reshape((inputs.shape[1], inputs.shape[2], 1))(inputs)
model = keras.Model(inputs, x)
""",
    ),
    "input_batch_size_given": CodeCase(
        "written for lstmcalc: inputs.shape[0] of keras.Input(shape=(10, 4), batch_size=8): the batch size",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4), batch_size=8)
x = layers.Dense(inputs.shape[0])(inputs)
model = keras.Model(inputs, x)
""",
    ),
    "sizes_of_layer_outputs": CodeCase(
        "written for lstmcalc: x.shape[-1] after an LSTM, x.shape[1] and [2] after a Dense",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(16, return_sequences=True)(inputs)
x = layers.Dense(x.shape[-1] // 2)(x)
y = layers.Reshape((x.shape[1], x.shape[2], 1))(x)
model = keras.Model(inputs, y)
""",
    ),
    "attention_sized_from_the_input": CodeCase(
        "written for lstmcalc: MultiHeadAttention's key_dim and a Dense's units from inputs.shape[-1]",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
x = layers.MultiHeadAttention(num_heads=2, key_dim=inputs.shape[-1] // 2)(inputs, inputs)
x = layers.LayerNormalization()(x + inputs)
x = layers.Dense(inputs.shape[-1])(x)
model = keras.Model(inputs, x)
""",
    ),
    "size_of_a_tensor_the_model_leaves_out": CodeCase(
        "written for lstmcalc: y = Dense(x.shape[-1])(inputs), x a Dense call the model does not need",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.Dense(8)(inputs)
y = layers.Dense(x.shape[-1])(inputs)
model = keras.Model(inputs, y)
""",
    ),
    "sizes_bound_to_names": CodeCase(
        "written for lstmcalc: features = inputs.shape[-1], steps = x.shape[1], then Dense(features * steps)",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
features = inputs.shape[-1]
x = layers.LSTM(16, return_sequences=True)(inputs)
steps = x.shape[1]
x = layers.Dense(features * steps)(x)
model = keras.Model(inputs, x)
""",
    ),
    "sizes_after_wrappers_and_cells": CodeCase(
        "written for lstmcalc: sizes after Bidirectional, TimeDistributed and an RNN of a list of cells",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(inputs)
x = layers.TimeDistributed(layers.Dense(x.shape[-1] // 4))(x)
x = layers.RNN([layers.GRUCell(x.shape[-1]), layers.LSTMCell(2)])(x)
x = layers.Dense(x.shape[-1] + x.shape[1])(x)
model = keras.Model(inputs, x)
""",
    ),
    "sizes_of_states": CodeCase(
        "written for lstmcalc: h.shape[-1] of out, h, c = LSTM(..., return_state=True)(x), and seq.shape[1]",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
seq, h, c = layers.LSTM(16, return_sequences=True, return_state=True)(inputs)
x = layers.Dense(h.shape[-1] + seq.shape[1])(seq)
model = keras.Model(inputs, x)
""",
    ),
    "sizes_of_a_stacked_rnn_s_states": CodeCase(
        "written for lstmcalc: lstm_states[1].shape[-1] and gru_h.shape[-1] of a stacked RNN's nested states",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
cells = [layers.LSTMCell(8), layers.GRUCell(4)]
seq, lstm_states, gru_h = layers.RNN(cells, return_state=True, return_sequences=True)(inputs)
x = layers.Dense(lstm_states[1].shape[-1] + gru_h.shape[-1] + seq.shape[1])(seq)
model = keras.Model(inputs, x)
""",
    ),
    "size_of_attention_scores": CodeCase(
        "written for lstmcalc: scores.shape[1] and [-1] of return_attention_scores=True",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
out, scores = layers.MultiHeadAttention(num_heads=2, key_dim=8)(inputs, inputs, return_attention_scores=True)
x = layers.Dense(scores.shape[1] + scores.shape[-1])(out)
model = keras.Model(inputs, x)
""",
    ),
    "sizes_of_a_bidirectional_s_outputs": CodeCase(
        "written for lstmcalc: outs[0].shape[-1] and outs[2].shape[-1] of a Bidirectional GRU's outputs and states",
        """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
outs = layers.Bidirectional(layers.GRU(5, return_state=True))(inputs)
x = layers.Dense(outs[0].shape[-1] + outs[2].shape[-1])(outs[0])
model = keras.Model(inputs, x)
""",
    ),
}

#: What Keras 3 gives for each case: (name, output shape, count) of each row of its summary, in order.
EXPECTED_ROWS = {
    "initial_state_made_in_place": [
        ("input_layer_1", (None, 8), 0),
        ("input_layer_2", (None, 8), 0),
        ("input_layer", (None, 10, 4), 0),
        ("dense", (None, 16), 144),
        ("dense_1", (None, 16), 144),
        ("lstm", (None, 16), 1344),
    ],
    "initial_state_one_tensor_made_in_place": [
        ("input_layer_1", (None, 8), 0),
        ("input_layer", (None, 10, 4), 0),
        ("dense", (None, 16), 144),
        ("gru", (None, 16), 1056),
    ],
    "bidirectional_initial_state_made_in_place": [
        ("input_layer_1", (None, 8), 0),
        ("input_layer", (None, 10, 4), 0),
        ("dense", (None, 16), 144),
        ("dense_1", (None, 16), 144),
        ("bidirectional", (None, 32), 2112),
    ],
    "initial_state_given_by_position": [
        ("input_layer_1", (None, 8), 0),
        ("input_layer", (None, 10, 4), 0),
        ("dense", (None, 16), 144),
        ("simple_rnn", (None, 16), 336),
    ],
    "sum_of_calls_made_in_place": [
        ("input_layer", (None, 10, 8), 0),
        ("dense", (None, 10, 16), 144),
        ("dense_1", (None, 10, 16), 144),
        ("dense_2", (None, 10, 16), 144),
        ("add", (None, 10, 16), 0),
        ("add_1", (None, 10, 16), 0),
    ],
    "merge_function_in_a_sum": [
        ("input_layer", (None, 4), 0),
        ("input_layer_1", (None, 4), 0),
        ("concatenate", (None, 8), 0),
        ("input_layer_2", (None, 8), 0),
        ("add", (None, 8), 0),
    ],
    "merge_functions_as_initial_state": [
        ("input_layer_1", (None, 4), 0),
        ("input_layer_2", (None, 4), 0),
        ("input_layer", (None, 10, 4), 0),
        ("concatenate", (None, 8), 0),
        ("concatenate_1", (None, 8), 0),
        ("lstm", (None, 8), 416),
    ],
    "operation_on_a_merge_and_a_call": [
        ("input_layer", (None, 4), 0),
        ("input_layer_1", (None, 4), 0),
        ("add", (None, 4), 0),
        ("dense", (None, 4), 20),
        ("add_1", (None, 4), 0),
    ],
    "functional_cells_list_bound_to_a_name": [("input_layer", (None, 10, 4), 0), ("rnn", (None, 16), 7872)],
    "functional_cells_list_of_names_rebound_later": [
        ("input_layer", (None, 10, 4), 0),
        ("rnn", (None, 10, 16), 7136),
        ("rnn_1", (None, 3), 240),
    ],
    "functional_bidirectional_rnn_of_a_cells_list": [
        ("input_layer", (None, 10, 4), 0),
        ("bidirectional", (None, 10, 32), 14272),
        ("rnn_1", (None, 4), 148),
    ],
    "functional_cells_list_made_on_each_pass": [
        ("input_layer", (None, 10, 4), 0),
        ("rnn", (None, 10, 4), 584),
        ("rnn_1", (None, 10, 4), 584),
    ],
    "sequential_cells_list_bound_to_a_name": [("rnn", (None, 16), 7872), ("dense", (None, 1), 17)],
    "sequential_cells_list_appended_in_a_loop": [("rnn", (None, 10, 16), 6048), ("dense", (None, 10, 1), 17)],
    "sequential_bidirectional_rnn_of_a_cells_list": [("bidirectional", (None, 8), 936)],
    "functional_cell_bound_to_a_name": [("input_layer", (None, 10, 4), 0), ("rnn", (None, 32), 4736)],
    "attention_mask_none": [("input_layer", (None, 10, 16), 0), ("multi_head_attention", (None, 10, 16), 1088)],
    "attention_key_and_masks_none": [
        ("input_layer", (None, 10, 16), 0),
        ("multi_head_attention", (None, 10, 16), 1088),
    ],
    "attention_key_none_by_position": [
        ("input_layer", (None, 10, 16), 0),
        ("multi_head_attention", (None, 10, 16), 1088),
    ],
    "attention_mask_none_beside_an_option": [
        ("input_layer", (None, 10, 16), 0),
        ("multi_head_attention", (None, 10, 16), 1088),
    ],
    "initial_state_none": [("input_layer", (None, 10, 4), 0), ("lstm", (None, 8), 416)],
    "initial_state_none_by_position": [("input_layer", (None, 10, 4), 0), ("lstm", (None, 8), 416)],
    "masks_and_states_none": [
        ("input_layer", (None, 10, 4), 0),
        ("lstm", (None, 10, 8), 416),
        ("bidirectional", (None, 8), 336),
    ],
    "rnn_of_a_cell_initial_state_none": [("input_layer", (None, 10, 4), 0), ("rnn", (None, 8), 416)],
    "conv_lstm_state_and_mask_none": [
        ("input_layer", (None, 10, 4), 0),
        ("reshape", (None, 10, 4, 1), 0),
        ("conv_lstm1d", (None, 10, 2, 2), 80),
    ],
    "time_distributed_mask_none_then_sequences_by_name": [
        ("input_layer", (None, 10, 4), 0),
        ("time_distributed", (None, 10, 3), 15),
        ("gru", (None, 3), 72),
    ],
    "attention_mask_none_read_before": [("input_layer", (None, 10, 16), 0), ("attention", (None, 10, 16), 0)],
    "input_last_size_times_two": [("input_layer", (None, 10, 4), 0), ("dense", (None, 10, 8), 40)],
    "input_sizes_in_a_reshape": [("input_layer", (None, 10, 4), 0), ("reshape", (None, 10, 4, 1), 0)],
    "input_batch_size_given": [("input_layer", (8, 10, 4), 0), ("dense", (8, 10, 8), 40)],
    "sizes_of_layer_outputs": [
        ("input_layer", (None, 10, 4), 0),
        ("lstm", (None, 10, 16), 1344),
        ("dense", (None, 10, 8), 136),
        ("reshape", (None, 10, 8, 1), 0),
    ],
    "attention_sized_from_the_input": [
        ("input_layer", (None, 10, 16), 0),
        ("multi_head_attention", (None, 10, 16), 1088),
        ("add", (None, 10, 16), 0),
        ("layer_normalization", (None, 10, 16), 32),
        ("dense", (None, 10, 16), 272),
    ],
    "size_of_a_tensor_the_model_leaves_out": [("input_layer", (None, 10, 4), 0), ("dense_1", (None, 10, 8), 40)],
    "sizes_bound_to_names": [
        ("input_layer", (None, 10, 4), 0),
        ("lstm", (None, 10, 16), 1344),
        ("dense", (None, 10, 40), 680),
    ],
    "sizes_after_wrappers_and_cells": [
        ("input_layer", (None, 10, 4), 0),
        ("bidirectional", (None, 10, 16), 832),
        ("time_distributed", (None, 10, 4), 68),
        ("rnn", (None, 2), 176),
        ("dense_1", (None, 4), 12),
    ],
    "sizes_of_states": [
        ("input_layer", (None, 10, 4), 0),
        ("lstm", [(None, 10, 16), (None, 16), (None, 16)], 1344),
        ("dense", (None, 10, 26), 442),
    ],
    "sizes_of_a_stacked_rnn_s_states": [
        ("input_layer", (None, 10, 4), 0),
        ("rnn", [(None, 10, 4), (None, 8), (None, 8), (None, 4)], 584),
        ("dense", (None, 10, 22), 110),
    ],
    "size_of_attention_scores": [
        ("input_layer", (None, 10, 16), 0),
        ("multi_head_attention", [(None, 10, 16), (None, 2, 10, 10)], 1088),
        ("dense", (None, 10, 12), 204),
    ],
    "sizes_of_a_bidirectional_s_outputs": [
        ("input_layer", (None, 10, 4), 0),
        ("bidirectional", [(None, 10), (None, 5), (None, 5)], 330),
        ("dense", (None, 15), 165),
    ],
}
