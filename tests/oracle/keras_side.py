"""The Keras side of the oracle suite: build a spec dict with real Keras 3, and read it back.

Every key of a spec layer but ``type`` is a Keras keyword argument; a wrapper's
``layer`` (and ``backward_layer``) holds a nested layer spec, built first, as
``Bidirectional(LSTM(...))`` builds it in Python. Import this module only after
``pytest.importorskip("keras")``: it imports Keras (with the torch backend).
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
from collections.abc import Iterator
from typing import Any

import yaml

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import rich.console  # noqa: E402

from lstm_calc.api import summarize_text  # noqa: E402
from lstm_calc.render.table import render_table  # noqa: E402
from tests.oracle.scaffold import SPEC_FILE, assert_cli_refuses, dump_spec, lstmcalc_document  # noqa: E402

#: Spec ``type`` (any case) -> Keras layer class.
KERAS_LAYERS = {
    name.lower(): getattr(keras.layers, name)
    for name in (
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
        "Flatten",
        "RepeatVector",
        "Reshape",
        "Permute",
        "Masking",
        "SpatialDropout1D",
        "BatchNormalization",
        "LayerNormalization",
        "Activation",
    )
}
#: Wrapper arguments that hold a nested layer spec, in the order Python code constructs them.
NESTED_LAYER_KEYS = ("layer", "backward_layer")
RECURRENT_TYPES = ("LSTM", "GRU", "SimpleRNN")
#: Keys of the first layer that give the model input (Keras 2 habits), not layer arguments.
INPUT_HABIT_KEYS = ("input_shape", "batch_input_shape", "batch_size")
#: Dtypes in which torch on a CPU cannot run Keras's orthogonal recurrent initializer.
HALF_DTYPES = ("float16", "bfloat16")


class OracleError(Exception):
    """The test could not build the Keras side of a spec: a bug in this suite, not in lstmcalc."""


# --------------------------------------------------------------------------------------
# Spec -> Keras
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def keras_session(dtype: str | None) -> Iterator[None]:
    """A fresh Keras session (auto names start again from ``lstm``, ``dense``...).

    ``dtype`` is the spec's model-wide dtype, applied as Keras's global dtype policy.
    ``clear_session`` also resets the policy, so it is restored on the way out. Its
    ``gc.collect()`` would cost a fifth of a second per model, so it is skipped.
    """
    keras.utils.clear_session(free_memory=False)
    if dtype is not None:
        keras.config.set_dtype_policy(dtype)
    try:
        yield
    finally:
        keras.utils.clear_session(free_memory=False)


def keras_input(spec: dict[str, Any]) -> Any:
    """The ``keras.Input`` a spec describes, through ``input:`` or a first-layer Keras habit."""
    first = spec["layers"][0]
    if "input" in spec:
        block = spec["input"]
        return keras.Input(shape=tuple(block["shape"]), batch_size=block.get("batch_size"), dtype=block.get("dtype"))
    if "batch_input_shape" in first:
        batch, *shape = first["batch_input_shape"]
        return keras.Input(shape=tuple(shape), batch_size=batch)
    if "input_shape" in first:
        return keras.Input(shape=tuple(first["input_shape"]), batch_size=first.get("batch_size"))
    if "input_dim" in first and first["type"].lower() != "embedding":
        return keras.Input(shape=(first["input_dim"],), batch_size=first.get("batch_size"))
    raise OracleError("the spec gives no input this suite can translate")


def keras_layer(entry: dict[str, Any], is_first: bool) -> Any:
    """One Keras layer from one spec entry: every key but ``type`` is a Keras keyword argument.

    Nested layers are constructed before the wrapper, so they take automatic names first.
    """
    layer_class = KERAS_LAYERS[entry["type"].lower()]
    kwargs = {key: value for key, value in entry.items() if key != "type"}
    for key in NESTED_LAYER_KEYS:
        if isinstance(kwargs.get(key), dict):
            kwargs[key] = keras_layer(kwargs[key], is_first=False)
    if is_first:
        for key in INPUT_HABIT_KEYS:
            kwargs.pop(key, None)
        if layer_class is not keras.layers.Embedding:
            kwargs.pop("input_dim", None)
    return layer_class(**kwargs)


def build_keras_model(spec: dict[str, Any]) -> Any:
    """Build the spec with Keras in a fresh session; Keras's own errors propagate unchanged.

    Call inside :func:`keras_session`. ``Sequential`` swallows a ``NotImplementedError``
    while building (e.g. an op torch lacks for a dtype) and leaves layers unbuilt; that
    is reported as an :class:`OracleError` rather than compared.
    """
    layers = [keras_layer(entry, index == 0) for index, entry in enumerate(spec["layers"])]
    model_input = keras_input(spec)
    kwargs = {"name": spec["name"]} if "name" in spec else {}
    model = keras.Sequential([model_input, *layers], **kwargs)
    unbuilt = [layer.name for layer in model.layers if not layer.built]
    if unbuilt:
        raise OracleError(f"Keras left layers {unbuilt} unbuilt; the backend cannot build this spec")
    return model


def keras_refusal(spec: dict[str, Any]) -> Exception | None:
    """The exception Keras raises when building ``spec``, or ``None`` when it builds."""
    with keras_session(spec.get("dtype")):
        try:
            build_keras_model(spec)
        except OracleError:
            raise
        except Exception as error:  # noqa: BLE001 - any refusal by Keras counts
            return error
    return None


# --------------------------------------------------------------------------------------
# The two sides as comparable data
# --------------------------------------------------------------------------------------


def _shape(tensor_shape: Any) -> list:
    return [None if dim is None else int(dim) for dim in tensor_shape]


def _shapes(tensors: Any) -> list:
    """One shape as a list, or a list of shapes for a layer with several outputs."""
    if isinstance(tensors, (list, tuple)):
        return [_shape(tensor.shape) for tensor in tensors]
    return _shape(tensors.shape)


def _size(variables: Any) -> int:
    return sum(math.prod(variable.shape) for variable in variables)


def _param_bytes(variables: Any) -> int:
    """Bytes of parameters, as Keras's summary computes them (per unique variable, per its dtype)."""
    from keras.src.utils.summary_utils import weight_memory_size

    size = weight_memory_size(variables)
    assert size == int(size), f"Keras counts a fractional number of bytes: {size}"
    return int(size)


