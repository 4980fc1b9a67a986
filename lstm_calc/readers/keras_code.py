"""Keras Python code (``Sequential([...])``, ``model.add(...)``) read with :mod:`ast`, never run.

The reader follows the module's statements in order: names bound to literals
(``n_features = 126``) are remembered, one ``Sequential(...)`` call is the model, and
each ``.add(...)`` on the name it was assigned to appends a layer. Arguments must be
literals, names bound to literals, or arithmetic on them. Anything else that changes a
shape or a count (``actions.shape[0]``) is an error at its line and column, and its value
can be given as ``--set 'actions.shape[0]=3'``. Count-neutral arguments that are not
literals (``kernel_regularizer=l2(0.01)``) are kept as their source text.
"""

from __future__ import annotations

import ast
import math
import operator
import warnings
from typing import Any, Iterable, Optional

from lstm_calc.arguments import QUOTE_LIMIT, anything, quoted
from lstm_calc.errors import Location, SpecError
from lstm_calc.readers.keras_model import KERAS_CLASSES
from lstm_calc.source import MAX_INTEGER_DIGITS, LocatedDict, LocatedList, new_located_dict, new_located_list, put
from lstm_calc.spec import FIRST_LAYER_INPUT_KEYS, did_you_mean

SEQUENTIAL = "Sequential"
#: Keras's ways to declare the input inside the layer list, and their positional parameters.
INPUT_CALLS = {"Input": ("shape", "batch_size", "dtype"), "InputLayer": ("shape", "batch_size", "dtype")}
#: Keyword arguments of Input and InputLayer (Keras 3 and Keras 2 spellings) and what they give.
INPUT_KEYWORDS = {
    "shape": "shape",
    "input_shape": "shape",
    "batch_shape": "batch_shape",
    "batch_input_shape": "batch_shape",
    "batch_size": "batch_size",
    "dtype": "dtype",
}
SEQUENTIAL_POSITIONAL = ("layers", "trainable", "name")
#: Layer keywords that give the model input (Keras 2 habits): they size everything after them.
INPUT_HABIT_KEYS = (*FIRST_LAYER_INPUT_KEYS, "input_dim")
_ARITHMETIC = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
#: Larger exponents are no layer size, and ``10 ** 10 ** 10`` must not hang the reader.
MAX_EXPONENT = 64
#: An argument is a literal or a little arithmetic; a deeper expression (``1 + 1 + ... + 1``
#: a thousand times) is refused before the recursive walks of ast.dump and the reader meet it.
MAX_EXPRESSION_DEPTH = 100
_INTEGER_LIMIT = 10**MAX_INTEGER_DIGITS
#: ast takes about 500 bytes of memory per byte of crafted code (a list of a million numbers),
#: so code is held to 1 MiB, as much memory at worst as an 8 MiB YAML spec. A model's code is
#: a few kilobytes, a whole training script some tens.
MAX_CODE_BYTES = 1024 * 1024
_TOO_MANY_DIGITS = f"integers in a spec have at most {MAX_INTEGER_DIGITS:,} digits"


class _Unevaluable(Exception):
    """An expression the reader cannot know without running the code."""

    def __init__(self, node: ast.AST) -> None:
        super().__init__(ast.unparse(node))
        self.node = node


def parse_assignments(assignments: Iterable[str]) -> dict[str, tuple[str, Any]]:
    """``--set EXPR=VALUE`` strings as {dump of EXPR's syntax tree: (EXPR, VALUE)}.

    VALUE is read as a Python literal (``3``, ``(5, 126)``, ``'relu'``), or else kept as a string.
    """
    parsed: dict[str, tuple[str, Any]] = {}
    for assignment in assignments:
        expression, value = _split_assignment(assignment)
        try:
            literal = ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            literal = value.strip()
        parsed[ast.dump(ast.parse(expression.strip(), mode="eval").body)] = (expression.strip(), _plain(literal))
    return parsed


