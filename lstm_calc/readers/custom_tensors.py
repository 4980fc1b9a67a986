"""The shapes of the tensor operations a custom Keras layer's ``call`` is made of, followed without running.

A tensor is a :class:`TensorShape` (batch axis first, unknown sizes None). Followed are
elementwise arithmetic with broadcasting (``x * a``, ``e + self.b``, a number), matrix
products (``ops.matmul(x, self.W)``, ``K.dot``, ``tf.matmul``, ``x @ self.W``), functions that
keep the shape (``tanh``, ``softmax``, ``exp``, ``cast``...), reductions, ``expand_dims`` and
``squeeze`` (the ones Lambda functions are followed through, :data:`SHAPE_FUNCTIONS`), and
``permute_dimensions``/``transpose``, from ``keras.ops``, ``keras.backend`` (``K``), TensorFlow
and ``keras.activations``. Anything else is :class:`Unfollowed`, at its node, with the reason.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, NamedTuple

from lstm_calc.readers.lambda_shapes import SHAPE_FUNCTIONS, expanded, reduced, squeezed
from lstm_calc.readers.syntax_walk import shortened
from lstm_calc.shapes import describe_shape

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from lstm_calc.shapes import Shape

_MODULES = (
    "keras.ops",
    "keras.backend",
    "keras.activations",
    "tensorflow",
    "tensorflow.math",
    "tensorflow.nn",
    "tensorflow.linalg",
    "tensorflow.keras.backend",
    "tensorflow.keras.activations",
    "tf_keras.backend",
    "tensorflow.compat.v1.keras.backend",
)
#: Functions whose result has their first argument's shape.
_SAME_SHAPE = frozenset(
    {
        "tanh",
        "sigmoid",
        "hard_sigmoid",
        "relu",
        "elu",
        "selu",
        "gelu",
        "softplus",
        "softsign",
        "softmax",
        "log_softmax",
        "exp",
        "log",
        "sqrt",
        "square",
        "abs",
        "negative",
        "cast",
        "stop_gradient",
        "identity",
        "linear",
    }
)
_MATMUL = frozenset({"matmul", "dot"})
_PERMUTE = frozenset({"permute_dimensions", "transpose"})
#: Functions that give a number (``K.epsilon()``) or a dtype name (``K.floatx()``).
CONSTANTS: dict[str, Any] = {"epsilon": 1e-07, "floatx": "float32"}


class TensorShape(NamedTuple):
    """A tensor in a custom layer's code: its shape, batch axis first."""

    shape: Shape


class Unfollowed(Exception):
    """Code lstmcalc cannot follow without running it: the node, why, and what to do instead where that is
    not the usual (a value lstmcalc asks for with --set)."""

    def __init__(self, node: ast.AST, reason: str = "", instead: str | None = None) -> None:
        super().__init__(reason)
        self.node = node
        self.reason = reason or f"cannot follow {source_text(node)} without running the code"
        self.instead = instead


class WeightUnfollowed(Unfollowed):
    """An ``add_weight`` call lstmcalc cannot follow: the count depends on it, so it is an error at once."""


def source_text(node: ast.AST) -> str:
    """``node``'s source, quoted, cut short when long."""
    return repr(shortened(node, 60))


def function_name(dotted: str | None) -> str | None:
    """``tanh`` for ``keras.ops.tanh`` (a module custom layer code takes operations from), else None."""
    if dotted is None or "." not in dotted:
        return None
    module, name = dotted.rsplit(".", 1)
    return name if module in _MODULES else None


def shape_of(value: Any, node: ast.AST) -> Shape:
    """The shape of a tensor or a number (a scalar); :class:`Unfollowed` for anything else."""
    if isinstance(value, TensorShape):
        return value.shape
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    raise Unfollowed(node)


def broadcast(left: Shape, right: Shape, node: ast.AST) -> TensorShape:
    """The shape of an elementwise operation on ``left`` and ``right``, as NumPy broadcasts them."""
    size = max(len(left), len(right))
    padded = [(1,) * (size - len(left)) + tuple(left), (1,) * (size - len(right)) + tuple(right)]
    out: list[int | None] = []
    for a, b in zip(*padded):
        if a == b or b == 1:
            out.append(a)
        elif a == 1:
            out.append(b)
        elif a is None or b is None:
            out.append(a if b is None else b)
        else:
            raise Unfollowed(
                node, f"{source_text(node)} combines shapes {describe_shape(left)} and {describe_shape(right)}"
            )
    return TensorShape(tuple(out))


def matmul(left: Shape, right: Shape, node: ast.AST) -> TensorShape:
    """The shape of a matrix product (``ops.matmul``, ``K.dot`` of a tensor and a matrix, ``@``)."""
    if len(left) < 2 or not right:
        raise Unfollowed(node, f"{source_text(node)} multiplies shapes lstmcalc does not follow")
    inner = right[0] if len(right) <= 2 else right[-2]
    if left[-1] is not None and inner is not None and left[-1] != inner:
        raise Unfollowed(
            node,
            f"{source_text(node)} multiplies {describe_shape(left)} by {describe_shape(right)}, "
            "whose sizes do not match",
        )
    if len(right) == 1:
        return TensorShape(tuple(left[:-1]))
    if len(right) == 2:
        return TensorShape((*left[:-1], right[-1]))
    batch = broadcast(left[:-2], right[:-2], node).shape
    return TensorShape((*batch, left[-2], right[-1]))


def call_shape(
    name: str, dotted: str, call: ast.Call, value: Callable[[ast.expr], Any], tensors: list[Any]
) -> TensorShape:
    """The shape ``call`` of the operation ``name`` (``dotted``) gives; ``tensors`` are its positional
    arguments' values and ``value`` evaluates any other argument."""
    if not tensors or not isinstance(tensors[0], TensorShape):
        raise Unfollowed(call)
    first = tensors[0].shape
    if name in _SAME_SHAPE:
        return TensorShape(first)
    if name in _MATMUL and len(tensors) == 2:
        return matmul(first, shape_of(tensors[1], call.args[1]), call)
    if name in _PERMUTE:
        pattern = tensors[1] if len(tensors) > 1 else _keyword(call, ("pattern", "axes", "perm"), value)
        if not isinstance(pattern, (list, tuple)) or sorted(pattern) != list(range(len(first))):
            raise Unfollowed(call)
        return TensorShape(tuple(first[axis] for axis in pattern))
    known = SHAPE_FUNCTIONS.get(dotted)
    if known is None:
        raise Unfollowed(call)
    operation, parameters, defaults = known
    values = dict(zip(parameters[len(parameters) - len(defaults) :], defaults))
    values.update(zip(parameters[1:], tensors[1:]))
    for keyword in call.keywords:
        if keyword.arg not in parameters[1:]:
            raise Unfollowed(call)
        values[keyword.arg] = value(keyword.value)
    if any(name not in values for name in parameters[1:]):
        raise Unfollowed(call)
    if operation == "reduce":
        shape = reduced(first, _axis(values["axis"]), values["keepdims"])
    elif operation == "expand_dims":
        shape = expanded(first, values["axis"])
    else:
        shape = squeezed(first, values["axis"])
    if shape is None:
        raise Unfollowed(call, f"{source_text(call)} does not apply to a tensor of shape {describe_shape(first)}")
    return TensorShape(shape)


def _axis(axis: Any) -> Any:
    return list(axis) if isinstance(axis, tuple) else axis


def _keyword(call: ast.Call, names: tuple[str, ...], value: Callable[[ast.expr], Any]) -> Any:
    for keyword in call.keywords:
        if keyword.arg in names:
            return value(keyword.value)
    return None
