"""Reading Keras files and Keras code, ``convert`` and ``export``: exact outputs, exit codes, stderr.

The Keras fixtures under tests/fixtures/keras were written by real Keras 3.15 (see
make_fixtures.py there); tests/oracle/test_interop_oracle.py compares them, and the
exported code, with real Keras and torch.
"""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest

from lstm_calc.api import summarize_file, summarize_text
from lstm_calc.render.json_output import summary_to_dict
from tests.case_ids import error_id
from tests.conftest import ROOT, SPECS
from tests.docs_pages import page

FIXTURES = ROOT / "tests" / "fixtures" / "keras"
GESTURE_CODE = str(SPECS / "gesture_classifier.py")
SET_ACTIONS = ("--set", "actions.shape[0]=3")
#: Every model file that reads into a spec, with the arguments it needs.
#: Functional models (keras.Model(inputs, outputs)) among the fixtures, read as graph specs.
FUNCTIONAL = (
    "attention",
    "cross_attention_by_keyword",
    "functional",
    "keras2_seq2seq",
    "keras2_shared_embedding",
    "masked",
    "residual",
    "seq2seq",
    "shared_embedding",
)
FUNCTIONAL_ARCHIVES = ("attention", "functional", "residual", "shared_embedding")
READABLE = [
    *(str(path) for path in sorted(SPECS.glob("*.yaml"))),
    *(
        str(FIXTURES / f"{name}.json")
        for name in (
            "conv_lstm",
            "gesture_classifier",
            "keras2_conv_bilstm",
            "keras2_list_config",
            "stateful_stack",
            "text_tagger",
        )
    ),
    str(FIXTURES / "conv_lstm.keras"),
    str(FIXTURES / "text_tagger.keras"),
    *(str(FIXTURES / f"{name}.json") for name in FUNCTIONAL),
    *(str(FIXTURES / f"{name}.keras") for name in FUNCTIONAL_ARCHIVES),
]


def _one_error(result, message: str) -> None:
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == message + "\n"


# -- Python code -------------------------------------------------------------------------


def test_gesture_code_summarises_like_the_yaml_spec(run):
    from_code = run("summary", GESTURE_CODE, *SET_ACTIONS)
    assert (from_code.exit_code, from_code.stderr) == (0, "")
    assert from_code.stdout == run("summary", str(SPECS / "gesture_classifier.yaml")).stdout


def test_gesture_code_needs_the_value_it_cannot_evaluate(run):
    _one_error(
        run("summary", GESTURE_CODE),
        f"{GESTURE_CODE}:21:17: error: cannot evaluate 'actions.shape[0]' (Dense's units) without running the "
        "code; give its value with --set 'actions.shape[0]=VALUE'",
    )


def test_set_with_a_typo_suggests_the_expression(run):
    _one_error(
        run("summary", GESTURE_CODE, "--set", "action.shape[0]=3"),
        f"{GESTURE_CODE}:1:1: error: --set 'action.shape[0]': the code has no such expression "
        "(did you mean 'actions.shape[0]'?)",
    )


def test_set_is_for_python_code_only(run):
    _one_error(
        run("summary", str(SPECS / "lstm_1_unit.yaml"), *SET_ACTIONS),
        "error: --set gives values to Python code (a .py input) only",
    )


def test_set_needs_expression_equals_value(run):
    _one_error(
        run("summary", GESTURE_CODE, "--set", "actions.shape[0]"),
        "error: --set 'actions.shape[0]' is not EXPRESSION=VALUE, e.g. --set 'actions.shape[0]=3'",
    )


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "x" + "[0]" * 30_000,
            "error: --set 'x" + "[0]" * 25 + "[...' is not EXPRESSION=VALUE, e.g. --set 'actions.shape[0]=3' "
            "(EXPRESSION is at most 1,000 characters)",
        ),
        (
            "x" + "[0]" * 300,
            "error: --set: EXPRESSION nests more than 100 levels deep; no expression lstmcalc asks for does",
        ),
        (
            "-" * 900 + "x",
            "error: --set: EXPRESSION nests more than 100 levels deep; no expression lstmcalc asks for does",
        ),
    ],
    ids=["long", "deep-subscripts", "deep-unary"],
)
def test_a_long_or_deep_set_expression_gets_one_error(run, expression, message):
    # Each '=' of the text parses what comes before it: bounded so, hostile text costs no more than a line.
    _one_error(run("summary", GESTURE_CODE, "--set", f"{expression}=3"), message)


