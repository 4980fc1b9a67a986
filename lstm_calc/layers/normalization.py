"""BatchNormalization (PyTorch's BatchNorm1d) and LayerNormalization (PyTorch's LayerNorm)."""

from __future__ import annotations

from typing import Any

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import (
    KERAS,
    POSITIVE_INT_SCHEMA,
    PYTORCH,
    Argument,
    arguments,
    boolean,
    is_integer,
    json_schema,
    kept,
    kept_torch,
    positive_int,
)
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, LayerInputError, Weight, torch_input_size
from lstm_calc.layers.keras_masks import KEEPS
from lstm_calc.layers.torch_code import TorchCall, TorchModule, channels_first_call, off
from lstm_calc.shapes import Shape, Shapes, channels_first, describe_shape, first_shape


@json_schema({"type": "integer"})
def _axis(value: Any) -> str | None:
    return None if is_integer(value) else f"expected an axis number such as -1, got {value!r}"


@json_schema({"anyOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}, "minItems": 1}]})
def _axes(value: Any) -> str | None:
    if is_integer(value) or (isinstance(value, list) and value and all(is_integer(axis) for axis in value)):
        return None
    return f"expected an axis number such as -1, or a list of them, got {value!r}"


@json_schema(
    {
        "anyOf": [
            {"type": ["integer", "null"], "minimum": 1},
            {"type": "array", "items": POSITIVE_INT_SCHEMA, "minItems": 1},
        ]
    }
)
def _normalized_shape(value: Any) -> str | None:
    if value is None or positive_int(value) is None:
        return None
    if isinstance(value, list) and value and all(positive_int(size) is None for size in value):
        return None
    return f"expected a size or a list of sizes, got {value!r}"


def _normalized_size(input_shape: Shape, axes: list[int], layer: str) -> tuple[int, ...]:
    """The sizes of ``axes`` (in the order given), which size the normalization weights."""
    rank = len(input_shape)
    sizes = []
    for axis in axes:
        if not (-rank <= axis < rank and axis % rank != 0):
            raise LayerInputError(
                f"normalizes axis {axis}, which is not a feature axis of {describe_shape(input_shape)}"
            )
        size = input_shape[axis]
        if size is None:
            raise LayerInputError(
                f"needs a known size on axis {axis} to size its {layer} weights "
                f"but receives {describe_shape(input_shape)}"
            )
        sizes.append(size)
    return tuple(sizes)


def torch_norm_weights(size: int, affine: bool, bias: bool) -> list[Weight]:
    """A torch.nn normalization's parameters over ``size`` channels: a weight and a bias when
    ``affine``, the weight alone with ``bias=False`` (torch 2.13), none otherwise."""
    if not affine:
        return []
    return [Weight("weight", (size,))] + ([Weight("bias", (size,))] if bias else [])


def running_statistics(size: int, tracked: bool) -> list[Weight]:
    """The buffers of a torch.nn normalization that ``track_running_stats`` over ``size`` channels."""
    if not tracked:
        return []
    return [Weight("running_mean", (size,)), Weight("running_var", (size,)), Weight("num_batches_tracked", ())]


class BatchNormalization(Layer[Shape]):
    """Keras: gamma and beta (trainable), moving_mean and moving_variance (non-trainable, but counted).

    torch.nn.BatchNorm1d: weight and bias parameters; running_mean, running_var and
    num_batches_tracked are buffers, shown but never counted as parameters. On a
    sequence it normalizes the features (the implied ``transpose(1, 2)`` of PyTorch code).
    """

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    axis: int
    center: bool
    scale: bool
    affine: bool
    track_running_stats: bool
    bias: bool

    class_name = "BatchNormalization"
    keras_mask = KEEPS
    keras_takes_mask = True
    torch_class_name = "BatchNorm1d"
    arguments = arguments(
        Argument(
            "axis",
            _axis,
            -1,
            convention=KERAS,
            other_convention_hint="torch.nn normalizes the last axis (the features)",
        ),
        Argument("center", boolean, True, convention=KERAS, other_convention_hint="use affine: false"),
        Argument("scale", boolean, True, convention=KERAS, other_convention_hint="use affine: false"),
        Argument("affine", boolean, True, convention=PYTORCH, other_convention_hint="use center and scale"),
        Argument("track_running_stats", boolean, True, convention=PYTORCH),
        # torch 2.13's BatchNorm1d(bias=False) keeps the weight (scale) only.
        Argument("bias", boolean, True, convention=PYTORCH, other_convention_hint="use center: false"),
        torch_input_size("num_features"),
        *kept_torch("eps"),
        *kept(
            "momentum",
            "epsilon",
            "synchronized",
            "beta_initializer",
            "gamma_initializer",
            "moving_mean_initializer",
            "moving_variance_initializer",
            "beta_regularizer",
            "gamma_regularizer",
            "beta_constraint",
            "gamma_constraint",
        ),
        *COMMON_ARGUMENTS,
    )
    input_min_ndim = 2
    input_axes = ("batch", "...", "features")
    keras_positional = ("axis", "momentum", "epsilon", "center", "scale")

    def check_input(self, input_shape: Shape) -> None:
        super().check_input(input_shape)
        if self.framework == PYTORCH and len(input_shape) > 3:
            raise LayerInputError(
                f"is a torch.nn.BatchNorm1d, which takes (batch, features) or (batch, time_steps, features), "
                f"but receives {describe_shape(input_shape)}"
            )

    def weights(self, input_shape: Shape) -> list[Weight]:
        if self.framework == PYTORCH:
            (size,) = self._torch_features(input_shape)
            return torch_norm_weights(size, self.affine, self.bias)
        shape = _normalized_size(input_shape, [self.axis], "BatchNormalization")
        weights = []
        if self.scale:
            weights.append(Weight("gamma", shape))
        if self.center:
            weights.append(Weight("beta", shape))
        weights.append(Weight("moving_mean", shape, trainable=False))
        weights.append(Weight("moving_variance", shape, trainable=False))
        return weights

    def buffers(self, input_shape: Shape) -> list[Weight]:
        if self.framework != PYTORCH:
            return []
        (size,) = self._torch_features(input_shape)
        return running_statistics(size, self.track_running_stats)

    def _torch_features(self, input_shape: Shape) -> tuple[int, ...]:
        size = _normalized_size(input_shape, [-1], "BatchNorm1d")
        self.check_declared_size("num_features", size[0])
        return size

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """One per element for the scale and shift, gamma·x̂ + beta, when the layer scales."""
        scales = self.affine if self.framework == PYTORCH else self.scale
        return positions(input_shape[1:]) if scales else Amount()

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        if keras != torch:
            return (
                "Keras counts moving_mean and moving_variance as non-trainable params; "
                "PyTorch keeps running_mean and running_var as buffers, not params"
            )
        return "the same weights"

    def torch_module(self, input_shape: Shape) -> TorchModule:
        # check_input refuses inputs of more than 3 axes under the PyTorch convention.
        options = {
            "eps": self.config["eps"],
            "momentum": self.config["momentum"],
            "affine": off(self.affine),
            "track_running_stats": off(self.track_running_stats),
            "bias": off(self.bias),
        }
        return TorchModule("nn.BatchNorm1d", [input_shape[-1]], options)

    def torch_call_shapes(self, input_shape: Shape, output_shape: Shapes) -> tuple[list[Shape], list[Shape]]:
        if len(input_shape) == 3:  # features first inside the transposes torch_call writes
            return [channels_first(input_shape)], [channels_first(first_shape(output_shape))]
        return [input_shape], [first_shape(output_shape)]

    def torch_call(self, module: str, x: str, input_shape: Shape) -> TorchCall:
        return channels_first_call(module, x, len(input_shape), "BatchNorm1d")


class LayerNormalization(Layer[Shape]):
    """Keras: gamma and beta over ``axis``; torch.nn.LayerNorm: weight and bias over the last axes."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    axis: int | list[int]
    center: bool
    scale: bool
    rms_scaling: bool
    elementwise_affine: bool
    bias: bool
    normalized_shape: int | list[int] | None

    class_name = "LayerNormalization"
    keras_mask = KEEPS
    torch_class_name = "LayerNorm"
    arguments = arguments(
        Argument(
            "axis",
            _axes,
            -1,
            convention=KERAS,
            other_convention_hint="torch.nn normalizes the last axis (the features)",
        ),
        Argument("center", boolean, True, convention=KERAS, other_convention_hint="use bias: false"),
        # Keras's deprecated RMS scaling keeps gamma only.
        Argument("rms_scaling", boolean, False, convention=KERAS, other_convention_hint="use torch.nn.RMSNorm"),
        Argument("scale", boolean, True, convention=KERAS, other_convention_hint="use elementwise_affine: false"),
        Argument("elementwise_affine", boolean, True, convention=PYTORCH, other_convention_hint="use center and scale"),
        Argument("bias", boolean, True, convention=PYTORCH, other_convention_hint="use center: false"),
        Argument(
            "normalized_shape",
            _normalized_shape,
            None,
            convention=PYTORCH,
            other_convention_hint="Keras takes the sizes from the input; remove it",
        ),
        *kept_torch("eps"),
        *kept(
            "epsilon",
            "beta_initializer",
            "gamma_initializer",
            "beta_regularizer",
            "gamma_regularizer",
            "beta_constraint",
            "gamma_constraint",
        ),
        *COMMON_ARGUMENTS,
    )
    input_min_ndim = 2
    input_axes = ("batch", "...", "features")
    keras_positional = ("axis", "epsilon", "center", "scale")

    def weights(self, input_shape: Shape) -> list[Weight]:
        if self.framework == PYTORCH:
            shape = self.torch_normalized_shape(input_shape)
            if not self.elementwise_affine:
                return []
            return [Weight("weight", shape)] + ([Weight("bias", shape)] if self.bias else [])
        # Keras sorts the axes as written (so -1 comes before 1) and sizes the weights in that order.
        axes = sorted(self.axis) if isinstance(self.axis, list) else [self.axis]
        shape = _normalized_size(input_shape, axes, "LayerNormalization")
        weights = []
        if self.scale or self.rms_scaling:
            weights.append(Weight("gamma", shape))
        if self.center and not self.rms_scaling:
            weights.append(Weight("beta", shape))
        return weights

    def torch_normalized_shape(self, input_shape: Shape) -> tuple[int, ...]:
        """torch.nn.LayerNorm's normalized_shape for this input: as given, or the last axis."""
        given = self.normalized_shape
        if given is None:
            return _normalized_size(input_shape, [-1], "LayerNorm")
        shape = tuple(given) if isinstance(given, list) else (given,)
        if tuple(input_shape[-len(shape) :]) != shape:
            raise LayerInputError(
                f"has normalized_shape {describe_shape(shape)}, but the input {describe_shape(input_shape)} "
                "does not end with those sizes",
                argument="normalized_shape",
            )
        return shape

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """One per element for the scale and shift, gamma·x̂ + beta, when the layer scales."""
        scales = self.elementwise_affine if self.framework == PYTORCH else self.scale
        return positions(input_shape[1:]) if scales else Amount()

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        return "the same gamma and beta (PyTorch's weight and bias)"

    def torch_module(self, input_shape: Shape) -> TorchModule:
        normalized = self.torch_normalized_shape(input_shape)
        options = {
            "eps": self.config["eps"],
            "elementwise_affine": off(self.elementwise_affine),
            "bias": off(self.bias),
        }
        return TorchModule("nn.LayerNorm", [normalized[0] if len(normalized) == 1 else normalized], options)
