"""The JSON document other tools read; its keys are a stable interface."""

from __future__ import annotations

from typing import Any, Iterator

try:  # the C function behind json.dumps; the json package itself takes a millisecond to import
    from _json import encode_basestring_ascii
except ImportError:  # pragma: no cover - Pythons without the C accelerator
    from json.encoder import encode_basestring_ascii  # type: ignore[assignment]

from lstm_calc.shapes import shapes_to_json
from lstm_calc.summary import LayerSummary, ModelSummary


def summary_to_dict(summary: ModelSummary) -> dict[str, Any]:
    """The summary as plain JSON-ready data: shapes as lists with ``None`` for unknown axes."""
    document = _document(summary)
    document["layers"] = list(document["layers"])
    return document


def _document(summary: ModelSummary) -> dict[str, Any]:
    # The layers come as an iterator, so that iter_json can stream them.
    return {
        "name": summary.name,
        "framework": summary.framework,
        "dtype": summary.dtype,
        "input_shape": shapes_to_json(summary.input_shape),
        "layers": map(layer_to_dict, summary.layers),
        "total_params": summary.total_params,
        "trainable_params": summary.trainable_params,
        "non_trainable_params": summary.non_trainable_params,
        "param_bytes": summary.param_bytes,
    }


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
    }


def render_json(summary: ModelSummary) -> str:
    """One JSON document, indented, with every shape on one line, and a final newline."""
    return "".join(iter_json(summary))


def iter_json(summary: ModelSummary) -> Iterator[str]:
    """:func:`render_json`'s text in pieces, a layer at a time, so a huge model is never held twice.

    The text is ``json.dumps(summary_to_dict(summary), indent=2)`` with each list of
    numbers on one line; it is written here because the standard encoder's indented
    mode is pure Python and holds every fragment of the document in memory at once.
    """
    yield "{"
    for index, (key, value) in enumerate(_document(summary).items()):
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
