"""Keras's Lambda (issue 14, item 5): code lstmcalc never reads or runs, sized by its output_shape.

The fixtures under tests/fixtures/lambda/ were written by Keras 3.15.1 (backend torch) itself:
``model.to_json(indent=1)`` and ``model.save`` of ``keras.Sequential([keras.Input((5, 8)),
LSTM(8, return_sequences=True), Lambda(lambda x: x[:, -1], output_shape=(8,)), Dense(2)])``
(``last_step``), of the same without ``output_shape`` (``no_output_shape``, which Keras sizes by
tracing the function) and of a Lambda whose ``output_shape`` is itself a lambda
(``callable_output_shape``). The summary text below is that model's ``model.summary()``;
tests/oracle/test_lambda_oracle.py re-checks every number against a live Keras.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from lstm_calc.api import summarize_file
from lstm_calc.graph import infer
from lstm_calc.schema import spec_schema
from lstm_calc.spec_mapping import model_from_mapping
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "lambda"

LAST_STEP = """\
input: {shape: [5, 8]}
layers:
  - {type: LSTM, units: 8, return_sequences: true}
  - {type: Lambda, output_shape: [8]}
  - {type: Dense, units: 2}
"""

# Keras 3.15.1, COLUMNS=80: model.summary() of the last_step model (Keras ends it with one more empty line).
LAST_STEP_SUMMARY = """\
Model: "{name}"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ lstm (LSTM)                     │ (None, 5, 8)           │           544 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ lambda (Lambda)                 │ (None, 8)              │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 2)              │            18 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 562 (2.20 KB)
 Trainable params: 562 (2.20 KB)
 Non-trainable params: 0 (0.00 B)
