"""Every bad spec gets exactly one located error on stderr, exit status 2, and nothing on stdout."""

from __future__ import annotations

import pytest

from tests.case_ids import error_ids

#: Every layer type, as an unknown type's message lists them when no name is close.
KNOWN_TYPES = (
    "LSTM, GRU, SimpleRNN, Dense, Embedding, Dropout, Bidirectional, TimeDistributed, Conv1D, MaxPooling1D, "
    "AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, Conv2D, MaxPooling2D, AveragePooling2D, "
    "GlobalAveragePooling2D, GlobalMaxPooling2D, ZeroPadding1D, UpSampling1D, Cropping1D, ConvLSTM1D, ConvLSTM2D, "
    "Flatten, RepeatVector, "
    "Reshape, Permute, GetItem, Mean, Max, Min, Sum, Masking, SpatialDropout1D, BatchNormalization, "
    "LayerNormalization, Activation, Lambda, "
    "Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot, Attention, AdditiveAttention, "
    "MultiHeadAttention, RNN, LSTMCell, GRUCell, SimpleRNNCell, StackedRNNCells, CuDNNLSTM, CuDNNGRU, Sequential, "
    "CustomLayer"
)

CASES = [
    (
        "input: {shape: [4, 3]}\nlayers:\n  - {type: TimeDistributed, layer: [LSTM]}\n",
        "bad.yaml:3:36: error: TimeDistributed argument 'layer': expected a layer such as {type: LSTM, units: 64}, "
        "got a list",
    ),
    (
        "input: {shape: [4, 3]}\nlayers:\n  - {type: Dense, units: 2, activation: " + "[" * 33 + "1" + "]" * 33 + "}\n",
        "bad.yaml:3:41: error: Dense argument 'activation': expected a value nested at most 32 levels deep "
        "(a Keras config takes a few)",
    ),
    (
        "input: {shape: [5, 126]}\nlayers:\n  - {type: LSTM, units: 64}\n  - {type: LSTM, units: 3}\n",
        "bad.yaml:4:5: error: layer 'lstm_1' (LSTM) needs a 3-D input (batch, time_steps, features) "
        "but receives (None, 64); set return_sequences: true on 'lstm'",
    ),
    (
        "input: {shape: [126]}\nlayers:\n  - {type: LSTM, units: 64}\n",
        "bad.yaml:3:5: error: layer 'lstm' (LSTM) needs a 3-D input (batch, time_steps, features) "
        "but receives (None, 126); input.shape lists every axis after the batch: [time_steps, features]",
    ),
    (
        "input: {shape: [4, 3, 2]}\nlayers:\n  - {type: GRU, units: 4}\n",
        "bad.yaml:3:5: error: layer 'gru' (GRU) needs a 3-D input (batch, time_steps, features) "
        "but receives (None, 4, 3, 2)",
    ),
    (
        "input: {shape: []}\nlayers:\n  - {type: Dense, units: 3}\n",
        "bad.yaml:3:5: error: layer 'dense' (Dense) needs an input of at least 2 dimensions (batch, ..., features) "
        "but receives (None,); input.shape lists every axis after the batch: [..., features]",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 64, stateful: true}\n",
        "bad.yaml:3:39: error: layer 'lstm' (LSTM) is stateful, so it needs a fixed batch size, but the batch "
        "size is unknown; set input.batch_size (or batch_input_shape on the first layer)",
    ),
    (
        "input: {shape: [4, null]}\nlayers:\n  - {type: LSTM, units: 3}\n",
        "bad.yaml:3:5: error: layer 'lstm' (LSTM) needs a known last axis (features) to size its weights "
        "but receives (None, 4, None)",
    ),
    (
        "input: {shape: [5, null]}\nlayers:\n  - {type: Dense, units: 3}\n",
        "bad.yaml:3:5: error: layer 'dense' (Dense) needs a known last axis (features) to size its weights "
        "but receives (None, 5, None)",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 3, return_state: true}\n"
        "  - {type: Dense, units: 3}\n",
        "bad.yaml:4:5: error: layer 'dense' (Dense) receives 3 tensors [(None, 3), (None, 3), (None, 3)] from "
        "'lstm', but takes one; set return_state: false on the recurrent layer that returns them",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTMM, units: 64}\n",
        "bad.yaml:3:12: error: unknown layer type 'LSTMM' (did you mean 'LSTM'?)",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Transformer, units: 64}\n",
        f"bad.yaml:3:12: error: unknown layer type 'Transformer'; known types: {KNOWN_TYPES}",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, unit: 64}\n",
        "bad.yaml:3:18: error: LSTM has no argument 'unit' (did you mean 'units'?)",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {units: 64}\n",
        "bad.yaml:3:5: error: the layer has no 'type'; give its Keras class name, such as LSTM, GRU or Dense",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM}\n",
        "bad.yaml:3:5: error: LSTM needs 'units'",
    ),
    *(
        (
            f"input: {{shape: [4, 1]}}\nlayers:\n  - {{type: LSTM, units: {value}}}\n",
            f"bad.yaml:3:25: error: LSTM argument 'units': expected a positive integer, got {shown}",
        )
        for value, shown in [("0", "0"), ("-3", "-3"), ('"64"', "'64'"), ("64.0", "64.0"), ("true", "true")]
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Dropout, rate: 1.5}\n",
        "bad.yaml:3:27: error: Dropout argument 'rate': expected a number between 0 and 1, got 1.5",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 3, return_sequences: yes please}\n",
        "bad.yaml:3:46: error: LSTM argument 'return_sequences': expected true or false, got 'yes please'",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 3, name: a}\n  - {type: Dense, units: 3, name: a}\n",
        "bad.yaml:4:35: error: layer name 'a' is already taken by layers[0]; "
        "Keras needs unique layer names, so rename one of them",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 3, name: lstm_1}\n"
        "  - {type: Dense, units: 3}\n  - {type: Dense, units: 3, name: dense}\n",
        "bad.yaml:5:35: error: layer name 'dense' is already taken by layers[1]; "
        "Keras needs unique layer names, so rename one of them",
    ),
    (
        "input: {shape: [4, 1]}\nlayer:\n  - {type: LSTM}\n",
        "bad.yaml:2:1: error: unknown key 'layer' at the top level (did you mean 'layers'?); "
        "expected name, dtype, framework, input, inputs, layers, outputs, summary_rows, mask_operations, budget",
    ),
    (
        "input: {shape: [4, 1], batch: 3}\nlayers:\n  - {type: LSTM, units: 3}\n",
        "bad.yaml:1:24: error: unknown key 'batch' in 'input' (did you mean 'batch_size'?); "
        "expected shape, batch_size, dtype",
    ),
    (
        "layers:\n  - {type: Dense, units: 3}\n",
        "bad.yaml:1:1: error: the model has no input shape; add 'input: {shape: [time_steps, features]}' "
        "(or input_shape on the first layer)",
    ),
    (
        "input: {shape: [4, 1]}\n",
        "bad.yaml:1:1: error: the spec has no 'layers' list; add 'layers:' with at least one layer",
    ),
    (
        "input: {shape: [4, 1]}\nlayers: []\n",
        "bad.yaml:2:9: error: 'layers' must be a non-empty list of layers, e.g. - {type: LSTM, units: 64}",
    ),
    (
        "input: {shape: [0, 1]}\nlayers: [{type: Dense, units: 1}]\n",
        "bad.yaml:1:17: error: 'input.shape' sizes must be positive integers or null, got 0",
    ),
    (
        "input: {shape: 5}\nlayers: [{type: Dense, units: 1}]\n",
        "bad.yaml:1:16: error: 'input.shape' must be a list of sizes such as [5, 126] (null for any length), got int 5",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 3, input_shape: [3]}\n",
        "bad.yaml:3:29: error: the input is given twice: by 'input' and by 'input_shape' on the first layer; keep one",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 3}\n  - {type: Dense, units: 3, input_shape: [3]}\n",
        "bad.yaml:4:29: error: 'input_shape' gives the model input and is only read on the first layer "
        "(Keras ignores it here); remove it",
    ),
    (
        "dtype: float31\ninput: {shape: [4, 1]}\nlayers: [{type: Dense, units: 1}]\n",
        "bad.yaml:1:8: error: dtype must be one of float32, float16, bfloat16, float64, int8, got 'float31' "
        "(did you mean 'float32'?)",
    ),
    ("- a\n- b\n", "bad.yaml:1:1: error: a spec is a mapping with 'input' and 'layers' keys, not a list"),
    ("", "bad.yaml:1:1: error: the spec is empty; it needs at least 'input' and 'layers'"),
    ("input: {shape: [4, 1]\n", "bad.yaml:2:1: error: did not find expected ',' or '}'"),
    (
        "input: {shape: [4, 1]}\ninput: {shape: [4, 2]}\nlayers: [{type: Dense, units: 1}]\n",
        "bad.yaml:2:1: error: duplicate key 'input' (first set at line 1); keep only one",
    ),
    (
        "a: !!python/object/apply:os.system ['echo hacked']\n",
        "bad.yaml:1:4: error: YAML tag '!!python/object/apply:os.system' is not allowed in a spec; "
        "only plain values (strings, numbers, booleans, null, lists and mappings) are read",
    ),
    (
        "input: {shape: [4, 1]}\nlayers: [{type: Dense, units: 1}]\n---\nname: two\n",
        "bad.yaml:3:1: error: a spec file holds one YAML document; remove the extra '---' documents",
    ),
    # Hostile and broken input: characters YAML does not allow, located instead of truncating the spec.
    (
        "input: {shape: [4, 1]}\x00\nlayers: [{type: Dense, units: 1}]\n",
        "bad.yaml:1:23: error: YAML does not allow the character U+0000 ('\\x00') in a spec; remove it",
    ),
    ("name: a\x1bb\n", "bad.yaml:1:8: error: YAML does not allow the character U+001B ('\\x1b') in a spec; remove it"),
    (
        "name: a\ufffe\n",
        "bad.yaml:1:8: error: YAML does not allow the character U+FFFE ('\\ufffe') in a spec; remove it",
    ),
    (
        "input:\n\tshape: [4, 1]\n",
        "bad.yaml:2:1: error: found a tab where YAML expects indentation or a value; indent with spaces, not tabs",
    ),
    # Keys are names; YAML reads some unquoted keys as other things.
    *(
        (
            f"input: {{shape: [4, 1]}}\nlayers:\n  - {{type: Dense, units: 1, {key}: 4}}\n",
            f"bad.yaml:3:29: error: a key must be a name, not {shown} (quote it if it is a name)",
        )
        for key, shown in [
            ("3", "the number 3"),
            ("1.5", "the number 1.5"),
            ("null", "null"),
            ("~", "null"),
            ("true", "the boolean true"),
            ("[a]", "a list"),
            ("{a: 1}", "a mapping"),
        ]
    ),
    # Values of the wrong kind where a name is expected.
    *(
        (
            f"input: {{shape: [4, 1]}}\nlayers:\n  - {{type: {value}, units: 1}}\n",
            f"bad.yaml:3:12: error: a layer's type is a name such as LSTM, not {shown}; known types: {KNOWN_TYPES}",
        )
        for value, shown in [("null", "null"), ("[LSTM]", "a list"), ("{a: 1}", "a mapping"), ("3", "int 3")]
    ),
    *(
        (
            f"dtype: {value}\ninput: {{shape: [4, 1]}}\nlayers: [{{type: Dense, units: 1}}]\n",
            f"bad.yaml:1:8: error: dtype must be one of float32, float16, bfloat16, float64, int8, got {shown}",
        )
        for value, shown in [("[float32]", "a list"), ("{a: 1}", "a mapping"), ("32", "32"), ("null", "null")]
    ),
    (
        "framework: [keras]\ninput: {shape: [4, 1]}\nlayers: [{type: Dense, units: 1}]\n",
        "bad.yaml:1:12: error: framework must be one of keras, pytorch, got a list",
    ),
    (
        'name: "a\\nb"\ninput: {shape: [4, 1]}\nlayers: [{type: Dense, units: 1}]\n',
        "bad.yaml:1:7: error: 'name': expected a name of printable characters (no line breaks or control "
        "characters), got 'a\\nb'",
    ),
    (
        'input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 1, name: "\\e[2J\\u202e"}\n',
        "bad.yaml:3:35: error: Dense argument 'name': expected a name of printable characters (no line breaks or "
        "control characters), got '\\x1b[2J\\u202e'",
    ),
    # NaN and infinity in every numeric field: YAML's .nan and .inf are floats, never sizes or rates.
    *(
        (spec.format(value), f"bad.yaml:{where}: error: {message}{value}")
        for spec, where, message in [
            (
                "input: {{shape: [{}, 1]}}\nlayers: [{{type: Dense, units: 1}}]\n",
                "1:17",
                "'input.shape' sizes must be positive integers or null, got ",
            ),
            (
                "input: {{shape: [4, 1], batch_size: {}}}\nlayers: [{{type: Dense, units: 1}}]\n",
                "1:36",
                "'input.batch_size': expected a positive integer, got ",
            ),
            (
                "input: {{shape: [4, 1]}}\nlayers:\n  - {{type: Dense, units: {}}}\n",
                "3:26",
                "Dense argument 'units': expected a positive integer, got ",
            ),
            (
                "input: {{shape: [4, 1]}}\nlayers:\n  - {{type: GRU, units: {}}}\n",
                "3:24",
                "GRU argument 'units': expected a positive integer, got ",
            ),
            (
                "input: {{shape: [4, 1]}}\nlayers:\n  - {{type: Dropout, rate: {}}}\n",
                "3:27",
                "Dropout argument 'rate': expected a number between 0 and 1, got ",
            ),
            (
                "input: {{shape: [4, 1]}}\nlayers:\n  - {{type: LSTM, units: 2, dropout: {}}}\n",
                "3:37",
                "LSTM argument 'dropout': expected a number between 0 and 1, got ",
            ),
            (
                "input: {{shape: [4, 1]}}\nlayers:\n  - {{type: SimpleRNN, units: 2, recurrent_dropout: {}}}\n",
                "3:52",
                "SimpleRNN argument 'recurrent_dropout': expected a number between 0 and 1, got ",
            ),
            (
                "input: {{shape: [4]}}\nlayers:\n  - {{type: Embedding, input_dim: {}, output_dim: 2}}\n",
                "3:34",
                "Embedding argument 'input_dim': expected a positive integer, got ",
            ),
            (
                "input: {{shape: [4]}}\nlayers:\n  - {{type: Embedding, input_dim: 3, output_dim: {}}}\n",
                "3:49",
                "Embedding argument 'output_dim': expected a positive integer, got ",
            ),
            (
                "layers:\n  - {{type: Embedding, input_dim: 3, output_dim: 2, input_length: {}}}\n",
                "2:66",
                "'layers[0].input_length': expected a positive integer, got ",
            ),
            (
                "layers:\n  - {{type: Dense, units: 2, input_shape: [{}]}}\n",
                "2:43",
                "'layers[0].input_shape' sizes must be positive integers or null, got ",
            ),
            (
                "layers:\n  - {{type: Dense, units: 2, input_dim: {}}}\n",
                "2:40",
                "'layers[0].input_dim': expected a positive integer, got ",
            ),
            (
                "layers:\n  - {{type: Dense, units: 2, input_shape: [3], batch_size: {}}}\n",
                "2:59",
                "'layers[0].batch_size': expected a positive integer, got ",
            ),
            (
                "layers:\n  - {{type: LSTM, units: 2, batch_input_shape: [{}, 3, 4]}}\n",
                "2:48",
                "'layers[0].batch_input_shape' sizes must be positive integers or null, got ",
            ),
        ]
        for value in (".nan", ".inf", "-.inf")
    ),
    # Integers are exact, within reason.
    *(
        (
            f"input: {{shape: [4, 1]}}\nlayers:\n  - {{type: Dense, units: {digits}}}\n",
            "bad.yaml:3:26: error: integers in a spec have at most 1,000 digits",
        )
        for digits in ["9" * 1001, "-" + "9" * 1001, "9" * 5000, "0x" + "f" * 900]
    ),
    # Tags, implicit or explicit, that would build anything but plain data.
    *(
        (
            f"name: {value}\n",
            f"bad.yaml:1:7: error: YAML tag '{tag}' is not allowed in a spec; only plain values "
            "(strings, numbers, booleans, null, lists and mappings) are read",
        )
        for value, tag in [
            ("!!binary aGVsbG8=", "!!binary"),
            ("!!set {a, b}", "!!set"),
            ("!!omap [a: 1]", "!!omap"),
            ("!!timestamp 2024-01-01", "!!timestamp"),
            ("!!python/name:os.system", "!!python/name:os.system"),
            ("!!python/object/new:os.system [ls]", "!!python/object/new:os.system"),
            ("!shape [4, 1]", "!shape"),
        ]
    ),
    (
        "%TAG !p! tag:yaml.org,2002:python/\n---\nname: !p!object/apply:os.system [ls]\n",
        "bad.yaml:3:7: error: YAML tag '!!python/object/apply:os.system' is not allowed in a spec; only plain "
        "values (strings, numbers, booleans, null, lists and mappings) are read",
    ),
    (
        "name: 2024-01-01\n",
        "bad.yaml:1:7: error: YAML reads '2024-01-01' as a date, which a spec cannot hold; quote it to use it as text",
    ),
    ("name: <<\n", "bad.yaml:1:7: error: '<<' is YAML's merge key; quote it to use it as text"),
    # Anchors and aliases.
    ("name: *nope\n", "bad.yaml:1:7: error: alias '*nope' has no anchor '&nope' before it"),
    (
        "a: &a [1, *a]\n",
        "bad.yaml:1:11: error: alias '*a' is inside the very list or mapping it names; a spec cannot contain itself",
    ),
    (
        "a: &x 1\nb: &x 2\n",
        "bad.yaml:2:4: error: duplicate anchor '&x' (first defined at line 1); give each anchor its own name",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {<<: 3, type: Dense, units: 1}\n",
        "bad.yaml:3:10: error: '<<' merges mappings only: give it an alias of a mapping",
    ),
    # Documents that are not a spec mapping.
    ("42\n", "bad.yaml:1:1: error: a spec is a mapping with 'input' and 'layers' keys, not int 42"),
    ("~\n", "bad.yaml:1:1: error: a spec is a mapping with 'input' and 'layers' keys, not null"),
    ("---\n", "bad.yaml:1:1: error: a spec is a mapping with 'input' and 'layers' keys, not null"),
    ("# nothing but a comment\n", "bad.yaml:1:1: error: the spec is empty; it needs at least 'input' and 'layers'"),
    ("---\n---\n", "bad.yaml:2:1: error: a spec file holds one YAML document; remove the extra '---' documents"),
    (
        "input: {shape: [4, 1]}\nlayers: 3\n",
        "bad.yaml:2:9: error: 'layers' must be a non-empty list of layers, e.g. - {type: LSTM, units: 64}",
    ),
    # Long input is quoted short: an error stays one readable line.
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: " + "L" * 100_000 + ", units: 1}\n",
        "bad.yaml:3:12: error: unknown layer type '" + "L" * 60 + "'... (100,000 characters); "
        f"known types: {KNOWN_TYPES}",
    ),
    (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 1, name: " + "n" * 1000 + "}\n"
        "  - {type: Dense, units: 1, name: " + "n" * 1000 + "}\n",
        "bad.yaml:4:35: error: layer name '" + "n" * 99 + "..." + "n" * 49 + "' is already taken by layers[0]; "
        "Keras needs unique layer names, so rename one of them",
    ),
]


@pytest.mark.parametrize(("spec", "message"), CASES, ids=error_ids(CASES))
def test_bad_spec_gets_one_located_error(run, tmp_path, monkeypatch, spec, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text(spec, encoding="utf-8")
    result = run("summary", "bad.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_stdin_errors_are_located_in_stdin(run):
    result = run("summary", "-", stdin="input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM}\n")
    assert (result.exit_code, result.stderr) == (2, "<stdin>:3:5: error: LSTM needs 'units'\n")


def test_missing_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("summary", "nope.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "nope.yaml:1:1: error: no such file\n")


def test_directory(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    result = run("summary", "specs")
    assert (result.exit_code, result.stderr) == (2, "specs:1:1: error: is a directory, not a spec file\n")


def test_non_utf8_bytes_are_located(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin1.yaml").write_bytes(b"name: caf\xe9\n")
    result = run("summary", "latin1.yaml")
    assert (result.exit_code, result.stderr) == (2, "latin1.yaml:1:10: error: the spec is not UTF-8 text\n")


def test_alias_bomb_is_refused_quickly(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    result = run("summary", "bomb.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("bomb.yaml:")
    assert "expands to more than 200,000 YAML nodes" in result.stderr
