"""Keras functional code (``keras.Input``, layers called on tensors, ``Model(inputs, outputs)``):
exact outputs, exit codes and located refusals.

The strongest check: a model written as a YAML graph spec and the same model written as
functional code print the identical summary. tests/oracle/test_keras_code_corpus_oracle.py
compares real-world functional scripts (tests/keras_code_corpus.py) with real Keras 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_calc.api import summarize_text
from lstm_calc.readers import PYTHON
from tests.conftest import SPECS
from tests.keras_code_corpus import CORPUS

SEQ2SEQ_CODE = """\
import keras
from keras import layers

num_encoder_tokens = 71
num_decoder_tokens = 93
latent_dim = 256

encoder_inputs = keras.Input(shape=(None, num_encoder_tokens), name="encoder_inputs")
encoder = layers.LSTM(latent_dim, return_state=True, name="encoder")
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]

decoder_inputs = keras.Input(shape=(None, num_decoder_tokens), name="decoder_inputs")
decoder_lstm = layers.LSTM(latent_dim, return_sequences=True, return_state=True, name="decoder_lstm")
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = layers.Dense(num_decoder_tokens, activation="softmax", name="decoder_dense")
decoder_outputs = decoder_dense(decoder_outputs)

model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs, name="seq2seq")
model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
"""

#: One model as a graph spec and as code: a shared Embedding (a second node), merges as
#: functions and as classes, automatic names throughout, two outputs.
SHARED_SPEC = """\
inputs:
  input_layer: {shape: [10]}
  input_layer_1: {shape: [10]}
layers:
  - {type: Embedding, input_dim: 100, output_dim: 8, inputs: input_layer}
  - {name: embedding_node1, shares: embedding, inputs: input_layer_1}
  - {type: LSTM, units: 4, inputs: embedding}
  - {type: LSTM, units: 4, inputs: embedding_node1}
  - {type: Concatenate, inputs: [lstm, lstm_1]}
  - {type: Add, inputs: [lstm, lstm_1]}
  - {type: Dot, axes: 1, inputs: [lstm, lstm_1]}
  - {type: Dense, units: 1, inputs: concatenate}
  - {type: Multiply, inputs: [add, dense]}
outputs: [multiply, dot]
"""
SHARED_CODE = """\
from keras.layers import Input, Embedding, LSTM as KerasLSTM, Dense, Add
import keras.layers as L
from keras.models import Model

