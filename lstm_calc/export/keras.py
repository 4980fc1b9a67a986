"""A spec as Keras 3 code: ``keras.Sequential([keras.Input(...), layers.LSTM(...), ...])``.

The layers get the arguments the spec writes, under their Keras names, and nothing
else, so the code reads like the spec. Layer names the spec leaves out are left out:
Keras gives the same automatic names as lstmcalc in a fresh session.
"""

from __future__ import annotations

from lstm_calc.arguments import Argument
from lstm_calc.export.python_code import file_docstring, python_literal
from lstm_calc.sizes import DEFAULT_DTYPE
from lstm_calc.spec import LayerSpec, ModelSpec
from lstm_calc.summary import ModelSummary

INDENT = "        "


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
    lines += ["model = keras.Sequential(", "    ["]
    lines.append(f"{INDENT}{_input_code(model)},")
    lines += [f"{INDENT}{layer_code(layer)}," for layer in model.layers]
    lines.append("    ],")
    if model.name != "sequential":
        lines.append(f"    name={python_literal(model.name)},")
    lines += [")", "", 'if __name__ == "__main__":', "    model.summary()", ""]
    return "\n".join(lines)


def _input_code(model: ModelSpec) -> str:
    batch, *shape = model.input.shape
    arguments = [f"shape={python_literal(tuple(shape))}"]
    if batch is not None:
        arguments.append(f"batch_size={batch}")
    if model.input.dtype is not None:
        arguments.append(f"dtype={python_literal(model.input.dtype)}")
    return f"keras.Input({', '.join(arguments)})"


def layer_code(spec: LayerSpec) -> str:
    """``layers.LSTM(64, return_sequences=True)``: the arguments the spec gives, Keras's required ones first."""
    layer = spec.layer
    by_spelling = {
        spelling: argument for argument in layer.arguments.values() for spelling in (argument.name, *argument.aliases)
    }
    given: list[Argument] = []
    for key in spec.source:
        argument = by_spelling.get(key)
        # Not arguments: lstmcalc's own keys (type, max_params) and the input (keras.Input gives it).
        # Embedding's input_length gives the input too, or else Keras 3 ignores it.
        if argument is None or argument.name == "input_length" or not argument.keras:
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
    parts = [_value(layer.config[argument.name]) for argument in positional]
    parts += [f"{argument.name}={_value(layer.config[argument.name])}" for argument in given if argument not in positional]
    return f"layers.{layer.class_name}({', '.join(parts)})"


def _value(value: object) -> str:
    if isinstance(value, LayerSpec):
        return layer_code(value)
    return python_literal(value)
