"""Exact values of Python expressions read with :mod:`ast`, never run.

An expression is evaluated in an :class:`Environment`: what each name is bound to at
that point of the code (a :class:`Binding`, as the flow walker of
:mod:`lstm_calc.readers.code_flow` finds it). Known are literals (numbers, strings,
``None``, tuples, lists and dicts of them), names bound to known values, ``+ - * / // %
**`` and unary ``+``/``-`` on numbers, ``(name := value)``, an item of a known list or dict
(``dims[0]``, ``config['units']``, ``config.get('units', 8)``), :data:`BUILTINS` such as ``len`` on
known values, ``"gate{}".format(i)``, and what a call of a function of the file returned where the
flow walker ran it. Anything else raises :class:`Unknown` with the node the value depends on, so that
a reader can ask for it with ``--set`` at that node's line and column; a ``--set`` value replaces
every read of its expression, whatever the code binds to it.

Evaluation recurses once per level and refuses an expression deeper than :data:`MAX_EXPRESSION_DEPTH`
before it starts, so no expression reaches Python's recursion limit.
"""

from __future__ import annotations

import ast
import math
import operator
from typing import TYPE_CHECKING

from lstm_calc.arguments import MAX_INTEGER_DIGITS
from lstm_calc.errors import Location, SpecError
from lstm_calc.located import (
    LocatedDict,
    LocatedList,
    LocatedTuple,
    located_slice,
    located_value,
    new_located_dict,
    new_located_list,
    put,
)
from lstm_calc.readers.field_records import is_mapping
from lstm_calc.readers.python_source import TOO_MANY_DIGITS
from lstm_calc.readers.syntax_walk import child_nodes, override_key, walk
from lstm_calc.readers.text_values import MAX_JOINED_TEXT, format_text, formatted_text, percent_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

ARITHMETIC: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
#: The builtins whose calls the evaluator computes on known values (unless the file rebinds the name).
BUILTINS = frozenset({"len", "min", "max", "sum", "abs", "int", "round", "str", "dict", "list", "tuple"})
#: The methods the evaluator calls on known values: ``"gate{}".format(i)``, ``config.get("units", 8)``.
KNOWN_METHODS = frozenset({"format", "get"})
#: Larger exponents are no layer size, and ``10 ** 10 ** 10`` must not hang the reader.
MAX_EXPONENT = 64
#: An argument is a literal or a little arithmetic; a deeper expression (``1 + 1 + ... + 1``
#: a thousand times) is refused before the recursive walks of ast.dump and the reader meet it.
MAX_EXPRESSION_DEPTH = 100
_INTEGER_LIMIT = 10**MAX_INTEGER_DIGITS


class Unknown(Exception):
    """An expression whose value cannot be known without running the code; ``node`` is what it depends on."""

    def __init__(self, node: ast.AST) -> None:
        super().__init__(type(node).__name__)
        self.node = node


class Binding:
    """What a name is bound to: a known value, a call (a layer read where it is used), or unknown.

    ``mutable`` marks a known value that holds a list or dict, which code can change in
    place through any name that shares it; the flow walker forgets such a value once the
    name is used at all.
    """

    __slots__ = ("kind", "value", "mutable")
    #: UNBOUND: a function's local name that no assignment has bound yet (its value: the function's name).
    KNOWN, CALL, UNKNOWN, UNBOUND = "known", "call", "unknown", "unbound"

    def __init__(self, kind: str, value: Any = None, mutable: bool = False) -> None:
        self.kind = kind
        self.value = value
        self.mutable = mutable

    def same(self, other: Binding) -> bool:
        """Whether both bindings certainly give the same value (``1`` is not ``1.0`` nor ``True``)."""
        if self.kind != other.kind or self.mutable != other.mutable:
            return False
        if self.kind == Binding.KNOWN:
            return _same_value(self.value, other.value)
        return self.kind == Binding.UNKNOWN or self.value is other.value


