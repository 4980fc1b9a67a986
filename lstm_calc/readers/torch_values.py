"""The values of PyTorch code: the shared evaluator, with ``self.x``, the file's classes, dicts keyed
by names, and conditions on known values (:mod:`lstm_calc.readers.conditions`).
"""

from __future__ import annotations

import ast
import math
from typing import TYPE_CHECKING, Any, TypeGuard

from lstm_calc.errors import SpecError
from lstm_calc.located import new_located_dict, put
from lstm_calc.readers.conditions import decide, is_condition
from lstm_calc.readers.evaluate import Binding, Environment, Evaluator, Unknown
from lstm_calc.readers.syntax_walk import dotted, made_node, override_key
from lstm_calc.readers.torch_binding_times import Position
from lstm_calc.readers.torch_class_attributes import OWN_CLASS, own_class
from lstm_calc.readers.torch_file_facts import REQUIRED, UNSET, ConfigInstance, refuse_missing_fields
from lstm_calc.readers.torch_known_tensors import (
    _ELEMENT_WISE,
    _FILLING,
    _INIT_MODULES,
    _SHAPE_METHODS,
    TENSOR_MAKERS,
    KnownTensor,
    TensorSizes,
    dimension_refusal,
)
from lstm_calc.readers.torch_lightning import NOT_READ, NamespaceInstance, hyperparameter
from lstm_calc.readers.torch_module_attributes import torch_attribute
from lstm_calc.readers.torch_modules import FileClass, TorchFunction, torch_function_named
from lstm_calc.readers.torch_refusal import HelperRefusal, ShapeRefusal
from lstm_calc.readers.torch_tensor_ops import broadcast

if TYPE_CHECKING:
    from lstm_calc.readers.torch_class_attributes import ClassAttributes
    from lstm_calc.readers.torch_modules import ModuleNode


#: Python's math functions of one number, and its constants, as ``__init__`` and ``forward`` read them.
MATH_FUNCTIONS = {"sqrt": math.sqrt, "log": math.log, "exp": math.exp, "floor": math.floor, "ceil": math.ceil}
MATH_CONSTANTS = {"pi": math.pi, "e": math.e, "inf": math.inf}


def math_of(name: str, argument: Any) -> float | int | None:
    """``math.<name>(argument)`` of one number; None where the argument is no number or math refuses it."""
    if isinstance(argument, (int, float)) and not isinstance(argument, bool):
        try:
            value: float | int = MATH_FUNCTIONS[name](argument)  # floor's and ceil's an int, as math gives it
            return value
        except (ValueError, OverflowError):
            return None
    return None


