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
MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")
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
    """The shape ``F.interpolate`` gives ``input_shape``, refused in torch 2.13's words where it refuses it."""
    rank = len(input_shape)
    if rank not in (3, 4, 5) or mode not in MODES:
        raise LayerInputError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {rank}D) for the modes: nearest | linear "
            f"| bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got {mode})"
        )
    spatial = input_shape[2:]
    if size is not None and scale_factor is not None:
        raise LayerInputError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise LayerInputError("either size or scale_factor should be defined")
    if size is not None and recompute_scale_factor:
        raise LayerInputError("recompute_scale_factor is not meaningful with an explicit size.")
    given, what = (size, "output size") if size is not None else (scale_factor, "scale_factor")
    listed = list(given) if isinstance(given, (list, tuple)) else [given] * len(spatial)
    if len(listed) != len(spatial):
        shown = tuple(given) if what == "output size" else f"shape ({len(listed)},)"
        raise LayerInputError(
            f"Input and {'output' if what == 'output size' else 'scale_factor'} must have the same number of "
            f"spatial dimensions, but got input with spatial dimensions of {list(spatial)} and {what} of {shown}. "
            "Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format."
        )
    if align_corners is not None and mode not in _MODE_RANKS:
        raise LayerInputError(
            "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"
        )
    if antialias and not (mode in ("bilinear", "bicubic") and rank == 4):
        raise LayerInputError(
            "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input"
        )
    if mode in _MODE_RANKS and rank != _MODE_RANKS[mode]:
        raise LayerInputError(f"Got {rank}D input, but {mode} mode needs {_MODE_RANKS[mode]}D input")
    out = tuple(
        item if size is not None else None if axis is None else math.floor(float(axis) * item)
        for axis, item in zip(spatial, listed)
    )
    if any(axis is not None and axis <= 0 for axis in out):
        names = _AXIS_NAMES[len(spatial)]
        given_sizes = ", ".join(f"{name}: {axis}" for name, axis in zip(names, spatial))
        sizes = ", ".join(f"{name}: {axis}" for name, axis in zip(names, out))
        raise LayerInputError(
            f"Input and output sizes should be greater than 0, but got input ({given_sizes}) and output ({sizes})"
        )
    return (*input_shape[:2], *out)


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