def keras_connections(layer: Any) -> list[str]:
    """What Keras's Connected to column would say for ``layer``: ``name[node][tensor]`` per input tensor.

    Keras 3 also connects the mask that an ``Embedding(mask_zero=True)`` or ``Masking``
    computes, through operations that are not layers (``not_equal``); these views are of
    Sequential models, whose summary lists neither (nor does lstmcalc for a stack), so they
    are skipped here (tests/oracle/test_keras_masks_oracle.py compares functional models').
    """
    connections = []
    for node in layer._inbound_nodes:
        for tensor in node.input_tensors:
            history = tensor._keras_history
            if isinstance(history.operation, keras.layers.Layer):
                connections.append(f"{history.operation.name}[{history.node_index}][{history.tensor_index}]")
    return connections


def keras_weight_names(model: Any, layer: Any) -> list[str]:
    """The layer's weight names as lstmcalc writes them: Keras paths inside the layer, without RNN cells.

    Keras 3 paths are ``model/layer/[inner layers/][rnn cell/]weight``, e.g.
    ``sequential/bidirectional/forward_lstm/lstm_cell/kernel``; lstmcalc names that
    weight ``forward_lstm/kernel``, and a top-level LSTM's ``kernel`` just ``kernel``.
    """
    prefix = f"{model.name}/{layer.name}/"
    cells = {
        sublayer.cell.name
        for sublayer in layer._flatten_layers(include_self=True, recursive=True)
        if isinstance(sublayer, keras.layers.RNN)
    }
    names = []
    for weight in layer.weights:
        assert weight.path.startswith(prefix), f"Keras put weight {weight.path!r} outside {prefix!r}"
        segments = weight.path[len(prefix) :].split("/")
        names.append("/".join(segment for segment in segments if segment not in cells))
    return names


