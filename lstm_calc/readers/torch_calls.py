"""The expressions of ``forward``: module calls, torch functions, tensor methods, indexing and arithmetic.

:func:`evaluate` gives an expression's value for :class:`~lstm_calc.readers.torch_forward.ForwardFollower`;
shapes follow torch's rules (:mod:`lstm_calc.readers.torch_tensor_ops`). What it cannot
follow raises :class:`~lstm_calc.readers.torch_forward.Unfollowed`.
"""

from __future__ import annotations

import ast
import math
import operator
from typing import TYPE_CHECKING, Any

from lstm_calc.readers import torch_python as python
from lstm_calc.readers.evaluate import Unknown
from lstm_calc.readers.torch_forward import (
    UNKNOWN_NUMBER,
    UNKNOWN_VALUE,
    ForwardFollower,
    Tensor,
    Unfollowed,
    _short,
)
from lstm_calc.readers.torch_modules import ModuleNode, TorchFunction, is_self
from lstm_calc.readers.torch_tensor_ops import (
    SHAPE_KEEPING,
    SOME_INTEGER,
    broadcast,
    concatenate,
    flatten,
    index,
    matmul,
    permute,
    pieces,
    reduce,
    reshape,
    squeeze,
    stack,
    transpose,
    unsqueeze,
)

if TYPE_CHECKING:
    from collections.abc import Callable

_REDUCTIONS = frozenset(
    {"mean", "sum", "max", "min", "amax", "amin", "argmax", "argmin", "std", "var", "prod", "logsumexp", "norm"}
)
_PAIRED_REDUCTIONS = frozenset({"max", "min"})  # with a dim: (values, indices)
_TENSOR_MAKERS = frozenset({"zeros", "ones", "randn", "rand", "empty", "full"})
_PACKING = frozenset({"pack_padded_sequence", "pad_packed_sequence"})
_ARITHMETIC: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
}


