"""A spec's sequential model built by a live Keras 3 and read back row by row, for the oracle
modules of the layer kinds Keras builds from keyword arguments alone (the CNN front ends,
ConvLSTM): each key of a spec layer but ``type`` is a keyword argument, and a wrapper's
``layer`` (and ``backward_layer``, and an RNN's ``cell``) is built first. Import it after
``pytest.importorskip("keras")``.
"""

from __future__ import annotations

from typing import Any

import keras
import yaml
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.graph import infer
from lstm_calc.spec_mapping import model_from_mapping

COLUMNS = "80"


def keras_layer(entry: dict[str, Any]) -> Any:
    """A Keras layer from a spec layer: every key but ``type`` is a keyword argument."""
    options = {key: value for key, value in entry.items() if key != "type"}
    for nested in ("layer", "backward_layer", "cell"):
        if isinstance(options.get(nested), dict):
            options[nested] = keras_layer(options[nested])
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
