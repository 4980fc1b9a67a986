"""Pieces both exporters write: Python literals and the file's opening docstring."""

from __future__ import annotations

import json
import keyword
import math
import re
from typing import Any

from lstm_calc import __version__
from lstm_calc.shapes import format_shapes
from lstm_calc.sizes import readable_size
from lstm_calc.spec import ModelSpec
from lstm_calc.summary import ModelSummary


def python_literal(value: Any) -> str:
    """``value`` as Python source: double-quoted strings, tuples for lists."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    if isinstance(value, (list, tuple)):
        items = [python_literal(item) for item in value]
        return "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def file_docstring(summary: ModelSummary, source: str, framework_title: str, run_hint: str) -> str:
    """What the file is, what lstmcalc counts for it, and how to run it."""
    size = readable_size(summary.param_bytes)
    shapes = format_shapes(summary.output_shape)
    return (
        f'"""The model "{summary.name}" of {source}, written by lstmcalc {__version__} for {framework_title}.\n'
        "\n"
        f"lstmcalc counts {summary.total_params:,} parameters ({size}), "
        f"{summary.trainable_params:,} of them trainable;\n"
        f"input {format_shapes(summary.input_shape)}, output {shapes}. Run this file to compare:\n"
        "\n"
        f"    {run_hint}\n"
        '"""\n'
    )


def python_name(name: str, taken: set[str], reserved: frozenset[str] = frozenset()) -> str:
    """An identifier for ``name`` that is no keyword, not in ``reserved`` nor in ``taken`` (which it joins)."""
    identifier = re.sub(r"\W", "_", name)
    if not identifier or identifier[0].isdigit():
        identifier = "layer_" + identifier
    if keyword.iskeyword(identifier) or identifier in reserved or identifier.startswith("_"):
        identifier += "_"
    while identifier in taken:
        identifier += "_"
    taken.add(identifier)
    return identifier


def layer_uses(model: ModelSpec) -> dict[int, int]:
    """How many entries apply each layer (by id of its spec): more than one for a shared layer."""
    uses: dict[int, int] = {}
    for node in model.nodes:
        uses[id(node.layer)] = uses.get(id(node.layer), 0) + 1
    return uses
