"""A PyTorch model's summary as torchinfo 1.8 prints it: ``torchinfo.summary(model, input_size=..., depth=N)``.

Drawn from :attr:`ModelSummary.module_calls`, with torchinfo's rules (torchinfo/layer_info.py,
formatting.py, model_statistics.py): rows to ``depth``, numbered ``depth-index`` per depth over
every call; a container's Param # is what its shown children leave over (``--`` for none), its
whole count where ``depth`` collapses it; a module called again is ``(recursive)``. Mult-adds
per call are torchinfo's ``calculate_macs`` (each parameter times the batch, or times batch and
time steps for an RNN's ``weight_ih_l0``, or times batch and output positions for a Conv);
only leaves count toward the totals, pass size (twice each output of a leaf with parameters) and
parameter size. Input size is the input tensors' storage as ``sys.getsizeof`` reports it.

torchinfo needs every input size: an unknown batch is 1, any other unknown axis 8, and the rows
are then :attr:`ModelSummary.torchinfo_calls`, computed from those sizes; a line under the table
says so. A size still unknown (a value ``forward`` computes from data) is shown as ``?``, and the
figures that need it as ``?`` too: never a size set after the fact.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import TYPE_CHECKING

from lstm_calc.module_calls import ID_BYTES, UNKNOWN_BATCH, UNKNOWN_SIZE, takes_ids
from lstm_calc.sizes import DTYPE_BYTES, variable_dtype

if TYPE_CHECKING:
    from lstm_calc.module_calls import ModuleCall
    from lstm_calc.summary import ModelSummary

#: torchinfo's columns (its col_names) and their titles, in the order --columns may name them.
HEADER_TITLES = {
    "input_size": "Input Shape",
    "output_size": "Output Shape",
    "num_params": "Param #",
    "params_percent": "Param %",
    "mult_adds": "Mult-Adds",
    "trainable": "Trainable",
}
DEFAULT_COLUMNS = ("output_size", "num_params")
#: The columns of lstmcalc's ``--columns`` (lstm_calc.render.summary_columns keys) torchinfo has.
TORCHINFO_KEYS = {
    "input_shape": "input_size",
    "output_shape": "output_size",
    "params": "num_params",
    "params_percent": "params_percent",
    "macs": "mult_adds",
    "trainable": "trainable",
}
DEFAULT_DEPTH = 3
COLUMN_WIDTH = 25
LAYER_NAME_WIDTH = 40
#: What ``sys.getsizeof`` adds to a tensor's storage bytes (torch's UntypedStorage object).
STORAGE_OVERHEAD = 64


class Units(str, Enum):
    # torchinfo's own enum: its name in the totals prints as this Python prints a str Enum
    # (``Units.MEGABYTES`` from 3.11, ``M`` before), so lstmcalc prints what torchinfo would.
    MEGABYTES = "M"
    GIGABYTES = "G"
    TERABYTES = "T"


class _Row:
    """One call as torchinfo's LayerInfo holds it, sized for the chosen input."""

    def __init__(
        self, call: ModuleCall, output: list[int | None], leaf: bool, recursive: bool, elem_bytes: int
    ) -> None:
        self.call = call
        self.depth: int = call.depth
        self.depth_index = 0
        self.children: list[_Row] = []
        self.input_size: list[int | None] = []
        self.output_size = output
        self.leaf = leaf
        self.recursive = recursive
        #: Whether every size of the call's tensors is known (a value forward could not follow leaves one unknown).
        self.known = None not in output
        sizes = [size or 0 for size in output]
        self.output_bytes = elem_bytes * math.prod(sizes) if output else 0
        self.param_bytes = 0
        self.macs = _macs(call, sizes)
        #: Holds parameters beyond its own whose calls were not recorded (none for torchinfo's uncalled out_proj).
        self.unfollowed_inside = not call.uncalled_submodules and (
            call.params != sum(weight.size for weight in call.own_weights)
            or any("." in weight.name for weight in call.own_weights)  # a submodule's weight: layers.0.linear1.weight
        )

    @property
    def num_params(self) -> int:
        return int(self.call.params)

    @property
    def trainable_params(self) -> int:
        return int(self.call.trainable_params)

    def leftover_params(self) -> int:
        return self.num_params - sum(
            child.num_params if child.leaf else child.leftover_params()
            for child in self.children
            if not child.recursive
        )

    def leftover_trainable_params(self) -> int:
        return self.trainable_params - sum(
            child.trainable_params if child.leaf else child.leftover_trainable_params()
            for child in self.children
            if not child.recursive
        )

    def name(self, ascii_only: bool) -> str:
        name = self.call.class_name
        if self.depth > 0:
            name += f": {self.depth}-{self.depth_index}"
        if self.depth == 0:
            return name
        if self.depth == 1:
            return ("+ " if ascii_only else "├─") + name
        return ("|    " if ascii_only else "│    ") * (self.depth - 1) + ("+ " if ascii_only else "└─") + name

    def values(self, reached_max_depth: bool, total_params: int, complete: bool) -> dict[str, str]:
        """The row's cells; ``complete``: forward was followed to its end, so every call is a row."""
        return {
            "input_size": _size_text(self.input_size) if self.input_size else "--",
            "output_size": _size_text(self.output_size) if self.output_size else "--",
            "num_params": self._params_text(reached_max_depth, complete),
            "params_percent": self._percent_text(reached_max_depth, total_params, complete),
            "mult_adds": self._macs_text(reached_max_depth),
            "trainable": self._trainable_text(),
        }

    def _params_text(self, reached_max_depth: bool, complete: bool) -> str:
        if self.num_params == 0:
            return "--"
        if self.recursive:
            return "(recursive)"
        if self.leaf and self.unfollowed_inside and not reached_max_depth:
            return "?"  # torchinfo's rows for the modules inside take their share, which calls lstmcalc did not follow
        if reached_max_depth or self.leaf:
            text = f"{self.num_params:,}"
            return text if self.trainable_params else f"({text})"
        leftover = self.leftover_params()
        if leftover > 0 and not complete:
            return "?"  # calls forward makes after where lstmcalc stopped may give them rows of their own
        return f"{leftover:,}" if leftover > 0 else "--"

    def _percent_text(self, reached_max_depth: bool, total_params: int, complete: bool) -> str:
        zero = f"{' ' * 5}--"
        if total_params == 0:
            return zero
        if self.recursive:
            return "(recursive)"
        if self.leaf and self.unfollowed_inside and not reached_max_depth:
            return "?"
        params = self.num_params if reached_max_depth or self.leaf else self.leftover_params()
        if params == 0:
            return zero
        if not (reached_max_depth or self.leaf or complete):
            return "?"
        return f"{params / total_params:>7.2%}"

    def _macs_text(self, reached_max_depth: bool) -> str:
        counted = [self] if self.leaf else [child for child in self.children if child.leaf] if reached_max_depth else []
        if not all(row.known for row in [self, *counted]):
            return "?"  # a size forward could not follow
        if self.macs <= 0:
            return "--"
        if self.leaf:
            return f"{self.macs:,}"
        if reached_max_depth:
            return f"{sum(child.macs for child in counted):,}"
        return "--"

    def _trainable_text(self) -> str:
        if self.num_params == 0:
            return "--"
        if self.trainable_params == 0:
            return "False"
        return "True" if self.num_params == self.trainable_params else "Partial"


