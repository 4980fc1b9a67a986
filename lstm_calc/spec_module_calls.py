"""A spec's PyTorch model as torchinfo sees it: the module calls of the code ``export --to pytorch`` writes.

The exported module is named after the model (:func:`lstm_calc.naming.torch_class_name`) and
calls one submodule per layer, in the spec's order; merges are tensor operations, not modules.
Each call's tensors are those of the torch.nn module itself (an LSTM returns every step and its
final states, a Conv1d sees channels first), as :meth:`Layer.torch_call_shapes` gives them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.layers import LayerInputError
from lstm_calc.module_calls import ModuleCall, inner_calls
from lstm_calc.naming import torch_class_name
from lstm_calc.shapes import first_shape, listed_shapes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lstm_calc.shapes import Shape, Shapes
    from lstm_calc.spec import ModelSpec, NodeSpec
    from lstm_calc.summary import LayerSummary

#: One application of a layer: the node, the shapes it received and the shapes it produced.
Applied = tuple["NodeSpec", "Shapes", "Shapes"]


def spec_module_calls(
    model: ModelSpec,
    applied: list[Applied],
    rows: dict[int, LayerSummary],
    input_shapes: Sequence[Shape],
    output_shape: Shapes,
) -> tuple[ModuleCall, ...]:
    """The model's call (depth 0) on ``input_shapes`` and each submodule call of its ``forward``
    (depth 1), in order; none when a layer has no PyTorch code (export refuses such a model, and
    torchinfo has no module)."""
    calls = []
    tensors: list[tuple[tuple[Shape, ...], tuple[Shape, ...]]]
    for node, received, produced in applied:
        layer = node.layer.layer
        if layer.input_count is not None and not layer.torch_module_takes_tensors:
            continue  # a merge: a tensor operation in forward
        module_input = received if layer.torch_module_takes_tensors else first_shape(received)
        try:
            torch_module = layer.torch_module(module_input)
        except LayerInputError:
            torch_module = None  # a layer torch.nn cannot build: no module to summarise (export says why)
        if torch_module is None:
            return ()
        row = rows[id(node.layer)]
        class_name = torch_module.torch_class.rsplit(".", 1)[-1]
        if isinstance(received, list) and not layer.torch_module_takes_tensors:
            # A one-tensor layer given several tensors (Dropout after return_state) is called on each.
            tensors = [((shape,), (shape,)) for shape in received]
        else:
            inputs, outputs = layer.torch_call_shapes(module_input, produced)
            tensors = [(tuple(inputs), tuple(outputs))]
        for inputs_, outputs_ in tensors:
            inner = inner_calls(layer, node.layer.name, list(inputs_), row.weights)
            calls.append(
                ModuleCall(
                    node.layer.name,
                    class_name,
                    1,
                    inputs_,
                    outputs_,
                    tuple(weight for weight in row.weights if not inner or "." not in weight.name),
                    row.params,
                    row.trainable_params,
                    layer.torch_has_uncalled_submodules,
                )
            )
            calls += inner  # what torch.nn's own forward calls inside it (a TransformerEncoder's layers)
    layer_rows = list(rows.values())
    model_call = ModuleCall(
        "",
        torch_class_name(model.name),
        0,
        tuple(input_shapes),
        tuple(listed_shapes(output_shape)),
        (),
        sum(row.params for row in layer_rows),
        sum(row.trainable_params for row in layer_rows),
    )
    return (model_call, *calls)
