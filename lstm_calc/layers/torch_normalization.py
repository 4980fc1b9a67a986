"""torch.nn's normalizations over channels that have no Keras layer in lstmcalc: BatchNorm2d and
BatchNorm3d (a CRNN's Conv2d front-end), InstanceNorm1d/2d/3d and GroupNorm.

Each normalizes per channel, axis 1 of torch's (batch, channels, ...). As BatchNorm1d and Conv2d
do under the PyTorch convention, the layer class sees channels last, (batch, ..., channels): the
PyTorch code reader hands it its calls so (:attr:`TorchKind.layer_inputs`), and exported code moves
the channels first and back. The parameters are a weight and a bias per channel when ``affine``
(the weight alone with ``bias=False``); the running statistics are buffers, never parameters.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import Argument, arguments, boolean, kept_torch, optional_positive_int, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError, Weight, known_last_axis
from lstm_calc.layers.normalization import running_statistics, torch_norm_weights
from lstm_calc.layers.torch_code import TorchCall, channels_first_call, off
from lstm_calc.layers.torch_only import TorchOnlyLayer
from lstm_calc.shapes import Shape, Shapes, channels_first, describe_shape, first_shape


class ChannelNorm(TorchOnlyLayer):
    """A torch.nn module that scales and shifts each channel (the last axis here, axis 1 in torch)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    affine: bool
    bias: bool

    #: The ranks torch takes, batch included (BatchNorm2d: 4); None: at least ``input_min_ndim``.
    input_ranks: ClassVar[tuple[int, ...] | None] = None
    #: The constructor's argument for the number of channels.
    size_argument: ClassVar[str] = "num_features"

    def check_input(self, input_shape: Shape) -> None:
        if self.input_ranks is None:
            super().check_input(input_shape)
        elif len(input_shape) not in self.input_ranks:
            ranks = " or ".join(f"{rank}-D" for rank in self.input_ranks)
            raise LayerInputError(
                f"is a torch.nn.{self.torch_class_name}, which takes a {ranks} input (batch, ..., channels here; "
                f"channels first in torch), but receives {describe_shape(input_shape)}",
                wants_more_axes=len(input_shape) < min(self.input_ranks),
                axes=self.input_axes,
            )

    def channels(self, input_shape: Shape) -> int:
        """The number of channels, which sizes the weights: as the input has it, and as declared."""
        size = known_last_axis(input_shape)
        self.check_declared_size(self.size_argument, size, "channels")
        return size

    def weights(self, input_shape: Shape) -> list[Weight]:
        return torch_norm_weights(self.channels(input_shape), self.affine, self.bias)

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """One per element for the scale, weight·x̂ + bias, when the layer is affine (as BatchNorm1d)."""
        return positions(input_shape[1:]) if self.affine else Amount()

    def torch_positional_values(self, input_shape: Shape) -> list[Any]:
        return [input_shape[-1]]

    def torch_options(self) -> dict[str, Any]:
        return {"eps": self.config["eps"], "bias": off(self.bias)}

    def torch_call_shapes(self, input_shape: Shape, output_shape: Shapes) -> tuple[list[Shape], list[Shape]]:
        # Channels first inside the moves torch_call writes.
        return [channels_first(input_shape)], [channels_first(first_shape(output_shape))]

    def torch_call(self, module: str, x: str, input_shape: Shape) -> TorchCall:
        return channels_first_call(module, x, len(input_shape), str(self.torch_class_name))


def _statistics_arguments(affine: bool, track_running_stats: bool) -> tuple[Argument, ...]:
    """What BatchNormNd and InstanceNormNd take, with their defaults for ``affine`` and ``track_running_stats``."""
    return (
        Argument("num_features", optional_positive_int, None),
        *kept_torch("eps", "momentum"),
        Argument("affine", boolean, affine),
        Argument("track_running_stats", boolean, track_running_stats),
        Argument("bias", boolean, True),
        *COMMON_ARGUMENTS,
    )


