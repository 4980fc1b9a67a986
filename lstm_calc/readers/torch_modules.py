"""The ``torch.nn`` modules an ``nn.Module``'s ``__init__`` makes, read with :mod:`ast`, never run.

``__init__`` is followed statement by statement with its parameters bound to the
module-level instantiation's arguments, else to their defaults: ``self.x = nn.LSTM(...)``
makes a module, ``self.hidden = hidden * 2`` and local names make values that later
arguments read (:mod:`lstm_calc.readers.evaluate`), and an ``if`` on a known value runs one
branch. A value that cannot be known is asked for with ``--set`` at its line and column.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedList, new_located_dict, put
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Environment, Evaluator, Unknown, known

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.located import LocatedDict

_RECURRENT = ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size")
#: Each torch.nn class lstmcalc reads, with its constructor's positional parameters (torch 2.x).
TORCH_POSITIONAL: dict[str, tuple[str, ...]] = {
    "LSTM": _RECURRENT,
    "GRU": _RECURRENT[:-1],
    "RNN": ("input_size", "hidden_size", "num_layers", "nonlinearity", *_RECURRENT[3:-1]),
    "Linear": ("in_features", "out_features", "bias"),
    "Embedding": ("num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq"),
    "Dropout": ("p", "inplace"),
    "Conv1d": (
        "in_channels",
        "out_channels",
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "groups",
        "bias",
        "padding_mode",
    ),
    "LayerNorm": ("normalized_shape", "eps", "elementwise_affine", "bias"),
    "BatchNorm1d": ("num_features", "eps", "momentum", "affine", "track_running_stats"),
    "MultiheadAttention": (
        "embed_dim",
        "num_heads",
        "dropout",
        "bias",
        "add_bias_kv",
        "add_zero_attn",
        "kdim",
        "vdim",
        "batch_first",
    ),
}
RECURRENT_CLASSES = ("LSTM", "GRU", "RNN")
#: Modules without weights that keep their input's shape: read, and shown as no row of their own.
SHAPE_KEEPING = frozenset(
    {"ReLU", "Tanh", "Sigmoid", "GELU", "LeakyReLU", "ELU", "SiLU", "Identity", "Softmax", "LogSoftmax"}
)
#: Keywords that change no count nor shape, and that no spec takes.
_DROPPED_KEYWORDS = frozenset({"device", "dtype", "inplace", "_weight", "_freeze", "sparse"})


class TorchModule:
    """One torch.nn module made in ``__init__``: its attribute path, class, spec arguments and call."""

    def __init__(self, path: str, class_name: str, entry: LocatedDict, node: ast.Call) -> None:
        self.path = path
        self.class_name = class_name
        self.entry = entry
        self.node = node
        #: A Sequential's children, in order.
        self.children: list[TorchModule] = []
        #: How forward uses a recurrent module's output: "sequence" (out) or "last" (out[:, -1], h[-1]).
        self.use: str | None = None

    @property
    def bidirectional(self) -> bool:
        """Whether this is a recurrent module with both directions."""
        return bool(self.entry.get("bidirectional", False))


class InitScope(Environment):
    """The names ``__init__`` sees: its locals and ``self.x`` attributes, then the module's names."""

    def __init__(self, outer: Environment) -> None:
        self.outer = outer
        self.bindings: dict[str, Binding] = {}

    def lookup(self, name: str) -> Binding:
        return self.bindings[name] if name in self.bindings else self.outer.lookup(name)

    def is_builtin(self, node: ast.Call) -> bool:
        return self.outer.is_builtin(node)


class TorchEvaluator(Evaluator):
    """The shared evaluator, which also reads ``self.x`` as the attribute ``__init__`` set."""

    def _value(self, node: ast.expr, environment: Environment) -> Any:
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and ast.dump(node) not in self.overrides
        ):
            binding = environment.lookup(f"self.{node.attr}")
            if binding.kind == Binding.KNOWN:
                return binding.value
            raise Unknown(node)
        return super()._value(node, environment)


