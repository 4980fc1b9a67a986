"""A count-neutral argument in Keras code (an activation, an initializer, a regularizer): its value where
the code makes it known, else its source text, which ``convert`` and the tables show. Text Keras could
look up as a name stays a name (``tf.nn.relu`` -> ``relu``); code (``regularizers.l2(0.01)``, or ``init``
bound to ``keras.initializers.HeNormal()``) stays code, which ``export --to keras`` leaves out, as the
``.keras`` reader leaves out the configs Keras saves for it: no count changes."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.evaluate import Binding, Unknown

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.readers.evaluate import Environment, Evaluator


def loose_value(evaluator: Evaluator, node: ast.expr, environment: Environment) -> Any:
    """The value of ``node`` if known; else a dotted name's last part, or the source text of the code
    (that of the call a name is bound to, which the name alone would not say)."""
    try:
        return evaluator.evaluate(node, environment)
    except Unknown:
        pass
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name) and (binding := environment.lookup(node.id)).kind == Binding.CALL:
        return ast.unparse(binding.value[0])
    return ast.unparse(node)
