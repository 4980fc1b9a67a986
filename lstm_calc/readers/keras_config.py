"""How Keras writes a model's layers, and what of it a spec keeps: the one mapping shared by the
Keras readers (model JSON and ``.keras`` archives, Python code) and the Keras exporter.

A spec key is the Keras argument's own name, so the mapping is mostly about what to leave
out. Keras configs list every argument, most of which change no count: read, a layer keeps
the arguments that differ from their default plus readable options such as ``activation``;
initializers, regularizers and constraints are dropped; keys lstmcalc has no argument for
are dropped where they cannot change a count and refused where they can. Written back as
Keras code, a spec's arguments keep their names, less lstmcalc's own and those Keras 3 no
longer takes; names the spec leaves out are Keras's automatic ones, in both directions.

Nothing here knows where a value came from: the readers keep locations and word errors.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import TYPE_CHECKING

from lstm_calc.arguments import Argument, _describe, anything
from lstm_calc.errors import Location, SpecError
from lstm_calc.layers import LAYER_TYPES, Layer
from lstm_calc.located import LocatedDict
from lstm_calc.naming import AutoNamer

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from typing import Any

# -- class names --------------------------------------------------------------------------

#: The Keras class names lstmcalc reads (exactly as Keras writes them), in the registry's order;
#: each is its kind's spelling in LAYER_TYPES. Listed, so that reading a name does not import
#: every kind's module (tests/test_lazy_registry.py holds the list to the classes' class_name).
KERAS_CLASS_NAMES = (
    "LSTM",
    "GRU",
    "SimpleRNN",
    "Dense",
    "Embedding",
    "Dropout",
    "Bidirectional",
    "TimeDistributed",
    "Conv1D",
    "MaxPooling1D",
    "AveragePooling1D",
    "GlobalAveragePooling1D",
    "GlobalMaxPooling1D",
    "Conv2D",
    "MaxPooling2D",
    "AveragePooling2D",
    "GlobalAveragePooling2D",
    "GlobalMaxPooling2D",
    "ZeroPadding1D",
    "UpSampling1D",
    "Cropping1D",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "Flatten",
    "RepeatVector",
    "Reshape",
    "Permute",
    "GetItem",
    "Masking",
    "SpatialDropout1D",
    "BatchNormalization",
    "LayerNormalization",
    "Activation",
    "Lambda",
    "Concatenate",
    "Add",
    "Subtract",
    "Multiply",
    "Average",
    "Maximum",
    "Minimum",
    "Dot",
    "Attention",
    "AdditiveAttention",
    "MultiHeadAttention",
    "RNN",
    "LSTMCell",
    "GRUCell",
    "SimpleRNNCell",
    "StackedRNNCells",
    "CuDNNLSTM",
    "CuDNNGRU",
)


#: Keras's operations lstmcalc reads (``keras.ops.mean`` makes ``Mean``), as a saved config names them. Not among
#: KERAS_CLASS_NAMES, which the code readers take for layer classes: ``keras.metrics.Mean()`` makes no operation.
KERAS_OPERATION_NAMES = ("Mean", "Max", "Min", "Sum")


class _KerasClasses(Mapping[str, "type[Layer[Any]]"]):
    """Keras class name -> lstmcalc layer class; a kind's module is imported when its class is looked up."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self._names = frozenset(names)
        self._order = names

    def __getitem__(self, class_name: str) -> type[Layer[Any]]:
        if class_name not in self._names:
            raise KeyError(class_name)
        return LAYER_TYPES[class_name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, class_name: object) -> bool:
        return class_name in self._names


#: Keras class name (exactly as Keras writes it) -> lstmcalc layer class.
KERAS_CLASSES: Mapping[str, type[Layer[Any]]] = _KerasClasses(KERAS_CLASS_NAMES)
#: The same and Keras's operations lstmcalc reads: every class a saved config or lstmcalc's reading of an
#: operation's call (readers/functional_reductions) names.
KERAS_KINDS: Mapping[str, type[Layer[Any]]] = _KerasClasses((*KERAS_CLASS_NAMES, *KERAS_OPERATION_NAMES))
SEQUENTIAL = "Sequential"
#: The modules Keras code imports classes from (``keras.layers``, ``tensorflow.keras.layers``, ``tf_keras``).
KERAS_MODULES = ("keras", "tensorflow", "tf_keras")
FUNCTIONAL_CLASSES = ("Functional", "Model")
#: Class names of Keras models, which a functional model may use as layers.
MODEL_CLASSES = (SEQUENTIAL, *FUNCTIONAL_CLASSES)
INPUT_LAYER = "InputLayer"
#: Keras's automatic name of a session's first model, by whether it is functional.
AUTOMATIC_MODEL_NAMES = {False: "sequential", True: "functional"}