def evaluate(follower: ForwardFollower, node: ast.expr) -> Any:
    """The value of ``node`` in ``follower``'s ``forward``."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in follower.values:
            return follower.values[node.id]
        try:
            return follower.follow.builder.evaluator.evaluate(node, follower.scope)
        except Unknown:
            return python.module_level_value(follower, node)
    if isinstance(node, ast.Tuple):
        return tuple(evaluate(follower, item) for item in node.elts)
    if isinstance(node, ast.List):
        return [evaluate(follower, item) for item in node.elts]
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return python.comprehension(follower, node)
    if isinstance(node, ast.Attribute):
        return _attribute(follower, node)
    if isinstance(node, ast.Subscript):
        return _subscript(follower, node)
    if isinstance(node, ast.Call):
        return _call(follower, node)
    if isinstance(node, ast.BinOp):
        return _binary(node, evaluate(follower, node.left), evaluate(follower, node.right))
    if isinstance(node, ast.UnaryOp):
        operand = evaluate(follower, node.operand)
        if isinstance(operand, Tensor):
            return operand
        if isinstance(node.op, ast.USub) and isinstance(operand, (int, float)):
            return -operand
        if isinstance(node.op, ast.Not) and not isinstance(operand, Tensor):
            return not operand
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = evaluate(follower, node.left), evaluate(follower, node.comparators[0])
        if isinstance(node.ops[0], (ast.Is, ast.IsNot)):
            if left is not UNKNOWN_VALUE and right is not UNKNOWN_VALUE:
                return (left is right) == isinstance(node.ops[0], ast.Is)
        elif isinstance(left, Tensor) or isinstance(right, Tensor):  # element-wise: a tensor of booleans
            return _elementwise(left, right)
    raise Unfollowed(node, _short(node))


def _attribute(follower: ForwardFollower, node: ast.Attribute) -> Any:
    owner = node.value
    if isinstance(owner, ast.Name) and follower.follow.builder.torch_names.get(owner.id) == "torch":
        if node.attr in python.TORCH_DTYPES:
            return python.DTYPE
    if (
        isinstance(owner, ast.Name)
        and owner.id in follower.follow.builder.evaluator.math_names
        and node.attr in python.MATH_CONSTANTS
    ):
        return python.MATH_CONSTANTS[node.attr]
    if isinstance(owner, ast.Name) and owner.id == "self":
        if node.attr in follower.module.children:
            return follower.module.children[node.attr]
        if node.attr == "training":
            return UNKNOWN_VALUE  # train or eval: only a branch on it is not followed
        held = [
            weight for weight in (*follower.module.own_weights, *follower.module.buffers) if weight.name == node.attr
        ]
        if held:
            return Tensor(held[-1].shape)
        if f"self.{node.attr}" in follower.values:
            return follower.values[f"self.{node.attr}"]
        try:
            return follower.follow.builder.evaluator.evaluate(node, follower.scope)
        except Unknown:
            return python.init_value(follower, node)
    value = evaluate(follower, owner)
    if isinstance(value, ModuleNode) and node.attr in value.children:
        return value.children[node.attr]
    if isinstance(value, Tensor):
        if node.attr == "shape":
            return _sizes(value)
        if node.attr == "T" and value.shape is not None:
            return Tensor(tuple(reversed(value.shape)))
        if node.attr in ("data", "real"):
            return value
        if node.attr in python.TENSOR_OPAQUE_ATTRIBUTES:
            return python.TENSOR_OPAQUE_ATTRIBUTES[node.attr]
    raise Unfollowed(node, _short(node))


def _sizes(tensor: Tensor) -> Any:
    if tensor.shape is None:
        return UNKNOWN_VALUE
    return tuple(UNKNOWN_VALUE if size is None else size for size in tensor.shape)


def _subscript(follower: ForwardFollower, node: ast.Subscript) -> Any:
    container = evaluate(follower, node.value)
    if isinstance(container, ModuleNode):
        key = evaluate(follower, node.slice)
        slots = container.slots() if container.class_name != "ModuleDict" else []  # a ModuleDict's keys are names
        if isinstance(key, int) and not isinstance(key, bool) and -len(slots) <= key < len(slots):
            return slots[key]
        if isinstance(key, str) and key in container.children:
            return container.children[key]
        raise Unfollowed(node, _short(node))
    if isinstance(container, (tuple, list)):
        key = evaluate(follower, node.slice)
        if isinstance(key, int) and -len(container) <= key < len(container):
            return container[key]
        if key is UNKNOWN_NUMBER:
            return python.item_at_unknown_index(node, container)
        if isinstance(key, slice):
            return tuple(container[key])
        raise Unfollowed(node, _short(node))
    if isinstance(container, Tensor):
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if container.shape is None:
            return UNKNOWN_VALUE
        return Tensor(index(container.shape, [_index_item(follower, item) for item in items]))
    if isinstance(container, dict):
        key = evaluate(follower, node.slice)
        if isinstance(key, (str, int)) and key in container:
            return container[key]
    raise Unfollowed(node, _short(node))


def _index_item(follower: ForwardFollower, node: ast.expr) -> Any:
    if isinstance(node, ast.Slice):
        bounds = [None if part is None else evaluate(follower, part) for part in (node.lower, node.upper, node.step)]
        if any(bound is UNKNOWN_VALUE or isinstance(bound, Tensor) for bound in bounds):
            return "?"
        return slice(*bounds)
    value = evaluate(follower, node)
    if value is Ellipsis or value is None or isinstance(value, int):
        return value
    if value is UNKNOWN_NUMBER:
        return SOME_INTEGER
    return "?"  # a tensor (or an unknown number) as an index


def _binary(node: ast.BinOp, left: Any, right: Any) -> Any:
    numbers = [side for side in (left, right) if isinstance(side, (int, float)) or side is UNKNOWN_NUMBER]
    if UNKNOWN_NUMBER in numbers and len(numbers) == 2 and type(node.op) in _ARITHMETIC:
        return UNKNOWN_NUMBER
    if isinstance(left, Tensor) or isinstance(right, Tensor):
        if isinstance(node.op, ast.MatMult):
            shapes = [side.shape if isinstance(side, Tensor) else () for side in (left, right)]
            return UNKNOWN_VALUE if None in shapes else Tensor(matmul(*shapes))  # type: ignore[arg-type]
        if type(node.op) in _ARITHMETIC or isinstance(node.op, ast.Pow):
            return _elementwise(left, right)
    elif isinstance(left, list) and isinstance(right, list) and _ARITHMETIC.get(type(node.op)) is operator.add:
        return left + right  # outputs += [output]
    elif isinstance(left, (int, float)) and isinstance(right, (int, float)) and type(node.op) in _ARITHMETIC:
        try:
            return _ARITHMETIC[type(node.op)](left, right)
        except ZeroDivisionError:
            raise Unfollowed(node, "a division by zero") from None
    raise Unfollowed(node, _short(node))


def _elementwise(left: Any, right: Any) -> Tensor:
    """An element-wise operation on a tensor (arithmetic, a comparison), broadcast as torch does."""
    first = left.shape if isinstance(left, Tensor) else ()
    second = right.shape if isinstance(right, Tensor) else ()
    if left is UNKNOWN_VALUE or right is UNKNOWN_VALUE or first is None or second is None:
        return UNKNOWN_VALUE
    return Tensor(broadcast(first, second))


def _arguments(follower: ForwardFollower, node: ast.Call) -> tuple[list[Any], dict[str, Any]]:
    positional: list[Any] = []
    for argument in node.args:
        if isinstance(argument, ast.Starred):
            spread = evaluate(follower, argument.value)
            if not isinstance(spread, (tuple, list)):
                raise Unfollowed(argument, _short(argument))
            positional += list(spread)
        else:
            positional.append(_argument(follower, argument))
    keywords = {keyword.arg: _argument(follower, keyword.value) for keyword in node.keywords if keyword.arg is not None}
    return positional, keywords


def _argument(follower: ForwardFollower, node: ast.expr) -> Any:
    """An argument's value; unknown (with the note) where it cannot be followed, so the call itself still is."""
    try:
        return evaluate(follower, node)
    except Unfollowed as unfollowed:
        follower.follow.fail(unfollowed.node, unfollowed.what)
        return UNKNOWN_VALUE


