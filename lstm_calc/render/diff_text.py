"""``lstmcalc diff`` as a plain-text table, GitHub Markdown for a pull-request comment, and JSON.

Each shows the changes first (added, removed and changed layers, in the new model's
order), then how many layers are unchanged (naming those only renamed), then the totals
before and after. The JSON document lists every layer, unchanged ones included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.errors import printable
from lstm_calc.model_diff import STATUSES, UNCHANGED, WEIGHTS, trainable_state
from lstm_calc.render.columns import aligned_cells
from lstm_calc.render.json_output import json_text
from lstm_calc.shapes import format_shapes, shapes_to_json
from lstm_calc.sizes import readable_size

if TYPE_CHECKING:
    from lstm_calc.model_diff import LayerChange, ModelDiff, TotalChange
    from lstm_calc.summary import LayerSummary

#: The marker a workflow finds its own earlier comment by, to update it rather than add another.
MARKDOWN_MARKER = "<!-- lstmcalc-diff -->"
HEADERS = ("Status", "Layer (type)", "Params", "Change", "Output shape", "Trainable")
#: Columns of numbers, aligned right.
NUMERIC = (2, 3)


def _signed(count: int) -> str:
    return f"{count:+,}" if count else "0"


def _signed_size(num_bytes: int) -> str:
    sign = "+" if num_bytes > 0 else "-" if num_bytes < 0 else ""
    return sign + readable_size(abs(num_bytes))


def _either(change: LayerChange, read: Any, arrow: str) -> str:
    """``read(layer)`` of the old and new layer: one value where they agree, else ``old -> new``."""
    old = "-" if change.old is None else read(change.old)
    new = "-" if change.new is None else read(change.new)
    if change.old is None:
        return new
    if change.new is None:
        return old
    return old if old == new else f"{old} {arrow} {new}"


def _trainable(layer: LayerSummary) -> str:
    return trainable_state(layer) or "-"


def _cells(change: LayerChange, arrow: str) -> tuple[str, ...]:
    """One changed layer's cells under :data:`HEADERS`."""
    name = _either(change, lambda layer: printable(layer.name), arrow)
    kind = _either(change, lambda layer: layer.type, arrow)
    old = "-" if change.old is None else f"{change.old.params:,}"
    new = "-" if change.new is None else f"{change.new.params:,}"
    difference = _signed(change.params_change)
    if WEIGHTS in change.changes:
        difference += " (weights reshaped)"
    return (
        change.status,
        f"{name} ({kind})",
        f"{old} {arrow} {new}",
        difference,
        _either(change, lambda layer: format_shapes(layer.output_shape), arrow),
        _either(change, _trainable, arrow),
    )


def _unchanged_line(diff: ModelDiff, arrow: str, quote: str = "") -> str:
    """``4 layers unchanged (renamed: lstm_1 -> lstm_2)``."""
    unchanged = [change for change in diff.layers if change.status == UNCHANGED]
    count = len(unchanged)
    line = f"{count} layer{'' if count == 1 else 's'} unchanged"
    renamed = [
        f"{quote}{printable(change.old.name)}{quote} {arrow} {quote}{printable(change.new.name)}{quote}"
        for change in unchanged
        if change.renamed and change.old is not None and change.new is not None
    ]
    return line + (f" (renamed: {', '.join(renamed)})" if renamed else "")


def _total_cells(total: TotalChange) -> tuple[str, str, str]:
    return (
        f"{total.old_params:,} ({readable_size(total.old_bytes)})",
        f"{total.new_params:,} ({readable_size(total.new_bytes)})",
        f"{_signed(total.params_change)} ({_signed_size(total.bytes_change)})",
    )


def _changes(diff: ModelDiff) -> list[LayerChange]:
    return [change for change in diff.layers if change.status != UNCHANGED]


def _model_names(diff: ModelDiff, arrow: str) -> str:
    old, new = printable(diff.old.name), printable(diff.new.name)
    return f'"{old}"' if old == new else f'"{old}" {arrow} "{new}"'


