"""A Keras model config (``model.to_json()``, or ``config.json`` in a ``.keras`` archive) as spec data.

Keras 3 writes ``{"module": "keras", "class_name": "Sequential", "config": {"layers": [...]}}``;
Keras 2 writes the same without ``module``, with ``batch_input_shape`` on the first layer and
dtypes as plain strings (Keras 2.0 and 2.1 even make ``config`` the list of layers). Either
becomes the located data a YAML spec loads into, so checking, shapes and counts are shared.

Keras configs list every argument, most of which change no count. Kept are the
arguments that differ from their default, plus readable options such as ``activation``;
initializers, regularizers and constraints are dropped. Keras keys lstmcalc has no
argument for are dropped where they cannot change a count and refused where they can.
"""

from __future__ import annotations

from typing import Any

from lstm_calc.arguments import Argument, anything
from lstm_calc.errors import Location, SpecError
from lstm_calc.layers import LAYER_TYPES, Layer
from lstm_calc.naming import AutoNamer
from lstm_calc.sizes import DEFAULT_DTYPE, DTYPE_BYTES
from lstm_calc.source import LocatedDict, LocatedList, new_located_dict, new_located_list, put
from lstm_calc.spec_layers import OWN_LAYER_KEYS

#: Keras class name (exactly as Keras writes it) -> lstmcalc layer class.
KERAS_CLASSES: dict[str, type[Layer]] = {cls.class_name: cls for cls in LAYER_TYPES.values()}
FUNCTIONAL_CLASSES = ("Functional", "Model")
INPUT_LAYER = "InputLayer"

#: Keras config keys lstmcalc has no argument for, which change no shape or count whatever their value.
NEUTRAL_KERAS_KEYS = frozenset(
    {"zero_output_for_mask", "implementation", "renorm_clipping", "renorm_momentum", "lora_alpha"}
)
#: Keras config keys lstmcalc has no argument for, and the one value at which its counts hold.
ONLY_AT_DEFAULT = {"time_major": False, "renorm": False}
#: Values of count-neutral arguments that are Keras's defaults, left out of the spec.
KERAS_DEFAULTS: dict[str, Any] = {
    "activation": "linear",
    "recurrent_activation": "sigmoid",
    "unit_forget_bias": True,
    "go_backwards": False,
    "unroll": False,
    "use_cudnn": "auto",
    "data_format": "channels_last",
    "momentum": 0.99,
    "epsilon": 0.001,
    "synchronized": False,
    "mask_value": 0.0,
    "rms_scaling": False,
}
#: Recurrent layers default to tanh rather than a linear activation.
ACTIVATION_DEFAULTS = {"LSTM": "tanh", "GRU": "tanh", "SimpleRNN": "tanh"}
#: Keras stores these 1-D sizes as 1-tuples, and normalization axes as lists.
ONE_TUPLE_ARGUMENTS = {"kernel_size", "strides", "dilation_rate", "pool_size"}
SINGLE_AXIS_LAYERS = {"BatchNormalization", "LayerNormalization"}
#: Keys of a layer config that give the model input rather than a layer argument.
LAYER_INPUT_KEYS = ("batch_input_shape", "batch_shape")


def _is_layer_config(entry: Any) -> bool:
    """``{"class_name": "...", "config": {...}}``, as Keras writes every layer."""
    return (
        isinstance(entry, LocatedDict)
        and isinstance(entry.get("class_name"), str)
        and isinstance(entry.get("config"), LocatedDict)
    )


def keras_model_to_spec(root: Any, filename: str) -> LocatedDict:
    """The spec data of a Keras Sequential or functional model config; refuse other models and unsupported layers."""
    return KerasConfigReader(filename).model(root)


