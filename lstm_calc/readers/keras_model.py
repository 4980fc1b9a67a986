"""A Keras model config (``model.to_json()``, or ``config.json`` in a ``.keras`` archive) as spec data.

Keras 3 writes ``{"module": "keras", "class_name": "Sequential", "config": {"layers": [...]}}``;
Keras 2 writes the same without ``module``, with ``batch_input_shape`` on the first layer and
dtypes as plain strings (Keras 2.0 and 2.1 even make ``config`` the list of layers). Either
becomes the located data a YAML spec loads into, so checking, shapes and counts are shared.

What each layer config keeps is the mapping in :mod:`lstm_calc.readers.keras_config`;
this module applies it, keeping every value's location, and reads the model around the
layers (input, dtype). :mod:`lstm_calc.readers.keras_functional` builds on it for a
functional model's calls, and :func:`lstm_calc.readers.keras_json.keras_model_to_spec`
picks between the two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.located import LocatedDict, LocatedList, new_located_dict, new_located_list, put
from lstm_calc.readers.keras_config import (
    DATA_FORMAT,
    FUNCTIONAL_CLASSES,
    INPUT_LAYER,
    KERAS_KINDS,
    LAYER_INPUT_KEYS,
    NEUTRAL_KERAS_KEYS,
    ONLY_AT_DEFAULT,
    SEQUENTIAL,
    drop_mirrored_backward_layer,
    is_default,
    is_one_tuple,
    omit_automatic_names,
    same_value,
    unsupported_layers_message,
)
from lstm_calc.readers.keras_nested_config import (
    inner_entries,
    nested_sequential,
)
from lstm_calc.sizes import DEFAULT_DTYPE, DTYPE_BYTES
from lstm_calc.spec_layers import OWN_LAYER_KEYS

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.layers import Layer


def user_class(entry: LocatedDict) -> bool:
    """Whether a layer config is of the user's own class: its ``module`` is not Keras's (``"my_model"``, or
    ``null`` where Keras 3 writes one), or it has a ``registered_name`` (``"my_package>Attention"``; Keras's
    own layers have none). Keras 2 wrote neither key."""
    module, registered = entry.get("module"), entry.get("registered_name")
    if "module" in entry and not (isinstance(module, str) and module.split(".")[0] in ("keras", "tf_keras")):
        return True
    if isinstance(module, str) and module.startswith("keras.src.ops."):
        return False  # Keras's own operation (x[:, -1] is GetItem), registered under its class name
    return isinstance(registered, str)


def _is_layer_config(entry: Any) -> bool:
    """``{"class_name": "...", "config": {...}}``, as Keras writes every layer."""
    return (
        isinstance(entry, LocatedDict)
        and isinstance(entry.get("class_name"), str)
        and isinstance(entry.get("config"), LocatedDict)
    )


class KerasConfigReader:
    """Maps a Keras model config to spec data: the model's own keys here, each layer with :meth:`layer`."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.model_dtype = DEFAULT_DTYPE

    def error(self, message: str, location: Location | None = None, path: str = "") -> SpecError:
        return SpecError(message, location or Location(self.filename, 1, 1), path)

    def is_functional(self, root: Any) -> bool:
        """Whether ``root`` is a functional model's config (read by :mod:`~lstm_calc.readers.keras_functional`);
        refuse what is no Keras model config at all."""
        if not isinstance(root, LocatedDict) or not isinstance(root.get("class_name"), str):
            raise self.error(
                'not a Keras model: expected the JSON of model.to_json(), {"class_name": "Sequential", "config": ...}',
                getattr(root, "location", None),
            )
        config = root.get("config")
        return root["class_name"] in FUNCTIONAL_CLASSES or (isinstance(config, dict) and "input_layers" in config)

    def sequential(self, root: LocatedDict) -> LocatedDict:
        """The spec data of a Sequential model's config; refuse other models and unsupported layers."""
        class_name = root["class_name"]
        config = root.get("config")
        if class_name != SEQUENTIAL:
            raise self.error(
                f"this is a {class_name!r} model; lstmcalc reads Keras Sequential and functional models only",
                root.value_location("class_name"),
            )
        if isinstance(config, LocatedList):  # Keras 2.0 and 2.1: the config is the list of layers
            config_dict, entries = new_located_dict(config.location), config
        elif isinstance(config, LocatedDict) and isinstance(config.get("layers"), LocatedList):
            config_dict, entries = config, config["layers"]
        else:
            raise self.error("the Sequential model's config has no list of layers", root.value_location("config"))
        self.check_entries(entries)
        spec = new_located_dict(root.location)
        name = config_dict.get("name")
        if name is not None:
            put(spec, "name", name, config_dict.key_location("name"), config_dict.value_location("name"))
        self.set_model_dtype(config_dict, entries)
        if self.model_dtype != DEFAULT_DTYPE:
            put(spec, "dtype", self.model_dtype, config_dict.key_location("dtype"), config_dict.value_location("dtype"))
        model_input, entries = self._input(config_dict, entries)
        self.refuse_unsupported(entries)
        if not entries:
            raise self.error("the Sequential model has no layers", config_dict.location)
        if model_input is not None:
            put(spec, "input", model_input, model_input.location, model_input.location)
        layers = [self.layer(entry) for entry in entries]
        omit_automatic_names(layers)
        layer_list = new_located_list(entries.location, layers, [entry.location for entry in entries])
        put(spec, "layers", layer_list, config_dict.key_location("layers"), entries.location)
        return spec

    def check_entries(self, entries: LocatedList) -> None:
        """Refuse a layer list whose items are not ``{"class_name": ..., "config": {...}}``."""
        for index, entry in enumerate(entries):
            if not _is_layer_config(entry):
                raise self.error(
                    f"layer {index} of the model is not a Keras layer config "
                    '({"class_name": ..., "config": {...}})',
                    entries.item_locations[index],
                )

    def set_model_dtype(self, config: LocatedDict, entries: list[LocatedDict]) -> str:
        """The spec's dtype: Keras 3's model policy, else the first layer's dtype, when it is a plain
        parameter dtype. Layers of another dtype keep their own (see :meth:`layer`)."""
        self.model_dtype = DEFAULT_DTYPE
        candidates = [config["dtype"]] if "dtype" in config else []
        candidates += [entry["config"]["dtype"] for entry in entries if "dtype" in entry["config"]][:1]
        for candidate in candidates[:1]:
            name = self._dtype_name(candidate, config.location)
            if isinstance(name, str) and name in DTYPE_BYTES and name != "int8":
                self.model_dtype = name
        return self.model_dtype

    def _dtype_name(self, value: Any, location: Location) -> Any:
        """A dtype policy's name: Keras 2 writes ``"float32"``, Keras 3 a DTypePolicy object."""
        if isinstance(value, dict):
            if "Quantized" in str(value.get("class_name", "")):
                raise self.error("quantized layers (a Quantized dtype policy) are not supported", location)
            policy = value.get("config")
            if isinstance(policy, dict) and isinstance(policy.get("name"), str):
                return policy["name"]
            raise self.error('unreadable dtype policy: expected {"config": {"name": ...}}', location)
        return value

    def _input(self, config: LocatedDict, entries: LocatedList) -> tuple[LocatedDict | None, LocatedList]:
        """The model input, from an InputLayer, a first layer's batch_input_shape, or the built shape."""
        if entries and entries[0]["class_name"] == INPUT_LAYER:
            rest = new_located_list(entries.location, entries[1:], entries.item_locations[1:])
            return self.input_layer_block(entries[0]), rest
        if entries and "batch_input_shape" in entries[0]["config"]:
            layer_config = entries[0]["config"]
            return self._input_block(
                layer_config["batch_input_shape"], layer_config.value_location("batch_input_shape")
            ), entries
        if "build_input_shape" in config:
            return self._input_block(config["build_input_shape"], config.value_location("build_input_shape")), entries
        return None, entries

    def input_layer_block(self, entry: LocatedDict) -> LocatedDict | None:
        """An InputLayer as a spec's input block, or None when it has no shape."""
        layer_config = entry["config"]
        for key in LAYER_INPUT_KEYS:
            if key in layer_config:
                return self._input_block(layer_config[key], layer_config.value_location(key), layer_config.get("dtype"))
        return None

    def _input_block(self, batch_shape: Any, location: Location, dtype: Any = None) -> LocatedDict | None:
        """``{shape, batch_size, dtype}`` from a shape with the batch axis first (None when not given)."""
        if batch_shape is None:
            return None
        if not isinstance(batch_shape, LocatedList) or not batch_shape:
            raise self.error("the model's input shape must be a list with the batch axis first", location)
        block = new_located_dict(location)
        shape = new_located_list(location, batch_shape[1:], batch_shape.item_locations[1:])
        put(block, "shape", shape, location, location)
        if batch_shape[0] is not None:
            put(block, "batch_size", batch_shape[0], batch_shape.item_locations[0], batch_shape.item_locations[0])
        if isinstance(dtype, str) and dtype != DEFAULT_DTYPE:
            put(block, "dtype", dtype, location, location)
        return block

    def refuse_unsupported(self, entries: list[LocatedDict]) -> None:
        """One error that lists every layer lstmcalc cannot count, wrapped ones included."""
        unsupported: list[tuple[str, Any, Location]] = []
        pending = list(entries)
        for entry in pending:  # wrapped layers are appended as they are found, and read in turn
            class_name = entry["class_name"]
            if user_class(entry):
                registered = entry.get("registered_name")
                module = entry.get("module")
                origin = f"from module {module!r}" if isinstance(module, str) else f"registered as {registered!r}"
                raise self.error(
                    f"custom layer '{class_name}' ({origin}): the user's own class, not Keras's; lstmcalc cannot "
                    "count its weights; give the model as a YAML spec with Keras layers in its place",
                    entry.value_location("class_name"),
                )
            if class_name == SEQUENTIAL:  # a model used as a layer: its own layers are read in turn
                pending += inner_entries(self, entry)
                continue
            layer_class = KERAS_KINDS.get(class_name)
            if layer_class is None:
                unsupported.append((class_name, entry["config"].get("name"), entry.value_location("class_name")))
                continue
            for argument in getattr(layer_class, "nested_arguments", ()):
                nested = entry["config"].get(argument)
                # A nested value that is no layer config is refused, located, where the layer is read.
                listed = nested if isinstance(nested, LocatedList) else [nested]
                pending += [item for item in listed if _is_layer_config(item)]
        if unsupported:
            listed = [f"{class_name} ({name!r})" for class_name, name, _ in unsupported]
            raise self.error(unsupported_layers_message(listed), unsupported[0][2])

    def layer(self, entry: LocatedDict) -> LocatedDict:
        """One layer's spec mapping: ``type``, then the arguments that matter."""
        class_name = entry["class_name"]
        if class_name == SEQUENTIAL:
            return nested_sequential(self, entry)
        layer_class = KERAS_KINDS[class_name]
        config = entry["config"]
        declared = layer_class.argument_spellings()
        nested_arguments = getattr(layer_class, "nested_arguments", ())
        out = new_located_dict(entry.location)
        put(out, "type", class_name, entry.key_location("class_name"), entry.value_location("class_name"))
        for key, value in config.items():
            key_location, location = config.key_location(key), config.value_location(key)
            if key in LAYER_INPUT_KEYS:
                continue
            if key in OWN_LAYER_KEYS:
                # Keras never writes these, and copied into the spec they would replace lstmcalc's own keys.
                raise self.error(f"{class_name} has no argument {key!r}", key_location)
            if key == "dtype":
                value = self._dtype_name(value, location)
                if value != self.model_dtype:
                    put(out, key, value, key_location, location)
                continue
            if key in nested_arguments:
                if value is None:
                    continue
                if isinstance(value, LocatedList):
                    put(out, key, self._layer_list(class_name, key, value), key_location, location)
                    continue
                if not _is_layer_config(value):
                    raise self.error(
                        f'{class_name}\'s {key} is not a Keras layer config ({{"class_name": ..., "config": {{...}}}})',
                        location,
                    )
                put(out, key, self.layer(value), key_location, location)
                continue
            argument = declared.get(key)
            if argument is None:
                if self._keep_unknown_key(class_name, key, value, location):
                    put(out, key, value, key_location, location)
                continue
            value, location = self._unwrapped(class_name, key, value, location)
            if key == "data_format" and value != DATA_FORMAT:
                raise self.error(
                    f"{class_name} has data_format {value!r}; lstmcalc counts channels_last layers only", location
                )
            if not is_default(class_name, argument, key, value):
                put(out, key, value, key_location, location)
        if class_name == "Bidirectional":
            drop_mirrored_backward_layer(out)
        return _in_declared_order(out, layer_class)

    def _layer_list(self, class_name: str, key: str, value: LocatedList) -> LocatedList:
        """A list of layer configs (StackedRNNCells' cells), each read as a layer."""
        for item, location in zip(value, value.item_locations):
            if not _is_layer_config(item):
                raise self.error(f"{class_name}'s {key} lists something that is not a Keras layer config", location)
        return new_located_list(value.location, [self.layer(item) for item in value], value.item_locations)

    def _keep_unknown_key(self, class_name: str, key: str, value: Any, location: Location) -> bool:
        """Whether a key lstmcalc has no argument for goes on (to be refused by the spec check)."""
        if key in NEUTRAL_KERAS_KEYS or value is None:
            return False
        if key in ONLY_AT_DEFAULT:
            if same_value(value, ONLY_AT_DEFAULT[key]):
                return False
            raise self.error(
                f"{class_name} has {key}: {_json(value)}, which lstmcalc does not support "
                f"(it counts {key}: {_json(ONLY_AT_DEFAULT[key])} only)",
                location,
            )
        return True

    @staticmethod
    def _unwrapped(class_name: str, key: str, value: Any, location: Location) -> tuple[Any, Location]:
        if is_one_tuple(class_name, key) and isinstance(value, LocatedList) and len(value) == 1:
            return value[0], value.item_locations[0]
        return value, location


def _in_declared_order(layer: LocatedDict, layer_class: type[Layer[Any]]) -> LocatedDict:
    """``type`` and ``name`` first, then the arguments in the order the layer declares them, as a person writes them."""
    order = {key: index for index, key in enumerate(("type", "name", *layer_class.arguments))}
    ordered = new_located_dict(layer.location)
    for key in sorted(layer, key=lambda key: order.get(key, len(order))):
        put(ordered, key, layer[key], layer.key_location(key), layer.value_location(key))
    return ordered


def _json(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else repr(value)
