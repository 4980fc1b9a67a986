"""Defects of the Keras readers, found by review: explain and why on an RNN of cells (an internal error),
a class that makes itself in its own __init__ (a RecursionError), a call's mask tensor (missing from
Connected to) and a model input the outputs do not need (refused). The tables are Keras 3.15.1's own
(tests/golden/keras_reader_defects, from tests/oracle/test_keras_reader_defects_oracle.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.keras_reader_defects_cases import CODE, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "keras_reader_defects"
CELLS = ROOT / "tests" / "fixtures" / "rnn_cells"
LINE_LENGTH = "110"

#: An RNN of one cell, alone and in a Bidirectional, and of stacked cells (Keras 3.15.1: 384, 416, 306).
CELL_SPEC = """\
name: more
inputs:
  x: {shape: [null, 3]}
layers:
  - {name: one, type: RNN, cell: {type: LSTMCell, units: 8}, return_sequences: true}
  - {name: bi, type: Bidirectional, layer: {type: RNN, cell: {type: LSTMCell, units: 4}, return_sequences: true}}
  - name: stacked
    type: RNN
    cell: {type: StackedRNNCells, cells: [{type: GRUCell, units: 6}, {type: SimpleRNNCell, units: 2}]}
"""


def _written(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. explain and why on RNN(cell) ---------------------------------------------------------


@pytest.mark.parametrize("fixture", ["cells.yaml", "cells.json", "cells.keras"])
def test_explain_an_rnn_of_stacked_cells_in_a_bidirectional(run, fixture: str) -> None:
    result = run("explain", str(CELLS / fixture))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == [
        "summary (Bidirectional): 100 params",
        "Bidirectional(RNN) params = 2 × units × (input_dim + units + 1) = 2 × 5 × (4 + 5 + 1) = 100",
    ]


@pytest.mark.parametrize(
    ("layer", "got", "code", "first"),
    [
        ("encoder", 552, 0, "552 is right: `encoder` (RNN) has 552 parameters."),
        ("encoder", 10, 1, "`encoder` (RNN) has 552 parameters, not 10."),
        ("summary", 100, 0, "100 is right: `summary` (Bidirectional(RNN)) has 100 parameters."),
        ("summary", 50, 0, "`summary` (Bidirectional(RNN)) has 100 parameters, not 50."),
    ],
)
def test_why_on_every_layer_of_the_cells_fixture(run, layer: str, got: int, code: int, first: str) -> None:
    result = run("why", str(CELLS / "cells.yaml"), "--layer", layer, "--got", str(got))
    assert (result.exit_code, result.stderr) == (code, "")
    assert result.stdout.splitlines()[0] == first


def test_the_formula_of_stacked_cells_names_each_cells_units(run) -> None:
    result = run("why", str(CELLS / "cells.yaml"), "--layer", "encoder", "--got", "10", "--format", "json")
    right = json.loads(result.stdout)["right"]
    assert (right["formula"], right["substituted"], json.loads(result.stdout)["params"]) == (
        "4 × units_1 × (input_dim + units_1 + 1) + 3 × units_2 × (units_1 + units_2 + 2)",
        "4 × 8 × (3 + 8 + 1) + 3 × 4 × (8 + 4 + 2)",
        552,
    )


def test_explain_an_rnn_of_one_cell_explains_its_layer(run, tmp_path: Path) -> None:
    result = run("explain", str(_written(tmp_path, CELL_SPEC, "cells.yaml")))
    assert (result.exit_code, result.stderr) == (0, "")
    headers = [line for line in result.stdout.splitlines() if " params" in line and ("(" in line[:12] or "=" in line)]
    assert headers[:4] == [
        "one (RNN): 384 params",
        "LSTM params = 4 × units × (input_dim + units + 1) = 4 × 8 × (3 + 8 + 1) = 384",
        "bi (Bidirectional): 416 params",
        "Bidirectional(RNN) params = 2 × 4 × units × (input_dim + units + 1) = 2 × 4 × 4 × (8 + 4 + 1) = 416",
    ]
    assert "stacked (RNN)" not in result.stdout  # stacked cells have no one cell to draw


@pytest.mark.parametrize(("layer", "count"), [("one", 384), ("bi", 416), ("stacked", 306)])
def test_why_on_rnns_of_cells(run, tmp_path: Path, layer: str, count: int) -> None:
    result = run("why", str(_written(tmp_path, CELL_SPEC, "cells.yaml")), "--layer", layer, "--got", str(count))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{count} is right: `{layer}`")


# -- 2. a class that makes itself ------------------------------------------------------------

MODEL_MAKING = """import keras
from keras import layers


