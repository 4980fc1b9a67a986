"""The total lines Keras prints under a summary, shared by every text renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.sizes import readable_size

if TYPE_CHECKING:
    from lstm_calc.summary import ModelSummary


def total_lines(summary: ModelSummary) -> list[tuple[str, str, str]]:
    """``(label, count, size)`` rows: ``("Total params", "203,459", "794.76 KB")``...

    A compiled Keras model's optimizer adds its variables to the Total and a fourth line,
    ``Optimizer params``, as Keras's summary does once it has built the optimizer.
    """
    optimizer = summary.optimizer
    total, total_bytes = summary.total_params, summary.param_bytes
    if optimizer is not None:
        total, total_bytes = total + optimizer.params, total_bytes + optimizer.bytes
    lines = [
        ("Total params", f"{total:,}", readable_size(total_bytes)),
        ("Trainable params", f"{summary.trainable_params:,}", readable_size(summary.trainable_bytes)),
        ("Non-trainable params", f"{summary.non_trainable_params:,}", readable_size(summary.non_trainable_bytes)),
    ]
    if optimizer is not None:
        lines.append(("Optimizer params", f"{optimizer.params:,}", readable_size(optimizer.bytes)))
    return lines