# -- the model input ----------------------------------------------------------------------

#: Keys of a layer config that give the model input (with the batch axis first), in the order read.
LAYER_INPUT_KEYS = ("batch_input_shape", "batch_shape")
#: Keras's ways to declare the input inside the layer list, and their positional parameters.
INPUT_CALLS = {"Input": ("shape", "batch_size", "dtype"), INPUT_LAYER: ("shape", "batch_size", "dtype")}
#: Keyword arguments of Input and InputLayer (Keras 3 and Keras 2 spellings) and what they give.
INPUT_KEYWORDS = {
    "shape": "shape",
    "input_shape": "shape",
    "batch_shape": "batch_shape",
    "batch_input_shape": "batch_shape",
    "batch_size": "batch_size",
    "dtype": "dtype",
}

# -- layer arguments ----------------------------------------------------------------------

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
#: Keras stores these 1-D sizes as 1-tuples, and normalization axes as lists.
ONE_TUPLE_ARGUMENTS = {"kernel_size", "strides", "dilation_rate", "pool_size"}
SINGLE_AXIS_LAYERS = {"BatchNormalization", "LayerNormalization"}
#: The only data format lstmcalc counts; Keras writes it on every convolution and pooling.
DATA_FORMAT = "channels_last"
#: Arguments read but never written: Keras 2's that Keras 3 ignores (Embedding's input_length
#: gives the model input, which keras.Input gives in the code written), and data (Embedding's
#: starting weights=[matrix], which the written code cannot hold).
KERAS2_ONLY_ARGUMENTS = ("input_length", "weights")
#: Arguments of a layer call (not of the layer) that change no shape or count.
NEUTRAL_CALL_ARGUMENTS = ("training", "mask", "use_causal_mask")


def is_count_neutral(argument: Argument) -> bool:
    """Whether any value of the argument leaves every shape and count as it is (an activation, an initializer)."""
    return argument.check is anything


def same_value(value: Any, default: Any) -> bool:
    """Equal, without taking ``True`` for ``1`` or ``False`` for ``0``."""
    if isinstance(value, bool) or isinstance(default, bool):
        return value is default
    return bool(value == default)


def is_default(class_name: str, argument: Argument, key: str, value: Any) -> bool:
    """Whether a spec can leave out the argument Keras wrote as ``key: value`` and mean the same model."""
    if argument.required:
        return False
    if is_count_neutral(argument):
        if value is None or isinstance(value, (dict, list)):
            return True  # initializers, regularizers, constraints: never a count
        default: Any = KERAS_DEFAULTS.get(key)
        if key == "activation":
            layer_class = KERAS_CLASSES.get(class_name)
            default = layer_class.keras_default_activation if layer_class is not None else "linear"
        return default is not None and same_value(value, default)
    return same_value(value, argument.default)


def is_one_tuple(class_name: str, key: str) -> bool:
    """Whether Keras writes the argument's one number as a list of one (``kernel_size: [3]``)."""
    return key in ONE_TUPLE_ARGUMENTS or (key == "axis" and class_name in SINGLE_AXIS_LAYERS)


def is_written_to_keras(argument: Argument) -> bool:
    """Whether a spec's argument becomes a keyword argument of the Keras layer (not PyTorch's own, nor Keras 2's)."""
    return argument.keras and argument.name not in KERAS2_ONLY_ARGUMENTS


def unsupported_layers_message(listed: list[str]) -> str:
    """The refusal of layers lstmcalc cannot count, each ``listed`` as the reader places it."""
    count = len(listed)
    return (
        f"the model uses {count} layer{'s' if count > 1 else ''} lstmcalc does not support: {', '.join(listed)}; "
        f"supported layers: {', '.join(KERAS_CLASSES)}"
    )


# -- how a layer is called ------------------------------------------------------------------


def calls_with_initial_state(class_name: Any) -> bool:
    """Whether Keras calls the layer with ``initial_state`` (a recurrent layer, or a Bidirectional one)."""
    layer_class = LAYER_TYPES.get(str(class_name).lower())
    return layer_class is not None and layer_class.takes_initial_state


