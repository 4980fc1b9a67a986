"""Keras's RNN layer over cells (LSTMCell, GRUCell, SimpleRNNCell, StackedRNNCells) against a live Keras 3.

The hand-written models of tests/rnn_cells_cases.py (whose numbers test_rnn_cells.py pins), seeded
random stacks and seeded random graphs are built by Keras and by lstmcalc: every layer's name,
type, output shapes (flat, as Keras numbers a stacked RNN's states), count, and weights (their
path inside the layer, ``stacked_rnn_cells/gru_cell/bias``, shape and trainability) agree, and so
does the whole ``model.summary()`` text of the stacks; what Keras refuses to build, lstmcalc
refuses with exit 2. The models also go through Keras's JSON and ``.keras`` files and lstmcalc's
``export --to keras`` and ``--to pytorch``.
"""

from __future__ import annotations

import random
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import yaml  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from lstm_calc.api import summarize_file  # noqa: E402
from lstm_calc.cli import main  # noqa: E402
from lstm_calc.graph import infer  # noqa: E402
from lstm_calc.spec_mapping import model_from_mapping  # noqa: E402
from tests.oracle.sequential_side import COLUMNS, keras_summary_text, run_summary  # noqa: E402
from tests.oracle.sequential_side import lstmcalc_rows as sequential_rows  # noqa: E402
from tests.rnn_cells_cases import MODELS, REFUSED, gru_cell, lstm_cell, simple_cell  # noqa: E402

pytestmark = pytest.mark.oracle

#: Keys of a spec entry that hold layers (or cells), built before the layer that takes them.
NESTED = ("layer", "backward_layer", "cell", "cells")
#: Keys of a graph spec's layer that connect it, not Keras arguments.
CONNECTIONS = ("inputs", "initial_state")


