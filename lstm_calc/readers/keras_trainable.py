"""``layer.trainable = False`` after a layer is made: the functional reader reads it of a layer it
knows by name; anywhere else lstmcalc refuses it at its line, since the trainable count would be wrong.
"""

from __future__ import annotations

import ast

from lstm_calc.errors import Location, SpecError
from lstm_calc.readers.syntax_walk import nodes_of

#: Why ``layer.trainable = False`` is refused where the reader cannot tell which layer it freezes.
TRAINABLE_SET_LATER = (
    "lstmcalc does not read trainable set here, after a layer or model is made, so its trainable count would "
    "be wrong; pass trainable=False when making the layer, as in Dense(4, trainable=False)"
)


def refuse_trainable_set_later(tree: ast.Module, filename: str) -> None:
    """``layer.trainable = False`` (``for layer in base.layers: ...``) after a layer is made changes the
    trainable count, which the Sequential and subclassed readers do not follow: refused at its line
    rather than left out (the functional reader reads it of a layer it knows, and refuses the rest)."""
    for node in nodes_of(tree, ast.Attribute):
        if node.attr == "trainable" and isinstance(node.ctx, (ast.Store, ast.Del)):
            raise SpecError(TRAINABLE_SET_LATER, Location(filename, node.lineno, node.col_offset + 1))