def _call(follower: ForwardFollower, node: ast.Call) -> Any:
    function = node.func
    names = follower.follow.builder.torch_names
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
        owner = names.get(function.value.id)
        if owner in ("torch", "torch.nn.functional"):
            arguments, keywords = _arguments(follower, node)
            return torch_function(node, function.attr, arguments, keywords)
        if function.value.id in follower.follow.builder.evaluator.math_names and not node.keywords:
            return python.math_function(node, function.attr, _arguments(follower, node)[0])
        if function.value.id == "self" and function.attr not in follower.module.children:
            helper = follower.follow.builder.find_method(_class_of(follower), function.attr)
            if helper is not None:
                arguments, keywords = _arguments(follower, node)
                inner = ForwardFollower(follower.follow, follower.module)
                inner.values.update({k: v for k, v in follower.values.items() if k.startswith("self.")})
                returned = inner.run(helper, arguments, keywords, node)
                # what the helper set on self (self.hidden = ...) stays set for the caller
                follower.values.update({k: v for k, v in inner.values.items() if k.startswith("self.")})
                return returned
    called = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
    if called in _PACKING:
        arguments, keywords = _arguments(follower, node)
        return python.packing(node, called, arguments, keywords)
    file_functions = follower.follow.builder.evaluator.file_functions
    if isinstance(function, ast.Name) and function.id in python.BUILTINS - file_functions.keys() and not node.keywords:
        return python.builtin(node, function.id, _arguments(follower, node)[0])
    if isinstance(function, ast.Attribute) and not is_self(function.value):
        target = evaluate(follower, function.value)
        if isinstance(target, Tensor):
            arguments, keywords = _arguments(follower, node)
            return tensor_method(node, function.attr, target, arguments, keywords)
        if isinstance(target, list) and function.attr in python.LIST_METHODS and not node.keywords:
            return python.list_method(node, target, function.attr, _arguments(follower, node)[0])
        if isinstance(target, ModuleNode) and function.attr not in target.children:  # self.block.inner(x): a call
            return python.module_method(node, target, function.attr, _arguments(follower, node))
    if isinstance(function, ast.Name) and function.id not in follower.values:
        defined = file_functions.get(function.id)
        if defined is None:
            raise Unfollowed(node, _short(node))
        arguments, keywords = _arguments(follower, node)
        return python.run_function(follower, defined, arguments, keywords, node)
    callee = evaluate(follower, function)
    if isinstance(callee, ModuleNode):
        arguments, keywords = _arguments(follower, node)
        return follower.follow.call(callee, arguments, keywords, node)
    if isinstance(callee, TorchFunction):  # self.act(x), where __init__ set self.act = F.gelu
        return torch_function(node, callee.name, *_arguments(follower, node))
    raise Unfollowed(node, _short(node))


