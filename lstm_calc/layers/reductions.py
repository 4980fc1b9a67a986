"""Keras 3's reductions of a tensor: ``keras.ops.mean``, ``max``, ``min`` and ``sum`` on a tensor of a functional
model make the operations ``Mean``, ``Max``, ``Min`` and ``Sum`` (``keras/src/ops/numpy.py``), each with a row of
its own in the summary (``mean (Mean)``, no weights), not layers.

Their arguments are the functions' own: ``axis`` (an int, a list of ints, or None for every axis), ``keepdims``
and, for ``max`` and ``min``, ``initial``, which changes no shape. The output shape is ``reduce_shape``'s
(``keras/src/ops/operation_utils.py``): each axis reduced is removed, or kept as 1 with ``keepdims``; None
reduces every axis (``()``); the batch axis is an axis like the others.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.arguments import Argument, _describe, arguments, boolean, is_integer, json_schema, layer_name
from lstm_calc.layers.base import Layer, LayerInputError
from lstm_calc.layers.keras_masks import DROPS
from lstm_calc.shapes import Shape, describe_shape

if TYPE_CHECKING:
    from lstm_calc.shapes import Shapes

_INTEGER = {"type": "integer"}


@json_schema({"anyOf": [{"type": "null"}, _INTEGER, {"type": "array", "items": _INTEGER, "uniqueItems": True}]})
def _axis(value: Any) -> str | None:
    if value is None or is_integer(value):
        return None
    if isinstance(value, (list, tuple)) and all(is_integer(item) for item in value):
        if len(set(value)) < len(value):
            return f"names an axis twice: {list(value)!r}"  # reduce_shape would remove an axis more than once
        return None
    return f"expected an axis (an int), a list of them or null, got {_describe(value)}"


def _normalized_axis(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


vars(_axis)["normalize"] = _normalized_axis


@json_schema({"type": ["number", "null"]})
def _initial(value: Any) -> str | None:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return None
    return f"expected a number or null, got {_describe(value)}"


_AXIS = Argument("axis", _axis, None)
_KEEPDIMS = Argument("keepdims", boolean, False)
_NAME = Argument("name", layer_name, None)
_ONLY_IN_GRAPH = (
    "is Keras's reduction of a tensor (keras.ops.{function}(x, axis=1)), an operation on a tensor, not a layer: "
    "only a functional model holds it, as a graph spec's entry (a top-level inputs: mapping, and inputs: on the "
    "entry that reduces)"
)


class Reduction(Layer[Shape]):
    """A reduction of a tensor over axes: no weights, no multiply-accumulates, no mask on its output (Keras's
    operations attach none)."""

    class_name = "Reduction"
    #: The function of ``keras.ops`` that makes this operation.
    function = ""
    keras_mask = DROPS
    arguments = arguments(_AXIS, _KEEPDIMS, _NAME)
    keras_positional: ClassVar[tuple[str, ...]] = ("axis", "keepdims")
    #: Where Keras code takes the class from (export --to keras): Keras's public API does not export it.
    keras_module = "keras.src.ops.numpy"
    input_axes = ("batch", "...")

    @property
    def axes(self) -> tuple[int, ...] | None:
        """The axes reduced as written (negative ones counting from the end), or None for every axis."""
        axis = self.config.get("axis")
        if axis is None:
            return None
        return (axis,) if is_integer(axis) else tuple(axis)

    def output_shape(self, input_shape: Shape) -> Shapes:
        axes, keepdims = self.axes, self.config.get("keepdims", False) is True
        if axes is None:
            return tuple(1 for _ in input_shape) if keepdims else ()
        rank = len(input_shape)
        reduced = set()
        for axis in axes:
            if not -rank <= axis < rank:
                raise LayerInputError(
                    f"reduces axis {axis} of {describe_shape(input_shape)}, which has {rank} axes; Keras: "
                    f'"axis {axis} is out of bounds for an array with dimension {rank}."',
                    argument="axis",
                )
            reduced.add(axis % rank)
        if len(reduced) < len(axes):
            raise LayerInputError(
                f"reduces an axis of {describe_shape(input_shape)} twice: {list(axes)!r} name the same axis",
                argument="axis",
            )
        if keepdims:
            return tuple(1 if axis in reduced else length for axis, length in enumerate(input_shape))
        return tuple(length for axis, length in enumerate(input_shape) if axis not in reduced)

    def keras_call_code(self, tensor: str, name: str | None) -> str | None:
        """``keras.ops.mean(lstm, axis=1)``; a name other than Keras's automatic one takes the operation's class,
        which Keras's public API does not export (``mean``, ``mean_1``... name the function's)."""
        given = [
            f"{argument}={_literal(self.config[argument])}"
            for argument, declared in self.arguments.items()
            if argument != "name" and self.config.get(argument, declared.default) != declared.default
        ]
        if name is None:
            return f"keras.ops.{self.function}({', '.join([tensor, *given])})"
        given.append(f"name={json.dumps(name)}")
        return f"{self.keras_module}.{self.class_name}({', '.join(given)})({tensor})"


def _literal(value: Any) -> str:
    return repr(tuple(value)) if isinstance(value, list) else repr(value)


class Mean(Reduction):
    """``keras.ops.mean(x, axis, keepdims)``."""

    class_name = "Mean"
    function = "mean"
    only_in_graph = _ONLY_IN_GRAPH.format(function=function)


class Sum(Reduction):
    """``keras.ops.sum(x, axis, keepdims)``."""

    class_name = "Sum"
    function = "sum"
    only_in_graph = _ONLY_IN_GRAPH.format(function=function)


class Max(Reduction):
    """``keras.ops.max(x, axis, keepdims, initial)``: ``initial`` changes no shape."""

    class_name = "Max"
    function = "max"
    arguments = arguments(_AXIS, _KEEPDIMS, Argument("initial", _initial, None), _NAME)
    keras_positional = ("axis", "keepdims", "initial")
    only_in_graph = _ONLY_IN_GRAPH.format(function=function)


class Min(Max):
    """``keras.ops.min(x, axis, keepdims, initial)``: ``initial`` changes no shape."""

    class_name = "Min"
    function = "min"
    only_in_graph = _ONLY_IN_GRAPH.format(function=function)
