"""The layer graph: nodes that know their inbound nodes, and shape inference over it.

A ``layers:`` list is sugar for a chain; the graph form is what several inputs,
merges and shared layers will build on.
"""

from __future__ import annotations

from typing import Optional, Union

from lstm_calc.errors import SpecError
from lstm_calc.layers import LayerInputError
from lstm_calc.shapes import Shapes, format_shapes
from lstm_calc.sizes import DTYPE_BYTES, variable_dtype
from lstm_calc.spec import InputSpec, LayerSpec, ModelSpec
from lstm_calc.summary import LayerSummary, ModelSummary


# Plain classes: nodes are identities in a graph (compared by identity, not value), and
# defining them costs nothing at start-up, where a dataclass costs a fraction of a millisecond.


class InputNode:
    """A model input; its single output is the input shape."""

    __slots__ = ("spec", "name")

    def __init__(self, spec: InputSpec, name: str = "input_layer") -> None:
        self.spec = spec
        self.name = name


class LayerNode:
    """One application of a layer to the outputs of its inbound nodes."""

    __slots__ = ("spec", "inbound")

    def __init__(self, spec: LayerSpec, inbound: Optional[list[Union[InputNode, LayerNode]]] = None) -> None:
        self.spec = spec
        self.inbound = inbound if inbound is not None else []


class Graph:
    """Inputs, and layer nodes in an order where every node follows its inbound nodes."""

    __slots__ = ("model", "inputs", "nodes")

    def __init__(self, model: ModelSpec, inputs: list[InputNode], nodes: list[LayerNode]) -> None:
        self.model = model
        self.inputs = inputs
        self.nodes = nodes


def chain(model: ModelSpec) -> Graph:
    """The graph of a plain ``layers:`` list: each layer takes the previous layer's output."""
    model_input = InputNode(model.input)
    nodes: list[LayerNode] = []
    previous: Union[InputNode, LayerNode] = model_input
    for layer_spec in model.layers:
        node = LayerNode(layer_spec, [previous])
        nodes.append(node)
        previous = node
    return Graph(model, [model_input], nodes)


def infer(graph: Graph) -> ModelSummary:
    """Compute every node's output shapes and weights, refusing what Keras would refuse."""
    outputs: dict[int, Shapes] = {id(node): node.spec.shape for node in graph.inputs}
    summaries: list[LayerSummary] = []
    for node in graph.nodes:
        (source,) = node.inbound
        received = outputs[id(source)]
        spec = node.spec
        if isinstance(received, list):
            raise SpecError(
                f"layer '{spec.name}' ({spec.layer.class_name}) receives {len(received)} tensors "
                f"{format_shapes(received)} from '{source.spec.name}', which has return_state: true; "
                "a layer in a 'layers:' list takes one tensor, so drop return_state",
                spec.location,
                spec.path,
            )
        try:
            spec.layer.check_input(received)
            produced = spec.layer.output_shape(received)
            weights = spec.layer.weights(received)
        except LayerInputError as error:
            raise _located(error, node) from None
        if not spec.layer.trainable:
            weights = [type(weight)(weight.name, weight.shape, False) for weight in weights]
        dtype = variable_dtype(spec.layer.dtype or graph.model.dtype)
        summaries.append(
            LayerSummary(
                name=spec.name,
                type=spec.layer.class_name,
                input_shape=received,
                output_shape=produced,
                weights=tuple(weights),
                bytes_per_param=DTYPE_BYTES[dtype],
            )
        )
        outputs[id(node)] = produced
    model = graph.model
    return ModelSummary(model.name, model.framework, model.dtype, model.input.shape, tuple(summaries))


def _located(error: LayerInputError, node: LayerNode) -> SpecError:
    spec = node.spec
    message = f"layer '{spec.name}' ({spec.layer.class_name}) {error.message}"
    (source,) = node.inbound
    if error.wants_more_axes:
        hint = (
            source.spec.layer.hint_to_keep_time_axis(source.spec.name)
            if isinstance(source, LayerNode)
            else "input.shape lists every axis after the batch: ["
            + ", ".join(spec.layer.input_axes[1:])
            + "]"
        )
        if hint:
            message += f"; {hint}"
    if error.argument:
        return SpecError(message, spec.argument_location(error.argument), f"{spec.path}.{error.argument}")
    return SpecError(message, spec.location, spec.path)
