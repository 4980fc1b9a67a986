"""An ``nn.Module``'s ``forward`` followed with :mod:`ast`: which module each tensor goes through.

Each tensor is a reference into the graph spec being built (an input's name, a module's
path); ``out, (h, c) = self.lstm(x)`` gives the recurrent module's output and states, and
how they are used afterwards (``out`` whole, ``out[:, -1]``, ``h[-1]``) decides what the
module returns. ``x.permute(0, 2, 1)`` and ``x.transpose(1, 2)`` around a ``Conv1d`` are
the spec's convention for a Conv1d on a sequence. Whatever else ``forward`` does is a
located error at its line and column when the tensor it makes is used.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import new_located_dict, new_located_list, put
from lstm_calc.readers.torch_modules import RECURRENT_CLASSES, SHAPE_KEEPING, TorchModule

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.errors import Location
    from lstm_calc.located import LocatedDict

#: Functions and tensor methods that keep their input's shape (the first argument, or the tensor).
SHAPE_KEEPING_FUNCTIONS = frozenset(
    {"relu", "tanh", "sigmoid", "gelu", "elu", "silu", "leaky_relu", "dropout", "softmax", "log_softmax", "contiguous"}
)
_FUNCTION_OWNERS = ("torch", "torch.nn.functional")


class Tensor:
    """A tensor of ``forward``: its reference in the graph, and whether its channels come first (Conv1d's way)."""

    def __init__(self, reference: str, channels_first: bool = False, module: TorchModule | None = None) -> None:
        self.reference = reference
        self.channels_first = channels_first
        #: The recurrent module whose whole output this is (its use is decided when it is read).
        self.module = module


class State:
    """``h_n`` or ``c_n`` of a recurrent module."""

    def __init__(self, module: TorchModule) -> None:
        self.module = module


class Failure:
    """A value ``forward`` makes that lstmcalc cannot follow: an error once a module or the output uses it."""

    def __init__(self, error: SpecError) -> None:
        self.error = error


class ForwardReader:
    """Follows ``forward``'s statements and lays out the graph spec's layers and outputs."""

    def __init__(
        self, modules: dict[str, TorchModule], torch_names: dict[str, str], loc: Any, inputs: list[str]
    ) -> None:
        self.modules = modules
        self.torch_names = torch_names
        self.loc = loc
        self.values: dict[str, Any] = {name: Tensor(name) for name in inputs}
        self.layers: list[LocatedDict] = []
        self.called: set[str] = set()
        self.outputs: list[tuple[str, Location]] = []
        #: The modules each input goes into first: the spec's input shape follows from them.
        self.first_uses: dict[str, tuple[TorchModule, bool]] = {}
        self._concatenations = 0

    def read(self, statements: list[ast.stmt]) -> None:
        """Follow ``forward``'s body to its ``return``."""
        for statement in statements:
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                continue  # a docstring
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                self.bind(statement.targets[0], self.attempt(statement.value))
            elif isinstance(statement, ast.Return) and statement.value is not None:
                results = statement.value.elts if isinstance(statement.value, ast.Tuple) else [statement.value]
                for node in results:
                    tensor = self.tensor(node)
                    self.outputs.append((self.reference(tensor, node), self.loc(node)))
                return
            else:
                raise SpecError("lstmcalc cannot follow this statement of forward yet", self.loc(statement))
        raise SpecError("forward returns no tensor", self.loc(statements[-1]) if statements else None)

    def attempt(self, node: ast.expr) -> Any:
        """The value of ``node``, or a :class:`Failure` to raise once it is used."""
        try:
            return self.value(node)
        except SpecError as error:
            return Failure(error)

    def bind(self, target: ast.expr, value: Any) -> None:
        """Bind an assignment target, unpacking a module's (output, states) pair."""
        if isinstance(target, ast.Name):
            self.values[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, Failure):
                for item in target.elts:
                    self.bind(item, value)
                return
            if not isinstance(value, tuple) or len(value) != len(target.elts):
                raise SpecError("lstmcalc cannot unpack this value", self.loc(target))
            for item, part in zip(target.elts, value):
                self.bind(item, part)
        else:
            raise SpecError("lstmcalc follows assignments to names in forward", self.loc(target))

    def tensor(self, node: ast.expr) -> Tensor:
        """The tensor ``node`` gives, or the located error of what cannot be followed."""
        value = self.value(node)
        if isinstance(value, Tensor):
            return value
        if isinstance(value, State):
            raise SpecError(
                "lstmcalc follows a recurrent module's h_n as h[-1] (the last layer's state) only", self.loc(node)
            )
        raise SpecError("lstmcalc cannot follow this value of forward as one tensor", self.loc(node))

    def reference(self, tensor: Tensor, node: ast.expr) -> str:
        """``tensor``'s reference, its recurrent module now known to return its whole sequence."""
        if tensor.channels_first:
            raise SpecError(
                "lstmcalc follows tensors with channels first (after permute/transpose) into Conv1d and "
                "BatchNorm1d only; transpose them back first",
                self.loc(node),
            )
        if tensor.module is not None:
            self.decide(tensor.module, "sequence", node)
        return tensor.reference

    def decide(self, module: TorchModule, use: str, node: ast.expr) -> None:
        """Settle what a recurrent module returns: its whole sequence, or its last step."""
        if module.use not in (None, use):
            raise SpecError(
                f"'{module.path}' gives both its whole sequence and its last step here; lstmcalc follows one of them",
                self.loc(node),
            )
        module.use = use
        put(module.entry, "return_sequences", use == "sequence", module.entry.location, module.entry.location)

    def value(self, node: ast.expr) -> Any:
        """What ``node`` is: a :class:`Tensor`, a :class:`State`, a tuple of them; a located error otherwise."""
        if isinstance(node, ast.Name) and node.id in self.values:
            found = self.values[node.id]
            if isinstance(found, Failure):
                raise found.error
            return found
        if isinstance(node, ast.Tuple):
            return tuple(self.attempt(item) for item in node.elts)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise SpecError(f"lstmcalc cannot follow {_short(node)} in forward", self.loc(node))

    def subscript(self, node: ast.Subscript) -> Any:
        """``out[:, -1, :]``, ``out[:, -1]``, ``h[-1]`` and an item of a module's returned tuple."""
        container = self.value(node.value)
        index = node.slice
        if isinstance(container, tuple) and isinstance(index, ast.Constant) and isinstance(index.value, int):
            if -len(container) <= index.value < len(container):
                found = container[index.value]
                if isinstance(found, Failure):
                    raise found.error
                return found
        if isinstance(container, Tensor) and container.module is not None and _last_step(index):
            self.decide(container.module, "last", node)
            return Tensor(container.reference)
        if isinstance(container, State) and _is_minus_one(index):
            if container.module.bidirectional:
                raise SpecError(
                    f"h[-1] of the bidirectional '{container.module.path}' is the last layer's backward direction "
                    "alone; lstmcalc does not follow it yet (out[:, -1] holds both directions)",
                    self.loc(node),
                )
            # The last layer's h_n of a one-direction module is its output at the last step.
            self.decide(container.module, "last", node)
            return Tensor(container.module.path)
        raise SpecError(f"lstmcalc cannot follow the index {_short(node)} in forward", self.loc(node))

    def call(self, node: ast.Call) -> Any:
        """A module of ``__init__`` called on tensors, torch.cat, permute/transpose, shape-keeping functions."""
        function = node.func
        if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
            if function.value.id == "self" and function.attr in self.modules:
                return self.apply(self.modules[function.attr], node)
            owner = self.torch_names.get(function.value.id)
            if owner in _FUNCTION_OWNERS and function.attr == "cat":
                return self.concatenate(node)
            if owner in _FUNCTION_OWNERS and function.attr in SHAPE_KEEPING_FUNCTIONS and node.args:
                return self.tensor(node.args[0])
            if owner == "torch" and function.attr == "transpose":
                return self.swap(self.tensor(node.args[0]), node.args[1:], node)
        if isinstance(function, ast.Attribute) and owner_is_tensor(function):
            if function.attr in ("permute", "transpose"):
                return self.swap(self.tensor(function.value), node.args, node)
            if function.attr in SHAPE_KEEPING_FUNCTIONS and not node.args:
                return self.tensor(function.value)
        raise SpecError(f"lstmcalc cannot follow {_short(node)} in forward", self.loc(node))

    def swap(self, tensor: Tensor, arguments: list[ast.expr], node: ast.Call) -> Tensor:
        """``x.permute(0, 2, 1)``, ``x.transpose(1, 2)``: a 3-axis tensor's channels first, or back."""
        values = [argument.value for argument in arguments if isinstance(argument, ast.Constant)]
        if values not in ([0, 2, 1], [1, 2], [2, 1], [-1, -2], [-2, -1]):
            raise SpecError(
                f"lstmcalc follows permute(0, 2, 1) and transpose(1, 2) only, not {_short(node)}", self.loc(node)
            )
        reference = tensor.reference
        if tensor.module is not None:
            self.decide(tensor.module, "sequence", node)
        return Tensor(reference, not tensor.channels_first)

    def concatenate(self, node: ast.Call) -> Tensor:
        """``torch.cat([a, b], dim=d)``: a Concatenate layer."""
        parts = node.args[0] if node.args else None
        dims = [keyword.value for keyword in node.keywords if keyword.arg in ("dim", "axis")] + node.args[1:2]
        if not isinstance(parts, (ast.List, ast.Tuple)) or len(dims) != 1 or not isinstance(dims[0], ast.expr):
            raise SpecError("lstmcalc follows torch.cat([tensor, ...], dim=N)", self.loc(node))
        dim = dims[0]
        axis = dim.operand.value if isinstance(dim, ast.UnaryOp) and isinstance(dim.operand, ast.Constant) else None
        axis = -axis if isinstance(axis, int) else dim.value if isinstance(dim, ast.Constant) else None
        if not isinstance(axis, int):
            raise SpecError("lstmcalc follows torch.cat with a literal dim", self.loc(dim))
        references = [self.reference(self.tensor(part), part) for part in parts.elts]
        name = "cat" if not self._concatenations else f"cat_{self._concatenations}"
        self._concatenations += 1
        entry = new_located_dict(self.loc(node))
        for key, value in (("name", name), ("type", "Concatenate"), ("axis", axis)):
            put(entry, key, value, self.loc(node), self.loc(dim if key == "axis" else node))
        put(
            entry,
            "inputs",
            new_located_list(self.loc(parts), references, [self.loc(part) for part in parts.elts]),
            self.loc(parts),
            self.loc(parts),
        )
        self.layers.append(entry)
        return Tensor(name)

    def apply(self, module: TorchModule, node: ast.Call) -> Any:
        """``self.name(x)``: the module's layer entry, fed ``x``; its output."""
        if module.path in self.called:
            raise SpecError(
                f"'{module.path}' is called a second time; lstmcalc follows each module once", self.loc(node)
            )
        self.called.add(module.path)
        if module.class_name == "MultiheadAttention":
            if len(node.args) != 3:
                raise SpecError("lstmcalc follows MultiheadAttention called on (query, key, value)", self.loc(node))
            tensors = [self.tensor(argument) for argument in node.args]
            references = [self.reference(tensor, argument) for tensor, argument in zip(tensors, node.args)]
            self.place(module, references, node, tensors[0])
            weights = module.entry.get("need_weights", True)
            return (Tensor(f"{module.path}[0]"), Tensor(f"{module.path}[1]") if weights else None)
        if len(node.args) < 1 or node.keywords:
            raise SpecError(f"lstmcalc follows '{module.path}' called on one tensor", self.loc(node))
        if len(node.args) > 1 and module.class_name not in RECURRENT_CLASSES:
            raise SpecError(f"lstmcalc follows '{module.path}' called on one tensor", self.loc(node))
        tensor = self.tensor(node.args[0])
        return self.through(module, tensor, node)

    def through(self, module: TorchModule, tensor: Tensor, node: ast.Call) -> Any:
        """The output of ``module`` on ``tensor`` (a Sequential: through each child in turn)."""
        if module.class_name == "Sequential":
            for child in module.children:
                tensor = self.through(child, tensor, node)
            return tensor
        if module.class_name in SHAPE_KEEPING:
            return tensor
        takes_channels_first = module.class_name in ("Conv1d", "BatchNorm1d")
        if module.class_name == "BatchNorm1d" and not tensor.channels_first and tensor.module is None:
            takes_channels_first = False  # (batch, features): BatchNorm1d on a flat tensor
        if takes_channels_first != tensor.channels_first and module.class_name != "BatchNorm1d":
            need = "channels first, (batch, channels, time)" if takes_channels_first else "(batch, ..., features)"
            raise SpecError(
                f"'{module.path}' ({module.class_name}) takes its input {need}; lstmcalc follows the "
                "x.permute(0, 2, 1) / x.transpose(1, 2) that real code writes around a Conv1d",
                self.loc(node),
            )
        if tensor.module is not None:
            self.decide(tensor.module, "sequence", node)
        self.place(module, [tensor.reference], node, tensor)
        if module.class_name in RECURRENT_CLASSES:
            output = Tensor(module.path, module=module)
            states = (State(module), State(module)) if module.class_name == "LSTM" else State(module)
            return (output, states)
        return Tensor(module.path, tensor.channels_first)

    def place(self, module: TorchModule, references: list[str], node: ast.Call, tensor: Tensor) -> None:
        """Add ``module``'s layer entry, fed ``references``."""
        for reference in references:
            if reference in self.values and isinstance(self.values.get(reference), Tensor):
                self.first_uses.setdefault(reference, (module, tensor.channels_first))
        inputs: Any = (
            references[0]
            if len(references) == 1
            else new_located_list(self.loc(node), references, [self.loc(node)] * len(references))
        )
        put(module.entry, "inputs", inputs, self.loc(node), self.loc(node))
        self.layers.append(module.entry)


def owner_is_tensor(function: ast.Attribute) -> bool:
    """Whether ``x.permute`` and the like is called on something other than torch or nn themselves."""
    return not (isinstance(function.value, ast.Name) and function.value.id in ("torch", "nn", "F", "self"))


def _is_minus_one(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and node.operand.value == 1
    )


def _is_full_slice(node: ast.expr) -> bool:
    return isinstance(node, ast.Slice) and node.lower is None and node.upper is None and node.step is None


def _last_step(index: ast.expr) -> bool:
    """``[:, -1, :]`` or ``[:, -1]``."""
    if not isinstance(index, ast.Tuple) or len(index.elts) not in (2, 3):
        return False
    first, second, *rest = index.elts
    return _is_full_slice(first) and _is_minus_one(second) and all(_is_full_slice(item) for item in rest)


def _short(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."
