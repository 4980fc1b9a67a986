"""The layer graph: nodes that know their inbound nodes, and shape inference over it.

A ``layers:`` list is sugar for a chain; the graph form is what several inputs,
merges and shared layers will build on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from lstm_calc.amount import Amount
from lstm_calc.errors import SpecError
from lstm_calc.layers import LayerInputError, Weight
from lstm_calc.shapes import Shapes, format_shapes
from lstm_calc.sizes import DTYPE_BYTES, variable_dtype
from lstm_calc.spec import InputSpec, LayerSpec, ModelSpec
from lstm_calc.summary import LayerSummary, ModelSummary


@dataclass
class InputNode:
    """A model input; its single output is the input shape."""

    spec: InputSpec
    name: str = "input_layer"


@dataclass
class LayerNode:
    """One application of a layer to the outputs of its inbound nodes."""

    spec: LayerSpec
    inbound: list[Union[InputNode, "LayerNode"]] = field(default_factory=list)


@dataclass
class Graph:
    """Inputs, and layer nodes in an order where every node follows its inbound nodes."""

    model: ModelSpec
    inputs: list[InputNode]
    nodes: list[LayerNode]


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
        if isinstance(received, list) and not spec.layer.takes_several_tensors:
            raise SpecError(
                f"layer '{spec.name}' ({spec.layer.type_name}) receives {len(received)} tensors "
                f"{format_shapes(received)} from '{source.spec.name}', but takes one; "
                "set return_state: false on the recurrent layer that returns them",
                spec.location,
                spec.path,
            )
        if isinstance(received, list):
            # Keras applies an element-wise layer to each tensor of a list.
            summaries.append(_summary(graph, spec, received, received, [], []))
            outputs[id(node)] = received
            continue
        try:
            spec.layer.check_input(received)
            produced = spec.layer.output_shape(received)
            weights = spec.layer.weights(received)
            buffers = spec.layer.buffers(received)
            macs = spec.layer.macs(received, produced)
        except LayerInputError as error:
            raise _located(error, node) from None
        summaries.append(_summary(graph, spec, received, produced, weights, buffers, macs))
        outputs[id(node)] = produced
    model = graph.model
    return ModelSummary(model.name, model.framework, model.dtype, model.input.shape, tuple(summaries))


def _summary(
    graph: Graph,
    spec: LayerSpec,
    received: Shapes,
    produced: Shapes,
    weights: list[Weight],
    buffers: list[Weight],
    macs: Amount = Amount(),
) -> LayerSummary:
    if not spec.layer.trainable:
        weights = [Weight(weight.name, weight.shape, False) for weight in weights]
    dtype = variable_dtype(spec.layer.dtype or graph.model.dtype)
    return LayerSummary(
        name=spec.name,
        type=spec.layer.type_name,
        input_shape=received,
        output_shape=produced,
        weights=tuple(weights),
        buffers=tuple(buffers),
        bytes_per_param=DTYPE_BYTES[dtype],
        macs=macs,
    )


def _located(error: LayerInputError, node: LayerNode) -> SpecError:
    spec = node.spec
    message = f"layer '{spec.name}' ({spec.layer.type_name}) {error.message}"
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
    if error.location:
        return SpecError(message, error.location, spec.path)
    if error.argument:
        return SpecError(message, spec.argument_location(error.argument), f"{spec.path}.{error.argument}")
    return SpecError(message, spec.location, spec.path)
