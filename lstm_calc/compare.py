"""Each layer's parameter count under Keras and under torch.nn, and why they differ.

The other convention's count comes from the same layer class built under that
convention (``Layer(config, framework)``) on the same input, so both columns are
counted from weights exactly as ``summary`` counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.layers import Layer
from lstm_calc.layers.convolutional import Conv1D
from lstm_calc.layers.core import Dense, Embedding
from lstm_calc.layers.normalization import BatchNormalization, LayerNormalization
from lstm_calc.layers.recurrent import GRU, Recurrent
from lstm_calc.layers.wrappers import Bidirectional, TimeDistributed
from lstm_calc.shapes import Shape


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
        return None if None in counts else sum(counts)


def compare_model(model: Any, summary: Any) -> Comparison:
    """Compare every layer of a built model (``ModelSpec``) and its summary under both conventions."""
    by_name = {layer.name: layer for layer in summary.layers}
    rows = []
    for spec in model.layers:
        row = by_name.get(spec.name)
        if row is None:
            continue
        own = row.params
        # An element-wise layer applied to several tensors (after return_state) has no weights to compare.
        several = isinstance(row.input_shape, list)
        other = None if several else counterpart_params(spec.layer, row.input_shape)
        if other is None and own == 0:
            other = 0
        keras, torch = (own, other) if spec.layer.framework == KERAS else (other, own)
        rows.append(LayerComparison(row.name, row.type, keras, torch, count_note(spec.layer, keras, torch)))
    return Comparison(summary.name, tuple(rows))


def counterpart_params(layer: Layer[Any], input_shape: Shape) -> int | None:
    """The count of ``layer``'s twin under the other convention, or ``None`` when there is none."""
    target = PYTORCH if layer.framework == KERAS else KERAS
    if isinstance(layer, Bidirectional):
        # torch.nn's bidirectional=True: one module holding both directions.
        backward = layer.backward_inner or layer.inner
        twins = [counterpart_params(inner, input_shape) for inner in (layer.inner, backward)]
        return None if None in twins else sum(twins)
    if isinstance(layer, TimeDistributed):
        return counterpart_params(layer.inner, (input_shape[0], *input_shape[2:]))
    if target == PYTORCH and layer.torch_class_name is None:
        return None
    if target == KERAS and isinstance(layer, Recurrent):
        return _keras_stack_params(layer, input_shape)
    twin = type(layer)(dict(layer.config), target)
    return sum(weight.size for weight in twin.weights(input_shape))


def _keras_stack_params(layer: Recurrent, input_shape: Shape) -> int | None:
    """A torch RNN of num_layers and directions is, in Keras, that many stacked (Bidirectional) layers."""
    if layer.config.get("proj_size"):
        return None
    # input_size declares the first layer's input only (already checked); the layers above take 2·units or units.
    single = {**layer.config, "num_layers": 1, "bidirectional": False, "input_size": None}
    twin = type(layer)(single, KERAS)
    count = 0
    features = input_shape[-1]
    for _ in range(layer.num_layers):
        shape = (*input_shape[:-1], features)
        count += layer.directions * sum(weight.size for weight in twin.weights(shape))
        features = layer.directions * layer.units
    return count


def count_note(layer: Layer[Any], keras: int | None, torch: int | None) -> str:
    """One line on why the layer's Keras and PyTorch counts differ, or why they agree."""
    if isinstance(layer, (Bidirectional, TimeDistributed)):
        inner = layer.inner
        if isinstance(layer, Bidirectional):
            return count_note(inner, keras, torch) + " (both directions)"
        return count_note(inner, keras, torch)
    if layer.framework == KERAS and layer.torch_class_name is None:
        weightless = " (it has no weights)" if keras == 0 else ""
        return f"no torch.nn counterpart in lstmcalc's PyTorch convention{weightless}"
    if keras is None:
        return "Keras's LSTM has no projection (proj_size), so no Keras layer matches it"
    if isinstance(layer, Recurrent):
        return _recurrent_note(layer, keras, torch)
    if keras == torch == 0:
        return "no weights in either"
    if isinstance(layer, Dense):
        return "same weights; torch.nn.Linear stores the matrix transposed, (units, features)"
    if isinstance(layer, Conv1D):
        return "same weights; torch.nn.Conv1d stores the kernel as (filters, channels, kernel_size)"
    if isinstance(layer, Embedding):
        return "the same table, (input_dim, output_dim)"
    if isinstance(layer, BatchNormalization):
        if keras != torch:
            return (
                "Keras counts moving_mean and moving_variance as non-trainable params; "
                "PyTorch keeps running_mean and running_var as buffers, not params"
            )
        return "the same weights"
    if isinstance(layer, LayerNormalization):
        return "the same gamma and beta (PyTorch's weight and bias)"
    return "the same count" if keras == torch else "different weights"


def _recurrent_note(layer: Recurrent, keras: int | None, torch: int | None) -> str:
    gates = layer.gate_blocks
    per_gate = f"{gates}·h" if gates > 1 else "h"
    if not layer.use_bias:
        return "the same without biases; PyTorch stores each matrix transposed"
    if isinstance(layer, GRU) and layer.reset_after:
        return "the same: Keras's GRU with reset_after also keeps two bias vectors, as PyTorch does"
    if keras == torch:
        return "the same count"
    return f"PyTorch keeps two bias vectors per gate: +{per_gate} per layer and direction"