def render_diff_table(diff: ModelDiff) -> str:
    """Plain text for terminals and CI logs: the changed layers in aligned columns, the
    unchanged count, and the totals before and after."""
    arrow = "->"
    lines = [
        f"lstmcalc diff: {printable(diff.old_source)} {arrow} {printable(diff.new_source)}",
        f"Model: {_model_names(diff, arrow)}",
        "",
    ]
    changes = _changes(diff)
    if changes:
        rows = [tuple(header.upper() for header in HEADERS), *(_cells(change, arrow) for change in changes)]
        lines += ["  ".join(cells).rstrip() for cells in aligned_cells(rows, NUMERIC)]
    else:
        lines.append("No layer added, removed or changed.")
    lines += ["", _unchanged_line(diff, arrow), ""]
    totals = [(total.label + ":", *_total_cells(total)) for total in diff.totals]
    for cells in aligned_cells(totals, (1, 2)):
        label, old, new, change = cells
        lines.append(f"{label} {old} {arrow} {new}  {change.rstrip()}".rstrip())
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_diff_markdown(diff: ModelDiff) -> str:
    """GitHub Markdown to post as a pull-request comment: a heading, the total's change, a
    table of the changed layers, the unchanged count and a table of the totals.

    It starts with :data:`MARKDOWN_MARKER`, an HTML comment GitHub does not show.
    """
    arrow = "→"
    total = diff.totals[0]
    lines = [
        MARKDOWN_MARKER,
        f"### lstmcalc diff: `{printable(diff.old_source)}` {arrow} `{printable(diff.new_source)}`",
        "",
        f"Model {_markdown_cell(_model_names(diff, arrow))}: **{total.old_params:,} {arrow} {total.new_params:,} "
        f"parameters ({_signed(total.params_change)})**",
        "",
    ]
    changes = _changes(diff)
    if changes:
        lines += [
            "| " + " | ".join(HEADERS) + " |",
            "| :--- | :--- | ---: | ---: | :--- | :--- |",
            *("| " + " | ".join(map(_markdown_cell, _cells(change, arrow))) + " |" for change in changes),
            "",
        ]
    else:
        lines += ["No layer added, removed or changed.", ""]
    lines += [
        _markdown_cell(_unchanged_line(diff, arrow, "`")) + ".",
        "",
        "| Totals | Old | New | Change |",
        "| :--- | ---: | ---: | ---: |",
        *(f"| {total.label} | " + " | ".join(_total_cells(total)) + " |" for total in diff.totals),
    ]
    return "\n".join(lines) + "\n"


def _layer_to_dict(layer: LayerSummary | None) -> dict[str, Any] | None:
    if layer is None:
        return None
    return {
        "name": layer.name,
        "type": layer.type,
        "output_shape": shapes_to_json(layer.output_shape),
        "params": layer.params,
        "trainable_params": layer.trainable_params,
        "non_trainable_params": layer.non_trainable_params,
        "trainable": trainable_state(layer),
    }


def diff_to_dict(diff: ModelDiff) -> dict[str, Any]:
    """The comparison as JSON-ready data; its keys are a stable interface (see the README).

    ``layers`` holds every layer of either model, each with its ``status`` (added,
    removed, changed, unchanged), the ``old`` and ``new`` layer (``null`` where it is
    missing), ``changes`` (which of type, params, output_shape, trainable, weights
    differ) and ``params_change``; ``totals`` each count and byte size ``old``, ``new``
    and ``change``.
    """
    totals: dict[str, Any] = {}
    for total in diff.totals:
        totals[total.key] = {"old": total.old_params, "new": total.new_params, "change": total.params_change}
    for total, key in zip(diff.totals, ("param_bytes", "trainable_bytes", "non_trainable_bytes")):
        totals[key] = {"old": total.old_bytes, "new": total.new_bytes, "change": total.bytes_change}
    return {
        "old": {"source": diff.old_source, "name": diff.old.name},
        "new": {"source": diff.new_source, "name": diff.new.name},
        "counts": {status: diff.count(status) for status in STATUSES},
        "layers": [
            {
                "status": change.status,
                "old": _layer_to_dict(change.old),
                "new": _layer_to_dict(change.new),
                "changes": list(change.changes),
                "params_change": change.params_change,
            }
            for change in diff.layers
        ],
        "totals": totals,
        "total_increased": diff.total_increased,
    }


def render_diff_json(diff: ModelDiff) -> str:
    """One JSON document for ``diff --format json``."""
    return json_text(diff_to_dict(diff))
