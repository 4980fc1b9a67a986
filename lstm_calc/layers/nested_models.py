"""A Sequential model used as a layer of a functional model (``x = encoder(inputs)``).

Keras's summary of the outer model shows the nested model as one row (``expand_nested=False``):
its name and class (``encoder (Sequential)``), the shape its last layer gives and the count of
all its layers' weights; the layers inside take their names from the session's counters before
the model's own (``lstm``, ``lstm_1``, then ``sequential``), as the spec reader names nested
layers first. Its weights are listed under each inner layer's name (``lstm/lstm_cell/kernel``);
``trainable: false`` freezes them all, as ``model.trainable = False`` does. An inner layer that
makes a mask (``Embedding(mask_zero=True)``) or gives several outputs is refused: Keras's
summary of the outer model then depends on what lstmcalc does not follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.amount import Amount
from lstm_calc.arguments import Argument, _describe, arguments, is_integer, json_schema
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, LayerInputError, Weight
from lstm_calc.layers.wrappers import declared_name
from lstm_calc.shapes import Shape, Shapes, describe_shape
from lstm_calc.sizes import WEIGHT_DTYPE_BYTES, variable_dtype

if TYPE_CHECKING:
    from collections.abc import Mapping


# The schema refers nested layers to the layer definition itself (see lstm_calc.schema).
@json_schema({"type": "array", "minItems": 1, "items": {"type": "object"}})
def layer_list(value: Any) -> str | None:
    """A non-empty list of layer mappings."""
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return None
    got = "an empty list" if value == [] else _describe(value)
    return f"expected a non-empty list of layers such as [{{type: LSTM, units: 8}}], got {got}"


@json_schema({"type": ["array", "null"], "items": {"type": ["integer", "null"], "minimum": 1}})
def _built_shape(value: Any) -> str | None:
    """The shape of the input a nested model is built with (no batch axis), or None."""
    if (
        value is None
        or isinstance(value, list)
        and all(item is None or is_integer(item) and item > 0 for item in value)
    ):
        return None
    return f"expected the shape of the model's input without the batch axis, such as [10, 3], got {_describe(value)}"


class NestedSequential(Layer[Shape]):
    """Keras's Sequential model called on a tensor of a functional model, as one layer."""

    class_name = "Sequential"
    arguments = arguments(
        Argument("layers", layer_list),
        # The shape of the keras.Input the model is built with, batch axis left out: a call on another is refused.
        Argument("built_shape", _built_shape, None),
        *COMMON_ARGUMENTS,
    )
    nested_arguments = ("layers",)
    #: Built at its first call (unless built on its own keras.Input), it makes an InputLayer and a Functional.
    keras_built_sublayers = ("InputLayer", "Functional")
    keras_positional = ("layers",)
    only_in_graph = (
        "is a Sequential model used as a layer: a model holds it, as a graph spec's entry (a top-level inputs: "
        "mapping, and inputs: on the entry that calls it) or a plain 'layers:' list's, not another layer"
    )
    in_plain_list = True
    keras_export_refusal = (
        "is a Sequential model used as a layer, which export --to keras does not write; write the model's "
        "layers out in its place"
    )

    @classmethod
    def keras_built_sublayers_given(cls, given: Mapping[str, Any]) -> tuple[str, ...]:
        """What its first call makes: nothing where it was built on its own keras.Input (``built_shape``)."""
        return () if given.get("built_shape") is not None else cls.keras_built_sublayers

    @property
    def inner_layers(self) -> list[Layer[Any]]:
        layers: list[Layer[Any]] = self.config["layers"]
        return layers

    @property
    def weight_dtype(self) -> str | None:
        """The inner layers' dtype where they share one; None where they differ, each weight then sized by its
        layer's (:meth:`weights`), as Keras sizes it."""
        dtypes = {layer.weight_dtype for layer in self.inner_layers}
        return dtypes.pop() if len(dtypes) == 1 else None

    def check_input(self, input_shape: Shape) -> None:
        built = self.config.get("built_shape")
        # Keras checks a call against the shape it was built on: a size None on either side fits any.
        if built is not None and not (
            len(built) == len(input_shape) - 1
            and all(a is None or b is None or a == b for a, b in zip(built, input_shape[1:]))
        ):
            raise LayerInputError(
                f"is built on inputs of shape {describe_shape((None, *built))} but receives "
                f"{describe_shape(input_shape)}",
                argument="built_shape",
            )

    def _runs(self, input_shape: Shape) -> list[tuple[Layer[Any], Shape, Shape]]:
        """Each inner layer, the shape it receives and the one it gives, first to last."""
        runs: list[tuple[Layer[Any], Shape, Shape]] = []
        shape = input_shape
        for layer in self.inner_layers:
            name = declared_name(layer)
            try:
                if type(layer).keras_makes_mask(layer.config):
                    raise LayerInputError("makes a mask, which a nested model's summary row does not follow")
                layer.check_input(shape)
                given = layer.output_shape(shape)
            except LayerInputError as error:
                raise self._inner_error(layer, name, error) from None
            if not isinstance(given, tuple):
                raise self._inner_error(
                    layer, name, LayerInputError("gives several outputs, which a Sequential model cannot pass on")
                )
            runs.append((layer, shape, given))
            shape = given
        return runs

    @staticmethod
    def _inner_error(layer: Layer[Any], name: str, error: LayerInputError) -> LayerInputError:
        declaration = layer.declaration
        location = None
        if declaration is not None:
            location = declaration.argument_location(error.argument) if error.argument else declaration.location
        return LayerInputError(f"holds '{name}' ({layer.type_name}), which {error.message}", location=location)

    def output_shape(self, input_shape: Shape) -> Shapes:
        return self._runs(input_shape)[-1][2]

    def weights(self, input_shape: Shape) -> list[Weight]:
        weights: list[Weight] = []
        mixed = self.weight_dtype is None
        built: list[int | None] | None = self.config.get("built_shape")
        # Keras makes the weights when it builds the model, on its own input's shape, whatever the call's.
        for layer, received, _ in self._runs(input_shape if built is None else (input_shape[0], *built)):
            name, trainable = declared_name(layer), layer.trainable
            # Where the layers' dtypes differ, a layer's own dtype sizes its weights; one without takes the model's.
            own = variable_dtype(layer.weight_dtype) if mixed and layer.weight_dtype is not None else None
            if own is not None and own not in WEIGHT_DTYPE_BYTES:
                raise self._inner_error(layer, name, LayerInputError(f"has weights of dtype {own}", argument="dtype"))
            weights += [
                Weight(f"{name}/{weight.name}", weight.shape, weight.trainable and trainable, weight.dtype or own)
                for weight in layer.weights(received)
            ]
        return weights

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        total = Amount()
        for layer, received, given in self._runs(input_shape):
            total = total + layer.macs(received, given)
        return total