def test_a_set_of_many_equals_signs_is_split_in_linear_time(run):
    start = time.process_time()
    result = run("summary", GESTURE_CODE, "--set", "'" + "=a" * 60_000)
    assert result.exit_code == 2
    assert time.process_time() - start < 5  # it took a minute: a parse of the text before each '='


def _summary_json(run, *args, stdin=None):
    result = run("summary", *args, "--format", "json", stdin=stdin)
    assert (result.exit_code, result.stderr) == (0, "")
    return json.loads(result.stdout)


CODE = """\
import tensorflow as tf
from tensorflow import keras
from keras.regularizers import l2

FEATURES = 4 * 2
VOCAB = 10 ** 3

model = keras.Sequential(
    [
        keras.Input(shape=(None, FEATURES), batch_size=2),
        tf.keras.layers.Bidirectional(keras.layers.LSTM(16, return_sequences=True)),
        keras.layers.GRU(units=FEATURES // 2, kernel_regularizer=l2(0.01), activation=tf.nn.relu),
        keras.layers.Dense(VOCAB - 1, activation="softmax"),
    ],
    name="code_model",
)
"""


def _document(path: Path | str, input_format: str | None = None) -> dict:
    """The JSON document of a file's summary, from the library (``--format json`` prints the same)."""
    return summary_to_dict(summarize_file(str(path), input_format=input_format))


def test_code_with_sequential_list_input_names_and_arithmetic():
    document = summary_to_dict(summarize_text(CODE, input_format="python"))
    assert [(layer["name"], layer["output_shape"], layer["params"]) for layer in document["layers"]] == [
        ("bidirectional", [2, None, 32], 3200),
        ("gru", [2, 4], 456),
        ("dense", [2, 999], 4995),
    ]
    assert document["name"] == "code_model"


def test_count_neutral_expressions_are_kept_as_text(run):
    result = run("convert", "-", "--input-format", "python", stdin=CODE)
    assert result.exit_code == 0
    assert "- {type: GRU, units: 4, kernel_regularizer: l2(0.01), activation: relu}\n" in result.stdout


CODE_ERRORS = [
    (
        "x = 1\n",
        "<stdin>:1:1: error: no Keras model in this code; lstmcalc reads Sequential([...]) "
        "and model.add(...) code, and functional code ending in Model(inputs, outputs)",
    ),
    (
        "a = Sequential()\nb = Sequential()\n",
        "<stdin>:1:5: error: the code builds 2 Sequential models and compiles, fits or summarises none of them: "
        "a (line 1), b (line 2); pick one with --model NAME (its variable or its name=)",
    ),
    (
        "m = Sequential()\nfor u in sizes:\n    m.add(Dense(u))\n",
        "<stdin>:2:10: error: cannot tell what this loop iterates over without running the code: 'sizes' is not "
        "known; give its value with --set 'sizes=VALUE', or write each layer out, or give the model as a YAML spec",
    ),
    (
        "m = Sequential([Input((3,)), Conv3D(2, 2), Dense(2), GaussianNoise(1)])\n",
        "<stdin>:1:30: error: the model uses 2 layers lstmcalc does not support: Conv3D (line 1), GaussianNoise "
        "(line 1); supported layers: LSTM, GRU, SimpleRNN, Dense, Embedding, Dropout, Bidirectional, "
        "TimeDistributed, Conv1D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, "
        "Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, ZeroPadding1D, "
        "UpSampling1D, Cropping1D, ConvLSTM1D, ConvLSTM2D, Flatten, RepeatVector, Reshape, Permute, GetItem, Masking, "
        "SpatialDropout1D, "
        "BatchNormalization, LayerNormalization, Activation, Lambda, Concatenate, Add, Subtract, Multiply, Average, "
        "Maximum, Minimum, Dot, Attention, AdditiveAttention, MultiHeadAttention, RNN, LSTMCell, GRUCell, "
        "SimpleRNNCell, StackedRNNCells, CuDNNLSTM, CuDNNGRU",
    ),
    (
        "m = Sequential()\nm.add(Dense(**options))\n",
        "<stdin>:2:13: error: **keyword arguments cannot be read without running the code; write them out",
    ),
    (
        "m = Sequential()\nm.add(LSTM(3, input_shape=(5, n)))\n",
        "<stdin>:2:31: error: cannot evaluate 'n' (LSTM's input_shape) without running the code; give its value "
        "with --set 'n=VALUE'",
    ),
    ("m = Sequential(\n", "<stdin>:1:15: error: invalid Python: '(' was never closed"),
    (
        "m = Sequential([Input((3,)), Dense(0)])\n",
        "<stdin>:1:36: error: Dense argument 'units': expected a positive integer, got 0",
    ),
]


