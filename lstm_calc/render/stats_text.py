"""The ``--stats`` figures as text cells, footer lines and JSON, shared by the table, Markdown and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.sizes import readable_size

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.amount import Amount
    from lstm_calc.stats import ModelStats

PER_STEP = "per time step"
#: A table cell's short form of "per time step"; the footer's note says what T is.
TIMES_STEPS = "× T"


def _amount(amount: Amount, write: Callable[[int], str], per_step: str = PER_STEP) -> str:
    parts = []
    if amount.fixed or not amount.per_step:
        parts.append(write(amount.fixed))
    if amount.per_step:
        parts.append(f"{write(amount.per_step)} {per_step}")
    return " + ".join(parts)


def macs_cell(macs: Amount) -> str:
    """``44,160``, or ``44,160 × T`` where the number of time steps T is unknown."""
    return _amount(macs, lambda count: f"{count:,}", TIMES_STEPS)


def macs_text(macs: Amount) -> str:
    """``44,160``, or ``44,160 per time step`` where the time axis is unknown."""
    return _amount(macs, lambda count: f"{count:,}")


def bytes_text(amount: Amount) -> str:
    """``17.59 KB``, or ``17.59 KB + 416.00 B per time step``, in Keras's 1024-based units."""
    return _amount(amount, readable_size)


def footer_lines(stats: ModelStats) -> list[tuple[str, str]]:
    """``(label, value)`` rows in torchinfo's order: MACs, input, forward/backward, params, total."""
    lines = [
        (
            "Total MACs",
            f"{macs_text(stats.macs)} "
            + ("(for the --input-shape tensors)" if stats.batch_size is None else f"(batch size {stats.batch_size})"),
        ),
        ("Input size", f"{bytes_text(stats.input_bytes)} ({stats.input_dtype or stats.dtype})"),
        ("Forward/backward pass size", bytes_text(stats.forward_backward_bytes)),
        ("Params size", readable_size(stats.param_bytes)),
        ("Estimated total size", bytes_text(stats.total_bytes)),
    ]
    if stats.macs.per_step:
        lines.append(
            ("Time steps", f"T is unknown in the spec: figures {TIMES_STEPS} or per time step are for one step")
        )
    return lines


def amount_to_dict(amount: Amount) -> dict[str, int]:
    """``{"fixed": a, "per_time_step": b}``: a + b × time steps (b is 0 when the time axis is known)."""
    return {"fixed": amount.fixed, "per_time_step": amount.per_step}


def stats_to_dict(stats: ModelStats) -> dict[str, Any]:
    """The footer's figures as JSON-ready data; sizes in bytes."""
    return {
        "batch_size": stats.batch_size,
        "dtype": stats.dtype,
        "total_macs": amount_to_dict(stats.macs),
        "input_bytes": amount_to_dict(stats.input_bytes),
        "forward_backward_bytes": amount_to_dict(stats.forward_backward_bytes),
        "param_bytes": stats.param_bytes,
        "total_bytes": amount_to_dict(stats.total_bytes),
    }