def first_call_argument(class_name: Any) -> str:
    """The name of the Keras call's first parameter, which takes the layer's tensor: ``inputs``, or a
    recurrent layer's (and a Bidirectional one's) ``sequences``."""
    layer_class = LAYER_TYPES.get(str(class_name).lower())
    return layer_class.keras_input_argument if layer_class is not None else "inputs"


def tensor_given_by_name(layer: str, class_name: Any, args: Any, kwargs: Any) -> str | None:
    """The parameter a Keras 3 inbound node with no args gives its layer's tensor to by name
    (``GRU(8)(sequences=x)`` writes ``{"args": [], "kwargs": {"sequences": ...}}``), or None;
    refused beside an ``initial_state`` or ``mask`` (:func:`refuse_tensor_by_name`)."""
    named = first_call_argument(class_name)
    if args != [] or not isinstance(kwargs, LocatedDict) or kwargs.get(named) is None:
        return None
    others = [key for key in ("initial_state", "mask") if kwargs.get(key) is not None]
    refuse_tensor_by_name(layer, named, others, kwargs.value_location(named))
    return named


def refuse_tensor_by_name(layer: str, parameter: str, others: Sequence[str], location: Location) -> None:
    """Refuse a call that gives its tensor by name (``sequences=x``) beside other tensors (``initial_state``,
    ``mask``): Keras then lists the keyword tensors by name in Connected to, an order lstmcalc does not keep."""
    if others:
        raise SpecError(
            f"layer '{layer}' is given its {parameter} by name and its {' and '.join(others)} too: Keras then "
            f"lists them by name in Connected to ({', '.join(sorted([parameter, *others]))}), which lstmcalc does "
            f"not follow; give the {parameter} by position, as the call's first argument",
            location,
        )


def separate_call_arguments(class_name: Any) -> tuple[str, ...]:
    """The call parameters that take the layer's tensors one each (MultiHeadAttention's query, value, key)."""
    layer_class = LAYER_TYPES.get(str(class_name).lower())
    return layer_class.keras_call_arguments if layer_class is not None else ()


def absent_when_none(class_name: Any) -> tuple[str, ...] | None:
    """The call parameters Keras takes as not given when given None, as their default is (an ``initial_state``,
    a ``mask``, MultiHeadAttention's ``key`` and masks), for a layer whose call takes them; None for a class
    lstmcalc lacks."""
    layer_class = LAYER_TYPES.get(str(class_name).lower())
    if layer_class is None:
        return None
    state = ("initial_state", "mask") if layer_class.takes_initial_state else ()  # a cuDNN layer's call: mask=None
    return (*state, *(("mask",) if layer_class.keras_takes_mask else ()), *layer_class.keras_optional_call_tensors)