@pytest.mark.parametrize(("code", "message"), CODE_ERRORS, ids=[error_id(message) for _, message in CODE_ERRORS])
def test_code_errors_are_located(run, code, message):
    _one_error(run("summary", "-", "--input-format", "python", stdin=code), message)


def test_model_add_and_build_give_the_input():
    code = "model = Sequential()\nmodel.add(Embedding(100, 8))\nmodel.add(SimpleRNN(4))\nmodel.build((None, 20))\n"
    document = summary_to_dict(summarize_text(code, input_format="python"))
    assert document["input_shape"] == [None, 20]
    assert document["total_params"] == 800 + 52


# -- Keras JSON and .keras archives -------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "text_tagger.json",
        "keras2_conv_bilstm.json",
        "shared_embedding.json",
        "residual.json",
        "attention.json",
        "keras2_shared_embedding.json",
    ],
)
def test_keras_json_table_matches_golden(run, golden, name):
    result = run("summary", str(FIXTURES / name))
    assert (result.exit_code, result.stderr) == (0, "")
    golden(f"interop/{name.removesuffix('.json')}.table.out", result.stdout)


def test_archive_reads_like_its_json():
    for name in ("text_tagger", "conv_lstm", *FUNCTIONAL_ARCHIVES):
        assert _document(FIXTURES / f"{name}.keras") == _document(FIXTURES / f"{name}.json")


def test_keras_seq2seq_summarises_like_the_seq2seq_spec(run):
    from_keras = run("summary", str(FIXTURES / "seq2seq.json"))
    assert (from_keras.exit_code, from_keras.stderr) == (0, "")
    assert from_keras.stdout == run("summary", str(SPECS / "seq2seq.yaml")).stdout
    assert _document(FIXTURES / "keras2_seq2seq.json")["total_params"] == 718_173


def test_mask_operations_are_rows():
    """Keras 3 writes the NotEqual operation that computes Embedding(mask_zero=True)'s mask as a layer, and
    its summary lists it as a row, without parameters."""
    assert '"class_name": "NotEqual"' in (FIXTURES / "masked.json").read_text(encoding="utf-8")
    document = _document(FIXTURES / "masked.json")
    assert [(layer["name"], layer["params"]) for layer in document["layers"]] == [
        ("tokens", 0),
        ("embedding", 800),
        ("not_equal", 0),
        ("lstm", 208),
        ("dense", 10),
    ]


def test_a_nested_functional_model_is_refused_at_its_class_name(run):
    """The Sequential model 'encoder' is read as a layer (tests/test_keras_nested_json.py); the functional
    model 'head' is not, and is refused where its config names its class."""
    path = FIXTURES / "nested_models.json"
    _one_error(
        run("summary", str(path)),
        f"{path}:1:2469: error: the model uses 1 functional model as layers: 'head' (Functional); lstmcalc reads "
        "a Sequential model used as a layer but not a functional one, so summarise each functional model from "
        "its own config, or rebuild the model with its layers inline",
    )


def _tensor(layer: str, node: int = 0, index: int = 0) -> dict:
    return {
        "class_name": "__keras_tensor__",
        "config": {"shape": [None], "dtype": "float32", "keras_history": [layer, node, index]},
    }


def _functional_json(*layers: dict, outputs: list) -> str:
    """A Keras 3 functional model of one input 'x' of shape (5, 3) and ``layers`` with their inbound nodes."""
    entries = [
        {
            "class_name": "InputLayer",
            "name": "x",
            "config": {"batch_shape": [None, 5, 3], "name": "x"},
            "inbound_nodes": [],
        }
    ]
    entries += [{"class_name": layer["class_name"], "name": layer["config"]["name"], **layer} for layer in layers]
    config = {"name": "m", "layers": entries, "input_layers": [["x", 0, 0]], "output_layers": outputs}
    return json.dumps({"class_name": "Functional", "config": config}, indent=1)