words_a = Input(shape=(10,))
words_b = Input((10,))
embed = Embedding(100, 8)
seq_a = KerasLSTM(4)(embed(words_a))
seq_b = KerasLSTM(4)(embed(words_b))
joined = L.concatenate([seq_a, seq_b])
summed = Add()([seq_a, seq_b])
similarity = L.dot([seq_a, seq_b], axes=1)
gated = L.multiply([summed, Dense(1)(joined)])
model = Model(inputs=[words_a, words_b], outputs=[gated, similarity])
"""


def _code_file(tmp_path: Path, code: str, name: str = "model.py") -> str:
    path = tmp_path / name
    path.write_text(code, encoding="utf-8")
    return str(path)


def test_seq2seq_code_prints_what_its_graph_spec_prints(run, tmp_path: Path) -> None:
    from_code = run("summary", _code_file(tmp_path, SEQ2SEQ_CODE))
    from_spec = run("summary", str(SPECS / "seq2seq.yaml"))
    assert (from_code.exit_code, from_code.stderr) == (0, "")
    assert from_code.stdout == from_spec.stdout
    assert "│ decoder_lstm (LSTM) │ [(None, None,     │    358,400 │ decoder_inputs[0… │" in from_code.stdout


def test_shared_layers_and_merges_print_what_the_graph_spec_prints(run, tmp_path: Path) -> None:
    spec_path = tmp_path / "shared.yaml"
    spec_path.write_text(SHARED_SPEC, encoding="utf-8")
    from_code = run("summary", _code_file(tmp_path, SHARED_CODE), "--format", "json")
    from_spec = run("summary", str(spec_path), "--format", "json")
    assert (from_code.exit_code, from_code.stderr) == (0, "")
    assert from_code.stdout == from_spec.stdout
    text = run("summary", _code_file(tmp_path, SHARED_CODE)).stdout
    assert text == run("summary", str(spec_path)).stdout


def test_shared_layer_counts_once_and_has_two_nodes() -> None:
    summary = summarize_text(SHARED_CODE, "model.py", input_format=PYTHON)
    assert [(row.name, row.params) for row in summary.layers] == [
        ("input_layer", 0),
        ("input_layer_1", 0),
        ("embedding", 800),
        ("lstm", 208),
        ("lstm_1", 208),
        ("concatenate", 0),
        ("add", 0),
        ("dense", 9),
        ("multiply", 0),
        ("dot", 0),
    ]
    assert summary.total_params == 800 + 208 + 208 + 9


def test_nested_calls_name_layers_in_the_order_python_makes_them() -> None:
    code = (
        "from keras.layers import Input, Dense\nfrom keras import Model\n"
        "i = Input((3,))\nm = Model(i, Dense(2)(Dense(5)(i)))\n"
    )
    summary = summarize_text(code, "m.py", input_format=PYTHON)
    # Python makes the outer Dense(2) first, so it is "dense"; the inner Dense(5), made next, is "dense_1".
    assert [(row.name, row.output_shape, row.params) for row in summary.layers] == [
        ("input_layer", (None, 3), 0),
        ("dense_1", (None, 5), 20),
        ("dense", (None, 2), 12),
    ]


def test_a_function_called_once_is_read_at_its_call() -> None:
    code = (
        "from keras import Input, Model, layers\n"
        "def block(x, units=4, activation=None):\n"
        "    x = layers.Dense(units, activation=activation)(x)\n"
        "    return layers.Dropout(0.1)(x)\n"
        "def build(features, hidden=8):\n"
        "    inputs = Input((features,))\n"
        "    return Model(inputs, block(inputs, units=hidden * 2))\n"
        "model = build(3)\n"
    )
    summary = summarize_text(code, "m.py", input_format=PYTHON)
    assert [(row.name, row.output_shape, row.params) for row in summary.layers] == [
        ("input_layer", (None, 3), 0),
        ("dense", (None, 16), 64),
        ("dropout", (None, 16), 0),
    ]


def test_names_made_before_a_loop_or_given_are_certain() -> None:
    code = (
        "from keras import layers, Input, Model\na = Input((4,))\nfirst = layers.Dense(2)\n"
        "for i in range(2):\n    layers.Dense(3)\nmodel = Model(a, layers.Dense(1, name='out')(first(a)))\n"
    )
    summary = summarize_text(code, "m.py", input_format=PYTHON)
    assert [row.name for row in summary.layers] == ["input_layer", "dense", "out"]


UNDECIDED_GUARD = "from keras import Input, Model\nfrom keras.layers import LSTM, Dense\n\nif __name__ == '__main__':\n"


def test_names_made_inside_one_undecided_branch_are_certain() -> None:
    # The branch runs once or not at all: a model made in it ran it once (Angps1995/quotes_generation).
    body = "x = Input((5, 3))\nh = LSTM(4)(x)\ny = Dense(2)(h)\nmodel = Model(x, Dense(1)(y))\n"
    code = UNDECIDED_GUARD + "".join(f"    {line}\n" for line in body.splitlines())
    summary = summarize_text(code, "m.py", input_format=PYTHON)
    assert [row.name for row in summary.layers] == ["input_layer", "lstm", "dense", "dense_1"]


def test_a_name_after_an_undecided_branch_that_makes_its_class_is_refused(run, tmp_path: Path) -> None:
    code = (
        "from keras import Input, Model\nfrom keras.layers import LSTM, Dense\n\nx = Input((5, 3))\n"
        "h = LSTM(4)(x)\nif __name__ == '__main__':\n    extra = Dense(7)\nmodel = Model(x, Dense(2)(h))\n"
    )
    result = run("summary", _code_file(tmp_path, code))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        f"{tmp_path / 'model.py'}:8:18: error: cannot tell the name Keras gives this Dense: the code makes Dense "
        "layers under a condition lstmcalc cannot decide (line 7) before it, as often as that runs; "
        "give it one with name='...'\n"
    )


def test_a_trainable_flag_set_on_the_layer_object_freezes_it() -> None:
    code = (
        "from keras import layers, Input, Model\n"
        "i = Input((4, 3))\nrnn = layers.LSTM(2)\nrnn.trainable = False\n"
        "model = Model(i, layers.Dense(1)(rnn(i)))\n"
    )
    summary = summarize_text(code, "m.py", input_format=PYTHON)
    assert (summary.trainable_params, summary.non_trainable_params) == (3, 48)


def test_the_compiled_model_is_the_one_read_among_several(run, tmp_path: Path) -> None:
    result = run("summary", _code_file(tmp_path, CORPUS["nmt_with_inference_models"].code), "--format", "json")
    assert result.exit_code == 0
    assert '"name": "functional"' in result.stdout
    code = (
        "from keras import layers, Input, Model\na = Input(shape=(3,))\nfirst = Model(a, layers.Dense(1)(a))\n"
        "second = Model(a, layers.Dense(2)(a))\nhistory = second.fit(None, None)\n"
    )
    summary = summarize_text(code, "m.py", input_format=PYTHON)
    assert (summary.name, summary.total_params) == ("functional_1", 8)


REFUSALS = {
    "tensorflow-op": (
        "import tensorflow as tf\nfrom keras import layers, Input, Model\ninp = Input(shape=(10, 3))\n"
        "x = layers.LSTM(8)(inp)\nx = tf.expand_dims(x, 1)\nmodel = Model(inp, layers.Dense(2)(x))\n",
        "5:5: error: cannot follow the tensor 'tf.expand_dims(x, 1)' without running the code: lstmcalc follows "
        "tensors made by keras.Input and by Keras layers called on tensors, not other functions, operations on "
        "tensors or loops; rebuild it with layers, or give the model as a YAML graph spec",
    ),
    "keras-ops": (
        "import keras\ninp = keras.Input((3,))\nout = keras.layers.Dense(2)(keras.ops.relu(inp))\n"
        "model = keras.Model(inp, out)\n",
        "3:29: error: cannot follow the tensor 'keras.ops.relu(inp)' without running the code: lstmcalc follows "
        "tensors made by keras.Input and by Keras layers called on tensors, not other functions, operations on "
        "tensors or loops; rebuild it with layers, or give the model as a YAML graph spec",
    ),
    "arithmetic-on-tensors": (
        "from keras import Input, Model\nfrom keras.layers import Dense\na = Input((3,))\n"
        "model = Model(a, Dense(1)(a * 2))\n",
        "4:27: error: cannot follow the tensor 'a * 2' without running the code: lstmcalc follows tensors made by "
        "keras.Input and by Keras layers called on tensors, not other functions, operations on tensors or loops; "
        "rebuild it with layers, or give the model as a YAML graph spec",
    ),
    "loop": (
        "from keras import layers, Input, Model\ninp = Input(shape=(10, 3))\nx = inp\nfor units in sizes:\n"
        "    x = layers.LSTM(units, return_sequences=True)(x)\nmodel = Model(inp, x)\n",
        "4:14: error: cannot tell what this loop iterates over without running the code: 'sizes' is not known; "
        "give its value with --set 'sizes=VALUE', or write each layer out, or give the model as a YAML spec",
    ),
    "custom-layer": (
        "from keras import layers, Input, Model\nclass Attention(layers.Layer):\n    pass\n"
        "inp = Input(shape=(10, 3))\nx = layers.LSTM(8, return_sequences=True)(inp)\n"
        "model = Model(inp, Attention()(x))\n",
        "2:1: error: custom layer 'Attention' defined at line 2: lstmcalc cannot tell its output shape: the class "
        "has no call() method (line 2); give it a compute_output_shape() or give the model as a YAML graph "
        "spec with Keras layers in its place",
    ),
    "input-missing-from-model": (
        "from keras import layers, Input, Model\na = Input(shape=(3,))\nb = Input(shape=(3,))\n"
        "model = Model([a], layers.add([a, b]))\n",
        "4:35: error: the model's outputs need the input 'input_layer_1' (made at line 3), which is not among "
        "the model's inputs; add it to Model(inputs=[...])",
    ),
    "functional-model-as-layer": (
        "from keras import layers, Input, Model\na = Input(shape=(3,))\n"
        "block = Model(a, layers.Dense(4)(a))\nb = Input(shape=(3,))\nmodel = Model(b, block(b))\nmodel.summary()\n",
        "5:18: error: a model used as a layer is not read; call its layers on the tensor instead, or summarise "
        "each model on its own",
    ),
    "several-models": (
        "from keras import layers, Input, Model\na = Input(shape=(3,))\nfirst = Model(a, layers.Dense(1)(a))\n"
        "second = Model(a, layers.Dense(2)(a))\n",
        "3:9: error: the code builds 2 models and compiles, fits or summarises none of them: first (line 3), "
        "second (line 4); pick one with --model NAME (its variable or its name=)",
    ),
    "shape-from-data": (
        "import numpy as np\nfrom keras import layers, Input, Model\nX = np.load('x.npy')\n"
        "inp = Input(shape=(X.shape[1], 3))\nmodel = Model(inp, layers.LSTM(4)(inp))\n",
        "4:20: error: cannot evaluate 'X.shape[1]' (the input's shape) without running the code; give its value "
        "with --set 'X.shape[1]=VALUE'",
    ),
    "index-past-the-outputs": (
        "from keras import layers, Input, Model\na = Input(shape=(5, 3))\n"
        "out, h = layers.GRU(4, return_state=True)(a)\nx, y, z = layers.GRU(4, return_state=True)(a)\n"
        "model = Model(a, [out, z])\n",
        "5:24: error: 'gru_1[2]' is out of range: 'gru_1' has 2 outputs (0 to 1)",
    ),
    "automatic-name-after-a-loop": (
        "from keras import layers, Input, Model\nextra = []\nfor i in range(count):\n"
        "    extra.append(layers.Dense(3))\na = Input((4,))\nmodel = Model(a, layers.Dense(2)(a))\n",
        "6:18: error: cannot tell the name Keras gives this Dense: the code makes Dense layers in a loop (line 4) "
        "before it, as often as that runs; give it one with name='...'",
    ),
    # A comprehension over known values (range(2)) is counted as Keras counts it; a generator is not.
    "automatic-name-after-a-comprehension": (
        "from keras import layers, Input, Model\nheads = list(layers.Dense(3) for _ in range(2))\n"
        "a = Input((4,))\nmodel = Model(a, layers.Dense(2)(a))\n",
        "4:18: error: cannot tell the name Keras gives this Dense: the code makes Dense layers in a comprehension "
        "or lambda (line 2) before it, as often as that runs; give it one with name='...'",
    ),
    "called-on-a-number": (
        "from keras import layers, Input, Model\na = Input(shape=(3,))\nmodel = Model(a, layers.Dense(2)(5))\n",
        "3:34: error: layer 'dense' is given '5', which is not a tensor lstmcalc can follow: lstmcalc follows "
        "tensors made by keras.Input and by Keras layers called on tensors",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusals_are_located(run, tmp_path: Path, case: str) -> None:
    code, message = REFUSALS[case]
    path = _code_file(tmp_path, code)
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{path}:{message}\n"


def test_a_value_the_code_cannot_give_is_taken_from_set(run, tmp_path: Path) -> None:
    code, _ = REFUSALS["shape-from-data"]
    result = run("summary", _code_file(tmp_path, code), "--set", "X.shape[1]=7", "--format", "json")
    assert result.exit_code == 0
    assert '"input_shape": [null, 7, 3],' in result.stdout


def test_an_unsupported_layer_is_listed_at_its_line(run, tmp_path: Path) -> None:
    code = (
        "from keras import layers, Input, Model\nfrom keras.layers import GaussianNoise\ninp = Input(shape=(10, 3))\n"
        "rnn = GaussianNoise(0.1)\nmodel = Model(inp, layers.Dense(1)(rnn(inp)))\n"
    )
    path = _code_file(tmp_path, code)
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        f"{path}:4:7: error: the model uses 1 layer lstmcalc does not support: GaussianNoise (line 4); "
        "supported layers: "
    )


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_case_is_read(name: str) -> None:
    case = CORPUS[name]
    from lstm_calc.api import build
    from lstm_calc.readers import read_text

    summary = build(read_text(PYTHON, case.code, "case.py", case.sets), "case.py", None)[1]
    assert summary.total_params > 0


@pytest.mark.parametrize("code", [SEQ2SEQ_CODE, SHARED_CODE], ids=["seq2seq", "shared"])
def test_convert_turns_functional_code_into_a_graph_spec_that_summarises_identically(
    run, tmp_path: Path, code: str
) -> None:
    code_path = _code_file(tmp_path, code)
    converted = run("convert", code_path)
    assert (converted.exit_code, converted.stderr) == (0, "")
    spec_path = tmp_path / "converted.yaml"
    spec_path.write_text(converted.stdout, encoding="utf-8")
    assert run("summary", str(spec_path)).stdout == run("summary", code_path).stdout


#: The newer kinds in functional code: MultiHeadAttention called with return_attention_scores (its
#: scores as the forward pass gives them, (batch, heads, Tq, Tv); Keras 3.15.1's own summary says
#: (None, 4, 10, 10), taking the query's length for the value's), Keras's RNN over a list of cells,
#: and a Lambda with its output_shape. The same model as a graph spec prints the same summary.
ATTENTION_CODE = """\
import keras
from keras import layers

