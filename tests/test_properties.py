"""Whatever it is given, ``lstmcalc summary`` keeps its contract (property-based, with hypothesis).

The contract: exit 0 with output that parses (JSON) or renders (table, Markdown) and
nothing on stderr; or exit 2 with nothing on stdout and exactly one printable
``<stdin>:LINE:COLUMN: error: MESSAGE`` line on stderr. Never exit 3 (a bug), never a
traceback. Inputs: the example specs mutated at random (the graph spec also through
--stats, --compare and check), random YAML documents, spec-shaped documents with good
and bad values, raw bytes, and mutated Keras model JSON, Keras code and .keras archives.

``LSTMCALC_PROPERTY_EXAMPLES`` sets the examples per test (default 1,000, which keeps
the file under 20 seconds in CI); raise it for a longer search, e.g. 100000.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import zipfile

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from lstm_calc.api import summarize_text
from lstm_calc.cli import main
from lstm_calc.layers import LAYER_TYPES
from tests.conftest import ROOT, SPECS
from tests.test_cli import reference_json

EXAMPLES = int(os.environ.get("LSTMCALC_PROPERTY_EXAMPLES", "1000"))
CONTRACT = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ERROR_LINE = re.compile(r"<stdin>:[1-9][0-9]*:[1-9][0-9]*: error: \S[^\n]*\n")
SPEC_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SPECS.glob("*.yaml"))]
RUNNER = CliRunner()
ENVIRONMENT = {"COLUMNS": "80", "FORCE_COLOR": None, "NO_COLOR": None}


def summary(stdin: bytes, *options: str):
    return invoke("summary", "-", *options, stdin=stdin)


def invoke(*args: str, stdin: bytes = b""):
    return RUNNER.invoke(main, list(args), input=stdin, env=ENVIRONMENT, catch_exceptions=False)


def assert_one_error_line(result, where: re.Pattern = ERROR_LINE) -> None:
    assert result.stdout == ""
    assert where.fullmatch(result.stderr), result.stderr
    assert result.stderr[:-1].isprintable(), result.stderr


def assert_contract(stdin: bytes, input_format: str = "yaml", views: tuple[tuple[str, ...], ...] = ()) -> None:
    """The contract for ``summary -`` in every format, and for each extra view (``--stats``...) of a good spec."""
    reading = ("--input-format", input_format)
    result = summary(stdin, *reading, "--format", "json")
    event(f"exit {result.exit_code}")
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert_one_error_line(result)
        return
    assert result.stderr == ""
    json.loads(result.stdout)
    # The streamed document is the reference one, and the command prints what the library computes.
    text = stdin.decode("utf-8-sig")
    assert result.stdout == reference_json(summarize_text(text, input_format=input_format))
    for options in (("--format", "table"), ("--format", "markdown"), *views):
        rendered = summary(stdin, *reading, *options)
        assert (rendered.exit_code, rendered.stderr) == (0, ""), (options, rendered.stderr)
        assert rendered.stdout


# The example specs, mutated

#: Fragments that mean something to YAML or to lstmcalc, to splice into specs.
FRAGMENTS = [
    *("[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "'", '"', "\\", "#", "|", ">", "@", "`", "=", "<<"),
    *("&a ", "*a", "&b [*a, *a]", "<<: *a", "<<: ", "!!python/object:os.system ", "!!str ", "!tag "),
    *("---\n", "...\n", "%YAML 1.1\n", "\t", "\n", "\r\n", "  "),
    *(".nan", ".inf", "-.inf", "-1", "0", "0.5", "1.5", "64.0", "0x10", "1_000", "1:30", "9" * 60),
    *("null", "~", "true", "no", "2024-01-01"),
    *("\x00", "\x1b[2J", "\ufeff", "\u2028", "\u202e", "日本", "😀"),
    *("units", "type", "LSTM", "Dense", "layers", "input", "name: a", "shape: [null, 3]", "input_shape: [3, 2]"),
    *("return_sequences: true", "return_state: true", "stateful: true", "batch_size: 1", "trainable: false"),
    *("dtype: float16", "use_bias: false", "reset_after: false"),
]


@st.composite
def mutated_specs(draw, texts: list[str], fragments: list[str]) -> bytes:
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "duplicate line", "random text"]))
        if kind == "delete":
            text = text[:start] + text[end:]
        elif kind == "duplicate line":
            lines = text.splitlines(keepends=True) or [""]
            index = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: index + 1] + lines[index:])
        else:
            fragment = draw(st.sampled_from(fragments)) if kind != "random text" else draw(st.text(max_size=8))
            text = text[:start] + fragment + text[end if kind == "replace" else start :]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # now and then, bytes that are not UTF-8
        index = draw(st.integers(0, len(data)))
        data = data[:index] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80"])) + data[index:]
    return data


@CONTRACT
@given(mutated_specs(SPEC_TEXTS, FRAGMENTS))
@example(b"input: {shape: [4, 1]}\x00\nlayers: [{type: Dense, units: 1}]\n")
@example(b"dtype: [float32]\ninput: {shape: [4, 1]}\nlayers: [{type: Dense, units: 1}]\n")
@example(b"a: " + b"[" * 5000 + b"]" * 5000)
def test_mutated_specs_keep_the_contract(stdin):
    assert_contract(stdin)


# Random YAML documents, and documents shaped like specs

VOCABULARY = sorted(
    {
        "name",
        "dtype",
        "framework",
        "input",
        "layers",
        "shape",
        "batch_size",
        "type",
        "input_shape",
        "input_dim",
        "batch_input_shape",
        "input_length",
    }
    | {argument for layer in LAYER_TYPES.values() for argument in layer.arguments}
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-3, 300)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["LSTM", "gru", "Dense", "float16", "mixed_float16", "keras", "relu", "", "a/b", "<<", "="])
    | st.text(max_size=12)
)
KEYS = st.sampled_from(VOCABULARY) | SCALARS
YAML_DATA = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=30,
)


def dumped(data, flow_style) -> bytes:
    return yaml.safe_dump(data, default_flow_style=flow_style, allow_unicode=True, sort_keys=False).encode(
        "utf-8", "surrogatepass"
    )


@CONTRACT
@given(YAML_DATA, st.sampled_from([False, True, None]))
def test_random_yaml_keeps_the_contract(data, flow_style):
    assert_contract(dumped(data, flow_style))


GOOD_SIZES = st.integers(1, 40)
VALUES = {
    "units": GOOD_SIZES,
    "input_dim": GOOD_SIZES,
    "output_dim": GOOD_SIZES,
    "rate": st.floats(0, 1),
    "dropout": st.floats(0, 1),
    "recurrent_dropout": st.floats(0, 1),
}


LAYER_CLASSES = sorted(LAYER_TYPES.values(), key=lambda cls: cls.class_name)


@st.composite
def layers(draw) -> dict:
    layer_class = draw(st.sampled_from(LAYER_CLASSES))
    layer: dict = {"type": draw(st.sampled_from([layer_class.class_name, layer_class.class_name.lower()]))}
    arguments = layer_class.arguments
    chosen = [name for name, argument in arguments.items() if argument.required]
    chosen += draw(st.lists(st.sampled_from(sorted(arguments)), max_size=3, unique=True))
    for name in chosen:
        if draw(st.integers(0, 19)) == 0:
            layer[name] = draw(SCALARS)  # now and then, anything at all
        elif name in VALUES:
            layer[name] = draw(VALUES[name])
        elif arguments[name].default in (True, False):
            layer[name] = draw(st.booleans())
        elif name == "name":
            layer["name"] = draw(st.text(min_size=1, max_size=6))
        elif name == "dtype":
            layer["dtype"] = draw(st.sampled_from(["float32", "float16", "mixed_bfloat16", "int8"]))
    return layer


@st.composite
def spec_shaped(draw) -> dict:
    dims = GOOD_SIZES | st.none()
    spec: dict = {}
    if draw(st.booleans()):
        spec["name"] = draw(st.text(min_size=1, max_size=8))
    # Mostly (time_steps, features), which every layer kind takes.
    spec["input"] = {"shape": draw(st.lists(dims, min_size=2, max_size=2) | st.lists(dims, min_size=1, max_size=3))}
    if draw(st.booleans()):
        spec["input"]["batch_size"] = draw(GOOD_SIZES)
    spec["layers"] = draw(st.lists(layers(), min_size=1, max_size=6))
    return spec


@CONTRACT
@given(spec_shaped(), st.sampled_from([False, None]))
def test_spec_shaped_documents_keep_the_contract(spec, flow_style):
    assert_contract(dumped(spec, flow_style))


@CONTRACT
@given(st.binary(max_size=200))
def test_raw_bytes_keep_the_contract(stdin):
    assert_contract(stdin)


# Graph specs, mutated, through every view of a summary and through check

GRAPH_TEXTS = [
    (SPECS / "seq2seq.yaml").read_text(encoding="utf-8"),
    "inputs: {a: {shape: [4, 3]}, b: {shape: [4, 5]}}\n"
    "layers:\n"
    "  - {type: LSTM, units: 8, name: left, inputs: a, return_state: true}\n"
    "  - {type: GRU, units: 8, name: right, inputs: b}\n"
    "  - {type: Concatenate, name: both, inputs: [left[0], right]}\n"
    "  - {type: TimeDistributed, layer: {type: Dense, units: 2}, inputs: a}\n"
    "  - {shares: right, name: again, inputs: b}\n"
    "  - {type: Dense, units: 2, name: out, inputs: both}\n"
    "outputs: [out, again]\n"
    "budget: {max_params: 5000}\n",
]
GRAPH_FRAGMENTS = [
    *FRAGMENTS,
    *("inputs: ", "inputs: [", "outputs: [", "shares: ", "initial_state: [", "encoder", "encoder[1]", "[0]", "[9]"),
    *("left", "right[0]", "both", "Concatenate", "Add", "Attention", "Dot", "axes: 1", "Bidirectional"),
    *("TimeDistributed", "layer: {type: LSTM, units: 2}", "layer: ", "backward_layer: ", "merge_mode: sum"),
    *("budget: {max_params: 10}", "max_params: 1", "expect_params: 0", "framework: pytorch", "Flatten", "9" * 999),
]
CHECK_OUTPUT = re.compile(
    r"STATUS +SPEC .*\n\n[0-9]+ spec: [0-9]+ within budget, [0-9]+ over budget, [0-9]+ invalid\n", re.S
)


@CONTRACT
@given(mutated_specs(GRAPH_TEXTS, GRAPH_FRAGMENTS))
@example(GRAPH_TEXTS[1].replace("units: 8, name: left", "units: " + "9" * 999 + ", name: left").encode())
def test_mutated_graph_specs_keep_the_contract(stdin):
    assert_contract(stdin, views=(("--stats",), ("--stats", "--format", "json"), ("--compare",)))
    checked = invoke("check", "-", stdin=stdin)
    assert checked.exit_code in (0, 1, 2), (checked.exit_code, checked.stderr)
    assert checked.stderr == "" and CHECK_OUTPUT.fullmatch(checked.stdout), checked.stdout


# The readers: Keras model JSON, Keras code and .keras archives, mutated

KERAS_FIXTURES = ROOT / "tests" / "fixtures" / "keras"
KERAS_JSON_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(KERAS_FIXTURES.glob("*.json"))]
JSON_FRAGMENTS = [
    *("{", "}", "[", "]", ",", ":", '"', "\\", "null", "true", "NaN", "Infinity", "-1", "0", "1e999", "9" * 1001),
    *('"class_name": ', '"config": ', '"layers": []', '"Sequential"', '"Functional"', '"TimeDistributed"'),
    *('"layer": {}', '"layer": "x"', '"units": ', '"batch_shape": [null, 3]', '"dtype": {"config": {}}'),
    *("[" * 300, "\u0000", "\ud800", "\x00", "\ufeff"),
]
GESTURE_CODE = (SPECS / "gesture_classifier.py").read_text(encoding="utf-8")
#: The example code, and the same with the one value it needs --set for written in.
KERAS_CODE_TEXTS = [GESTURE_CODE, GESTURE_CODE.replace("actions.shape[0]", "3")]
CODE_FRAGMENTS = [
    *("(", ")", "[", "]", "{", "}", ",", "=", "*", "**", "+", "-", "/", "#", "'", '"', "\\", "\n", "    ", "\t"),
    *("Dense(", "LSTM(", "Sequential([", "model.add(", "Input(shape=(", "units=", "return_sequences=True", "None"),
    *("actions", "lambda: 4", "f(x)", "9" * 1001, "9" * 5000, "2 ** 64", "1 + " * 300, "(" * 250, "[" * 150),
    *("import os\nos.system('x')\n", "\x00", "日本"),
]


@CONTRACT
@given(mutated_specs(KERAS_JSON_TEXTS, JSON_FRAGMENTS))
@example(
    b'{"class_name": "Sequential", "config": {"layers": [{"class_name": "TimeDistributed", "config": {"layer": 3}}]}}'
)
def test_mutated_keras_json_keeps_the_contract(stdin):
    assert_contract(stdin, "keras-json")


@CONTRACT
@given(mutated_specs(KERAS_CODE_TEXTS, CODE_FRAGMENTS))
def test_mutated_keras_code_keeps_the_contract(stdin):
    assert_contract(stdin, "python")


ARCHIVES = [path.read_bytes() for path in sorted(KERAS_FIXTURES.glob("*.keras"))]


def archive_with_config(config: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", config)
        archive.writestr("model.weights.h5", b"")
    return buffer.getvalue()


@st.composite
def mutated_archives(draw) -> bytes:
    if draw(st.booleans()):  # an archive whose config.json is a mutated model config
        return archive_with_config(draw(mutated_specs(KERAS_JSON_TEXTS, JSON_FRAGMENTS)))
    data = bytearray(draw(st.sampled_from(ARCHIVES)))  # or a real archive with bytes flipped or cut
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(data) - 1))
        data[index] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))] if draw(st.integers(0, 4)) == 0 else data)


ARCHIVE_ERROR = re.compile(r"model\.keras(/config\.json)?:[1-9][0-9]*:[1-9][0-9]*: error: \S[^\n]*\n")


@CONTRACT
@given(mutated_archives())
def test_mutated_keras_archives_keep_the_contract(data):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "model.keras")
        with open(path, "wb") as handle:
            handle.write(data)
        result = RUNNER.invoke(main, ["summary", path, "--format", "json"], env=ENVIRONMENT, catch_exceptions=False)
        event(f"exit {result.exit_code}")
        assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
        if result.exit_code == 0:
            assert result.stderr == ""
            json.loads(result.stdout)
        else:
            assert_one_error_line(result, re.compile(re.escape(directory + os.sep) + ARCHIVE_ERROR.pattern))
