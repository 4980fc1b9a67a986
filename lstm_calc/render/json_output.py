"""The JSON document other tools read; its keys are a stable interface."""

from __future__ import annotations

import json
import re
from typing import Any, Optional

from lstm_calc.shapes import shapes_to_json
from lstm_calc.stats import ModelStats
from lstm_calc.summary import LayerSummary, ModelSummary


def summary_to_dict(summary: ModelSummary, stats: Optional[ModelStats] = None) -> dict[str, Any]:
    """The summary as plain JSON-ready data: shapes as lists with ``None`` for unknown axes.

    With ``stats`` (``--stats``), each layer gains ``macs`` and the document a ``stats`` block.
    """
    document = {
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
    if stats is not None:
        from lstm_calc.render.stats_text import amount_to_dict, stats_to_dict

        for layer, record in zip(summary.layers, document["layers"]):
            record["macs"] = amount_to_dict(layer.macs)
        document["stats"] = stats_to_dict(stats)
    return document


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
        "buffers": [{"name": buffer.name, "shape": list(buffer.shape)} for buffer in layer.buffers],
        "inbound": [str(connection) for connection in layer.connected_to],
    }


# A list of numbers spread over lines by json.dumps(indent=...). Strings cannot hold a raw
# newline, so this only ever matches the document's own structure.
_NUMBER_LIST = re.compile(r"\[\n\s*((?:-?\d+|null)(?:,\n\s*(?:-?\d+|null))*)\n\s*\]")


def _one_line(match: re.Match) -> str:
    return "[" + ", ".join(item.strip() for item in match.group(1).split(",")) + "]"


def json_text(data: Any, ensure_ascii: bool = True) -> str:
    """``data`` as one indented JSON document with every list of numbers (a shape) on one line."""
    return _NUMBER_LIST.sub(_one_line, json.dumps(data, indent=2, ensure_ascii=ensure_ascii)) + "\n"


def render_json(summary: ModelSummary, stats: Optional[ModelStats] = None) -> str:
    """One JSON document, indented, with every shape on one line, and a final newline."""
    return json_text(summary_to_dict(summary, stats))
