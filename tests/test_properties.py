"""Whatever it is given, ``lstmcalc summary`` keeps its contract (property-based, with hypothesis).

The contract: exit 0 with output that parses (JSON) or renders (table, Markdown) and
nothing on stderr; or exit 2 with nothing on stdout and exactly one printable
``<stdin>:LINE:COLUMN: error: MESSAGE`` line on stderr. Never exit 3 (a bug), never a
traceback. Inputs: the example specs mutated at random, random YAML documents, spec-
shaped documents with good and bad values, and raw bytes.

``LSTMCALC_PROPERTY_EXAMPLES`` sets the examples per test (default 1,000, which keeps
the file under 20 seconds in CI); raise it for a longer search, e.g. 100000.
"""

from __future__ import annotations

import json
import os
import re

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from lstm_calc.api import summarize_text
from lstm_calc.cli import main
from lstm_calc.layers import LAYER_TYPES
from tests.conftest import SPECS
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
    return RUNNER.invoke(main, ["summary", "-", *options], input=stdin, env=ENVIRONMENT, catch_exceptions=False)


def assert_contract(stdin: bytes) -> None:
    result = summary(stdin, "--format", "json")
    event(f"exit {result.exit_code}")
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert result.stdout == ""
        assert ERROR_LINE.fullmatch(result.stderr), result.stderr
        assert result.stderr[:-1].isprintable(), result.stderr
        return
    assert result.stderr == ""
    json.loads(result.stdout)
    # The streamed document is the reference one, and the command prints what the library computes.
    assert result.stdout == reference_json(summarize_text(stdin.decode("utf-8-sig")))
    for output_format in ("table", "markdown"):
        rendered = summary(stdin, "--format", output_format)
        assert (rendered.exit_code, rendered.stderr) == (0, ""), rendered.stderr
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
def mutated_specs(draw) -> bytes:
    text = draw(st.sampled_from(SPEC_TEXTS))
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
            fragment = draw(st.sampled_from(FRAGMENTS)) if kind != "random text" else draw(st.text(max_size=8))
            text = text[:start] + fragment + text[end if kind == "replace" else start:]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # now and then, bytes that are not UTF-8
        index = draw(st.integers(0, len(data)))
        data = data[:index] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80"])) + data[index:]
    return data


@CONTRACT
@given(mutated_specs())
@example(b"input: {shape: [4, 1]}\x00\nlayers: [{type: Dense, units: 1}]\n")
@example("dtype: [float32]\ninput: {shape: [4, 1]}\nlayers: [{type: Dense, units: 1}]\n".encode())
@example(b"a: " + b"[" * 5000 + b"]" * 5000)
def test_mutated_specs_keep_the_contract(stdin):
    assert_contract(stdin)


# Random YAML documents, and documents shaped like specs

VOCABULARY = sorted(
    {"name", "dtype", "framework", "input", "layers", "shape", "batch_size", "type", "input_shape", "input_dim",
     "batch_input_shape", "input_length"}
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
