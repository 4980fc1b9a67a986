"""A Keras functional model config (``keras.Model(inputs, outputs)``) as a graph spec.

Every layer entry lists its calls as ``inbound_nodes``. Keras 3 writes a call as ``{"args": [...],
"kwargs": {...}}`` holding tensors ``{"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}``
(an RNN's states in ``kwargs.initial_state``); Keras 2 wrote it as a list of
``[layer, node, tensor, kwargs]``, an RNN's states after its input. ``input_layers`` and
``output_layers`` name the model's inputs and outputs the same way.

In the spec, InputLayers become ``inputs:``; a layer's first call becomes its layer
entry, each later call a ``shares:`` entry named ``<layer>_node<i>``; tensors become
references (``name``, or ``name[i]`` for a layer with several outputs). Entries are
ordered so that each takes tensors only from entries above it, in Keras's own order
where it allows. The operations Keras 3 computes masks with (``not_equal``) give their names
to ``mask_operations:``; a ``mask`` tensor a layer or input makes becomes the entry's ``mask:``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.arguments import _describe
from lstm_calc.errors import Location
from lstm_calc.located import LocatedDict, LocatedList, new_located_dict, new_located_list, put
from lstm_calc.readers.keras_calls import (
    Call,
    NodeKey,
    Tensor,
    call_order,
    entry_name,
    keep_layer_masks,
    needed_calls,
    node_names,
    put_mask_operations,
    read_call_constants,
    tensor_operation,
)
from lstm_calc.readers.keras_config import (
    INPUT_LAYER,
    NEUTRAL_CALL_ARGUMENTS,
    call_options,
    calls_with_initial_state,
    has_several_outputs,
    has_unfrozen_layer,
    omit_automatic_names,
    refuse_disagreeing_call_options,
    separate_call_arguments,
    tensor_given_by_name,
)
from lstm_calc.readers.keras_nested_config import refuse_nested_functional_models
from lstm_calc.sizes import DEFAULT_DTYPE
from lstm_calc.spec_records import call_gap

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from lstm_calc.readers.keras_model import KerasConfigReader

KERAS_TENSOR = "__keras_tensor__"
#: Why a functional model saved with trainable false over layers saved trainable is refused.
FROZEN_MODEL = (
    "the model is saved with trainable false but some of its layers with trainable true: Keras then counts "
    "all the weights as non-trainable while each row keeps its layer's own flag, which lstmcalc does not "
    "read; save the model after model.trainable = False, which freezes every layer"
)


def functional_spec(reader: KerasConfigReader, root: LocatedDict) -> LocatedDict:
    """The graph spec data of a Keras 2 or 3 functional model config.

    ``reader`` maps each layer's config to its spec keys, as for a Sequential model.
    """
    return _FunctionalReader(reader).read(root)


class _FunctionalReader:
    def __init__(self, reader: KerasConfigReader) -> None:
        self.reader = reader
        self.error = reader.error
        #: Every call of the model's layers, by (layer, call index).
        self.calls: dict[NodeKey, Call] = {}

    def read(self, root: LocatedDict) -> LocatedDict:
        config = root.get("config")
        if not isinstance(config, LocatedDict) or not isinstance(config.get("layers"), LocatedList):
            raise self.error("the functional model's config has no list of layers", root.value_location("config"))
        entries = config["layers"]
        self.reader.check_entries(entries)
        if config.get("trainable") is False and any(map(has_unfrozen_layer, entries)):
            raise self.error(FROZEN_MODEL, config.value_location("trainable"))
        refuse_nested_functional_models(self.reader, entries)
        by_name: dict[str, LocatedDict] = {}
        for index, entry in enumerate(entries):
            name = entry_name(entry)
            if not name or name in by_name:
                what = "has no name" if not name else f"has the name '{name}' of an earlier layer"
                raise self.error(f"layer {index} of the model {what}", entries.item_locations[index])
            by_name[name] = entry
        self.inputs = [entry for entry in entries if entry["class_name"] == INPUT_LAYER]
        input_names = {entry_name(entry) for entry in self.inputs}
        calls = {
            call.key: call for entry in entries if entry["class_name"] != INPUT_LAYER for call in self._calls(entry)
        }
        keep_layer_masks(calls.values(), by_name)
        outputs = self._tensor_list(config, "output_layers")
        self._check_sources(
            [(t, None) for t in outputs] + [(t, c) for c in calls.values() for t in c.sources], calls, input_names
        )
        calls = needed_calls(calls, outputs)
        layers = [
            entry
            for entry in entries
            if entry["class_name"] != INPUT_LAYER and any((entry_name(entry), 0) == key for key in calls)
        ]
        self.reader.refuse_unsupported(layers)
        order = call_order(calls, [entry_name(entry) for entry in entries])
        self.names = node_names(order, set(by_name))
        self.several_outputs = {
            key
            for key, call in calls.items()
            if has_several_outputs(call.entry, call.on_list, {name: value for name, (value, _) in call.options.items()})
        }
        self.calls = calls

        spec = new_located_dict(root.location)
        model_name = config.get("name")
        if isinstance(model_name, str):
            put(spec, "name", model_name, config.key_location("name"), config.value_location("name"))
        dtype = self.reader.set_model_dtype(config, layers)
        if dtype != DEFAULT_DTYPE:
            put(spec, "dtype", dtype, config.key_location("dtype"), config.value_location("dtype"))
        model_inputs = self._model_inputs(config, input_names)
        put(spec, "inputs", model_inputs, config.key_location("layers"), config.value_location("layers"))
        spec_layers = [self._entry(calls[key]) for key in order]
        omit_automatic_names([entry for entry in spec_layers if "type" in entry], nested_only=True)
        layer_list = new_located_list(entries.location, spec_layers, [entry.location for entry in spec_layers])
        put(spec, "layers", layer_list, config.key_location("layers"), entries.location)
        put(
            spec,
            "outputs",
            self._references(outputs, config.value_location("output_layers")),
            config.key_location("output_layers"),
            config.value_location("output_layers"),
        )
        put_mask_operations(spec, entries, calls)
        return spec

    # -- reading the config ----------------------------------------------------------

    def _calls(self, entry: LocatedDict) -> list[Call]:
        nodes = entry.get("inbound_nodes")
        name = entry_name(entry)
        if not isinstance(nodes, LocatedList) or not nodes:
            raise self.error(
                f"layer '{name}' has no inbound_nodes; a functional model's layers say what they are called on",
                entry.value_location("inbound_nodes"),
            )
        calls = []
        for index, node in enumerate(nodes):
            call = Call(entry, index, nodes.item_locations[index])
            if isinstance(node, LocatedDict):
                self._keras3_call(call, node)
            elif isinstance(node, LocatedList) and node:
                self._keras2_call(call, node)
            else:
                raise self.error(f"layer '{name}' has an unreadable inbound node", call.location)
            if not call.inputs:
                raise self.error(f"layer '{name}' is called on no tensor", call.location)
            calls.append(call)
        return calls

    def _keras3_call(self, call: Call, node: LocatedDict) -> None:
        args, kwargs = node.get("args"), node.get("kwargs", {})
        parameters = separate_call_arguments(call.entry["class_name"])
        if parameters and isinstance(args, LocatedList) and isinstance(kwargs, LocatedDict):
            self._separate_tensors(call, args, kwargs, parameters)
            return
        named = tensor_given_by_name(call.layer, call.entry["class_name"], args, kwargs)
        if named:
            args = new_located_list(where := kwargs.value_location(named), [kwargs[named]], [where])
        if not isinstance(args, LocatedList) or not args or not isinstance(kwargs, dict):
            raise self.error(
                f'layer \'{call.layer}\' has an unreadable inbound node: expected {{"args": [...], "kwargs": {{...}}}}',
                call.location,
            )
        first = args[0]
        if tensor_operation(call.entry) and len(args) == 2 and not kwargs:
            operands = [self._tensors(arg, args.item_locations[index], call) for index, arg in enumerate(args)]
            if all(len(tensors) == 1 for tensors in operands):  # x + y: as Add()([x, y]) in the summary
                call.on_list, call.inputs = True, [tensor for tensors in operands for tensor in tensors]
                return
        call.on_list = isinstance(first, list)
        call.inputs = self._tensors(first, args.item_locations[0], call)
        recurrent = calls_with_initial_state(call.entry["class_name"])
        taken = read_call_constants(call, args)
        for position, extra in enumerate(args[1 + taken :], start=1 + taken):
            tensors = self._tensors(extra, args.item_locations[position], call, constants=True)
            if tensors and not (recurrent and position == 1):
                raise self.error(
                    f"layer '{call.layer}' is called with a tensor as its argument {position + 1}, which lstmcalc "
                    "does not read",
                    args.item_locations[position],
                )
            if tensors:
                call.initial_state, call.state_location = tensors, args.item_locations[position]
        read = (named,) if named else ()
        self._kwargs(call, kwargs, lambda value, location: self._tensors(value, location, call, constants=True), read)

    def _separate_tensors(
        self, call: Call, args: LocatedList, kwargs: LocatedDict, parameters: tuple[str, ...]
    ) -> None:
        """A call that takes one tensor per parameter, by position or by name: ``layer(query, value, key=k)``."""
        if len(args) > len(parameters):
            raise self.error(
                f"layer '{call.layer}' is called with a tensor as its argument {len(parameters) + 1}, which lstmcalc "
                "does not read",
                args.item_locations[len(parameters)],
            )
        for position, parameter in enumerate(parameters):
            if position < len(args):
                value, location = args[position], args.item_locations[position]
            elif kwargs.get(parameter) is not None:
                value, location = kwargs[parameter], kwargs.value_location(parameter)
                call.keywords += (parameter,)
            else:
                gap = call_gap(parameters, position, {name for name in parameters if kwargs.get(name) is not None})
                if gap is not None:
                    raise self.error(
                        f"layer '{call.layer}' is given its {gap[0]} but not its {gap[1]}, which Keras needs",
                        kwargs.value_location(gap[0]),
                    )
                break
            if value is None:
                break
            call.inputs += self._tensors(value, location, call)
        call.on_list = True
        self._kwargs(
            call, kwargs, lambda value, location: self._tensors(value, location, call, constants=True), parameters
        )

    def _keras2_call(self, call: Call, node: LocatedList) -> None:
        tensors = []
        for position, item in enumerate(node):
            location = node.item_locations[position]
            if not (isinstance(item, LocatedList) and len(item) >= 3 and isinstance(item[0], str)):
                raise self.error(
                    f"layer '{call.layer}' has an unreadable inbound node: expected [layer, node, tensor, kwargs]",
                    location,
                )
            tensors.append(self._history(item, location, call))
            if len(item) > 3 and isinstance(item[3], dict):
                self._kwargs(call, item[3], lambda value, where: self._keras2_histories(value, where, call))
        call.masks = []  # Keras 3 gives a Keras 2 call its kwargs as written: a mask is no tensor there
        # Keras 2's RNN took its initial states as inputs after the sequence.
        if calls_with_initial_state(call.entry["class_name"]) and len(tensors) > 1:
            call.inputs, call.initial_state = tensors[:1], call.initial_state + tensors[1:]
            call.state_location = call.state_location or tensors[1].location
        else:
            call.inputs, call.on_list = tensors, len(tensors) > 1

    def _kwargs(
        self,
        call: Call,
        kwargs: dict[str, Any],
        tensors_of: Callable[[Any, Location], list[Tensor]],
        read: tuple[str, ...] = (),
    ) -> None:
        """Check a call's keywords (``read``: those already taken as its tensors)."""
        options = call_options(call.entry["class_name"])
        for key, value in kwargs.items():
            if key in read:
                continue
            location = kwargs.value_location(key) if isinstance(kwargs, LocatedDict) else call.location
            if key in options:
                call.options[key] = (value, location)
                continue
            found = tensors_of(value, location)
            if key == "initial_state" and calls_with_initial_state(call.entry["class_name"]):
                call.initial_state += found
                call.state_location = location
            elif key == "mask":
                call.masks += found
            elif found or (key not in NEUTRAL_CALL_ARGUMENTS and value not in (None, False)):
                raise self.error(
                    f"layer '{call.layer}' is called with "
                    f"{key}={_describe(value, 'python') if not found else 'a tensor'}, which "
                    "lstmcalc does not support",
                    location,
                )

    def _tensors(self, value: Any, location: Location, call: Call, constants: bool = False) -> list[Tensor]:
        """The Keras 3 tensors in ``value`` (one, or a list); constants are skipped where allowed."""
        if isinstance(value, list):
            items = value.item_locations if isinstance(value, LocatedList) else [location] * len(value)
            return [
                tensor for item, where in zip(value, items) for tensor in self._tensors(item, where, call, constants)
            ]
        if isinstance(value, dict) and value.get("class_name") == KERAS_TENSOR:
            tensor_config = value.get("config")
            if isinstance(tensor_config, LocatedDict):
                history = tensor_config.get("keras_history")
                if isinstance(history, LocatedList) and len(history) == 3:
                    return [self._history(history, tensor_config.value_location("keras_history"), call)]
            raise self.error(f"layer '{call.layer}' takes a tensor without a readable keras_history", location)
        if constants:
            return []
        raise self.error(
            f"layer '{call.layer}' is called on {_describe(value, 'python')}, which is not a tensor of the model",
            location,
        )

    def _keras2_histories(self, value: Any, location: Location, call: Call) -> list[Tensor]:
        """Keras 2 tensors among call keywords: ``[layer, node, tensor]`` triples, alone or in a list."""
        if isinstance(value, LocatedList) and len(value) == 3 and isinstance(value[0], str):
            return [self._history(value, location, call)]
        if isinstance(value, LocatedList) and all(isinstance(item, LocatedList) for item in value):
            return [
                t for item, where in zip(value, value.item_locations) for t in self._keras2_histories(item, where, call)
            ]
        return []

    def _history(self, history: LocatedList, location: Location, call: Call | None) -> Tensor:
        layer, node, index = history[0], history[1], history[2]
        if not (isinstance(layer, str) and _is_index(node) and _is_index(index)):
            whose = f"layer '{call.layer}' takes" if call else "the model outputs"
            raise self.error(
                f"{whose} a tensor written as {_describe(list(history[:3]), 'python')}; expected [layer, node, tensor]",
                location,
            )
        return Tensor(layer, node, index, location)

    def _tensor_list(self, config: LocatedDict, key: str) -> list[Tensor]:
        """``input_layers``/``output_layers``: one ``[layer, node, tensor]``, a list or a dict of them."""
        value = config.get(key)
        location = config.value_location(key)
        if isinstance(value, LocatedDict):
            # Keras flattens a dict of outputs by its sorted keys: its rows follow that order.
            keys = sorted(value) if key == "output_layers" else list(value)
            items = [(value[k], value.value_location(k)) for k in keys]
        elif isinstance(value, LocatedList) and value and isinstance(value[0], str):
            items = [(value, location)]
        elif isinstance(value, LocatedList) and value:
            items = list(zip(value, value.item_locations))
        else:
            raise self.error(f"the functional model's config has no {key}", location)
        tensors = []
        for item, where in items:
            if not (isinstance(item, LocatedList) and len(item) >= 3):
                raise self.error(f"{key} holds {_describe(item, 'python')}; expected [layer, node, tensor]", where)
            tensors.append(self._history(item, where, None))
        return tensors

    def _check_sources(
        self, uses: list[tuple[Tensor, Call | None]], calls: dict[NodeKey, Call], input_names: set[str]
    ) -> None:
        for tensor, call in uses:
            key = (tensor.layer, tensor.node)
            if key in calls or (tensor.layer in input_names and tensor.node == 0):
                continue
            whose = f"layer '{call.layer}'" if call else "the model's outputs"
            if tensor.layer in input_names or any(layer == tensor.layer for layer, _ in calls):
                what = f"call {tensor.node} of layer '{tensor.layer}', which the model does not have"
            else:
                what = f"layer '{tensor.layer}', which is not in the model"
            raise self.error(f"{whose} takes a tensor of {what}", tensor.location)

    # -- writing the spec --------------------------------------------------------------

    def _model_inputs(self, config: LocatedDict, input_names: set[str]) -> LocatedDict:
        listed = [t.layer for t in self._tensor_list(config, "input_layers")] if "input_layers" in config else []
        unknown = [name for name in listed if name not in input_names]
        if unknown:
            raise self.error(
                f"input_layers names '{unknown[0]}', which is no InputLayer of the model",
                config.value_location("input_layers"),
            )
        by_name = {entry_name(entry): entry for entry in self.inputs}
        ordered = [by_name[name] for name in dict.fromkeys(listed)] or self.inputs
        block = new_located_dict(config.value_location("layers"))
        for entry in ordered:
            model_input = self.reader.input_layer_block(entry)
            if model_input is None:
                raise self.error(f"input '{entry_name(entry)}' has no shape", entry.location)
            put(block, entry_name(entry), model_input, entry.location, entry.location)
        return block

    def _entry(self, call: Call) -> LocatedDict:
        if call.index == 0:
            layer = self.reader.layer(call.entry)
            entry = new_located_dict(layer.location)
            put(entry, "name", call.layer, call.entry.key_location("name"), call.entry.value_location("name"))
            for key in layer:
                if key != "name":
                    put(entry, key, layer[key], layer.key_location(key), layer.value_location(key))
            for key, (value, location) in call.options.items():
                put(entry, key, value, location, location)
        else:
            entry = new_located_dict(call.location)
            put(entry, "name", self.names[call.key], call.location, call.location)
            put(entry, "shares", call.layer, call.entry.key_location("name"), call.entry.value_location("name"))
            self._refuse_other_options(call)
        positional = call.inputs[: len(call.inputs) - len(call.keywords)]
        if positional:
            references = self._references(positional, call.location)
            where = references.location if call.on_list else references.item_locations[0]
            put(entry, "inputs", references if call.on_list else references[0], call.location, where)
        for parameter, tensor in zip(call.keywords, call.inputs[len(positional) :]):
            reference = self._references([tensor], tensor.location)
            put(entry, parameter, reference[0], tensor.location, tensor.location)
        if call.initial_state:
            where = call.state_location or call.location
            put(entry, "initial_state", self._references(call.initial_state, where), where, where)
        if call.masks:
            put(entry, "mask", self._references(call.masks, call.masks[0].location), *[call.masks[0].location] * 2)
        return entry

    def _refuse_other_options(self, call: Call) -> None:
        first = self.calls.get((call.layer, 0))
        theirs = {key: value for key, (value, _) in first.options.items()} if first else {}
        refuse_disagreeing_call_options(call.layer, call.options, theirs, call.location)

    def _references(self, tensors: list[Tensor], location: Location) -> LocatedList:
        texts = []
        for tensor in tensors:
            key = (tensor.layer, tensor.node)
            name = self.names.get(key, tensor.layer)
            several = key in self.several_outputs
            texts.append(f"{name}[{tensor.index}]" if several or tensor.index else name)
        return new_located_list(location, texts, [tensor.location for tensor in tensors])


def _is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
