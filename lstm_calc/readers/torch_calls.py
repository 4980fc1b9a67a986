"""The expressions of ``forward``: module calls, names, attributes, indexing and arithmetic.

:func:`evaluate` gives an expression's value for :class:`~lstm_calc.readers.torch_forward.ForwardFollower`;
torch's functions and tensor methods are :mod:`lstm_calc.readers.torch_functions`, and shapes
follow torch's rules (:mod:`lstm_calc.readers.torch_tensor_ops`). What it cannot follow raises
:class:`~lstm_calc.readers.torch_forward.Unfollowed`.
"""

from __future__ import annotations

import ast
import operator
from typing import Any

from lstm_calc.readers import torch_python as python
from lstm_calc.readers.evaluate import ARITHMETIC, MAX_EXPONENT, Unknown
from lstm_calc.readers.field_records import is_mapping
from lstm_calc.readers.syntax_walk import dotted, is_super, made_node, override_key
from lstm_calc.readers.text_values import format_text, formatted_text
from lstm_calc.readers.torch_classes import decorated
from lstm_calc.readers.torch_container_slices import UnhookedSequential, sliced_container
from lstm_calc.readers.torch_file_facts import UNSET, ConfigInstance
from lstm_calc.readers.torch_forward import ForwardFollower
from lstm_calc.readers.torch_forward_values import UNKNOWN_NUMBER, UNKNOWN_VALUE, Packed, Tensor
from lstm_calc.readers.torch_functions import (
    RESHAPING_IN_PLACE,
    elementwise,
    reshaped_in_place,
    sizes_of,
    tensor_method,
    torch_function,
)
from lstm_calc.readers.torch_known_tensors import refuse_out_of_range, refuse_set_index
from lstm_calc.readers.torch_layout import CONTIGUOUS, indexed, permuted, transposed
from lstm_calc.readers.torch_lightning import Hyperparameters, lightning_based, saved_value
from lstm_calc.readers.torch_modules import ModuleNode, TorchFunction, is_self
from lstm_calc.readers.torch_operation_signatures import ValuesIndices
from lstm_calc.readers.torch_packing import packed_attribute, packed_item, packed_method, packing
from lstm_calc.readers.torch_refusal import ShapeRefusal
from lstm_calc.readers.torch_tensor_ops import SOME_INTEGER, SOME_SLICE, Advanced, index, matmul
from lstm_calc.readers.torch_unfollowed import Unfollowed, _short
from lstm_calc.readers.torch_values import MATH_CONSTANTS

_PACKING = frozenset({"pack_padded_sequence", "pad_packed_sequence"})
_PIECES = frozenset({"split", "chunk", "unbind"})


def evaluate(follower: ForwardFollower, node: ast.expr) -> Any:
    """The value of ``node`` in ``follower``'s ``forward``; a refusal is located at the innermost
    expression torch would refuse."""
    try:
        value = _evaluate(follower, node)
    except ShapeRefusal as refusal:
        refusal.node = refusal.node or node
        raise
    if isinstance(value, tuple) and isinstance(node, ast.Call) and getattr(node.func, "attr", None) in _PIECES:
        budget = follower.follow.budget  # what x.unbind(1) made, each time it runs: bounded in all
        budget.pieces += len(value)
        if spent := budget.spent():
            raise Unfollowed(node, spent)
    return value


def _evaluate(follower: ForwardFollower, node: ast.expr) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    evaluator = follower.follow.builder.evaluator
    key = override_key(node, evaluator.overrides)  # --set self.args.char_dim=8: every read of it, but where
    if key is not None and key not in evaluator.set_arguments:  # it is given as the model's argument alone
        refuse_set_index(node, lambda part: _evaluate(follower, part), evaluator.loc)  # --set x.shape[5]=4
        return evaluator.evaluate(node, follower.scope)
    if isinstance(node, ast.Name):
        if node.id in follower.values:
            return follower.values[node.id]
        if node.id == "self" and follower.takes_self and follower.module.container is not None:
            return follower.module  # for layer in self, self[0], len(self): a container's own modules
        try:
            return follower.follow.builder.evaluator.evaluate(node, follower.scope)
        except Unknown:
            return python.module_level_value(follower, node)
    if isinstance(node, (ast.Tuple, ast.List)):  # [first, *others]: a starred item gives its items
        items = [part for item in node.elts for part in _spread(follower, item)]
        return tuple(items) if isinstance(node, ast.Tuple) else items
    if isinstance(node, ast.Dict) and all(key is not None for key in node.keys):  # {"logits": self.fc(h)}
        keys = [evaluate(follower, key) for key in node.keys if key is not None]
        if not all(isinstance(key, (str, int)) for key in keys):
            raise Unfollowed(node, _short(node))
        return dict(zip(keys, (evaluate(follower, value) for value in node.values)))
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
        if isinstance(operand, Tensor) and not isinstance(operand, Packed):
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
            return elementwise(left, right)
        else:
            return python.compared(node, left, right)
    if isinstance(node, ast.BoolOp):
        return python.boolean(follower, node)
    if isinstance(node, ast.IfExp):
        return _choice(follower, node)
    if isinstance(node, ast.JoinedStr):  # getattr(self, f"linear{i}")
        return formatted_text(
            node, lambda value: evaluate(follower, value), lambda part: Unfollowed(part, _short(part))
        )
    raise Unfollowed(node, _short(node))