@pytest.fixture(autouse=True)
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keras sizes its summary from COLUMNS, as lstmcalc does."""
    monkeypatch.setenv("COLUMNS", COLUMNS)
    monkeypatch.delenv("LINES", raising=False)


# -- spec -> Keras ------------------------------------------------------------------------------


def keras_object(entry: Any) -> Any:
    """A Keras layer or cell (or a list of them) from a spec entry; nested ones are made first, as Python does."""
    if isinstance(entry, list):
        return [keras_object(item) for item in entry]
    options = {key: value for key, value in entry.items() if key not in ("type", *CONNECTIONS)}
    for key in NESTED:
        if key in options:
            options[key] = keras_object(options[key])
    return getattr(keras.layers, entry["type"])(**options)


def _input(block: dict[str, Any], name: str | None = None) -> Any:
    return keras.Input(shape=tuple(block["shape"]), batch_size=block.get("batch_size"), name=name)


def _tensor(outputs: dict[str, list[Any]], reference: str) -> Any:
    name, _, index = reference.partition("[")
    tensors = outputs[name]
    return tensors[int(index.rstrip("]"))] if index else (tensors[0] if len(tensors) == 1 else tensors)


def keras_model(spec: dict[str, Any]) -> Any:
    """The spec built by Keras in a fresh session, so automatic names start again: a Sequential, or a
    functional model for a graph spec (a reference ``name[i]`` is the i-th of its flat outputs)."""
    keras.utils.clear_session(free_memory=False)
    if "inputs" not in spec:
        return keras.Sequential([_input(spec["input"]), *[keras_object(entry) for entry in spec["layers"]]])
    outputs = {name: [_input(block, name)] for name, block in spec["inputs"].items()}
    for entry in spec["layers"]:
        layer = keras_object(entry)
        options = {}
        if "initial_state" in entry:
            options["initial_state"] = [_tensor(outputs, reference) for reference in entry["initial_state"]]
        outputs[entry["name"]] = keras.tree.flatten(layer(_tensor(outputs, entry["inputs"]), **options))
    model_inputs = [outputs[name][0] for name in spec["inputs"]]
    return keras.Model(model_inputs, [_tensor(outputs, reference) for reference in spec["outputs"]])


def keras_refuses(spec: dict[str, Any]) -> bool:
    try:
        keras_model(spec)
    except Exception:  # noqa: BLE001 - any refusal by Keras counts
        return True
    return False


# -- the two sides as rows ------------------------------------------------------------------------


def keras_rows(model: Any) -> list[tuple]:
    """Each layer but the inputs: name, type, output shapes, count and weights (path inside the layer)."""
    rows = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        # A Sequential's variables are under the model's name, a functional model's under the layer's alone.
        prefix = f"{model.name}/{layer.name}/" if isinstance(model, keras.Sequential) else f"{layer.name}/"
        # A variable's own flag, as model.summary() and the optimizer read it (an RNN's trainable=False
        # empties its trainable_weights, yet the model still trains its cells' variables).
        weights = [
            (weight.path.removeprefix(prefix), tuple(weight.shape), bool(weight.trainable)) for weight in layer.weights
        ]
        shapes = [tuple(tensor.shape) for tensor in keras.tree.flatten(layer.output)]
        rows.append(
            (layer.name, type(layer).__name__, shapes[0] if len(shapes) == 1 else shapes, layer.count_params(), weights)
        )
    return rows


def lstmcalc_rows(spec: dict[str, Any]) -> list[tuple]:
    """sequential_side's rows, less a graph's input rows (Keras lists its InputLayers among the layers)."""
    return [row for row in sequential_rows(spec) if row[1] != "InputLayer"]


def run(arguments: list[str], text: str | None = None) -> Any:
    return CliRunner().invoke(main, arguments, input=text, env={"COLUMNS": COLUMNS}, catch_exceptions=False)


def assert_agrees_with_keras(spec: dict[str, Any], summary_text: bool = True) -> None:
    """lstmcalc refuses what Keras refuses; otherwise every layer (and the summary text) agrees."""
    if keras_refuses(spec):
        result = run_summary(spec)
        assert (result.exit_code, result.stdout) == (2, ""), yaml.safe_dump(spec)
        return
    model = keras_model(spec)
    assert lstmcalc_rows(spec) == keras_rows(model), yaml.safe_dump(spec)
    if summary_text:
        result = run_summary(spec)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.rstrip("\n") == keras_summary_text(model).rstrip("\n"), yaml.safe_dump(spec)


# -- the hand-written models -----------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(MODELS))
def test_every_layer_and_the_summary_agree_with_keras(case):
    assert not keras_refuses(MODELS[case])
    assert_agrees_with_keras(MODELS[case])


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_keras_refuses_lstmcalc_refuses(case):
    assert keras_refuses(REFUSED[case])
    result = run_summary(REFUSED[case])
    assert (result.exit_code, result.stdout) == (2, ""), result.stdout


# -- seeded random stacks and graphs: every cell kind and option -----------------------------------


def random_cell(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice([lstm_cell, gru_cell, simple_cell])
    cell = kind(rng.randint(1, 6))
    if rng.random() < 0.2:
        cell["use_bias"] = False
    if kind is gru_cell and rng.random() < 0.4:
        cell["reset_after"] = False
    if kind is lstm_cell and rng.random() < 0.2:
        cell["unit_forget_bias"] = False
    for option, value in (("dropout", 0.25), ("recurrent_dropout", 0.5), ("activation", "relu")):
        if rng.random() < 0.1:
            cell[option] = value
    if rng.random() < 0.08:
        cell["trainable"] = False
    return cell


def random_cells(rng: random.Random) -> Any:
    """One cell, a list of cells, or a StackedRNNCells (of one cell, now and then)."""
    form = rng.random()
    if form < 0.4:
        return random_cell(rng)
    cells = [random_cell(rng) for _ in range(rng.randint(1, 3))]
    return cells if form < 0.75 else {"type": "StackedRNNCells", "cells": cells}


def random_rnn(rng: random.Random, keep_time: bool) -> dict[str, Any]:
    layer: dict[str, Any] = {"type": "RNN", "cell": random_cells(rng), "return_sequences": keep_time}
    for option in ("go_backwards", "unroll"):
        if rng.random() < 0.15:
            layer[option] = True
    if rng.random() < 0.06:
        layer["trainable"] = False
    return layer


def random_rnn_stack(seed: int) -> dict[str, Any]:
    """1-3 RNN layers (now and then in Bidirectional) over (time_steps, features), the time steps
    sometimes unknown; now and then a batch size and stateful layers, states returned, a Dense after."""
    rng = random.Random(seed)
    shape = [rng.choice([None, 3, 6]), rng.randint(1, 5)]
    count = rng.randint(1, 3)
    layers = []
    for index in range(count):
        last = index == count - 1
        layer = random_rnn(rng, keep_time=not last or rng.random() < 0.4)
        if last and rng.random() < 0.35:
            layer["return_state"] = True
        if rng.random() < 0.25:
            layer.pop("go_backwards", None)
            layer = {"type": "Bidirectional", "layer": layer}
            if rng.random() < 0.3:
                layer["merge_mode"] = rng.choice(["sum", "mul", "ave", None])
        layers.append(layer)
    model_input: dict[str, Any] = {"shape": shape}
    if rng.random() < 0.2:
        model_input["batch_size"] = rng.randint(1, 3)
    if rng.random() < 0.2:
        for layer in layers:
            (layer.get("layer") or layer)["stateful"] = True
    final = layers[-1].get("layer") or layers[-1]
    if not final.get("return_state") and rng.random() < 0.3:
        layers.append({"type": "Dense", "units": 2})
    return {"input": model_input, "layers": layers}


@pytest.mark.parametrize("seed", range(80))
def test_random_rnn_stacks_agree_with_keras(seed):
    assert_agrees_with_keras(random_rnn_stack(seed))


def _state_count(cells: Any) -> list[int]:
    """Each state's width, flat, as an RNN over ``cells`` returns its states."""
    listed = cells if isinstance(cells, list) else cells.get("cells", [cells])
    return [cell["units"] for cell in listed for _ in range(2 if cell["type"] == "LSTMCell" else 1)]