#: An unbound, deleted or unknowable name.
UNKNOWN = Binding(Binding.UNKNOWN)


def unbound(function: str) -> Binding:
    """A local name of ``function`` read before any assignment to it ran: Python raises UnboundLocalError."""
    return Binding(Binding.UNBOUND, function)


def known(value: Any, mutable: bool = False) -> Binding:
    """A binding to a known value."""
    return Binding(Binding.KNOWN, value, mutable)


class Environment:
    """The names an expression sees: override :meth:`lookup` (and :meth:`named` for ``:=``,
    :meth:`called` for calls of the file's functions, :meth:`is_builtin` for ``len`` and the like)."""

    def lookup(self, name: str) -> Binding:
        """The binding of ``name`` where the expression is; :data:`UNKNOWN` when not sure."""
        return UNKNOWN

    def named(self, node: ast.NamedExpr) -> Binding:
        """The value of a ``(name := value)`` of the statement being read."""
        return UNKNOWN

    def called(self, node: ast.Call) -> Binding:
        """What a call of a function of the file returned, where the code ran it."""
        return UNKNOWN

    def is_builtin(self, node: ast.Call) -> bool:
        """Whether ``node`` calls a builtin of :data:`BUILTINS` that the file does not rebind."""
        return False

    def dimension(self, node: ast.Subscript) -> Binding:
        """The size ``x.shape[i]`` reads from a tensor of a model, where known."""
        return UNKNOWN


class Snapshot(Environment):
    """A fixed set of bindings: what a call bound to a name saw when the code made it."""

    #: The pass of the unrolled loops and function runs (code_loops) it was taken in, where a reader keeps it.
    made_pass = 0

    def __init__(
        self,
        bindings: dict[str, Binding],
        named: dict[int, Binding] | None = None,
        calls: dict[int, Binding] | None = None,
        builtins: frozenset[str] = frozenset(),
    ) -> None:
        self.bindings = bindings
        self.named_values = named or {}
        self.calls = calls or {}
        self.builtins = builtins

    def lookup(self, name: str) -> Binding:
        return self.bindings.get(name, UNKNOWN)

    def named(self, node: ast.NamedExpr) -> Binding:
        return self.named_values.get(id(node), UNKNOWN)

    def called(self, node: ast.Call) -> Binding:
        return self.calls.get(id(node), UNKNOWN)

    def is_builtin(self, node: ast.Call) -> bool:
        return isinstance(node.func, ast.Name) and node.func.id in self.builtins


