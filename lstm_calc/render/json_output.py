"""The JSON document other tools read; its keys are a stable interface.

The summary's document is written by :func:`iter_json`, which knows its schema: each
value is written where the schema puts it, a layer at a time. :func:`json_text` writes
any other document (check, params, explain, compare) through the standard encoder.
Both give the same layout: ``json.dumps(indent=2)``, with every list of numbers (a shape)
on one line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lstm_calc.shapes import shapes_to_json

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from lstm_calc.amount import Amount
    from lstm_calc.layers.base import Weight
    from lstm_calc.shapes import Shape, Shapes
    from lstm_calc.stats import ModelStats
    from lstm_calc.summary import LayerSummary, ModelSummary


def summary_to_dict(
    summary: ModelSummary, stats: ModelStats | None = None, with_trainable: bool = False
) -> dict[str, Any]:
    """The summary as plain JSON-ready data: shapes as lists with ``None`` for unknown axes.

    With ``stats`` (``--stats``), each layer gains ``macs`` and the document a ``stats`` block;
    ``with_trainable`` (``--show-trainable``) gives each layer Keras's Trainable mark as
    ``trainable``: true, false, or null for a layer without weights (Keras's ``-``).
    :func:`render_json` writes the same document.
    """
    document: dict[str, Any] = {
        "name": summary.name,
        "framework": summary.framework,
        "dtype": summary.dtype,
        "input_shape": shapes_to_json(summary.input_shape),
        "layers": [layer_to_dict(layer, stats is not None, with_trainable) for layer in summary.layers],
        "total_params": summary.total_params,
        "trainable_params": summary.trainable_params,
        "non_trainable_params": summary.non_trainable_params,
        "param_bytes": summary.param_bytes,
    }
    if summary.optimizer is not None:
        document["optimizer"] = dict(summary.optimizer._asdict())
    if stats is not None:
        from lstm_calc.render.stats_text import stats_to_dict

        document["stats"] = stats_to_dict(stats)
    if summary.notes:
        document["notes"] = list(summary.notes)
    return document


def layer_to_dict(layer: LayerSummary, with_macs: bool = False, with_trainable: bool = False) -> dict[str, Any]:
    """One entry of the document's ``layers`` list; ``with_macs`` adds the layer's ``macs``,
    ``with_trainable`` its ``trainable`` mark."""
    entry: dict[str, Any] = {
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
    if with_macs:
        from lstm_calc.render.stats_text import amount_to_dict

        entry["macs"] = amount_to_dict(layer.macs)
    if with_trainable:
        entry["trainable"] = layer.trainable if layer.weights else None
    return entry


def render_json(summary: ModelSummary, stats: ModelStats | None = None, with_trainable: bool = False) -> str:
    """One JSON document, indented, with every shape on one line, and a final newline."""
    return "".join(iter_json(summary, stats, with_trainable))


def iter_json(summary: ModelSummary, stats: ModelStats | None = None, with_trainable: bool = False) -> Iterator[str]:
    """:func:`render_json`'s text in pieces, a layer at a time, so a huge model is never held twice.

    The text is :func:`json_text` of :func:`summary_to_dict`, written straight from the
    summary: the standard encoder's indented mode is pure Python, and would hold every
    fragment of the document in memory at once.
    """
    yield (
        "{\n"
        f'  "name": {_string(summary.name)},\n'
        f'  "framework": {_string(summary.framework)},\n'
        f'  "dtype": {_string(summary.dtype)},\n'
        f'  "input_shape": {_shapes(summary.input_shape, "  ")},\n'
        '  "layers": '
    )
    with_macs = stats is not None
    separator = "[\n    "
    for layer in summary.layers:
        yield separator + _layer(layer, with_macs, with_trainable)
        separator = ",\n    "
    yield "[]" if separator.startswith("[") else "\n  ]"
    yield (
        f',\n  "total_params": {summary.total_params},\n'
        f'  "trainable_params": {summary.trainable_params},\n'
        f'  "non_trainable_params": {summary.non_trainable_params},\n'
        f'  "param_bytes": {summary.param_bytes}'
    )
    if summary.optimizer is not None:
        optimizer = summary.optimizer
        yield (
            ',\n  "optimizer": {\n'
            f'    "class_name": {_string(optimizer.class_name)},\n'
            f'    "params": {optimizer.params},\n'
            f'    "bytes": {optimizer.bytes}\n'
            "  }"
        )
    if stats is not None:
        yield (
            ',\n  "stats": {\n'
            f'    "batch_size": {"null" if stats.batch_size is None else stats.batch_size},\n'
            f'    "dtype": {_string(stats.dtype)},\n'
            f'    "total_macs": {_amount(stats.macs, "    ")},\n'
            f'    "input_bytes": {_amount(stats.input_bytes, "    ")},\n'
            f'    "forward_backward_bytes": {_amount(stats.forward_backward_bytes, "    ")},\n'
            f'    "param_bytes": {stats.param_bytes},\n'
            f'    "total_bytes": {_amount(stats.total_bytes, "    ")}\n'
            "  }"
        )
    if summary.notes:
        yield ',\n  "notes": [\n    ' + ",\n    ".join(_string(note) for note in summary.notes) + "\n  ]"
    yield "\n}\n"


def _string(text: str) -> str:
    """``text`` as a JSON string, as ``json.dumps`` writes it (non-ASCII escaped)."""
    # Names are printable ASCII almost always, and need no escape: importing the encoder
    # (a C extension) costs more than a small summary's whole document.
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'
    from json.encoder import encode_basestring_ascii

    return encode_basestring_ascii(text)


def _layer(layer: LayerSummary, with_macs: bool, with_trainable: bool) -> str:
    """One entry of ``layers``, as written at the list's indentation (four spaces)."""
    text = (
        "{\n"
        f'      "name": {_string(layer.name)},\n'
        f'      "type": {_string(layer.type)},\n'
        f'      "input_shape": {_shapes(layer.input_shape, "      ")},\n'
        f'      "output_shape": {_shapes(layer.output_shape, "      ")},\n'
        f'      "params": {layer.params},\n'
        f'      "trainable_params": {layer.trainable_params},\n'
        f'      "non_trainable_params": {layer.non_trainable_params},\n'
        f'      "weights": {_weights(layer.weights, True)},\n'
        f'      "buffers": {_weights(layer.buffers, False)},\n'
        f'      "inbound": {_inbound(layer)}'
    )
    if with_macs:
        text += f',\n      "macs": {_amount(layer.macs, "      ")}'
    if with_trainable:
        text += ',\n      "trainable": ' + ("null" if not layer.weights else "true" if layer.trainable else "false")
    return text + "\n    }"


def _axes(shape: Shape | None) -> str:
    if shape is None:  # PyTorch code whose forward was not followed this far
        return "null"
    return "[" + ", ".join(["null" if axis is None else str(axis) for axis in shape]) + "]"


def _shapes(shapes: Shapes, indent: str) -> str:
    """A shape on one line; several shapes as a list with one shape a line."""
    if not isinstance(shapes, list):
        return _axes(shapes)
    if not shapes:
        return "[]"
    inner = ",\n" + indent + "  "
    return "[" + inner[1:] + inner.join(map(_axes, shapes)) + "\n" + indent + "]"


def _weights(weights: tuple[Weight, ...], with_trainable: bool) -> str:
    if not weights:
        return "[]"
    entries = []
    for weight in weights:
        entry = '{\n          "name": ' + _string(weight.name) + ',\n          "shape": ' + _axes(weight.shape)
        if with_trainable:
            entry += ',\n          "trainable": ' + ("true" if weight.trainable else "false")
        entries.append(entry + "\n        }")
    return "[\n        " + ",\n        ".join(entries) + "\n      ]"


def _inbound(layer: LayerSummary) -> str:
    if not layer.connected_to:
        return "[]"
    names = [_string(str(connection)) for connection in layer.connected_to]
    return "[\n        " + ",\n        ".join(names) + "\n      ]"


def _amount(amount: Amount, indent: str) -> str:
    return f'{{\n{indent}  "fixed": {amount.fixed},\n{indent}  "per_time_step": {amount.per_step}\n{indent}}}'


# A list of numbers spread over lines by json.dumps(indent=...). Strings cannot hold a raw
# newline, so this only ever matches the document's own structure.
_NUMBER_LIST = r"\[\n\s*((?:-?\d+|null)(?:,\n\s*(?:-?\d+|null))*)\n\s*\]"


def _one_line(match: re.Match[str]) -> str:
    return "[" + ", ".join(item.strip() for item in match.group(1).split(",")) + "]"


def json_text(data: Any, ensure_ascii: bool = True) -> str:
    """``data`` as one indented JSON document with every list of numbers (a shape) on one line."""
    import json  # the other commands' documents; the summary's own is written by iter_json

    return re.sub(_NUMBER_LIST, _one_line, json.dumps(data, indent=2, ensure_ascii=ensure_ascii)) + "\n"
