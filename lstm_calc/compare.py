"""Each layer's parameter count under Keras and under torch.nn, and why they differ.

Each layer answers the other convention's count (``Layer.counterpart_params``: the
same layer class built under that convention on the same input, so both columns are
counted from weights exactly as ``summary`` counts them) and the note
(``Layer.count_note``); wrappers ask the layers they wrap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lstm_calc.arguments import KERAS


@dataclass(frozen=True)
class LayerComparison:
    """One layer's count under each convention (``None``: the other convention has no such layer)."""

    name: str
    type: str
    keras_params: int | None
    pytorch_params: int | None
    note: str

    @property
    def difference(self) -> int | None:
        """PyTorch's count less Keras's."""
        if self.keras_params is None or self.pytorch_params is None:
            return None
        return self.pytorch_params - self.keras_params


@dataclass(frozen=True)
class Comparison:
    """A whole model under both conventions."""

    name: str
    layers: tuple[LayerComparison, ...]

    def total(self, framework: str) -> int | None:
        """The model's count under ``framework``; ``None`` when a layer with weights has no counterpart there."""
        counts = [layer.keras_params if framework == KERAS else layer.pytorch_params for layer in self.layers]
        known = [count for count in counts if count is not None]
        return sum(known) if len(known) == len(counts) else None


def compare_model(model: Any, summary: Any) -> Comparison:
    """Compare every layer of a built model (``ModelSpec``) and its summary under both conventions."""
    by_name = {layer.name: layer for layer in summary.layers}
    rows = []
    for spec in model.layers:
        row = by_name.get(spec.name)
        if row is None:
            continue
        own = row.params
        # A one-tensor layer applied to several tensors (after return_state) has no weights to compare.
        several = isinstance(row.input_shape, list) and spec.layer.input_count is None
        other = None if several else spec.layer.counterpart_params(row.input_shape)
        if other is None and own == 0:
            other = 0
        keras, torch = (own, other) if spec.layer.framework == KERAS else (other, own)
        rows.append(LayerComparison(row.name, row.type, keras, torch, spec.layer.count_note(keras, torch)))
    return Comparison(summary.name, tuple(rows))
