"""Read located YAML data into a checked model spec: inputs, layers with checked arguments,
and the connections between them.

A spec is either a plain stack (``input:`` and a ``layers:`` list, each layer taking the
previous one's output) or a graph (named ``inputs:``, layers that name their ``inputs:``,
``initial_state:`` and shared layers, and ``outputs:``). Both become the same list of
nodes; a stack is summarised as a Keras ``Sequential``, a graph as a functional ``Model``.

This module reads the top level (name, dtype, framework, the inputs) and puts the parts
together: :mod:`lstm_calc.spec_layers` parses the layer entries, :mod:`lstm_calc.spec_graph`
a graph's connections and :mod:`lstm_calc.spec_budget` the limits. The records are defined
in :mod:`lstm_calc.spec_records` and importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.arguments import (
    CONVENTIONS,
    KERAS,
    PYTORCH,
    Argument,
    _describe,
    is_integer,
    layer_name,
    one_of,
    optional_positive_int,
    positive_int,
    printable_name,
)
from lstm_calc.errors import Location, SpecError
from lstm_calc.layers import LAYER_TYPES
from lstm_calc.located import LocatedDict, LocatedList
from lstm_calc.sizes import DEFAULT_DTYPE, DTYPE_BYTES
from lstm_calc.spec_layers import (
    FIRST_LAYER_INPUT_KEYS,
    LAYER_MAX_PARAMS,
    checked,
    did_you_mean,
    parse_layers,
    refuse_unknown_keys,
    takes_keras2_sequence_input,
)
from lstm_calc.spec_records import InputSpec, LayerSpec, ModelSpec, NodeSpec, Reference

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.shapes import Shape
    from lstm_calc.spec_records import Limit

__all__ = ["InputSpec", "LayerSpec", "ModelSpec", "NodeSpec", "Reference", "parse_model_spec"]

TOP_LEVEL_KEYS = (
    "name",
    "dtype",
    "framework",
    "input",
    "inputs",
    "layers",
    "outputs",
    "summary_rows",
    "mask_operations",
    "budget",
)
INPUT_KEYS = ("shape", "batch_size", "dtype")
#: Input dtypes Keras accepts; the input dtype changes no count, but a typo is still a mistake.
INPUT_DTYPES = (
    "float32",
    "float16",
    "bfloat16",
    "float64",
    "float8_e4m3fn",
    "float8_e5m2",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "int4",
    "uint4",
    "bool",
    "string",
    "complex64",
    "complex128",
)


def parse_model_spec(data: Any, filename: str, framework: str | None = None) -> ModelSpec:
    """Check the loaded YAML of a spec and build a :class:`ModelSpec` from it.

    ``framework`` (``keras`` or ``pytorch``), when given, overrides the spec's own
    ``framework:`` key, as ``--framework`` on the command line does.
    """
    if not isinstance(data, LocatedDict):
        raise SpecError(
            "a spec is a mapping with 'input' and 'layers' keys, not " + _describe(data, "typed"),
            Location(filename, 1, 1),
        )
    refuse_unknown_keys(data, TOP_LEVEL_KEYS, "", "at the top level")
    name = _model_name(data)
    dtype = data.get("dtype", DEFAULT_DTYPE)
    if not isinstance(dtype, str) or dtype not in DTYPE_BYTES:
        raise SpecError(
            f"dtype must be one of {', '.join(DTYPE_BYTES)}, got {_describe(dtype)}{did_you_mean(dtype, DTYPE_BYTES)}",
            data.value_location("dtype"),
            "dtype",
        )
    spec_framework = data.get("framework", KERAS)
    if not isinstance(spec_framework, str) or spec_framework not in CONVENTIONS:
        raise SpecError(
            f"framework must be one of {', '.join(CONVENTIONS)}, got {_describe(spec_framework)}"
            f"{did_you_mean(spec_framework, CONVENTIONS)}",
            data.value_location("framework"),
            "framework",
        )
    framework = framework or spec_framework
    if framework == PYTORCH and dtype == "int8":
        raise SpecError(
            "dtype int8 is a Keras quantization size; torch.nn layers keep floating-point parameters "
            "(float32, float16, bfloat16 or float64)",
            data.value_location("dtype") if "dtype" in data else data.location,
            "dtype",
        )
    layers_data = data.get("layers")
    if "layers" not in data:
        raise SpecError("the spec has no 'layers' list; add 'layers:' with at least one layer", data.location)
    if not isinstance(layers_data, LocatedList) or not layers_data:
        raise SpecError(
            "'layers' must be a non-empty list of layers, e.g. - {type: LSTM, units: 64}",
            data.value_location("layers"),
            "layers",
        )
    functional = "inputs" in data
    if functional:
        # Only a graph spec needs graph parsing; a stack starts without it.
        from lstm_calc.spec_graph import parse_graph_layers, parse_mask_operations, parse_outputs, parse_summary_rows

        inputs = _parse_inputs(data)
        layers, nodes = parse_graph_layers(layers_data, framework, inputs)
        outputs = parse_outputs(data, inputs, nodes)
        summary_rows = parse_summary_rows(data, inputs, layers, nodes)
        names = {spec.name for spec in inputs} | {layer.name for layer in layers}
        mask_operations = parse_mask_operations(data, names)
    else:
        for key in ("outputs", "summary_rows", "mask_operations"):
            if key in data:
                raise SpecError(
                    f"'{key}' belongs to a graph spec, which names its inputs in 'inputs:'",
                    data.key_location(key),
                    key,
                )
        inputs = (_parse_input(data, layers_data),)
        layers = parse_layers(layers_data, framework)
        if data.get("name") is None:
            name = _after_nested_models(layers)
        nodes = _chain(layers, inputs[0])
        outputs = (Reference(nodes[-1], None, nodes[-1].location, nodes[-1].path),)
        summary_rows, mask_operations = (), None
    if functional and "name" not in data:
        # Building each nested Sequential model makes a Functional of its own first: the model is functional_1.
        built = sum(1 for layer in layers if layer.layer.class_name == "Sequential")
        name = f"functional_{built}" if built else "functional"
    budget: tuple[Limit, ...] = ()
    if "budget" in data or any(LAYER_MAX_PARAMS.name in layer.source for layer in layers):
        # Only a spec with limits needs the budget rules; a plain summary starts without them.
        from lstm_calc.spec_budget import parse_budget

        budget = parse_budget(data, layers)
    notes = data.notes
    later = tuple((layer, parse_model_spec(spec, filename, framework)) for layer, spec in data.later_calls)
    return ModelSpec(
        name,
        dtype,
        framework,
        inputs,
        layers,
        nodes,
        outputs,
        functional,
        budget,
        summary_rows,
        notes,
        data.optimizer,
        later,
        mask_operations,
    )


def _chain(layers: list[LayerSpec], model_input: InputSpec) -> tuple[NodeSpec, ...]:
    """The nodes of a plain stack: each layer takes the previous layer's output."""
    nodes: list[NodeSpec] = []
    previous: InputSpec | NodeSpec = model_input
    for layer in layers:
        reference = Reference(previous, None, layer.location, layer.path)
        node = NodeSpec(layer, layer.name, (reference,), (), layer.location, layer.path)
        nodes.append(node)
        previous = node
    return tuple(nodes)