def keras_view(model: Any) -> dict[str, Any]:
    """The facts about a built Keras model that lstmcalc's JSON also states, in its layout.

    A layer's input is the previous layer's output: ``layer.input`` would also list the
    mask that an ``Embedding(mask_zero=True)`` passes down the stack.
    """
    inputs = [model.inputs[0], *(layer.output for layer in model.layers[:-1])]
    return {
        "name": model.name,
        "input_shape": _shape(model.inputs[0].shape),
        "layers": [
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "input_shape": _shapes(layer_input),
                "output_shape": _shapes(layer.output),
                "params": layer.count_params(),
                # From each weight's flag, as the model's totals (and so Keras's summary) count them: a
                # frozen wrapper lists no trainable_weights although its wrapped weights stay trainable.
                "trainable_params": _size(weight for weight in layer.weights if weight.trainable),
                "non_trainable_params": _size(weight for weight in layer.weights if not weight.trainable),
                "weights": [
                    {"name": name, "shape": _shape(weight.shape), "trainable": bool(weight.trainable)}
                    for name, weight in zip(keras_weight_names(model, layer), layer.weights)
                ],
                # Buffers are torch.nn's (BatchNorm running statistics); a Keras layer has none.
                "buffers": [],
                "inbound": keras_connections(layer),
            }
            for layer, layer_input in zip(model.layers, inputs)
        ],
        "total_params": model.count_params(),
        "trainable_params": _size(model.trainable_weights),
        "non_trainable_params": _size(model.non_trainable_weights),
        "param_bytes": _param_bytes(model.weights),
    }


def lstmcalc_view(spec: dict[str, Any]) -> dict[str, Any]:
    """lstmcalc's JSON for ``spec``, without the keys Keras has no counterpart for."""
    document = lstmcalc_document(spec)
    return {key: value for key, value in document.items() if key not in ("framework", "dtype")}


def keras_summary_text(model: Any) -> str:
    """What ``model.summary()`` prints when its output is captured (no colours, terminal width)."""
    captured: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: captured.append(text))
    return "".join(captured)


def keras_line_length(columns: int) -> int:
    """Keras's summary width for a sequential model: 88, or the terminal width less 4."""
    return min(88, columns - 4)


def lstmcalc_summary_text(spec: dict[str, Any], columns: int) -> str:
    """lstmcalc's table for ``spec``, captured from a colourless rich console ``columns`` wide."""
    summary = summarize_text(dump_spec(spec), SPEC_FILE)
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None, width=columns)
    console.begin_capture()
    render_table(summary, console, keras_line_length(columns))
    return console.end_capture()


