"""The columns of the summary table: which ones, in what order, their titles, alignment and widths.

The first column is always Keras's "Layer (type)"; the others are chosen by key. Without
a choice they are Keras's (Output Shape, Param #, Connected to for a graph), with MACs
for ``--stats`` and Trainable for ``--show-trainable``. ``--columns`` takes torchinfo's
``col_names`` spellings (``input_size``, ``output_size``, ``num_params``,
``params_percent``, ``mult_adds``, ``trainable``) or the Keras-flavoured ones
(``input_shape``, ``output_shape``, ``params``, ``macs``, ``connected_to``).

Keras's positions (fractions of the line length where each column ends) are kept for
Keras's own sets of columns, and Keras's rule for its Trainable column (every position
times 0.9, the last 10% for Trainable, the line 12 columns longer). In any other choice
the counts and Trainable take the width they need and the text columns share the rest
(:func:`chosen_widths`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.shapes import format_shapes

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Literal

    from lstm_calc.summary import LayerSummary, ModelSummary

NAME_TITLE = "Layer (type)"
#: Every spelling ``--columns`` takes, and the column it names.
COLUMN_SPELLINGS = {
    "input_shape": "input_shape",
    "input_size": "input_shape",
    "output_shape": "output_shape",
    "output_size": "output_shape",
    "params": "params",
    "num_params": "params",
    "params_percent": "params_percent",
    "macs": "macs",
    "mult_adds": "macs",
    "trainable": "trainable",
    "connected_to": "connected_to",
}
TITLES = {
    "input_shape": "Input Shape",
    "output_shape": "Output Shape",
    "params": "Param #",
    "params_percent": "Param %",
    "macs": "MACs",
    "connected_to": "Connected to",
    "trainable": "Trainable",
}
JUSTIFY: dict[str, Literal["left", "center", "right"]] = {
    "name": "left",
    "input_shape": "left",
    "output_shape": "left",
    "params": "right",
    "params_percent": "right",
    "macs": "right",
    "connected_to": "left",
    "trainable": "center",
}
#: The columns of counts, which keep their whole width (never wrapped).
NUMERIC = frozenset(("params", "params_percent", "macs"))
#: Keras's positions for its sets of columns, and lstmcalc's with MACs.
_KERAS_POSITIONS = {
    ("output_shape", "params"): (0.45, 0.80, 1.0),
    ("output_shape", "params", "connected_to"): (0.3, 0.56, 0.74, 1.0),
    ("output_shape", "params", "macs"): (0.38, 0.65, 0.82, 1.0),
    ("output_shape", "params", "macs", "connected_to"): (0.25, 0.45, 0.58, 0.72, 1.0),
}
#: Keras's summary is this much wider with its Trainable column.
TRAINABLE_EXTRA_LENGTH = 12
#: How the text columns share the line in a choice Keras has no positions for.
_SHARES = {"name": 3.0, "input_shape": 2.0, "output_shape": 2.0, "connected_to": 2.5}


class UnknownColumnError(ValueError):
    """A ``--columns`` name that is no column; the message lists the names there are."""


def parse_columns(text: str) -> tuple[str, ...]:
    """The column keys a ``--columns`` value names (comma-separated, in order, no repeats)."""
    keys: list[str] = []
    for spelling in (part.strip() for part in text.split(",")):
        if spelling not in COLUMN_SPELLINGS:
            raise UnknownColumnError(f"unknown column {spelling!r}; choose from {', '.join(sorted(COLUMN_SPELLINGS))}")
        if COLUMN_SPELLINGS[spelling] in keys:
            raise UnknownColumnError(f"column {spelling!r} is named twice")
        keys.append(COLUMN_SPELLINGS[spelling])
    return tuple(keys)


def default_columns(summary: ModelSummary, with_macs: bool, show_trainable: bool = False) -> tuple[str, ...]:
    """Keras's columns for ``summary``, with MACs (``--stats``) and Trainable (``--show-trainable``)."""
    keys = ("output_shape", "params") + (("macs",) if with_macs else ())
    keys += () if summary.sequential_like else ("connected_to",)
    return keys + (("trainable",) if show_trainable else ())


