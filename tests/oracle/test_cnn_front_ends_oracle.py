"""The CNN-LSTM front ends against a live Keras 3: Conv2D, MaxPooling2D, AveragePooling2D,
GlobalAveragePooling2D, GlobalMaxPooling2D, ZeroPadding1D, UpSampling1D and Cropping1D, on
their own and inside TimeDistributed.

The hand-written models of tests/cnn_front_end_cases.py (whose numbers test_cnn_front_ends.py
pins) and seeded random stacks are built by Keras and by lstmcalc: every layer's name, type,
output shape, count and weights (names and shapes) agree, and so does the whole
``model.summary()`` text; what Keras refuses to build, lstmcalc refuses with exit 2.

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
from click.testing import CliRunner  # noqa: E402

from lstm_calc.cli import main  # noqa: E402
from tests.cnn_front_end_cases import MODELS, REFUSED, TORCH_IMAGE_SPEC  # noqa: E402
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


@pytest.mark.parametrize("case", sorted(MODELS))
def test_every_layer_agrees_with_keras(case):
    assert lstmcalc_rows(MODELS[case]) == keras_rows(keras_model(MODELS[case]))


@pytest.mark.parametrize("case", sorted(MODELS))
def test_the_summary_text_is_keras_own(case):
    result = run_summary(MODELS[case])
    assert result.exit_code == 0, result.stderr
    # Keras ends its table with one more empty line.
    assert result.stdout.rstrip("\n") == keras_summary_text(keras_model(MODELS[case])).rstrip("\n")


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_keras_refuses_lstmcalc_refuses(case):
    assert keras_refuses(REFUSED[case])
    result = run_summary(REFUSED[case])
    assert (result.exit_code, result.stdout) == (2, ""), result.stdout


# -- Seeded random stacks: frames through TimeDistributed image layers, then the sequence layers --


def _pair(rng: random.Random, low: int, high: int) -> int | list[int]:
    if rng.random() < 0.5:
        return rng.randint(low, high)
    return [rng.randint(low, high), rng.randint(low, high)]


def _image_layer(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["Conv2D", "Conv2D", "MaxPooling2D", "AveragePooling2D"])
    layer: dict[str, Any] = {"type": kind}
    if kind == "Conv2D":
        layer["filters"] = rng.choice([2, 4, 6])
        layer["kernel_size"] = _pair(rng, 1, 4)
        if rng.random() < 0.4:
            layer["strides"] = _pair(rng, 1, 3)
        if rng.random() < 0.3:
            layer["dilation_rate"] = _pair(rng, 1, 2)
        if rng.random() < 0.3:
            layer["groups"] = 2
        if rng.random() < 0.2:
            layer["use_bias"] = False
    else:
        layer["pool_size"] = _pair(rng, 1, 3)
        if rng.random() < 0.4:
            layer["strides"] = _pair(rng, 1, 3)
    if rng.random() < 0.4:
        layer["padding"] = rng.choice(["valid", "same"])
    return layer


def _sequence_layer(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["ZeroPadding1D", "UpSampling1D", "Cropping1D"])
    if kind == "ZeroPadding1D":
        return {"type": kind, "padding": _pair(rng, 0, 3)}
    if kind == "UpSampling1D":
        return {"type": kind, "size": rng.randint(1, 3)}
    return {"type": kind, "cropping": _pair(rng, 0, 3)}


def random_cnn_lstm(seed: int) -> dict[str, Any]:
    """Frames (some of unknown number or size) through 1-3 image layers, a global pooling or Flatten,
    0-2 resizing layers and an LSTM; now and then the image layers alone on one image."""
    rng = random.Random(seed)
    size = [rng.choice([None, 5, 8, 12]), rng.choice([6, 9, 16])]
    channels = rng.choice([1, 2, 3, 4])
    image_layers = [_image_layer(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        last = rng.choice(["GlobalAveragePooling2D", "GlobalMaxPooling2D"])
        return {"input": {"shape": [*size, channels]}, "layers": [*image_layers, {"type": last}]}
    frames = rng.choice([None, 3, 6])
    head = rng.choice(["GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten"])
    layers = [{"type": "TimeDistributed", "layer": layer} for layer in [*image_layers, {"type": head}]]
    layers += [_sequence_layer(rng) for _ in range(rng.randint(0, 2))]
    layers.append({"type": "LSTM", "units": 3})
    return {"input": {"shape": [frames, *size, channels]}, "layers": layers}


@pytest.mark.parametrize("seed", range(60))
def test_random_cnn_lstm_stacks_agree_with_keras(seed):
    spec = random_cnn_lstm(seed)
    if keras_refuses(spec):
        result = run_summary(spec)
        assert (result.exit_code, result.stdout) == (2, ""), yaml.safe_dump(spec)
        return
    model = keras_model(spec)
    assert lstmcalc_rows(spec) == keras_rows(model), yaml.safe_dump(spec)
    assert run_summary(spec).stdout.rstrip("\n") == keras_summary_text(model).rstrip("\n")


# -- PyTorch's Conv2d under lstmcalc's PyTorch convention (images channels last) ----------


def random_torch_conv2d(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    layer: dict[str, Any] = {"type": "Conv2d", "out_channels": rng.choice([2, 4]), "kernel_size": _pair(rng, 1, 4)}
    if rng.random() < 0.5:
        layer["stride"] = _pair(rng, 1, 3)
    if rng.random() < 0.5:
        layer["padding"] = rng.choice(["valid", "same", rng.randint(0, 2), [rng.randint(0, 2), rng.randint(0, 2)]])
    if rng.random() < 0.4:
        layer["dilation"] = _pair(rng, 1, 2)
    if rng.random() < 0.3:
        layer["groups"] = 2
    if rng.random() < 0.3:
        layer["bias"] = False
    shape = [rng.randint(3, 9), rng.randint(3, 9), rng.choice([2, 4])]
    return {"framework": "pytorch", "input": {"shape": shape}, "layers": [layer]}


def torch_rows(spec: dict[str, Any]) -> list[tuple] | None:
    """The spec's one Conv2d as torch builds and runs it, or None where torch refuses it."""
    import torch

    options = {key: value for key, value in spec["layers"][0].items() if key != "type"}
    for key in ("kernel_size", "stride", "padding", "dilation"):
        if isinstance(options.get(key), list):
            options[key] = tuple(options[key])
    rows, cols, channels = spec["input"]["shape"]
    try:
        module = torch.nn.Conv2d(channels, options.pop("out_channels"), **options)
        output = module(torch.zeros(2, channels, rows, cols))
    except (ValueError, RuntimeError):
        return None
    weights = [(name, tuple(parameter.shape), True) for name, parameter in module.named_parameters()]
    shape = (None, *output.permute(0, 2, 3, 1).shape[1:])
    return [("conv2d", "Conv2d", shape, sum(parameter.numel() for parameter in module.parameters()), weights)]


@pytest.mark.parametrize("seed", range(40))
def test_random_conv2d_agrees_with_torch(seed):
    spec = random_torch_conv2d(seed)
    expected = torch_rows(spec)
    if expected is None:
        result = run_summary(spec)
        assert (result.exit_code, result.stdout) == (2, ""), yaml.safe_dump(spec)
        return
    assert lstmcalc_rows(spec) == expected, yaml.safe_dump(spec)


def test_exported_pytorch_code_builds_what_lstmcalc_counts(tmp_path):
    import subprocess
    import sys

    spec = tmp_path / "image.yaml"
    spec.write_text(TORCH_IMAGE_SPEC, encoding="utf-8")
    exported = CliRunner().invoke(main, ["export", str(spec), "--to", "pytorch"], catch_exceptions=False)
    assert exported.exit_code == 0, exported.stderr
    script = tmp_path / "model.py"
    script.write_text(exported.stdout, encoding="utf-8")
    ran = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert ran.stdout.splitlines()[-3:] == [
        "Total params: 676",
        "Trainable params: 676",
        "Output shape: (2, 11, 17, 4)",
    ]
