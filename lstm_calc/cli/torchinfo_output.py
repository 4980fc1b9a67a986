"""``summary``'s table for a PyTorch model: torchinfo's layout, and the options that shape it (``--depth``)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from lstm_calc.summary_output import torchinfo_text

if TYPE_CHECKING:
    from lstm_calc.summary import ModelSummary


def printed_torchinfo(
    result: ModelSummary,
    output_format: str,
    stats: bool,
    depth: int | None,
    columns: tuple[str, ...] | None,
    show_trainable: bool,
    line_length: int | None,
) -> bool:
    """Print torchinfo's table where ``summary`` shows it: a PyTorch model's table without ``--stats``
    (whose figures are for --batch-size and --dtype, in lstmcalc's own layout); whether it did.
    Elsewhere ``--depth`` is a usage error."""
    if result.module_calls and output_format == "table" and not stats:
        print_torchinfo(result, depth, columns, show_trainable, line_length)
        return True
    if depth is not None:
        _refuse_depth(result, output_format, stats)
    return False


def _refuse_depth(result: ModelSummary, output_format: str, stats: bool) -> None:
    """``--depth`` where torchinfo's table is not printed: a usage error saying why."""
    if output_format != "table":
        raise click.UsageError(
            f"--depth sets how deep torchinfo's table goes; --format {output_format} has every layer"
        )
    if stats:
        raise click.UsageError("--depth sets how deep torchinfo's table goes; --stats prints lstmcalc's own table")
    raise click.UsageError(
        f"--depth is torchinfo's depth, for PyTorch models (framework: pytorch); '{result.name}' is a "
        f"{'Keras' if result.framework != 'pytorch' else 'PyTorch'} model whose table has one row per layer"
    )


def print_torchinfo(
    result: ModelSummary,
    depth: int | None,
    columns: tuple[str, ...] | None,
    show_trainable: bool,
    line_length: int | None,
) -> None:
    """Print torchinfo's text for ``result``, as ``torchinfo.summary(model, input_size=..., depth=...)``
    prints it (the same text on a terminal or not; ASCII where the output cannot take box drawing)."""
    from lstm_calc.render.torchinfo_table import torchinfo_columns

    if line_length is not None:
        raise click.UsageError("--line-length sets Keras's table width; torchinfo's columns are 25 characters wide")
    try:
        chosen = torchinfo_columns(columns, show_trainable)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    sys.stdout.write(torchinfo_text(result, depth, chosen))
