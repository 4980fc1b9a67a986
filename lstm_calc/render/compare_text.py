"""``summary --compare``: Keras's and PyTorch's count of each layer side by side, with the reason."""

from __future__ import annotations

from typing import Any, Optional

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.compare import Comparison
from lstm_calc.render.json_output import json_text

HEADERS = ("Layer (type)", "Keras", "PyTorch", "Diff", "Why")
NUMERIC = (1, 2, 3)


def _count(value: Optional[int]) -> str:
    return "-" if value is None else f"{value:,}"


def _difference(value: Optional[int]) -> str:
    if value is None:
        return "-"
    return f"{value:+,}" if value else "0"


def render_compare(comparison: Comparison) -> str:
    """An aligned plain-text table: one row per layer, the totals, and why each count differs."""
    rows = [HEADERS]
    for layer in comparison.layers:
        rows.append(
            (
                f"{layer.name} ({layer.type})",
                _count(layer.keras_params),
                _count(layer.pytorch_params),
                _difference(layer.difference),
                layer.note,
            )
        )
    keras, torch = comparison.total(KERAS), comparison.total(PYTORCH)
    difference = None if keras is None or torch is None else torch - keras
    rows.append(("Total", _count(keras), _count(torch), _difference(difference), ""))
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADERS) - 1)]
    lines = [f'Model: "{comparison.name}", parameters as Keras 3 and torch.nn count them']
    for row in rows:
        cells = [
            cell.rjust(width) if column in NUMERIC else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data; ``null`` where a convention has no such layer."""
    return {
        "name": comparison.name,
        "layers": [
            {
                "name": layer.name,
                "type": layer.type,
                "keras_params": layer.keras_params,
                "pytorch_params": layer.pytorch_params,
                "difference": layer.difference,
                "note": layer.note,
            }
            for layer in comparison.layers
        ],
        "keras_total_params": comparison.total(KERAS),
        "pytorch_total_params": comparison.total(PYTORCH),
    }


def render_compare_json(comparison: Comparison) -> str:
    """One JSON document for ``summary --compare --format json``."""
    return json_text(comparison_to_dict(comparison), ensure_ascii=False)