class RunningStatisticsNorm(ChannelNorm):
    """BatchNormNd and InstanceNormNd: with ``track_running_stats``, running_mean, running_var and
    num_batches_tracked are buffers."""

    track_running_stats: bool

    torch_positional = ("num_features", "eps", "momentum", "affine", "track_running_stats")

    def buffers(self, input_shape: Shape) -> list[Weight]:
        return running_statistics(self.channels(input_shape), self.track_running_stats)

    def torch_options(self) -> dict[str, Any]:
        defaults = self.config_template()[0]
        return {
            **super().torch_options(),
            "momentum": self.config["momentum"],
            "affine": None if self.affine == defaults["affine"] else self.affine,
            "track_running_stats": None
            if self.track_running_stats == defaults["track_running_stats"]
            else self.track_running_stats,
        }


class BatchNorm2d(RunningStatisticsNorm):
    """``nn.BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)``
    on (batch, channels, height, width) only."""

    class_name = torch_class_name = "BatchNorm2d"
    arguments = arguments(*_statistics_arguments(True, True))
    input_ranks = (4,)
    input_axes: ClassVar[tuple[str, ...]] = ("batch", "height", "width", "channels")


class BatchNorm3d(BatchNorm2d):
    """``nn.BatchNorm3d``: BatchNorm2d's arguments, on (batch, channels, depth, height, width) only."""

    class_name = torch_class_name = "BatchNorm3d"
    input_ranks = (5,)
    input_axes = ("batch", "depth", "height", "width", "channels")


class InstanceNorm1d(RunningStatisticsNorm):
    """``nn.InstanceNorm1d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)``:
    each sample's channels over its own length; no parameters nor buffers by default."""

    class_name = torch_class_name = "InstanceNorm1d"
    arguments = arguments(*_statistics_arguments(False, False))
    input_ranks = (3,)
    input_axes: ClassVar[tuple[str, ...]] = ("batch", "length", "channels")

    def check_input(self, input_shape: Shape) -> None:
        super().check_input(input_shape)
        if not self.track_running_stats and all(size == 1 for size in input_shape[1:-1]):
            raise LayerInputError(
                f"normalizes each channel over one element of {describe_shape(input_shape)}, which torch refuses "
                "(expected more than 1 spatial element)"
            )


class InstanceNorm2d(InstanceNorm1d):
    class_name = torch_class_name = "InstanceNorm2d"
    input_ranks = (4,)
    input_axes = ("batch", "height", "width", "channels")


class InstanceNorm3d(InstanceNorm1d):
    class_name = torch_class_name = "InstanceNorm3d"
    input_ranks = (5,)
    input_axes = ("batch", "depth", "height", "width", "channels")


class GroupNorm(ChannelNorm):
    """``nn.GroupNorm(num_groups, num_channels, eps=1e-05, affine=True)``: the channels in ``num_groups``
    groups, each normalized over its channels and every position; a weight and a bias per channel."""

    num_groups: int

    class_name = torch_class_name = "GroupNorm"
    arguments = arguments(
        Argument("num_groups", positive_int),
        Argument("num_channels", optional_positive_int, None),
        *kept_torch("eps"),
        Argument("affine", boolean, True),
        Argument("bias", boolean, True),
        *COMMON_ARGUMENTS,
    )
    torch_positional = ("num_groups", "num_channels", "eps", "affine")
    size_argument = "num_channels"
    input_min_ndim = 2
    input_axes = ("batch", "...", "channels")

    def channels(self, input_shape: Shape) -> int:
        size = super().channels(input_shape)
        if size % self.num_groups:
            # torch's constructor: "num_channels (4) must be divisible by num_groups (3)".
            raise LayerInputError(
                f"has num_groups: {self.num_groups}, which must divide its {size} channels, as torch requires",
                argument="num_groups",
            )
        return size

    def torch_positional_values(self, input_shape: Shape) -> list[Any]:
        return [self.num_groups, input_shape[-1]]

    def torch_options(self) -> dict[str, Any]:
        return {**super().torch_options(), "affine": off(self.affine)}
