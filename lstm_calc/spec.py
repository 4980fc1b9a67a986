"""Read located YAML data into a checked model spec: inputs, layers with checked arguments,
and the connections between them.

A spec is either a plain stack (``input:`` and a ``layers:`` list, each layer taking the
previous one's output) or a graph (named ``inputs:``, layers that name their ``inputs:``,
``initial_state:`` and shared layers, and ``outputs:``). Both become the same list of
nodes; a stack is summarised as a Keras ``Sequential``, a graph as a functional ``Model``.
"""

from __future__ import annotations

import functools
import re
from collections import namedtuple
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import (
    CONVENTION_TITLES,
    CONVENTIONS,
    KERAS,
    PYTORCH,
    Argument,
    _describe,
    arguments,
    byte_size,
    is_integer,
    layer_name,
    non_negative_int,
    one_of,
    optional_positive_int,
    positive_int,
    printable_name,
    quoted,
)
from lstm_calc.errors import Location, SpecError
from lstm_calc.layers import LAYER_SPELLINGS, LAYER_TYPES, Layer
from lstm_calc.naming import AutoNamer
from lstm_calc.shapes import Shape
from lstm_calc.sizes import DEFAULT_DTYPE, DTYPE_BYTES, MIXED_POLICY_VARIABLE_DTYPE, parse_size
from lstm_calc.source import LocatedDict, LocatedList

if TYPE_CHECKING:
    from lstm_calc.budget import Limit

TOP_LEVEL_KEYS = ("name", "dtype", "framework", "input", "inputs", "layers", "outputs", "budget")
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
#: The ``budget:`` block: limits that ``lstmcalc check`` enforces (see :mod:`lstm_calc.budget`).
BUDGET_ARGUMENTS = arguments(
    Argument("max_params", positive_int),
    Argument("max_trainable_params", positive_int),
    Argument("max_param_bytes", byte_size),
    Argument("expect_params", non_negative_int),
)
#: A layer's own limit; lstmcalc's key, not a Keras argument, so it never reaches the layer.
LAYER_MAX_PARAMS = Argument("max_params", positive_int)
#: Layer keys that connect layers in a graph spec.
CONNECTION_KEYS = ("inputs", "initial_state", "shares")
#: The keys a ``shares:`` entry takes: it reuses another layer as it is.
SHARES_KEYS = ("shares", "name", "inputs", "initial_state")
#: Layer keys that are lstmcalc's own rather than Keras arguments.
OWN_LAYER_KEYS = ("type", LAYER_MAX_PARAMS.name, *CONNECTION_KEYS)
#: Keras habits for giving the input on the first layer instead of an ``input:`` block.
FIRST_LAYER_INPUT_KEYS = ("input_shape", "batch_input_shape", "batch_size")


# Named tuples rather than dataclasses: as immutable, and much quicker to define at start-up
# and to create (a spec of 100,000 layers makes several of them a layer). Nodes are told
# apart by identity (graph.py keys them by id()), never by comparing values.


class InputSpec(namedtuple("InputSpec", ("shape", "dtype", "location", "name"), defaults=("input_layer",))):
    """A model input: its name and its shape with the batch axis first (``None`` where unknown).

    ``dtype`` is the input's dtype if the spec gives one; ``location`` is where it is declared.
    """

    __slots__ = ()


class LayerSpec(namedtuple("LayerSpec", ("layer", "name", "location", "path", "source"))):
    """A configured layer, its final name, and where the spec declares it.

    ``layer`` is the :class:`Layer`; ``path`` names the entry (``layers[2]``) and ``source``
    is its located mapping.
    """

    __slots__ = ()

    def argument_location(self, argument: str) -> Location:
        """Where ``argument`` is written, or the layer itself when it is left at its default."""
        return self.source.value_location(argument)


class Reference(namedtuple("Reference", ("source", "index", "location", "path"))):
    """A tensor a node takes: an input's, or a layer node's output (all of them when ``index`` is None).

    ``source`` is an :class:`InputSpec` or a :class:`NodeSpec`.
    """

    __slots__ = ()

    def __str__(self) -> str:
        name = self.source.name
        return name if self.index is None else f"{name}[{self.index}]"


class NodeSpec(namedtuple("NodeSpec", ("layer", "name", "inputs", "initial_state", "location", "path"))):
    """One application of a layer: a layer entry, or a later use of a shared layer (``shares:``).

    ``layer`` is the :class:`LayerSpec` applied; ``inputs`` and ``initial_state`` are the
    :class:`Reference` tuples it takes.
    """

    __slots__ = ()