class M(keras.Model):
    def __init__(self):
        super().__init__()
        {making}
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x)


model = M()
model.build((None, 4))
"""

MUTUAL = """import keras
from keras import layers


class A(keras.Model):
    def __init__(self):
        super().__init__()
        self.b = B()
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x)


class B(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = A()

    def call(self, x):
        return self.a(x)


model = A()
model.build((None, 4))
"""

LAYER_MAKING = """import keras
from keras import layers


class Block(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.inner = Block(units)
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)


inputs = keras.Input((4,))
model = keras.Model(inputs, Block(3)(inputs))
"""

ENDLESS = "it builds itself without end, which Python never finishes (it stops with RecursionError)"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            MODEL_MAKING.format(making="self.inner = M()"),
            f"model.py:8:22: error: 'M' is made again while its own __init__ runs (M → M): {ENDLESS}; make the "
            "inner object of another class",
        ),
        (
            MUTUAL,
            f"model.py:18:18: error: 'A' is made again while its own __init__ runs (A → B → A): {ENDLESS}; make "
            "the inner object of another class",
        ),
        (
            MODEL_MAKING.format(making="if True:\n            self.inner = M()"),
            "model.py:9:26: error: 'M' is made again while its own __init__ runs (M → M), under a condition or in "
            "an expression lstmcalc does not follow to its end; it reads classes that make no instance of themselves",
        ),
        (
            LAYER_MAKING,
            "model.py:16:29: error: custom layer 'Block' defined at line 5 makes another Block in its own __init__ "
            f"(line 8): {ENDLESS}",
        ),
    ],
    ids=["model_makes_itself", "two_models_make_each_other", "under_a_condition", "custom_layer_makes_itself"],
)
def test_a_class_that_makes_itself_is_refused_at_the_call(run, tmp_path: Path, code: str, message: str) -> None:
    result = run("summary", str(_written(tmp_path, code)))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", str(tmp_path / message) + "\n")


# -- 3 and 4. a call's mask, an input the outputs do not need ---------------------------------


def _table(run, path: Path) -> str:
    result = run("summary", str(path), "--line-length", LINE_LENGTH)
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_code_is_summarised_as_keras_summarises_it(run, tmp_path: Path, name: str) -> None:
    assert _table(run, _written(tmp_path, CODE[name])) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["mask_from_another_input", "operations_on_two_tensors", "unused_input", "unused_inputs_around_a_used_one"]
)
def test_keras_json_is_summarised_as_keras_summarises_it(run, name: str) -> None:
    path = ROOT / "tests" / "fixtures" / "keras" / f"{name}.json"
    assert _table(run, path) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_converted_graph_spec_keeps_the_mask_and_the_inputs(run, tmp_path: Path, name: str) -> None:
    converted = run("convert", str(_written(tmp_path, CODE[name])))
    assert converted.exit_code == 0
    spec = _written(tmp_path, converted.stdout, "model.yaml")
    assert _table(run, spec) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


def test_an_operations_mask_is_a_row_and_in_connected_to(run) -> None:
    # Embedding(mask_zero=True)'s mask comes from a not_equal operation, which Keras's summary lists as a
    # row, and as the LSTM's mask in its Connected to (tests/test_keras_masks.py has Keras's tables).
    result = run("summary", str(ROOT / "tests" / "fixtures" / "keras" / "masked.json"), "--format", "json")
    rows = json.loads(result.stdout)["layers"]
    assert [row["name"] for row in rows] == ["tokens", "embedding", "not_equal", "lstm", "dense"]
    assert rows[3]["inbound"] == ["embedding[0][0]", "not_equal[0][0]"]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_mask_keras_refuses_is_refused(run, tmp_path: Path, name: str) -> None:
    code, where, message = REFUSED[name]
    result = run("summary", str(_written(tmp_path, code)))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"{tmp_path / 'model.py'}:{where}: error: {message}\n",
    )


def test_a_graph_spec_gives_the_mask_by_name(run, tmp_path: Path) -> None:
    spec = """\
name: functional
inputs:
  tokens: {shape: [5]}
  m: {shape: [5], dtype: bool}
layers:
  - {type: Embedding, input_dim: 20, output_dim: 4, inputs: tokens}
  - {type: LSTM, units: 8, mask: m}
"""
    path = _written(tmp_path, spec, "model.yaml")
    assert _table(run, path) == (GOLDEN / "mask_from_another_input.table.out").read_text(encoding="utf-8")


def test_a_graph_spec_lists_an_unused_input(run, tmp_path: Path) -> None:
    spec = "inputs: {a: {shape: [3]}, b: {shape: [4]}}\nlayers:\n  - {type: Dense, units: 2, inputs: a}\n"
    path = _written(tmp_path, spec, "model.yaml")
    assert _table(run, path) == (GOLDEN / "unused_input.table.out").read_text(encoding="utf-8")


#: Cases export writes as Keras code: a Lambda's function is code lstmcalc never reads, so it refuses that one.
EXPORTED = sorted(set(CODE) - {"mask_from_a_layer"})


@pytest.mark.parametrize("name", EXPORTED)
def test_exported_keras_code_keeps_the_mask_and_the_inputs(run, tmp_path: Path, name: str) -> None:
    exported = run("export", str(_written(tmp_path, CODE[name])), "--to", "keras")
    assert exported.exit_code == 0, exported.stderr
    code = _written(tmp_path, exported.stdout, "exported.py")
    assert _table(run, code) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


def test_a_mask_under_the_pytorch_convention_is_refused_as_keras_only(run, tmp_path: Path) -> None:
    path = _written(tmp_path, CODE["mask_from_another_input"])
    result = run("summary", str(path), "--framework", "pytorch")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "error: 'mask' is a Keras call's; a torch.nn module's forward takes no mask (drop the key for PyTorch)\n"
    )


def test_a_keras_operation_in_json_is_not_called_the_user_s_class(run, tmp_path):
    # keras.ops.transpose(x) in functional code is Keras's Transpose operation, which Keras 3.15.1 writes with its
    # own module and a registered_name (as GetItem, x[:, -1]): it was refused as "the user's own class, not Keras's".
    operation = {
        "module": "keras.src.ops.numpy",
        "class_name": "Transpose",
        "config": {"name": "transpose"},
        "registered_name": "Transpose",
        "name": "transpose",
        "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["lstm", 0, 0]}}]}],
    }
    model = {
        "module": "keras.src.models.functional",
        "class_name": "Functional",
        "config": {
            "name": "m",
            "layers": [
                {
                    "module": "keras.layers",
                    "class_name": "InputLayer",
                    "config": {"batch_shape": [None, 5, 3], "dtype": "float32", "name": "input_layer"},
                    "name": "input_layer",
                    "inbound_nodes": [],
                },
                {
                    "module": "keras.layers",
                    "class_name": "LSTM",
                    "config": {"name": "lstm", "units": 4, "return_sequences": True},
                    "name": "lstm",
                    "inbound_nodes": [
                        {
                            "args": [
                                {"class_name": "__keras_tensor__", "config": {"keras_history": ["input_layer", 0, 0]}}
                            ]
                        }
                    ],
                },
                operation,
            ],
            "input_layers": [["input_layer", 0, 0]],
            "output_layers": [["transpose", 0, 0]],
        },
    }
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "the model uses 1 layer lstmcalc does not support: Transpose ('transpose')" in result.stderr
    assert "the user's own class" not in result.stderr


def test_a_lambda_whose_slice_is_empty_says_so(run, tmp_path: Path) -> None:
    # x[:, 8:2] keeps no step: Keras builds (None, 0, 6); lstmcalc refused it with a message about an
    # output_shape the code never gave.
    code = (
        "import keras\nfrom keras import layers\n\ninp = keras.Input(shape=(10, 6))\n"
        "a = layers.Lambda(lambda x: x[:, 8:2])(inp)\nmodel = keras.Model(inp, layers.Dense(2)(a))\n"
    )
    path = _written(tmp_path, code)
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:5:19: error: Lambda argument 'output_shape': has an axis of size 0 (as an empty slice gives), "
        "which Keras keeps but lstmcalc does not read\n"
    )