def _choice(follower: ForwardFollower, node: ast.IfExp) -> Any:
    """``a if test else b``: the branch the test picks. Where that is not known (``teacher_force``,
    from ``random.random()``), the tensor both branches give alike, if their shapes are one and
    neither calls a module (which the call would record whichever branch ran)."""
    truth = follower.truth(node.test)
    if truth is not None:
        return evaluate(follower, node.body if truth else node.orelse)
    if not all(
        map(python.without_effects, (node.body, node.orelse))
    ):  # both would run: only if neither changes a thing
        raise Unfollowed(node.test, f"which value '{_short(node)}' takes")
    calls = len(follower.follow.calls)
    either = [evaluate(follower, branch) for branch in (node.body, node.orelse)]
    numbers = [branch for branch in either if isinstance(branch, (int, float)) or branch is UNKNOWN_NUMBER]
    if len(numbers) == 2 and len(follower.follow.calls) == calls:  # dropout if self.training else 0: some number
        return numbers[0] if numbers[0] == numbers[1] and numbers[0] is not UNKNOWN_NUMBER else UNKNOWN_NUMBER
    shapes = {branch.shape if isinstance(branch, Tensor) else None for branch in either}
    if len(follower.follow.calls) != calls or len(shapes) != 1 or None in shapes:
        del follower.follow.calls[calls:]
        raise Unfollowed(node.test, f"which value '{_short(node)}' takes")
    first, second = either
    if first.layout != second.layout:  # alike in shape, not in memory: which is not known
        return Tensor(first.shape, first.integer)
    return first


def _attribute(follower: ForwardFollower, node: ast.Attribute) -> Any:
    owner = node.value
    if isinstance(owner, ast.Name) and follower.follow.builder.torch_names.get(owner.id) == "torch":
        if node.attr in python.TORCH_DTYPES:
            return python.DTYPE
    if (
        isinstance(owner, ast.Name)
        and owner.id in follower.follow.builder.evaluator.math_names
        and node.attr in MATH_CONSTANTS
    ):
        return MATH_CONSTANTS[node.attr]
    if isinstance(owner, ast.Name) and owner.id == "self":
        if node.attr in follower.module.children:
            return follower.module.children[node.attr]
        if node.attr in follower.module.dropped and (refusal := python.dropped(follower.module, node)):
            raise refusal  # nn.Module.__init__ ran again after registering it
        if node.attr == "training":  # torchinfo runs forward in eval mode, unless forward changes it
            return follower.values.get("self.training", follower.follow.training.get(id(follower.module), False))
        definition = follower.module.node
        if node.attr == "device" and isinstance(definition, ast.ClassDef):
            if lightning_based(follower.follow.builder, definition):  # LightningModule's property: a device
                return python.DEVICE
        held = follower.module.held(node.attr)
        if held is not None:
            return Tensor(held.shape)
        if f"self.{node.attr}" in follower.values:
            return follower.values[f"self.{node.attr}"]
        try:
            return follower.follow.builder.evaluator.evaluate(node, follower.scope)
        except Unknown:
            return python.init_value(follower, node)
    value = evaluate(follower, owner)
    if isinstance(value, Hyperparameters) and not hasattr(dict, node.attr):  # self.hparams.hidden_size
        return _saved(follower, value, node.attr, node)
    if isinstance(value, ConfigInstance) and value.get(node.attr, UNSET) is not UNSET:
        return value[node.attr]  # self.config.n_embd: a field of the file's dataclass
    if isinstance(value, ModuleNode):
        if node.attr in value.children:
            return value.children[node.attr]
        return python.submodule_value(follower, node, value)
    if isinstance(value, Packed):  # a PackedSequence has no shape of its own
        return packed_attribute(node, value)
    if isinstance(value, Tensor):
        if node.attr == "shape":
            return sizes_of(value)
        if node.attr == "ndim" and value.shape is not None:
            return len(value.shape)
        if node.attr == "T" and value.shape is not None:
            order = list(range(len(value.shape)))[::-1]
            return Tensor(tuple(reversed(value.shape)), layout=permuted(value.shape, value.layout, order))
        if node.attr in ("mT", "mH"):
            from lstm_calc.readers.torch_more_shapes import matrix_transposed  # imported when forward uses one

            if value.shape is None:
                return UNKNOWN_VALUE
            swapped = matrix_transposed(value.shape, node.attr)
            return Tensor(swapped, layout=transposed(value.shape, value.layout, -2, -1))
        if node.attr in ("data", "real"):
            return value
        if node.attr in python.TENSOR_OPAQUE_ATTRIBUTES:
            return python.TENSOR_OPAQUE_ATTRIBUTES[node.attr]
    if isinstance(value, ValuesIndices) and node.attr in value._fields:  # torch.max(x, 1).values
        return getattr(value, node.attr)
    raise Unfollowed(node, _short(node))


