"""A Sequential model that a Keras model config uses as a layer (``x = encoder(inputs)`` in a functional model, or
an item of a Sequential model's list).

It becomes the spec's nested Sequential kind (:class:`lstm_calc.layers.nested_models.NestedSequential`), as the
Keras code reader makes it: ``{type: Sequential, name, built_shape, layers: [...]}``, one row of the outer
model's summary. Keras writes the nested model's config with its layers, an ``InputLayer`` first once it is built
(on its own ``keras.Input`` or at its first call): that input's shape, batch axis left out, is ``built_shape``.
Its batch size and dtype change no count (the row takes the shape of the tensor it is called on), and are not
read. The nested model's own ``trainable`` is not read either: ``Sequential.from_config`` drops it, and the
loaded model's counts follow each inner layer's flag, which ``model.trainable = False`` sets on all of them.

A functional model used as a layer, or a model inside the nested one, stays refused where it is written.
In a Sequential model's list the nested model is a plain list's item, which the spec allows for this kind alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.located import LocatedDict, LocatedList, new_located_dict, new_located_list, put
from lstm_calc.readers.keras_config import INPUT_LAYER, LAYER_INPUT_KEYS, MODEL_CLASSES, SEQUENTIAL

if TYPE_CHECKING:
    from lstm_calc.readers.keras_model import KerasConfigReader

_INLINE = "rebuild the model with that model's layers inline"


def is_nested_model(entry: LocatedDict) -> bool:
    """Whether a layer config is a model's (Keras's Sequential or Functional, or anything holding a layer list)."""
    return entry["class_name"] in MODEL_CLASSES or isinstance(entry["config"].get("layers"), list)


def refuse_nested_functional_models(reader: KerasConfigReader, entries: list[LocatedDict]) -> None:
    """One error listing every model used as a layer that is not a Sequential model, at the first of them."""
    nested = [entry for entry in entries if is_nested_model(entry) and entry["class_name"] != SEQUENTIAL]
    if nested:
        listed = ", ".join(f"'{_name(entry)}' ({entry['class_name']})" for entry in nested)
        count = f"{len(nested)} functional model{'s' if len(nested) > 1 else ''}"
        raise reader.error(
            f"the model uses {count} as layers: {listed}; lstmcalc reads a Sequential model used as a layer but "
            "not a functional one, so summarise each functional model from its own config, or rebuild the model "
            "with its layers inline",
            nested[0].value_location("class_name"),
        )


def inner_entries(reader: KerasConfigReader, entry: LocatedDict) -> LocatedList:
    """The layer configs of the nested Sequential model ``entry``, its leading InputLayer left out; refuse a
    config without a list of layers, an InputLayer elsewhere and a model among them."""
    config = entry["config"]
    entries = config.get("layers")
    name = _name(entry)
    if not isinstance(entries, LocatedList):
        raise reader.error(f"the Sequential model '{name}' has no list of layers", entry.value_location("config"))
    reader.check_entries(entries)
    start = 1 if entries and entries[0]["class_name"] == INPUT_LAYER else 0
    layers = new_located_list(entries.location, entries[start:], entries.item_locations[start:])
    for inner in layers:
        if inner["class_name"] == INPUT_LAYER:
            raise reader.error(
                f"the Sequential model '{name}' has an InputLayer after its first layer, which Keras does not write",
                inner.value_location("class_name"),
            )
        if is_nested_model(inner):
            raise reader.error(
                f"the Sequential model '{name}' holds '{_name(inner)}', a {inner['class_name']} model; lstmcalc "
                f"does not read a model inside a Sequential model used as a layer, so {_INLINE}",
                inner.value_location("class_name"),
            )
    if not layers:
        raise reader.error(f"the Sequential model '{name}' has no layers", entries.location)
    return layers


def nested_sequential(reader: KerasConfigReader, entry: LocatedDict) -> LocatedDict:
    """The spec mapping of the nested Sequential model ``entry``: ``type``, ``name``, ``built_shape`` (where its
    config gives an input shape) and ``layers``, each read as a layer of the outer model."""
    config = entry["config"]
    out = new_located_dict(entry.location)
    put(out, "type", SEQUENTIAL, entry.key_location("class_name"), entry.value_location("class_name"))
    if isinstance(config.get("name"), str):
        put(out, "name", config["name"], config.key_location("name"), config.value_location("name"))
    layers = inner_entries(reader, entry)
    shape = _built_shape(config)
    if shape is not None:
        put(out, "built_shape", shape, shape.location, shape.location)
    specs = [reader.layer(inner) for inner in layers]
    put(
        out,
        "layers",
        new_located_list(layers.location, specs, layers.item_locations),
        config.key_location("layers"),
        layers.location,
    )
    return out


def _built_shape(config: LocatedDict) -> LocatedList | None:
    """The shape the nested model is built on, batch axis left out: its InputLayer's (Keras 3's ``batch_shape``,
    Keras 2's ``batch_input_shape``), else its first layer's ``batch_input_shape`` (Keras 2), else the
    ``build_input_shape`` of its config; None where it gives none (built at its first call)."""
    first: LocatedDict = config["layers"][0]["config"]
    candidates = [(first, key) for key in LAYER_INPUT_KEYS] + [(config, "build_input_shape")]
    for holder, key in candidates:
        value = holder.get(key)
        if isinstance(value, LocatedList) and value:
            return new_located_list(holder.value_location(key), value[1:], value.item_locations[1:])
    return None


def _name(entry: LocatedDict) -> str:
    name = entry.get("name", entry["config"].get("name"))
    return name if isinstance(name, str) else ""
