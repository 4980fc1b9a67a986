"""lstmcalc's interop against real Keras 3 and torch.nn.

* Keras model JSON and ``.keras`` archives (tests/fixtures/keras, written by real Keras):
  lstmcalc's summary of the file is Keras's own summary of the model, to the character.
* ``lstmcalc export --to keras``: the exported file, run, builds a model whose
  ``model.summary()`` is lstmcalc's table.
* ``lstmcalc export --to pytorch``: the exported module's parameters and buffers (names,
  shapes, trainable flags) are those of ``summary --framework pytorch --format json``, and
  a forward pass gives its output shapes.

Run with ``KERAS_BACKEND=torch python -m pytest tests/oracle``; skipped without Keras or torch.
"""

from __future__ import annotations

import json
import os
import random
import runpy
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import rich.console  # noqa: E402

from lstm_calc.api import export_file, summarize_file  # noqa: E402
from lstm_calc.render.json_output import summary_to_dict  # noqa: E402
from lstm_calc.render.table import line_length_for, render_table  # noqa: E402
from tests.conftest import ROOT, SPECS  # noqa: E402

pytestmark = pytest.mark.oracle

FIXTURES = ROOT / "tests" / "fixtures" / "keras"
COLUMNS = 80
#: Functional models (keras.Model(inputs, outputs)) among the Keras 3 fixtures.
FUNCTIONAL_JSON = ["attention", "cross_attention_by_keyword", "functional", "residual", "seq2seq", "shared_embedding"]
FUNCTIONAL_ARCHIVES = ["attention", "functional", "residual", "shared_embedding"]
KERAS3_JSON = ["conv_lstm", "gesture_classifier", "stateful_stack", "text_tagger", *FUNCTIONAL_JSON]
KERAS3_ARCHIVES = ["conv_lstm", "text_tagger", *FUNCTIONAL_ARCHIVES]
KERAS2_JSON = ["keras2_conv_bilstm", "keras2_list_config"]
KERAS2_FUNCTIONAL_JSON = ["keras2_seq2seq", "keras2_shared_embedding", "keras2_nested_sequential"]


@pytest.fixture(autouse=True)
def fresh_keras_session(monkeypatch: pytest.MonkeyPatch):
    """A fresh session per test (automatic names start again), an 80-column terminal for both tables."""
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    keras.utils.clear_session(free_memory=False)
    yield
    keras.utils.clear_session(free_memory=False)


def keras_table(model: Any) -> str:
    captured: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: captured.append(text))
    return "".join(captured)


def lstmcalc_table(path: Path) -> str:
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None, width=COLUMNS)
    console.begin_capture()
    summary = summarize_file(str(path))
    render_table(summary, console, line_length_for(COLUMNS, summary))
    return console.end_capture()


# --------------------------------------------------------------------------------------
# Keras files -> lstmcalc
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KERAS3_JSON)
def test_keras3_json_summary_is_keras_summary(name: str) -> None:
    path = FIXTURES / f"{name}.json"
    model = keras.models.model_from_json(path.read_text(encoding="utf-8"))
    assert lstmcalc_table(path) == keras_table(model)
    assert summarize_file(str(path)).total_params == model.count_params()


@pytest.mark.parametrize("name", KERAS3_ARCHIVES)
def test_keras_archive_summary_is_keras_summary(name: str) -> None:
    path = FIXTURES / f"{name}.keras"
    model = keras.saving.load_model(path)
    assert lstmcalc_table(path) == keras_table(model)


def _keras3_loadable(config: Any) -> Any:
    """A Keras 2 config as Keras 3's legacy loader takes it.

    Keras 3 refuses Keras 2's time_major and implementation keys, needs ``module`` on
    wrapped layers, and misreads batch_input_shape on a layer; the input becomes an InputLayer.
    """
    if isinstance(config, list):
        return [_keras3_loadable(item) for item in config]
    if not isinstance(config, dict):
        return config
    config = {k: _keras3_loadable(v) for k, v in config.items() if k not in ("time_major", "implementation")}
    if isinstance(config.get("layer"), dict):
        config["layer"]["module"] = "keras.layers"
    return config


