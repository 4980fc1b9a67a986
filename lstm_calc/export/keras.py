"""A spec as Keras 3 code: ``keras.Sequential([keras.Input(...), layers.LSTM(...), ...])``
for a stack, the functional API for a graph spec.

The layers get the arguments the spec writes, under their Keras names, and nothing
else, so the code reads like the spec. Layer names the spec leaves out are left out:
Keras gives the same automatic names as lstmcalc in a fresh session, where the layers
are created in the spec's order.

A graph spec becomes one statement per entry, ``decoder = layers.LSTM(...)(decoder_inputs,
initial_state=[encoder[1], encoder[2]])``: each entry's tensors are bound to its name, so
a reference reads the same in the spec and in Python. A shared layer is bound to
``<name>_layer`` where it is first used and called again by its ``shares`` entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.arguments import Argument
from lstm_calc.errors import SpecError
from lstm_calc.export.python_code import file_docstring, layer_uses, python_literal, python_name
from lstm_calc.layers import Layer
from lstm_calc.naming import AutoNamer
from lstm_calc.readers.keras_config import AUTOMATIC_MODEL_NAMES, is_count_neutral, is_written_to_keras
from lstm_calc.sizes import DEFAULT_DTYPE
from lstm_calc.spec import InputSpec, ModelSpec, NodeSpec, Reference
from lstm_calc.summary import ModelSummary

if TYPE_CHECKING:
    from typing import Any

INDENT = "        "
#: Longer calls put their arguments on a line of their own.
MAX_LINE = 100
#: Names the exported file itself uses.
RESERVED = frozenset({"keras", "layers", "model"})


def export_keras(model: ModelSpec, summary: ModelSummary, source: str) -> str:
    """The text of a Python file that builds ``model`` with Keras 3 and prints its summary."""
    lines = [
        file_docstring(summary, source, "Keras 3", "KERAS_BACKEND=torch python THIS_FILE.py  # or any Keras backend"),
        "import keras",
        "from keras import layers",
        "",
    ]
    if model.dtype == "int8":
        lines += ["# dtype int8 sizes lstmcalc's byte counts only: Keras keeps float variables.", ""]
    elif model.dtype != DEFAULT_DTYPE:
        lines += [f"keras.config.set_dtype_policy({python_literal(model.dtype)})", ""]
    lines += _functional_code(model, summary) if model.functional else _sequential_code(model)
    lines += ["", 'if __name__ == "__main__":', "    model.summary()", ""]
    return "\n".join(lines)


def _sequential_code(model: ModelSpec) -> list[str]:
    lines = ["model = keras.Sequential(", "    ["]
    lines.append(f"{INDENT}{_input_code(model.input)},")
    lines += [f"{INDENT}{layer_code(spec.layer)}," for spec in model.layers]
    lines.append("    ],")
    lines += [*_model_name(model), ")"]
    return lines


def _functional_code(model: ModelSpec, summary: ModelSummary) -> list[str]:
    """``keras.Input`` for each input, a statement per graph entry, then ``keras.Model(inputs, outputs)``."""
    taken: set[str] = set()
    names: dict[int, str] = {id(spec): python_name(spec.name, taken, RESERVED) for spec in model.inputs}
    lines = [f"{names[id(spec)]} = {_input_code(spec, with_name=True)}" for spec in model.inputs]
    lines.append("")
    several = {row.name: len(row.output_shape) for row in summary.layers if isinstance(row.output_shape, list)}
    uses = layer_uses(model)
    shared: dict[int, str] = {}
    operations = AutoNamer()
    for node in model.nodes:
        names[id(node)] = python_name(node.name, taken, RESERVED)
        kind = node.layer.layer.type_name
        automatic = operations.peek(kind) == node.name  # as Keras names an operation made without a name
        tensors = _tensors(node.inputs, names, several, alone=True)
        # An operation called more than once is one object, called as a shared layer is.
        operation = node.layer.layer.keras_call_code(tensors, None if automatic else node.name)
        if operation is not None and uses[id(node.layer)] == 1:  # x[:, -1, :]
            if automatic:
                operations.next_name(kind)
            lines.append(f"{names[id(node)]} = {operation}")
            continue
        if id(node.layer) in shared:
            layer = shared[id(node.layer)]
        elif uses[id(node.layer)] > 1:
            layer = shared[id(node.layer)] = python_name(f"{node.layer.name}_layer", taken, RESERVED)
            lines.append(f"{layer} = {layer_code(node.layer.layer)}")
        else:
            layer = layer_code(node.layer.layer)
        if node.layer.layer.keras_call_arguments:
            given = zip(node.layer.layer.keras_call_arguments, node.inputs)
            arguments = [
                ("" if parameter not in node.keywords else f"{parameter}=")
                + _tensors((reference,), names, several, alone=True)
                for parameter, reference in given
            ]
        else:
            arguments = [_tensors(node.inputs, names, several, alone=True)]
        if node.initial_state:
            arguments.append(f"initial_state={_initial_state(node, names, several)}")
        if node.mask:
            arguments.append(f"mask={_tensors(node.mask, names, several, alone=True)}")
        arguments += _call_options(node.layer.layer)
        call = f"{names[id(node)]} = {layer}("
        if len(call) + len(", ".join(arguments)) + 1 > MAX_LINE:
            lines += [call, f"    {', '.join(arguments)}", ")"]
        else:
            lines.append(f"{call}{', '.join(arguments)})")
    inputs = _tensors(tuple(_whole(spec) for spec in model.inputs), names, several, alone=True)
    outputs = _tensors(model.outputs, names, several, alone=True)
    lines += ["", "model = keras.Model(", f"    inputs={inputs},", f"    outputs={outputs},", *_model_name(model), ")"]
    return lines


def _call_options(layer: Layer[Any]) -> list[str]:
    """The Keras call's keywords that the spec gives as the layer's arguments (``return_attention_scores=True``)."""
    arguments = type(layer).arguments
    return [
        f"{name}={_value(layer.config[name])}"
        for name in layer.keras_call_options
        if layer.config[name] != arguments[name].default
    ]


def _whole(spec: InputSpec) -> Reference:
    return Reference(spec, None, spec.location, "")


def _tensors(
    references: tuple[Reference, ...], names: dict[int, str], several: dict[str, int], alone: bool = False
) -> str:
    """The Python for a list of references; ``alone``: one reference is passed as it is, not in a list.

    A reference without an index to a layer with several outputs (``several``: how many, by layer)
    stands for all of them.
    """
    texts = []
    for reference in references:
        name = names[id(reference.source)]
        if reference.index is not None:
            texts.append(name + _item(reference, several))
        elif isinstance(reference.source, NodeSpec) and reference.source.layer.name in several:
            texts.append(name if alone and len(references) == 1 else f"*{name}")
        else:
            texts.append(name)
    if alone and len(references) == 1:
        return texts[0]
    return "[" + ", ".join(texts) + "]"


def _item(reference: Reference, several: dict[str, int]) -> str:
    """``[2]`` for a layer's output 2 as Keras's call returns it: ``[1][1]`` where its states are grouped
    (a stack of cells' ``(out, [h1, c1], h2)``: flat output 2 is c1)."""
    assert reference.index is not None
    source = reference.source
    if not isinstance(source, NodeSpec) or (items := source.layer.layer.keras_state_items()) is None:
        return f"[{reference.index}]"
    grouped = [1] * (several[source.layer.name] - sum(items)) + list(items)
    start = 0
    for position, count in enumerate(grouped):
        if reference.index < start + count:
            return f"[{position}]" if count == 1 else f"[{position}][{reference.index - start}]"
        start += count
    return f"[{reference.index}]"


def _initial_state(node: NodeSpec, names: dict[int, str], several: dict[str, int]) -> str:
    """``initial_state=`` as Keras takes it: a stack of cells' grouped per cell (``[[h1, c1], h2]``)."""
    items = node.layer.layer.keras_state_items()
    if items is None or sum(items) != len(node.initial_state):
        return _tensors(node.initial_state, names, several)
    groups, start = [], 0
    for count in items:
        part = node.initial_state[start : start + count]
        groups.append(_tensors(part, names, several, alone=count == 1))
        start += count
    return "[" + ", ".join(groups) + "]"


def _model_name(model: ModelSpec) -> list[str]:
    if model.name == AUTOMATIC_MODEL_NAMES[model.functional]:
        return []
    return [f"    name={python_literal(model.name)},"]


def _input_code(spec: InputSpec, with_name: bool = False) -> str:
    batch, *shape = spec.shape
    arguments = [f"shape={python_literal(tuple(shape))}"]
    if batch is not None:
        arguments.append(f"batch_size={batch}")
    if spec.dtype is not None:
        arguments.append(f"dtype={python_literal(spec.dtype)}")
    if with_name:
        arguments.append(f"name={python_literal(spec.name)}")
    return f"keras.Input({', '.join(arguments)})"


def layer_code(layer: Layer[Any]) -> str:
    """``layers.LSTM(64, return_sequences=True)``: the arguments the spec gives, Keras's required ones first."""
    by_spelling = type(layer).argument_spellings()
    given: list[Argument] = []
    # Only a layer read from a spec is exported, so it has its declaration (the keys the spec gives).
    assert layer.declaration is not None
    if layer.keras_export_refusal is not None:
        declaration = layer.declaration
        raise SpecError(
            f"layer '{declaration.name}' ({layer.class_name}) {layer.keras_export_refusal}", declaration.location
        )
    for key in layer.declaration.source:
        argument = by_spelling.get(key)
        # Not arguments: lstmcalc's own keys (type, max_params) and the input (keras.Input gives it).
        if argument is None or not is_written_to_keras(argument) or not _keras_takes(argument, layer.config):
            continue
        if layer.config[argument.name] is None and argument.default is None:
            continue
        given.append(argument)
    positional = []
    for name in type(layer).keras_positional:
        argument = next((argument for argument in given if argument.name == name), None)
        if argument is None or not argument.required:
            break
        positional.append(argument)
    # The name last, as Keras code usually writes it.
    given.sort(key=lambda argument: argument.name == "name")
    parts = [_value(layer.config[argument.name]) for argument in positional]
    parts += [
        f"{argument.name}={_value(layer.config[argument.name])}" for argument in given if argument not in positional
    ]
    # An operation's class is Keras's private one (keras.src.ops.numpy.Mean), as its kind says.
    return f"{getattr(layer, 'keras_module', 'layers')}.{layer.class_name}({', '.join(parts)})"


def _keras_takes(argument: Argument, config: dict[str, Any]) -> bool:
    """Whether Keras takes the argument's value as written. A count-neutral string that is no name Keras
    could look up is code a reader kept as its text (``regularizers.l2(0.01)``): left out, as the Keras
    readers leave out the configs Keras saves for such objects, since it changes no count."""
    value = config[argument.name]
    return not (is_count_neutral(argument) and isinstance(value, str) and not value.isidentifier())


def _value(value: object) -> str:
    # A wrapper's layer and backward_layer arguments hold layers, written as code of their own.
    if isinstance(value, Layer):
        return layer_code(value)
    if isinstance(value, list) and value and all(isinstance(item, Layer) for item in value):
        # RNN's list of cells, StackedRNNCells' cells.
        return "[" + ", ".join(layer_code(item) for item in value) + "]"
    return python_literal(value)
