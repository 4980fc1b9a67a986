"""Keras's Lambda against a live Keras 3: its automatic name, output shapes (its ``output_shape``
with the input's batch axis, one or several), no weights, and ``model.summary()``; the Keras
files of tests/fixtures/lambda/ read back by Keras itself (``safe_mode=False``: they hold
bytecode, which only Keras runs here) and by lstmcalc, which never decodes the function.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.api import summarize_file  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.oracle.sequential_side import (  # noqa: E402
    COLUMNS,
    keras_rows,
    keras_summary_text,
    lstmcalc_rows,
    run_summary,
)

pytestmark = pytest.mark.oracle

FIXTURES = ROOT / "tests" / "fixtures" / "lambda"


@pytest.fixture(autouse=True)
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", COLUMNS)
    monkeypatch.delenv("LINES", raising=False)


def _output_shape(value: list) -> Any:
    """A spec's output_shape as Keras's Python takes it: a tuple, or a list of tuples."""
    if value and all(isinstance(item, list) for item in value):
        return [tuple(item) for item in value]
    return tuple(value)


def keras_model(spec: dict[str, Any]) -> Any:
    """The spec built by Keras; each Lambda gets a function Keras never calls when given output_shape."""
    keras.utils.clear_session(free_memory=False)
    layers = []
    for entry in spec["layers"]:
        options = {key: value for key, value in entry.items() if key != "type"}
        if entry["type"] == "Lambda":
            layers.append(
                keras.layers.Lambda(lambda x: x, output_shape=_output_shape(options.pop("output_shape")), **options)
            )
        else:
            layers.append(getattr(keras.layers, entry["type"])(**options))
    model_input = keras.Input(shape=tuple(spec["input"]["shape"]), batch_size=spec["input"].get("batch_size"))
    return keras.Sequential([model_input, *layers])


def random_lambda_stack(seed: int) -> dict[str, Any]:
    """An LSTM, then Lambdas of random output shapes (sizes, unknown sizes, none), then a Dense or not."""
    rng = random.Random(seed)
    layers: list[dict[str, Any]] = [{"type": "LSTM", "units": rng.randint(1, 6), "return_sequences": True}]
    for _ in range(rng.randint(1, 3)):
        shape = [rng.choice([None, rng.randint(1, 9)]) for _ in range(rng.randint(0, 3))]
        layer: dict[str, Any] = {"type": "Lambda", "output_shape": shape}
        if rng.random() < 0.3:
            layer["name"] = f"step_{len(layers)}"
        layers.append(layer)
    if layers[-1]["output_shape"] and layers[-1]["output_shape"][-1] is not None and rng.random() < 0.5:
        layers.append({"type": "Dense", "units": 2})
    model_input: dict[str, Any] = {"shape": [rng.choice([None, 4]), rng.randint(1, 5)]}
    if rng.random() < 0.3:
        model_input["batch_size"] = rng.randint(1, 4)
    return {"input": model_input, "layers": layers}


@pytest.mark.parametrize("seed", range(30))
def test_random_lambda_stacks_agree_with_keras(seed):
    spec = random_lambda_stack(seed)
    model = keras_model(spec)
    assert lstmcalc_rows(spec) == keras_rows(model)
    result = run_summary(spec)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n") == keras_summary_text(model).rstrip("\n")


def test_several_outputs_agree_with_keras():
    spec = {"input": {"shape": [5, 8]}, "layers": [{"type": "Lambda", "output_shape": [[5, 8], [None, 8]]}]}
    assert lstmcalc_rows(spec) == keras_rows(keras_model(spec))


@pytest.mark.parametrize("fixture", ["last_step.json", "last_step.keras"])
def test_the_fixtures_keras_wrote_agree_with_keras_reading_them(fixture):
    path = FIXTURES / fixture
    if fixture.endswith(".json"):
        from keras.src.saving.serialization_lib import SafeModeScope

        with SafeModeScope(False):
            model = keras.models.model_from_json(path.read_text(encoding="utf-8"))
    else:
        model = keras.models.load_model(path, safe_mode=False)
    summary = summarize_file(str(path))
    assert [(row.name, row.type, row.output_shape, row.params) for row in summary.layers] == [
        (layer.name, type(layer).__name__, tuple(layer.output.shape), layer.count_params()) for layer in model.layers
    ]


def test_the_fixtures_are_what_keras_writes_today():
    """The Lambda's config as Keras 3 writes it: the function as bytecode, output_shape as a list."""
    keras.utils.clear_session(free_memory=False)
    model = keras.Sequential(
        [
            keras.Input((5, 8)),
            keras.layers.LSTM(8, return_sequences=True),
            keras.layers.Lambda(lambda x: x[:, -1], output_shape=(8,)),
            keras.layers.Dense(2),
        ]
    )
    written = json.loads(model.to_json())["config"]["layers"][2]
    pinned = json.loads((FIXTURES / "last_step.json").read_text(encoding="utf-8"))["config"]["layers"][2]
    assert written["class_name"] == pinned["class_name"] == "Lambda"
    assert written["config"]["name"] == pinned["config"]["name"] == "lambda"
    assert written["config"]["output_shape"] == pinned["config"]["output_shape"] == [8]
    assert written["config"]["function"]["class_name"] == pinned["config"]["function"]["class_name"] == "__lambda__"