def keras2_model(path: Path) -> Any:
    from keras.src.legacy.saving import saving_utils

    config = _keras3_loadable(json.loads(path.read_text(encoding="utf-8")))
    layers = config["config"] if isinstance(config["config"], list) else config["config"]["layers"]
    if layers[0]["class_name"] != "InputLayer":
        batch_shape = layers[0]["config"]["batch_input_shape"]
        layers.insert(0, {"class_name": "InputLayer", "config": {"batch_shape": batch_shape}})
    for layer in layers[1:]:
        layer["config"].pop("batch_input_shape", None)
    name = "sequential" if isinstance(config["config"], list) else config["config"]["name"]
    config["config"] = {"name": name, "layers": layers}
    return saving_utils.model_from_config(config)


@pytest.mark.parametrize("name", KERAS2_JSON)
def test_keras2_json_counts_are_keras_counts(name: str) -> None:
    path = FIXTURES / f"{name}.json"
    model = keras2_model(path)
    ours = summary_to_dict(summarize_file(str(path)))
    theirs = [
        {"name": layer.name, "output_shape": list(layer.output.shape), "params": layer.count_params()}
        for layer in model.layers
    ]
    assert [{key: layer[key] for key in ("name", "output_shape", "params")} for layer in ours["layers"]] == theirs
    assert ours["total_params"] == model.count_params()


def _keras3_node(node: list, recurrent: bool) -> Any:
    """A Keras 2 inbound node as Keras 3 writes it; an RNN's tensors after the first are its initial states.

    Keras 3's legacy loader would pass those states to the RNN as inputs, which Keras 3 refuses.
    """

    def tensor(item: list) -> dict:
        history = {"shape": [None], "dtype": "float32", "keras_history": item[:3]}
        return {"class_name": "__keras_tensor__", "config": history}

    if not (recurrent and len(node) > 1):
        return node
    return {"args": [tensor(node[0])], "kwargs": {"initial_state": [tensor(item) for item in node[1:]]}}


def keras2_functional_model(path: Path) -> Any:
    from keras.src.legacy.saving import saving_utils

    config = _keras3_loadable(json.loads(path.read_text(encoding="utf-8")))
    for layer in config["config"]["layers"]:
        # A Sequential model used as a layer lists its own InputLayer first.
        for inner in [layer, *layer["config"].get("layers", [])]:
            shape = inner["config"].pop("batch_input_shape", None)
            if inner["class_name"] == "InputLayer":
                inner["config"]["batch_shape"] = shape
        recurrent = layer["class_name"] in ("LSTM", "GRU", "SimpleRNN")
        layer["inbound_nodes"] = [_keras3_node(node, recurrent) for node in layer["inbound_nodes"]]
    return saving_utils.model_from_config(config)


@pytest.mark.parametrize("name", KERAS2_FUNCTIONAL_JSON)
def test_keras2_functional_json_summary_is_keras_summary(name: str) -> None:
    path = FIXTURES / f"{name}.json"
    model = keras2_functional_model(path)
    assert lstmcalc_table(path) == keras_table(model)
    assert summarize_file(str(path)).total_params == model.count_params()


def test_masked_functional_model_lists_its_mask_operation_as_keras_does() -> None:
    """Keras's summary has a row for the operation computing the mask (one of model.operations), as lstmcalc's."""
    path = FIXTURES / "masked.json"
    model = keras.models.model_from_json(path.read_text(encoding="utf-8"))
    assert "(NotEqual)" in keras_table(model)
    theirs = [
        (layer.name, list(layer.output.shape), layer.count_params() if hasattr(layer, "count_params") else 0)
        for layer in model.operations
    ]
    summary = summarize_file(str(path))
    assert sorted((row.name, list(row.output_shape), row.params) for row in summary.layers) == sorted(theirs)
    assert summary.total_params == model.count_params()


def test_nested_models_are_models_keras_nests() -> None:
    model = keras.models.model_from_json((FIXTURES / "nested_models.json").read_text(encoding="utf-8"))
    assert [type(layer).__name__ for layer in model.layers[1:]] == ["Sequential", "Functional"]


# --------------------------------------------------------------------------------------
# Specs -> export --to keras -> Keras
# --------------------------------------------------------------------------------------

