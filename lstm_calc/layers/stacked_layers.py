"""``num_layers``: how many layers one torch.nn module stacks (an LSTM's, a TransformerEncoder's).

Each stacked layer has weights of its own, made and listed one by one, so the count is bounded
where it is read, far above any real model: a spec or code asking for a hundred million layers
gets one located error, not minutes of work and gigabytes of weights.
"""

from __future__ import annotations

from typing import Any

from lstm_calc.arguments import POSITIVE_INT_SCHEMA, json_schema, positive_int

#: The most layers one module may stack; the deepest real stacks (GPT-3's 96 blocks) are about a hundred.
MAX_STACKED_LAYERS = 1_000


@json_schema({**POSITIVE_INT_SCHEMA, "maximum": MAX_STACKED_LAYERS})
def stacked_layer_count(value: Any) -> str | None:
    """A positive integer of at most :data:`MAX_STACKED_LAYERS`."""
    complaint = positive_int(value)
    if complaint is None and value > MAX_STACKED_LAYERS:
        return (
            f"expected at most {MAX_STACKED_LAYERS:,} stacked layers (the deepest real models stack about a "
            f"hundred), got {value if value < 10**100 else 'more than 10^100'}"
        )
    return complaint