def _subscript(follower: ForwardFollower, node: ast.Subscript) -> Any:
    container = evaluate(follower, node.value)
    if isinstance(container, ModuleNode):
        if container.own_protocol:  # its class's own __getitem__
            raise Unfollowed(node, _short(node))
        sliced = isinstance(node.slice, ast.Slice)
        key = _index_item(follower, node.slice) if sliced else evaluate(follower, node.slice)
        slots = container.slots() if container.container != "ModuleDict" else []  # a ModuleDict's keys are names
        if isinstance(key, slice) and container.class_name == "Sequential" and not container.none_slots:
            where = follower.follow.builder.evaluator.loc(node)  # self.seq[:2]: a new nn.Sequential, called or not
            return sliced_container(container, key, node, where, UnhookedSequential)
        if isinstance(key, slice) and container.container in ("Sequential", "ModuleList"):
            return list(slots[key])  # self.layers[:-1]: its modules, to loop over (a new container in torch)
        if isinstance(key, int) and not isinstance(key, bool) and -len(slots) <= key < len(slots):
            return slots[key]
        if isinstance(key, str) and key in container.children:
            return container.children[key]
        raise Unfollowed(node, _short(node))
    if isinstance(container, (tuple, list)):
        key = _index_item(follower, node.slice) if isinstance(node.slice, ast.Slice) else evaluate(follower, node.slice)
        if isinstance(key, int) and -len(container) <= key < len(container):
            return container[key]
        refuse_out_of_range(container, key, node, follower.follow.builder.evaluator.loc)  # x.shape[5]
        if key is UNKNOWN_NUMBER:
            return python.item_at_unknown_index(node, container)
        if isinstance(key, slice):
            return tuple(container[key])
        raise Unfollowed(node, _short(node))
    if isinstance(container, Packed):  # a named tuple: packed[0] is its data
        key = () if isinstance(node.slice, ast.Tuple) else evaluate(follower, node.slice)
        return packed_item(node, container, key)
    if isinstance(container, Tensor):
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if container.shape is None:
            return UNKNOWN_VALUE
        chosen = [_index_item(follower, item) for item in items]
        shape = index(container.shape, chosen)
        return Tensor(shape, layout=indexed(container.shape, container.layout, chosen, shape))
    if is_mapping(container):
        key = evaluate(follower, node.slice)
        if isinstance(container, Hyperparameters):
            return _saved(follower, container, key, node)
        if isinstance(key, (str, int)) and key in container:
            return container[key]
    raise Unfollowed(node, _short(node))


def _saved(follower: ForwardFollower, hparams: Hyperparameters, key: Any, node: ast.expr) -> Any:
    try:
        return saved_value(follower.follow.builder.evaluator, hparams, key, node)
    except Unknown:
        raise Unfollowed(node, _short(node)) from None


