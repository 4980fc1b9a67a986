"""``summary --compare``: Keras's and PyTorch's count of each layer side by side, with the reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.render.columns import aligned_cells
from lstm_calc.render.json_output import json_text
from lstm_calc.render.prose import DEFAULT_WIDTH, wrap

if TYPE_CHECKING:
    from lstm_calc.compare import Comparison

HEADERS = ("Layer (type)", "Keras", "PyTorch", "Diff", "Why")
NUMERIC = (1, 2, 3)
#: Narrower than this, the Why column moves under each row, indented by WHY_INDENT.
MIN_WHY_WIDTH = 24
WHY_INDENT = "    "


def _count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _difference(value: int | None) -> str:
    if value is None:
        return "-"
    return f"{value:+,}" if value else "0"


def render_compare(comparison: Comparison, width: int = DEFAULT_WIDTH) -> str:
    """An aligned plain-text table: one row per layer, the totals, and why each count differs.

    The counts never wrap; the reasons wrap at word boundaries to ``width`` columns, in
    their column, or under each row where that column would be too narrow to read.
    """
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
    counts_columns = aligned_cells([row[:-1] for row in rows], NUMERIC)
    why_column = sum(map(len, counts_columns[0])) + 2 * len(counts_columns[0])
    beside = width - why_column >= MIN_WHY_WIDTH
    lines = wrap(f'Model: "{comparison.name}", parameters as Keras 3 and torch.nn count them', width)
    for index, row in enumerate(rows):
        counts = "  ".join(counts_columns[index])
        if not index:
            lines.append(f"{counts}  {row[-1]}")
        elif beside:
            why = wrap(row[-1], width - why_column) or [""]
            lines.append(f"{counts}  {why[0]}".rstrip())
            lines += [" " * why_column + line for line in why[1:]]
        else:
            lines += [counts.rstrip(), *wrap(row[-1], width, WHY_INDENT)]
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
