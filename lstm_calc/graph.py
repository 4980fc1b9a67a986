"""Shape inference over a spec's nodes, and the summary rows in the order Keras prints them.

Every node takes tensors from inputs or earlier nodes, so one pass in spec order
computes all shapes. A stack is summarised as a Keras ``Sequential`` (its layers in
order); a graph as a functional ``Model``, whose rows Keras orders by depth from the
outputs (``keras.src.ops.function.map_graph``), which :func:`lstm_calc.row_order.keras_row_order` follows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING

from lstm_calc.amount import Amount
from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.errors import SpecError
from lstm_calc.keras2_notes import keras2_notes
from lstm_calc.layers import LayerInputError, Weight
from lstm_calc.shape_disputes import follow_disputes
from lstm_calc.shapes import describe_shape, format_shapes, one_shape
from lstm_calc.sizes import DTYPE_BYTES, variable_dtype
from lstm_calc.spec import InputSpec, LayerSpec, NodeSpec
from lstm_calc.summary import Connection, LayerSummary, ModelSummary

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lstm_calc.errors import Location
    from lstm_calc.mask_flow import MaskFlow, MaskOperation
    from lstm_calc.module_calls import ModuleCall
    from lstm_calc.shapes import Shape, Shapes
    from lstm_calc.spec import ModelSpec, Reference
    from lstm_calc.spec_module_calls import Applied

    Source = InputSpec | NodeSpec | MaskOperation

#: The most digits a count derived for one layer may have: the values in one of its outputs
#: (and so any axis), its parameters, its multiply-accumulates. Python prints integers of up to
#: 4,300 digits, and totals, bytes and --stats figures (times a batch size of up to 1,000
#: digits) need the rest. No real model comes near; this stops a crafted spec (Flatten of
#: many huge axes) before a number too long to print reaches a renderer or an error message.
MAX_COUNT_DIGITS = 3_000
_COUNT_LIMIT = 10**MAX_COUNT_DIGITS
#: Below this, a layer's MACs need no counting to be known to be under the limit: every kind's
#: MACs are a product of a few of its input and output sizes and its weight count (its weights
#: applied at each position), and nine factors under 10^300, summed over fewer than 10^300
#: uses, stay under 10^3000.
_SMALL_COUNT = 10 ** (MAX_COUNT_DIGITS // 10)


# Plain classes with slots: one or more of each per node in a spec of 100,000 layers, and
# defining them costs nothing at start-up, where a dataclass costs a fraction of a millisecond.


class _Tensor:
    """One tensor flowing into a node: its shape, the node that produced it, and which output it is."""

    __slots__ = ("shape", "source", "index")

    def __init__(self, shape: Shape, source: Source, index: int) -> None:
        self.shape = shape
        self.source = source
        self.index = index


class _LayerState:
    """What shape inference learned about one layer, over all the nodes that apply it."""

    __slots__ = ("weights", "buffers", "received", "produced", "connections", "macs")

    def __init__(self, weights: list[Weight], buffers: list[Weight]) -> None:
        self.weights = weights
        self.buffers = buffers
        self.received: Shapes = ()
        self.produced: Shapes = ()
        self.connections: list[Connection] = []
        #: Over every use: a shared layer computes once per use.
        self.macs = Amount()


def infer(model: ModelSpec, count_macs: bool = True, torchinfo_table: bool = False) -> ModelSummary:
    """Compute every node's output shapes and weights, refusing what Keras (or torch) would refuse.

    With ``count_macs`` false the layers' MACs are left at zero (only ``--stats`` shows
    them), unless they might be too large to print: those are counted, and refused. With
    ``torchinfo_table``, a PyTorch model's calls are also computed again for the sizes torchinfo
    takes where an input's are unknown (:attr:`ModelSummary.torchinfo_calls`): a second pass, made
    only for the table that shows them.
    """
    for spec in model.inputs:
        if _values(spec.shape) >= _COUNT_LIMIT:
            subject = f"input '{spec.name}'" if model.functional else "the input"
            raise SpecError(
                f"{subject} has more than 10^{MAX_COUNT_DIGITS} values per sample; no real model is that large",
                spec.location,
            )
    outputs: dict[int, Shapes] = {id(spec): spec.shape for spec in model.inputs}
    node_numbers: dict[int, int] = {}  # node -> which application of its layer it is
    applications: defaultdict[int, int] = defaultdict(int)
    layer_states: dict[int, _LayerState] = {}
    parents: dict[int, list[Source]] = {}
    # Each node's shapes, for a PyTorch model's module calls (torchinfo's table).
    applied: list[Applied] | None = [] if model.framework == PYTORCH else None
    masks = _mask_flow(model)
    for node, taken, received, produced, weights, buffers, macs in _flow(model, outputs, count_macs, masks):
        node_numbers[id(node)] = applications[id(node.layer)]
        applications[id(node.layer)] += 1
        state = layer_states.get(id(node.layer))
        if state is None:
            state = layer_states[id(node.layer)] = _LayerState(weights, buffers)
        elif [w.shape for w in weights] != [w.shape for w in state.weights]:
            first = layer_states[id(node.layer)].received
            raise SpecError(
                f"layer '{node.layer.name}' is shared, but receives {describe_shape(received)} here and "
                f"{describe_shape(first)} where it is first used; one set of weights cannot fit both",
                node.location,
                node.path,
            )
        state.received, state.produced = received, produced
        state.macs = state.macs + macs
        state.connections += [
            Connection(_source_name(t.source), node_numbers.get(id(t.source), 0), t.index) for t in taken
        ]
        parents[id(node)] = [t.source for t in taken]
        if applied is not None:
            applied.append((node, received, produced))
    output_tensors = _output_tensors(model, outputs)
    output_shape = _output_shape(output_tensors)
    output_connections = tuple(
        Connection(_source_name(t.source), node_numbers.get(id(t.source), 0), t.index) for t in output_tensors
    )
    layer_rows = {id(layer): _layer_row(model, layer, layer_states[id(layer)]) for layer in model.layers}
    if model.later_calls and model.framework == KERAS:
        _later_shapes(model, layer_rows)
    calls: tuple[ModuleCall, ...] = ()
    torchinfo_calls: tuple[ModuleCall, ...] = ()
    if applied is not None:
        # Only a PyTorch-convention spec has module calls; a Keras start need not load them.
        from lstm_calc.spec_module_calls import spec_module_calls

        calls = spec_module_calls(model, applied, layer_rows, [spec.shape for spec in model.inputs], output_shape)
        torchinfo_calls = _torchinfo_calls(model, layer_rows) if calls and torchinfo_table else ()
    if model.summary_rows:
        by_name = {layer.name: layer_rows[id(layer)] for layer in model.layers}
        rows = [by_name[name] for name in model.summary_rows]
        summary = _model_summary(model, rows, output_shape, output_connections, True, count_macs)
    elif not model.functional:
        rows = [layer_rows[id(layer)] for layer in model.layers]
        summary = _model_summary(model, rows, output_shape, output_connections, True, count_macs)
    else:
        from lstm_calc.row_order import keras_row_order

        operation_rows = masks.rows(parents, node_numbers, DTYPE_BYTES[model.dtype]) if masks else {}
        order, sequential_like = keras_row_order(model, parents)
        known = {**layer_rows, **operation_rows}
        rows = [_input_row(model, item) if isinstance(item, InputSpec) else known[id(item)] for item in order]
        if masks and model.mask_operations is not None:  # a saved model's names, not a fresh session's
            rows = masks.saved_rows(rows, model.mask_operations, model.inputs[0].location)
        summary = _model_summary(model, rows, output_shape, output_connections, sequential_like, count_macs)
    return summary._replace(module_calls=calls, torchinfo_calls=torchinfo_calls) if calls else summary


#: One node applied: the node, its tensors as Keras lists them, what it receives, its outputs, weights, buffers, MACs.
_Step = tuple[NodeSpec, list["_Tensor"], "Shapes", "Shapes", list[Weight], list[Weight], Amount]


def _mask_flow(model: ModelSpec) -> MaskFlow | None:
    """Where Keras 3's summary lists the operations computing masks: a functional Keras model's."""
    if not model.functional or model.framework != KERAS or model.summary_rows:
        return None
    from lstm_calc.mask_flow import MaskFlow  # imported here: a chain's summary needs none

    # Names a saved model gives the operations replace lstmcalc's, which then clash with none of its layers.
    names = {spec.name for spec in model.inputs} | {layer.name for layer in model.layers}
    return MaskFlow(names if model.mask_operations is None else set())


def _flow(
    model: ModelSpec, outputs: dict[int, Shapes], count_macs: bool, masks: MaskFlow | None = None
) -> Iterator[_Step]:
    """Each node in spec order, applied to what it takes; ``outputs`` (each source's shapes, from
    the inputs' on) gains each node's as it goes, and ``masks`` the masks Keras attaches."""
    # What depends on an output whose shape Keras's summary disputes: the source and index -> why, and
    # each node that depends on one -> (why, the layer that gives it).
    disputed: dict[tuple[int, int], tuple[str, NodeSpec]] = {}
    depending: dict[int, tuple[str, NodeSpec]] = {}
    for node in model.nodes:
        tensors = [tensor for reference in node.inputs for tensor in _tensors(reference, outputs)]
        states = [tensor for reference in node.initial_state for tensor in _tensors(reference, outputs)]
        received = _received(node, tensors, model.functional)
        _refuse_float_ids(node, tensors)
        produced, weights, buffers, macs = _apply(node, received, states, count_macs)
        _refuse_huge_outputs(node, produced)
        outputs[id(node)] = produced
        if model.framework == KERAS:
            follow_disputes(node, tensors + states, weights, received, disputed, depending)
        if node.keywords and model.framework == KERAS:  # Keras lists a call's keyword tensors last, by name
            taken = [tensor for reference in node.keras_order() for tensor in _tensors(reference, outputs)]
        else:
            taken = tensors + states + [tensor for reference in node.mask for tensor in _tensors(reference, outputs)]
        if masks is not None:
            given = next((tensor for reference in node.mask for tensor in _tensors(reference, outputs)), None)
            given_mask = None if given is None else (given.source, given.index)
            mask = masks.call(node, [(t.source, t.index) for t in tensors], received, given_mask)
            taken += [_Tensor((), *mask)] if mask else []
        yield node, taken, received, produced, weights, buffers, macs


def _output_tensors(model: ModelSpec, outputs: dict[int, Shapes]) -> list[_Tensor]:
    return [tensor for reference in model.outputs for tensor in _tensors(reference, outputs)]


def _output_shape(tensors: list[_Tensor]) -> Shapes:
    return tensors[0].shape if len(tensors) == 1 else [tensor.shape for tensor in tensors]


def _torchinfo_calls(model: ModelSpec, layer_rows: dict[int, LayerSummary]) -> tuple[ModuleCall, ...]:
    """The module calls again for torchinfo's input_size, where an input's size is unknown: every
    shape computed from those sizes (:attr:`ModelSummary.torchinfo_calls`)."""
    if all(None not in spec.shape for spec in model.inputs):
        return ()
    from lstm_calc.module_calls import torchinfo_size
    from lstm_calc.spec_module_calls import spec_module_calls

    inputs = [torchinfo_size(spec.shape) for spec in model.inputs]
    outputs: dict[int, Shapes] = {id(spec): shape for spec, shape in zip(model.inputs, inputs)}
    try:
        applied = [(node, received, produced) for node, _, received, produced, *_ in _flow(model, outputs, False)]
    except SpecError:
        return ()  # torch refuses those sizes: the table shows the unknown ones as unknown
    return spec_module_calls(model, applied, layer_rows, inputs, _output_shape(_output_tensors(model, outputs)))


def _tensors(reference: Reference, outputs: dict[int, Shapes]) -> list[_Tensor]:
    produced = outputs[id(reference.source)]
    shapes = produced if isinstance(produced, list) else [produced]
    if reference.index is None:
        return [_Tensor(shape, reference.source, index) for index, shape in enumerate(shapes)]
    if reference.index >= len(shapes):
        outputs_text = "1 output (index 0)" if len(shapes) == 1 else f"{len(shapes)} outputs (0 to {len(shapes) - 1})"
        raise SpecError(
            f"'{reference}' is out of range: '{reference.source.name}' has {outputs_text}",
            reference.location,
            reference.path,
        )
    return [_Tensor(shapes[reference.index], reference.source, reference.index)]


def _received(node: NodeSpec, tensors: list[_Tensor], functional: bool) -> Shapes:
    """What the layer is called on: one shape, or a list for a merge layer or several tensors."""
    layer = node.layer.layer
    if layer.input_count is None and len(tensors) == 1:
        return tensors[0].shape
    shapes = [tensor.shape for tensor in tensors]
    if layer.input_count is None and not layer.takes_several_tensors:
        sources = ", ".join(dict.fromkeys(f"'{_source_name(tensor.source)}'" for tensor in tensors))
        if len({id(t.source) for t in tensors}) > 1:
            hint = "join them first with a merge layer such as Concatenate or Add"
        elif functional:
            hint = "pick one output with name[index], or set return_state: false on the recurrent layer"
        else:
            hint = "set return_state: false on the recurrent layer that returns them"
        raise SpecError(
            f"layer '{node.layer.name}' ({layer.type_name}) receives {len(shapes)} tensors "
            f"{format_shapes(shapes)} from {sources}, but takes one; {hint}",
            node.location,
            node.path,
        )
    return shapes


def _refuse_float_ids(node: NodeSpec, tensors: list[_Tensor]) -> None:
    """torch.nn.Embedding takes integer ids, which only a model input carries (Keras casts anything)."""
    layer = node.layer.layer
    if layer.framework != PYTORCH or not layer.takes_ids:
        return
    for tensor in tensors:
        if not isinstance(tensor.source, InputSpec):
            raise SpecError(
                f"layer '{node.layer.name}' ({layer.type_name}) takes integer ids, but receives the float output "
                f"of '{_source_name(tensor.source)}'; torch.nn.Embedding reads the model input",
                node.location,
                node.path,
            )


def _apply(
    node: NodeSpec, received: Shapes, states: list[_Tensor], count_macs: bool
) -> tuple[Shapes, list[Weight], list[Weight], Amount]:
    """The node's output shapes, weights, buffers and multiply-accumulates (if ``count_macs``,
    or if they might be too many to print)."""
    layer = node.layer.layer
    if isinstance(received, list) and layer.input_count is None:
        # Keras applies an element-wise layer to each tensor of a list.
        return received, [], [], Amount()
    try:
        layer.check_input(received)
        produced = layer.output_shape(received)
        weights = layer.weights(received)
        buffers = layer.buffers(received)
        macs = layer.macs(received, produced) if count_macs or _large(received, produced, weights) else Amount()
        if states:
            _check_states(node, one_shape(received), states)
    except LayerInputError as error:
        raise _located(error, node) from None
    return produced, weights, buffers, macs


def _large(received: Shapes, produced: Shapes, weights: list[Weight]) -> bool:
    """Whether an input, an output or the weights reach :data:`_SMALL_COUNT` values."""
    shapes = [*(received if isinstance(received, list) else [received])]
    shapes += produced if isinstance(produced, list) else [produced]
    return any(_values(shape) >= _SMALL_COUNT for shape in shapes) or sum(w.size for w in weights) >= _SMALL_COUNT


def _values(shape: Shape) -> int:
    """How many values one sample of ``shape`` holds, counting the known axes after the batch."""
    return math.prod(axis for axis in shape[1:] if axis is not None)


def _refuse_huge_outputs(node: NodeSpec, produced: Shapes) -> None:
    # Here, before the next layer's messages quote these shapes; parameters and MACs, which
    # feed nothing, are checked once per layer in _layer_row, where they are counted anyway.
    shapes = produced if isinstance(produced, list) else [produced]
    if max(_values(shape) for shape in shapes) >= _COUNT_LIMIT:
        _refuse_huge(node.layer, "values per sample in an output", node.location, node.path)


def _refuse_huge(layer: LayerSpec, what: str, location: Location, path: str) -> None:
    raise SpecError(
        f"layer '{layer.name}' ({layer.layer.type_name}) would have more than 10^{MAX_COUNT_DIGITS} {what}; "
        "no real model is that large",
        location,
        path,
    )


def _check_states(node: NodeSpec, received: Shape, states: list[_Tensor]) -> None:
    expected = node.layer.layer.state_shapes(received)
    given = [tensor.shape for tensor in states]
    fits = len(given) == len(expected) and all(
        len(have) == len(want) and all(a is None or b is None or a == b for a, b in zip(have, want))
        for have, want in zip(given, expected)
    )
    if not fits:
        raise LayerInputError(
            f"starts from initial_state {format_shapes(given)}, but its states have the shapes "
            f"{format_shapes(expected)}",
            argument="initial_state",
        )


def _layer_row(model: ModelSpec, layer: LayerSpec, state: _LayerState) -> LayerSummary:
    weights = state.weights
    if not layer.layer.trainable and layer.layer.freezes_weights:
        weights = [weight._replace(trainable=False) for weight in weights]
    dtype = variable_dtype(layer.layer.weight_dtype or model.dtype)
    row = LayerSummary(
        name=layer.name,
        type=layer.layer.type_name,
        input_shape=state.received,
        output_shape=state.produced,
        weights=tuple(weights),
        buffers=tuple(state.buffers),
        bytes_per_param=DTYPE_BYTES[dtype],
        connected_to=tuple(state.connections),
        macs=state.macs,
        trainable=layer.layer.trainable,
    )
    if row.params >= _COUNT_LIMIT:
        _refuse_huge(layer, "parameters", layer.location, layer.path)
    if max(state.macs.fixed, state.macs.per_step) >= _COUNT_LIMIT:
        _refuse_huge(layer, "multiply-accumulates per sample", layer.location, layer.path)
    return row


def _later_shapes(model: ModelSpec, layer_rows: dict[int, LayerSummary]) -> None:
    """A layer last called outside the model shows that call's shapes, as Keras's summary does."""
    by_name = {layer.name: id(layer) for layer in model.layers}
    for name, other in model.later_calls:
        later = next(row for row in infer(other, count_macs=False).layers if row.name == name)
        row = layer_rows[by_name[name]]
        layer_rows[by_name[name]] = row._replace(input_shape=later.input_shape, output_shape=later.output_shape)


def _input_row(model: ModelSpec, spec: InputSpec) -> LayerSummary:
    return LayerSummary(spec.name, "InputLayer", spec.shape, spec.shape, (), DTYPE_BYTES[model.dtype])


def _model_summary(
    model: ModelSpec,
    rows: list[LayerSummary],
    output_shape: Shapes,
    outputs: tuple[Connection, ...],
    sequential_like: bool,
    counts_macs: bool,
) -> ModelSummary:
    shapes = [spec.shape for spec in model.inputs]
    return ModelSummary(
        model.name,
        model.framework,
        model.dtype,
        shapes[0] if len(shapes) == 1 else shapes,
        tuple(rows),
        functional=model.functional,
        sequential_like=sequential_like,
        output_shape=output_shape,
        counts_macs=counts_macs,
        outputs=outputs,
        notes=(*model.notes, *keras2_notes(model)),
        optimizer=None
        if model.optimizer is None
        else model.optimizer.state(
            (weight.shape, row.bytes_of(weight)) for row in rows for weight in row.weights if weight.trainable
        ),
        uncounted_macs=next(
            (
                f"{spec.name} ({spec.layer.type_name}) {refusal}"
                for spec in model.layers
                if (refusal := spec.layer.macs_refusal)
            ),
            None,
        ),
    )


def _source_name(source: Source) -> str:
    return source.layer.name if isinstance(source, NodeSpec) else source.name


def _located(error: LayerInputError, node: NodeSpec) -> SpecError:
    spec = node.layer
    message = f"layer '{spec.name}' ({spec.layer.type_name}) {error.message}"
    if error.wants_more_axes and len(node.inputs) == 1:
        source = node.inputs[0].source
        hint = (
            source.layer.layer.hint_to_keep_time_axis(source.layer.name)
            if isinstance(source, NodeSpec)
            else "input.shape lists every axis after the batch: ["
            + ", ".join((error.axes or spec.layer.input_axes)[1:])
            + "]"
        )
        if hint:
            message += f"; {hint}"
    if error.location:
        return SpecError(message, error.location, node.path)
    if error.argument:
        return SpecError(message, spec.argument_location(error.argument), f"{node.path}.{error.argument}")
    return SpecError(message, node.location, node.path)