def chosen_columns(
    summary: ModelSummary, with_macs: bool, columns: tuple[str, ...] | None, show_trainable: bool
) -> tuple[str, ...] | None:
    """The columns ``--columns`` and ``--show-trainable`` ask for (Trainable last unless placed), or
    None for Keras's own."""
    if columns is None and not show_trainable:
        return None
    keys = columns if columns is not None else default_columns(summary, with_macs)
    return keys + (("trainable",) if show_trainable and "trainable" not in keys else ())


def default_line_length(summary: ModelSummary, columns: tuple[str, ...]) -> int:
    """Keras's line length for the table: 88, 108 with Connected to, 12 more with Trainable."""
    length = 88 if summary.sequential_like else 108
    return length + (TRAINABLE_EXTRA_LENGTH if "trainable" in columns else 0)


def positions(columns: tuple[str, ...]) -> tuple[float, ...] | None:
    """Where each column ends (the name column first), as fractions of the line length, for
    Keras's sets of columns (and lstmcalc's with MACs); None for any other choice."""
    if columns and columns[-1] == "trainable" and columns[:-1] in _KERAS_POSITIONS:
        return (*(position * 0.90 for position in _KERAS_POSITIONS[columns[:-1]]), 1.0)
    return _KERAS_POSITIONS.get(columns)


def chosen_widths(summary: ModelSummary, columns: tuple[str, ...], line_length: int) -> list[int]:
    """The text width of each column of a choice Keras has no layout for.

    Counts and Trainable take what their longest cell or title needs; the text columns
    (name, shapes, Connected to) share the rest of ``line_length`` by :data:`_SHARES`,
    none narrower than its title's longest word.
    """
    headers = titles(columns)
    rows = [cell_texts(summary, layer, columns) for layer in summary.layers]
    widths = [0] * len(headers)
    texts = [0]
    for index, key in enumerate(columns, 1):
        if key in NUMERIC or key == "trainable":
            widths[index] = max([len(headers[index])] + [len(row[index - 1]) for row in rows])
        else:
            texts.append(index)
    # Each column has a space of padding either side and a border on its left; one more border ends the line.
    room = line_length - 3 * len(headers) - 1 - sum(widths)
    keys = ("name", *columns)
    total = sum(_SHARES[keys[index]] for index in texts)
    for index in texts:
        widths[index] = int(room * _SHARES[keys[index]] / total)
    widths[0] += max(0, room - sum(widths[index] for index in texts))
    for index in texts:
        widths[index] = max(widths[index], *map(len, headers[index].split()))
    return widths


def titles(columns: tuple[str, ...]) -> tuple[str, ...]:
    """The titles of the name column and of ``columns``."""
    return (NAME_TITLE, *(TITLES[key] for key in columns))


def trainable_mark(layer: LayerSummary) -> str:
    """Keras's Trainable cell: ``-`` for a layer without weights, else ``Y`` or ``N`` by the layer's flag."""
    if not layer.weights:
        return "-"
    return "Y" if layer.trainable else "N"


def params_percent(layer: LayerSummary, summary: ModelSummary) -> str:
    """The layer's share of the model's parameters, as torchinfo writes it (``--`` for none)."""
    if not summary.total_params or not layer.params:
        return "--"
    return f"{layer.params / summary.total_params:.2%}"


def cell_texts(
    summary: ModelSummary,
    layer: LayerSummary,
    columns: tuple[str, ...],
    number: Callable[[int | None], str] = str,
) -> list[str]:
    """The texts of ``layer``'s cells after its name, plain or (with ``number``) marked up for rich."""
    texts = []
    for key in columns:
        if key == "input_shape":
            texts.append(format_shapes(layer.input_shape, number))
        elif key == "output_shape":
            texts.append(format_shapes(layer.output_shape, number))
        elif key == "params":
            texts.append(f"{layer.params:,}")
        elif key == "params_percent":
            texts.append(params_percent(layer, summary))
        elif key == "macs":
            from lstm_calc.render.stats_text import macs_cell

            texts.append(macs_cell(layer.macs))
        elif key == "connected_to":
            texts.append(", ".join(map(str, layer.connected_to)) or "-")
        else:
            texts.append(trainable_mark(layer))
    return texts
