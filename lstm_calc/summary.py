"""The result of a summary: plain data that every renderer (table, JSON, Markdown) reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from lstm_calc.amount import Amount
from lstm_calc.layers import Weight
from lstm_calc.shapes import Shapes


class Connection(NamedTuple):
    """One tensor a layer takes, as Keras's Connected to column writes it: ``lstm[0][1]``."""

    layer: str
    node_index: int
    tensor_index: int

    def __str__(self) -> str:
        return f"{self.layer}[{self.node_index}][{self.tensor_index}]"


@dataclass(frozen=True)
class LayerSummary:
    """One layer as built: its shapes and weights; every count is derived from the weights.

    ``buffers`` are PyTorch buffers (BatchNorm1d's running statistics): shown, never counted.
    For a shared layer the shapes are those of its last use, as Keras shows them.
    ``macs`` are the layer's multiply-accumulates for one sample, over all its uses.
    """

    name: str
    type: str
    input_shape: Shapes
    output_shape: Shapes
    weights: tuple[Weight, ...]
    bytes_per_param: int
    buffers: tuple[Weight, ...] = ()
    connected_to: tuple[Connection, ...] = ()
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
    """A whole model: its rows in order and the totals Keras prints under the table.

    A functional model (a graph spec) has a row for each input; ``sequential_like``
    is false where Keras adds the Connected to column. ``output_shape`` is the model's
    output (a list of shapes for several outputs), where a stack's is its last layer's.
    """

    name: str
    framework: str
    dtype: str
    input_shape: Shapes
    layers: tuple[LayerSummary, ...]
    functional: bool = False
    sequential_like: bool = True
    output_shape: Shapes = ()

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
