"""The methods of a user's Keras layer class, read statement by statement, never run.

:class:`MethodReader` follows one method body (``__init__``, ``build``, ``compute_output_shape``,
``call``) in the order it runs: assignments to names and to ``self.x`` (the layer's attributes),
tuple unpacking, augmented assignment, ``if`` on known values, ``self.add_weight(...)``,
``super().__init__(...)``/``super().build(...)`` (which change no count), and ``return``. Values
are numbers, strings, tuples, attributes and module constants (the flow walker's bindings), and
tensors (:class:`~lstm_calc.readers.custom_tensors.TensorShape`). A value lstmcalc cannot follow is
remembered with why, and is an error only where a weight's shape or the output needs it; a
statement it cannot follow (a loop, ``try``) makes what it binds unknown the same way, and is an
error at once if it could create weights.
"""

from __future__ import annotations

import ast
import operator
from typing import TYPE_CHECKING, Any, NamedTuple

from lstm_calc.readers.custom_tensors import (
    CONSTANTS,
    TensorShape,
    Unfollowed,
    WeightUnfollowed,
    broadcast,
    call_shape,
    function_name,
    matmul,
    shape_of,
    source_text,
)
from lstm_calc.readers.evaluate import ARITHMETIC, Binding, Environment, Unknown
from lstm_calc.readers.lambda_shapes import indexed
from lstm_calc.readers.syntax_walk import augmented_value, dotted, is_super_call, override_key, walk
from lstm_calc.readers.text_values import format_text, formatted_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.readers.evaluate import Evaluator

#: ``add_weight``'s positional parameters in Keras 3 (Keras 2 took ``name`` first).
ADD_WEIGHT_POSITIONAL = ("shape", "initializer", "dtype")
#: What ``super().__init__(...)`` may give Keras's ``Layer`` that the summary shows: its name, and its dtype
#: policy, which sizes the weights.
SUPER_KEYWORDS = ("name", "dtype")
#: The operators tuples take: ``+`` joins two, ``*`` repeats one.
_JOINS, _REPEATS = (ast.Add,), (ast.Mult,)
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = dict(
    zip(
        (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot),
        (operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge, operator.is_, operator.is_not),
    )
)


class NewWeight(NamedTuple):
    """A weight ``add_weight`` creates: its name (None: Keras names it), shape, whether trainable, where,
    and its dtype (None: the layer's variable dtype)."""

    name: str | None
    shape: tuple[int, ...]
    trainable: bool
    node: ast.Call
    dtype: str | None = None


class Unset:
    """A value lstmcalc could not follow: using it raises why."""

    def __init__(self, error: Unfollowed) -> None:
        self.error = error


class _Names(Environment):
    """The module's names as the evaluator sees them, for ``--set`` and module constants."""

    def __init__(self, module: dict[str, Binding]) -> None:
        self.module = module

    def lookup(self, name: str) -> Binding:
        return self.module.get(name, Binding(Binding.UNKNOWN))


