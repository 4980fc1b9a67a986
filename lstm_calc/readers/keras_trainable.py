"""``layer.trainable = False`` after a layer is made: the functional reader reads it of a layer it
knows by name; anywhere else lstmcalc refuses it at its line, since the trainable count would be wrong.
So is ``trainable=False`` given to the model itself (``Sequential([...], trainable=False)``,
``Model(inputs, outputs, trainable=False)``, a subclassed model's ``super().__init__(trainable=False)``).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import Location, SpecError
from lstm_calc.located import LocatedDict, LocatedList, put
from lstm_calc.readers.evaluate import UNKNOWN
from lstm_calc.readers.syntax_walk import nodes_of

if TYPE_CHECKING:
    from lstm_calc.readers.evaluate import Environment
    from lstm_calc.readers.functional_code import FunctionalCodeReader
    from lstm_calc.readers.keras_code import CodeReader

#: Why ``layer.trainable = False`` is refused where the reader cannot tell which layer it freezes.
TRAINABLE_SET_LATER = (
    "lstmcalc does not read trainable set here, after a layer or model is made, so its trainable count would "
    "be wrong; pass trainable=False when making the layer, as in Dense(4, trainable=False)"
)

#: Why ``trainable`` given to the model itself is refused.
MODEL_TRAINABLE = (
    "lstmcalc does not read trainable given to the model itself: Keras then counts all its weights as "
    "non-trainable while each row keeps its layer's own flag; pass trainable=False to each layer instead, "
    "as in Dense(4, trainable=False), and to the layer a wrapper holds"
)


def refuse_model_trainable(reader: CodeReader, call: ast.Call, node: ast.expr, environment: Environment) -> None:
    """``trainable=`` given to the model ``call`` makes: Keras's default, True, changes nothing; anything
    else freezes the model as a whole (its totals, not its rows), which lstmcalc refuses at the argument."""
    if reader.required(node, "the model's trainable", environment) is not True:
        keyword = next((keyword for keyword in call.keywords if keyword.value is node), node)
        raise SpecError(MODEL_TRAINABLE, reader.loc(keyword))


def refuse_trainable_setattr(tree: ast.Module, filename: str) -> None:
    """``setattr(layer, "trainable", False)``, or a flag set under a name lstmcalc does not read
    (``setattr(layer, flag, False)``), changes the trainable count as ``layer.trainable = False`` does,
    where no reader follows it (``setattr(self, name, Dense(4))`` sets a layer, not a flag)."""
    for call in nodes_of(tree, ast.Call):
        if isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) == 3:
            attribute, value = call.args[1], call.args[2]
            flag = isinstance(value, ast.Constant) and isinstance(value.value, bool)
            if (attribute.value == "trainable") if isinstance(attribute, ast.Constant) else flag:
                raise SpecError(TRAINABLE_SET_LATER, Location(filename, call.lineno, call.col_offset + 1))


def refuse_trainable_set_later(tree: ast.Module, filename: str) -> None:
    """``layer.trainable = False`` (``for layer in base.layers: ...``) after a layer is made changes the
    trainable count, which the Sequential and subclassed readers do not follow: refused at its line
    rather than left out (the functional reader reads it of a layer it knows, and refuses the rest)."""
    for node in nodes_of(tree, ast.Attribute):
        if node.attr == "trainable" and isinstance(node.ctx, (ast.Store, ast.Del)):
            raise SpecError(TRAINABLE_SET_LATER, Location(filename, node.lineno, node.col_offset + 1))


def read_trainable_store(reader: FunctionalCodeReader, target: ast.Attribute, value: ast.expr, kind: str) -> None:
    """``layer.trainable = False`` in functional code freezes the layer (``kind``: the binding kind of
    the reader's objects); a layer's other attributes change no count. Set on what is not a layer
    known by name (``model.layers[0]``, a loop's ``layer``), it is refused."""
    from lstm_calc.readers.functional_objects import CodeLayer  # loaded by the functional reader alone

    if target.attr != "trainable":
        return
    binding = reader.lookup(target.value.id) if isinstance(target.value, ast.Name) else UNKNOWN
    layer = binding.value if binding.kind == kind else None
    if not isinstance(layer, CodeLayer) or layer.spec is None:
        raise SpecError(TRAINABLE_SET_LATER, reader.loc(target))
    frozen = reader.required(value, f"{layer.name}'s trainable", reader)
    _set_trainable(layer.spec, frozen, reader.loc(target), reader.loc(value))


def _set_trainable(spec: LocatedDict, trainable: Any, where: Location, value_at: Location) -> None:
    """``trainable`` on a layer spec and, as Keras's ``trainable`` setter does, on every layer inside it
    (a wrapper's, a cell's): given to the constructor instead, a wrapper's ``trainable`` stays its own."""
    put(spec, "trainable", trainable, where, value_at)
    for key in list(spec):
        nested = spec[key]
        for inner in nested if isinstance(nested, LocatedList) else [nested]:
            if isinstance(inner, LocatedDict) and "type" in inner:
                _set_trainable(inner, trainable, where, value_at)
