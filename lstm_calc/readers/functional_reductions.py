"""``keras.ops.mean(x, axis=1)`` in Keras functional code: the reductions ``mean``, ``max``, ``min`` and ``sum`` of
``keras.ops`` (``ops`` imported from keras, ``keras.ops.numpy``) called on a tensor make Keras 3's operations
``Mean``, ``Max``, ``Min`` and ``Sum``, named from their counters (``mean``, ``mean_1``...) where the code makes
them, and listed as rows of the summary (:mod:`lstm_calc.layers.reductions`).

``keras.src.ops.numpy.Mean(axis=1, name="pooled")(x)``, as lstmcalc's Keras export writes a reduction a spec names
other than Keras would, is read as the same operation. Each argument is evaluated as the code gives it; one lstmcalc
cannot know is asked for with ``--set``. Python's own ``max``, ``min`` and ``sum`` are no operation of Keras.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import Environment
from lstm_calc.readers.functional_objects import CodeTensor, cannot_follow
from lstm_calc.readers.syntax_walk import made_node

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.errors import Location
    from lstm_calc.readers.functional_objects import CodeLayer

#: The reductions of ``keras.ops`` lstmcalc follows -> the operation class each makes, and its parameters after
#: the tensor (``keras/src/ops/numpy.py``).
REDUCTIONS = {
    "mean": ("Mean", ("axis", "keepdims")),
    "sum": ("Sum", ("axis", "keepdims")),
    "max": ("Max", ("axis", "keepdims", "initial")),
    "min": ("Min", ("axis", "keepdims", "initial")),
}
_CLASSES = {class_name: function for function, (class_name, _) in REDUCTIONS.items()}


def _in_keras_ops(node: ast.expr) -> bool:
    """Whether ``node`` spells Keras's operations module: ``keras.ops``, ``ops``, ``keras.ops.numpy``,
    ``keras.src.ops.numpy`` (never ``numpy`` or ``np`` alone, whose functions are no Keras operation)."""
    parts = ast.unparse(node).split(".")
    return parts[-1] == "ops" or parts[-2:] == ["ops", "numpy"]


def operation_class(node: ast.expr) -> str | None:
    """The class of the operation ``node`` makes where it is code on a tensor: GetItem for ``x[:, i]``, a
    reduction's for ``keras.ops.mean(x, axis=i)``; None for any other node."""
    if isinstance(node, ast.Subscript):
        return "GetItem"
    function = node.func if isinstance(node, ast.Call) else None
    if isinstance(function, ast.Attribute) and function.attr in REDUCTIONS and _in_keras_ops(function.value):
        return REDUCTIONS[function.attr][0]
    return None


class TensorReductions(Environment):
    """The reductions of tensors in functional code, for the functional code reader."""

    if TYPE_CHECKING:

        def object(self, node: ast.expr) -> Any: ...

        def loc(self, node: ast.AST) -> Location: ...

        def _construct(self, call: ast.Call, class_name: str) -> CodeLayer: ...

        def call_node(
            self,
            layer: CodeLayer,
            call: ast.Call,
            arguments: list[ast.expr],
            keywords: dict[str, ast.expr],
            on_list: bool = False,
            by_name: tuple[str, ...] = (),
            tensors: list[tuple[CodeTensor, Location]] | None = None,
        ) -> CodeTensor: ...

    def reduction_call(self, call: ast.Call) -> CodeTensor | CodeLayer | None:
        """``keras.ops.mean(x, axis=1)`` on a tensor: Keras's reduction of ``x``; ``keras.src.ops.numpy.Mean(axis=1,
        name="pooled")``: the operation, which a call on a tensor applies as a layer (shared where it is called
        again, as Keras shares it); None for any other call."""
        function = call.func
        if isinstance(function, ast.Attribute) and function.attr in _CLASSES and _in_keras_ops(function.value):
            return self._construct(call, function.attr)
        if not (isinstance(function, ast.Attribute) and function.attr in REDUCTIONS and _in_keras_ops(function.value)):
            return None
        class_name, parameters = REDUCTIONS[function.attr]
        if any(isinstance(argument, ast.Starred) for argument in call.args) or any(
            keyword.arg is None for keyword in call.keywords
        ):
            raise SpecError(
                f"*arguments and **keyword arguments of keras.ops.{function.attr} cannot be read; write them out",
                self.loc(call),
            )
        given = {keyword.arg: keyword.value for keyword in call.keywords}
        tensor = call.args[0] if call.args else given.pop("x", None)
        signature = ", ".join(("x", *parameters))
        if tensor is None or "x" in given or len(call.args) > 1 + len(parameters):
            raise SpecError(f"keras.ops.{function.attr} takes ({signature}); Python refuses this call", self.loc(call))
        for keyword in call.keywords:
            if keyword.arg not in (*parameters, "x"):
                raise SpecError(
                    f"keras.ops.{function.attr} has no argument {keyword.arg!r}: it takes ({signature}) (Python "
                    f"refuses it: unexpected keyword argument {keyword.arg!r})",
                    self.loc(keyword),
                )
        base = self.object(tensor)
        if not isinstance(base, CodeTensor):
            return None  # a reduction of data, not of a tensor: no operation of the model
        if not _gives_one_tensor(base):
            raise cannot_follow(self.loc, call)  # a layer's list of tensors, stacked by Keras first
        keywords = [keyword for keyword in call.keywords if keyword.arg != "x"]
        name = made_node(ast.Name(id=class_name, ctx=ast.Load()), function)
        made = made_node(ast.Call(func=name, args=list(call.args[1:]), keywords=keywords), call)
        given_tensor = [(base, self.loc(tensor))]
        return self.call_node(self._construct(made, class_name), made, [tensor], {}, tensors=given_tensor)


def _gives_one_tensor(tensor: CodeTensor) -> bool:
    from lstm_calc.readers.functional_slices import gives_one_tensor

    return gives_one_tensor(tensor)