def torchinfo_columns(columns: tuple[str, ...] | None, show_trainable: bool) -> tuple[str, ...]:
    """torchinfo's col_names for ``--columns`` (summary_columns keys; None for torchinfo's default) and
    ``--show-trainable`` (Trainable last unless placed); ValueError for a column torchinfo has not."""
    keys: tuple[str, ...]
    if columns is None:
        keys = DEFAULT_COLUMNS
    else:
        missing = [key for key in columns if key not in TORCHINFO_KEYS]
        if missing:
            raise ValueError(f"torchinfo's table has no {missing[0]} column; choose from {', '.join(HEADER_TITLES)}")
        keys = tuple(TORCHINFO_KEYS[key] for key in columns)
    return keys + (("trainable",) if show_trainable and "trainable" not in keys else ())


def render_torchinfo(
    summary: ModelSummary,
    depth: int = DEFAULT_DEPTH,
    columns: tuple[str, ...] = DEFAULT_COLUMNS,
    ascii_only: bool = False,
) -> str:
    """torchinfo's text for ``summary``'s module calls (which must be there), ``depth`` and ``columns``
    (keys of :data:`HEADER_TITLES`; ``ascii_only`` as torchinfo's row setting), then the summary's
    notes and a line on any size set for torchinfo."""
    calls = summary.torchinfo_calls or summary.module_calls
    model_inputs = calls[0].inputs or ()
    sizes = [[size or 0 for size in shape] for shape in model_inputs]
    float_bytes = DTYPE_BYTES[variable_dtype(summary.dtype)]
    ids = [takes_ids(calls, shape) for shape in model_inputs]
    param_bytes = {row.name: row.bytes_per_param for row in summary.layers}
    rows = _rows(calls, float_bytes, param_bytes)
    input_bytes = sum(
        (ID_BYTES if is_ids else float_bytes) * math.prod(size) + STORAGE_OVERHEAD for size, is_ids in zip(sizes, ids)
    )
    total_params = trainable_params = total_macs = output_bytes = total_param_bytes = 0
    for row in rows:
        if row.leaf:
            total_macs += row.macs
            if row.num_params > 0:
                output_bytes += row.output_bytes * 2
            if row.recursive:
                continue
            total_params += max(row.num_params, 0)
            total_param_bytes += row.param_bytes
            trainable_params += max(row.trainable_params, 0)
        elif not row.recursive:
            total_params += max(row.leftover_params(), 0)
            trainable_params += max(row.leftover_trainable_params(), 0)
    # Forward followed to its end (or not at all, without --input-shape): every module it calls is a row.
    complete = calls[0].inputs is None or calls[0].outputs is not None
    name_width = _layer_name_width(rows)
    divider = "=" * (len(columns) * COLUMN_WIDTH + name_width)
    lines = [divider, _format_row("Layer (type:depth-idx)", HEADER_TITLES, columns, name_width), divider]
    for row in rows:
        if row.depth <= depth:
            values = row.values(row.depth == depth, total_params, complete)
            lines.append(_format_row(row.name(ascii_only), values, columns, name_width))
    total_bytes = input_bytes + output_bytes + total_param_bytes
    # Where forward was not followed, the figures that need every output are unknown, not zero.
    followed = calls[0].inputs is not None and all(call.outputs is not None for call in calls)
    followed = followed and all(None not in shape for shape in model_inputs) and all(row.known for row in rows)
    # A module whose own calls inside were not followed (a TransformerEncoder's layers, a cell's time
    # loop) is a leaf here but not in torchinfo's table: its sums would differ from torchinfo's.
    inside = not any(row.leaf and row.unfollowed_inside for row in rows)
    followed = followed and inside
    lines += [
        divider,
        f"Total params: {total_params:,}",
        f"Trainable params: {trainable_params:,}",
        f"Non-trainable params: {total_params - trainable_params:,}",
        f"Total mult-adds{_mult_adds(total_macs)}" if followed else "Total mult-adds: ?",
        divider,
        f"Input size (MB): {input_bytes / 1e6:0.2f}" if followed else "Input size (MB): ?",
        f"Forward/backward pass size (MB): {output_bytes / 1e6:0.2f}"
        if followed
        else "Forward/backward pass size (MB): ?",
        f"Params size (MB): {total_param_bytes / 1e6:0.2f}" if inside and complete else "Params size (MB): ?",
        f"Estimated Total Size (MB): {total_bytes / 1e6:0.2f}" if followed else "Estimated Total Size (MB): ?",
        divider,
        *summary.notes,
    ]
    given = summary.module_calls[0].inputs or ()
    if summary.torchinfo_calls and any(None in shape[1:] for shape in given):
        shown = ", ".join(str(tuple(size)) for size in sizes)
        lines.append(f"Unknown sizes set to {UNKNOWN_SIZE} (batch {UNKNOWN_BATCH}) for torchinfo's input_size: {shown}")
    return "\n".join(lines) + "\n"


