"""Read located YAML data into a checked model spec: an input, and layers with checked arguments."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from lstm_calc.arguments import (
    CONVENTION_TITLES,
    CONVENTIONS,
    KERAS,
    Argument,
    arguments,
    byte_size,
    is_integer,
    non_negative_int,
    one_of,
    optional_positive_int,
    positive_int,
)
from lstm_calc.budget import Limit
from lstm_calc.errors import Location, SpecError
from lstm_calc.layers import LAYER_SPELLINGS, LAYER_TYPES, Layer
from lstm_calc.naming import AutoNamer
from lstm_calc.shapes import Shape
from lstm_calc.sizes import DEFAULT_DTYPE, DTYPE_BYTES, parse_size
from lstm_calc.source import LocatedDict, LocatedList

TOP_LEVEL_KEYS = ("name", "dtype", "framework", "input", "layers", "budget")
INPUT_KEYS = ("shape", "batch_size", "dtype")
#: Input dtypes Keras accepts; the input dtype changes no count, but a typo is still a mistake.
INPUT_DTYPES = (
    "float32", "float16", "bfloat16", "float64", "float8_e4m3fn", "float8_e5m2",
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "int4", "uint4",
    "bool", "string", "complex64", "complex128",
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
#: Layer keys that are lstmcalc's own rather than Keras arguments.
OWN_LAYER_KEYS = ("type", LAYER_MAX_PARAMS.name)
#: Keras habits for giving the input on the first layer instead of an ``input:`` block.
FIRST_LAYER_INPUT_KEYS = ("input_shape", "batch_input_shape", "batch_size")


@dataclass(frozen=True)
class InputSpec:
    """The model input: its shape with the batch axis first (``None`` where unknown)."""

    shape: Shape
    dtype: Optional[str]
    location: Location


@dataclass(frozen=True)
class LayerSpec:
    """A configured layer, its final name, and where the spec declares it."""

    layer: Layer
    name: str
    location: Location
    path: str
    source: LocatedDict

    def argument_location(self, argument: str) -> Location:
        """Where ``argument`` is written, or the layer itself when it is left at its default."""
        return self.source.value_location(argument)


@dataclass(frozen=True)
class ModelSpec:
    """A whole checked spec: everything needed to build the layer graph."""

    name: str
    dtype: str
    framework: str
    input: InputSpec
    layers: list[LayerSpec]
    budget: tuple[Limit, ...] = ()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'units'?)`` for a near miss, else an empty string."""
    matches = difflib.get_close_matches(str(word).lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not matches:
        return ""
    original = {c.lower(): c for c in choices}[matches[0]]
    return f" (did you mean '{original}'?)"


def parse_model_spec(data: Any, filename: str, framework: Optional[str] = None) -> ModelSpec:
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
    if dtype not in DTYPE_BYTES:
        raise SpecError(
            f"dtype must be one of {', '.join(DTYPE_BYTES)}, got {dtype!r}{did_you_mean(dtype, DTYPE_BYTES)}",
            data.value_location("dtype"),
            "dtype",
        )
    spec_framework = data.get("framework", KERAS)
    if spec_framework not in CONVENTIONS:
        raise SpecError(
            f"framework must be one of {', '.join(CONVENTIONS)}, got {spec_framework!r}"
            f"{did_you_mean(spec_framework, CONVENTIONS)}",
            data.value_location("framework"),
            "framework",
        )
    framework = framework or spec_framework
    layers_data = data.get("layers")
    if "layers" not in data:
        raise SpecError("the spec has no 'layers' list; add 'layers:' with at least one layer", data.location)
    if not isinstance(layers_data, LocatedList) or not layers_data:
        raise SpecError(
            "'layers' must be a non-empty list of layers, e.g. - {type: LSTM, units: 64}",
            data.value_location("layers"),
            "layers",
        )
    input_spec = _parse_input(data, layers_data)
    layers = _parse_layers(layers_data, framework)
    return ModelSpec(name, dtype, framework, input_spec, layers, _parse_budget(data, layers))


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


def _limit(mapping: LocatedDict, argument: Argument, path: str, layer: Optional[str] = None) -> Limit:
    value = _checked(mapping, argument, path)
    location = mapping.value_location(argument.name)
    if isinstance(value, str):
        return Limit(argument.name, parse_size(value), location, layer, written=value.strip())
    return Limit(argument.name, value, location, layer)


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
        _refuse_unknown_keys(block, INPUT_KEYS, "input.", "in 'input'")
        if "shape" not in block:
            raise SpecError("'input' needs a 'shape', e.g. shape: [5, 126]", block.location, "input")
        shape = _shape(block, "shape", "input.shape")
        batch = _checked(block, Argument("batch_size", optional_positive_int, None), "input.batch_size")
        dtype = _checked(block, Argument("dtype", one_of(*INPUT_DTYPES, None), None), "input.dtype")
        return InputSpec((batch, *shape), dtype, block.location)
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


def _parse_layers(layers_data: LocatedList, framework: str) -> list[LayerSpec]:
    namer = AutoNamer()
    layers: list[LayerSpec] = []
    names: dict[str, LayerSpec] = {}
    for index, item in enumerate(layers_data):
        path = f"layers[{index}]"
        if not isinstance(item, LocatedDict):
            raise SpecError(
                f"each layer is a mapping such as {{type: LSTM, units: 64}}, not {_kind_of(item)}",
                layers_data.item_locations[index],
                path,
            )
        spec = _parse_layer(item, path, framework, namer, is_first=index == 0)
        name = spec.name
        if name in names:
            raise SpecError(
                f"layer name '{name}' is already taken by {names[name].path}; "
                "Keras needs unique layer names, so rename one of them",
                item.value_location("name"),
                f"{path}.name",
            )
        names[name] = spec
        layers.append(spec)
    return layers


#: Wrappers inside wrappers beyond this depth are surely a mistake; it also bounds recursion.
MAX_WRAPPER_DEPTH = 50


def _parse_layer(
    item: LocatedDict, path: str, framework: str, namer: AutoNamer, is_first: bool, depth: int = 0
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
        config[argument] = _parse_layer(nested, f"{path}.{argument}", framework, namer, False, depth + 1)
    layer = layer_class(config, framework)
    name = layer.name or namer.next_name(layer.type_name)
    return LayerSpec(layer, name, item.location, path, item)


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
    known = known_type_names(framework)
    if "type" not in item:
        raise SpecError(f"the layer has no 'type'; use one of {', '.join(known)}", item.location, path)
    type_name = item["type"]
    layer_class = LAYER_TYPES.get(type_name.lower()) if isinstance(type_name, str) else None
    if layer_class is None:
        raise SpecError(
            f"unknown layer type {type_name!r}{did_you_mean(type_name, LAYER_SPELLINGS)}; "
            f"known types: {', '.join(known)}",
            item.value_location("type"),
            f"{path}.type",
        )
    if framework != KERAS and layer_class.torch_class_name is None:
        raise SpecError(
            f"{layer_class.class_name} is a Keras layer with no torch.nn counterpart, so the PyTorch "
            f"convention cannot use it; layers under framework: pytorch: {', '.join(known)}",
            item.value_location("type"),
            f"{path}.type",
        )
    return layer_class


def _layer_config(
    item: LocatedDict, layer_class: type[Layer], path: str, is_first: bool, framework: str
) -> dict[str, Any]:
    """Every declared argument of the layer: checked values where the spec gives them, defaults elsewhere."""
    declared = layer_class.arguments
    by_spelling = {spelling: argument for argument in declared.values() for spelling in (argument.name, *argument.aliases)}
    owner = layer_class.class_name if framework == KERAS else (layer_class.torch_class_name or layer_class.class_name)
    input_keys = set(FIRST_LAYER_INPUT_KEYS)
    if "input_dim" not in by_spelling:
        input_keys.add("input_dim")
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
                f"{owner} has no argument {key!r}{did_you_mean(key, [*by_spelling, *OWN_LAYER_KEYS])}",
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
    config: dict[str, Any] = {}
    for argument in declared.values():
        if argument.name in given:
            config[argument.name] = _checked(item, argument, f"{path}.{given[argument.name]}", owner, given[argument.name])
        elif argument.required:
            raise SpecError(f"{owner} needs '{argument.name}'", item.location, f"{path}.{argument.name}")
        else:
            config[argument.name] = argument.default
    return config


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
    return value


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
                f"'{path}' sizes must be positive integers or null, got {dim!r}",
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
            f"'name' must be a non-empty name without '/', got {value!r}", data.value_location("name"), "name"
        )
    return value


def _refuse_unknown_keys(mapping: LocatedDict, known: tuple[str, ...], prefix: str, where: str) -> None:
    for key in mapping:
        if key not in known:
            raise SpecError(
                f"unknown key {key!r} {where}{did_you_mean(key, known)}; expected {', '.join(known)}",
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
    return f"{type(value).__name__} {value!r}"
