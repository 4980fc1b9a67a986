"""Parse the layer entries of a graph spec: each entry takes tensors from the inputs or the
entries above it (``inputs:``, ``initial_state:``), may apply an earlier layer again
(``shares:``), and ``outputs:`` names the model's outputs among them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lstm_calc.arguments import KERAS, _describe, layer_name
from lstm_calc.errors import Location, SpecError
from lstm_calc.located import LocatedDict, LocatedList
from lstm_calc.naming import AutoNamer
from lstm_calc.spec_layers import claim_name, did_you_mean, layer_items, parse_layer
from lstm_calc.spec_records import InputSpec, LayerSpec, NodeSpec, Reference, call_gap

if TYPE_CHECKING:
    from typing import Any

#: The keys a ``shares:`` entry takes: it reuses another layer as it is.
SHARES_KEYS = ("shares", "name", "inputs", "initial_state", "mask")


# Compiled (and cached by re) on first use: only graph specs have references.
_REFERENCE = r"^\s*([^\[\]\s]+)\s*(?:\[\s*(\d+)\s*\])?\s*$"


def parse_graph_layers(
    layers_data: LocatedList, framework: str, inputs: tuple[InputSpec, ...]
) -> tuple[list[LayerSpec], tuple[NodeSpec, ...]]:
    """The layers and nodes of a graph spec, each entry taking tensors from inputs or entries above it."""
    namer = AutoNamer()
    names: dict[str, str] = {spec.name: f"inputs.{spec.name}" for spec in inputs}
    # Only names for now: an entry whose name is not one is refused where its turn comes.
    written_names = {name for _, item, _ in layer_items(layers_data) if isinstance(name := item.get("name"), str)}
    sources: dict[str, InputSpec | NodeSpec] = {spec.name: spec for spec in inputs}
    layers: list[LayerSpec] = []
    layers_by_name: dict[str, LayerSpec] = {}
    nodes: list[NodeSpec] = []
    for path, item, location in layer_items(layers_data):
        if "shares" in item:
            layer = _shared_layer(item, path, layers_by_name, framework)
            name = _optional_node_name(item, path)
        else:
            layer = parse_layer(item, path, location, framework, namer, is_first=False)
            if framework == KERAS:  # its first call, which builds it: Keras's own inner layers take names
                for inner in layer.layer.keras_built_sublayers:
                    namer.next_name(inner)
            layers.append(layer)
            layers_by_name[layer.name] = layer
            name = layer.name
        if name is not None:
            claim_name(names, name, path, item)
        previous = nodes[-1] if nodes else None
        node_inputs = _references(item, "inputs", path, sources, written_names)
        parameters = call_parameters(layer, framework)
        keywords = {
            parameter: _references(item, parameter, path, sources, written_names)
            for parameter in parameters
            if parameter in item
        }
        if not node_inputs and not (parameters and parameters[0] in keywords):
            node_inputs = (_implicit_input(location, path, previous, inputs),)
        if keywords:
            node_inputs = _by_parameter(item, path, layer, parameters, node_inputs, keywords)
        initial_state = _references(item, "initial_state", path, sources, written_names)
        if initial_state and not layer.layer.takes_initial_state:
            from lstm_calc.layers import LAYER_TYPES

            recurrent = dict.fromkeys(kind.class_name for kind in LAYER_TYPES.values() if kind.takes_initial_state)
            raise SpecError(
                f"'initial_state' is for recurrent layers ({', '.join(recurrent)}), not {layer.layer.type_name}",
                item.key_location("initial_state"),
                f"{path}.initial_state",
            )
        mask = _references(item, "mask", path, sources, written_names)
        if mask and (framework != KERAS or not layer.layer.keras_takes_mask):
            message = (
                f"'mask' is for the Keras layers whose call takes one, not {layer.layer.type_name} (Python refuses "
                "such a call: unexpected keyword argument 'mask')"
                if framework == KERAS
                else "'mask' is a Keras call's; a torch.nn module's forward takes no mask (drop the key for PyTorch)"
            )
            raise SpecError(message, item.key_location("mask"), f"{path}.mask")
        node = NodeSpec(layer, name or layer.name, node_inputs, initial_state, location, path, tuple(keywords), mask)
        nodes.append(node)
        if name is not None:
            sources[name] = node
    return layers, tuple(nodes)


def call_parameters(layer: LayerSpec, framework: str) -> tuple[str, ...]:
    """The call parameters a graph entry may give tensors to by name (``query:``, ``value:``, ``key:``
    of a MultiHeadAttention), in the order the call takes them: Keras's, or under PyTorch torch's for
    a layer in torch's terms (one in Keras's is called as Keras calls it); none for other layers."""
    if framework == KERAS or getattr(layer.layer, "keras_written", True):
        return layer.layer.keras_call_arguments
    return layer.layer.torch_call_arguments


def _by_parameter(
    item: LocatedDict,
    path: str,
    layer: LayerSpec,
    parameters: tuple[str, ...],
    positional: tuple[Reference, ...],
    keywords: dict[str, tuple[Reference, ...]],
) -> tuple[Reference, ...]:
    """The tensors of a call that gives some by position (``inputs:``) and some by name, in the
    parameters' order, as Python binds them."""
    taken = list(positional)
    gap = call_gap(parameters, len(positional), keywords)
    for index, parameter in enumerate(parameters):
        if parameter not in keywords:
            continue
        where, key_path = item.key_location(parameter), f"{path}.{parameter}"
        if len(keywords[parameter]) != 1:
            raise SpecError(f"'{parameter}' takes one tensor", item.value_location(parameter), key_path)
        if index < len(positional):
            raise SpecError(
                f"'{parameter}' is given twice, by position in 'inputs' and by name (Python refuses such a call: "
                f"got multiple values for argument '{parameter}')",
                where,
                key_path,
            )
        if gap is not None and gap[0] == parameter:
            missing = gap[1]
            raise SpecError(
                f"{layer.layer.type_name} is given its '{parameter}' but not its '{missing}'; give '{missing}' too "
                f"(Python refuses such a call: missing argument '{missing}')",
                where,
                key_path,
            )
        taken.append(keywords[parameter][0])
    return tuple(taken)