#: Specs beyond specs/*.yaml that exercise every Keras layer lstmcalc writes.
EXPORT_SPECS = {
    "wrappers": """
        name: wrapped
        input: {shape: [6, 4], batch_size: 3}
        layers:
          - {type: Bidirectional, layer: {type: LSTM, units: 5, return_sequences: true}, merge_mode: sum}
          - {type: TimeDistributed, layer: {type: Dense, units: 3, activation: relu}}
          - type: Bidirectional
            layer: {type: GRU, units: 2, return_sequences: true}
            backward_layer: {type: GRU, units: 2, return_sequences: true, go_backwards: true, name: back}
          - {type: SimpleRNN, units: 4, stateful: true, name: stateful_rnn}
    """,
    "conv_pool_norm": """
        dtype: float64
        input: {shape: [20, 3]}
        layers:
          - {type: Conv1D, filters: 6, kernel_size: 3, padding: causal, dilation_rate: 2}
          - {type: MaxPooling1D, pool_size: 2}
          - {type: BatchNormalization, center: false}
          - {type: AveragePooling1D, pool_size: 3, strides: 2, padding: same}
          - {type: LayerNormalization, axis: [1, 2]}
          - {type: SpatialDropout1D, rate: 0.1}
          - {type: GlobalMaxPooling1D, keepdims: true}
          - {type: Flatten}
          - {type: RepeatVector, n: 4}
          - {type: Permute, dims: [2, 1]}
          - {type: Reshape, target_shape: [3, -1]}
          - {type: Activation, activation: tanh}
          - {type: Dense, units: 2, dtype: mixed_float16, trainable: false}
    """,
    "masking_embedding": """
        layers:
          - {type: Embedding, input_dim: 40, output_dim: 6, input_length: 9, mask_zero: true}
          - {type: Masking}
          - {type: GRU, units: 3, reset_after: false, return_sequences: true}
          - {type: GlobalAveragePooling1D}
          - {type: Dense, units: 2, use_bias: false, name: head}
    """,
    "keras_habits": """
        layers:
          - {type: LSTM, units: 3, batch_input_shape: [2, 5, 4], return_state: true}
    """,
}


def random_keras_spec(seed: int) -> dict[str, Any]:
    """A chain Keras builds: recurrent, wrapped, convolutional and dense layers with valid shapes."""
    rng = random.Random(seed)
    layers: list[dict[str, Any]] = []
    sequence = True
    for _ in range(rng.randint(1, 6)):
        choices = ["Dense", "Dropout", "LayerNormalization", "BatchNormalization"]
        if sequence:
            choices += ["LSTM", "GRU", "SimpleRNN", "Bidirectional", "Conv1D", "TimeDistributed", "MaxPooling1D"]
        kind = rng.choice(choices)
        if kind in ("LSTM", "GRU", "SimpleRNN"):
            keep = rng.random() < 0.6
            layers.append({"type": kind, "units": rng.randint(1, 9), "return_sequences": keep})
            sequence = keep
        elif kind == "Bidirectional":
            keep = rng.random() < 0.6
            inner = {"type": rng.choice(["LSTM", "GRU"]), "units": rng.randint(1, 5), "return_sequences": keep}
            layers.append({"type": kind, "layer": inner, "merge_mode": rng.choice(["concat", "sum", "ave"])})
            sequence = keep
        elif kind == "Conv1D":
            layers.append(
                {"type": kind, "filters": rng.randint(1, 6), "kernel_size": rng.randint(1, 3), "padding": "same"}
            )
        elif kind == "TimeDistributed":
            layers.append({"type": kind, "layer": {"type": "Dense", "units": rng.randint(1, 6)}})
        elif kind == "MaxPooling1D":
            layers.append({"type": kind, "pool_size": 2, "padding": "same"})
        elif kind == "Dense":
            layers.append({"type": kind, "units": rng.randint(1, 9), "use_bias": rng.random() < 0.8})
        elif kind == "Dropout":
            layers.append({"type": kind, "rate": 0.25})
        else:
            layers.append({"type": kind})
        # Not on wrappers: Keras's model totals still count a frozen wrapper's inner weights as
        # trainable (its own row says otherwise), which lstmcalc does not mimic.
        if rng.random() < 0.15 and kind not in ("Bidirectional", "TimeDistributed"):
            layers[-1]["trainable"] = False
    return {"input": {"shape": [rng.choice([None, 4, 8]), rng.randint(1, 6)]}, "layers": layers}


