"""``lstmcalc schema`` and the spec checker agree: what one accepts the other accepts.

The schema cannot see shapes (an LSTM needs a 3-D input), so the invalid specs here
are the ones a schema can describe: unknown keys and types, wrong values, missing
or doubled keys, and options of the other framework.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from lstm_calc.layers import LAYER_TYPES
from lstm_calc.schema import render_schema, spec_schema
from lstm_calc.spec_budget import BUDGET_ARGUMENTS
from tests.conftest import ROOT, SPECS

VALIDATOR = jsonschema.Draft202012Validator(spec_schema())
SCHEMA_FILE = ROOT / "schema" / "lstmcalc-spec.schema.json"

#: Valid specs beyond specs/*.yaml: every layer kind, both conventions, every way to give the input.
VALID = {
    "num_layers_at_the_bound": "framework: pytorch\ninput: {shape: [5, 4]}\nlayers:\n"
    "  - {type: LSTM, hidden_size: 2, num_layers: 1000}\n",
    "every_keras_layer": """
        input: {shape: [20, 3], batch_size: 2}
        layers:
          - {type: Masking, mask_value: 0.0}
          - {type: Conv1D, filters: 6, kernel_size: 3, padding: causal}
          - {type: MaxPooling1D}
          - {type: averagepooling1d, pool_size: 2, padding: same}
          - {type: BatchNormalization, center: false}
          - {type: LayerNormalization, axis: [1, 2]}
          - {type: SpatialDropout1D, rate: 0.1}
          - {type: Bidirectional, layer: {type: LSTM, units: 4, return_sequences: true}, merge_mode: ave}
          - {type: TimeDistributed, layer: {type: Dense, units: 3}}
          - {type: GRU, units: 2, return_sequences: true, stateful: true, max_params: 1000}
          - {type: GlobalAveragePooling1D, keepdims: true}
          - {type: Flatten}
          - {type: RepeatVector, n: 2}
          - {type: Permute, dims: [2, 1]}
          - {type: Reshape, target_shape: [-1, 2]}
          - {type: Activation, activation: relu}
          - {type: SimpleRNN, units: 3, dtype: mixed_float16}
        budget: {max_params: 10000, max_param_bytes: 1.5 MiB}
    """,
    "pytorch": """
        framework: pytorch
        input: {shape: [null, 8]}
        layers:
          - {type: LSTM, hidden_size: 16, num_layers: 2, bidirectional: true, proj_size: 4, batch_first: true}
          - {type: Linear, out_features: 3, bias: false}
    """,
    "embedding_input_length": "layers:\n  - {type: Embedding, input_dim: 9, output_dim: 2, input_length: 4}\n",
    "input_dim_habit": "layers:\n  - {type: Dense, units: 2, input_dim: 4}\n",
    "batch_input_shape": "layers:\n  - {type: LSTM, units: 2, batch_input_shape: [1, 1, 1], stateful: true}\n",
    "keras2_input_dim_and_length": "layers:\n  - {type: LSTM, units: 2, input_dim: 3, input_length: 4}\n",
    "keras2_input_dim_any_length": "layers:\n  - {type: GRU, units: 2, input_dim: 3, input_length: null}\n",
    "graph_with_a_shared_layer": """
        inputs: {a: {shape: [4]}, b: {shape: [4]}}
        layers:
          - {name: project, type: Dense, units: 2, inputs: a}
          - {name: project_b, shares: project, inputs: b}
          - {type: Add, inputs: [project, project_b]}
        outputs: [add]
    """,
    "graph_with_summary_rows": """
        inputs: {x: {shape: [4, 2]}}
        layers:
          - {name: lstm, type: LSTM, units: 3, return_sequences: true}
          - {name: skip, type: Dense, units: 3}
          - {name: sum, type: Add, inputs: [lstm, skip]}
        summary_rows: [skip, lstm]
    """,
}
INVALID = {
    "unknown_top_level_key": "input: {shape: [4]}\nlayer: []\nlayers: [{type: Dense, units: 1}]\n",
    "no_layers": "input: {shape: [4]}\n",
    "empty_layers": "input: {shape: [4]}\nlayers: []\n",
    "no_input": "layers:\n  - {type: Dense, units: 1}\n",
    "input_twice": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: 1, input_shape: [4, 2]}\n",
    "input_key_on_a_later_layer": "input: {shape: [4]}\nlayers:\n  - {type: Dense, units: 1}\n"
    "  - {type: Dense, units: 1, input_shape: [1]}\n",
    "batch_size_without_input_shape": "layers:\n  - {type: Embedding, input_dim: 3, output_dim: 1, batch_size: 2, "
    "input_length: 3}\n",
    "unknown_type": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTMM, units: 1}\n",
    "no_type": "input: {shape: [4, 2]}\nlayers:\n  - {units: 1}\n",
    "unknown_argument": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, unit: 1}\n",
    "missing_argument": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM}\n",
    "units_zero": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: 0}\n",
    "units_string": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: '64'}\n",
    "boolean_as_string": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: 1, return_sequences: 'yes'}\n",
    "rate_above_one": "input: {shape: [4]}\nlayers:\n  - {type: Dropout, rate: 1.5}\n",
    "bad_enum": "input: {shape: [4, 2]}\nlayers:\n  - {type: Conv1D, filters: 1, kernel_size: 1, padding: full}\n",
    "two_spellings": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: 1, hidden_size: 1}\n",
    "pytorch_option_under_keras": "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: 1, num_layers: 2}\n",
    "keras_option_under_pytorch": "framework: pytorch\ninput: {shape: [4, 2]}\nlayers:\n"
    "  - {type: LSTM, units: 1, stateful: true}\n",
    "keras_only_layer_under_pytorch": "framework: pytorch\ninput: {shape: [3]}\nlayers:\n"
    "  - {type: RepeatVector, n: 2}\n",
    "bad_nested_layer": "input: {shape: [4, 2]}\nlayers:\n  - {type: Bidirectional, layer: {type: LSTM, unit: 1}}\n",
    "bad_dtype": "dtype: float8\ninput: {shape: [4]}\nlayers:\n  - {type: Dense, units: 1}\n",
    "negative_size": "input: {shape: [-4]}\nlayers:\n  - {type: Dense, units: 1}\n",
    "name_with_slash": "name: a/b\ninput: {shape: [4]}\nlayers:\n  - {type: Dense, units: 1}\n",
    "unknown_budget_key": "input: {shape: [4]}\nlayers:\n  - {type: Dense, units: 1}\nbudget: {max_parms: 3}\n",
    "ambiguous_size_unit": "input: {shape: [4]}\nlayers:\n  - {type: Dense, units: 1}\n"
    "budget: {max_param_bytes: 2 KB}\n",
    "two_minus_ones": "input: {shape: [4]}\nlayers:\n  - {type: Reshape, target_shape: [-1, -1]}\n",
    "shares_entry_with_arguments": "inputs: {a: {shape: [4]}, b: {shape: [4]}}\nlayers:\n"
    "  - {type: Dense, units: 2, inputs: a}\n"
    "  - {name: again, shares: dense, inputs: b, units: 3}\n"
    "outputs: [dense, again]\n",
    "input_length_without_input_dim": "layers:\n  - {type: LSTM, units: 2, input_length: 4}\n",
    "input_length_on_a_dense": "layers:\n  - {type: Dense, units: 2, input_dim: 3, input_length: 4}\n",
    "summary_rows_on_a_stack": "input: {shape: [4]}\nlayers:\n  - {type: Dense, units: 1}\nsummary_rows: [dense]\n",
    "summary_rows_empty": "inputs: {a: {shape: [4]}}\nlayers:\n  - {type: Dense, units: 1}\nsummary_rows: []\n",
    "summary_rows_twice": "inputs: {a: {shape: [4]}}\nlayers:\n  - {type: Dense, units: 1}\n"
    "summary_rows: [dense, dense]\n",
    "summary_rows_not_names": "inputs: {a: {shape: [4]}}\nlayers:\n  - {type: Dense, units: 1}\nsummary_rows: dense\n",
    "num_layers_over_the_bound": "framework: pytorch\ninput: {shape: [5, 4]}\nlayers:\n"
    "  - {type: LSTM, hidden_size: 2, num_layers: 1001}\n",
}


def _errors(text: str) -> list:
    return list(VALIDATOR.iter_errors(yaml.safe_load(text)))


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(spec_schema())


def test_committed_schema_file_is_current(run):
    """schema/lstmcalc-spec.schema.json is what `lstmcalc schema` prints (rewrite it with -o)."""
    assert run("schema").stdout == render_schema() == SCHEMA_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(SPECS.glob("*.yaml")), ids=lambda path: path.name)
def test_every_example_spec_validates(path):
    assert _errors(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("case", sorted(VALID))
def test_specs_lstmcalc_accepts_validate(run, case):
    text = VALID[case]
    assert run("summary", "-", stdin=text).exit_code == 0
    assert [error.message for error in _errors(text)] == []


@pytest.mark.parametrize("case", sorted(INVALID))
def test_specs_lstmcalc_refuses_fail_the_schema(run, case):
    text = INVALID[case]
    result = run("summary", "-", stdin=text)
    assert result.exit_code == 2, result.stdout
    assert _errors(text), "the schema accepts a spec lstmcalc refuses"


def test_converted_keras_files_validate(run):
    unreadable = ("nested_models.json", "unsupported_layers.json", "frozen_model_trainable_argument.json")
    for path in sorted((ROOT / "tests" / "fixtures" / "keras").glob("*.json")):
        if path.name in unreadable:
            continue
        converted = run("convert", str(path))
        assert converted.exit_code == 0, converted.stderr
        assert _errors(converted.stdout) == [], path.name


def test_every_check_declares_its_schema():
    arguments = [argument for cls in set(LAYER_TYPES.values()) for argument in cls.arguments.values()]
    for argument in [*arguments, *BUDGET_ARGUMENTS.values()]:
        assert isinstance(getattr(argument.check, "json_schema", None), dict), argument.name


def test_every_layer_type_and_spelling_is_in_the_schema():
    text = json.dumps(spec_schema())
    for cls in set(LAYER_TYPES.values()):
        assert json.dumps(cls.class_name) in text
        if cls.torch_class_name:
            assert json.dumps(cls.torch_class_name) in text