def _index_item(follower: ForwardFollower, node: ast.expr) -> Any:
    if isinstance(node, ast.Slice):
        bounds = [None if part is None else evaluate(follower, part) for part in (node.lower, node.upper, node.step)]
        if not all(bound is None or isinstance(bound, int) and not isinstance(bound, bool) for bound in bounds):
            return SOME_SLICE  # a bound from a tensor or an item(): the axis stays, its size unknown
        if bounds[2] is not None and bounds[2] <= 0:
            raise ShapeRefusal("slice step cannot be zero" if bounds[2] == 0 else "step must be greater than zero")
        return slice(*bounds)
    value = evaluate(follower, node)
    if value is Ellipsis or value is None or isinstance(value, int):  # a bool too: x[True] adds an axis
        return value
    if value is UNKNOWN_NUMBER:
        return SOME_INTEGER
    if isinstance(value, list) and all(isinstance(item, int) and not isinstance(item, bool) for item in value):
        return Advanced(1, len(value), tuple(value))  # x[:, [-1]]: the axis kept, one long
    if isinstance(value, Tensor) and value.shape is not None and value.integer:
        return Advanced(len(value.shape), value.shape[0] if len(value.shape) == 1 else None)
    if isinstance(value, Tensor) and value.shape is not None and len(value.shape) == 1:
        return Advanced(1, None)  # an index or a mask (x[lengths > 0]): one axis, of a length the data may decide
    return Advanced(None)  # a mask or index of unknown rank, a tuple: the result's rank is not known


def _binary(node: ast.BinOp, left: Any, right: Any) -> Any:
    numbers = [side for side in (left, right) if isinstance(side, (int, float)) or side is UNKNOWN_NUMBER]
    if UNKNOWN_NUMBER in numbers and len(numbers) == 2 and type(node.op) in ARITHMETIC:
        return UNKNOWN_NUMBER
    if isinstance(left, Packed) or isinstance(right, Packed):  # a named tuple: packed * 2 repeats it
        raise Unfollowed(node, _short(node))
    if isinstance(left, Tensor) or isinstance(right, Tensor):
        if isinstance(node.op, ast.MatMult):
            shapes = [side.shape if isinstance(side, Tensor) else () for side in (left, right)]
            return UNKNOWN_VALUE if None in shapes else Tensor(matmul(*shapes), layout=CONTIGUOUS)  # type: ignore[arg-type]
        if type(node.op) in ARITHMETIC:
            return elementwise(left, right)
    elif isinstance(left, list) and isinstance(right, list) and ARITHMETIC.get(type(node.op)) is operator.add:
        return left + right  # outputs += [output]
    elif isinstance(left, (int, float)) and isinstance(right, (int, float)) and type(node.op) in ARITHMETIC:
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:  # 10 ** 10 ** 10 must not hang forward
            raise Unfollowed(node, _short(node))
        try:
            result = ARITHMETIC[type(node.op)](left, right)
        except ZeroDivisionError:
            raise Unfollowed(node, "a division by zero") from None
        except OverflowError:
            raise Unfollowed(node, _short(node)) from None
        if isinstance(result, (int, float)):  # not (-8) ** 0.5, a complex number
            return result
    raise Unfollowed(node, _short(node))


def _arguments(follower: ForwardFollower, node: ast.Call) -> tuple[list[Any], dict[str, Any]]:
    positional: list[Any] = []
    for argument in node.args:
        positional += (
            _spread(follower, argument) if isinstance(argument, ast.Starred) else [_argument(follower, argument)]
        )
    keywords = {keyword.arg: _argument(follower, keyword.value) for keyword in node.keywords if keyword.arg is not None}
    return positional, keywords