def _export_cases() -> dict[str, str]:
    # The example specs Keras can build as a Sequential (not the PyTorch-convention or graph ones).
    cases = {
        path.stem: path.read_text(encoding="utf-8")
        for path in sorted(SPECS.glob("*.yaml"))
        if not any(word in path.read_text(encoding="utf-8") for word in ("framework: pytorch", "\ninputs:"))
    }
    cases.update({name: text for name, text in EXPORT_SPECS.items()})
    cases.update({f"random_{seed}": yaml.safe_dump(random_keras_spec(seed)) for seed in range(40)})
    return cases


EXPORT_CASES = _export_cases()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(EXPORT_CASES))
def test_exported_keras_code_builds_lstmcalcs_model(case: str, tmp_path: Path) -> None:
    spec = _write(tmp_path, "spec.yaml", EXPORT_CASES[case])
    code = _write(tmp_path, "exported.py", export_file(str(spec), "keras"))
    model = runpy.run_path(str(code), run_name="exported")["model"]
    assert keras_table(model) == lstmcalc_table(spec)


#: export --to keras refuses a Sequential model used as a layer (tests/test_keras_nested_json.py).
EXPORTED_JSON = [name for name in ["text_tagger", *FUNCTIONAL_JSON, *KERAS2_FUNCTIONAL_JSON] if "nested" not in name]


@pytest.mark.parametrize("name", EXPORTED_JSON)
def test_exported_keras_code_of_a_keras_file_builds_the_same_model(name: str, tmp_path: Path) -> None:
    source = FIXTURES / f"{name}.json"
    code = _write(tmp_path, "exported.py", export_file(str(source), "keras"))
    model = runpy.run_path(str(code), run_name="exported")["model"]
    assert keras_table(model) == lstmcalc_table(source)


def _graph_export_cases() -> dict[str, str]:
    from tests.oracle.test_graph_oracle import CORPUS, dump, random_graph

    cases = {"seq2seq_spec": (SPECS / "seq2seq.yaml").read_text(encoding="utf-8")}
    cases.update({f"corpus_{name}": dump(spec) for name, spec in CORPUS.items()})
    cases.update({f"random_graph_{seed}": dump(random_graph(seed)) for seed in range(150)})
    return cases


GRAPH_EXPORT_CASES = _graph_export_cases()


@pytest.mark.parametrize("case", sorted(GRAPH_EXPORT_CASES))
def test_exported_functional_keras_code_builds_lstmcalcs_model(case: str, tmp_path: Path) -> None:
    spec = _write(tmp_path, "spec.yaml", GRAPH_EXPORT_CASES[case])
    code = _write(tmp_path, "exported.py", export_file(str(spec), "keras"))
    model = runpy.run_path(str(code), run_name="exported")["model"]
    assert keras_table(model) == lstmcalc_table(spec)
    assert model.count_params() == summarize_file(str(spec)).total_params


# --------------------------------------------------------------------------------------
# Specs -> export --to pytorch -> torch.nn
# --------------------------------------------------------------------------------------

