"""Parse the layer entries of a spec: each layer's type, its arguments checked against the
layer's declarations (either convention's spellings), and the layers a wrapper holds.

Also the checks every part of a spec shares: unknown keys, one value against its
:class:`Argument`, and the did-you-mean suggestion for a near miss.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lstm_calc.arguments import CONVENTION_TITLES, KERAS, PYTORCH, Argument, _describe, positive_int, quoted
from lstm_calc.errors import Location, SpecError
from lstm_calc.layers import LAYER_SPELLINGS, LAYER_TYPES, Layer
from lstm_calc.layers.base import Declaration, LayerList
from lstm_calc.located import LocatedDict, LocatedList
from lstm_calc.naming import AutoNamer
from lstm_calc.sizes import MIXED_POLICY_VARIABLE_DTYPE
from lstm_calc.spec_records import LayerSpec

#: A layer's own limit; lstmcalc's key, not a Keras argument, so it never reaches the layer.
LAYER_MAX_PARAMS = Argument("max_params", positive_int)
#: Layer keys that connect layers in a graph spec.
CONNECTION_KEYS = ("inputs", "initial_state", "mask", "shares")
#: Layer keys that are lstmcalc's own rather than Keras arguments.
OWN_LAYER_KEYS = ("type", LAYER_MAX_PARAMS.name, *CONNECTION_KEYS)
#: Keras habits for giving the input on the first layer instead of an ``input:`` block.
FIRST_LAYER_INPUT_KEYS = ("input_shape", "batch_input_shape", "batch_size")


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'units'?)`` for a near miss, else an empty string."""
    if not isinstance(word, str):
        return ""
    import difflib  # only an error needs it; the command starts faster without

    matches = difflib.get_close_matches(word.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not matches:
        return ""
    original = {c.lower(): c for c in choices}[matches[0]]
    return f" (did you mean '{original}'?)"


def layer_items(layers_data: LocatedList) -> Iterable[tuple[str, LocatedDict, Location]]:
    """Each layer entry, its path and where it stands.

    An aliased layer (``- *encoder``) stands where the alias is written, not at its anchor.
    """
    for index, item in enumerate(layers_data):
        path = f"layers[{index}]"
        location = layers_data.item_locations[index]
        if not isinstance(item, LocatedDict):
            raise SpecError(
                f"each layer is a mapping such as {{type: LSTM, units: 64}}, not {_describe(item, 'typed')}",
                location,
                path,
            )
        yield path, item, location


def parse_layers(layers_data: LocatedList, framework: str) -> list[LayerSpec]:
    """The layers of a plain stack, in order; a stack's entries take no connection keys."""
    namer = AutoNamer()
    layers: list[LayerSpec] = []
    names: dict[str, str] = {}
    for path, item, location in layer_items(layers_data):
        for key in (*CONNECTION_KEYS, *_call_keys(item)):
            if key in item:
                raise SpecError(
                    f"'{key}' connects layers in a graph spec; name the model's inputs in a top-level "
                    "'inputs:' mapping to use it (in a plain 'layers:' list each layer takes the previous one)",
                    item.key_location(key),
                    f"{path}.{key}",
                )
        refuse_outside_graph(item, path, "a plain 'layers:' list (a Sequential model)", plain_list=True)
        spec = parse_layer(item, path, location, framework, namer, is_first=not layers)
        claim_name(names, spec.name, path, item)
        layers.append(spec)
    return layers


def _call_keys(item: LocatedDict) -> tuple[str, ...]:
    """The call parameters a graph entry of this type may give tensors to by name (MultiHeadAttention's)."""
    layer_class = LAYER_TYPES.get(str(item.get("type")).lower())
    return layer_class.keras_call_arguments if layer_class is not None else ()


def refuse_outside_graph(item: LocatedDict, path: str, where: str, plain_list: bool = False) -> None:
    """Refuse in ``where`` a kind only a graph spec's entry holds (an operation on a tensor, GetItem), or, in a
    ``plain_list``, only a model holds (a nested Sequential model)."""
    layer_class = LAYER_TYPES.get(str(item.get("type")).lower())
    if (
        layer_class is not None
        and layer_class.only_in_graph is not None
        and not (plain_list and layer_class.in_plain_list)
    ):
        raise SpecError(
            f"{layer_class.class_name} in {where}: it {layer_class.only_in_graph}",
            item.value_location("type"),
            f"{path}.type",
        )


def claim_name(names: dict[str, str], name: str, path: str, item: LocatedDict) -> None:
    """Record ``name`` for the entry at ``path``; Keras refuses two layers (or inputs) of one name."""
    if name in names:
        raise SpecError(
            f"layer name '{name}' is already taken by {names[name]}; "
            "Keras needs unique layer names, so rename one of them",
            item.value_location("name"),
            f"{path}.name",
        )
    names[name] = path


#: Wrappers inside wrappers (TimeDistributed(TimeDistributed(...))) beyond this depth are surely a
#: mistake. Each level costs about five stack frames wherever a wrapper asks its layer (shape
#: inference, --stats, explain, export): 100 levels stay far below Python's recursion limit of 1,000.
MAX_WRAPPER_DEPTH = 100


def parse_layer(
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
    config = _layer_config(item, layer_class, path, is_first, framework, call_keys=depth == 0)
    for argument in getattr(layer_class, "nested_arguments", ()):
        nested = config[argument]
        if nested is None or isinstance(nested, str):  # a Transformer layer's activation given by name
            continue
        if depth >= MAX_WRAPPER_DEPTH:
            raise SpecError(
                f"wrappers are nested more than {MAX_WRAPPER_DEPTH} deep", item.value_location(argument), path
            )
        nested_path = f"{path}.{argument}"
        if isinstance(nested, LocatedList):
            holder = getattr(layer_class, "nested_list_holders", {}).get(argument)
            config[argument] = _parse_layer_list(nested, nested_path, framework, namer, depth + 1, holder)
            continue
        nested_location = item.value_location(argument)
        refuse_outside_graph(nested, nested_path, f"{layer_class.class_name}'s {argument}")
        config[argument] = parse_layer(nested, nested_path, nested_location, framework, namer, False, depth + 1).layer
    if framework == PYTORCH and config.get("dtype") in MIXED_POLICY_VARIABLE_DTYPE:
        raise SpecError(
            f"dtype {config['dtype']} is a Keras mixed-precision policy; a torch.nn layer takes a dtype "
            "such as float16 (use torch.autocast for mixed precision)",
            item.value_location("dtype"),
            f"{path}.dtype",
        )
    layer = layer_class(config, framework)
    name = layer.name or namer.next_name(layer.type_name)
    layer.declaration = Declaration(name, location, item)
    return LayerSpec(layer, name, location, path, item)


def _parse_layer_list(
    items: LocatedList, path: str, framework: str, namer: AutoNamer, depth: int, holder: str | None
) -> LayerList:
    """The layers a nested argument lists (StackedRNNCells' cells), parsed and named in order; then the
    automatic name of the ``holder`` layer Keras makes for a list (RNN's cells: StackedRNNCells)."""
    for index, entry in enumerate(items):
        refuse_outside_graph(entry, f"{path}[{index}]", f"the list {path}")
    layers = [
        parse_layer(entry, f"{path}[{index}]", items.item_locations[index], framework, namer, False, depth).layer
        for index, entry in enumerate(items)
    ]
    return LayerList(layers, namer.next_name(holder) if holder else "")


def known_type_names(framework: str) -> list[str]:
    """The layer types a spec may use under ``framework``, as their framework spells them."""
    names: list[str] = []
    for layer_class in dict.fromkeys(LAYER_TYPES.values()):
        if framework == KERAS:
            if not getattr(layer_class, "torch_only", False):
                names.append(layer_class.class_name)
        elif layer_class.torch_class_name:
            names.append(layer_class.torch_class_name)
    return list(dict.fromkeys(names))  # torch's RNN spells two kinds


def _spellings_under(framework: str) -> list[str]:
    """The type spellings a spec may use under ``framework`` (Keras's leave the torch-only modules out)."""
    if framework != KERAS:
        return LAYER_SPELLINGS
    return [name for name in LAYER_SPELLINGS if not getattr(LAYER_TYPES[name.lower()], "torch_only", False)]


def _layer_class(item: LocatedDict, path: str, framework: str) -> type[Layer[Any]]:
    if "type" not in item:
        raise SpecError(
            "the layer has no 'type'; give its Keras class name, such as LSTM, GRU or Dense", item.location, path
        )
    type_name = item["type"]
    if not isinstance(type_name, str):
        raise SpecError(
            f"a layer's type is a name such as LSTM, not {_describe(type_name, 'typed')}; "
            f"known types: {', '.join(known_type_names(framework))}",
            item.value_location("type"),
            f"{path}.type",
        )
    layer_class = LAYER_TYPES.get(type_name.lower())
    if layer_class is not None:
        layer_class = layer_class.kind_under(framework, item.keys())
    if layer_class is None:
        # A near miss gets one suggestion; otherwise the whole list helps more.
        suggestion = did_you_mean(type_name, _spellings_under(framework))
        raise SpecError(
            f"unknown layer type {quoted(type_name)}"
            + (suggestion if suggestion else f"; known types: {', '.join(known_type_names(framework))}"),
            item.value_location("type"),
            f"{path}.type",
        )
    if framework == KERAS and getattr(layer_class, "torch_only", False):
        raise SpecError(
            f"{layer_class.torch_class_name} is a torch.nn module that lstmcalc knows only under the PyTorch "
            "convention (framework: pytorch); it has no Keras layer here",
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


_FIRST_LAYER_KEYS_WITH_INPUT_DIM = (*FIRST_LAYER_INPUT_KEYS, "input_dim")


def takes_keras2_sequence_input(layer_class: type[Layer[Any]] | None) -> bool:
    """Whether Keras 2 read ``input_dim``/``input_length`` on the kind as its input ``(input_length, input_dim)``."""
    return bool(getattr(layer_class, "keras2_sequence_input", False))


def _layer_config(
    item: LocatedDict, layer_class: type[Layer[Any]], path: str, is_first: bool, framework: str, call_keys: bool
) -> dict[str, Any]:
    """Every declared argument of the layer: checked values where the spec gives them, defaults elsewhere;
    with ``call_keys``, a graph entry's tensors given by name (``value:``) are left to the graph."""
    declared = layer_class.arguments
    by_spelling = layer_class.argument_spellings()
    owner = layer_class.class_name if framework == KERAS else (layer_class.torch_class_name or layer_class.class_name)
    # input_dim is Embedding's vocabulary, and elsewhere Keras 2's way of giving the input.
    input_keys = _FIRST_LAYER_KEYS_WITH_INPUT_DIM if "input_dim" not in by_spelling else FIRST_LAYER_INPUT_KEYS
    if takes_keras2_sequence_input(layer_class):
        input_keys = (*input_keys, "input_length")
    given: dict[str, str] = {}  # argument name -> the spelling the spec used
    graph_keys = layer_class.keras_call_arguments if call_keys else ()
    for key in item:
        if key in OWN_LAYER_KEYS or key in graph_keys:
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
    template, required = layer_class.config_template()
    config = dict(template)
    for argument in required:
        if argument.name in given:
            continue
        if argument.required_in(framework):
            raise SpecError(f"{owner} needs '{argument.name}'", item.location, f"{path}.{argument.name}")
        config[argument.name] = None  # required under the other convention only (Keras's key_dim)
    for name, key in given.items():
        config[name] = checked(item, declared[name], f"{path}.{key}", owner, key)
    return config


def checked(mapping: LocatedDict, argument: Argument, path: str, owner: str = "", key: str = "") -> Any:
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


def refuse_unknown_keys(mapping: LocatedDict, known: tuple[str, ...], prefix: str, where: str) -> None:
    """Refuse the first key of ``mapping`` not in ``known``; ``prefix`` starts its path, ``where`` says where."""
    for key in mapping:
        if key not in known:
            raise SpecError(
                f"unknown key {quoted(key)} {where}{did_you_mean(key, known)}; expected {', '.join(known)}",
                mapping.key_location(key),
                f"{prefix}{key}",
            )