def _split_assignment(assignment: str) -> tuple[str, str]:
    """Split at the first '=' that ends a Python expression (``a[b == c]=1`` splits after ``]``)."""
    for index, character in enumerate(assignment):
        if character != "=" or assignment[index + 1 : index + 2] == "=" or assignment[index - 1 : index] in "=<>!":
            continue
        try:
            ast.parse(assignment[:index].strip(), mode="eval")
        except SyntaxError:
            continue
        return assignment[:index], assignment[index + 1 :]
    raise SpecError(
        f"--set {assignment!r} is not EXPRESSION=VALUE, e.g. --set 'actions.shape[0]=3'", path="--set"
    )


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def read_keras_code(text: str, filename: str, assignments: Iterable[str] = ()) -> LocatedDict:
    """The spec data of the one Keras ``Sequential`` model that the Python ``text`` builds."""
    if len(text) > MAX_CODE_BYTES // 4 and len(text.encode("utf-8")) > MAX_CODE_BYTES:
        raise SpecError(
            f"the code is larger than {MAX_CODE_BYTES // (1024 * 1024)} MiB; lstmcalc reads a model's code, "
            "not a whole program (or give the model as a YAML spec)",
            Location(filename, 1, 1),
        )
    try:
        with warnings.catch_warnings():
            # Python warns about dubious code (``1if x``) on stderr; the error line is all that goes there.
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename)
    except SyntaxError as error:
        # Python refuses integer literals of more than 4,300 digits while parsing.
        problem = _TOO_MANY_DIGITS if error.msg.startswith("Exceeds the limit") else f"invalid Python: {error.msg}"
        raise SpecError(problem, Location(filename, error.lineno or 1, error.offset or 1)) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise SpecError(f"cannot parse the Python code: {error}", Location(filename, 1, 1)) from None
    return _CodeReader(filename, tree, parse_assignments(assignments)).read()


def _callee(node: ast.AST) -> Optional[str]:
    """``LSTM`` for ``LSTM(...)``, ``layers.LSTM(...)`` and ``tf.keras.layers.LSTM(...)``."""
    if isinstance(node, ast.Call):
        node = node.func
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return node.attr
    return None


