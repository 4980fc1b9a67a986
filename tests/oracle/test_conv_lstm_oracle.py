"""ConvLSTM1D and ConvLSTM2D against a live Keras 3.

The hand-written models of tests/conv_lstm_cases.py (whose numbers test_conv_lstm.py pins) and
seeded random ConvLSTM stacks are built by Keras and by lstmcalc: every layer's name, type,
output shape (all three with ``return_state``), count and weights (names and shapes) agree, and
so does the whole ``model.summary()`` text; what Keras refuses to build, lstmcalc refuses with
exit 2.

Self-contained on purpose (its own small spec -> Keras builder, as the CNN front-end oracle
has): the shared oracle helpers know the earlier layer kinds only.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import yaml  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from lstm_calc.cli import main  # noqa: E402
from lstm_calc.graph import infer  # noqa: E402
from lstm_calc.spec_mapping import model_from_mapping  # noqa: E402
from tests.conv_lstm_cases import MODELS, REFUSED  # noqa: E402

pytestmark = pytest.mark.oracle

COLUMNS = "80"


def keras_layer(entry: dict[str, Any]) -> Any:
    """A Keras layer from a spec layer: every key but ``type`` is a keyword argument."""
    options = {key: value for key, value in entry.items() if key != "type"}
    if isinstance(options.get("layer"), dict):
        options["layer"] = keras_layer(options["layer"])
    return getattr(keras.layers, entry["type"])(**options)


def keras_model(spec: dict[str, Any]) -> Any:
    """The spec built by Keras in a fresh session, so automatic names start again."""
    keras.utils.clear_session(free_memory=False)
    layers = [keras_layer(entry) for entry in spec["layers"]]
    options = {"name": spec["name"]} if "name" in spec else {}
    model_input = keras.Input(shape=tuple(spec["input"]["shape"]), batch_size=spec["input"].get("batch_size"))
    return keras.Sequential([model_input, *layers], **options)


def _shapes(output: Any) -> Any:
    if isinstance(output, (list, tuple)):
        return [tuple(tensor.shape) for tensor in output]
    return tuple(output.shape)


def keras_rows(model: Any) -> list[tuple]:
    """Each layer as lstmcalc's rows state it; a weight's Keras path inside the layer, less the RNN cell."""
    rows = []
    for layer in model.layers:
        prefix = f"{model.name}/{layer.name}/"
        weights = []
        for weight in layer.weights:
            segments = weight.path.removeprefix(prefix).split("/")
            name = "/".join(segment for segment in segments if not segment.endswith("_cell"))
            weights.append((name, tuple(weight.shape), bool(weight.trainable)))
        rows.append((layer.name, type(layer).__name__, _shapes(layer.output), layer.count_params(), weights))
    return rows


def lstmcalc_rows(spec: dict[str, Any]) -> list[tuple]:
    summary = infer(model_from_mapping(spec))
    return [
        (row.name, row.type, row.output_shape, row.params, [(w.name, w.shape, w.trainable) for w in row.weights])
        for row in summary.layers
    ]


def keras_summary_text(model: Any) -> str:
    captured: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: captured.append(text))
    return "".join(captured)


def run_summary(spec: dict[str, Any]) -> Any:
    text = yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)
    return CliRunner().invoke(main, ["summary", "-"], input=text, env={"COLUMNS": COLUMNS}, catch_exceptions=False)


def keras_refuses(spec: dict[str, Any]) -> bool:
    try:
        keras_model(spec)
    except Exception:  # noqa: BLE001 - any refusal by Keras counts
        return True
    return False


@pytest.fixture(autouse=True)
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keras sizes its summary from COLUMNS, as lstmcalc does."""
    monkeypatch.setenv("COLUMNS", COLUMNS)
    monkeypatch.delenv("LINES", raising=False)


def assert_agrees_with_keras(spec: dict[str, Any]) -> None:
    """lstmcalc refuses what Keras refuses; otherwise every layer and the summary text agree."""
    if keras_refuses(spec):
        result = run_summary(spec)
        assert (result.exit_code, result.stdout) == (2, ""), yaml.safe_dump(spec)
        return
    model = keras_model(spec)
    assert lstmcalc_rows(spec) == keras_rows(model), yaml.safe_dump(spec)
    result = run_summary(spec)
    assert result.exit_code == 0, result.stderr
    # Keras ends its table with one more empty line.
    assert result.stdout.rstrip("\n") == keras_summary_text(model).rstrip("\n"), yaml.safe_dump(spec)


@pytest.mark.parametrize("case", sorted(MODELS))
def test_every_layer_agrees_with_keras(case):
    assert lstmcalc_rows(MODELS[case]) == keras_rows(keras_model(MODELS[case]))


