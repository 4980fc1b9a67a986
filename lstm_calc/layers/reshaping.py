"""Layers that only rearrange axes: Flatten, RepeatVector, Reshape and Permute, and torch's Unflatten."""

from __future__ import annotations

import math
from typing import Any

from lstm_calc.arguments import PYTORCH, Argument, _describe, arguments, is_integer, json_schema, kept, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, LayerInputError
from lstm_calc.layers.keras_masks import DROPS
from lstm_calc.layers.torch_code import TorchModule, unless
from lstm_calc.layers.torch_only import TorchOnlyLayer, integer, torch_axis
from lstm_calc.shapes import Shape, Shapes, describe_shape, known_sizes


def _product(sizes: Shape) -> int | None:
    known = known_sizes(sizes)
    return None if known is None else math.prod(known)


class Flatten(Layer[Shape]):
    """(batch, a, b, ...) -> (batch, a·b·...), unknown when any axis is. torch.nn.Flatten joins the
    axes ``start_dim`` to ``end_dim`` (1 and -1, so the same by default), counting the batch as 0."""

    class_name = "Flatten"
    keras_mask = DROPS
    torch_class_name = "Flatten"
    arguments = arguments(
        *kept("data_format"),
        Argument("start_dim", integer, 1, convention=PYTORCH),
        Argument("end_dim", integer, -1, convention=PYTORCH),
        *COMMON_ARGUMENTS,
    )
    keras_positional = ("data_format",)
    torch_positional = ("start_dim", "end_dim")
    input_min_ndim = 1
    input_axes = ("batch", "...")

    def output_shape(self, input_shape: Shape) -> Shapes:
        if self.framework == PYTORCH:
            start = torch_axis(self.config["start_dim"], input_shape, "start_dim")
            end = torch_axis(self.config["end_dim"], input_shape, "end_dim")
            if start > end:
                raise LayerInputError(
                    f"has start_dim {self.config['start_dim']} after end_dim {self.config['end_dim']} on "
                    f"{describe_shape(input_shape)} (torch: start_dim cannot come after end_dim)",
                    argument="start_dim",
                )
            return (*input_shape[:start], _product(input_shape[start : end + 1]), *input_shape[end + 1 :])
        return (input_shape[0], _product(input_shape[1:]))

    def torch_module(self, input_shape: Shape) -> TorchModule | None:
        options = {"start_dim": unless(self.config["start_dim"], 1), "end_dim": unless(self.config["end_dim"], -1)}
        return TorchModule("nn.Flatten", [], options)


@json_schema({"type": "array", "items": {"type": "integer", "anyOf": [{"minimum": 1}, {"const": -1}]}, "minItems": 1})
def _unflattened_size(value: Any) -> str | None:
    if isinstance(value, list) and value and all(is_integer(size) and (size > 0 or size == -1) for size in value):
        if sum(size == -1 for size in value) <= 1:
            return None
        return f"expected at most one -1 (torch infers only one size), got {value!r}"
    return f"expected a non-empty list of positive sizes, one of them -1 at most, got {_describe(value)}"


class Unflatten(TorchOnlyLayer):
    """``nn.Unflatten(dim, unflattened_size)``: the axis ``dim`` (the batch is 0) split into the sizes given,
    whose product must be its size; one of them may be -1, inferred."""

    class_name = torch_class_name = "Unflatten"
    arguments = arguments(Argument("dim", integer), Argument("unflattened_size", _unflattened_size), *COMMON_ARGUMENTS)
    torch_positional = ("dim", "unflattened_size")

    def output_shape(self, input_shape: Shape) -> Shapes:
        axis = torch_axis(self.config["dim"], input_shape)
        sizes: list[int] = self.config["unflattened_size"]
        size = input_shape[axis]
        known = math.prod(part for part in sizes if part != -1)
        if size is None:
            split: tuple[int | None, ...] = tuple(None if part == -1 else part for part in sizes)
        elif -1 in sizes:
            if size % known:
                raise LayerInputError(
                    f"cannot split axis {self.config['dim']} of {describe_shape(input_shape)} ({size}) into "
                    f"{sizes}: {size} is not a multiple of {known}",
                    argument="unflattened_size",
                )
            split = tuple(size // known if part == -1 else part for part in sizes)
        elif known != size:
            raise LayerInputError(
                f"cannot split axis {self.config['dim']} of {describe_shape(input_shape)} ({size}) into {sizes}, "
                f"which multiply to {known}",
                argument="unflattened_size",
            )
        else:
            split = tuple(sizes)
        return (*input_shape[:axis], *split, *input_shape[axis + 1 :])

    def torch_positional_values(self, input_shape: Shape) -> list[Any]:
        return [self.config["dim"], self.config["unflattened_size"]]


class RepeatVector(Layer[Shape]):
    """(batch, features) -> (batch, n, features): the encoder's summary repeated for each decoder step."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    n: int

    class_name = "RepeatVector"
    keras_mask = DROPS
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
    keras_mask = DROPS
    arguments = arguments(Argument("target_shape", _target_shape), *COMMON_ARGUMENTS)
    keras_positional = ("target_shape",)

    def output_shape(self, input_shape: Shape) -> Shapes:
        rest = known_sizes(input_shape[1:])
        target = tuple(self.target_shape)
        if rest is None:
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
    keras_mask = DROPS
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