class MethodReader:
    """Reads methods of one layer object: ``attributes`` are its ``self.x``, ``weights`` what it created."""

    def __init__(
        self,
        evaluator: Evaluator,
        module: dict[str, Binding],
        modules: dict[str, str],
        attributes: dict[str, Any] | None = None,
        floatx: Callable[[], str] = lambda: "float32",
    ) -> None:
        self.evaluator = evaluator
        #: What ``floatx()`` gives: float32 unless the file calls ``set_floatx``.
        self.floatx = floatx
        self.module = module
        self.modules = modules
        self.attributes: dict[str, Any] = dict(attributes or {})
        self.weights: list[NewWeight] = []
        self.self_name = "self"
        self.locals: dict[str, Any] = {}
        self.returned: Any = None
        #: What ``super().__init__(name=..., dtype=...)`` gives Keras's ``Layer``, if the method calls it so.
        self.super_given: dict[str, Any] = {}

    def run(self, method: ast.FunctionDef, arguments: dict[str, Any]) -> Any:
        """Read ``method``'s body with its parameters (after ``self``) bound to ``arguments``; what it returns."""
        positional = [*method.args.posonlyargs, *method.args.args]
        self.self_name = positional[0].arg if positional else "self"
        self.locals = dict(arguments)
        self.returned = None
        self._body(method.body)
        return self.returned

    # -- statements ----------------------------------------------------------------------------

    def _body(self, statements: list[ast.stmt]) -> bool:
        """Read ``statements``; whether a ``return`` ended them."""
        for statement in statements:
            if self._statement(statement):
                return True
        return False

    def _statement(self, statement: ast.stmt) -> bool:
        if isinstance(statement, ast.Return):
            self.returned = None if statement.value is None else self.value(statement.value)
            return True
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            value = self._quiet(statement.value)
            for target in targets:
                self._assign(target, value)
        elif isinstance(statement, ast.AugAssign):
            self._assign(statement.target, self._quiet(augmented_value(statement)))
        elif isinstance(statement, ast.Expr):
            if is_super_call(statement.value):  # super().__init__(**kwargs), super().build(shape): no count changes
                for keyword in statement.value.keywords:
                    if keyword.arg in SUPER_KEYWORDS:
                        self.super_given[keyword.arg] = self._quiet(keyword.value)
            elif not isinstance(statement.value, ast.Constant):
                self.value(statement.value)
        elif isinstance(statement, ast.If):
            return self._if(statement)
        elif not isinstance(statement, (ast.Pass, ast.Assert)):
            self._unfollowed(statement)
        return False

    def _if(self, statement: ast.If) -> bool:
        test = self._quiet(statement.test)
        if not isinstance(test, Unset):
            return self._body(statement.body if test else statement.orelse)
        if self._creates_weights(statement):
            raise Unfollowed(
                statement.test, f"cannot tell whether {source_text(statement.test)} holds, and a branch creates weights"
            )
        saved = (dict(self.locals), dict(self.attributes), self.returned)
        ended = [self._body(statement.body)]
        taken = (self.locals, self.attributes, self.returned)
        self.locals, self.attributes, self.returned = dict(saved[0]), dict(saved[1]), saved[2]
        ended.append(self._body(statement.orelse))
        undecided = Unset(Unfollowed(statement.test, f"cannot tell whether {source_text(statement.test)} holds"))
        for mine, theirs in ((self.locals, taken[0]), (self.attributes, taken[1])):
            for name in set(mine) | set(theirs):
                if name not in mine or name not in theirs or not _same(mine[name], theirs[name]):
                    mine[name] = undecided
        if ended[0] != ended[1] or not _same(self.returned, taken[2]):
            self.returned = undecided
        return all(ended)

    def _unfollowed(self, statement: ast.stmt) -> None:
        """A statement lstmcalc does not read (a loop, ``try``): what it binds is unknown."""
        error = Unfollowed(statement, f"cannot follow the {type(statement).__name__.lower()} statement at its line")
        deletes = any(isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Del) for node in walk(statement))
        if self._creates_weights(statement) or deletes:  # del self.w: Keras no longer tracks the weight
            raise error
        for node in walk(statement):
            if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Store):
                self._assign(node, Unset(error))

    def _creates_weights(self, statement: ast.AST) -> bool:
        return any(
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_weight"
            for node in walk(statement)
        )

    def _assign(self, target: ast.expr, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.locals[target.id] = value
        elif self._is_self_attribute(target):
            assert isinstance(target, ast.Attribute)
            self.attributes[target.attr] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = list(value) if isinstance(value, tuple) and len(value) == len(target.elts) else None
            for index, item in enumerate(target.elts):
                unset = Unset(Unfollowed(target, f"cannot unpack {source_text(target)} without running the code"))
                self._assign(item, items[index] if items is not None else value if isinstance(value, Unset) else unset)

    def _is_self_attribute(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == self.self_name

    # -- expressions -------------------------------------------------------------------------------

    def _quiet(self, node: ast.expr) -> Any:
        try:
            return self.value(node)
        except WeightUnfollowed:
            raise
        except Unfollowed as error:
            return Unset(error)

    def value(self, node: ast.expr) -> Any:
        """The value of ``node``: a number, string, tuple, tensor...; :class:`Unfollowed` when unknown."""
        found = self._value(node)
        if isinstance(found, Unset):
            raise found.error
        return found

    def _value(self, node: ast.expr) -> Any:
        if override_key(node, self.evaluator.overrides) is not None:
            return self._module_value(node)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self.value(item) for item in node.elts)
        if isinstance(node, ast.Name):
            if node.id in self.locals:
                return self.locals[node.id]
            return self._module_value(node)
        if self._is_self_attribute(node):
            assert isinstance(node, ast.Attribute)
            if node.attr in self.attributes:
                return self.attributes[node.attr]
            raise Unfollowed(node, f"{source_text(node)} is not set before it is read")
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BinOp):
            return self._binary(node, self.value(node.left), self.value(node.right))
        if isinstance(node, ast.BoolOp):
            values = [self.value(item) for item in node.values]
            result = values[0]
            for item in values[1:]:
                result = (result and item) if isinstance(node.op, ast.And) else (result or item)
            return result
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            return self.value(node.body if self.value(node.test) else node.orelse)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.JoinedStr):
            return formatted_text(node, self.value, Unfollowed)
        raise Unfollowed(node)

    def _module_value(self, node: ast.expr) -> Any:
        try:
            found = self.evaluator.evaluate(node, _Names(self.module))
        except Unknown:
            raise Unfollowed(node) from None
        return tuple(found) if isinstance(found, list) else found

    def _unary(self, node: ast.UnaryOp) -> Any:
        operand = self.value(node.operand)
        if isinstance(node.op, ast.Not) and not isinstance(operand, TensorShape):
            return not operand
        if isinstance(operand, TensorShape) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return operand
        if _is_number(operand) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return -operand if isinstance(node.op, ast.USub) else operand
        raise Unfollowed(node)

    def _binary(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        if isinstance(left, TensorShape) or isinstance(right, TensorShape):
            if isinstance(node.op, ast.MatMult):
                return matmul(shape_of(left, node.left), shape_of(right, node.right), node)
            if type(node.op) not in ARITHMETIC:
                raise Unfollowed(node)
            return broadcast(shape_of(left, node.left), shape_of(right, node.right), node)
        # (input_shape[-1],) + (self.units,), (1,) * rank: Python's own tuple arithmetic.
        if isinstance(left, tuple) and isinstance(node.op, _JOINS) and isinstance(right, tuple):
            return left + right
        if isinstance(left, tuple) and isinstance(node.op, _REPEATS) and isinstance(right, int):
            return left * right
        try:
            return self.evaluator.binary(node, node.op, left, right)
        except Unknown:
            raise Unfollowed(node) from None

    def _compare(self, node: ast.Compare) -> bool:
        left = self.value(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.value(comparator)
            if type(op) not in _COMPARE or isinstance(left, TensorShape) or isinstance(right, TensorShape):
                raise Unfollowed(node)
            try:
                if not bool(_COMPARE[type(op)](left, right)):
                    return False
            except TypeError:
                raise Unfollowed(node) from None
            left = right
        return True

    def _subscript(self, node: ast.Subscript) -> Any:
        container = self.value(node.value)
        if isinstance(container, TensorShape):
            shape = indexed(container.shape, node.slice)
            if shape is None:
                raise Unfollowed(node)
            return TensorShape(shape)
        if isinstance(node.slice, ast.Slice):
            bounds = [
                None if part is None else self.value(part)
                for part in (node.slice.lower, node.slice.upper, node.slice.step)
            ]
            if isinstance(container, tuple) and all(bound is None or isinstance(bound, int) for bound in bounds):
                if bounds[2] != 0:
                    return container[slice(*bounds)]
            raise Unfollowed(node)
        key = self.value(node.slice)
        if isinstance(container, tuple) and isinstance(key, int) and -len(container) <= key < len(container):
            return container[key]
        if isinstance(container, dict) and isinstance(key, str) and key in container:
            return container[key]
        raise Unfollowed(node)

    def _call(self, call: ast.Call) -> Any:
        func = call.func
        if isinstance(func, ast.Attribute) and self._is_self_attribute(func) and func.attr == "add_weight":
            return self._add_weight(call)
        if any(isinstance(argument, ast.Starred) for argument in call.args) or any(
            k.arg is None for k in call.keywords
        ):
            raise Unfollowed(call)
        if isinstance(func, ast.Name) and func.id not in self.locals and func.id not in self.module:
            return self._builtin(call, func.id)
        if isinstance(func, ast.Attribute) and func.attr == "format" and not call.keywords:
            text = format_text(self.value(func.value), [self.value(argument) for argument in call.args])
            if text is None:
                raise Unfollowed(call)
            return text
        path = dotted(func, self.modules) if isinstance(func, ast.Attribute) else None
        name = function_name(path)
        if name is None or path is None:
            raise Unfollowed(call)
        if name in CONSTANTS and not call.args:
            return self.floatx() if name == "floatx" else CONSTANTS[name]
        return call_shape(name, path, call, self.value, [self.value(argument) for argument in call.args])

    def _builtin(self, call: ast.Call, name: str) -> Any:
        arguments = [self.value(argument) for argument in call.args]
        if call.keywords or len(arguments) != 1:
            raise Unfollowed(call)
        (argument,) = arguments
        if name in ("tuple", "list") and isinstance(argument, tuple):
            return argument
        if name == "int" and _is_number(argument):
            return int(argument)
        if name == "len" and isinstance(argument, (tuple, str)):
            return len(argument)
        raise Unfollowed(call)

    def _add_weight(self, call: ast.Call) -> TensorShape:
        try:
            return self._new_weight(call)
        except WeightUnfollowed:
            raise
        except Unfollowed as error:
            raise WeightUnfollowed(error.node, error.reason) from None

    def _new_weight(self, call: ast.Call) -> TensorShape:
        if len(call.args) > len(ADD_WEIGHT_POSITIONAL):
            raise Unfollowed(call, "add_weight() takes at most 3 positional arguments (shape, initializer, dtype)")
        if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
            raise Unfollowed(
                call.args[0],
                "add_weight() takes the name first in Keras 2 only; Keras 3 takes the shape first and refuses it: "
                "write add_weight(shape=..., name=...)",
            )
        given = dict(zip(ADD_WEIGHT_POSITIONAL, call.args))
        given |= {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg is not None}
        shape = self.value(given["shape"]) if "shape" in given else ()
        if isinstance(shape, int) and not isinstance(shape, bool):
            shape = (shape,)
        if not isinstance(shape, tuple) or not all(
            isinstance(size, int) and not isinstance(size, bool) for size in shape
        ):
            where = given.get("shape", call)
            raise Unfollowed(
                where, f"the weight's shape {source_text(where)} is {_shown(shape)}; Keras needs every size"
            )
        trainable = self.value(given["trainable"]) if "trainable" in given else True
        name = self.value(given["name"]) if "name" in given else None
        if not isinstance(trainable, bool) or not (name is None or isinstance(name, str)):
            raise Unfollowed(call)
        dtype = None
        if "dtype" in given:
            from lstm_calc.readers.custom_dtypes import weight_dtype

            dtype = weight_dtype(self, given["dtype"])
        self.weights.append(NewWeight(name, shape, trainable, call, dtype))
        return TensorShape(shape)


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, Unset) or isinstance(right, Unset):
        return left is right
    return type(left) is type(right) and bool(left == right)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return (
            "("
            + ", ".join("None" if size is None else str(size) for size in value)
            + ("," if len(value) == 1 else "")
            + ")"
        )
    return "unknown"
