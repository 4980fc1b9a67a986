"""Subclassed Keras models read from code (lstm_calc.readers.subclassed_code), and ``--model``.

The numbers are real Keras 3.15.1's for each case called on an Input of the same shape
(tests/oracle/test_subclassed_code_oracle.py compares every layer).
"""

from __future__ import annotations

import json

import pytest

from lstm_calc.api import summarize_file
from tests.subclassed_code_cases import CASES, REFUSED

#: Per case: the model's name, then (name, type, output shape, parameters) per layer, as Keras shows them.
EXPECTED = {
    "airline_build": (
        "passengers_lstm",
        [("lstm", "LSTM", (None, 50), 10_400), ("dense", "Dense", (None, 1), 51)],
    ),
    "named_super_input": ("LSTM", [("lstm", "LSTM", (None, 64), 18_688), ("dense", "Dense", (None, 4), 260)]),
    "stacked_arguments": (
        "stock_lstm",
        [
            ("lstm", "LSTM", (None, 20, 96), 38_784),
            ("dropout", "Dropout", (None, 20, 96), 0),
            ("lstm_1", "LSTM", (None, 48), 27_840),
            ("dense", "Dense", (None, 1), 49),
        ],
    ),
    "two_lstms_build": (
        "lstm_model",
        [
            ("lstm", "LSTM", (None, 50, 96), 43_392),
            ("lstm_1", "LSTM", (None, 96), 74_112),
            ("dense", "Dense", (None, 128), 12_416),
            ("dense_1", "Dense", (None, 1), 129),
        ],
    ),
    "second_unnamed": ("forecaster_1", [("gru_1", "GRU", (None, 8), 288), ("dense_1", "Dense", (None, 1), 9)]),
    "two_models": ("large", [("gru_1", "GRU", (None, 128), 51_072), ("dense_1", "Dense", (None, 24), 3_096)]),
    "residual_add_layer": (
        "residual_lstm",
        [
            ("lstm", "LSTM", (None, 50, 16), 1_152),
            ("dense", "Dense", (None, 50, 16), 272),
            ("add", "Add", (None, 50, 16), 0),
        ],
    ),
    "residual_plus": (
        "skip_forecaster",
        [
            ("dense", "Dense", (None, 24, 32), 1_056),
            ("lstm", "LSTM", (None, 24, 32), 4_608),
            ("dense_1", "Dense", (None, 24, 1), 33),
        ],
    ),
    "two_paths_concatenate": (
        "two_branch",
        [
            ("lstm", "LSTM", (None, 8), 320),
            ("gru", "GRU", (None, 4), 84),
            ("concatenate", "Concatenate", (None, 12), 0),
            ("dense", "Dense", (None, 3), 39),
        ],
    ),
    "shared_layer": ("twice", [("lstm", "LSTM", (None, 10, 6), 216), ("dense", "Dense", (None, 10, 6), 42)]),
    "merges_in_call": (
        "merged",
        [
            ("lstm", "LSTM", (None, 50, 16), 1_152),
            ("dense", "Dense", (None, 50, 16), 272),
            ("global_average_pooling1d", "GlobalAveragePooling1D", (None, 32), 0),
        ],
    ),
    "self_attention_calls": (
        "attention_classifier",
        [
            ("bidirectional", "Bidirectional", (None, 12, 32), 2_688),
            ("multi_head_attention", "MultiHeadAttention", (None, 12, 32), 4_224),
            ("multi_head_attention_1", "MultiHeadAttention", (None, 12, 32), 1_080),
            ("global_average_pooling1d", "GlobalAveragePooling1D", (None, 32), 0),
            ("dense", "Dense", (None, 1), 33),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_subclassed_case_counts(name: str, tmp_path) -> None:
    case = CASES[name]
    path = tmp_path / f"{name}.py"
    path.write_text(case.code)
    summary = summarize_file(str(path), model_name=case.picked)
    model_name, layers = EXPECTED[name]
    assert summary.name == model_name
    assert [(row.name, row.type, row.output_shape, row.params) for row in summary.layers] == layers


def test_subclassed_summary_text(run, tmp_path) -> None:
    path = tmp_path / "model.py"
    path.write_text(CASES["airline_build"].code)
    result = run("summary", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        'Model: "passengers_lstm"\n'
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ lstm (LSTM)                     │ (None, 50)             │        10,400 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ dense (Dense)                   │ (None, 1)              │            51 │\n"
        "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
        " Total params: 10,451 (40.82 KB)\n"
        " Trainable params: 10,451 (40.82 KB)\n"
        " Non-trainable params: 0 (0.00 B)\n"
    )


def test_subclassed_graph_summary_text(run, tmp_path) -> None:
    # Keras lists a subclassed model's layers in creation order, never the x + y it computes, no Connected to.
    path = tmp_path / "model.py"
    path.write_text(CASES["residual_plus"].code)
    result = run("summary", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        'Model: "skip_forecaster"\n'
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ dense (Dense)                   │ (None, 24, 32)         │         1,056 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ lstm (LSTM)                     │ (None, 24, 32)         │         4,608 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ dense_1 (Dense)                 │ (None, 24, 1)          │            33 │\n"
        "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
        " Total params: 5,697 (22.25 KB)\n"
        " Trainable params: 5,697 (22.25 KB)\n"
        " Non-trainable params: 0 (0.00 B)\n"
    )


def test_model_option_picks_by_variable_and_by_name(run, tmp_path) -> None:
    path = tmp_path / "two.py"
    path.write_text(CASES["two_models"].code.replace('name="small"', 'name="tiny"'))
    by_variable = run("summary", str(path), "--model", "small", "--format", "json")
    by_name = run("summary", str(path), "--model", "tiny", "--format", "json")
    assert by_variable.exit_code == 0 and by_variable.stdout == by_name.stdout
    assert '"total_params": 1025' in by_variable.stdout.replace(" ", "").replace('":', '": ')


SEQUENTIAL_PAIR = (
    "from keras import Sequential, Input\nfrom keras.layers import LSTM, Dense\n"
    "encoder = Sequential([Input((10, 3)), LSTM(8)], name='enc')\n"
    "decoder = Sequential([Input((10, 3)), Dense(2)])\n"
)

ERRORS = {
    "unfollowed-call": (
        CASES["stacked_arguments"].code.replace("x = self.second(x)", "x = self.second(tf.reverse(x, [1]))"),
        "19:25: error: cannot follow 'tf.reverse(x, [1])' in call(); lstmcalc reads a call() made of assignments "
        "and a return, each applying layers made in __init__ (or merging tensors with +, -, *, "
        "layers.add/concatenate) to the input or to tensors computed before; give the model as a YAML graph spec",
    ),
    "unread-statement": (
        CASES["airline_build"].code.replace(
            "        x = self.head(x)\n", "        for _ in range(2):\n            x = self.head(x)\n"
        ),
        "19:9: error: cannot read this statement of call(); lstmcalc reads a call() made of assignments and a "
        "return, each applying layers made in __init__ (or merging tensors with +, -, *, layers.add/concatenate) "
        "to the input or to tensors computed before; give the model as a YAML graph spec",
    ),
    "unused-layer": (
        CASES["airline_build"].code.replace("        x = self.head(x)\n", ""),
        "15:21: error: self.head is made in __init__ but call() never applies it: Keras would list it unbuilt, "
        "without weights; remove it or apply it in call()",
    ),
    "never-built": (
        CASES["airline_build"].code.replace("model.build((None, LOOK_BACK, 1))\n", ""),
        "23:9: error: the model 'model' is never built: lstmcalc needs its input shape, from "
        "model.build((None, 50, 1)) or from calling it on keras.Input(shape=(50, 1))",
    ),
    "custom-layer": (
        "import keras\nfrom keras import layers\n\n\nclass Attention(layers.Layer):\n"
        "    def call(self, x):\n        return self.helper(x)\n\n\n"
        "class Tagger(keras.Model):\n    def __init__(self):\n"
        "        super().__init__()\n        self.lstm = layers.LSTM(8, return_sequences=True)\n"
        "        self.attention = Attention()\n\n    def call(self, inputs):\n"
        "        return self.attention(self.lstm(inputs))\n\n\nmodel = Tagger()\nmodel.build((None, 5, 2))\n",
        "7:16: error: custom layer 'Attention' defined at line 5: lstmcalc cannot tell its output shape: cannot "
        "follow 'self.helper(x)' without running the code in its call() (line 7); give it a compute_output_shape() "
        "or give the model as a YAML graph spec with Keras layers in its place",
    ),
    "two-subclassed-models": (
        CASES["two_models"].code,
        "15:9: error: the code builds 2 models and compiles, fits or summarises none of them: small (line 15), "
        "large (line 17); pick one with --model NAME (its variable or its name=)",
    ),
    "model-not-found": (
        CASES["two_models"].code + "\n",
        "1:1: error: --model medium: no model is called that in this code; the models: small (line 15), "
        "large (line 17)",
    ),
    "sequential-pair": (
        SEQUENTIAL_PAIR,
        "3:11: error: the code builds 2 Sequential models and compiles, fits or summarises none of them: "
        "encoder (name='enc') (line 3), decoder (line 4); pick one with --model NAME (its variable or its name=)",
    ),
    **{name: (case.code, message) for name, (case, message) in REFUSED.items()},
}


@pytest.mark.parametrize(("code", "message"), ERRORS.values(), ids=list(ERRORS))
def test_subclassed_refusals_are_located(run, tmp_path, code: str, message: str) -> None:
    path = tmp_path / "model.py"
    path.write_text(code)
    extra = ("--model", "medium") if "--model medium" in message else ()
    result = run("summary", str(path), *extra)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"{path}:{message}"


def test_model_option_picks_a_sequential_model(run, tmp_path) -> None:
    path = tmp_path / "pair.py"
    path.write_text(SEQUENTIAL_PAIR)
    by_name = run("summary", str(path), "--model", "enc", "--format", "json")
    assert by_name.exit_code == 0
    assert '"name": "enc"' in by_name.stdout
    decoder = run("summary", str(path), "--model", "decoder", "--format", "json")
    assert decoder.exit_code == 0 and '"Dense"' in decoder.stdout and '"LSTM"' not in decoder.stdout


def test_model_option_is_for_python_code(run) -> None:
    result = run("summary", "specs/gesture_classifier.yaml", "--model", "x")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: --model picks one of several models in Python code (a .py input); this input holds one\n"
    )


def test_model_option_reaches_every_reading_command(run, tmp_path) -> None:
    path = tmp_path / "two.py"
    path.write_text(CASES["two_models"].code)
    for command in (["convert"], ["export", "--to", "keras"], ["diagram", "--format", "mermaid"], ["check"]):
        result = run(*command, str(path), "--model", "small")
        assert result.exit_code == 0, (command, result.stderr)
    diff = run("diff", str(path), str(path), "--model", "large")
    assert diff.exit_code == 0, diff.stderr


def test_sequential_code_never_takes_a_users_class_for_keras(run, tmp_path) -> None:
    path = tmp_path / "tagger.py"
    path.write_text(
        "from keras import Sequential, Input\nfrom keras.layers import LSTM, Layer\n\n\nclass Attention(Layer):\n"
        "    def call(self, x):\n        return x[0]\n\n\n"
        "model = Sequential([Input((5, 2)), LSTM(8, return_sequences=True), Attention()])\n"
    )
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (
        f"{path}:7:16: error: custom layer 'Attention' defined at line 5: lstmcalc cannot tell its output shape: "
        "cannot follow 'x[0]' without running the code in its call() (line 7); give it a compute_output_shape() "
        "or give the model as a YAML graph spec with Keras layers in its place"
    )


@pytest.mark.parametrize(
    ("fixture", "origin"),
    [("registered_attention", "'my_package>Attention'"), ("unregistered_attention", "'Attention'")],
)
def test_keras_json_never_takes_a_users_class_for_keras(run, fixture: str, origin: str) -> None:
    # Written by real Keras 3.15.1: model.to_json() of Sequential([Input((5, 2)), LSTM(4, return_sequences=True),
    # Attention()]) with the user's own Attention(Layer), registered with package="my_package" and not.
    path = f"tests/fixtures/custom_layers/{fixture}.json"
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    column = {"registered_attention": 1711, "unregistered_attention": 1711}[fixture]
    assert result.stderr.splitlines()[0] == (
        f"{path}:1:{column}: error: custom layer 'Attention' (registered as {origin}): the user's own class, "
        "not Keras's; lstmcalc cannot count its weights; give the model as a YAML spec with Keras layers in its place"
    )


def test_keras_json_layer_from_the_users_module(run, tmp_path) -> None:
    text = open("tests/fixtures/custom_layers/unregistered_attention.json").read()
    text = text.replace('"module": null, "class_name": "Attention"', '"module": "my_model", "class_name": "Attention"')
    text = text.replace('"registered_name": "Attention"', '"registered_name": null')
    path = tmp_path / "model.json"
    path.write_text(text)
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "error: custom layer 'Attention' (from module 'my_model'): the user's own class" in result.stderr


def test_objects_call_never_applies_are_not_layers(tmp_path) -> None:
    code = CASES["airline_build"].code.replace(
        "        self.head =", '        self.loss_tracker = keras.metrics.Mean(name="loss")\n        self.head ='
    )
    path = tmp_path / "model.py"
    path.write_text("import keras\n" + code)
    summary = summarize_file(str(path))
    assert [(row.name, row.params) for row in summary.layers] == [("lstm", 10_400), ("dense", 51)]


def test_compare_reads_the_model_and_the_values_summary_is_given(run, tmp_path) -> None:
    # --compare once built the file without --model, --set or --input-format.
    path = tmp_path / "pair.txt"
    path.write_text(SEQUENTIAL_PAIR.replace("LSTM(8)", "LSTM(units)"))
    given = ("--input-format", "python", "--set", "units=8")
    encoder = run("summary", str(path), *given, "--model", "enc", "--compare", "--format", "json")
    decoder = run("summary", str(path), *given, "--model", "decoder", "--compare", "--format", "json")
    assert (encoder.exit_code, encoder.stderr, decoder.exit_code, decoder.stderr) == (0, "", 0, "")
    assert json.loads(encoder.stdout)["layers"][0]["keras_params"] == 4 * 8 * (3 + 8 + 1)
    assert json.loads(decoder.stdout)["layers"][0]["keras_params"] == 2 * (3 + 1)


def test_convert_check_and_export_read_subclassed_code_as_summary_does(run, tmp_path) -> None:
    # A subclassed model with branches converts to a graph spec whose summary_rows keep Keras's subclassed
    # layout: its merges made in call() are entries of the graph (named after their line) without rows.
    path = tmp_path / "model.py"
    path.write_text(CASES["residual_plus"].code)
    converted = run("convert", str(path))
    assert (converted.exit_code, converted.stderr) == (0, "")
    assert converted.stdout == (
        f"# Converted by lstmcalc from {path}\n"
        "inputs:\n"
        "  input_layer:\n"
        "    shape: [24, 3]\n"
        "layers:\n"
        "- {type: LSTM, units: 32, return_sequences: true, name: lstm, inputs: input_layer}\n"
        "- {type: Dense, units: 32, activation: relu, name: dense, inputs: lstm}\n"
        "- type: Add\n"
        "  name: add_at_line_15\n"
        "  inputs: [lstm, dense]\n"
        "- {type: Dense, units: 1, name: dense_1, inputs: add_at_line_15}\n"
        "outputs: [dense_1]\n"
        "# Keras's summary of this subclassed model lists these layers, in this order, and no others:\n"
        "# no input row, no Connected to, no row for a merge made in call() (such as x + y).\n"
        "summary_rows: [dense, lstm, dense_1]\n"
        "name: skip_forecaster\n"
    )
    spec = tmp_path / "converted.yaml"
    spec.write_text(converted.stdout)
    assert json.loads(run("summary", str(spec), "--format", "json").stdout)["total_params"] == 5_697
    checked = run("check", str(path), "--max-params", "5000")
    assert (checked.exit_code, checked.stderr) == (1, "")
    assert "skip_forecaster" in checked.stdout and "5,697" in checked.stdout
    exported = run("export", str(path), "--to", "keras")
    assert (exported.exit_code, exported.stderr) == (0, "")
    assert 'add_at_line_15 = layers.Add(name="add_at_line_15")([lstm, dense])\n' in exported.stdout
    assert "lstmcalc counts 5,697 parameters (22.25 KB), 5,697 of them trainable;" in exported.stdout
