"""The JSON document other tools read; its keys are a stable interface."""

from __future__ import annotations

import json
from typing import Any

from lstm_calc.shapes import shapes_to_json
from lstm_calc.summary import LayerSummary, ModelSummary


def summary_to_dict(summary: ModelSummary) -> dict[str, Any]:
    """The summary as plain JSON-ready data: shapes as lists with ``None`` for unknown axes."""
    return {
        "name": summary.name,
        "framework": summary.framework,
        "dtype": summary.dtype,
        "input_shape": shapes_to_json(summary.input_shape),
        "layers": [_layer_to_dict(layer) for layer in summary.layers],
        "total_params": summary.total_params,
        "trainable_params": summary.trainable_params,
        "non_trainable_params": summary.non_trainable_params,
        "param_bytes": summary.param_bytes,
    }


def _layer_to_dict(layer: LayerSummary) -> dict[str, Any]:
    return {
        "name": layer.name,
        "type": layer.type,
        "input_shape": shapes_to_json(layer.input_shape),
        "output_shape": shapes_to_json(layer.output_shape),
        "params": layer.params,
        "trainable_params": layer.trainable_params,
        "non_trainable_params": layer.non_trainable_params,
        "weights": [
            {"name": weight.name, "shape": list(weight.shape), "trainable": weight.trainable}
            for weight in layer.weights
        ],
    }


def render_json(summary: ModelSummary) -> str:
    """One JSON document, indented, with a final newline."""
    return json.dumps(summary_to_dict(summary), indent=2) + "\n"
