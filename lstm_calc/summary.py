"""The result of a summary: plain data that every renderer (table, JSON, Markdown) reads."""

from __future__ import annotations

from dataclasses import dataclass

from lstm_calc.amount import Amount
from lstm_calc.layers import Weight
from lstm_calc.shapes import Shape, Shapes


@dataclass(frozen=True)
class LayerSummary:
    """One layer as built: its shapes and weights; every count is derived from the weights.

    ``buffers`` are PyTorch buffers (BatchNorm1d's running statistics): shown, never counted.
    ``macs`` are the layer's multiply-accumulates for one sample.
    """

    name: str
    type: str
    input_shape: Shapes
    output_shape: Shapes
    weights: tuple[Weight, ...]
    bytes_per_param: int
    buffers: tuple[Weight, ...] = ()
    macs: Amount = Amount()

    @property
    def params(self) -> int:
        return sum(weight.size for weight in self.weights)

    @property
    def trainable_params(self) -> int:
        return sum(weight.size for weight in self.weights if weight.trainable)

    @property
    def non_trainable_params(self) -> int:
        return self.params - self.trainable_params


@dataclass(frozen=True)
class ModelSummary:
    """A whole model: its layers in order and the totals Keras prints under the table."""

    name: str
    framework: str
    dtype: str
    input_shape: Shape
    layers: tuple[LayerSummary, ...]

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(layer.trainable_params for layer in self.layers)

    @property
    def non_trainable_params(self) -> int:
        return sum(layer.non_trainable_params for layer in self.layers)

    @property
    def param_bytes(self) -> int:
        return self.trainable_bytes + self.non_trainable_bytes

    @property
    def trainable_bytes(self) -> int:
        return sum(layer.trainable_params * layer.bytes_per_param for layer in self.layers)

    @property
    def non_trainable_bytes(self) -> int:
        return sum(layer.non_trainable_params * layer.bytes_per_param for layer in self.layers)
