"""A user's own Keras layer (``class Attention(keras.layers.Layer)``), known by the weights its ``build``
creates and the shape its ``compute_output_shape`` or ``call`` gives.

In a spec the layer lists them as data: ``weights`` (each ``name``, ``shape`` and ``trainable``, as
Keras lists ``layer.weights``, and a ``dtype`` for one that has its own rather than the layer's) and
``output_shape`` (without the batch axis). The Keras code readers give them instead as rules of the
input shape, which they follow from the class's code (``readers/custom_layers.py``); a rule raises a
located error where it cannot follow the code.
"""

from __future__ import annotations

from typing import Any

from lstm_calc.amount import Amount
from lstm_calc.arguments import Argument, _describe, arguments, boolean, is_integer, json_schema, layer_name
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, Weight
from lstm_calc.shapes import Shape, Shapes
from lstm_calc.sizes import WEIGHT_DTYPE_BYTES

_SIZES = {"type": "array", "items": {"type": "integer", "minimum": 0}}
_WEIGHT = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "shape": _SIZES,
        "trainable": {"type": "boolean"},
        "dtype": {"enum": list(WEIGHT_DTYPE_BYTES)},
    },
    "required": ["name", "shape"],
    "additionalProperties": False,
}


@json_schema({"type": "string", "minLength": 1})
def _class_name(value: Any) -> str | None:
    """The user's class name, shown as the layer's type."""
    return layer_name(value) if value is not None else "expected the custom class's name, such as Attention"


@json_schema({"type": "array", "items": _WEIGHT})
def _weights(value: Any) -> str | None:
    """The weights the layer's ``build`` creates, as data (a ``dtype`` where ``add_weight`` gives one); or,
    from Keras code, a rule of the input shape."""
    if callable(value):
        return None
    if not isinstance(value, list):
        return f"expected a list of weights such as [{{name: W, shape: [64, 1]}}], got {_describe(value)}"
    for item in value:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("name"), str)
            or set(item) - {"name", "shape", "trainable", "dtype"}
        ):
            return f"expected each weight as {{name: W, shape: [64, 1], trainable: true}}, got {_describe(item)}"
        shape = item.get("shape")
        if not isinstance(shape, list) or not all(is_integer(size) and size >= 0 for size in shape):
            name = item["name"]
            return f"expected the shape of weight '{name}' as a list of sizes such as [64, 1], got {_describe(shape)}"
        if boolean(item.get("trainable", True)) is not None:
            return f"expected weight '{item['name']}' trainable: true or false, got {_describe(item['trainable'])}"
        if item.get("dtype", "float32") not in WEIGHT_DTYPE_BYTES:
            return (
                f"expected weight '{item['name']}' dtype: one of {', '.join(WEIGHT_DTYPE_BYTES)} (or none: the "
                f"layer's), got {_describe(item['dtype'])}"
            )
    return None


def _is_sizes(value: Any) -> bool:
    return isinstance(value, list) and all(size is None or (is_integer(size) and size >= 0) for size in value)


_SHAPE = {"type": "array", "items": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}}


@json_schema({"anyOf": [_SHAPE, {"type": "array", "items": _SHAPE, "minItems": 1}]})
def _output_shape(value: Any) -> str | None:
    """The output shape without the batch axis (a list of them for several outputs); or, from Keras code,
    a rule of the input shape."""
    if callable(value) or _is_sizes(value) or (isinstance(value, list) and value and all(map(_is_sizes, value))):
        return None
    return f"expected the output shape without the batch axis, as a list of sizes such as [64], got {_describe(value)}"


class CustomLayer(Layer[Shape]):
    """The user's own Keras layer, shown under its class's name; its weights and output shape as given."""

    class_name = "CustomLayer"
    arguments = arguments(
        Argument("keras_class", _class_name),
        Argument("weights", _weights, []),
        Argument("output_shape", _output_shape),
        *COMMON_ARGUMENTS,
    )
    keras_export_refusal = (
        "is the user's own class: lstmcalc knows its weights and shapes, not its code; "
        "export the model without it, or write the class into the exported file by hand"
    )

    @property
    def type_name(self) -> str:
        """The user's class name, as Keras's summary shows it."""
        return str(self.config["keras_class"])

    def output_shape(self, input_shape: Shape) -> Shapes:
        """The shape the class's code gives (a rule), or ``(batch, *output_shape)``."""
        wanted = self.config["output_shape"]
        if callable(wanted):
            given = wanted(tuple(input_shape), self.declaration.name if self.declaration else None)
            return [tuple(shape) for shape in given] if isinstance(given, list) else tuple(given)
        if wanted and all(isinstance(item, list) for item in wanted):
            return [(input_shape[0], *item) for item in wanted]
        return (input_shape[0], *wanted)

    def weights(self, input_shape: Shape) -> list[Weight]:
        """The weights ``build`` creates, trainable ones first as Keras lists ``layer.weights``."""
        given = self.config["weights"]
        if callable(given):
            built = given(tuple(input_shape), self.declaration.name if self.declaration else None)
            found = [Weight(name, tuple(shape), trainable, dtype) for name, shape, trainable, dtype in built]
        else:
            found = [
                Weight(item["name"], tuple(item["shape"]), item.get("trainable", True), item.get("dtype"))
                for item in given
            ]
        return [weight for weight in found if weight.trainable] + [weight for weight in found if not weight.trainable]

    #: Its MACs are left at zero, and ``--stats`` and a MACs column are refused with this.
    macs_refusal = "is the user's own class: lstmcalc does not follow the arithmetic of its call()"

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """None counted (:attr:`macs_refusal` says why): weights and shapes are exact."""
        return Amount()