query = keras.Input(shape=(10, 16))
memory = keras.Input(shape=(7, 16))
attended, scores = layers.MultiHeadAttention(num_heads=4, key_dim=4)(query, memory, return_attention_scores=True)
encoded = layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)])(attended)
last = layers.Lambda(lambda t: t[:, -1], output_shape=(16,))(attended)
joined = layers.Concatenate()([encoded, last])
model = keras.Model([query, memory], [joined, scores])
"""

ATTENTION_SPEC = """\
name: functional
inputs:
  input_layer: {shape: [10, 16]}
  input_layer_1: {shape: [7, 16]}
layers:
  - type: MultiHeadAttention
    num_heads: 4
    key_dim: 4
    return_attention_scores: true
    inputs: [input_layer, input_layer_1]
  - {type: RNN, cell: [{type: LSTMCell, units: 8}, {type: GRUCell, units: 4}], inputs: "multi_head_attention[0]"}
  - {type: Lambda, output_shape: [16], inputs: "multi_head_attention[0]"}
  - {type: Concatenate, inputs: [rnn, lambda]}
outputs: [concatenate, "multi_head_attention[1]"]
"""


def test_attention_scores_cells_and_lambda_in_code_print_what_the_graph_spec_prints(run, tmp_path: Path) -> None:
    spec_path = tmp_path / "attention.yaml"
    spec_path.write_text(ATTENTION_SPEC, encoding="utf-8")
    code_path = _code_file(tmp_path, ATTENTION_CODE)
    for output_format in ("table", "json"):
        from_code = run("summary", code_path, "--format", output_format)
        assert (from_code.exit_code, from_code.stderr) == (0, "")
        assert from_code.stdout == run("summary", str(spec_path), "--format", output_format).stdout
    summary = summarize_text(ATTENTION_CODE, "model.py", input_format=PYTHON)
    assert [(row.name, row.output_shape, row.params) for row in summary.layers[2:]] == [
        ("multi_head_attention", [(None, 10, 16), (None, 4, 10, 7)], 1088),
        ("rnn", (None, 4), 968),
        ("lambda", (None, 16), 0),
        ("concatenate", (None, 20), 0),
    ]


def test_a_later_call_that_leaves_out_the_first_calls_attention_scores_is_refused(run, tmp_path: Path) -> None:
    """Keras's later call gives one tensor where the first gave two; a spec holds one value per layer."""
    code = (
        "import keras\nfrom keras import layers\n"
        "q = keras.Input(shape=(5, 8))\n"
        "attention = layers.MultiHeadAttention(num_heads=2, key_dim=4)\n"
        "a, s = attention(q, q, return_attention_scores=True)\n"
        "b = attention(a, a)\n"
        "model = keras.Model(q, [b, s])\n"
    )
    path = _code_file(tmp_path, code)
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:6:5: error: layer 'multi_head_attention' is called with return_attention_scores=False here "
        "but True in its first call; lstmcalc reads one value for a shared layer\n"
    )


def test_a_shared_layer_whose_calls_disagree_on_attention_scores_is_refused(run, tmp_path: Path) -> None:
    code = (
        "import keras\nfrom keras import layers\n"
        "q = keras.Input(shape=(5, 8))\n"
        "attention = layers.MultiHeadAttention(num_heads=2, key_dim=4)\n"
        "a = attention(q, q)\n"
        "b, s = attention(a, a, return_attention_scores=True)\n"
        "model = keras.Model(q, [b, s])\n"
    )
    path = _code_file(tmp_path, code)
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:6:48: error: layer 'multi_head_attention' is called with return_attention_scores=True here "
        "but False in its first call; lstmcalc reads one value for a shared layer\n"
    )