_MODEL_FIELDS = ("name", "dtype", "framework", "inputs", "layers", "nodes", "outputs", "functional", "budget")


class ModelSpec(namedtuple("ModelSpec", _MODEL_FIELDS, defaults=(False, ()))):
    """A whole checked spec: everything needed to build the layer graph.

    ``inputs`` are :class:`InputSpec` tuples; ``layers`` the distinct layers
    (:class:`LayerSpec`) in the order written; ``nodes`` their applications
    (:class:`NodeSpec`), each after the nodes it takes tensors from; ``outputs`` the
    :class:`Reference` of each model output; ``functional`` is true for a graph spec,
    which Keras summarises with input rows; ``budget`` the spec's :class:`Limit` tuples.
    """

    __slots__ = ()

    @property
    def input(self) -> InputSpec:
        """The first (for a stack, the only) input."""
        return self.inputs[0]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'units'?)`` for a near miss, else an empty string."""
    if not isinstance(word, str):
        return ""
    import difflib  # only an error needs it; the command starts faster without

    matches = difflib.get_close_matches(word.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not matches:
        return ""
    original = {c.lower(): c for c in choices}[matches[0]]
    return f" (did you mean '{original}'?)"


def parse_model_spec(data: Any, filename: str, framework: str | None = None) -> ModelSpec:
    """Check the loaded YAML of a spec and build a :class:`ModelSpec` from it.

    ``framework`` (``keras`` or ``pytorch``), when given, overrides the spec's own
    ``framework:`` key, as ``--framework`` on the command line does.
    """
    if not isinstance(data, LocatedDict):
        raise SpecError(
            "a spec is a mapping with 'input' and 'layers' keys, not " + _kind_of(data),
            Location(filename, 1, 1),
        )
    _refuse_unknown_keys(data, TOP_LEVEL_KEYS, "", "at the top level")
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
        inputs = _parse_inputs(data)
        layers, nodes = _parse_graph_layers(layers_data, framework, inputs)
        outputs = _parse_outputs(data, inputs, nodes)
    else:
        for key in ("outputs",):
            if key in data:
                raise SpecError(
                    f"'{key}' belongs to a graph spec, which names its inputs in 'inputs:'",
                    data.key_location(key),
                    key,
                )
        inputs = (_parse_input(data, layers_data),)
        layers = _parse_layers(layers_data, framework)
        nodes = _chain(layers, inputs[0])
        outputs = (Reference(nodes[-1], None, nodes[-1].location, nodes[-1].path),)
    if functional and "name" not in data:
        name = "functional"
    return ModelSpec(name, dtype, framework, inputs, layers, nodes, outputs, functional, _parse_budget(data, layers))


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


def _parse_budget(data: LocatedDict, layers: list[LayerSpec]) -> tuple[Limit, ...]:
    limits = []
    if "budget" in data:
        block = data["budget"]
        if not isinstance(block, LocatedDict):
            raise SpecError(
                "'budget' must be a mapping such as {max_params: 250000}", data.value_location("budget"), "budget"
            )
        _refuse_unknown_keys(block, tuple(BUDGET_ARGUMENTS), "budget.", "in 'budget'")
        limits = [_limit(block, BUDGET_ARGUMENTS[key], f"budget.{key}") for key in block]
    for layer in layers:
        if LAYER_MAX_PARAMS.name in layer.source:
            limits.append(_limit(layer.source, LAYER_MAX_PARAMS, f"{layer.path}.max_params", layer.name))
    # In the order they are written, so that failures read top to bottom like the file.
    return tuple(sorted(limits, key=lambda limit: (limit.location.line, limit.location.column)))


def _limit(mapping: LocatedDict, argument: Argument, path: str, layer: str | None = None) -> Limit:
    # Only a spec with a budget needs the budget rules; a plain summary starts without them.
    from lstm_calc.budget import Limit

    value = _checked(mapping, argument, path)
    location = mapping.value_location(argument.name)
    if isinstance(value, str):
        return Limit(argument.name, parse_size(value), location, layer, written=value.strip())
    return Limit(argument.name, value, location, layer)


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
    _refuse_unknown_keys(block, INPUT_KEYS, f"{path}.", f"in '{path}'")
    if "shape" not in block:
        raise SpecError(f"'{path}' needs a 'shape', e.g. shape: [5, 126]", block.location, path)
    shape = _shape(block, "shape", f"{path}.shape")
    batch = _checked(block, Argument("batch_size", optional_positive_int, None), f"{path}.batch_size")
    dtype = _checked(block, Argument("dtype", one_of(*INPUT_DTYPES, None), None), f"{path}.dtype")
    return InputSpec((batch, *shape), dtype, block.location, name)


def _parse_input(data: LocatedDict, layers_data: LocatedList) -> InputSpec:
    first = layers_data[0] if isinstance(layers_data[0], LocatedDict) else LocatedDict()
    habit_keys = [key for key in FIRST_LAYER_INPUT_KEYS if key in first]
    is_embedding = str(first.get("type", "")).lower() == "embedding"
    if "input_dim" in first and not is_embedding:
        habit_keys.append("input_dim")
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
    if habit_keys == ["input_length"]:
        # Keras 2's Embedding(..., input_length=10) fixed the input to 10 ids per sample.
        shape = (_checked(first, Argument("input_length", positive_int), "layers[0].input_length"),)
    elif "input_dim" in habit_keys:
        shape = (_checked(first, Argument("input_dim", positive_int), "layers[0].input_dim"),)
    elif "input_shape" in first:
        shape = _shape(first, "input_shape", "layers[0].input_shape")
    else:
        raise SpecError(
            "batch_size on the first layer goes with input_shape; add input_shape: [time_steps, features]",
            first.key_location("batch_size"),
            "layers[0].batch_size",
        )
    batch = _checked(first, Argument("batch_size", optional_positive_int, None), "layers[0].batch_size")
    return InputSpec((batch, *shape), None, first.location)


def _layer_items(layers_data: LocatedList) -> Iterable[tuple[str, LocatedDict, Location]]:
    """Each layer entry, its path and where it stands.

    An aliased layer (``- *encoder``) stands where the alias is written, not at its anchor.
    """
    for index, item in enumerate(layers_data):
        path = f"layers[{index}]"
        location = layers_data.item_locations[index]
        if not isinstance(item, LocatedDict):
            raise SpecError(
                f"each layer is a mapping such as {{type: LSTM, units: 64}}, not {_kind_of(item)}", location, path
            )
        yield path, item, location


def _parse_layers(layers_data: LocatedList, framework: str) -> list[LayerSpec]:
    namer = AutoNamer()
    layers: list[LayerSpec] = []
    names: dict[str, str] = {}
    for path, item, location in _layer_items(layers_data):
        for key in CONNECTION_KEYS:
            if key in item:
                raise SpecError(
                    f"'{key}' connects layers in a graph spec; name the model's inputs in a top-level "
                    "'inputs:' mapping to use it (in a plain 'layers:' list each layer takes the previous one)",
                    item.key_location(key),
                    f"{path}.{key}",
                )
        spec = _parse_layer(item, path, location, framework, namer, is_first=not layers)
        _claim_name(names, spec.name, path, item)
        layers.append(spec)
    return layers


def _claim_name(names: dict[str, str], name: str, path: str, item: LocatedDict) -> None:
    """Record ``name`` for the entry at ``path``; Keras refuses two layers (or inputs) of one name."""
    if name in names:
        raise SpecError(
            f"layer name '{name}' is already taken by {names[name]}; "
            "Keras needs unique layer names, so rename one of them",
            item.value_location("name"),
            f"{path}.name",
        )
    names[name] = path


# Compiled (and cached by re) on first use: only graph specs have references.
_REFERENCE = r"^\s*([^\[\]\s]+)\s*(?:\[\s*(\d+)\s*\])?\s*$"


def _parse_graph_layers(
    layers_data: LocatedList, framework: str, inputs: tuple[InputSpec, ...]
) -> tuple[list[LayerSpec], tuple[NodeSpec, ...]]:
    """The layers and nodes of a graph spec, each entry taking tensors from inputs or entries above it."""
    namer = AutoNamer()
    names: dict[str, str] = {spec.name: f"inputs.{spec.name}" for spec in inputs}
    # Only names for now: an entry whose name is not one is refused where its turn comes.
    written_names = {name for _, item, _ in _layer_items(layers_data) if isinstance(name := item.get("name"), str)}
    sources: dict[str, InputSpec | NodeSpec] = {spec.name: spec for spec in inputs}
    layers: list[LayerSpec] = []
    layers_by_name: dict[str, LayerSpec] = {}
    nodes: list[NodeSpec] = []
    for path, item, location in _layer_items(layers_data):
        if "shares" in item:
            layer = _shared_layer(item, path, layers_by_name)
            name = _optional_node_name(item, path)
        else:
            layer = _parse_layer(item, path, location, framework, namer, is_first=False)
            layers.append(layer)
            layers_by_name[layer.name] = layer
            name = layer.name
        if name is not None:
            _claim_name(names, name, path, item)
        previous = nodes[-1] if nodes else None
        node_inputs = _references(item, "inputs", path, sources, written_names)
        if not node_inputs:
            node_inputs = (_implicit_input(location, path, previous, inputs),)
        initial_state = _references(item, "initial_state", path, sources, written_names)
        if initial_state and not layer.layer.takes_initial_state:
            raise SpecError(
                f"'initial_state' is for recurrent layers (LSTM, GRU, SimpleRNN), not {layer.layer.type_name}",
                item.key_location("initial_state"),
                f"{path}.initial_state",
            )
        node = NodeSpec(layer, name or layer.name, node_inputs, initial_state, location, path)
        nodes.append(node)
        if name is not None:
            sources[name] = node
    return layers, tuple(nodes)


def _shared_layer(item: LocatedDict, path: str, by_name: dict[str, LayerSpec]) -> LayerSpec:
    """The earlier layer (of those ``by_name``) a ``shares:`` entry applies again; such an entry adds no weights."""
    extra = [key for key in item if key not in SHARES_KEYS]
    if extra:
        raise SpecError(
            f"'{extra[0]}' cannot go on a 'shares' entry, which reuses another layer as it is "
            "(only name, inputs and initial_state)",
            item.key_location(extra[0]),
            f"{path}.{extra[0]}",
        )
    target = item["shares"]
    if not isinstance(target, str) or target not in by_name:
        raise SpecError(
            f"'shares' names a layer defined above, got {_describe(target)}{did_you_mean(target, by_name)}",
            item.value_location("shares"),
            f"{path}.shares",
        )
    return by_name[target]


def _optional_node_name(item: LocatedDict, path: str) -> str | None:
    name = item.get("name")
    complaint = layer_name(name)
    if complaint:
        raise SpecError(f"'name': {complaint}", item.value_location("name"), f"{path}.name")
    return name


def _references(
    item: LocatedDict,
    key: str,
    path: str,
    sources: dict[str, InputSpec | NodeSpec],
    written_names: set,
) -> tuple[Reference, ...]:
    """``key``'s references (one string or a list): ``name`` or ``name[i]`` of an input or an entry above."""
    if key not in item:
        return ()
    value = item[key]
    key_path = f"{path}.{key}" if path else key
    if isinstance(value, LocatedList):
        entries = [(text, value.item_locations[i], f"{key_path}[{i}]") for i, text in enumerate(value)]
    else:
        entries = [(value, item.value_location(key), key_path)]
    if not entries:
        raise SpecError(f"'{key}' lists no tensors", item.value_location(key), key_path)
    return tuple(_reference(text, location, ref_path, sources, written_names) for text, location, ref_path in entries)


