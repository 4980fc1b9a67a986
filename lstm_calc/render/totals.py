"""The three total lines Keras prints under a summary, shared by every text renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.sizes import readable_size

if TYPE_CHECKING:
    from lstm_calc.summary import ModelSummary


def total_lines(summary: ModelSummary) -> list[tuple[str, str, str]]:
    """``(label, count, size)`` rows: ``("Total params", "203,459", "794.76 KB")``..."""
    return [
        ("Total params", f"{summary.total_params:,}", readable_size(summary.param_bytes)),
        ("Trainable params", f"{summary.trainable_params:,}", readable_size(summary.trainable_bytes)),
        ("Non-trainable params", f"{summary.non_trainable_params:,}", readable_size(summary.non_trainable_bytes)),
    ]