@pytest.mark.parametrize("case", sorted(MODELS))
def test_the_summary_text_is_keras_own(case):
    result = run_summary(MODELS[case])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n") == keras_summary_text(keras_model(MODELS[case])).rstrip("\n")


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_keras_refuses_lstmcalc_refuses(case):
    assert keras_refuses(REFUSED[case])
    result = run_summary(REFUSED[case])
    assert (result.exit_code, result.stdout) == (2, ""), result.stdout


# -- Seeded random stacks: every argument that changes a shape or a count --------------------


def _sizes(rng: random.Random, rank: int, low: int, high: int) -> int | list[int]:
    """One size for every axis, or one per axis (ConvLSTM1D: now and then a list of one)."""
    if rng.random() < 0.5:
        return rng.randint(low, high)
    return [rng.randint(low, high) for _ in range(rank)]


def _conv_lstm(rng: random.Random, rank: int, last: bool) -> dict[str, Any]:
    layer: dict[str, Any] = {"type": f"ConvLSTM{rank}D", "filters": rng.randint(1, 5)}
    layer["kernel_size"] = _sizes(rng, rank, 1, 4)
    if rng.random() < 0.4:
        layer["strides"] = _sizes(rng, rank, 1, 3)
    if rng.random() < 0.3:
        # Sometimes with strides above 1 too, which Keras refuses.
        layer["dilation_rate"] = _sizes(rng, rank, 1, 3)
    if rng.random() < 0.5:
        layer["padding"] = rng.choice(["valid", "same"])
    if rng.random() < 0.2:
        layer["use_bias"] = False
    for option in ("go_backwards", "dropout", "recurrent_dropout", "unit_forget_bias"):
        if rng.random() < 0.15:
            layer[option] = {"dropout": 0.25, "recurrent_dropout": 0.5, "unit_forget_bias": False}.get(option, True)
    # Every layer but the last passes the time axis on; the last may too, or return its states.
    layer["return_sequences"] = True if not last else rng.random() < 0.5
    if last and rng.random() < 0.4:
        layer["return_state"] = True
    return layer


def random_conv_lstm_stack(seed: int) -> dict[str, Any]:
    """1-3 ConvLSTM layers of one rank over frames or signals (time steps sometimes unknown), now and
    then a fixed batch size and stateful layers, and now and then a Flatten and Dense after."""
    rng = random.Random(seed)
    rank = rng.choice([1, 2])
    spatial = [rng.randint(3, 12) for _ in range(rank)]
    shape = [rng.choice([None, 2, 5]), *spatial, rng.randint(1, 4)]
    count = rng.randint(1, 3)
    layers = [_conv_lstm(rng, rank, last=index == count - 1) for index in range(count)]
    model_input: dict[str, Any] = {"shape": shape}
    if rng.random() < 0.2:
        model_input["batch_size"] = rng.randint(1, 4)
    if rng.random() < 0.2:
        for layer in layers:
            layer["stateful"] = True
    last = layers[-1]
    if not last.get("return_state") and not last["return_sequences"] and rng.random() < 0.4:
        layers += [{"type": "Flatten"}, {"type": "Dense", "units": 2}]
    return {"input": model_input, "layers": layers}


@pytest.mark.parametrize("seed", range(80))
def test_random_conv_lstm_stacks_agree_with_keras(seed):
    assert_agrees_with_keras(random_conv_lstm_stack(seed))


def test_the_random_stacks_reach_every_option_and_refusal():
    """The seeds above cover what they should: both ranks, states, statefulness, and refusals."""
    specs = [random_conv_lstm_stack(seed) for seed in range(80)]
    layers = [layer for spec in specs for layer in spec["layers"] if layer["type"].startswith("ConvLSTM")]
    for option in ("strides", "dilation_rate", "padding", "use_bias", "go_backwards", "return_state", "stateful"):
        assert any(option in layer for layer in layers), option
    assert {layer["type"] for layer in layers} == {"ConvLSTM1D", "ConvLSTM2D"}
    refused = sum(keras_refuses(spec) for spec in specs)
    assert 5 <= refused <= 60, refused


# -- Inside TimeDistributed: a ConvLSTM on every clip of a sequence of clips --------------------


@pytest.mark.parametrize("seed", range(10))
def test_random_conv_lstm_inside_time_distributed_agrees_with_keras(seed):
    rng = random.Random(1000 + seed)
    layer = _conv_lstm(rng, 2, last=True)
    layer.pop("return_state", None)  # TimeDistributed needs a layer with one output
    spec = {
        "input": {"shape": [3, rng.choice([None, 4]), 7, 6, 2]},
        "layers": [{"type": "TimeDistributed", "layer": layer}],
    }
    assert_agrees_with_keras(spec)