def _reference(
    text: Any,
    location: Location,
    path: str,
    sources: dict[str, InputSpec | NodeSpec],
    written_names: set,
) -> Reference:
    match = re.match(_REFERENCE, text) if isinstance(text, str) else None
    if match is None:
        raise SpecError(
            "expected a reference such as 'encoder' or 'encoder[1]' (an input or a layer above), "
            f"got {_describe(text)}",
            location,
            path,
        )
    name, index = match.group(1), match.group(2)
    if name not in sources:
        if name in written_names:
            why = "which is defined below; a layer takes tensors only from inputs and layers above it (so no cycles)"
        else:
            why = f"which is not an input or a layer above{did_you_mean(name, sources)}"
        raise SpecError(f"unknown reference '{name}', {why}", location, path)
    return Reference(sources[name], None if index is None else int(index), location, path)


def _implicit_input(
    location: Location, path: str, previous: NodeSpec | None, inputs: tuple[InputSpec, ...]
) -> Reference:
    """A graph entry without ``inputs:`` takes the entry above, or the only input for the first entry."""
    if previous is not None:
        return Reference(previous, None, location, path)
    if len(inputs) == 1:
        return Reference(inputs[0], None, location, path)
    raise SpecError(
        f"the first layer needs 'inputs:' to say which of the inputs ({', '.join(i.name for i in inputs)}) it takes",
        location,
        path,
    )