def _size_text(size: list[int | None]) -> str:
    """A size as torchinfo prints it (``[4, 10, 64]``), ``?`` for an axis lstmcalc does not know."""
    return "[" + ", ".join("?" if axis is None else str(axis) for axis in size) + "]"


def _rows(calls: tuple[ModuleCall, ...], float_bytes: int, param_bytes: dict[str, int]) -> list[_Row]:
    """One row per call, as torchinfo's summary_list: a container shown without a call (a ModuleList) is
    one LayerInfo wherever it is put, so all its rows share one row (the last one's index, and
    recursive if it is put more than once or its module is called too)."""
    rows: list[_Row] = []
    seen: set[str] = set()
    called = {call.path for call in calls if call.called}
    shown: dict[str, _Row] = {}
    for index, call in enumerate(calls):
        if not call.called and call.path in shown:
            shown[call.path].recursive = True
            rows.append(shown[call.path])
            continue
        following = calls[index + 1] if index + 1 < len(calls) else None
        leaf = not call.uncalled_submodules and (following is None or following.depth <= call.depth)
        output = list(call.outputs[0]) if call.outputs else []
        recursive = call.path in seen if call.called else call.path in called
        row = _Row(call, output, leaf, recursive, float_bytes)
        row.input_size = list(call.inputs[0]) if call.inputs else []
        row.param_bytes = sum(weight.size for weight in call.own_weights) * param_bytes.get(call.path, float_bytes)
        if call.called:
            seen.add(call.path)
        else:
            shown[call.path] = row
        rows.append(row)
    counts: dict[int, int] = {}
    for index, row in enumerate(rows):
        counts[row.depth] = counts.get(row.depth, 0) + 1
        row.depth_index = counts[row.depth]
        row.children = []
        for later in rows[index + 1 :]:
            if later.depth <= row.depth:
                break
            row.children.append(later)
    return rows