def _parse_inputs(data: LocatedDict) -> tuple[InputSpec, ...]:
    """A graph spec's named inputs: ``inputs: {encoder_inputs: {shape: [null, 71]}, ...}``."""
    if "input" in data:
        raise SpecError(
            "a spec has either 'input' (a stack) or 'inputs' (a graph with named inputs), not both",
            data.key_location("inputs"),
            "inputs",
        )
    block = data["inputs"]
    if not isinstance(block, LocatedDict) or not block:
        raise SpecError(
            "'inputs' must map input names to shapes, e.g. inputs: {text: {shape: [null]}}",
            data.value_location("inputs"),
            "inputs",
        )
    inputs = []
    for name, entry in block.items():
        path = f"inputs.{name}"
        complaint = layer_name(name)
        if complaint or not isinstance(name, str):
            raise SpecError(
                f"input name {_describe(name)}: {complaint or 'expected a name'}", block.key_location(name), path
            )
        if not isinstance(entry, LocatedDict):
            raise SpecError(
                f"input '{name}' must be a mapping such as {{shape: [null, 71]}}", block.value_location(name), path
            )
        inputs.append(_input_block(entry, path, name))
    return tuple(inputs)


def _input_block(block: LocatedDict, path: str, name: str = "input_layer") -> InputSpec:
    """One input mapping: ``{shape: [...], batch_size: ..., dtype: ...}``."""
    refuse_unknown_keys(block, INPUT_KEYS, f"{path}.", f"in '{path}'")
    if "shape" not in block:
        raise SpecError(f"'{path}' needs a 'shape', e.g. shape: [5, 126]", block.location, path)
    shape = _shape(block, "shape", f"{path}.shape")
    batch = checked(block, Argument("batch_size", optional_positive_int, None), f"{path}.batch_size")
    dtype = checked(block, Argument("dtype", one_of(*INPUT_DTYPES, None), None), f"{path}.dtype")
    return InputSpec((batch, *shape), dtype, block.location, name)