def _parse_outputs(
    data: LocatedDict, inputs: tuple[InputSpec, ...], nodes: tuple[NodeSpec, ...]
) -> tuple[Reference, ...]:
    """The model outputs (``outputs:``); the last layer entry when the spec gives none."""
    if "outputs" not in data:
        return (Reference(nodes[-1], None, nodes[-1].location, nodes[-1].path),)
    sources: dict[str, InputSpec | NodeSpec] = {spec.name: spec for spec in inputs}
    sources.update({node.name: node for node in nodes})
    return _references(data, "outputs", "", sources, set())


#: Wrappers inside wrappers (TimeDistributed(TimeDistributed(...))) beyond this depth are surely a
#: mistake. Each level costs about five stack frames wherever a wrapper asks its layer (shape
#: inference, --stats, explain, export): 100 levels stay far below Python's recursion limit of 1,000.
MAX_WRAPPER_DEPTH = 100


def _parse_layer(
    item: LocatedDict,
    path: str,
    location: Location,
    framework: str,
    namer: AutoNamer,
    is_first: bool,
    depth: int = 0,
) -> LayerSpec:
    """One layer with checked arguments; layers nested in a wrapper are parsed (and named) first, as in Keras."""
    layer_class = _layer_class(item, path, framework)
    config = _layer_config(item, layer_class, path, is_first, framework)
    for argument in getattr(layer_class, "nested_arguments", ()):
        nested = config[argument]
        if nested is None:
            continue
        if depth >= MAX_WRAPPER_DEPTH:
            raise SpecError(
                f"wrappers are nested more than {MAX_WRAPPER_DEPTH} deep", item.value_location(argument), path
            )
        nested_path = f"{path}.{argument}"
        nested_location = item.value_location(argument)
        config[argument] = _parse_layer(nested, nested_path, nested_location, framework, namer, False, depth + 1)
    if framework == PYTORCH and config.get("dtype") in MIXED_POLICY_VARIABLE_DTYPE:
        raise SpecError(
            f"dtype {config['dtype']} is a Keras mixed-precision policy; a torch.nn layer takes a dtype "
            "such as float16 (use torch.autocast for mixed precision)",
            item.value_location("dtype"),
            f"{path}.dtype",
        )
    layer = layer_class(config, framework)
    name = layer.name or namer.next_name(layer.type_name)
    return LayerSpec(layer, name, location, path, item)