def _class_of(follower: ForwardFollower) -> ast.ClassDef:
    node = follower.module.node
    assert isinstance(node, ast.ClassDef)
    return node


def _dim(arguments: list[Any], keywords: dict[str, Any], position: int, default: Any = None) -> Any:
    if "dim" in keywords:
        return keywords["dim"]
    if "axis" in keywords:
        return keywords["axis"]
    return arguments[position] if len(arguments) > position else default


def _tensor_list(node: ast.Call, value: Any) -> list[tuple[int | None, ...]] | None:
    if not isinstance(value, (tuple, list)) or not value or not all(isinstance(item, Tensor) for item in value):
        raise Unfollowed(node, _short(node))
    shapes = [item.shape for item in value]
    known = [shape for shape in shapes if shape is not None]
    return known if len(known) == len(shapes) else None


def torch_function(node: ast.Call, name: str, arguments: list[Any], keywords: dict[str, Any]) -> Any:
    """``torch.cat``, ``torch.bmm``, ``F.relu``, ``torch.mean``... on forward's values."""
    if name in ("cat", "concat", "stack"):
        shapes = _tensor_list(node, arguments[0] if arguments else keywords.get("tensors"))
        dim = _dim(arguments, keywords, 1, 0)
        if shapes is None or not isinstance(dim, int):
            return UNKNOWN_VALUE
        return Tensor(stack(shapes, dim) if name == "stack" else concatenate(shapes, dim))
    if name == "device":
        return python.DEVICE
    if name in _TENSOR_MAKERS and "size" not in keywords:
        sizes = arguments[:-1] if name == "full" and "fill_value" not in keywords else arguments  # full(size, value)
        sizes = list(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
        if all(isinstance(size, int) or size is UNKNOWN_VALUE for size in sizes):
            return Tensor(tuple(None if size is UNKNOWN_VALUE else size for size in sizes))
        raise Unfollowed(node, _short(node))
    if name in ("zeros_like", "ones_like", "randn_like", "empty_like"):
        return arguments[0] if arguments and isinstance(arguments[0], Tensor) else UNKNOWN_VALUE
    if name in ("bmm", "matmul", "mm") and len(arguments) == 2:
        first, second = arguments
        if not isinstance(first, Tensor) or not isinstance(second, Tensor):
            raise Unfollowed(node, _short(node))
        return (
            UNKNOWN_VALUE if first.shape is None or second.shape is None else Tensor(matmul(first.shape, second.shape))
        )
    if name in ("mul", "add", "sub", "div", "maximum", "minimum", "where") and len(arguments) >= 2:
        first, second = (item.shape if isinstance(item, Tensor) else () for item in arguments[-2:])
        if first is None or second is None:
            return UNKNOWN_VALUE
        return Tensor(broadcast(first, second))
    if arguments and isinstance(arguments[0], Tensor):
        return tensor_method(node, name, arguments[0], arguments[1:], keywords)
    raise Unfollowed(node, _short(node))


def tensor_method(node: ast.Call, name: str, tensor: Tensor, arguments: list[Any], keywords: dict[str, Any]) -> Any:
    """``x.permute(0, 2, 1)``, ``x.view(b, -1)``, ``x.mean(dim=1)``... (also as torch functions)."""
    if name in SHAPE_KEEPING:
        return tensor
    if name == "item":
        return UNKNOWN_NUMBER
    if name in ("new_zeros", "new_ones", "new_empty"):  # h = x.new_zeros(batch, hidden): the sizes given
        return torch_function(node, name.removeprefix("new_"), arguments, keywords)
    shape = tensor.shape
    arguments = [UNKNOWN_VALUE if argument is UNKNOWN_NUMBER else argument for argument in arguments]
    if any(argument is UNKNOWN_VALUE for argument in [*arguments, *keywords.values()]) and name not in (
        "view",
        "reshape",
    ):
        return UNKNOWN_VALUE
    if name in ("size", "dim"):
        if name == "dim":
            return UNKNOWN_VALUE if shape is None else len(shape)
        if shape is None:
            return UNKNOWN_VALUE
        dim = _dim(arguments, keywords, 0)
        sizes = _sizes(tensor)
        return sizes if dim is None else sizes[dim]
    if shape is None:
        if name in _REDUCTIONS and name in _PAIRED_REDUCTIONS and _dim(arguments, keywords, 0) is not None:
            return (UNKNOWN_VALUE, UNKNOWN_VALUE)
        return UNKNOWN_VALUE
    if (
        name in ("permute", "view", "reshape", "expand", "repeat")
        and len(arguments) == 1
        and isinstance(arguments[0], tuple)
    ):
        arguments = list(arguments[0])
    if name == "permute":
        return Tensor(permute(shape, arguments or list(keywords.get("dims", ()))))
    if name in ("transpose", "swapaxes") and len(arguments) == 2:
        return Tensor(transpose(shape, *arguments))
    if name == "t":
        return Tensor(tuple(reversed(shape)))
    if name in ("view", "reshape"):
        return Tensor(reshape(shape, [None if size is UNKNOWN_VALUE else size for size in arguments]))
    if name == "unsqueeze":
        return Tensor(unsqueeze(shape, _dim(arguments, keywords, 0)))
    if name == "squeeze":
        return Tensor(squeeze(shape, _dim(arguments, keywords, 0)))
    if name == "flatten":
        return Tensor(
            flatten(
                shape,
                _dim(arguments, keywords, 0, keywords.get("start_dim", 0)),
                keywords.get("end_dim", arguments[1] if len(arguments) > 1 else -1),
            )
        )
    if name == "expand":
        return Tensor(
            tuple(
                old if new == -1 else new
                for old, new in zip((None,) * (len(arguments) - len(shape)) + shape, arguments)
            )
        )
    if name == "repeat" and all(isinstance(size, int) for size in arguments) and len(arguments) >= len(shape):
        padded = (1,) * (len(arguments) - len(shape)) + shape
        return Tensor(tuple(None if size is None else size * times for size, times in zip(padded, arguments)))
    if name in _REDUCTIONS:
        dim = _dim(arguments, keywords, 0)
        if isinstance(dim, Tensor):  # torch.max(a, b): element-wise
            return UNKNOWN_VALUE if dim.shape is None else Tensor(broadcast(shape, dim.shape))
        if dim is not None and not isinstance(dim, (int, tuple)):
            raise Unfollowed(node, _short(node))
        keepdim = bool(
            keywords.get("keepdim", arguments[1] if len(arguments) > 1 and isinstance(arguments[1], bool) else False)
        )
        reduced = Tensor(reduce(shape, list(dim) if isinstance(dim, tuple) else dim, keepdim))
        return (reduced, reduced) if name in _PAIRED_REDUCTIONS and dim is not None else reduced
    if name in ("bmm", "matmul", "mm") and arguments and isinstance(arguments[0], Tensor):
        other = arguments[0].shape
        return UNKNOWN_VALUE if other is None else Tensor(matmul(shape, other))
    if name in ("mul", "add", "sub", "div") and arguments:
        other = arguments[0].shape if isinstance(arguments[0], Tensor) else ()
        return UNKNOWN_VALUE if other is None else Tensor(broadcast(shape, other))
    if name in ("split", "chunk", "unbind"):
        shapes = pieces(name, shape, arguments, keywords)
        if shapes is None:
            raise Unfollowed(node, _short(node))  # how many pieces there are is not known
        return tuple(Tensor(piece) for piece in shapes)
    if name == "numel":
        sizes = [size for size in shape if size is not None]
        return math.prod(sizes) if len(sizes) == len(shape) else UNKNOWN_VALUE
    raise Unfollowed(node, _short(node))