def _macs(call: ModuleCall, output: list[int]) -> int:
    """torchinfo's calculate_macs: a weight or bias times the batch (times output positions for a
    Conv); any other parameter named for a weight or bias (an RNN's weight_ih_l0) times batch and steps.
    A container sees its submodules' parameters too, each named ``child.weight``: batch and steps."""
    if not output:
        return 0  # where forward was not followed, torchinfo has no output either
    macs = math.prod(output[:2]) * (call.params - sum(weight.size for weight in call.own_weights))
    for weight in call.own_weights:
        name = weight.name
        if name in ("weight", "bias"):
            if "Conv" in call.class_name:
                macs += weight.size * math.prod(output[:1] + output[2:])
            else:
                macs += output[0] * weight.size
        elif "weight" in name or "bias" in name:
            macs += math.prod(output[:2]) * weight.size
    return int(macs)


def _layer_name_width(rows: list[_Row]) -> int:
    longest = 0
    for row in rows:
        title = row.call.class_name + (f": {row.depth}-{row.depth_index}" if row.depth > 0 else "")
        longest = max(longest, len(title) + row.depth * 5 + 1)
    return math.ceil(longest / 5) * 5 if longest >= LAYER_NAME_WIDTH else LAYER_NAME_WIDTH


def _format_row(name: str, values: dict[str, str], columns: tuple[str, ...], name_width: int) -> str:
    line = f"{name:<{name_width}} "
    for column in columns:
        line += f"{values.get(column, ''):<{COLUMN_WIDTH}} "
    return line.rstrip()


def _mult_adds(macs: int) -> str:
    """torchinfo's ``format_output_num`` with automatic units: millions, or billions, trillions."""
    if macs >= 1e12:
        units, converted = Units.TERABYTES, macs / 1e12
    elif macs >= 1e9:
        units, converted = Units.GIGABYTES, macs / 1e9
    else:
        units, converted = Units.MEGABYTES, macs / 1e6
    if converted.is_integer():
        return f" ({units}): {int(converted):,d}"
    return f" ({units}): {converted:,.2f}"