def known_type_names(framework: str) -> list[str]:
    """The layer types a spec may use under ``framework``, as their framework spells them."""
    names: list[str] = []
    for layer_class in dict.fromkeys(LAYER_TYPES.values()):
        if framework == KERAS:
            names.append(layer_class.class_name)
        elif layer_class.torch_class_name:
            names.append(layer_class.torch_class_name)
    return names


def _layer_class(item: LocatedDict, path: str, framework: str) -> type[Layer]:
    if "type" not in item:
        raise SpecError(
            "the layer has no 'type'; give its Keras class name, such as LSTM, GRU or Dense", item.location, path
        )
    type_name = item["type"]
    if not isinstance(type_name, str):
        raise SpecError(
            f"a layer's type is a name such as LSTM, not {_kind_of(type_name)}; "
            f"known types: {', '.join(known_type_names(framework))}",
            item.value_location("type"),
            f"{path}.type",
        )
    layer_class = LAYER_TYPES.get(type_name.lower())
    if layer_class is None:
        # A near miss gets one suggestion; otherwise the whole list helps more.
        suggestion = did_you_mean(type_name, LAYER_SPELLINGS)
        raise SpecError(
            f"unknown layer type {quoted(type_name)}"
            + (suggestion if suggestion else f"; known types: {', '.join(known_type_names(framework))}"),
            item.value_location("type"),
            f"{path}.type",
        )
    if framework != KERAS and layer_class.torch_class_name is None:
        raise SpecError(
            f"{layer_class.class_name} is a Keras layer with no torch.nn counterpart, so the PyTorch "
            f"convention cannot use it; layers under framework: pytorch: {', '.join(known_type_names(framework))}",
            item.value_location("type"),
            f"{path}.type",
        )
    return layer_class


_SPELLINGS: dict[type[Layer], dict[str, Argument]] = {}


def _spellings(layer_class: type[Layer]) -> dict[str, Argument]:
    """Every spelling of the layer kind's arguments (``units``, ``hidden_size``...); built once per kind."""
    spellings = _SPELLINGS.get(layer_class)
    if spellings is None:
        spellings = _SPELLINGS[layer_class] = {
            spelling: argument
            for argument in layer_class.arguments.values()
            for spelling in (argument.name, *argument.aliases)
        }
    return spellings