PYTORCH_SPECS = {
    "torch_spellings": """
        framework: pytorch
        input: {shape: [null, 10]}
        layers:
          - {type: LSTM, hidden_size: 16, num_layers: 2, bidirectional: true, dropout: 0.1, return_sequences: true}
          - {type: GRU, hidden_size: 8, bias: false, return_sequences: true}
          - {type: RNN, hidden_size: 4, nonlinearity: relu}
          - {type: Linear, out_features: 3}
    """,
    "projection_and_states": """
        framework: pytorch
        input: {shape: [5, 6], batch_size: 3}
        layers:
          - {type: Dropout, p: 0.5}
          - {type: LSTM, hidden_size: 8, proj_size: 3, num_layers: 2, return_state: true}
    """,
    "conv_norm": """
        input: {shape: [12, 4]}
        layers:
          - {type: Conv1d, out_channels: 6, kernel_size: 3, padding: 1, stride: 2, activation: relu}
          - {type: BatchNorm1d}
          - {type: LSTM, units: 5}
          - {type: BatchNorm1d, affine: false}
          - {type: LayerNorm, eps: 0.0001}
          - {type: Dense, units: 2, activation: softmax, trainable: false}
    """,
    "embedding_ids": """
        input: {shape: [7]}
        layers:
          - {type: Embedding, num_embeddings: 30, embedding_dim: 5, padding_idx: 0}
          - {type: Conv1D, filters: 4, kernel_size: 2, padding: same, groups: 1}
          - {type: LayerNormalization, normalized_shape: [7, 4]}
          - {type: GRU, units: 3, return_sequences: true, return_state: true}
    """,
}
#: The example specs the PyTorch convention can build (not the stateful one: torch keeps no state;
#: not gru_sentiment: mask_zero is Keras's).
PYTORCH_EXAMPLES = ["gesture_classifier", "interview_lstm_12", "lstm_1_unit", "lstm_3_units", "text_generator"]


def random_torch_spec(seed: int) -> dict[str, Any]:
    rng = random.Random(1000 + seed)
    layers: list[dict[str, Any]] = []
    sequence = True
    for _ in range(rng.randint(1, 5)):
        choices = ["Linear", "Dropout", "LayerNorm", "BatchNorm1d"]
        if sequence:
            choices += ["LSTM", "GRU", "RNN", "Conv1d"]
        kind = rng.choice(choices)
        if kind in ("LSTM", "GRU", "RNN"):
            keep = rng.random() < 0.6
            layer = {
                "type": kind,
                "hidden_size": rng.randint(1, 9),
                "return_sequences": keep,
                "num_layers": rng.randint(1, 3),
                "bidirectional": rng.random() < 0.3,
            }
            if kind == "LSTM" and rng.random() < 0.3 and layer["hidden_size"] > 1:
                layer["proj_size"] = rng.randint(1, layer["hidden_size"] - 1)
            layers.append(layer)
            sequence = keep
        elif kind == "Conv1d":
            layers.append(
                {"type": kind, "out_channels": rng.randint(1, 6), "kernel_size": rng.randint(1, 3), "padding": "same"}
            )
        elif kind == "Linear":
            layers.append({"type": kind, "out_features": rng.randint(1, 9), "bias": rng.random() < 0.8})
        elif kind == "Dropout":
            layers.append({"type": kind, "p": 0.25})
        else:
            layers.append({"type": kind})
        if rng.random() < 0.15:
            layers[-1]["trainable"] = False
    return {"framework": "pytorch", "input": {"shape": [rng.choice([None, 4, 8]), rng.randint(1, 6)]}, "layers": layers}


def _pytorch_cases() -> dict[str, str]:
    cases = {name: (SPECS / f"{name}.yaml").read_text(encoding="utf-8") for name in PYTORCH_EXAMPLES}
    cases.update(PYTORCH_SPECS)
    cases.update({f"random_{seed}": yaml.safe_dump(random_torch_spec(seed)) for seed in range(60)})
    return cases


PYTORCH_CASES = _pytorch_cases()


def _matches(expected: list, actual: tuple) -> bool:
    """A shape from lstmcalc (None where unknown) against a tensor's shape."""
    return len(expected) == len(actual) and all(e is None or e == a for e, a in zip(expected, actual))


@pytest.mark.parametrize("case", sorted(PYTORCH_CASES))
def test_exported_pytorch_module_has_lstmcalcs_parameters_and_shapes(case: str, tmp_path: Path) -> None:
    spec = _write(tmp_path, "spec.yaml", PYTORCH_CASES[case])
    code = _write(tmp_path, "exported.py", export_file(str(spec), "pytorch"))
    namespace = runpy.run_path(str(code), run_name="exported")
    module = namespace["model"]
    summary = summarize_file(str(spec), framework="pytorch")
    assert_module_has_weights_of(module, summary)
    module.eval()
    with torch.no_grad():
        output = module(namespace["example_input"]())
    assert_outputs_have_shapes(output, summary.output_shape)


