"""A ``keras.Sequential([...])`` model that functional code calls on a tensor, as a layer (``x = encoder(inputs)``).

It is a layer of kind ``Sequential`` (:class:`lstm_calc.layers.nested_models.NestedSequential`): one row of the
outer model's summary, as Keras's (``expand_nested=False``) shows it. Keras names what it makes in order: the
layers in the list first (they are made as its arguments), then the model itself (``sequential``, or its
``name=``). Building it makes an ``InputLayer`` and a ``Functional`` of its own, each named from the session's
counters: at once where the list starts with a ``keras.Input`` (which is that InputLayer), else at its first
call (:data:`~lstm_calc.layers.nested_models.NestedSequential.keras_built_sublayers`); the outer model is then
``functional_1``. The list must be written out; a Sequential model inside it is refused.

The functional code reader imports this module only for code that makes a Sequential model.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, cast

from lstm_calc.errors import SpecError
from lstm_calc.located import new_located_dict, new_located_list, put
from lstm_calc.readers.functional_objects import CodeInput, CodeLayer, CodeTensor, Failed, made_class
from lstm_calc.readers.keras_config import INPUT_LAYER, SEQUENTIAL, callee
from lstm_calc.readers.syntax_walk import walk
from lstm_calc.shapes import describe_shape

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.readers.functional_code import FunctionalCodeReader
    from lstm_calc.readers.functional_objects import CodeModel, CodeNode
    from lstm_calc.shapes import Shape

#: Sequential's constructor parameters, in order.
_POSITIONAL = ("layers", "trainable", "name")
#: What building a Sequential model makes (layers.nested_models.NestedSequential.keras_built_sublayers).
_BUILT = ("InputLayer", "Functional")
_WRITE_OUT = "write the model's layers out as a list in the Sequential(...) call"


def nested_sequential(reader: FunctionalCodeReader, call: ast.Call) -> CodeLayer:
    """The layer a ``Sequential(...)`` call of functional code makes, made once however often it is met; one
    refused is refused wherever it is met, and the automatic names Keras gives after it are unknown."""
    made = reader.made.get(reader._made_key(call))
    if made is not None:
        return made
    try:
        return _made(reader, call)
    except SpecError as error:
        # Keras made it, its list's layers and (at its first call) its build's: how many, lstmcalc cannot tell.
        found = (made_class(part, reader.aliases) for part in walk(call) if isinstance(part, ast.Call))
        for class_name in dict.fromkeys([*(name for name in found if name is not None), SEQUENTIAL, *_BUILT]):
            reader.doubts.note(class_name, reader.order, reader.loc(call), "in a Sequential model it refuses")
        reader.made_objects[reader._made_key(call)] = Failed(error)
        raise


def _made(reader: FunctionalCodeReader, call: ast.Call) -> CodeLayer:
    arguments = reader.arguments(call, _POSITIONAL, SEQUENTIAL)
    for keyword in call.keywords:
        if keyword.arg not in _POSITIONAL[len(call.args) :]:  # Python's TypeError: not Sequential's, or given twice
            raise SpecError(
                f"Sequential() takes layers, trainable and name, each once; {keyword.arg}= here raises a TypeError",
                reader.loc(keyword),
            )
    items = arguments.get("layers")
    if not isinstance(items, (ast.List, ast.Tuple)) or not items.elts:
        where = items if items is not None else call
        raise SpecError(
            f"a Sequential model used as a layer is read from its list of layers; {_WRITE_OUT}", reader.loc(where)
        )
    spec = new_located_dict(reader.loc(call))
    put(spec, "type", SEQUENTIAL, reader.loc(call.func), reader.loc(call.func))
    elements = list(items.elts)
    first = elements[0]
    built = isinstance(first, ast.Call) and callee(first, reader.aliases) in ("Input", INPUT_LAYER)
    if isinstance(first, ast.Call) and built:
        put(spec, "built_shape", _input_shape(reader, first), reader.loc(first), reader.loc(first))
        elements = elements[1:]
    before = len(reader.unsupported)
    specs, places = [], []
    for element in elements:
        if isinstance(element, ast.Call) and callee(element, reader.aliases) == SEQUENTIAL:
            raise SpecError(
                f"a Sequential model inside a Sequential model used as a layer is not read; {_WRITE_OUT}",
                reader.loc(element),
            )
        inner = reader._held(element, reader, False)
        if inner is not None:
            specs.append(inner)
            places.append(reader.loc(element))
    unsupported = [(name, reader.loc(where.func)) for name, where in reader.unsupported[before:]]
    if not specs and not unsupported:
        raise SpecError(f"the Sequential model has no layers; {_WRITE_OUT}", reader.loc(items))
    put(spec, "layers", new_located_list(reader.loc(items), specs, places), reader.loc(items), reader.loc(items))
    # Keras 3 keeps the layers of Sequential(..., trainable=False) trainable: the argument changes no count.
    node = arguments.get("name")
    given = reader.required(node, "the model's name", reader) if node is not None else None
    if node is not None and given is not None and not isinstance(given, str):
        raise SpecError(f"a model's name is a string, got {ast.unparse(node)}", reader.loc(node))
    named = isinstance(given, str)  # name=None leaves it to Keras
    name = given if isinstance(given, str) else reader._automatic_name(SEQUENTIAL, call)
    put(spec, "name", name, reader.loc(call), reader.loc(call))
    if built:
        reader._automatic_name("Functional", call)  # built at once, on its Input
    made = CodeLayer(name, SEQUENTIAL, spec, reader.loc(call), unsupported, call)
    made.named_at = None if named else reader._next_order()
    made.named_on = reader.path_ids()
    made.made_pass = reader.unroll_pass
    reader.made[reader._made_key(call)] = made
    return made


def refuse_nested_use(model: CodeModel, nested: CodeLayer) -> None:
    """The code compiles, fits or summarises a Sequential model it uses as a layer, and not the functional model
    lstmcalc would read: which one the script is about is the user's to say."""
    shown = model.target or (model.name[0] if model.name is not None else model.automatic_name)
    raise SpecError(
        f"the code compiles, fits or summarises '{nested.name}', a Sequential model lstmcalc reads as a layer of the "
        f"functional model '{shown}' (line {model.location.line}), whose summary it would print; pick that model "
        "with --model, or summarise the Sequential model from a file of its own",
        nested.used_at,
    )