class _CodeReader:
    def __init__(self, filename: str, tree: ast.Module, overrides: dict[str, tuple[str, Any]]) -> None:
        self.filename = filename
        self.tree = tree
        self.overrides = overrides
        #: Names bound to a known value, or to a layer call (read where it is used).
        self.names: dict[str, Any] = {}
        self.calls: dict[str, ast.Call] = {}
        self.model_targets: set[str] = set()
        self.unsupported: list[tuple[str, ast.AST]] = []
        self.model: Optional[ast.Call] = None
        self.layers: list[LocatedDict] = []
        self.layer_locations: list[Location] = []
        self.input: Optional[LocatedDict] = None
        self.name: Optional[tuple[Any, Location, Location]] = None

    def loc(self, node: ast.AST) -> Location:
        return Location(self.filename, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)

    def read(self) -> LocatedDict:
        calls = [node for node in ast.walk(self.tree) if _callee(node) == SEQUENTIAL]
        if not calls:
            raise SpecError(
                "no Keras Sequential model in this code; lstmcalc reads Sequential([...]) and model.add(...) code",
                Location(self.filename, 1, 1),
            )
        if len(calls) > 1:
            lines = sorted(call.lineno for call in calls)
            raise SpecError(
                f"the code builds {len(calls)} Sequential models (lines {', '.join(map(str, lines))}); "
                "lstmcalc reads a file with one",
                self.loc(min(calls, key=lambda call: (call.lineno, call.col_offset))),
            )
        self._refuse_unknown_overrides()
        self.model = calls[0]
        self._walk(self.tree.body, in_loop=False)
        if not self.layers and self.model is not None:
            self._sequential(self.model)  # built where no statement of ours looks (e.g. inside a call)
        self._refuse_unsupported()
        if not self.layers:
            raise SpecError("the Sequential model has no layers", self.loc(calls[0]))
        spec = new_located_dict(self.loc(calls[0]))
        if self.name is not None:
            put(spec, "name", *self.name)
        if self.input is not None:
            put(spec, "input", self.input, self.input.location, self.input.location)
        layers = new_located_list(self.loc(calls[0]), self.layers, self.layer_locations)
        put(spec, "layers", layers, layers.location, layers.location)
        return spec

    # -- statements, in the order they run -------------------------------------------

    def _walk(self, statements: list[ast.stmt], in_loop: bool) -> None:
        for statement in statements:
            self._statement(statement, in_loop)
            loop = in_loop or isinstance(statement, (ast.For, ast.AsyncFor, ast.While))
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(statement, field, None)
                if isinstance(inner, list):
                    self._walk(inner, loop)
            for child in ast.iter_child_nodes(statement):
                if isinstance(child, (ast.ExceptHandler, ast.match_case)):
                    self._walk(child.body, loop)

    def _statement(self, statement: ast.stmt, in_loop: bool) -> None:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if statement.value is self.model:
                self._sequential(statement.value)
                # unparse, not dump: the target is stored to (Store) and later read (Load).
                self.model_targets.update(ast.unparse(target) for target in targets)
                return
            for target in targets:
                if isinstance(target, ast.Name):
                    self._bind(target.id, statement.value)
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            self._method_call(statement.value, in_loop)
        elif isinstance(statement, ast.Return) and statement.value is self.model:
            self._sequential(statement.value)

    def _bind(self, name: str, value: ast.expr) -> None:
        self.names.pop(name, None)
        self.calls.pop(name, None)
        if isinstance(value, ast.Call):
            self.calls[name] = value
            return
        if _too_deep(value):
            return  # as unknown as a call: an error where it is used, not in code the model may not need
        try:
            self.names[name] = self.value(value)
        except _Unevaluable:
            pass

    def _method_call(self, call: ast.Call, in_loop: bool) -> None:
        method = call.func
        if not isinstance(method, ast.Attribute) or ast.unparse(method.value) not in self.model_targets:
            return
        if method.attr in ("add", "build", "pop") and in_loop:
            raise SpecError(
                f"model.{method.attr}(...) in a loop cannot be read without running the code; "
                "write each layer out, or give the model as a YAML spec",
                self.loc(call),
            )
        if method.attr == "add":
            arguments = self._arguments(call, ("layer",), "add")
            if "layer" not in arguments:
                raise SpecError("model.add() needs the layer to add, as in model.add(LSTM(64))", self.loc(call))
            self._add(arguments["layer"])
        elif method.attr == "build":
            shape = self._arguments(call, ("input_shape",), "build").get("input_shape")
            if shape is not None:
                self._set_input(call, {"batch_shape": shape})
        elif method.attr == "pop":
            raise SpecError("model.pop() is not read; remove the layer from the code instead", self.loc(call))

    def _sequential(self, call: ast.Call) -> None:
        self.model = None  # read once
        arguments = self._arguments(call, SEQUENTIAL_POSITIONAL, SEQUENTIAL)
        if "name" in arguments:
            node = arguments["name"]
            keyword = next((k for k in call.keywords if k.arg == "name"), node)
            self.name = (self._required(node, "the model's name"), self.loc(keyword), self.loc(node))
        layers = arguments.get("layers")
        if layers is None:
            return
        if not isinstance(layers, (ast.List, ast.Tuple)):
            raise SpecError(
                f"Sequential's layers must be a list written out, such as [LSTM(64), Dense(3)]; "
                f"got {ast.unparse(layers)}",
                self.loc(layers),
            )
        for item in layers.elts:
            self._add(item)

    def _arguments(self, call: ast.Call, positional: tuple[str, ...], owner: str) -> dict[str, ast.expr]:
        """The call's arguments by parameter name; ``*args`` and ``**kwargs`` cannot be read."""
        if len(call.args) > len(positional):
            raise SpecError(
                f"{owner} takes at most {len(positional)} positional argument"
                f"{'s' if len(positional) != 1 else ''} ({', '.join(positional)}) here; "
                "pass the others by keyword",
                self.loc(call.args[len(positional)]),
            )
        found: dict[str, ast.expr] = {}
        for name, node in zip(positional, call.args):
            if isinstance(node, ast.Starred):
                raise SpecError("*arguments cannot be read without running the code; write them out", self.loc(node))
            found[name] = node
        for keyword in call.keywords:
            if keyword.arg is None:
                raise SpecError(
                    "**keyword arguments cannot be read without running the code; write them out", self.loc(keyword)
                )
            found[keyword.arg] = keyword.value
        return found

    # -- layers -------------------------------------------------------------------------

    def _add(self, node: ast.expr) -> None:
        call = self._layer_call(node)
        class_name = _callee(call)
        if class_name in INPUT_CALLS:
            if self.layers:
                raise SpecError(f"{class_name}(...) must come before the model's layers", self.loc(call))
            self._set_input(call, self._input_arguments(call, class_name))
            return
        layer = self.layer(call)
        if layer is not None:
            self.layers.append(layer)
            self.layer_locations.append(layer.location)

    def _layer_call(self, node: ast.expr) -> ast.Call:
        if isinstance(node, ast.Name) and node.id in self.calls:
            node = self.calls[node.id]
        if not isinstance(node, ast.Call) or _callee(node) is None:
            raise SpecError(
                f"expected a Keras layer such as LSTM(64) here, got {ast.unparse(node)!r}", self.loc(node)
            )
        return node

    def layer(self, call: ast.Call) -> Optional[LocatedDict]:
        """One layer's spec mapping; ``None`` (and a note for the error) for a class lstmcalc lacks."""
        class_name = _callee(call)
        layer_class = KERAS_CLASSES.get(class_name)
        if layer_class is None:
            self.unsupported.append((class_name, call))
            return None
        declared = {spelling: argument for argument in layer_class.arguments.values()
                    for spelling in (argument.name, *argument.aliases)}
        nested = getattr(layer_class, "nested_arguments", ())
        layer = new_located_dict(self.loc(call))
        put(layer, "type", class_name, self.loc(call.func), self.loc(call.func))
        keywords = {keyword.value: keyword for keyword in call.keywords}
        for key, node in self._arguments(call, layer_class.keras_positional, class_name).items():
            key_location = self.loc(keywords.get(node, node))
            if key in nested:
                value = self.layer(self._layer_call(node)) if not _is_none(node) else None
                if value is None:
                    continue
            elif key in declared and declared[key].check is not anything or key in INPUT_HABIT_KEYS:
                value = self._required(node, f"{class_name}'s {key}")
            else:
                value = self._loose(node)
            put(layer, key, value, key_location, self.loc(node))
        return layer

    def _input_arguments(self, call: ast.Call, class_name: str) -> dict[str, ast.expr]:
        given = self._arguments(call, INPUT_CALLS[class_name], class_name)
        return {INPUT_KEYWORDS[key]: node for key, node in given.items() if key in INPUT_KEYWORDS}

    def _set_input(self, call: ast.Call, given: dict[str, ast.expr]) -> None:
        if self.input is not None:
            raise SpecError("the model's input is given twice; keep one", self.loc(call))
        block = new_located_dict(self.loc(call))
        if "batch_shape" in given:
            node = given["batch_shape"]
            batch_shape = self._required(node, "the input's batch shape")
            if not isinstance(batch_shape, LocatedList) or not batch_shape:
                raise SpecError("the batch shape is a tuple with the batch size first, such as (None, 5, 126)",
                                self.loc(node))
            shape = new_located_list(self.loc(node), batch_shape[1:], batch_shape.item_locations[1:])
            put(block, "shape", shape, self.loc(node), self.loc(node))
            if batch_shape[0] is not None:
                put(block, "batch_size", batch_shape[0], batch_shape.item_locations[0], batch_shape.item_locations[0])
        for key in ("shape", "batch_size", "dtype"):
            if key in given:
                node = given[key]
                put(block, key, self._required(node, f"the input's {key}"), self.loc(node), self.loc(node))
        if "shape" not in block:
            raise SpecError("the input needs a shape, such as Input(shape=(5, 126))", self.loc(call))
        self.input = block

    # -- values ---------------------------------------------------------------------------

    def _required(self, node: ast.expr, what: str) -> Any:
        """The value of an expression that matters to shapes or counts: known, or an error."""
        try:
            return self.value(node)
        except _Unevaluable as unknown:
            source = ast.unparse(unknown.node)
            example = source if len(source) <= QUOTE_LIMIT else "EXPRESSION"
            raise SpecError(
                f"cannot evaluate {quoted(source)} ({what}) without running the code; "
                f"give its value with --set '{example}=VALUE'",
                self.loc(unknown.node),
            ) from None

    def _loose(self, node: ast.expr) -> Any:
        """A count-neutral value: known, or its source text (a dotted name's last part: ``tf.nn.relu`` -> relu)."""
        try:
            return self.value(node)
        except _Unevaluable:
            if isinstance(node, ast.Attribute):
                return node.attr
            return ast.unparse(node)

    def value(self, node: ast.expr) -> Any:
        """A literal, a name bound to one, or arithmetic on them, as located data."""
        if _too_deep(node):
            raise SpecError(
                f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep; lstmcalc reads literals, "
                "names bound to them and arithmetic on them",
                self.loc(node),
            )
        return self._value(node)

    def _value(self, node: ast.expr) -> Any:
        if self.overrides:
            key = ast.dump(node)
            if key in self.overrides:
                return _located(self._integer(self.overrides[key][1], node), self.loc(node))
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None))):
            return self._integer(node.value, node)
        if isinstance(node, (ast.Tuple, ast.List)):
            return new_located_list(self.loc(node), [self._value(item) for item in node.elts],
                                    [self.loc(item) for item in node.elts])
        if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                              for k in node.keys):
            mapping = new_located_dict(self.loc(node))
            for key_node, value_node in zip(node.keys, node.values):
                put(mapping, key_node.value, self._value(value_node), self.loc(key_node), self.loc(value_node))
            return mapping
        if isinstance(node, ast.Name) and node.id in self.names:
            return self.names[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self._value(node.operand)
            if _is_number(operand):
                return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            left, right = self._value(node.left), self._value(node.right)
            if _is_number(left) and _is_number(right):
                return self._integer(self._arithmetic(node, left, right), node)
        raise _Unevaluable(node)

    def _integer(self, value: Any, node: ast.expr) -> Any:
        """``value``, unless it is an integer too long for a spec (as YAML and JSON specs refuse)."""
        if isinstance(value, int) and not -_INTEGER_LIMIT < value < _INTEGER_LIMIT:
            raise SpecError(_TOO_MANY_DIGITS, self.loc(node))
        return value

    def _arithmetic(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise _Unevaluable(node)
        try:
            result = _ARITHMETIC[type(node.op)](left, right)
        except (ZeroDivisionError, OverflowError, ValueError):
            raise _Unevaluable(node) from None
        if isinstance(result, float) and not math.isfinite(result):
            raise _Unevaluable(node)
        return result

    # -- what is reported after reading ----------------------------------------------------

    def _refuse_unsupported(self) -> None:
        if not self.unsupported:
            return
        listed = ", ".join(f"{name} (line {call.lineno})" for name, call in self.unsupported)
        count = len(self.unsupported)
        raise SpecError(
            f"the model uses {count} layer{'s' if count > 1 else ''} lstmcalc does not support: {listed}; "
            f"supported layers: {', '.join(KERAS_CLASSES)}",
            self.loc(self.unsupported[0][1].func),
        )

    def _refuse_unknown_overrides(self) -> None:
        """A --set for an expression the code does not have is a typo; say so before anything else."""
        if not self.overrides:
            return
        expressions = {ast.dump(node): ast.unparse(node) for node in _shallow_expressions(self.tree)}
        for key, (written, _) in self.overrides.items():
            if key not in expressions:
                candidates = [text for text in expressions.values() if len(text) < 80]
                raise SpecError(
                    f"--set {written!r}: the code has no such expression{did_you_mean(written, candidates)}",
                    Location(self.filename, 1, 1),
                    "--set",
                )


def _too_deep(node: ast.expr) -> bool:
    """Whether ``node`` nests more than :data:`MAX_EXPRESSION_DEPTH` levels, found without recursion."""
    pending = [(node, 1)]
    while pending:
        current, depth = pending.pop()
        if depth > MAX_EXPRESSION_DEPTH:
            return True
        # Operators and load/store contexts are leaves without a position: not worth a level.
        pending += [(child, depth + 1) for child in ast.iter_child_nodes(current) if hasattr(child, "lineno")]
    return False


def _shallow_expressions(tree: ast.AST) -> list[ast.expr]:
    """Every expression that fits in :data:`MAX_EXPRESSION_DEPTH` levels: those ``--set`` can name.

    Found without recursion, so that no expression in the file (even in code the model
    never uses) sends ast.dump or ast.unparse past Python's recursion limit.
    """
    heights: dict[int, int] = {}
    found: list[ast.expr] = []
    pending: list[tuple[ast.AST, bool]] = [(tree, False)]
    while pending:
        node, children_done = pending.pop()
        if not children_done:
            pending.append((node, True))
            pending += [(child, False) for child in ast.iter_child_nodes(node)]
            continue
        heights[id(node)] = 1 + max((heights[id(child)] for child in ast.iter_child_nodes(node)), default=0)
        if isinstance(node, ast.expr) and heights[id(node)] <= MAX_EXPRESSION_DEPTH:
            found.append(node)
    return found


def _located(value: Any, location: Location) -> Any:
    """A --set value as located data, every part of it at the expression it replaces."""
    if isinstance(value, list):
        return new_located_list(location, [_located(item, location) for item in value], [location] * len(value))
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
