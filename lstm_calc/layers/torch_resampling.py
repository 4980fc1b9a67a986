"""torch.nn's ``Upsample``, and the rule it shares with ``F.interpolate``: the spatial axes of an
(N, C, d1, ..., dK) input, K of 1 to 3, resized to ``size`` or scaled by ``scale_factor``
(``floor(d · scale_factor)``, as torch 2.13 computes it in double). No weights, no MACs.

Keras's UpSampling1D, which repeats the time steps of (batch, time_steps, features), is another kind
(:mod:`lstm_calc.layers.resizing_1d`).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from lstm_calc.arguments import Argument, _describe, arguments, is_integer, json_schema, one_of
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError
from lstm_calc.layers.torch_only import TorchOnlyLayer
from lstm_calc.shapes import Shape, Shapes

#: torch 2.13's modes, and the one input rank each interpolating mode takes (the others take 3-D to 5-D).
MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact", "lanczos")
_MODE_RANKS = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}
#: torch's names of the spatial axes in its message on an empty output, by how many there are.
_AXIS_NAMES = {1: ("W",), 2: ("H", "W"), 3: ("D", "H", "W")}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@json_schema(
    {
        "anyOf": [
            {"type": "null"},
            {"type": "integer", "minimum": 1},
            {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1, "maxItems": 3},
        ]
    }
)
def _size(value: Any) -> str | None:
    """Upsample's ``size``: null, a positive integer for every spatial axis, or one per axis."""
    items = value if isinstance(value, list) else [value]
    if value is None or (0 < len(items) <= 3 and all(is_integer(item) and item > 0 for item in items)):
        return None
    return f"expected a positive integer or a list of 1 to 3 of them, got {_describe(value)}"


@json_schema(
    {
        "anyOf": [
            {"type": "null"},
            {"type": "number", "exclusiveMinimum": 0},
            {"type": "array", "items": {"type": "number", "exclusiveMinimum": 0}, "minItems": 1, "maxItems": 3},
        ]
    }
)
def _scale_factor(value: Any) -> str | None:
    """Upsample's ``scale_factor``: null, a positive number for every spatial axis, or one per axis."""
    items = value if isinstance(value, list) else [value]
    if value is None or (0 < len(items) <= 3 and all(_number(item) and item > 0 for item in items)):
        return None
    return f"expected a positive number or a list of 1 to 3 of them, got {_describe(value)}"


@json_schema({"type": ["boolean", "null"]})
def _optional_boolean(value: Any) -> str | None:
    return None if value is None or isinstance(value, bool) else f"expected true, false or null, got {_describe(value)}"


def interpolated(
    input_shape: Shape,
    size: Any,
    scale_factor: Any,
    mode: str = "nearest",
    align_corners: bool | None = None,
    recompute_scale_factor: bool | None = None,
    antialias: bool = False,
) -> Shape:
    """The shape ``F.interpolate`` gives ``input_shape``, refused in torch 2.13's words where it refuses it,
    its checks in torch's order."""
    rank, spatial = len(input_shape), list(input_shape[2:])
    if mode in ("nearest", "area", "nearest-exact") and align_corners is not None:
        raise LayerInputError(
            "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"
        )
    if size is not None and scale_factor is not None:
        raise LayerInputError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise LayerInputError("either size or scale_factor should be defined")
    given = size if size is not None else scale_factor
    listed = list(given) if isinstance(given, (list, tuple)) else [given] * len(spatial)
    if len(listed) != len(spatial):
        if size is not None:
            what, named, wanted = "output", "output size of", "output size in (o1, o2, ...,oK)"
        else:
            what, named, wanted = "scale_factor", "scale_factor of shape", "scale_factor in (s1, s2, ...,sK)"
        raise LayerInputError(
            f"Input and {what} must have the same number of spatial dimensions, but got input with spatial "
            f"dimensions of {spatial} and {named} {given}. Please provide input tensor in (N, C, d1, d2, ...,dK) "
            f"format and {wanted} format."
        )
    if size is not None and recompute_scale_factor:
        raise LayerInputError("recompute_scale_factor is not meaningful with an explicit size.")
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and rank == 4):
        raise LayerInputError(
            "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input"
        )
    _check_mode(rank, mode, align_corners, antialias)
    out = [
        item if size is not None else None if axis is None else math.floor(float(axis) * item)
        for axis, item in zip(spatial, listed)
    ]
    least = 0 if mode == "area" else 1  # area is an adaptive average pool, which takes an empty output
    if any(axis is not None and axis < least for axis in out):
        if mode == "area":
            pool = f"adaptive_avg_pool{3 if len(spatial) == 3 else 2}d"  # torch pools 1-D as 2-D
            raise LayerInputError(f"{pool}: elements of output_size must be greater than or equal to 0")
        names = _AXIS_NAMES[len(spatial)]
        given_sizes = ", ".join(f"{name}: {axis}" for name, axis in zip(names, spatial))
        sizes = ", ".join(f"{name}: {axis}" for name, axis in zip(names, out))
        raise LayerInputError(
            f"Input and output sizes should be greater than 0, but got input ({given_sizes})"
            f"{' and' if len(spatial) == 1 else ''} output ({sizes})"
        )
    return (*input_shape[:2], *out)


def _check_mode(rank: int, mode: str, align_corners: bool | None, antialias: bool) -> None:
    """Refuse a mode for an input of ``rank`` axes as torch does, once the sizes are checked."""
    if mode in ("nearest", "nearest-exact", "area") and rank in (3, 4, 5):
        return
    if _MODE_RANKS.get(mode) == rank:
        return
    if mode == "lanczos" and rank == 4:
        if align_corners:
            raise LayerInputError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise LayerInputError("Lanczos mode requires antialias=True")
        return
    if mode in ("linear", "bilinear", "trilinear") and rank in (3, 4, 5):
        raise LayerInputError(f"Got {rank}D input, but {mode} mode needs {_MODE_RANKS[mode]}D input")
    raise LayerInputError(
        f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {rank}D) for the modes: nearest | linear | "
        f"bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got {mode})"
    )


class Upsample(TorchOnlyLayer):
    """``nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None,
    recompute_scale_factor=None)``: ``F.interpolate`` of its input (:func:`interpolated`)."""

    class_name = torch_class_name = "Upsample"
    arguments = arguments(
        Argument("size", _size, None),
        Argument("scale_factor", _scale_factor, None),
        Argument("mode", one_of(*MODES), "nearest"),
        Argument("align_corners", _optional_boolean, None),
        Argument("recompute_scale_factor", _optional_boolean, None),
        *COMMON_ARGUMENTS,
    )
    torch_positional: ClassVar[tuple[str, ...]] = (
        "size",
        "scale_factor",
        "mode",
        "align_corners",
        "recompute_scale_factor",
    )
    input_axes = ("batch", "channels", "...")

    def output_shape(self, input_shape: Shape) -> Shapes:
        config = self.config
        return interpolated(
            input_shape,
            config["size"],
            config["scale_factor"],
            config["mode"],
            config["align_corners"],
            config["recompute_scale_factor"],
        )

    def torch_options(self) -> dict[str, Any]:
        defaults = {name: argument.default for name, argument in self.arguments.items()}
        return {name: self.config[name] for name in self.torch_positional if self.config[name] != defaults[name]}