_FIRST_LAYER_KEYS_WITH_INPUT_DIM = (*FIRST_LAYER_INPUT_KEYS, "input_dim")


def _layer_config(
    item: LocatedDict, layer_class: type[Layer], path: str, is_first: bool, framework: str
) -> dict[str, Any]:
    """Every declared argument of the layer: checked values where the spec gives them, defaults elsewhere."""
    declared = layer_class.arguments
    by_spelling = _spellings(layer_class)
    owner = layer_class.class_name if framework == KERAS else (layer_class.torch_class_name or layer_class.class_name)
    # input_dim is Embedding's vocabulary, and elsewhere Keras 2's way of giving the input.
    input_keys = _FIRST_LAYER_KEYS_WITH_INPUT_DIM if "input_dim" not in by_spelling else FIRST_LAYER_INPUT_KEYS
    given: dict[str, str] = {}  # argument name -> the spelling the spec used
    for key in item:
        if key in OWN_LAYER_KEYS:
            continue
        if key in input_keys:
            if not is_first:
                raise SpecError(
                    f"'{key}' gives the model input and is only read on the first layer "
                    "(Keras ignores it here); remove it",
                    item.key_location(key),
                    f"{path}.{key}",
                )
            continue
        argument = by_spelling.get(key)
        if argument is None:
            raise SpecError(
                f"{owner} has no argument {quoted(key)}{did_you_mean(key, [*by_spelling, *OWN_LAYER_KEYS])}",
                item.key_location(key),
                f"{path}.{key}",
            )
        if argument.name in given:
            raise SpecError(
                f"'{key}' and '{given[argument.name]}' are two spellings of the same argument; keep one",
                item.key_location(key),
                f"{path}.{key}",
            )
        if argument.convention not in (None, framework):
            hint = f"; {argument.other_convention_hint}" if argument.other_convention_hint else ""
            raise SpecError(
                f"'{key}' is a {CONVENTION_TITLES[argument.convention]} option of {layer_class.class_name}, "
                f"but this spec uses the {CONVENTION_TITLES[framework]} convention{hint}",
                item.key_location(key),
                f"{path}.{key}",
            )
        given[argument.name] = key
    template, required = _config_template(layer_class)
    for argument in required:
        if argument.name not in given:
            raise SpecError(f"{owner} needs '{argument.name}'", item.location, f"{path}.{argument.name}")
    config = dict(template)
    for name, key in given.items():
        config[name] = _checked(item, declared[name], f"{path}.{key}", owner, key)
    return config


@functools.cache
def _config_template(layer_class: type[Layer]) -> tuple[dict[str, Any], tuple[Argument, ...]]:
    """Every argument's default, in declaration order, and the arguments that have none."""
    arguments = layer_class.arguments.values()
    return {argument.name: argument.default for argument in arguments}, tuple(a for a in arguments if a.required)


def _checked(mapping: LocatedDict, argument: Argument, path: str, owner: str = "", key: str = "") -> Any:
    """The value the spec gives ``argument`` (under ``key``, its name by default), once its check passes."""
    key = key or argument.name
    if key not in mapping:
        return argument.default
    value = mapping[key]
    complaint = argument.check(value)
    if complaint:
        subject = f"{owner} argument '{key}'" if owner else f"'{path}'"
        raise SpecError(f"{subject}: {complaint}", mapping.value_location(key), path)
    # A check may also accept another spelling of the value (a one-element list for a size).
    normalize = getattr(argument.check, "normalize", None)
    return normalize(value) if normalize else value


def _shape(mapping: LocatedDict, key: str, path: str) -> Shape:
    value = mapping[key]
    if not isinstance(value, LocatedList):
        raise SpecError(
            f"'{path}' must be a list of sizes such as [5, 126] (null for any length), got {_kind_of(value)}",
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


def _refuse_unknown_keys(mapping: LocatedDict, known: tuple[str, ...], prefix: str, where: str) -> None:
    for key in mapping:
        if key not in known:
            raise SpecError(
                f"unknown key {quoted(key)} {where}{did_you_mean(key, known)}; expected {', '.join(known)}",
                mapping.key_location(key),
                f"{prefix}{key}",
            )


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return f"{type(value).__name__} {_describe(value)}"