def _call(*args, **kwargs) -> list:
    return [{"args": list(args), "kwargs": kwargs}]


_LSTM_STATES = {
    "class_name": "LSTM",
    "config": {"name": "enc", "units": 4, "return_state": True},
    "inbound_nodes": _call(_tensor("x")),
}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _functional_json(
                {
                    "class_name": "Attention",
                    "config": {"name": "att"},
                    "inbound_nodes": _call([_tensor("x"), _tensor("x")], return_attention_scores=True),
                },
                outputs=[["att", 0, 0]],
            ),
            "model.json:60:35: error: layer 'att' is called with return_attention_scores=True, which lstmcalc does not "
            "support",
        ),
        (
            _functional_json(
                {"class_name": "Dense", "config": {"name": "d", "units": 2}, "inbound_nodes": _call(_tensor("x", 1))},
                outputs=[["d", 0, 0]],
            ),
            "model.json:36:27: error: layer 'd' takes a tensor of call 1 of layer 'x', which the model does not have",
        ),
        (
            _functional_json(
                {"class_name": "Dense", "config": {"name": "d", "units": 2}, "inbound_nodes": _call(_tensor("x"))},
                outputs=[["d", 1, 0]],
            ),
            "model.json:57:4: error: the model's outputs takes a tensor of call 1 of layer 'd', which the model does "
            "not have",
        ),
        (
            _functional_json({"class_name": "Dense", "config": {"name": "d", "units": 2}}, outputs=[["d", 0, 0]]),
            "model.json:19:4: error: layer 'd' has no inbound_nodes; a functional model's layers say what they are "
            "called on",
        ),
        (
            _functional_json(
                _LSTM_STATES,
                {
                    "class_name": "Bidirectional",
                    "config": {"name": "bi", "layer": {"class_name": "LSTM", "config": {"name": "l", "units": 4}}},
                    "inbound_nodes": _call(_tensor("x"), initial_state=[_tensor("enc", 0, 1), _tensor("enc", 0, 2)]),
                },
                outputs=[["bi", 0, 0]],
            ),
            # Keras hands the forward layer the first half of initial_state, the backward one the rest: 4 states.
            "model.json:81:25: error: layer 'bi' (Bidirectional) starts from initial_state [(None, 4), (None, 4)], "
            "but its states have the shapes [(None, 4), (None, 4), (None, 4), (None, 4)]",
        ),
        (
            _functional_json(
                _LSTM_STATES,
                {
                    "class_name": "Dense",
                    "config": {"name": "d", "units": 2},
                    "inbound_nodes": _call(_tensor("enc", 0, 3)),
                },
                outputs=[["d", 0, 0]],
            ),
            "model.json:66:27: error: 'enc[3]' is out of range: 'enc' has 3 outputs (0 to 2)",
        ),
        (
            _functional_json(
                {
                    "class_name": "GaussianNoise",
                    "config": {"name": "noise", "stddev": 0.1},
                    "inbound_nodes": _call(_tensor("x")),
                },
                {"class_name": "Conv3D", "config": {"name": "conv"}, "inbound_nodes": _call(_tensor("noise"))},
                outputs=[["conv", 0, 0]],
            ),
            "model.json:20:19: error: the model uses 2 layers lstmcalc does not support: GaussianNoise ('noise'), "
            "Conv3D ('conv'); supported layers: LSTM, GRU, SimpleRNN, Dense, Embedding, Dropout, Bidirectional, "
            "TimeDistributed, Conv1D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, "
            "Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, ZeroPadding1D, "
            "UpSampling1D, Cropping1D, ConvLSTM1D, ConvLSTM2D, Flatten, RepeatVector, Reshape, Permute, GetItem, "
            "Masking, SpatialDropout1D, "
            "BatchNormalization, LayerNormalization, Activation, Lambda, Concatenate, Add, Subtract, Multiply, "
            "Average, Maximum, Minimum, Dot, Attention, AdditiveAttention, MultiHeadAttention, RNN, LSTMCell, GRUCell, "
            "SimpleRNNCell, StackedRNNCells, CuDNNLSTM, CuDNNGRU",
        ),
        (
            _functional_json(
                {
                    "class_name": "Bidirectional",
                    "config": {"name": "bi", "layer": 5},
                    "inbound_nodes": _call(_tensor("x")),
                },
                outputs=[["bi", 0, 0]],
            ),
            "model.json:24:15: error: Bidirectional's layer is not a Keras layer config "
            '({"class_name": ..., "config": {...}})',
        ),
    ],
    ids=[
        "call_argument",
        "unknown_node_of_input",
        "unknown_output_node",
        "no_inbound_nodes",
        "bidirectional_initial_state",
        "output_index_out_of_range",
        "unsupported_layers",
        "wrapped_layer_not_a_layer",
    ],
)
def test_functional_json_errors_point_into_the_json(run, tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    Path("model.json").write_text(text, encoding="utf-8")
    _one_error(run("summary", "model.json"), message)


def test_every_unsupported_layer_is_listed_once(run):
    path = FIXTURES / "unsupported_layers.json"
    result = run("summary", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{path}:1:486: error: the model uses 2 layers lstmcalc does not support: GaussianNoise ('gaussian_noise'), "
        "Conv1DTranspose ('conv1d_transpose'); supported layers: LSTM, GRU,"
    )


def _keras_json(**lstm):
    config = {"name": "lstm", "units": 3, **lstm}
    layers = [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 5, 2]}},
        {"class_name": "LSTM", "config": config},
    ]
    return json.dumps({"class_name": "Sequential", "config": {"name": "m", "layers": layers}}, indent=1)