def torch_class(node: ast.expr, torch_names: dict[str, str]) -> str | None:
    """``LSTM`` for ``nn.LSTM``, ``torch.nn.LSTM`` or ``LSTM`` imported from ``torch.nn``; None otherwise."""
    if isinstance(node, ast.Name):
        return torch_names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = node.value
        if isinstance(owner, ast.Name) and torch_names.get(owner.id) == "torch.nn":
            return node.attr
        if isinstance(owner, ast.Attribute) and owner.attr == "nn" and isinstance(owner.value, ast.Name):
            if torch_names.get(owner.value.id) == "torch":
                return node.attr
    return None


def torch_imports(tree: ast.Module) -> dict[str, str]:
    """The names the file binds to torch itself (``torch``), ``torch.nn`` (``nn``) and its classes (``LSTM``)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "torch" or alias.name.startswith("torch."):
                    if alias.asname:
                        names[alias.asname] = alias.name
                    else:
                        names["torch"] = "torch"
        elif isinstance(node, ast.ImportFrom) and node.module in ("torch", "torch.nn"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names[alias.asname or alias.name] = full if full in ("torch.nn", "torch.nn.functional") else alias.name
    return names


class InitReader:
    """Reads one class's ``__init__``: its modules, in the order it makes them."""

    def __init__(self, evaluator: TorchEvaluator, torch_names: dict[str, str], scope: InitScope) -> None:
        self.evaluator = evaluator
        self.torch_names = torch_names
        self.scope = scope
        self.modules: dict[str, TorchModule] = {}

    def read(self, statements: list[ast.stmt]) -> None:
        """Follow ``statements`` in order."""
        for statement in statements:
            self.statement(statement)

    def statement(self, statement: ast.stmt) -> None:
        """Follow one statement of ``__init__``."""
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            self.assign(statement.targets[0], statement.value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            self.assign(statement.target, statement.value)
        elif isinstance(statement, ast.If):
            try:
                test = self.evaluator.evaluate(statement.test, self.scope)
            except Unknown as unknown:
                raise self.ask(unknown.node, "to decide which branch __init__ runs") from None
            self.read(statement.body if test else statement.orelse)
        elif isinstance(statement, (ast.For, ast.While, ast.With, ast.Try, ast.AugAssign, ast.Assign)):
            if any(self._makes_module(node) for node in ast.walk(statement)):
                raise SpecError(
                    "lstmcalc cannot follow this statement of __init__ yet; make each module with "
                    "self.name = nn.Class(...)",
                    self.evaluator.loc(statement),
                )
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    self.scope.bindings[node.id] = UNKNOWN
                elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                    self.scope.bindings[f"self.{node.attr}"] = UNKNOWN

    def _makes_module(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and torch_class(node.func, self.torch_names) is not None

    def assign(self, target: ast.expr, value: ast.expr) -> None:
        """``self.x = nn.Class(...)`` makes a module; anything else binds a value (or unknown)."""
        attribute = _self_attribute(target)
        if attribute is not None and isinstance(value, ast.Call):
            if torch_class(value.func, self.torch_names) is not None:
                self.modules[attribute] = self.module(attribute, value)
                return
        if attribute is not None:
            self.scope.bindings[f"self.{attribute}"] = self._binding(value)
        elif isinstance(target, ast.Name):
            self.scope.bindings[target.id] = self._binding(value)
        else:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    self.scope.bindings[node.id] = UNKNOWN

    def _binding(self, value: ast.expr) -> Binding:
        try:
            return known(self.evaluator.evaluate(value, self.scope))
        except Unknown:
            return UNKNOWN

    def module(self, path: str, call: ast.Call) -> TorchModule:
        """The module ``call`` makes at ``path``, its arguments in the spec's spelling."""
        class_name = torch_class(call.func, self.torch_names) or ""
        entry = new_located_dict(self.evaluator.loc(call))
        put(entry, "name", path, self.evaluator.loc(call), self.evaluator.loc(call))
        put(entry, "type", class_name, self.evaluator.loc(call.func), self.evaluator.loc(call.func))
        module = TorchModule(path, class_name, entry, call)
        if class_name == "Sequential":
            if call.keywords or any(isinstance(argument, ast.Starred) for argument in call.args):
                raise SpecError("lstmcalc reads nn.Sequential(module, module, ...)", self.evaluator.loc(call))
            for index, argument in enumerate(call.args):
                if not isinstance(argument, ast.Call) or torch_class(argument.func, self.torch_names) is None:
                    raise SpecError(
                        "lstmcalc reads the modules of an nn.Sequential made in its call: nn.Class(...)",
                        self.evaluator.loc(argument),
                    )
                module.children.append(self.module(f"{path}.{index}", argument))
            return module
        if class_name in SHAPE_KEEPING:
            return module
        if class_name not in TORCH_POSITIONAL:
            known_classes = ", ".join(["Sequential", *TORCH_POSITIONAL, *sorted(SHAPE_KEEPING)])
            raise SpecError(
                f"lstmcalc does not read nn.{class_name} yet; it reads {known_classes}", self.evaluator.loc(call.func)
            )
        positional = TORCH_POSITIONAL[class_name]
        if len(call.args) > len(positional) or any(isinstance(argument, ast.Starred) for argument in call.args):
            raise SpecError(f"too many positional arguments for nn.{class_name}", self.evaluator.loc(call))
        given: list[tuple[str, ast.AST, ast.expr]] = [(name, node, node) for name, node in zip(positional, call.args)]
        for keyword in call.keywords:
            if keyword.arg is None:
                raise SpecError(
                    f"lstmcalc cannot read **{ast.unparse(keyword.value)}: give nn.{class_name} its arguments by name",
                    self.evaluator.loc(keyword.value),
                )
            given.append((keyword.arg, keyword, keyword.value))
        for name, key_node, value_node in given:
            if name in _DROPPED_KEYWORDS:
                continue
            try:
                value = self.evaluator.evaluate(value_node, self.scope)
            except Unknown as unknown:
                raise self.ask(unknown.node, f"for {name} of nn.{class_name}") from None
            if isinstance(value, LocatedList) and name in ("normalized_shape",) and len(value) == 1:
                value = value[0]
            put(entry, name, value, self.evaluator.loc(key_node), self.evaluator.loc(value_node))
        if class_name in (*RECURRENT_CLASSES, "MultiheadAttention"):
            if entry.get("batch_first") is not True:
                where = entry.value_location("batch_first") if "batch_first" in entry else self.evaluator.loc(call)
                raise SpecError(
                    f"lstmcalc follows batch-first modules only: give nn.{class_name} batch_first=True "
                    "(and its input as (batch, time, features))",
                    where,
                )
        return module

    def ask(self, node: ast.AST, purpose: str) -> SpecError:
        """The located error asking for the value of ``node`` with --set."""
        text = ast.unparse(node)
        return SpecError(
            f"lstmcalc cannot know the value of {text} {purpose} without running the code; "
            f"give it with --set '{text}=VALUE'",
            self.evaluator.loc(node),
        )


def _self_attribute(target: ast.expr) -> str | None:
    """``x`` for the target ``self.x``."""
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
        return target.attr
    return None


def bind_arguments(
    definition: ast.FunctionDef,
    call: ast.Call | None,
    evaluator: Evaluator,
    call_environment: Environment,
    module_environment: Environment,
) -> dict[str, Binding]:
    """``__init__``'s parameters bound to the instantiation's arguments, else to their defaults."""
    arguments = definition.args
    positional = [*arguments.posonlyargs, *arguments.args][1:]  # without self
    bound: dict[str, Binding] = {}

    def value_of(node: ast.expr, environment: Environment) -> Binding:
        try:
            return known(evaluator.evaluate(node, environment))
        except Unknown:
            return UNKNOWN

    for parameter, default in zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults):
        bound[parameter.arg] = value_of(default, module_environment)
    for parameter, keyword_default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if keyword_default is not None:
            bound[parameter.arg] = value_of(keyword_default, module_environment)
    if call is not None:
        for parameter, node in zip(positional, call.args):
            bound[parameter.arg] = value_of(node, call_environment)
        for keyword in call.keywords:
            if keyword.arg is not None:
                bound[keyword.arg] = value_of(keyword.value, call_environment)
    every = [*positional, *arguments.kwonlyargs]
    return {parameter.arg: bound.get(parameter.arg, UNKNOWN) for parameter in every}
