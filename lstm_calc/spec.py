"""Read located YAML data into a checked model spec: an input, and layers with checked arguments."""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple, Optional

from lstm_calc.arguments import (
    Argument,
    _describe,
    is_integer,
    optional_positive_int,
    positive_int,
    printable_name,
    quoted,
)
from lstm_calc.errors import Location, SpecError
from lstm_calc.layers import LAYER_TYPES, Layer
from lstm_calc.naming import AutoNamer
from lstm_calc.shapes import Shape
from lstm_calc.sizes import DEFAULT_DTYPE, DTYPE_BYTES
from lstm_calc.source import LocatedDict, LocatedList

FRAMEWORKS = ("keras",)
TOP_LEVEL_KEYS = ("name", "dtype", "framework", "input", "layers")
INPUT_KEYS = ("shape", "batch_size", "dtype")
#: Keras habits for giving the input on the first layer instead of an ``input:`` block.
FIRST_LAYER_INPUT_KEYS = ("input_shape", "batch_input_shape", "batch_size")


class InputSpec(NamedTuple):
    """The model input: its shape with the batch axis first (``None`` where unknown)."""

    shape: Shape
    dtype: Optional[str]
    location: Location


class LayerSpec(NamedTuple):
    """A configured layer, its final name, and where the spec declares it."""

    layer: Layer
    name: str
    location: Location
    path: str
    source: LocatedDict

    def argument_location(self, argument: str) -> Location:
        """Where ``argument`` is written, or the layer itself when it is left at its default."""
        return self.source.value_location(argument)


class ModelSpec(NamedTuple):
    """A whole checked spec: everything needed to build the layer graph."""

    name: str
    dtype: str
    framework: str
    input: InputSpec
    layers: list[LayerSpec]


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


def parse_model_spec(data: Any, filename: str) -> ModelSpec:
    """Check the loaded YAML of a spec and build a :class:`ModelSpec` from it."""
    if not isinstance(data, LocatedDict):
        raise SpecError(
            "a spec is a mapping with 'input' and 'layers' keys, not " + _kind_of(data),
            Location(filename, 1, 1),
        )
    _refuse_unknown_keys(data, TOP_LEVEL_KEYS, "", "at the top level")
    name = _optional_string(data, "name", "sequential", "name")
    dtype = data.get("dtype", DEFAULT_DTYPE)
    if not isinstance(dtype, str) or dtype not in DTYPE_BYTES:
        raise SpecError(
            f"dtype must be one of {', '.join(DTYPE_BYTES)}, got {_describe(dtype)}{did_you_mean(dtype, DTYPE_BYTES)}",
            data.value_location("dtype"),
            "dtype",
        )
    framework = data.get("framework", "keras")
    if framework not in FRAMEWORKS:
        raise SpecError(
            f"framework must be one of {', '.join(FRAMEWORKS)}, got {_describe(framework)}",
            data.value_location("framework"),
            "framework",
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
    input_spec = _parse_input(data, layers_data)
    return ModelSpec(name, dtype, framework, input_spec, _parse_layers(layers_data))


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
        return InputSpec((batch, *shape), block.get("dtype"), block.location)
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


def _parse_layers(layers_data: LocatedList) -> list[LayerSpec]:
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
        layer_class = _layer_class(item, path)
        config = _layer_config(item, layer_class, path, is_first=index == 0)
        name = config["name"] or namer.next_name(layer_class.class_name)
        # An aliased layer ('- *encoder') is located where the alias stands, not at its anchor.
        spec = LayerSpec(layer_class(config), name, layers_data.item_locations[index], path, item)
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


def _layer_class(item: LocatedDict, path: str) -> type[Layer]:
    if "type" not in item:
        raise SpecError(
            f"the layer has no 'type'; use one of {', '.join(cls.class_name for cls in LAYER_TYPES.values())}",
            item.location,
            path,
        )
    type_name = item["type"]
    known = [cls.class_name for cls in LAYER_TYPES.values()]
    if not isinstance(type_name, str):
        raise SpecError(
            f"a layer's type is a name such as LSTM, not {_kind_of(type_name)}; known types: {', '.join(known)}",
            item.value_location("type"),
            f"{path}.type",
        )
    layer_class = LAYER_TYPES.get(type_name.lower())
    if layer_class is None:
        raise SpecError(
            f"unknown layer type {quoted(type_name)}{did_you_mean(type_name, known)}; known types: {', '.join(known)}",
            item.value_location("type"),
            f"{path}.type",
        )
    return layer_class


def _layer_config(item: LocatedDict, layer_class: type[Layer], path: str, is_first: bool) -> dict[str, Any]:
    declared = layer_class.arguments
    input_keys = set(FIRST_LAYER_INPUT_KEYS)
    if "input_dim" not in declared:
        input_keys.add("input_dim")
    config: dict[str, Any] = {}
    for key in item:
        if key == "type":
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
        if key not in declared:
            raise SpecError(
                f"{layer_class.class_name} has no argument {quoted(key)}{did_you_mean(key, declared)}",
                item.key_location(key),
                f"{path}.{key}",
            )
    for argument in declared.values():
        if argument.name in item:
            config[argument.name] = _checked(item, argument, f"{path}.{argument.name}", layer_class.class_name)
        elif argument.required:
            raise SpecError(
                f"{layer_class.class_name} needs '{argument.name}'",
                item.location,
                f"{path}.{argument.name}",
            )
        else:
            config[argument.name] = argument.default
    return config


def _checked(mapping: LocatedDict, argument: Argument, path: str, owner: str = "") -> Any:
    value = mapping.get(argument.name, argument.default)
    if argument.name not in mapping:
        return value
    complaint = argument.check(value)
    if complaint:
        subject = f"{owner} argument '{argument.name}'" if owner else f"'{path}'"
        raise SpecError(f"{subject}: {complaint}", mapping.value_location(argument.name), path)
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
                f"'{path}' sizes must be positive integers or null, got {_describe(dim)}",
                value.item_locations[index],
                f"{path}[{index}]",
            )
    return tuple(value)


def _optional_string(mapping: LocatedDict, key: str, default: str, path: str) -> str:
    value = mapping.get(key, default)
    if not isinstance(value, str) or not value:
        raise SpecError(
            f"'{path}' must be a non-empty string, got {_describe(value)}", mapping.value_location(key), path
        )
    complaint = printable_name(value)
    if complaint:
        raise SpecError(f"'{path}': {complaint}", mapping.value_location(key), path)
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