class Evaluator:
    """Evaluates expressions of one file, with the ``--set`` values given for it."""

    def __init__(self, filename: str, overrides: dict[str, tuple[str, Any]]) -> None:
        self.filename = filename
        #: {ast.dump of an expression: (its text, its value)}, from ``--set``.
        self.overrides = overrides
        #: Whether the last evaluation read a name bound to a mutable value (its result may share it).
        self.read_mutable = False
        #: The expression whose own value is being computed, its --set value left aside (:meth:`_overridden`).
        self.set_aside: int | None = None
        #: The --set expressions read where the code cannot give them, and the first read of each where it can;
        #: and those given as the model's arguments (its __init__'s parameters), which stand nowhere else.
        self.set_values_used: set[str] = set()
        self.set_values_known: dict[str, ast.expr] = {}
        self.set_arguments: set[str] = set()

    def loc(self, node: ast.AST) -> Location:
        """Where ``node`` starts, 1-based."""
        return Location(self.filename, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)

    def evaluate(self, node: ast.expr, environment: Environment, depth_checked: bool = False) -> Any:
        """The exact value of ``node`` as located data; :class:`Unknown` if it depends on what is not known.

        A :class:`SpecError` for an expression nested deeper than :data:`MAX_EXPRESSION_DEPTH`
        (unless the caller has made sure with :func:`too_deep`) or an integer longer than a
        spec may hold.
        """
        if not depth_checked and too_deep(node):
            raise SpecError(
                f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep; lstmcalc reads literals, "
                "names bound to them and arithmetic on them",
                self.loc(node),
            )
        self.read_mutable = False
        return self._value(node, environment)

    def binary(self, node: ast.AST, op: ast.operator, left: Any, right: Any) -> Any:
        """``left op right`` for numbers, exactly as Python computes it, ``+`` of two strings (a name made
        of parts, at most :data:`MAX_JOINED_TEXT` long) and ``%`` formatting (:func:`percent_text`);
        :class:`Unknown` otherwise."""
        if ARITHMETIC.get(type(op)) is operator.add and isinstance(left, str) and isinstance(right, str):
            if len(left) + len(right) > MAX_JOINED_TEXT:
                raise Unknown(node)
            return left + right
        if (isinstance(left, list) or isinstance(right, list)) and not isinstance(op, ast.Mod):
            from lstm_calc.readers.sequence_values import joined_or_repeated  # imported when code joins lists

            sequence = joined_or_repeated(op, left, right, self.loc(node))
            if sequence is None:
                raise Unknown(node)
            return sequence
        if isinstance(op, ast.Mod) and isinstance(left, str) and isinstance(node, ast.BinOp):
            text = percent_text(left, right if isinstance(node.right, ast.Tuple) else [right])
            if text is None:  # "denselayer%d" % (i + 1): plain fields only
                raise Unknown(node)
            return text
        if type(op) not in ARITHMETIC or not all(isinstance(side, (int, float)) for side in (left, right)):
            raise Unknown(node)
        if isinstance(op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise Unknown(node)
        try:
            result = ARITHMETIC[type(op)](left, right)
        except (ZeroDivisionError, OverflowError, ValueError):
            raise Unknown(node) from None
        if isinstance(result, float) and not math.isfinite(result) or isinstance(result, complex):
            raise Unknown(node)
        return self.integer(result, node)

    def _overridden(self, key: str, node: ast.expr, environment: Environment) -> Any:
        """A ``--set`` expression's value where the code cannot give it; the code's own where it can. Read
        everywhere, ``--set n=5`` would also change another function's parameter ``n``, or a name the code
        binds again (``n = n * 2``), which the question it answers was not about."""
        saved, self.set_aside = self.set_aside, id(node)
        try:
            value = self._value(node, environment)
        except Unknown:
            self.set_values_used.add(key)
            given = located_value(self.integer(self.overrides[key][1], node), self.loc(node))
            self.set_value_read(key, node, given)
            return given
        finally:
            self.set_aside = saved
        self.set_values_known.setdefault(key, node)
        return value

    def set_value_read(self, key: str, node: ast.expr, value: Any) -> None:
        """``value``, the ``--set`` value of ``key``, stands for ``node`` (a reader refuses one read at two states)."""

    def integer(self, value: Any, node: ast.AST) -> Any:
        """``value``, unless it is an integer too long for a spec (as YAML and JSON specs refuse)."""
        if isinstance(value, int) and not -_INTEGER_LIMIT < value < _INTEGER_LIMIT:
            raise SpecError(TOO_MANY_DIGITS, self.loc(node))
        return value

    def _value(self, node: ast.expr, environment: Environment) -> Any:
        key = override_key(node, self.overrides)
        if key is not None and id(node) != self.set_aside:
            return self._overridden(key, node, environment)
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None))):
            return self.integer(node.value, node)
        if isinstance(node, (ast.Tuple, ast.List)):
            return new_located_list(
                self.loc(node),
                [self._value(item, environment) for item in node.elts],
                [self.loc(item) for item in node.elts],
                LocatedTuple if isinstance(node, ast.Tuple) else LocatedList,
            )
        if isinstance(node, ast.Dict):
            return self._mapping(node, list(zip(node.keys, node.values)), environment)
        if isinstance(node, ast.Name):
            binding = environment.lookup(node.id)
            if binding.kind == Binding.KNOWN:
                self.read_mutable |= binding.mutable
                return binding.value
            if binding.kind == Binding.UNBOUND:
                raise SpecError(
                    f"Python refuses this (UnboundLocalError: cannot access local variable '{node.id}' where it is "
                    f"not associated with a value): {binding.value} assigns {node.id}, which makes it a name of "
                    f"its own throughout it, not the module's, and no assignment to it has run here",
                    self.loc(node),
                )
        if isinstance(node, ast.NamedExpr):
            binding = environment.named(node)
            if binding.kind == Binding.KNOWN:
                self.read_mutable |= binding.mutable
                return binding.value
            self._value(node.value, environment)  # to point at what is unknown inside it
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self._value(node.operand, environment)
            if is_number(operand):
                return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
            left, right = self._value(node.left, environment), self._value(node.right, environment)
            return self.binary(node, node.op, left, right)
        if isinstance(node, ast.Subscript) and (size := environment.dimension(node)).kind == Binding.KNOWN:
            return size.value
        if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
            try:
                container, key = self._value(node.value, environment), self._value(node.slice, environment)
            except Unknown:
                raise Unknown(node) from None  # asked for as written: --set 'X.shape[1]=7'
            if isinstance(container, (list, tuple)) and isinstance(key, int) and not isinstance(key, bool):
                if -len(container) <= key < len(container):
                    return container[key]
                if (refusal := getattr(container, "index_refusal", None)) is not None:  # a tensor's shape[5]
                    raise SpecError(refusal(ast.unparse(node.value), key), self.loc(node))
            elif is_mapping(container) and isinstance(key, str) and key in container:
                return container[key]
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            return self._slice(node, node.slice, environment)
        if isinstance(node, ast.JoinedStr):  # f"linear{i}"
            return formatted_text(node, lambda value: self._value(value, environment), Unknown)
        if isinstance(node, ast.Call):
            binding = environment.called(node)
            if binding.kind == Binding.KNOWN:
                self.read_mutable |= binding.mutable
                return binding.value
            if environment.is_builtin(node) and getattr(node.func, "id", None) == "dict" and not node.args:
                entries = [(None if keyword.arg is None else keyword, keyword.value) for keyword in node.keywords]
                return self._mapping(node, entries, environment)  # dict(hidden=8, **BASE)
            if environment.is_builtin(node) and not node.keywords:
                from lstm_calc.readers.builtin_values import builtin_value  # imported when code calls len(...)

                return builtin_value(self, node, [self._value(argument, environment) for argument in node.args])
            function = node.func
            if isinstance(function, ast.Attribute) and function.attr == "format" and not node.keywords:
                template = self._value(function.value, environment)  # "gate{}".format(i)
                values = [self._value(argument, environment) for argument in node.args]
                formatted = format_text(template, values)
                if formatted is not None:
                    return formatted
            if isinstance(function, ast.Attribute) and function.attr == "get" and 1 <= len(node.args) <= 2:
                return self._got(node, function.value, environment)
        raise Unknown(node)

    def _got(self, node: ast.Call, mapping_node: ast.expr, environment: Environment) -> Any:
        """``config.get("hidden", 64)`` of a known dict, as Python gives it: the key's value, else the default.

        A known dict is all of the dict: a statement that could change one in place makes it
        unknown (:mod:`lstm_calc.readers.code_scopes`), so a key it lacks is one the code never set.
        """
        try:
            mapping, key = self._value(mapping_node, environment), self._value(node.args[0], environment)
        except Unknown:
            raise Unknown(node) from None  # asked for as written: --set "config.get('hidden', 64)=128"
        # Only a dict: a reader's other dict-like values (a dataclass instance) have no get.
        if node.keywords or type(mapping) not in (dict, LocatedDict) or not isinstance(key, str):
            raise Unknown(node)
        if key in mapping:
            return mapping[key]
        return self._value(node.args[1], environment) if len(node.args) == 2 else None

    def _slice(self, node: ast.Subscript, part: ast.Slice, environment: Environment) -> Any:
        """``sizes[1:]``, ``sizes[:-1]``, ``sizes[::2]`` of a known list, as Python slices it."""
        try:
            container = self._value(node.value, environment)
            bounds = [
                None if bound is None else self._value(bound, environment)
                for bound in (part.lower, part.upper, part.step)
            ]
        except Unknown:
            raise Unknown(node) from None  # asked for as written, as an index is
        if not isinstance(container, (list, tuple)) or bounds[2] == 0:
            raise Unknown(node)
        if not all(bound is None or (isinstance(bound, int) and not isinstance(bound, bool)) for bound in bounds):
            raise Unknown(node)
        return located_slice(container, slice(*bounds), self.loc(node))

    def _mapping(
        self,
        node: ast.expr,
        entries: Sequence[tuple[ast.expr | ast.keyword | None, ast.expr]],
        environment: Environment,
    ) -> LocatedDict:
        """A dict of string keys, as ``{"hidden": 8, **BASE}`` or ``dict(hidden=8, **BASE)`` makes it, in order:
        each key (a string constant or a keyword) and each ``**`` of a known dict. Another key is not known."""
        mapping = new_located_dict(self.loc(node))
        for key, value_node in entries:
            if key is None:  # ** unpacking
                shared = self.read_mutable
                unpacked = self._value(value_node, environment)
                if type(unpacked) is not dict and not isinstance(unpacked, LocatedDict):  # not a dataclass held so
                    raise Unknown(node)
                if all(isinstance(value, (int, float, str, type(None))) for value in unpacked.values()):
                    self.read_mutable = shared  # a new dict: of numbers and strings, it shares nothing with BASE
                at, where = self.loc(value_node), unpacked if isinstance(unpacked, LocatedDict) else None
                items = [
                    (name, value, *((where.key_location(name), where.value_location(name)) if where else (at, at)))
                    for name, value in unpacked.items()
                ]
            elif isinstance(key, ast.keyword) or (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                name = key.arg if isinstance(key, ast.keyword) else key.value
                items = [(name, self._value(value_node, environment), self.loc(key), self.loc(value_node))]
            else:
                raise Unknown(node)
            for name, value, key_at, value_at in items:  # a key given again keeps its place, as in Python
                if isinstance(node, ast.Call) and name in mapping:  # dict(**BASE, hidden=64) of a BASE with one
                    words = f"dict() got multiple values for keyword argument {name!r}"
                    raise SpecError(f"Python refuses this call (TypeError: {words})", self.loc(node))
                put(mapping, name, value, key_at, value_at)
        return mapping


def too_deep(node: ast.AST) -> bool:
    """Whether ``node`` nests more than :data:`MAX_EXPRESSION_DEPTH` levels, found without recursion."""
    pending = [(node, 1)]
    while pending:
        current, depth = pending.pop()
        if depth > MAX_EXPRESSION_DEPTH:
            return True
        # Operators and load/store contexts are leaves without a position: not worth a level.
        pending += [(child, depth + 1) for child in child_nodes(current) if hasattr(child, "lineno")]
    return False


def is_mutable(node: ast.AST) -> bool:
    """Whether the value of ``node`` (an expression no deeper than the limit) may hold a list or dict."""
    return any(
        isinstance(part, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp))
        or (isinstance(part, ast.Call) and getattr(part.func, "id", None) in ("dict", "list"))
        for part in walk(node)
    )


def _same_value(left: Any, right: Any) -> bool:
    if type(left) is not type(right):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same_value, left, right))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(_same_value(left[key], right[key]) for key in left)
    if isinstance(left, float) and math.isnan(left):
        return False
    return bool(left == right)


def is_number(value: Any) -> bool:
    """Whether ``value`` is an int or a float (not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)
