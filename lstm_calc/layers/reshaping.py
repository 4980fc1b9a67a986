"""Layers that only rearrange axes: Flatten, RepeatVector, Reshape and Permute."""

from __future__ import annotations

import math
from typing import Any

from lstm_calc.arguments import Argument, arguments, is_integer, json_schema, kept, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, LayerInputError
from lstm_calc.shapes import Shape, Shapes, describe_shape


class Flatten(Layer[Shape]):
    """(batch, a, b, ...) -> (batch, a·b·...), unknown when any axis is."""

    class_name = "Flatten"
    arguments = arguments(*kept("data_format"), *COMMON_ARGUMENTS)
    keras_positional = ("data_format",)
    input_min_ndim = 1
    input_axes = ("batch", "...")

    def output_shape(self, input_shape: Shape) -> Shapes:
        rest = input_shape[1:]
        size = None if None in rest else math.prod(rest)
        return (input_shape[0], size)


class RepeatVector(Layer[Shape]):
    """(batch, features) -> (batch, n, features): the encoder's summary repeated for each decoder step."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    n: int

    class_name = "RepeatVector"
    arguments = arguments(Argument("n", positive_int), *COMMON_ARGUMENTS)
    keras_positional = ("n",)
    input_ndim = 2
    input_axes = ("batch", "features")

    def output_shape(self, input_shape: Shape) -> Shapes:
        return (input_shape[0], self.n, input_shape[1])


@json_schema(
    {
        "type": "array",
        "items": {"type": "integer", "anyOf": [{"minimum": 1}, {"const": -1}]},
        "not": {"contains": {"const": -1}, "minContains": 2},
    }
)
def _target_shape(value: Any) -> str | None:
    if (
        isinstance(value, list)
        and all(is_integer(dim) and (dim > 0 or dim == -1) for dim in value)
        and sum(dim == -1 for dim in value) <= 1
    ):
        return None
    return f"expected a list of positive sizes with at most one -1, got {value!r}"


class Reshape(Layer[Shape]):
    """Any shape with the same number of elements per sample; one axis may be -1 (inferred)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    target_shape: list[int]

    class_name = "Reshape"
    arguments = arguments(Argument("target_shape", _target_shape), *COMMON_ARGUMENTS)
    keras_positional = ("target_shape",)

    def output_shape(self, input_shape: Shape) -> Shapes:
        rest = input_shape[1:]
        target = tuple(self.target_shape)
        if None in rest:
            # Keras cannot infer a -1 from an unknown size: it stays unknown.
            return (input_shape[0], *(None if dim == -1 else dim for dim in target))
        size = math.prod(rest)
        known = math.prod(dim for dim in target if dim != -1)
        if -1 not in target:
            if known != size:
                raise LayerInputError(
                    f"cannot reshape {describe_shape(input_shape)} ({size} values per sample) "
                    f"to {describe_shape(target)} ({known} values)"
                )
            return (input_shape[0], *target)
        if size % known:
            raise LayerInputError(
                f"cannot reshape {describe_shape(input_shape)} ({size} values per sample) "
                f"to {describe_shape(target)}: {size} is not a multiple of {known}"
            )
        return (input_shape[0], *(size // known if dim == -1 else dim for dim in target))


@json_schema({"type": "array", "items": {"type": "integer", "minimum": 1}, "uniqueItems": True})
def _permutation(value: Any) -> str | None:
    if (
        isinstance(value, list)
        and all(is_integer(dim) for dim in value)
        and sorted(value) == list(range(1, len(value) + 1))
    ):
        return None
    return f"expected a permutation of the axes 1..n, such as [2, 1], got {value!r}"


class Permute(Layer[Shape]):
    """Reorders the axes after the batch: dims [2, 1] swaps time steps and features."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    dims: list[int]

    class_name = "Permute"
    arguments = arguments(Argument("dims", _permutation), *COMMON_ARGUMENTS)
    keras_positional = ("dims",)
    input_axes = ("batch", "...")

    def check_input(self, input_shape: Shape) -> None:
        if len(input_shape) != len(self.dims) + 1:
            raise LayerInputError(
                f"has dims {self.dims} for {len(self.dims)} axes, but receives {describe_shape(input_shape)} "
                f"with {len(input_shape) - 1} axes after the batch"
            )

    def output_shape(self, input_shape: Shape) -> Shapes:
        return (input_shape[0], *(input_shape[dim] for dim in self.dims))