def random_rnn_graph(seed: int) -> dict[str, Any]:
    """An encoder RNN that returns its states, a decoder RNN over the same cells' kinds and widths that
    starts from them, and both merged: the flat state numbering drives initial_state."""
    rng = random.Random(5000 + seed)
    features = rng.randint(1, 4)
    encoder = random_rnn(rng, keep_time=False)
    encoder.update(name="encoder", inputs="x", return_state=True)
    states = _state_count(encoder["cell"])
    cells = encoder["cell"]
    listed = cells if isinstance(cells, list) else cells.get("cells", [cells])
    decoder_cells = [{key: value for key, value in cell.items() if key != "name"} for cell in listed]
    decoder = {
        "name": "decoder",
        "type": "RNN",
        "cell": decoder_cells,
        "inputs": "y",
        "return_sequences": rng.random() < 0.5,
    }
    decoder["initial_state"] = [f"encoder[{index + 1}]" for index in range(len(states))]
    last = {"name": "last", "type": "Dense", "units": 3, "inputs": "decoder"}
    outputs = ["last", *(f"encoder[{index + 1}]" for index in range(len(states)) if rng.random() < 0.3)]
    return {
        "inputs": {"x": {"shape": [rng.choice([None, 4]), features]}, "y": {"shape": [rng.choice([None, 5]), 2]}},
        "layers": [encoder, decoder, last],
        "outputs": outputs,
    }


@pytest.mark.parametrize("seed", range(30))
def test_random_rnn_graphs_agree_with_keras(seed):
    assert_agrees_with_keras(random_rnn_graph(seed), summary_text=False)


def test_the_random_models_reach_every_cell_kind_and_option():
    specs = [random_rnn_stack(seed) for seed in range(80)]
    text = yaml.safe_dump(specs)
    for word in ("LSTMCell", "GRUCell", "SimpleRNNCell", "StackedRNNCells", "Bidirectional", "reset_after"):
        assert word in text, word
    for option in ("go_backwards", "unroll", "stateful", "return_state", "use_bias", "trainable", "batch_size"):
        assert f"{option}:" in text, option
    refused = sum(keras_refuses(spec) for spec in specs)
    assert 2 <= refused <= 50, refused