def _shared_layer(item: LocatedDict, path: str, by_name: dict[str, LayerSpec], framework: str) -> LayerSpec:
    """The earlier layer (of those ``by_name``) a ``shares:`` entry applies again; such an entry adds no weights."""
    target = item.get("shares")
    called = by_name[target].layer.keras_call_arguments if isinstance(target, str) and target in by_name else ()
    extra = [key for key in item if key not in SHARES_KEYS and key not in called]
    if extra:
        raise SpecError(
            f"'{extra[0]}' cannot go on a 'shares' entry, which reuses another layer as it is "
            f"(only {', '.join([*SHARES_KEYS[1:-1], *called])} and {SHARES_KEYS[-1]})",
            item.key_location(extra[0]),
            f"{path}.{extra[0]}",
        )
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
    written_names: set[str],
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
    written_names: set[str],
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


def parse_outputs(
    data: LocatedDict, inputs: tuple[InputSpec, ...], nodes: tuple[NodeSpec, ...]
) -> tuple[Reference, ...]:
    """The model outputs (``outputs:``); the last layer entry when the spec gives none."""
    if "outputs" not in data:
        return (Reference(nodes[-1], None, nodes[-1].location, nodes[-1].path),)
    sources: dict[str, InputSpec | NodeSpec] = {spec.name: spec for spec in inputs}
    sources.update({node.name: node for node in nodes})
    return _references(data, "outputs", "", sources, set())


def parse_summary_rows(
    data: LocatedDict, inputs: tuple[InputSpec, ...], layers: list[LayerSpec], nodes: tuple[NodeSpec, ...]
) -> tuple[str, ...]:
    """The layers a subclassed model's summary lists (``summary_rows:``), in its order; empty when
    the spec gives none (then every input and layer is a row, in Keras's functional order)."""
    if "summary_rows" not in data:
        return ()
    value = data["summary_rows"]
    if not isinstance(value, LocatedList) or not value:
        raise SpecError(
            "'summary_rows' must be a non-empty list of layer names, e.g. [lstm, dense]",
            data.value_location("summary_rows"),
            "summary_rows",
        )
    layer_names = {layer.name for layer in layers}
    second_uses = {node.name: node.layer.name for node in nodes if node.name not in layer_names}
    input_names = {spec.name for spec in inputs}
    listed: set[str] = set()
    for index, name in enumerate(value):
        location, path = value.item_locations[index], f"summary_rows[{index}]"
        if not isinstance(name, str):
            why = "is not a layer name"
        elif name in input_names:
            why = "is an input; the summary of a subclassed model has no input rows"
        elif name in second_uses:
            why = f"applies '{second_uses[name]}' again (shares:); list the layer '{second_uses[name]}' once"
        elif name not in layer_names:
            why = f"is not a layer of this spec{did_you_mean(name, layer_names)}"
        elif name in listed:
            why = "is listed twice; the summary shows each layer once"
        else:
            listed.add(name)
            continue
        raise SpecError(f"'summary_rows' lists {_describe(name)}, which {why}", location, path)
    return tuple(value)


def parse_mask_operations(data: LocatedDict, names: set[str]) -> tuple[tuple[str, Location], ...] | None:
    """The names a saved model gives the operations computing its masks (``mask_operations:``), each with
    where it is given; None when the spec gives none (then Keras's counters name them from scratch)."""
    if "mask_operations" not in data:
        return None
    value = data["mask_operations"]
    if not isinstance(value, LocatedList):
        raise SpecError(
            "'mask_operations' must be a list of names, e.g. [not_equal, any]",
            data.value_location("mask_operations"),
            "mask_operations",
        )
    listed: set[str] = set()
    for index, name in enumerate(value):
        if not isinstance(name, str) or not re.fullmatch(r"[a-z_]+(_[0-9]+)?", name) or name in listed | names:
            raise SpecError(
                f"'mask_operations' lists {_describe(name)}, which is not the name of an operation such as "
                "not_equal or any_1, or is listed twice or used by an input or layer",
                value.item_locations[index],
                f"mask_operations[{index}]",
            )
        listed.add(name)
    return tuple(zip(value, value.item_locations))
