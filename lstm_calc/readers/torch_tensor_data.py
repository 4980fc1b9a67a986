"""The shape of a tensor ``__init__`` makes: of its sizes (``torch.zeros(2, 3)``, ``torch.zeros(size=(2, 3))``,
``torch.full((2, 3), 0.1)``, ``torch.zeros(*shape)``, ``torch.FloatTensor(3, 4)``), or,
for torch's legacy constructors given one sequence (``torch.FloatTensor([0.2, 0.8])``, ``torch.Tensor(weights)``),
of that data: a tensor of two numbers, not of 2 x 8."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import Unknown
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import made_node
from lstm_calc.readers.torch_known_tensors import ShapeSizes, TensorSizes
from lstm_calc.readers.torch_modules import tensor_sizes

if TYPE_CHECKING:
    from lstm_calc.readers.evaluate import Environment, Evaluator

#: The constructors that read one sequence as the tensor's data (a torch.Size as its sizes).
_LEGACY = frozenset({"Tensor", "FloatTensor"})


def made_shape(call: ast.Call, evaluator: Evaluator, environment: Environment) -> tuple[int, ...]:
    """The shape of the tensor ``call`` (``torch.zeros(...)``, ``torch.Tensor(...)`` and the like) makes."""
    function = call.func
    if isinstance(function, ast.Attribute) and function.attr in _LEGACY and len(call.args) == 1 and not call.keywords:
        shape = _data_shape(call.args[0], evaluator, environment)
        if shape is not None:
            return shape
    size = next((keyword.value for keyword in call.keywords if keyword.arg == "size"), None)
    if isinstance(function, ast.Attribute) and function.attr == "full" and call.args:
        size = call.args[0]  # torch.full((2, 3), 0.1): the sizes, then the value
    if size is not None and (not call.args or size is call.args[0]):  # torch.zeros(size=(2, 3))
        call = made_node(ast.Call(function, [size], []), call)
    if any(isinstance(argument, ast.Starred) for argument in call.args):  # torch.zeros(*shape)
        call = made_node(ast.Call(function, _spread(call.args, evaluator, environment), []), call)
    return tensor_sizes(call, evaluator, environment)


def _spread(arguments: list[ast.expr], evaluator: Evaluator, environment: Environment) -> list[ast.expr]:
    """``arguments`` with each starred one's items in its place, as numbers."""
    spread: list[ast.expr] = []
    for argument in arguments:
        if not isinstance(argument, ast.Starred):
            spread.append(argument)
            continue
        try:
            items = evaluator.evaluate(argument.value, environment)
        except Unknown as unknown:
            raise ask(evaluator, unknown.node, "for the shape of this tensor") from None
        if not isinstance(items, (list, tuple)):
            raise SpecError("lstmcalc reads tensor shapes as sizes: torch.zeros(2, 3)", evaluator.loc(argument))
        spread += [made_node(ast.Constant(item), argument) for item in items]
    return spread


def _data_shape(node: ast.expr, evaluator: Evaluator, environment: Environment) -> tuple[int, ...] | None:
    """The shape of the data ``node`` gives, a list or tuple of numbers; None where it is not a sequence."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return _stacked([_item_shape(item, evaluator, environment) for item in node.elts], node, evaluator)
    try:
        value = evaluator.evaluate(node, environment)
    except Unknown:
        return None
    if not isinstance(value, (list, tuple)) or isinstance(value, (TensorSizes, ShapeSizes)):
        return None
    return _value_shape(value, node, evaluator)


def _item_shape(node: ast.expr, evaluator: Evaluator, environment: Environment) -> tuple[int, ...]:
    if isinstance(node, (ast.List, ast.Tuple)):
        return _stacked([_item_shape(item, evaluator, environment) for item in node.elts], node, evaluator)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("float", "int"):
        return ()  # float("-inf"): a number, whatever its value
    try:
        value = evaluator.evaluate(node, environment)
    except Unknown as unknown:
        raise ask(evaluator, unknown.node, "for the data of this tensor") from None
    return _value_shape(value, node, evaluator)


def _value_shape(value: Any, node: ast.expr, evaluator: Evaluator) -> tuple[int, ...]:
    if isinstance(value, (int, float)):
        return ()
    if isinstance(value, (list, tuple)):
        return _stacked([_value_shape(item, node, evaluator) for item in value], node, evaluator)
    raise SpecError("lstmcalc reads a tensor's data as numbers: torch.FloatTensor([0.2, 0.8])", evaluator.loc(node))


def _stacked(shapes: list[tuple[int, ...]], node: ast.expr, evaluator: Evaluator) -> tuple[int, ...]:
    """The shape of a sequence of items of ``shapes``, which torch refuses unless they are alike."""
    if any(shape != shapes[0] for shape in shapes):
        words = "torch would refuse this: the items of this tensor's data differ in length"
        raise SpecError(words, evaluator.loc(node))
    return (len(shapes), *(shapes[0] if shapes else ()))
