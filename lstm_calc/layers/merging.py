"""Merge layers, which take several tensors: Concatenate, Add, Subtract, Multiply, Average,
Maximum, Minimum and Dot, with Keras 3's shape rules."""

from __future__ import annotations

from typing import Any

from lstm_calc.arguments import Argument, arguments, boolean, is_integer, json_schema
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError
from lstm_calc.layers.keras_masks import DROPS, UNLESS_ALL
from lstm_calc.layers.multi_input import MultiInputLayer
from lstm_calc.shapes import Shape, Shapes, describe_shape

Dims = tuple[int | None, ...] | None


def _broadcast(first: Shape, second: Shape, shapes: list[Shape]) -> Shape:
    """Keras's ``_compute_elemwise_op_output_shape``: trailing axes broadcast, 1 stretches."""
    if len(first) < len(second):
        first, second = second, first
    if not second:
        return first
    result = list(first[: len(first) - len(second)])
    for left, right in zip(first[len(first) - len(second) :], second):
        if left is None or right is None:
            result.append(None)
        elif left == 1 or right == 1:
            result.append(right if left == 1 else left)
        elif left != right:
            raise LayerInputError(
                "needs inputs of the same shape (or shapes that broadcast), but receives "
                + ", ".join(describe_shape(shape) for shape in shapes)
            )
        else:
            result.append(left)
    return tuple(result)


class ElementwiseMerge(MultiInputLayer):
    """Combines tensors element by element; no weights. Under the PyTorch convention these
    stand for the tensor operations (``a + b``, ``torch.maximum``...)."""

    arguments = arguments(*COMMON_ARGUMENTS)
    keras_mask = UNLESS_ALL  # Merge.compute_mask: None if any mask is, else their logical_or

    def output_shape(self, input_shapes: list[Shape]) -> Shapes:
        batch_sizes = {shape[0] for shape in input_shapes} - {None}
        if len(batch_sizes) > 1:
            raise LayerInputError(
                "cannot merge tensors with different batch sizes: "
                + ", ".join(describe_shape(shape) for shape in input_shapes)
            )
        merged = input_shapes[0][1:]
        for shape in input_shapes[1:]:
            merged = _broadcast(merged, shape[1:], input_shapes)
        batch = next(iter(batch_sizes)) if batch_sizes else None
        return (batch, *merged)


class Add(ElementwiseMerge):
    class_name = "Add"
    torch_class_name = "Add"


class Subtract(ElementwiseMerge):
    class_name = "Subtract"
    torch_class_name = "Subtract"
    input_count = (2, 2)


class Multiply(ElementwiseMerge):
    class_name = "Multiply"
    torch_class_name = "Multiply"


class Average(ElementwiseMerge):
    class_name = "Average"
    torch_class_name = "Average"


class Maximum(ElementwiseMerge):
    class_name = "Maximum"
    torch_class_name = "Maximum"


class Minimum(ElementwiseMerge):
    class_name = "Minimum"
    torch_class_name = "Minimum"


@json_schema({"type": "integer"})
def _axis(value: Any) -> str | None:
    return None if is_integer(value) else f"expected an axis number such as -1, got {value!r}"


class Concatenate(MultiInputLayer):
    """Joins tensors along ``axis`` (the last by default); every other axis must agree."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    axis: int

    class_name = "Concatenate"
    torch_class_name = "Concatenate"  # torch.cat
    arguments = arguments(Argument("axis", _axis, -1), *COMMON_ARGUMENTS)

    def output_shape(self, input_shapes: list[Shape]) -> Shapes:
        ranks = {len(shape) for shape in input_shapes}
        axis = self.axis
        if len(ranks) != 1 or not -len(input_shapes[0]) <= axis < len(input_shapes[0]):
            raise self._mismatch(input_shapes)
        rank = len(input_shapes[0])
        concat_axis = axis % rank
        for position in range(rank):
            if position == concat_axis:
                continue
            known = {shape[position] for shape in input_shapes} - {None}
            if len(known) > 1:
                raise self._mismatch(input_shapes)
        result = list(input_shapes[0])
        for shape in input_shapes[1:]:
            joined, added = result[concat_axis], shape[concat_axis]
            if joined is None or added is None:
                result[concat_axis] = None
                break
            result[concat_axis] = joined + added
        return tuple(result)

    def _mismatch(self, input_shapes: list[Shape]) -> LayerInputError:
        return LayerInputError(
            f"needs inputs that match on every axis but the concatenation axis ({self.axis}), but receives "
            + ", ".join(describe_shape(shape) for shape in input_shapes)
        )


@json_schema(
    {"anyOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}]}
)
def _dot_axes(value: Any) -> str | None:
    if is_integer(value) or (isinstance(value, list) and len(value) == 2 and all(is_integer(v) for v in value)):
        return None
    return f"expected an axis number or a pair of them, got {value!r}"


class Dot(MultiInputLayer):
    """The dot product of two tensors along ``axes`` (one number for both, or a pair)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    axes: int | list[int]

    class_name = "Dot"
    keras_mask = DROPS  # Dot.compute_mask gives None
    arguments = arguments(Argument("axes", _dot_axes), Argument("normalize", boolean, False), *COMMON_ARGUMENTS)
    input_count = (2, 2)

    def output_shape(self, input_shapes: list[Shape]) -> Shapes:
        first, second = (list(shape) for shape in input_shapes)
        if isinstance(self.axes, int):
            axes = [self.axes % len(first), self.axes % len(second)] if self.axes < 0 else [self.axes] * 2
        else:
            axes = list(self.axes)
        for shape, axis in ((first, axes[0]), (second, axes[1])):
            if not -len(shape) <= axis < len(shape):
                raise LayerInputError(f"has axes {self.axes}, which {describe_shape(tuple(shape))} does not have")
        if first[axes[0]] != second[axes[1]]:
            raise LayerInputError(
                f"needs axis {axes[0]} of {describe_shape(tuple(first))} and axis {axes[1]} of "
                f"{describe_shape(tuple(second))} to be the same size"
            )
        first.pop(axes[0])
        second.pop(axes[1])
        second.pop(0)
        result = first + second
        if len(result) == 1:
            result.append(1)
        return tuple(result)
