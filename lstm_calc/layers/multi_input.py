"""The base of every layer kind that takes several tensors (merges, attention, torch's decoders)."""

from __future__ import annotations

from typing import ClassVar

from lstm_calc.layers.base import Layer, LayerInputError
from lstm_calc.shapes import Shape


class MultiInputLayer(Layer[list[Shape]]):
    """A layer applied to a list of tensors; its shape rules receive a list of shapes."""

    #: How many tensors it takes: (at least, at most or None for no limit).
    input_count: ClassVar[tuple[int, int | None]] = (2, None)

    def check_input(self, input_shapes: list[Shape]) -> None:
        low, high = self.input_count
        count = len(input_shapes)
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"at least {low}" if high is None else f"{low} to {high}"
            raise LayerInputError(f"takes {wanted} tensors but receives {count}")
