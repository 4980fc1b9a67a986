"""The JSON document other tools read; its keys are a stable interface."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

try:  # the C function behind json.dumps; the json package itself takes a millisecond to import
    from _json import encode_basestring_ascii
except ImportError:  # pragma: no cover - Pythons without the C accelerator
    from json.encoder import encode_basestring_ascii  # type: ignore[assignment]

from lstm_calc.shapes import shapes_to_json
from lstm_calc.summary import LayerSummary, ModelSummary

if TYPE_CHECKING:
    from lstm_calc.stats import ModelStats


def summary_to_dict(summary: ModelSummary, stats: ModelStats | None = None) -> dict[str, Any]:
    """The summary as plain JSON-ready data: shapes as lists with ``None`` for unknown axes.

    With ``stats`` (``--stats``), each layer gains ``macs`` and the document a ``stats`` block.
    """
    document = _document(summary, stats)
    document["layers"] = list(document["layers"])
    return document


def _document(summary: ModelSummary, stats: ModelStats | None) -> dict[str, Any]:
    # The layers come as an iterator, so that iter_json can stream them.
    document = {
        "name": summary.name,
        "framework": summary.framework,
        "dtype": summary.dtype,
        "input_shape": shapes_to_json(summary.input_shape),
        "layers": _layer_records(summary.layers, stats is not None),
        "total_params": summary.total_params,
        "trainable_params": summary.trainable_params,
        "non_trainable_params": summary.non_trainable_params,
        "param_bytes": summary.param_bytes,
    }
    if stats is not None:
        from lstm_calc.render.stats_text import stats_to_dict

        document["stats"] = stats_to_dict(stats)
    return document


def _layer_records(layers: Iterable[LayerSummary], with_macs: bool) -> Iterator[dict[str, Any]]:
    if not with_macs:
        return map(layer_to_dict, layers)
    from lstm_calc.render.stats_text import amount_to_dict

    def record(layer: LayerSummary) -> dict[str, Any]:
        entry = layer_to_dict(layer)
        entry["macs"] = amount_to_dict(layer.macs)
        return entry

    return map(record, layers)


def layer_to_dict(layer: LayerSummary) -> dict[str, Any]:
    """One entry of the document's ``layers`` list."""
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


def render_json(summary: ModelSummary, stats: ModelStats | None = None) -> str:
    """One JSON document, indented, with every shape on one line, and a final newline."""
    return "".join(iter_json(summary, stats))


def iter_json(summary: ModelSummary, stats: ModelStats | None = None) -> Iterator[str]:
    """:func:`render_json`'s text in pieces, a layer at a time, so a huge model is never held twice.

    The text is :func:`json_text` of :func:`summary_to_dict`; it is written here because
    the standard encoder's indented mode is pure Python and holds every fragment of the
    document in memory at once.
    """
    yield "{"
    for index, (key, value) in enumerate(_document(summary, stats).items()):
        yield ("," if index else "") + "\n  " + encode_basestring_ascii(key) + ": "
        if key != "layers":
            yield _dump(value, "  ")
            continue
        empty = True
        for layer in value:
            yield ("[" if empty else ",") + "\n    " + _dump(layer, "    ")
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


def _dump(value: Any, indent: str) -> str:
    """``value`` as ``json.dumps(value, indent=2)`` writes it at ``indent``, lists of numbers on one line."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if kind is int:
        return int.__repr__(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = ",\n" + indent + "  "
        items = [encode_basestring_ascii(key) + ": " + _dump(item, indent + "  ") for key, item in value.items()]
        return "{" + inner[1:] + inner.join(items) + "\n" + indent + "}"
    if kind is list:
        if not value:
            return "[]"
        if all([item is None or type(item) is int for item in value]):
            return "[" + ", ".join(["null" if item is None else int.__repr__(item) for item in value]) + "]"
        inner = ",\n" + indent + "  "
        return "[" + inner[1:] + inner.join([_dump(item, indent + "  ") for item in value]) + "\n" + indent + "]"
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    import json

    return json.dumps(value)


# A list of numbers spread over lines by json.dumps(indent=...). Strings cannot hold a raw
# newline, so this only ever matches the document's own structure.
_NUMBER_LIST = r"\[\n\s*((?:-?\d+|null)(?:,\n\s*(?:-?\d+|null))*)\n\s*\]"


def _one_line(match: re.Match) -> str:
    return "[" + ", ".join(item.strip() for item in match.group(1).split(",")) + "]"


def json_text(data: Any, ensure_ascii: bool = True) -> str:
    """``data`` as one indented JSON document with every list of numbers (a shape) on one line."""
    import json  # the other commands' documents; the summary's own is streamed by iter_json

    return re.sub(_NUMBER_LIST, _one_line, json.dumps(data, indent=2, ensure_ascii=ensure_ascii)) + "\n"