def _spread(follower: ForwardFollower, node: ast.expr) -> list[Any]:
    """The items ``*node`` gives (of a tuple or list), or ``node``'s value alone where it is not starred."""
    if not isinstance(node, ast.Starred):
        return [evaluate(follower, node)]
    spread = evaluate(follower, node.value)
    if not isinstance(spread, (tuple, list)):
        raise Unfollowed(node, _short(node))
    return list(spread)


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
    if isinstance(function, ast.Attribute) and function.attr == "forward" and is_super(function.value):
        from lstm_calc.readers.torch_super_forward import super_forward

        return super_forward(follower, node, *_arguments(follower, node))
    if isinstance(function, ast.Attribute) and dotted(function.value, names) in ("torch", "torch.nn.functional"):
        arguments, keywords = _arguments(follower, node)  # torch.cat, F.relu, torch.nn.functional.softmax
        return torch_function(node, function.attr, arguments, keywords)
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
        if function.value.id in follower.follow.builder.evaluator.math_names and not node.keywords:
            return python.math_function(node, function.attr, _arguments(follower, node)[0])
        if function.value.id in follower.follow.builder.evaluator.random_names:
            return python.random_number(node, function.attr)
        if function.value.id == "self" and function.attr not in follower.module.children:
            helper = follower.follow.builder.find_method(_class_of(follower), function.attr)
            if helper is not None:
                arguments, keywords = _arguments(follower, node)
                inner = ForwardFollower(follower.follow, follower.module)
                inner.values.update({k: v for k, v in follower.values.items() if k.startswith("self.")})
                returned = inner.run(helper, arguments, keywords, node, not decorated(helper, "staticmethod"))
                # what the helper set on self (self.hidden = ...) stays set for the caller
                follower.values.update({k: v for k, v in inner.values.items() if k.startswith("self.")})
                return returned
    called = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
    if called == "getattr" and isinstance(function, ast.Name) and len(node.args) == 2 and not node.keywords:
        name = evaluate(follower, node.args[1])  # getattr(self, f"linear{i}"): self.linear0
        if not isinstance(name, str) or not name or "." in name:
            raise Unfollowed(node, _short(node))
        return evaluate(follower, made_node(ast.Attribute(node.args[0], name, ast.Load()), node))
    if called == "hasattr" and isinstance(function, ast.Name) and len(node.args) == 2 and not node.keywords:
        from lstm_calc.readers.torch_instances import has_attribute  # rare: not at start-up

        owner = follower.module if is_self(node.args[0]) else evaluate(follower, node.args[0])
        found = has_attribute(follower.follow.builder, owner, evaluate(follower, node.args[1]))
        if found is None:
            raise Unfollowed(node, _short(node))
        return found
    if called == "isinstance" and isinstance(function, ast.Name) and len(node.args) == 2 and not node.keywords:
        from lstm_calc.readers.torch_instances import is_instance  # rare: not at start-up

        answer = is_instance(follower.follow.builder, evaluate(follower, node.args[0]), node.args[1], node)
        if answer is None:
            raise Unfollowed(node, _short(node))
        return answer
    if called in _PACKING:
        arguments, keywords = _arguments(follower, node)
        return packing(node, called, arguments, keywords)
    file_functions = follower.follow.builder.evaluator.file_functions
    if isinstance(function, ast.Name) and function.id in python.BUILTINS - file_functions.keys() and not node.keywords:
        return python.builtin(node, function.id, _arguments(follower, node)[0])
    # self.values() in a class based on nn.ModuleDict is the container's own method, as self.heads.values()
    if isinstance(function, ast.Attribute) and is_self(function.value) and function.attr in ("train", "eval"):
        return python.module_method(follower, node, follower.module, function.attr, _arguments(follower, node))
    if isinstance(function, ast.Attribute) and (not is_self(function.value) or follower.module.container):
        target = evaluate(follower, function.value)
        if isinstance(target, Packed):  # a named tuple, whose few methods are not a tensor's
            return packed_method(node, function.attr, target)
        if isinstance(target, Tensor):
            arguments, keywords = _arguments(follower, node)
            if function.attr in RESHAPING_IN_PLACE:
                return reshaped_in_place(follower, node, function, target, arguments, keywords)
            return tensor_method(node, function.attr, target, arguments, keywords)
        if isinstance(target, str) and function.attr == "format" and not node.keywords:  # "gate{}".format(i)
            text = format_text(target, _arguments(follower, node)[0])
            if text is None:
                raise Unfollowed(node, _short(node))
            return text
        if isinstance(target, list) and function.attr in python.LIST_METHODS and not node.keywords:
            return python.list_method(node, target, function.attr, _arguments(follower, node)[0])
        if isinstance(target, ModuleNode) and function.attr not in target.children:  # self.block.inner(x): a call
            return python.module_method(follower, node, target, function.attr, _arguments(follower, node))
    if isinstance(function, ast.Name) and function.id not in follower.values:
        defined = file_functions.get(function.id)
        if defined is None:
            raise Unfollowed(node, _short(node))
        arguments, keywords = _arguments(follower, node)
        return python.run_function(follower, defined, arguments, keywords, node)
    callee = evaluate(follower, function)
    if isinstance(callee, UnhookedSequential):  # self.seq[:2](x): its modules in turn, its own call no row
        return follower.follow.sequence(callee, *_arguments(follower, node), node)
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
