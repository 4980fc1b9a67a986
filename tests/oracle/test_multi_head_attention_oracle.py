"""MultiHeadAttention against a live Keras 3: every graph of tests/multi_head_attention_cases.py and
seeded random ones, built with ``keras.layers.MultiHeadAttention`` called as ``layer(query, value[, key])``,
compared layer by layer (automatic names, output shapes, counts, weight names and shapes) and by
Keras's own summary text; what Keras refuses, lstmcalc refuses with exit 2.
"""

from __future__ import annotations

import os
import random
from typing import Any

import pytest
import yaml

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import rich.console  # noqa: E402

from lstm_calc.api import summarize_text  # noqa: E402
from lstm_calc.render.table import line_length_for, render_table  # noqa: E402
from tests.multi_head_attention_cases import CANNOT_RUN, MODELS, REFUSED, mha, sequences  # noqa: E402

pytestmark = pytest.mark.oracle

COLUMNS = 120
#: Keys of a graph spec entry that say what it is called on, not how it is built.
CONNECTION_KEYS = ("inputs",)


def dump(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def build_keras_graph(spec: dict[str, Any]) -> Any:
    """Replay a graph spec as Keras calls in a fresh session: MultiHeadAttention takes its
    tensors as arguments (``layer(query, value, key)``), a merge layer as one list."""
    keras.utils.clear_session(free_memory=False)
    tensors: dict[str, Any] = {}
    for name, block in spec["inputs"].items():
        tensors[name] = keras.Input(shape=tuple(block["shape"]), name=name)
    previous = next(iter(tensors.values()))
    for entry in spec["layers"]:
        kwargs = {key: value for key, value in entry.items() if key not in ("type", *CONNECTION_KEYS)}
        layer = getattr(keras.layers, entry["type"])(**kwargs)
        references = entry.get("inputs")
        if references is None:
            output = layer(previous)
        elif entry["type"] == "MultiHeadAttention":
            output = layer(*(tensors[reference] for reference in references))
        else:
            output = layer([tensors[reference] for reference in references])
        tensors[layer.name] = previous = output
    outputs = [tensors[reference] for reference in spec["outputs"]]
    return keras.Model([tensors[name] for name in spec["inputs"]], outputs, name=spec.get("name", "functional"))


def keras_text(model: Any) -> str:
    captured: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: captured.append(text))
    return "".join(captured)


def lstmcalc_text(spec: dict[str, Any]) -> str:
    summary = summarize_text(dump(spec), "graph.yaml")
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None, width=COLUMNS)
    console.begin_capture()
    render_table(summary, console, line_length_for(COLUMNS, summary))
    return console.end_capture()


def keras_rows(model: Any) -> list[tuple[str, Any, int, list[tuple[str, tuple[int, ...]]]]]:
    """(name, output shape, params, [(weight path inside the layer, shape)]) of each layer but the inputs."""
    rows = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        prefix = f"{layer.name}/"
        weights = [(w.path.removeprefix(prefix), tuple(w.shape)) for w in layer.weights]
        rows.append((layer.name, tuple(layer.output.shape), layer.count_params(), weights))
    return rows


def lstmcalc_rows(spec: dict[str, Any]) -> list[tuple[str, Any, int, list[tuple[str, tuple[int, ...]]]]]:
    summary = summarize_text(dump(spec), "graph.yaml")
    return [
        (row.name, row.output_shape, row.params, [(w.name, w.shape) for w in row.weights])
        for row in summary.layers
        if row.type != "InputLayer"
    ]


def assert_matches_keras(spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    model = build_keras_graph(spec)
    assert lstmcalc_rows(spec) == keras_rows(model), "\n" + dump(spec)
    assert lstmcalc_text(spec) == keras_text(model), "\n" + dump(spec)


@pytest.mark.parametrize("case", sorted(MODELS))
def test_every_case_is_what_keras_builds(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_matches_keras(MODELS[case], monkeypatch)


def random_graph(seed: int) -> dict[str, Any]:
    """Two or three MultiHeadAttention layers with random sizes and options on random inputs."""
    rng = random.Random(seed)
    length = rng.choice([None, 3, 6])
    inputs = sequences(
        q=[rng.choice([None, 4, 5]), rng.randint(1, 12)],
        v=[length, rng.randint(1, 12)],
        k=[length, rng.randint(1, 12)],
    )
    layers = []
    for _ in range(rng.randint(2, 3)):
        options: dict[str, Any] = {}
        if rng.random() < 0.5:
            options["value_dim"] = rng.randint(1, 6)
        if rng.random() < 0.3:
            options["use_bias"] = False
        if rng.random() < 0.3:
            options["use_gate"] = True
        if rng.random() < 0.3:
            options["output_shape"] = rng.choice([rng.randint(1, 9), [rng.randint(1, 4), rng.randint(1, 4)]])
        if rng.random() < 0.3:
            options["dropout"] = 0.25
        layer_inputs = rng.choice([["q", "v"], ["q", "v", "k"], ["q", "q"], ["v", "v", "k"]])
        layers.append(mha(rng.randint(1, 4), rng.randint(1, 8), layer_inputs, **options))
    names = ["multi_head_attention", *(f"multi_head_attention_{i}" for i in range(1, len(layers)))]
    used = {name for layer in layers for name in layer["inputs"]}
    return {
        "inputs": {name: block for name, block in inputs.items() if name in used},
        "layers": layers,
        "outputs": names,
    }


@pytest.mark.parametrize("seed", range(24))
def test_random_graphs_match_keras(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_matches_keras(random_graph(seed), monkeypatch)


def keras_refusal(spec: dict[str, Any]) -> Exception | None:
    try:
        build_keras_graph(spec)
    except Exception as error:  # noqa: BLE001 - any refusal by Keras counts
        return error
    return None


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_keras_refuses_lstmcalc_refuses(case: str, run_cli: Any) -> None:
    assert keras_refusal(REFUSED[case]) is not None, "Keras builds this spec now; it is no refusal"
    result = run_cli(dump(REFUSED[case]))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{result.spec_path}:") and ": error: " in result.stderr


def run_on_zeros(model: Any) -> None:
    """Call the built model on zeros (unknown axes 3, batch 2), as a script would."""
    import numpy

    model([numpy.zeros((2, *(size or 3 for size in tensor.shape[1:])), "float32") for tensor in model.inputs])


@pytest.mark.parametrize("case", sorted(CANNOT_RUN))
def test_what_keras_builds_but_cannot_run_lstmcalc_refuses(case: str, run_cli: Any) -> None:
    model = build_keras_graph(CANNOT_RUN[case])
    with pytest.raises(Exception):  # noqa: B017, PT011 - any failure of the forward pass counts
        run_on_zeros(model)
    result = run_cli(dump(CANNOT_RUN[case]))
    assert (result.exit_code, result.stdout) == (2, "")


@pytest.mark.parametrize("case", sorted(MODELS))
def test_what_lstmcalc_accepts_keras_runs(case: str) -> None:
    run_on_zeros(build_keras_graph(MODELS[case]))
