"""The dtype a custom layer's ``self.add_weight(..., dtype=...)`` gives its weight, read as Keras 3 reads it.

Keras's ``Layer.add_weight`` standardizes the dtype it is given (``backend.standardize_dtype``) and,
given none, takes the layer's variable dtype (its dtype policy's: ``float32`` under ``mixed_float16``);
the summary sizes each variable by its own dtype (``summary_utils.weight_memory_size``). lstmcalc reads
a dtype name (a string, or a name or expression whose value it knows), Python's ``float``, a dtype
object of TensorFlow, NumPy, JAX or torch under its own name (``tf.int32``, ``torch.float16``), and
``self.dtype``/``self.variable_dtype`` (the layer's own). A dtype it cannot know is asked for with
``--set``; one Keras refuses, or sizes in bits (``bool``), is refused. Imported only for an
``add_weight`` that gives a dtype.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.custom_tensors import Unfollowed, WeightUnfollowed, source_text
from lstm_calc.readers.syntax_walk import dotted
from lstm_calc.sizes import WEIGHT_DTYPE_BYTES

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.readers.custom_methods import MethodReader

#: The modules whose dtype objects Keras standardizes to their own names (``tf.int32.name``,
#: ``np.float32.__name__``, ``str(torch.float16)`` after its last dot).
DTYPE_MODULES = ("tensorflow", "tensorflow.dtypes", "numpy", "jax.numpy", "torch", "ml_dtypes")
#: The layer's own dtype, as a layer's attribute: its variable dtype (``Layer.dtype`` is an alias of it).
LAYER_DTYPES = ("dtype", "variable_dtype")
#: Dtypes Keras accepts but its summary cannot size (``dtype_utils.dtype_size`` raises for them).
UNSIZED = ("string", "complex64", "complex128", "float8_e4m3fn", "float8_e5m2")


def weight_dtype(reader: MethodReader, node: ast.expr) -> str | None:
    """The dtype ``add_weight``'s ``dtype`` argument ``node`` gives the weight; None for the layer's."""
    if _is_layer_dtype(reader, node):
        return None
    if isinstance(node, (ast.Name, ast.Attribute)):
        path = dotted(node, reader.modules)
        module, _, name = (path or "").rpartition(".")
        if module in DTYPE_MODULES and (name in WEIGHT_DTYPE_BYTES or name in ("bool", *UNSIZED)):
            return _standard(name, node)  # an alias (torch.half, np.double) is read as its value: asked for
    if isinstance(node, ast.Name) and node.id not in reader.locals and node.id not in reader.module:
        builtin = {"float": "float32", "int": "int", "bool": "bool", "str": "string"}.get(node.id)
        if builtin is not None:
            return _standard(builtin, node)
    try:
        value: Any = reader.value(node)
    except WeightUnfollowed:
        raise
    except Unfollowed as error:
        raise _asked(error, node) from None
    return None if value is None else _standard(value, node)


def _is_layer_dtype(reader: MethodReader, node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == reader.self_name
        and node.attr in LAYER_DTYPES
        and node.attr not in reader.attributes
    )


def _standard(value: Any, node: ast.expr) -> str:
    """``value`` as ``standardize_dtype`` makes it, sized as Keras's summary sizes it; else refused."""
    if isinstance(value, str) and value in WEIGHT_DTYPE_BYTES:
        return value
    instead = None
    if value == "int":
        reason = "Keras reads dtype int as int64 under its TensorFlow backend and as int32 under the others"
        instead = "write dtype='int32' or dtype='int64'"
    elif value == "bool":
        reason = "Keras's summary sizes a bool weight at one bit, a fraction of a byte lstmcalc's sizes do not hold"
    elif value in UNSIZED:
        reason = f"Keras's summary cannot size a {value} weight (dtype_utils.dtype_size raises 'Invalid dtype')"
    else:
        shown = value if isinstance(value, str) else ast.unparse(node)
        reason = f"Keras refuses the weight's dtype: Invalid dtype: {shown}"
        instead = f"give one Keras takes, such as {', '.join(WEIGHT_DTYPE_BYTES)}"
    raise WeightUnfollowed(node, reason, instead)


def _asked(error: Unfollowed, node: ast.expr) -> WeightUnfollowed:
    """The refusal of a dtype lstmcalc cannot know, asking for the value it could not follow with --set."""
    from lstm_calc.readers.set_values import set_option

    asked = error.node if isinstance(error.node, ast.expr) else node
    text = ast.unparse(asked)
    return WeightUnfollowed(
        asked,
        f"cannot tell the dtype {source_text(node)}, which sizes the weight: {error.reason}",
        f"give its value with {set_option(text if len(text) <= 80 else ast.unparse(node))}",
    )