def assert_module_has_weights_of(module: Any, summary: Any) -> None:
    """The module's parameters and buffers (names, shapes, trainable) are the summary's weights and buffers."""
    document = summary_to_dict(summary)
    expected_parameters = {
        f"{layer['name']}.{weight['name']}": (weight["shape"], weight["trainable"])
        for layer in document["layers"]
        for weight in layer["weights"]
    }
    actual_parameters = {
        name: (list(parameter.shape), parameter.requires_grad) for name, parameter in module.named_parameters()
    }
    assert actual_parameters == expected_parameters
    expected_buffers = {
        f"{layer['name']}.{buffer['name']}": buffer["shape"]
        for layer in document["layers"]
        for buffer in layer["buffers"]
    }
    assert {name: list(buffer.shape) for name, buffer in module.named_buffers()} == expected_buffers
    assert sum(parameter.numel() for parameter in module.parameters()) == document["total_params"]


def assert_outputs_have_shapes(output: Any, expected: Any) -> None:
    """A forward pass's tensor (or tuple of tensors) against lstmcalc's output shape (or list of them)."""
    shapes = expected if isinstance(expected, list) else [expected]
    tensors = output if isinstance(output, tuple) else (output,)
    assert len(tensors) == len(shapes)
    for shape, tensor in zip(shapes, tensors):
        assert _matches(list(shape), tuple(tensor.shape)), (shape, tensor.shape)


def _named(spec: dict[str, Any]) -> dict[str, Any]:
    """A graph spec with each layer's Keras name written out: under the PyTorch convention the
    automatic names are torch's (``linear``, not ``dense``), and the references use Keras's."""
    from lstm_calc.naming import AutoNamer
    from lstm_calc.readers.keras_config import built_sublayers

    namer = AutoNamer()
    layers = []
    for entry in spec["layers"]:
        layers.append(
            {"name": namer.next_name(entry["type"]), **entry} if "type" in entry and "name" not in entry else entry
        )
        for inner in built_sublayers(entry.get("type")):  # a MultiHeadAttention's own Softmax and Dropout
            namer.next_name(inner)
    return {**spec, "layers": layers}


def _pytorch_graph_cases() -> dict[str, str]:
    from tests.oracle.test_graph_oracle import CORPUS, dump, random_graph
    from tests.test_interop import GRAPH_MERGES_SPEC

    cases = {"seq2seq_spec": (SPECS / "seq2seq.yaml").read_text(encoding="utf-8"), "merges": GRAPH_MERGES_SPEC}
    # Attention and Dot have no torch.nn counterpart.
    cases.update(
        {f"corpus_{name}": dump(_named(spec)) for name, spec in CORPUS.items() if name != "attention_two_outputs"}
    )
    cases.update({f"random_graph_{seed}": dump(_named(random_graph(seed))) for seed in range(60)})
    cases.update(
        {
            f"fixture_{name}": (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
            for name in ("seq2seq", "shared_embedding", "keras2_seq2seq", "keras2_shared_embedding")
        }
    )
    return cases


PYTORCH_GRAPH_CASES = _pytorch_graph_cases()


@pytest.mark.parametrize("case", sorted(PYTORCH_GRAPH_CASES))
def test_exported_pytorch_graph_module_has_lstmcalcs_parameters_and_shapes(case: str, tmp_path: Path) -> None:
    suffix = ".json" if case.startswith("fixture_") else ".yaml"
    spec = _write(tmp_path, f"spec{suffix}", PYTORCH_GRAPH_CASES[case])
    code = _write(tmp_path, "exported.py", export_file(str(spec), "pytorch"))
    namespace = runpy.run_path(str(code), run_name="exported")
    module = namespace["model"]
    summary = summarize_file(str(spec), framework="pytorch")
    assert_module_has_weights_of(module, summary)
    module.eval()
    with torch.no_grad():
        output = module(*namespace["example_inputs"]())
    assert_outputs_have_shapes(output, summary.output_shape)


def test_module_attribute_list_covers_nn_module() -> None:
    """A layer named like an nn.Module attribute (``train``, ``forward``) must not shadow it."""
    from lstm_calc.export.pytorch import MODULE_ATTRIBUTES

    public = {name for name in dir(torch.nn.Module) if not name.startswith("_")}
    assert public <= MODULE_ATTRIBUTES, sorted(public - MODULE_ATTRIBUTES)