# -- Keras's own files, and lstmcalc's exports ---------------------------------------------------------


@pytest.mark.parametrize("case", sorted(MODELS))
def test_keras_json_and_keras_files_read_back_the_same(case, tmp_path):
    model = keras_model(MODELS[case])
    expected = keras_rows(model)
    (tmp_path / "model.json").write_text(model.to_json(), encoding="utf-8")
    model.save(tmp_path / "model.keras")
    for path in ("model.json", "model.keras"):
        summary = summarize_file(str(tmp_path / path))
        rows = [
            (row.name, row.type, row.output_shape, row.params, [(w.name, w.shape, w.trainable) for w in row.weights])
            for row in summary.layers
        ]
        assert rows == expected, path
    converted = run(["convert", str(tmp_path / "model.json")])
    assert converted.exit_code == 0, converted.stderr
    reread = run(["summary", "-"], converted.stdout)
    assert reread.stdout.rstrip("\n") == keras_summary_text(model).rstrip("\n")


@pytest.mark.parametrize("case", sorted(MODELS))
def test_exported_keras_code_builds_the_same_model(case, tmp_path):
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(MODELS[case], sort_keys=False), encoding="utf-8")
    result = run(["export", str(spec_path), "--to", "keras"])
    assert result.exit_code == 0, result.stderr
    namespace: dict[str, Any] = {"__name__": "exported"}
    keras.utils.clear_session(free_memory=False)
    exec(compile(result.stdout, "exported.py", "exec"), namespace)  # noqa: S102 - code lstmcalc wrote
    assert keras_rows(namespace["model"]) == keras_rows(keras_model(MODELS[case]))


TORCH_CASES = {
    "lstm_cell": {"input": {"shape": [5, 3]}, "layers": [{"type": "RNN", "cell": lstm_cell(8)}]},
    "gru_cell_sequences_and_states": {
        "input": {"shape": [None, 4]},
        "layers": [
            {"type": "RNN", "cell": gru_cell(6, use_bias=False), "return_sequences": True, "return_state": True}
        ],
    },
    "simple_rnn_cell_then_dense": {
        "input": {"shape": [7, 2]},
        "layers": [{"type": "RNN", "cell": simple_cell(5, activation="relu")}, {"type": "Dense", "units": 3}],
    },
}


@pytest.mark.parametrize("case", sorted(TORCH_CASES))
def test_exported_pytorch_code_runs_with_the_counts_lstmcalc_claims(case, tmp_path):
    spec = TORCH_CASES[case]
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    exported = tmp_path / "model.py"
    result = run(["export", str(spec_path), "--to", "pytorch", "-o", str(exported)])
    assert result.exit_code == 0, result.stderr
    ran = subprocess.run([sys.executable, str(exported)], capture_output=True, text=True, check=True)
    torch_summary = infer(model_from_mapping({**spec, "framework": "pytorch"}))
    assert f"Total params: {torch_summary.total_params:,}" in ran.stdout
    shape = torch_summary.output_shape
    if not isinstance(shape, list):
        # The example input has a batch of 2, and 8 of any axis the spec leaves unknown.
        example = (2, *(8 if axis is None else axis for axis in shape[1:]))
        assert f"Output shape: {example}" in ran.stdout
    compared = run(["summary", str(spec_path), "--compare"])
    assert compared.exit_code == 0, compared.stderr
    assert f"{torch_summary.total_params:,}" in compared.stdout


def test_stacked_cells_have_no_pytorch_export():
    spec = MODELS["a_list_of_cells"]
    result = run(["export", "-", "--to", "pytorch"], yaml.safe_dump(spec, sort_keys=False))
    assert result.exit_code == 2
    assert "stacks 2 cells, which lstmcalc's PyTorch convention does not build" in result.stderr
