"""torch 2.13's shape rules for the modules that act per channel, axis 1 of (batch, channels, ...):
BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, GroupNorm and PReLU; and EmbeddingBag's bags.

Each keeps its input's shape (EmbeddingBag gives one row per bag) and raises :class:`ShapeRefusal`
where torch raises on the call: a rank it does not take, a channel count that differs from the one
its weights or running statistics were made for, statistics of one value where the norm computes them
(``options["training"]``: the module is in training mode, ``self.bn.train()`` in forward).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape, fits

_SPATIAL = {1: "length", 2: "height, width", 3: "depth, height, width"}


def batch_norm(dimensions: int) -> Callable[[dict[str, Any], list[TorchShape | None]], Any]:
    """``nn.BatchNorm1d`` (``dimensions`` 1: also (batch, features)), ``BatchNorm2d`` or ``BatchNorm3d``."""
    ranks = (2, 3) if dimensions == 1 else (dimensions + 2,)
    taken = f"(batch, channels, {_SPATIAL[dimensions]})"
    if dimensions == 1:
        taken = "(batch, features) or (batch, channels, length)"

    def shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
        x = inputs[0]
        if x is None:
            return None
        if len(x) not in ranks:
            raise ShapeRefusal(f"takes {taken}, not a {len(x)}-D input")
        # torch normalises axis 1: on a (batch, time, features) tensor that is time, which it refuses
        # unless the sizes happen to match (and then it normalises over time, shapes unchanged).
        # Batch statistics (training mode, or no running ones) of one value per channel: torch refuses them.
        if options.get("training") or options.get("track_running_stats") is False:
            sizes = [x[0], *x[2:]]
            if all(size is not None for size in sizes) and math.prod(sizes) == 1:  # type: ignore[arg-type]
                raise ShapeRefusal(
                    f"Expected more than 1 value per channel when training, got input size torch.Size({list(x)})"
                )
        fits(x[1], options.get("num_features"), "num_features (axis 1: channels come first)")
        return x

    return shapes


def instance_norm(dimensions: int) -> Callable[[dict[str, Any], list[TorchShape | None]], Any]:
    """``nn.InstanceNorm1d/2d/3d``: batched (batch, channels, ...) or not (channels, ...)."""

    def shapes(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
        x = inputs[0]
        if x is None:
            return None
        if len(x) not in (dimensions + 1, dimensions + 2):
            raise ShapeRefusal(
                f"takes (batch, channels, {_SPATIAL[dimensions]}) or (channels, {_SPATIAL[dimensions]}), "
                f"not a {len(x)}-D input"
            )
        channels, spatial = x[len(x) - dimensions - 1], x[len(x) - dimensions :]
        # Statistics of one element each: torch refuses them, in eval mode too unless it keeps running ones.
        if (options.get("training") or not options.get("track_running_stats")) and all(size == 1 for size in spatial):
            raise ShapeRefusal(f"Expected more than 1 spatial element when training, got input size {list(x)}")
        # Without weights nor running statistics torch only warns of other channels, and normalises them.
        if options.get("affine") or options.get("track_running_stats"):
            fits(channels, options.get("num_features"), "num_features (the axis before the spatial ones)")
        return x

    return shapes


def group_norm(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    """``nn.GroupNorm`` on (batch, channels, ...): the groups must divide the channels, and with
    ``affine`` the channels must be ``num_channels``."""
    x = inputs[0]
    if x is None:
        return None
    if len(x) < 2:
        raise ShapeRefusal(f"takes (batch, channels, ...), not a {len(x)}-D input")
    groups, channels = options.get("num_groups"), x[1]
    if options.get("affine", True):
        fits(channels, options.get("num_channels"), "num_channels (axis 1: channels come first)")
    if isinstance(groups, int) and channels is not None and channels % groups:
        raise ShapeRefusal(f"num_groups is {groups}, which does not divide the input's {channels} channels (axis 1)")
    return x


def prelu(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    """``nn.PReLU``: with more than one weight, one per channel (axis 1; a 1-D input has one channel)."""
    x = inputs[0]
    if x is None:
        return None
    count = options.get("num_parameters", 1)
    if count != 1:
        if not x:
            raise ShapeRefusal("takes no 0-D input with more than one weight (num_parameters)")
        fits(x[1] if len(x) >= 2 else 1, count, "num_parameters (one per channel, axis 1)")
    return x


def embedding_bag(options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    """``nn.EmbeddingBag`` on (batch, ids), one bag per row, or on ids one after another with
    ``offsets`` (where each bag starts; with ``include_last_offset`` the last is the end)."""
    ids, offsets = inputs[0], inputs[1] if len(inputs) > 1 else None
    if ids is None or (len(inputs) > 1 and offsets is None):
        return None
    if len(inputs) > 2:
        if options.get("mode", "mean") != "sum":
            raise ShapeRefusal("takes per_sample_weights only with mode='sum'")
        fits_shape(inputs[2], ids, "per_sample_weights")
    width = options.get("embedding_dim")
    if len(ids) == 2:
        if len(inputs) > 1:
            raise ShapeRefusal("takes no offsets with a 2-D input (each row is a bag)")
        return (ids[0], width)
    if len(ids) != 1:
        raise ShapeRefusal(f"takes a 1-D or 2-D input, not {len(ids)}-D")
    if offsets is None or len(offsets) != 1:
        raise ShapeRefusal("takes offsets, a 1-D tensor, with a 1-D input")
    bags = offsets[0]
    if options.get("include_last_offset") and bags is not None:
        if bags == 0:
            raise ShapeRefusal("include_last_offset: number of offset should be at least 1")
        bags -= 1
    return (bags, width)


def fits_shape(shape: TorchShape | None, expected: TorchShape, what: str) -> None:
    """Refuse, as torch does, a tensor that has not the ``expected`` shape."""
    if shape is not None and (
        len(shape) != len(expected)
        or any(size is not None and other is not None and size != other for size, other in zip(shape, expected))
    ):
        raise ShapeRefusal(f"{what} must have the input's shape {expected}, not {shape}")


def channels_last(options: dict[str, Any], inputs: list[TorchShape]) -> Any:
    """torch's (batch, channels, ...) of any rank as the layer class's (batch, ..., channels); a
    tensor of fewer than 2 axes as a batch of one."""
    x = inputs[0]
    if len(x) < 2:
        return (1, *x)
    return (x[0], *x[2:], x[1])