"""


def test_a_spec_gives_the_output_shape(run):
    result = run("summary", "-", stdin=LAST_STEP)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == LAST_STEP_SUMMARY.format(name="sequential")


@pytest.mark.parametrize("fixture", ["last_step.json", "last_step.keras"])
def test_keras_files_use_their_output_shape_and_never_the_function(run, fixture):
    result = run("summary", str(FIXTURES / fixture))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == LAST_STEP_SUMMARY.format(name="last_step")


KERAS_FILE_REFUSALS = {
    # No output_shape: Keras traces the function, which lstmcalc never runs; the error points at the layer.
    "no_output_shape.json": ":103:4: error: layer 'lambda' (Lambda) has no output_shape, and lstmcalc never runs a "
    "Lambda's function; give the shape it returns for its input (None, 5, 8), without the batch axis: "
    "output_shape: [8] in a spec, Lambda(..., output_shape=(8,)) in Keras",
    # output_shape written as a serialized function: refused at its value.
    "callable_output_shape.json": ":55:22: error: Lambda argument 'output_shape': expected the output shape "
    "itself, without the batch axis (e.g. [8]), got a function of the input shape, which is code lstmcalc does "
    "not run",
}


@pytest.mark.parametrize("fixture", sorted(KERAS_FILE_REFUSALS))
def test_a_keras_file_without_a_usable_output_shape_is_refused_where_it_says_so(run, fixture):
    result = run("summary", str(FIXTURES / fixture))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{FIXTURES / fixture}{KERAS_FILE_REFUSALS[fixture]}\n"


SPEC_REFUSALS = [
    (
        "{type: Lambda}",
        "<stdin>:3:5: error: layer 'lambda' (Lambda) has no output_shape, and lstmcalc never runs a Lambda's "
        "function; give the shape it returns for its input (None, 5, 8), without the batch axis: output_shape: [8] "
        "in a spec, Lambda(..., output_shape=(8,)) in Keras",
    ),
    (
        # Keras's Lambda takes a tuple: an int fails ("can only concatenate tuple (not "int") to tuple").
        "{type: Lambda, output_shape: 8}",
        "<stdin>:3:34: error: Lambda argument 'output_shape': expected the output shape without the batch axis, as "
        "a list of sizes such as [8] (or a list of such lists for several outputs), got 8",
    ),
    (
        "{type: Lambda, output_shape: [8, 0]}",
        "<stdin>:3:34: error: Lambda argument 'output_shape': has an axis of size 0 (as an empty slice gives), "
        "which Keras keeps but lstmcalc does not read",
    ),
]


@pytest.mark.parametrize(("layer", "message"), SPEC_REFUSALS, ids=["missing", "an_integer", "a_zero"])
def test_a_spec_without_a_usable_output_shape_is_refused(run, layer, message):
    result = run("summary", "-", stdin=f"input: {{shape: [5, 8]}}\nlayers:\n  - {layer}\n")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def _rows(spec_text: str) -> list[tuple]:
    summary = infer(model_from_mapping(yaml.safe_load(spec_text)))
    return [(row.name, row.output_shape, row.params) for row in summary.layers]


def test_unknown_sizes_and_several_outputs():
    """Keras 3.15.1: output_shape=(None, 8) gives (None, None, 8); [(5, 8), (None, 8)] gives two outputs."""
    spec = (
        "input: {shape: [5, 8], batch_size: 3}\n"
        "layers:\n"
        "  - {type: Lambda, name: pad, function: 'lambda x: x', output_shape: [null, 8]}\n"
        "  - {type: Lambda, output_shape: [[5, 8], [null, 8]]}\n"
    )
    assert _rows(spec) == [("pad", (3, None, 8), 0), ("lambda", [(3, 5, 8), (3, None, 8)], 0)]


def test_converting_a_keras_file_keeps_the_output_shape_and_drops_the_function(run):
    result = run("convert", str(FIXTURES / "last_step.json"))
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(result.stdout)["layers"][1] == {"type": "Lambda", "output_shape": [8]}


def test_keras_code_is_read_without_running_the_lambda(tmp_path):
    code = tmp_path / "model.py"
    code.write_text(
        "import keras\nfrom keras import layers\n\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(5, 8)),\n"
        "    layers.LSTM(8, return_sequences=True),\n"
        "    layers.Lambda(lambda x: x[:, -1], output_shape=(8,)),\n"
        "    layers.Dense(2),\n"
        "])\n",
        encoding="utf-8",
    )
    summary = summarize_file(str(code))
    assert [(row.name, row.output_shape, row.params) for row in summary.layers] == [
        ("lstm", (None, 5, 8), 544),
        ("lambda", (None, 8), 0),
        ("dense", (None, 2), 18),
    ]


def test_export_to_keras_refuses_a_lambda_at_its_line(run):
    result = run("export", "-", "--to", "keras", stdin=LAST_STEP)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "<stdin>:4:5: error: layer 'lambda' (Lambda) is code: lstmcalc never reads its function, so it cannot "
        "write it as Keras code; export the model without it, or write the Lambda into the exported file by hand\n"
    )


def test_the_pytorch_convention_has_no_lambda(run):
    spec = "framework: pytorch\ninput: {shape: [5, 8]}\nlayers: [{type: Lambda, output_shape: [8]}]\n"
    result = run("summary", "-", stdin=spec)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Lambda is a Keras layer with no torch.nn counterpart, so the PyTorch convention" in result.stderr


def test_no_weights_no_macs_and_no_torch_counterpart(run):
    result = run("summary", "-", "--compare", stdin=LAST_STEP)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[4:6] == [
        "lambda (Lambda)      0        0     0  no torch.nn counterpart in lstmcalc's",
        "                                       PyTorch convention (it has no weights)",
    ]
    stats = json.loads(run("summary", "-", "--stats", "--format", "json", stdin=LAST_STEP).stdout)
    lambda_row = stats["layers"][1]
    assert (lambda_row["name"], lambda_row["params"], lambda_row["macs"]) == (
        "lambda",
        0,
        {"fixed": 0, "per_time_step": 0},
    )


VALIDATOR = jsonschema.Draft202012Validator(spec_schema())


@pytest.mark.parametrize("output_shape", [[8], [None, 8], [], [[5, 8], [None, 8]]], ids=str)
def test_the_schema_accepts_keras_forms(output_shape):
    spec = {"input": {"shape": [5, 8]}, "layers": [{"type": "Lambda", "output_shape": output_shape}]}
    assert list(VALIDATOR.iter_errors(spec)) == []


@pytest.mark.parametrize("output_shape", [8, [8, 0], [[8], 8], "8"], ids=str)
def test_the_schema_refuses_other_forms(output_shape):
    spec = {"input": {"shape": [5, 8]}, "layers": [{"type": "Lambda", "output_shape": output_shape}]}
    assert not VALIDATOR.is_valid(spec)