KERAS_JSON_ERRORS = [
    (_keras_json(units=0), "model.json:20:15: error: LSTM argument 'units': expected a positive integer, got 0"),
    (
        _keras_json(time_major=True),
        "model.json:21:20: error: LSTM has time_major: true, which lstmcalc does not "
        "support (it counts time_major: false only)",
    ),
    (_keras_json(bogus=1), "model.json:21:6: error: LSTM has no argument 'bogus'"),
    ('{"class_name": "Sequential", "config": }', "model.json:1:40: error: invalid JSON: Expecting value"),
    (
        "[1, 2]",
        "model.json:1:1: error: not a Keras model: expected the JSON of model.to_json(), "
        '{"class_name": "Sequential", "config": ...}',
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), KERAS_JSON_ERRORS, ids=[error_id(message) for _, message in KERAS_JSON_ERRORS]
)
def test_keras_json_errors_point_into_the_json(run, tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    Path("model.json").write_text(text, encoding="utf-8")
    _one_error(run("summary", "model.json"), message)


def test_keras_json_from_stdin(run):
    text = (FIXTURES / "text_tagger.json").read_text(encoding="utf-8")
    assert _summary_json(run, "-", "--input-format", "keras-json", stdin=text)["total_params"] == 990


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"metadata.json": "{}"}, "error: the archive has no config.json; is it a Keras 3 .keras file?"),
        (
            {"config.json": " " * (8 * 1024 * 1024 + 1)},
            "error: config.json is larger than 8 MiB; is this a Keras model?",
        ),
    ],
    ids=["no_config", "config_over_8MiB"],
)
def test_bad_archives(run, tmp_path, monkeypatch, members, message):
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile("model.keras", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    _one_error(run("summary", "model.keras"), f"model.keras:1:1: {message}")


def test_not_a_zip(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("model.keras").write_text("hello", encoding="utf-8")
    _one_error(
        run("summary", "model.keras"),
        "model.keras:1:1: error: not a .keras archive (not a zip file); "
        "Keras 3 writes one with model.save('model.keras')",
    )


UNKNOWN_EXTENSIONS = [
    (
        "model.h5",
        "error: HDF5 model files cannot be read without h5py; save the model with "
        "model.save('model.keras') or write model.to_json() to a .json file",
    ),
    (
        "model.txt",
        "error: cannot tell the input's format from its extension '.txt': lstmcalc reads .yaml/.yml "
        "specs, Keras model JSON (.json), .keras archives and Keras Python code (.py); or give "
        "--input-format yaml, keras-json, keras or python",
    ),
    (
        "model",
        "error: cannot tell the input's format as its name has no extension: lstmcalc reads .yaml/.yml "
        "specs, Keras model JSON (.json), .keras archives and Keras Python code (.py); or give "
        "--input-format yaml, keras-json, keras or python",
    ),
]


@pytest.mark.parametrize(("name", "message"), UNKNOWN_EXTENSIONS, ids=[name for name, _ in UNKNOWN_EXTENSIONS])
def test_unknown_extensions(run, tmp_path, monkeypatch, name, message):
    monkeypatch.chdir(tmp_path)
    Path(name).write_text("x", encoding="utf-8")
    _one_error(run("summary", name), f"{name}:1:1: {message}")


def test_input_format_overrides_the_extension(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("model.txt").write_text((SPECS / "lstm_1_unit.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert _summary_json(run, "model.txt", "--input-format", "yaml")["total_params"] == 12


def test_check_reads_keras_files_too(run):
    result = run("check", str(FIXTURES / "text_tagger.keras"), "--max-params", "500", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["specs"][0]["total_params"] == 990


# -- convert ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", READABLE, ids=lambda path: Path(path).name)
def test_converted_spec_summarises_like_its_source(run, tmp_path, path):
    converted = run("convert", path)
    assert (converted.exit_code, converted.stderr) == (0, "")
    spec = tmp_path / "converted.yaml"
    spec.write_text(converted.stdout, encoding="utf-8")
    assert _summary_json(run, str(spec)) == _summary_json(run, path)


def test_converted_code_summarises_like_its_source(run, tmp_path):
    output = tmp_path / "gesture.yaml"
    assert run("convert", GESTURE_CODE, *SET_ACTIONS, "-o", str(output)).exit_code == 0
    assert _summary_json(run, str(output)) == _summary_json(run, GESTURE_CODE, *SET_ACTIONS)


@pytest.mark.parametrize(
    "name",
    [
        "text_tagger.json",
        "keras2_conv_bilstm.json",
        "stateful_stack.json",
        "seq2seq.json",
        "shared_embedding.json",
        "residual.json",
        "attention.json",
        "keras2_seq2seq.json",
    ],
)
def test_convert_matches_golden(run, golden, name):
    result = run("convert", f"tests/fixtures/keras/{name}")
    assert result.exit_code == 0, result.stderr
    golden(f"interop/{name.removesuffix('.json')}.yaml", result.stdout)


def test_convert_refuses_to_overwrite_its_input(run, tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text((SPECS / "lstm_1_unit.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("convert", str(spec), "-o", str(spec))
    assert result.exit_code == 2
    assert "is the input file; write to another file" in result.stderr


# -- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["keras", "pytorch"])
def test_export_matches_golden(run, golden, monkeypatch, target):
    monkeypatch.chdir(ROOT)
    result = run("export", "specs/gesture_classifier.yaml", "--to", target)
    assert (result.exit_code, result.stderr) == (0, "")
    compile(result.stdout, "exported.py", "exec")
    golden(f"interop/gesture_classifier.{target}.py", result.stdout)


def test_export_pytorch_of_wrappers_and_torch_options(run, golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    spec = (
        "framework: pytorch\ninput: {shape: [null, 6]}\nlayers:\n"
        "  - {type: Conv1d, out_channels: 4, kernel_size: 3, padding: same}\n"
        "  - {type: BatchNorm1d, name: train}\n"
        "  - {type: Dropout, p: 0.2}\n"
        "  - {type: LSTM, hidden_size: 8, num_layers: 2, bidirectional: true, proj_size: 2, return_state: true}\n"
    )
    result = run("export", "-", "--to", "pytorch", stdin=spec)
    assert (result.exit_code, result.stderr) == (0, "")
    golden("interop/torch_options.pytorch.py", result.stdout)


def test_export_refuses_what_the_target_cannot_build(run):
    _one_error(
        run("export", str(SPECS / "stateful_char_model.yaml"), "--to", "pytorch"),
        f"{SPECS / 'stateful_char_model.yaml'}:8:5: error: 'stateful' is a Keras option of LSTM, but this spec "
        "uses the PyTorch convention; a torch.nn module keeps no state between batches; pass the last states back in",
    )


@pytest.mark.parametrize(
    ("source", "name", "target"),
    [
        ("specs/seq2seq.yaml", "seq2seq", "keras"),
        ("tests/fixtures/keras/shared_embedding.json", "shared_embedding", "keras"),
        ("tests/fixtures/keras/attention.keras", "attention", "keras"),
        ("specs/seq2seq.yaml", "seq2seq", "pytorch"),
        ("tests/fixtures/keras/shared_embedding.json", "shared_embedding", "pytorch"),
    ],
    ids=lambda value: value.rsplit("/", 1)[-1],
)
def test_export_of_graphs_matches_golden(run, golden, monkeypatch, source, name, target):
    monkeypatch.chdir(ROOT)
    result = run("export", source, "--to", target)
    assert (result.exit_code, result.stderr) == (0, "")
    compile(result.stdout, "exported.py", "exec")
    golden(f"interop/{name}.{target}.py", result.stdout)


#: A PyTorch-convention graph: Dropout on a GRU's output and state, a GRU called twice, every merge kind.
GRAPH_MERGES_SPEC = """\
framework: pytorch
inputs:
  a: {shape: [null, 4]}
  b: {shape: [null, 4]}
layers:
  - {name: encoder, type: GRU, units: 3, return_state: true, inputs: a}
  - {name: drop, type: Dropout, rate: 0.1, inputs: "encoder[1]"}
  - {name: decoder, type: GRU, units: 3, return_sequences: true, inputs: b, initial_state: [drop]}
  - {name: decoder_again, shares: decoder, inputs: a, initial_state: [drop]}
  - {name: both, type: Concatenate, inputs: [decoder, decoder_again]}
  - {name: summed, type: Add, inputs: [decoder, decoder_again]}
  - {name: largest, type: Maximum, inputs: [decoder, decoder_again, summed]}
  - {name: mean, type: Average, inputs: [decoder, decoder_again]}
outputs: [both, largest, mean, "encoder[0]"]
"""


def test_export_pytorch_of_a_graph_with_merges_dropout_on_a_state_and_a_shared_gru(run, golden):
    result = run("export", "-", "--to", "pytorch", stdin=GRAPH_MERGES_SPEC)
    assert (result.exit_code, result.stderr) == (0, "")
    golden("interop/graph_merges.pytorch.py", result.stdout)


def test_export_pytorch_refuses_keras_only_layers_of_a_graph(run):
    path = FIXTURES / "attention.json"
    result = run("export", str(path), "--to", "pytorch")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        f"{path}:1:690: error: Bidirectional is a Keras layer with no torch.nn "
        "counterpart, so the PyTorch convention cannot use it;"
    )


def test_export_writes_a_file(run, tmp_path):
    output = tmp_path / "model.py"
    result = run("export", str(SPECS / "lstm_1_unit.yaml"), "--to", "keras", "-o", str(output))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert "layers.LSTM(1)" in output.read_text(encoding="utf-8")


def test_help_lists_the_new_commands(run):
    result = run("--help")
    for command in ("convert", "export", "schema", "summary", "check"):
        assert f"  {command}" in result.stdout


def test_docs_show_real_output(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    readme = page("reference/keras.md", "reference/convert-export.md")
    for args in (
        ["summary", "tests/fixtures/keras/text_tagger.keras"],
        ["convert", "tests/fixtures/keras/text_tagger.json"],
        ["summary", "specs/gesture_classifier.py"],
        ["convert", "tests/fixtures/keras/shared_embedding.keras"],
        ["export", "specs/seq2seq.yaml", "--to", "keras"],
    ):
        result = run(*args)
        assert f"$ lstmcalc {' '.join(args)}\n{result.stdout or result.stderr}" in readme, args
    exported = run("export", "specs/seq2seq.yaml", "--to", "pytorch").stdout
    forward = exported[exported.index("    def forward(") : exported.index("        return decoder_dense\n")]
    assert f"```python\n{forward}" in readme
    unsupported = run("summary", "tests/fixtures/keras/unsupported_layers.json").stderr
    assert unsupported.split("LSTM, GRU, SimpleRNN, Dense, ")[0] in readme


@pytest.mark.parametrize("activation", ["{class_name: ReLU}", "[relu]"], ids=["mapping", "list"])
def test_export_to_pytorch_notes_an_activation_that_is_not_a_name(run, tmp_path, activation):
    # A spec may give a Keras config mapping (or any value) as the activation; only names translate.
    (tmp_path / "model.yaml").write_text(
        f"input: {{shape: [4, 3]}}\nlayers:\n  - {{type: Dense, units: 2, activation: {activation}}}\n"
    )
    result = run("export", str(tmp_path / "model.yaml"), "--to", "pytorch")
    assert (result.exit_code, result.stderr) == (0, "")
    assert ": lstmcalc has no torch translation; apply it below\n" in result.stdout