class TorchEvaluator(Evaluator):
    """The shared evaluator, which also reads ``self.x`` as the attribute ``__init__`` set."""

    #: The file's own classes: a name of one, not bound otherwise, is that class as a value.
    file_classes: frozenset[str] = frozenset()
    #: The file's classes' attributes that lstmcalc can be sure of (``Model.hidden``, ``self.hidden``).
    class_attributes: ClassAttributes | None = None
    #: The names the file binds to ``torch`` itself.
    torch_names: frozenset[str] = frozenset()
    #: What each of the file's names of torch stands for (``F``: ``torch.nn.functional``), as
    #: :func:`~lstm_calc.readers.torch_modules.torch_imports` gives them.
    torch_imports: dict[str, str] = {}  # noqa: RUF012 (set once per file, never changed in place)
    #: What each name the file imports stands for (torch_unknown_modules.file_imports).
    imports: dict[str, str] = {}  # noqa: RUF012 (set once per file, never changed in place)
    #: Every name the file binds itself (then not Python's builtin of that name).
    bound_names: frozenset[str] = frozenset()
    #: The file's classes without bases, whose instances are no module.
    plain_classes: frozenset[str] = frozenset()
    #: The module's names certainly bound to no module (torch_unknown_modules.plain_names).
    plain_names: frozenset[str] = frozenset()
    #: Where module-level code last binds each name (torch_binding_times.last_bindings).
    last_bindings: dict[str, Position] = {}  # noqa: RUF012 (set once per file, never changed in place)
    #: The names each class body has bound where each of its ``def`` runs, by id(def) (ModuleWalker).
    class_names_at_def: dict[int, dict[str, Binding] | None] = {}  # noqa: RUF012 (set once per file)
    #: Where module-level code makes the model (the end of its call), if it does.
    made_at: Position | None = None
    #: The file's module-level functions that forward may call (``def argmax(vec)``), by name.
    file_functions: dict[str, ast.FunctionDef] = {}  # noqa: RUF012 (set once per file, never changed in place)
    #: The names the file binds to Python's math module only (``import math``).
    math_names: frozenset[str] = frozenset()
    #: The names the file binds to Python's random module only (``random.random()`` is some number).
    random_names: frozenset[str] = frozenset()
    #: The file's spellings of the standard library's functools.partial (``partial``, ``functools.partial``).
    partials: frozenset[str] = frozenset()
    #: The file's dataclasses and NamedTuple classes: the method making one, each field with its default (see
    #: :func:`~lstm_calc.readers.torch_file_facts.dataclass_fields`).
    dataclasses: dict[str, tuple[str, list[tuple[str, Any]]]] = {}  # noqa: RUF012 (set once per file, never changed)
    #: How the file spells ``argparse.Namespace`` and ``types.SimpleNamespace``, read as configurations.
    namespaces: frozenset[str] = frozenset()

    def __init__(self, filename: str, overrides: dict[str, tuple[str, Any]]) -> None:
        super().__init__(filename, overrides)
        #: The lists and dicts ``__init__`` changed in a way lstmcalc could not follow, by identity
        #: (kept, so that no other value takes their id): unknown under whatever name reads them.
        self.changed: dict[int, Any] = {}
        #: The value of each default of a parameter, by its expression: made once (see bind_arguments).
        self.defaults: dict[int, Binding] = {}
        #: The changes in place lstmcalc could not follow that the code has made so far, in order, each with the
        #: id of the known list or dict it made unknown (None: one lstmcalc did not know): a --set value read
        #: before one and after it would stand for two states (torch_set_reads); and the ids of the lists and
        #: dicts so made unknown that the --set expression being read went through.
        self.unfollowed_changes: list[tuple[ast.AST, int | None]] = []
        self.forgotten_reads: set[int] = set()
        #: Each --set expression read where the code cannot give it: the count of changes at its first read,
        #: that read and the lists and dicts it went through; the lists and dicts --set gave, by identity
        #: (code changing one is not followed).
        self.set_reads: dict[str, tuple[int, ast.AST, set[int]]] = {}
        self.set_objects: dict[int, Any] = {}

    def forget(self, value: Any, change: ast.AST | None = None) -> None:
        """``value`` (a list or dict) changed in place unknowably (by ``change``): read under any name, it is
        unknown."""
        self.changed[id(value)] = value
        # A --set value's own list or dict is given again at each read: a change of it reaches every read.
        self.changed_unseen(change, None if id(value) in self.set_objects else id(value))

    def changed_unseen(self, change: ast.AST | None, known: int | None = None) -> None:
        """The code changes a list or dict in place (``change``) in a way lstmcalc does not follow: the ``known``
        one (by id), or one lstmcalc does not know."""
        self.unfollowed_changes.append((change or made_node(ast.Pass()), known))

    def _overridden(self, key: str, node: ast.expr, environment: Environment) -> Any:
        saved, self.forgotten_reads = self.forgotten_reads, set()
        try:
            return super()._overridden(key, node, environment)
        finally:
            self.forgotten_reads = saved

    def set_value_read(self, key: str, node: ast.expr, value: Any) -> None:
        from lstm_calc.readers.torch_set_reads import check_set_read  # imported where a --set value is read

        check_set_read(self, key, node, value)

    def no_tensor(self, call: ast.AST, class_name: str) -> tuple[ast.AST, str]:
        """The note's node and words for ``call``, an nn.``class_name`` given no tensor by position, which torch
        would refuse (or whose tensor is unknown); unless a ``--set`` stands in for it there (``--set x=3`` of
        forward's ``x``, then ``self.lstm(x)``): refused, since --set gives no tensor; its shape is --input-shape's."""
        for argument in getattr(call, "args", []):
            key = override_key(argument, self.overrides)
            if key is not None and key in self.set_values_used:
                text = self.overrides[key][0].strip()
                raise SpecError(
                    f"--set {text}: nn.{class_name} takes {text} here as its tensor, which --set cannot give; give "
                    "the shape of a tensor forward takes with --input-shape B,T,... (and no --set)",
                    self.loc(argument),
                    "--set",
                )
        return call, f"nn.{class_name} called with no tensor by position"

    def _value(self, node: ast.expr, environment: Environment) -> Any:
        try:
            value = self._known_value(node, environment)
        except HelperRefusal as refusal:
            if getattr(environment, "in_helper", False):
                raise  # refused where __init__'s code reads the helper (a call, a property), not inside it
            raise refusal.at(node, self.loc(node)) from None
        if isinstance(value, (list, dict)) and id(value) in self.changed:
            self.forgotten_reads.add(id(value))
            raise Unknown(node)
        return value

    def _known_value(self, node: ast.expr, environment: Environment) -> Any:
        key = override_key(node, self.overrides)
        if key is not None and id(node) != self.set_aside:
            return self._overridden(key, node, environment)
        function = torch_function_named(node, self.torch_imports)
        if function is not None:
            return TorchFunction(function)
        if isinstance(node, ast.Name) and node.id in self.file_classes:
            if environment.lookup(node.id).kind != Binding.KNOWN:
                return FileClass(node.id)
        if isinstance(node, ast.Name) and environment.lookup(node.id).kind == Binding.CALL:
            # embedding_matrix = torch.randn(3000, 250), config = GPTConfig(): a call the module-level code made.
            call, where = environment.lookup(node.id).value
            made = self._tensor_value(call, where) if isinstance(call, ast.Call) else None
            if isinstance(made, KnownTensor):
                return made
            if isinstance(call, ast.Call) and self._makes_config(call, where):
                return self._config(call, where)
        if isinstance(node, ast.Call) and self._makes_config(node, environment):
            return self._config(node, environment)
        if (math_value := self._math(node, environment)) is not None:
            return math_value  # math.ceil(d / 3), math.pi
        if (read := hyperparameter(self, node, environment)) is not NOT_READ:
            return read  # self.hparams.hidden_size of a LightningModule
        if isinstance(node, ast.Attribute) and own_class(node.value, self.bound_names):
            binding = environment.lookup(f"{OWN_CLASS}{node.attr}")  # type(self).HIDDEN: the class's
            if binding.kind == Binding.KNOWN:
                return binding.value
            raise Unknown(node)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            binding = environment.lookup(f"self.{node.attr}")
            if binding.kind == Binding.KNOWN:
                return binding.value
            return self._held_tensor(node, getattr(environment, "own_module", None))
        if is_condition(node):
            return decide(node, lambda part: self._value(part, environment))
        tensor_value = self._tensor_value(node, environment)
        if tensor_value is not None:
            return tensor_value
        finder = getattr(environment, "module_of", None)
        if finder is not None and _is_len(node) and environment.is_builtin(node):
            held = finder(node.args[0])
            if held is None:
                try:
                    sized = self._value(node.args[0], environment)
                except Unknown:
                    sized = None
                if isinstance(sized, KnownTensor) and sized.shape:
                    return sized.shape[0]  # len(self.fc.bias): a tensor's first size
            elif (items := held.iterated()) is not None:  # len(self.layers): as many as the container holds
                return len(items)
        if isinstance(node, ast.Attribute):  # config.n_embd (self.x is read above)
            held = finder(node.value) if finder is not None else None
            if held is not None and held.held(node.attr) is not None:
                return self._held_tensor(node, held)  # self.emb.weight: its .shape[1], .size(1) are known
            if held is not None and (reader := getattr(environment, "held_attribute", None)) is not None:
                binding = reader(held, node.attr)  # self.encoder.out_dim of a module of the file's class
                if binding.kind == Binding.KNOWN:
                    return binding.value
            if held is not None:  # self.fc.out_features, embedding.embedding_dim: as torch keeps it
                try:
                    return torch_attribute(held.class_name, node.attr, held.options)
                except KeyError:
                    raise Unknown(node) from None
            try:
                owner = self._value(node.value, environment)
            except Unknown:
                raise Unknown(node) from None  # asked for as written: --set config.n_embd=64
            if isinstance(owner, ConfigInstance):
                if owner.get(node.attr, UNSET) is UNSET:
                    raise Unknown(node)
                return owner[node.attr]
            if isinstance(owner, FileClass):  # Model.hidden: a class attribute
                attributes = {} if self.class_attributes is None else self.class_attributes.of(owner.name)
                attribute = attributes.get(node.attr)
                if attribute is None:
                    raise Unknown(node)
                return attribute.value
        if isinstance(node, ast.Dict) and None not in node.keys:
            # {START_TAG: 3}: keys that are names bound to strings, as well as written strings.
            key_nodes = [key for key in node.keys if key is not None]
            keys = [self._value(key, environment) for key in key_nodes]
            if all(isinstance(key, str) for key in keys):
                mapping = new_located_dict(self.loc(node))
                for key, key_node, value_node in zip(keys, key_nodes, node.values):
                    put(mapping, key, self._value(value_node, environment), self.loc(key_node), self.loc(value_node))
                return mapping
        return super()._value(node, environment)

    def _held_tensor(self, node: ast.Attribute, held: ModuleNode | None) -> KnownTensor:
        """The parameter or buffer ``node`` names (``self.emb.weight``, ``self.w``) as a tensor of its shape, where
        ``held``, the module ``node.value`` names, holds it with a known shape."""
        weight = held.held(node.attr) if held is not None else None
        if weight is None or None in weight.shape:
            raise Unknown(node)
        return KnownTensor(tuple(weight.shape))

    def _math(self, node: ast.expr, environment: Environment) -> float | int | None:
        """``math.f(x)`` of one number, or a math constant, where the file imports math under that name."""
        function = node.func if isinstance(node, ast.Call) else node
        if not (
            isinstance(function, ast.Attribute)
            and isinstance(function.value, ast.Name)
            and function.value.id in self.math_names
        ):
            return None
        if not isinstance(node, ast.Call):
            return MATH_CONSTANTS.get(function.attr)
        if function.attr not in MATH_FUNCTIONS or len(node.args) != 1 or node.keywords:
            return None
        value = math_of(function.attr, self._value(node.args[0], environment))
        if value is None:
            raise Unknown(node)
        return value

    def _makes_config(self, call: ast.Call, environment: Environment) -> bool:
        """Whether ``call`` makes an instance of one of the file's dataclasses (its name not bound otherwise)."""
        function = call.func
        if (
            self.namespaces
            and isinstance(function, (ast.Name, ast.Attribute))
            and ast.unparse(function) in self.namespaces
        ):
            return not call.args and all(keyword.arg is not None for keyword in call.keywords)
        return (
            isinstance(function, ast.Name)
            and function.id in self.dataclasses
            and environment.lookup(function.id).kind != Binding.KNOWN
        )

    def _config(self, call: ast.Call, environment: Environment) -> ConfigInstance:
        """The dataclass instance ``call`` makes: its defaults, then its arguments (unknown ones unset)."""
        maker = None
        if isinstance(call.func, ast.Name) and call.func.id in self.dataclasses:
            (maker, fields), kind = self.dataclasses[call.func.id], ConfigInstance
        else:  # argparse.Namespace(hidden=64): the fields it is given
            fields, kind = [(str(keyword.arg), UNSET) for keyword in call.keywords], NamespaceInstance
        values = kind((name, UNSET if default is REQUIRED else default) for name, default in fields)
        if len(call.args) > len(fields) or any(keyword.arg not in values for keyword in call.keywords):
            raise Unknown(call)  # Python would refuse it
        given = [(name, argument) for (name, _), argument in zip(fields, call.args)]
        given += [(str(keyword.arg), keyword.value) for keyword in call.keywords]
        if maker is not None and not any(isinstance(argument, ast.Starred) for argument in call.args):
            refuse_missing_fields(call, maker, fields, {name for name, _ in given}, self.loc(call))
        for name, argument in given:
            try:
                values[name] = self._value(argument, environment)
            except Unknown:
                values[name] = UNSET
        return values

    def _tensor_value(self, node: ast.expr, environment: Environment) -> Any:
        """``torch.randn(3000, 250)`` as a :class:`KnownTensor`, and its ``.size(i)``, ``.size()``, ``.shape``."""
        if isinstance(node, ast.Attribute) and node.attr == "shape":
            owner = self._value(node.value, environment)
            return TensorSizes(owner.shape) if isinstance(owner, KnownTensor) else None
        if isinstance(node, ast.BinOp) and type(node.op) in _ELEMENT_WISE:
            return self._element_wise(node, environment)  # torch.randn(n, m) * 0.01
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            function = node.func
            if dotted(function.value, self.torch_imports) in _INIT_MODULES and function.attr.endswith("_"):
                filled = self._value(node.args[0], environment)  # nn.init.xavier_uniform_(torch.empty(4, 2))
                return filled if isinstance(filled, KnownTensor) else None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _FILLING:
            filled = self._value(node.func.value, environment)  # torch.empty(n, m).uniform_(-0.1, 0.1)
            return filled if isinstance(filled, KnownTensor) else None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            made = self._literal_or_moved(node, node.func, environment)
            if made is not None:
                return made
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) or node.keywords:
            return None
        function = node.func
        if isinstance(function.value, ast.Name) and function.value.id in self.torch_names:
            if function.attr in ("tril", "triu") and 1 <= len(node.args) <= 2:  # torch.tril(torch.ones(n, n))
                return self._triangle(node, self._value(node.args[0], environment))
            if function.attr not in TENSOR_MAKERS:
                return None
            sizes = [self._value(argument, environment) for argument in node.args]
            if len(sizes) == 1 and isinstance(sizes[0], list):
                sizes = list(sizes[0])
            if not all(isinstance(size, int) and not isinstance(size, bool) and size >= 0 for size in sizes):
                raise Unknown(node)
            return KnownTensor(tuple(sizes))
        if function.attr in _SHAPE_METHODS:
            owner = self._value(function.value, environment)
            if not isinstance(owner, KnownTensor):
                return None
            axes = [self._value(argument, environment) for argument in node.args]
            if function.attr in ("view", "reshape") and len(axes) == 1 and isinstance(axes[0], list):
                axes = axes[0]  # .view((1, 1, n, n))
            if not all(isinstance(axis, int) and not isinstance(axis, bool) for axis in axes):
                raise Unknown(node)
            try:
                reshaped = _SHAPE_METHODS[function.attr](list(owner.shape), axes)
            except ShapeRefusal as refusal:
                raise SpecError(f"torch would refuse this: {refusal}", self.loc(node)) from None
            if reshaped is None:
                raise Unknown(node)
            return KnownTensor(tuple(reshaped))
        if function.attr == "size" and len(node.args) <= 1:
            owner = self._value(function.value, environment)
            if not isinstance(owner, KnownTensor):
                return None
            if not node.args:
                return TensorSizes(owner.shape)
            axis = self._value(node.args[0], environment)
            if not isinstance(axis, int) or isinstance(axis, bool):
                raise Unknown(node)
            if not -len(owner.shape) <= axis < len(owner.shape):
                raise SpecError(dimension_refusal(owner.shape, axis), self.loc(node))
            return owner.shape[axis]
        return None

    def _literal_or_moved(self, node: ast.Call, function: ast.Attribute, environment: Environment) -> Any:
        """``torch.tensor([1.0, 3.0], dtype=...)`` of numbers; ``t.to(device)``, ``t.cuda()``, ``t.cpu()``."""
        from lstm_calc.readers.torch_functions import _literal_shape
        from lstm_calc.readers.torch_unfollowed import Unfollowed

        if function.attr in ("to", "cuda", "cpu"):  # a tensor of known shape keeps it
            try:
                moved = self._value(function.value, environment)
            except Unknown:
                return None
            return moved if isinstance(moved, KnownTensor) else None
        if function.attr not in ("tensor", "as_tensor") or len(node.args) != 1:
            return None
        if not isinstance(function.value, ast.Name) or function.value.id not in self.torch_names:
            return None
        try:
            return KnownTensor(_literal_shape(node, self._value(node.args[0], environment), 1))
        except Unfollowed:
            raise Unknown(node) from None
        except ShapeRefusal as refusal:
            raise SpecError(f"torch would refuse this: {refusal}", self.loc(node)) from None

    def _element_wise(self, node: ast.BinOp, environment: Environment) -> Any:
        """``left op right``: numbers as Python computes them; a tensor of known shape times, plus... a
        number or another such tensor, the broadcast shape. Each side is evaluated once (a long sum
        evaluated twice at every level would take time doubling with its length)."""
        left, right = self._value(node.left, environment), self._value(node.right, environment)
        if not isinstance(left, KnownTensor) and not isinstance(right, KnownTensor):
            return self.binary(node, node.op, left, right)
        if not all(
            isinstance(side, KnownTensor) or isinstance(side, (int, float)) and not isinstance(side, bool)
            for side in (left, right)
        ):
            raise Unknown(node)
        shapes = [side.shape if isinstance(side, KnownTensor) else () for side in (left, right)]
        try:
            shape = broadcast(shapes[0], shapes[1])
        except ShapeRefusal as refusal:
            raise SpecError(f"torch would refuse this: {refusal}", self.loc(node)) from None
        return KnownTensor(tuple(int(size) for size in shape if size is not None))

    def _triangle(self, node: ast.Call, owner: Any) -> KnownTensor | None:
        """``torch.tril(t)`` and ``torch.triu(t)``: ``t``'s shape, which must have two axes or more."""
        if not isinstance(owner, KnownTensor):
            return None
        if len(owner.shape) < 2:
            message = f"torch would refuse this: {node.func.attr}: input tensor must have at least 2 dimensions"  # type: ignore[attr-defined]
            raise SpecError(message, self.loc(node))
        return owner


def _is_len(node: ast.expr) -> TypeGuard[ast.Call]:
    """Whether ``node`` is ``len(x)``, of one argument."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "len"
        and len(node.args) == 1
        and not node.keywords
    )