class KerasConfigReader:
    """Maps a Keras model config to spec data: the model's own keys here, each layer with :meth:`layer`."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.model_dtype = DEFAULT_DTYPE

    def error(self, message: str, location: Location | None = None, path: str = "") -> SpecError:
        return SpecError(message, location or Location(self.filename, 1, 1), path)

    def model(self, root: Any) -> LocatedDict:
        if not isinstance(root, LocatedDict) or not isinstance(root.get("class_name"), str):
            raise self.error(
                'not a Keras model: expected the JSON of model.to_json(), {"class_name": "Sequential", "config": ...}',
                getattr(root, "location", None),
            )
        class_name = root["class_name"]
        config = root.get("config")
        is_graph = isinstance(config, dict) and "input_layers" in config
        if class_name in FUNCTIONAL_CLASSES or is_graph:
            # Imported here, not at the top: the functional reader builds on this module.
            from lstm_calc.readers.keras_functional import functional_spec

            return functional_spec(self, root)
        if class_name != "Sequential":
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
            layer_class = KERAS_CLASSES.get(class_name)
            if layer_class is None:
                unsupported.append((class_name, entry["config"].get("name"), entry.value_location("class_name")))
                continue
            for argument in getattr(layer_class, "nested_arguments", ()):
                nested = entry["config"].get(argument)
                # A nested value that is no layer config is refused, located, where the layer is read.
                if _is_layer_config(nested):
                    pending.append(nested)
        if unsupported:
            listed = ", ".join(f"{class_name} ({name!r})" for class_name, name, _ in unsupported)
            raise self.error(
                f"the model uses {len(unsupported)} layer{'s' if len(unsupported) > 1 else ''} lstmcalc does not "
                f"support: {listed}; supported layers: {', '.join(KERAS_CLASSES)}",
                unsupported[0][2],
            )

    def layer(self, entry: LocatedDict) -> LocatedDict:
        """One layer's spec mapping: ``type``, then the arguments that matter."""
        class_name = entry["class_name"]
        layer_class = KERAS_CLASSES[class_name]
        config = entry["config"]
        declared = {
            spelling: argument
            for argument in layer_class.arguments.values()
            for spelling in (argument.name, *argument.aliases)
        }
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
            if key == "data_format" and value != "channels_last":
                raise self.error(
                    f"{class_name} has data_format {value!r}; lstmcalc counts channels_last layers only", location
                )
            if not _is_default(class_name, argument, key, value):
                put(out, key, value, key_location, location)
        if class_name == "Bidirectional":
            _drop_mirrored_backward_layer(out)
        return _in_declared_order(out, layer_class)

    def _keep_unknown_key(self, class_name: str, key: str, value: Any, location: Location) -> bool:
        """Whether a key lstmcalc has no argument for goes on (to be refused by the spec check)."""
        if key in NEUTRAL_KERAS_KEYS or value is None:
            return False
        if key in ONLY_AT_DEFAULT:
            if _same(value, ONLY_AT_DEFAULT[key]):
                return False
            raise self.error(
                f"{class_name} has {key}: {_json(value)}, which lstmcalc does not support "
                f"(it counts {key}: {_json(ONLY_AT_DEFAULT[key])} only)",
                location,
            )
        return True

    @staticmethod
    def _unwrapped(class_name: str, key: str, value: Any, location: Location) -> tuple[Any, Location]:
        one_tuple = key in ONE_TUPLE_ARGUMENTS or (key == "axis" and class_name in SINGLE_AXIS_LAYERS)
        if one_tuple and isinstance(value, LocatedList) and len(value) == 1:
            return value[0], value.item_locations[0]
        return value, location


def _in_declared_order(layer: LocatedDict, layer_class: type[Layer]) -> LocatedDict:
    """``type`` and ``name`` first, then the arguments in the order the layer declares them, as a person writes them."""
    order = {key: index for index, key in enumerate(("type", "name", *layer_class.arguments))}
    ordered = new_located_dict(layer.location)
    for key in sorted(layer, key=lambda key: order.get(key, len(order))):
        put(ordered, key, layer[key], layer.key_location(key), layer.value_location(key))
    return ordered


def _same(value: Any, default: Any) -> bool:
    """Equal, without taking ``True`` for ``1`` or ``False`` for ``0``."""
    if isinstance(value, bool) or isinstance(default, bool):
        return value is default
    return value == default


def _is_default(class_name: str, argument: Argument, key: str, value: Any) -> bool:
    """Whether the spec can leave ``key`` out and mean the same model."""
    if argument.required:
        return False
    if argument.check is anything:
        if value is None or isinstance(value, (dict, list)):
            return True  # initializers, regularizers, constraints: never a count
        default = ACTIVATION_DEFAULTS.get(class_name, "linear") if key == "activation" else KERAS_DEFAULTS.get(key)
        return default is not None and _same(value, default)
    return _same(value, argument.default)


def _drop_mirrored_backward_layer(bidirectional: LocatedDict) -> None:
    """Keras 3 always writes the backward layer; leave it out when it only mirrors the forward one."""
    forward, backward = bidirectional.get("layer"), bidirectional.get("backward_layer")
    if not isinstance(forward, dict) or not isinstance(backward, dict):
        return
    forward_name = str(forward.get("name", ""))
    base = forward_name.removeprefix("forward_")
    ignored = ("name", "go_backwards")
    same_layer = {k: v for k, v in forward.items() if k not in ignored} == {
        k: v for k, v in backward.items() if k not in ignored
    }
    if (
        same_layer
        and backward.get("go_backwards") is True
        and not forward.get("go_backwards")
        and (backward.get("name") == "backward_" + base)
    ):
        del bidirectional["backward_layer"]
    if forward_name.startswith("forward_"):
        # Keras names the forward copy after the wrapped layer; lstmcalc adds the prefix itself.
        forward["name"] = base


def omit_automatic_names(layers: list[LocatedDict], nested_only: bool = False) -> None:
    """Leave out names equal to the automatic ones lstmcalc (like Keras) gives, in the same order.

    ``nested_only`` keeps the names of the layers themselves (a graph spec refers to them)
    and leaves out only those of layers wrapped in them.
    """
    namer = AutoNamer()

    def visit(layer: LocatedDict, nested: bool) -> None:
        layer_class = KERAS_CLASSES[layer["type"]]
        for argument in getattr(layer_class, "nested_arguments", ()):
            if isinstance(layer.get(argument), dict):
                visit(layer[argument], True)
        if (nested or not nested_only) and layer.get("name") == namer.peek(layer_class.class_name):
            namer.next_name(layer_class.class_name)
            del layer["name"]

    for layer in layers:
        visit(layer, False)


def _json(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else repr(value)