def built_sublayers(class_name: Any, given: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """The classes of the unnamed layers Keras makes inside the layer when it is first called (``given``: its
    spec mapping, for a kind whose build depends on it: a nested Sequential model built on its own Input)."""
    layer_class = LAYER_TYPES.get(str(class_name).lower())
    if layer_class is None:
        return ()
    depending = getattr(layer_class, "keras_built_sublayers_given", None)
    return depending(given or {}) if depending is not None else layer_class.keras_built_sublayers


def call_options(class_name: Any) -> tuple[str, ...]:
    """The call keywords the layer takes as spec arguments (MultiHeadAttention's return_attention_scores)."""
    layer_class = LAYER_TYPES.get(str(class_name).lower())
    return layer_class.keras_call_options if layer_class is not None else ()


def refuse_disagreeing_call_options(
    layer: str, here: dict[str, tuple[Any, Location]], first: dict[str, Any], where: Location
) -> None:
    """A spec gives a shared layer's call options (:func:`call_options`) once, on the layer: a later
    call (its options ``here``, each with its location) must agree with the ``first`` call's. An option
    left out is false, Keras's default; ``where`` is the call, for an option only the first call gives."""
    for key in sorted({*here, *first}):
        mine = here[key][0] if key in here else False
        theirs = first.get(key, False)
        if mine != theirs:
            raise SpecError(
                f"layer '{layer}' is called with {key}={_describe(mine, 'python')} here "
                f"but {_describe(theirs, 'python')} in its first call; lstmcalc reads one value for a shared layer",
                here[key][1] if key in here else where,
            )


def has_several_outputs(entry: dict[str, Any], on_list: bool, options: dict[str, Any] | None = None) -> bool:
    """Whether a call of the layer ``entry`` (on a list of tensors, if ``on_list``; with the call
    keywords ``options`` of :func:`call_options`) outputs a list: an RNN with ``return_state``,
    itself or wrapped, a Bidirectional layer with ``merge_mode: None``, a one-tensor layer (Dropout,
    Activation) that Keras applies to each tensor of a list, or a layer whose call options say so
    (``return_attention_scores=True``)."""
    config = entry["config"]
    inner = config.get("layer")
    inner_config = inner.get("config") if isinstance(inner, dict) else None
    if config.get("return_state") is True or (
        isinstance(inner_config, dict) and inner_config.get("return_state") is True
    ):
        return True
    if "merge_mode" in config and config["merge_mode"] is None:  # Bidirectional: each direction's output
        return True
    layer_class = LAYER_TYPES.get(str(entry["class_name"]).lower())
    if layer_class is not None and options and layer_class.keras_call_gives_several_outputs(options):
        return True
    return on_list and layer_class is not None and layer_class.input_count is None


# -- names ----------------------------------------------------------------------------------


def drop_mirrored_backward_layer(bidirectional: dict[str, Any]) -> None:
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


def omit_automatic_names(layers: Iterable[dict[str, Any]], nested_only: bool = False) -> None:
    """Leave out names equal to the automatic ones lstmcalc (like Keras) gives, in the same order.

    ``nested_only`` keeps the names of the layers themselves (a graph spec refers to them)
    and leaves out only those of layers wrapped in them.
    """
    namer = AutoNamer()

    def visit(layer: dict[str, Any], nested: bool) -> None:
        layer_class = KERAS_CLASSES.get(layer["type"])
        if layer_class is None:  # the file's own layer class (CustomLayer): named from its class's counter
            own = str(layer.get("keras_class", layer["type"]))
            if "name" not in layer or layer["name"] == namer.peek(own) and (nested or not nested_only):
                namer.next_name(own)
                layer.pop("name", None)
            return
        for argument in getattr(layer_class, "nested_arguments", ()):
            value = layer.get(argument)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    visit(item, True)
            holder = getattr(layer_class, "nested_list_holders", {}).get(argument)
            if isinstance(value, list) and holder:
                namer.next_name(holder)  # Keras names the layer it makes to hold the list
        if (nested or not nested_only) and layer.get("name") == namer.peek(layer_class.class_name):
            namer.next_name(layer_class.class_name)
            del layer["name"]

    for layer in layers:
        visit(layer, False)


#: Keras's own second names for some layer classes (``keras.layers.GlobalMaxPool1D`` is ``GlobalMaxPooling1D``).
KERAS_ALIASES = {
    "GlobalMaxPool1D": "GlobalMaxPooling1D",
    "GlobalAvgPool1D": "GlobalAveragePooling1D",
    "MaxPool1D": "MaxPooling1D",
    "AvgPool1D": "AveragePooling1D",
    "Convolution1D": "Conv1D",
    "MaxPool2D": "MaxPooling2D",
    "AvgPool2D": "AveragePooling2D",
    "Convolution2D": "Conv2D",
    "GlobalMaxPool2D": "GlobalMaxPooling2D",
    "GlobalAvgPool2D": "GlobalAveragePooling2D",
}


def callee(node: ast.AST, aliases: dict[str, str] | None = None) -> str | None:
    """``LSTM`` for ``LSTM(...)``, ``layers.LSTM(...)``, ``tf.keras.layers.LSTM(...)`` and, with
    ``aliases``, ``KerasLSTM(...)`` where ``KerasLSTM`` is ``LSTM`` imported under another name."""
    if isinstance(node, ast.Call):
        node = node.func
        if isinstance(node, ast.Name):
            name = aliases.get(node.id, node.id) if aliases else node.id
            return KERAS_ALIASES.get(name, name)
        if isinstance(node, ast.Attribute):
            return KERAS_ALIASES.get(node.attr, node.attr)
    return None


def has_unfrozen_layer(value: Any) -> bool:
    """Whether ``value`` (a layer's config entry, or anything in one) holds a layer not saved as frozen."""
    if isinstance(value, list):
        return any(map(has_unfrozen_layer, value))
    if not isinstance(value, dict):
        return False
    config = value.get("config")
    if "class_name" in value and isinstance(config, dict) and config.get("trainable", False) is not False:
        return True
    return any(map(has_unfrozen_layer, value.values()))