def _parse_input(data: LocatedDict, layers_data: LocatedList) -> InputSpec:
    first = layers_data[0] if isinstance(layers_data[0], LocatedDict) else LocatedDict()
    habit_keys = [key for key in FIRST_LAYER_INPUT_KEYS if key in first]
    is_embedding = str(first.get("type", "")).lower() == "embedding"
    is_sequence = takes_keras2_sequence_input(LAYER_TYPES.get(str(first.get("type", "")).lower()))
    if "input_dim" in first and not is_embedding:
        habit_keys.append("input_dim")
    if "input_length" in first and is_sequence and not habit_keys:
        habit_keys.append("input_length")
    if "input_length" in first and is_embedding and not habit_keys and "input" not in data:
        habit_keys.append("input_length")
    if "input" in data:
        if habit_keys:
            raise SpecError(
                f"the input is given twice: by 'input' and by '{habit_keys[0]}' on the first layer; keep one",
                first.key_location(habit_keys[0]),
                f"layers[0].{habit_keys[0]}",
            )
        block = data["input"]
        if not isinstance(block, LocatedDict):
            raise SpecError(
                "'input' must be a mapping such as {shape: [5, 126]}", data.value_location("input"), "input"
            )
        return _input_block(block, "input")
    if not habit_keys:
        raise SpecError(
            "the model has no input shape; add 'input: {shape: [time_steps, features]}' "
            "(or input_shape on the first layer)",
            data.location,
        )
    if "batch_input_shape" in first:
        full = _shape(first, "batch_input_shape", "layers[0].batch_input_shape")
        if not full:
            raise SpecError(
                "batch_input_shape needs the batch size first, e.g. [1, 1, 1]",
                first.value_location("batch_input_shape"),
                "layers[0].batch_input_shape",
            )
        return InputSpec(full, None, first.location)
    shape: Shape
    if is_sequence and ("input_dim" in habit_keys or "input_length" in habit_keys):
        shape = _keras2_sequence_input(first)
    elif habit_keys == ["input_length"]:
        # Keras 2's Embedding(..., input_length=10) fixed the input to 10 ids per sample.
        shape = (checked(first, Argument("input_length", positive_int), "layers[0].input_length"),)
    elif "input_dim" in habit_keys:
        shape = (checked(first, Argument("input_dim", positive_int), "layers[0].input_dim"),)
    elif "input_shape" in first:
        shape = _shape(first, "input_shape", "layers[0].input_shape")
    else:
        raise SpecError(
            "batch_size on the first layer goes with input_shape; add input_shape: [time_steps, features]",
            first.key_location("batch_size"),
            "layers[0].batch_size",
        )
    batch = checked(first, Argument("batch_size", optional_positive_int, None), "layers[0].batch_size")
    return InputSpec((batch, *shape), None, first.location)


def _keras2_sequence_input(first: LocatedDict) -> Shape:
    """Keras 2's ``LSTM(32, input_dim=8, input_length=10)``: the input ``(input_length, input_dim)``,
    any length without ``input_length``; Keras 3 refuses both arguments."""
    if "input_dim" not in first:
        raise SpecError(
            "input_length gives the input's time steps only; add input_dim (the features), or give the "
            "input as input_shape=(time_steps, features)",
            first.key_location("input_length"),
            "layers[0].input_length",
        )
    features = checked(first, Argument("input_dim", positive_int), "layers[0].input_dim")
    length = checked(first, Argument("input_length", optional_positive_int, None), "layers[0].input_length")
    return (length, features)


def _shape(mapping: LocatedDict, key: str, path: str) -> Shape:
    value = mapping[key]
    if not isinstance(value, LocatedList):
        raise SpecError(
            f"'{path}' must be a list of sizes such as [5, 126] (null for any length), got {_describe(value, 'typed')}",
            mapping.value_location(key),
            path,
        )
    for index, dim in enumerate(value):
        if dim is not None and not (is_integer(dim) and dim > 0):
            raise SpecError(
                f"'{path}' sizes must be positive integers or null, got {_describe(dim)}",
                value.item_locations[index],
                f"{path}[{index}]",
            )
    return tuple(value)


def _after_nested_models(layers: list[LayerSpec]) -> str:
    """A Sequential model's automatic name: Keras names each unnamed Sequential model in its list first
    (``sequential``), then the model itself (``sequential_1``)."""
    unnamed = sum(1 for layer in layers if layer.layer.class_name == "Sequential" and layer.source.get("name") is None)
    return f"sequential_{unnamed}" if unnamed else "sequential"


def _model_name(data: LocatedDict) -> str:
    """The model's name; null or absent gives Keras's first automatic model name."""
    value = data.get("name")
    if value is None:
        return "sequential"
    if not isinstance(value, str) or not value or "/" in value:
        raise SpecError(
            f"'name' must be a non-empty name without '/', got {_describe(value)}", data.value_location("name"), "name"
        )
    complaint = printable_name(value)
    if complaint:
        raise SpecError(f"'name': {complaint}", data.value_location("name"), "name")
    return value
