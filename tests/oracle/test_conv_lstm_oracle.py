"""ConvLSTM1D and ConvLSTM2D against a live Keras 3.

The hand-written models of tests/conv_lstm_cases.py (whose numbers test_conv_lstm.py pins) and
seeded random ConvLSTM stacks are built by Keras and by lstmcalc: every layer's name, type,
output shape (all three with ``return_state``), count and weights (names and shapes) agree, and
so does the whole ``model.summary()`` text; what Keras refuses to build, lstmcalc refuses with
exit 2.

The spec -> Keras builder and the row comparisons are tests/oracle/sequential_side.py's,
shared with the other kinds Keras builds from keyword arguments alone.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import yaml  # noqa: E402

from tests.conv_lstm_cases import MODELS, REFUSED, SUMMARY_CONTRADICTS_CALL  # noqa: E402
from tests.oracle.sequential_side import (  # noqa: E402
    COLUMNS,
    keras_model,
    keras_refuses,
    keras_rows,
    keras_summary_text,
    lstmcalc_rows,
    run_summary,
)

pytestmark = pytest.mark.oracle


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


# -- Inside Bidirectional: both directions, every merge mode, a backward_layer of its own --------


def random_bidirectional_stack(seed: int) -> dict[str, Any]:
    """A random ConvLSTM stack whose ConvLSTM layers are (mostly) wrapped in Bidirectional, with a
    random merge mode and now and then a backward_layer of their own (another kernel size or name)."""
    rng = random.Random(3000 + seed)
    spec = random_conv_lstm_stack(2000 + seed)
    layers = []
    for layer in spec["layers"]:
        if not layer["type"].startswith("ConvLSTM") or rng.random() < 0.2:
            layers.append(layer)
            continue
        wrapper: dict[str, Any] = {"type": "Bidirectional", "layer": layer}
        if rng.random() < 0.6:
            wrapper["merge_mode"] = rng.choice(["concat", "sum", "mul", "ave", None])
        if rng.random() < 0.3:
            backward = {**layer, "go_backwards": True}
            if layer.get("padding") == "same":
                # The same output shape whatever the kernel (Keras's summary sizes both from the forward).
                backward["kernel_size"] = rng.randint(1, 3)
            if rng.random() < 0.5:
                backward["name"] = f"back_{len(layers)}"
            wrapper["backward_layer"] = backward
        layers.append(wrapper)
    return {**spec, "layers": layers}


@pytest.mark.parametrize("seed", range(40))
def test_random_bidirectional_conv_lstm_stacks_agree_with_keras(seed):
    assert_agrees_with_keras(random_bidirectional_stack(seed))


def test_the_random_bidirectional_stacks_reach_every_merge_mode():
    specs = [random_bidirectional_stack(seed) for seed in range(40)]
    wrappers = [layer for spec in specs for layer in spec["layers"] if layer["type"] == "Bidirectional"]
    assert {wrapper.get("merge_mode", "concat") for wrapper in wrappers} == {"concat", "sum", "mul", "ave", None}
    assert any("backward_layer" in wrapper for wrapper in wrappers)
    assert any(wrapper["layer"].get("return_state") for wrapper in wrappers)
    assert {wrapper["layer"]["type"] for wrapper in wrappers} == {"ConvLSTM1D", "ConvLSTM2D"}
    refused = sum(keras_refuses(spec) for spec in specs)
    assert 3 <= refused <= 30, refused


def _call_shapes(model: Any, spec: dict[str, Any]) -> Any:
    """The last layer's outputs when Keras runs the model on zeros (batch 2), batch axis as None."""
    import numpy

    shape = (spec["input"].get("batch_size") or 2, *spec["input"]["shape"])
    outputs = model(numpy.zeros(shape, dtype="float32"))
    if isinstance(outputs, (list, tuple)):
        return [(None, *tensor.shape[1:]) for tensor in outputs]
    return (None, *outputs.shape[1:])


@pytest.mark.parametrize("case", sorted(SUMMARY_CONTRADICTS_CALL))
def test_where_keras_summary_contradicts_its_call(case):
    """lstmcalc refuses what runs but is summarised as another shape, and what cannot run."""
    spec, expected = SUMMARY_CONTRADICTS_CALL[case]
    model = keras_model(spec)  # Keras builds it
    summary_shapes = keras_rows(model)[-1][2]
    try:
        called = _call_shapes(model, spec)
    except Exception:  # noqa: BLE001 - any failure to run counts
        called = None
    result = run_summary(spec)
    assert (result.exit_code, result.stdout) == (2, "")
    if expected == "refuses":
        assert called is None
    else:
        assert called is not None and called != summary_shapes


# -- explain: each kernel's shape and the states' shapes are Keras's own -----------------------


@pytest.mark.parametrize("seed", range(20))
def test_explained_weights_and_states_are_keras_own(seed):
    """The explained tensors are the layer's real weights (names, shapes), each gate block a
    quarter of the last axis; h and c are the states Keras returns with return_state."""
    from lstm_calc.explain import explain_layer, recurrent_layers
    from lstm_calc.graph import infer
    from lstm_calc.spec_mapping import model_from_mapping

    rng = random.Random(4000 + seed)
    rank = rng.choice([1, 2])
    layer = _conv_lstm(rng, rank, last=True)
    layer["return_state"] = True
    layer["padding"] = "same"  # every random kernel fits the frame
    spec = {"input": {"shape": [3, *[rng.randint(4, 9) for _ in range(rank)], rng.randint(1, 4)]}, "layers": [layer]}
    if keras_refuses(spec):
        return
    model = keras_model(spec)
    keras_layer = model.layers[0]
    model_spec = model_from_mapping(spec)
    [(layer_spec, row)] = recurrent_layers(model_spec.layers, infer(model_spec).layers)
    explanation = explain_layer(layer_spec, row)
    real = [(weight.path.rsplit("/", 1)[-1], tuple(weight.shape)) for weight in keras_layer.weights]
    assert [(weight.name, weight.shape) for weight in explanation.weights] == real
    filters = layer["filters"]
    for weight in explanation.weights:
        assert weight.layout.endswith(f"each {(*weight.shape[:-1], filters)}")
    states = [tuple(tensor.shape) for tensor in keras_layer.output[1:]]
    assert [state.batched_shape for state in explanation.states] == states
    assert explanation.params == keras_layer.count_params()