def refuse_other_build(reader: FunctionalCodeReader, layer: CodeLayer, node: CodeNode) -> None:
    """A later call of a Sequential model built at its first call (no keras.Input of its own) on a tensor of
    another shape: Keras refuses it (``incompatible with the layer``); refused too where lstmcalc cannot
    tell the two shapes. A size None on either side fits any."""
    if layer.spec is None or layer.spec.get("built_shape") is not None:
        return  # built on its Input: the spec's check compares each call with it
    from lstm_calc.readers.tensor_shapes import tensor_shape

    first, here = layer.nodes[0].inputs, node.inputs
    shapes = [tensor_shape(inputs[0][0], reader.filename) if len(inputs) == 1 else None for inputs in (first, here)]
    built, given = cast("list[Shape | None]", shapes)
    if built is None or given is None:
        raise SpecError(
            f"cannot tell whether '{layer.name}' is called here on tensors of the shape it was built on at its "
            f"first call (line {layer.nodes[0].location.line}), which Keras requires of a Sequential model",
            node.location,
        )
    fits = len(built) == len(given) and all(a is None or b is None or a == b for a, b in zip(built, given))
    if not fits:
        raise SpecError(
            f"'{layer.name}' was built on inputs of shape {describe_shape(built)} at its first call (line "
            f"{layer.nodes[0].location.line}) and receives {describe_shape(given)} here, which Keras refuses "
            "(incompatible with the layer)",
            node.location,
        )


def _input_shape(reader: FunctionalCodeReader, node: ast.Call) -> Any:
    """The shape of the ``keras.Input`` (or ``InputLayer``) a Sequential model's list starts with (named as Keras
    names it)."""
    if callee(node, reader.aliases) == INPUT_LAYER:
        block = reader.input_block(node, reader.input_arguments(node, INPUT_LAYER), reader)
        if not reader.name_given(node):
            reader._automatic_name(INPUT_LAYER, node)
    else:
        tensor = reader._quiet_object(node)
        if not isinstance(tensor, CodeTensor) or not isinstance(tensor.node.owner, CodeInput):
            raise SpecError("cannot read this keras.Input of a Sequential model used as a layer", reader.loc(node))
        block = tensor.node.owner.block
    if set(block) - {"shape"}:
        raise SpecError(
            "a Sequential model used as a layer is read with an input of a shape alone (no batch size, no dtype); "
            "leave the others out",
            reader.loc(node),
        )
    return block["shape"]