def keras_results(spec: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Keras's view and summary text of a spec Keras must accept.

    Several tests look at the same spec; the Keras side is built once per spec and
    terminal width (the summary text depends on ``COLUMNS``).
    """
    return _keras_results(dump_spec(spec), os.environ.get("COLUMNS"))


@functools.cache
def _keras_results(spec_text: str, columns: str | None) -> tuple[dict[str, Any], str]:
    spec = yaml.safe_load(spec_text)
    with keras_session(spec.get("dtype")):
        model = build_keras_model(spec)
        return keras_view(model), keras_summary_text(model)


def assert_matches_keras(spec: dict[str, Any]) -> None:
    """Shapes, names, weights and counts of every layer, and the model totals, equal Keras's."""
    expected, _ = keras_results(spec)
    assert lstmcalc_view(spec) == expected, "\n" + dump_spec(spec)


def assert_summary_text_matches_keras(spec: dict[str, Any], columns: int) -> None:
    """lstmcalc's table is character for character Keras's ``model.summary()`` output.

    Keras reads the terminal width from ``COLUMNS``; the caller sets it to ``columns``.
    """
    _, expected = keras_results(spec)
    assert lstmcalc_summary_text(spec, columns) == expected, "\n" + dump_spec(spec)


# --------------------------------------------------------------------------------------
# Where Keras's summary and Keras's own computation disagree
# --------------------------------------------------------------------------------------

#: Sizes substituted for unknown axes when Keras runs a model on real tensors.
CALL_BATCH = 2
CALL_LENGTH = 7


def _concrete(shape: list, fill: int) -> tuple[int, ...]:
    return tuple(fill if dim is None else dim for dim in shape)


def _fits(symbolic: list, concrete: list) -> bool:
    """Whether a concrete shape is one the symbolic shape (None = any size) allows."""
    return len(symbolic) == len(concrete) and all(s is None or s == c for s, c in zip(symbolic, concrete))


def keras_call_shapes(spec: dict[str, Any]) -> list[Any]:
    """Each layer's output shapes when Keras runs the built model on zeros, layer by layer.

    Unknown batch sizes become ``CALL_BATCH`` and other unknown axes ``CALL_LENGTH``;
    an ``Embedding`` first gets integer ids. Keras's errors propagate.
    """
    import numpy

    with keras_session(spec.get("dtype")):
        model = build_keras_model(spec)
        symbolic = _shape(model.inputs[0].shape)
        shape = (symbolic[0] or CALL_BATCH, *_concrete(symbolic[1:], CALL_LENGTH))
        integer = type(model.layers[0]).__name__ == "Embedding"
        tensor = numpy.zeros(shape, dtype="int32" if integer else "float32")
        produced = []
        for layer in model.layers:
            tensor = layer(tensor)
            produced.append(_shapes(tensor))
        return produced


def keras_contradicts_itself(spec: dict[str, Any]) -> str | None:
    """How Keras's own call disagrees with the shapes its summary shows, or None when it agrees.

    ``TimeDistributed`` skips the wrapped layer's input checks when it computes
    shapes, and ``Bidirectional`` sizes its output from the forward layer alone; on
    such stacks ``model.summary()`` is not what the model computes.
    """
    expected, _ = keras_results(spec)
    try:
        produced = keras_call_shapes(spec)
    except Exception as error:  # noqa: BLE001 - a model that cannot run contradicts its summary
        return f"Keras builds the model but cannot run it: {type(error).__name__}: {error}"
    for layer, shapes in zip(expected["layers"], produced):
        summary_shapes, call_shapes = _as_list(layer["output_shape"]), _as_list(shapes)
        if len(summary_shapes) != len(call_shapes) or not all(map(_fits, summary_shapes, call_shapes)):
            return f"layer {layer['name']}: the summary shows {layer['output_shape']}, the call gives {shapes}"
    return None


def _as_list(shapes: list) -> list:
    """A layer's shapes as a list of shapes, one or several."""
    return shapes if shapes and isinstance(shapes[0], list) else [shapes]


# --------------------------------------------------------------------------------------
# The checks both Keras oracle modules make of a corpus entry
# --------------------------------------------------------------------------------------


def assert_cli_table_is_keras_summary(spec: dict[str, Any], run_cli: Any, columns: int) -> None:
    """``lstmcalc summary SPEC`` in a terminal ``columns`` wide prints what ``model.summary()`` prints."""
    _, expected = keras_results(spec)
    result = run_cli(dump_spec(spec), columns=columns)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == expected


def assert_keras_accepts(spec: dict[str, Any]) -> None:
    """Keras builds an odd-looking spec, so lstmcalc reports what Keras reports."""
    assert keras_refusal(spec) is None
    assert_matches_keras(spec)


def assert_only_lstmcalc_refuses(spec: dict[str, Any], run_cli: Any) -> None:
    """Keras builds the spec (if it ever refuses it, the case belongs with its refusals); lstmcalc refuses it."""
    assert keras_refusal(spec) is None, "Keras refuses this spec now; move it to INVALID"
    assert_cli_refuses(run_cli(dump_spec(spec)))
