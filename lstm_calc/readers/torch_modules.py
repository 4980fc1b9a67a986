"""The model as torch holds it: a tree of modules, each with its own parameters and buffers.

A :class:`ModuleNode` is one module of the tree: a torch.nn class (its weights asked of the
layer class under the PyTorch convention, :mod:`lstm_calc.layers`), a container
(``nn.Sequential``, ``nn.ModuleList``, ``nn.ModuleDict``) or one of the file's own classes
(its ``forward`` followed where it is called). Paths are the state_dict's prefixes.
"""

from __future__ import annotations

import ast
from functools import partial
from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import PYTORCH
from lstm_calc.errors import SpecError
from lstm_calc.layers import LayerInputError, Weight
from lstm_calc.located import LocatedList, new_located_dict, put
from lstm_calc.naming import AutoNamer
from lstm_calc.readers.evaluate import Binding, Environment, Evaluator, Unknown
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import dotted, nodes_of, walk
from lstm_calc.readers.torch_arguments import spread_keywords, spread_positional
from lstm_calc.readers.torch_kinds import CONTAINERS, DROPPED_KEYWORDS, TORCH_KINDS, TorchKind
from lstm_calc.readers.torch_lightning import is_lightning_name, lightning_imports, names_lightning_module
from lstm_calc.readers.torch_loss_kinds import tensor_argument

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from lstm_calc.layers.base import Layer
    from lstm_calc.located import LocatedDict


class TorchClass:
    """A torch.nn class held as a value (``self.cell = nn.LSTM``, ``getattr(nn, name)``)."""

    def __init__(self, name: str) -> None:
        self.name = name


class TorchFunction:
    """One of torch's activation functions held as a value (``activation=F.gelu``, ``self.act = torch.tanh``)."""

    def __init__(self, name: str) -> None:
        self.name = name


#: The activation functions read as values: torch.nn.functional's, and those torch itself has too;
#: each with the torch.nn module that applies it.
FUNCTIONAL_ACTIVATIONS = {
    "relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "gelu": "GELU", "elu": "ELU", "selu": "SELU", "silu": "SiLU",
    "leaky_relu": "LeakyReLU", "relu6": "ReLU6", "softplus": "Softplus", "mish": "Mish",
}  # fmt: skip
TORCH_ACTIVATIONS = frozenset(("relu", "tanh", "sigmoid"))


class FileClass:
    """One of the file's own classes held as a value (``CNNModuleList(ConvLayerA)``)."""

    def __init__(self, name: str) -> None:
        self.name = name


class ModuleNode:
    """One module of the tree: its class, its children by name, the parameters and buffers it holds itself."""

    def __init__(self, class_name: str, node: ast.AST, kind: TorchKind | None = None) -> None:
        self.class_name = class_name
        self.node = node
        self.kind = kind
        #: The torch.nn container it is (``"Sequential"``, ``"ModuleList"``, ``"ModuleDict"``), made as one
        #: or of a class of the file based on one (``class Block(nn.Sequential)``); None for any other module.
        self.container: str | None = None
        #: Its class (of the file) defines ``__iter__``, ``__getitem__`` or ``__len__``: what they give is not known.
        self.own_protocol = False
        #: Constructor arguments as plain values (a torch.nn class), by parameter name.
        self.options: dict[str, Any] = {}
        self.children: dict[str, ModuleNode] = {}
        #: Whether nn.Module.__init__ has run on it (as far as lstmcalc can tell): before, torch refuses a
        #: module, parameter or buffer assigned to it.
        self.torch_ready = False
        #: The names a container holds None under (``ModuleList.append(None)``): in its length, no module.
        self.none_slots: list[str] = []
        self.own_weights: list[Weight] = []
        self.buffers: list[Weight] = []
        #: The file's own class: its ``forward`` and the ``self.x`` values ``__init__`` left.
        self.forward: ast.FunctionDef | None = None
        self.attributes: dict[str, Binding] = {}
        self.path = ""
        #: A torch.nn class's arguments in the spec's spelling, as its layer class reads them.
        self.entry: LocatedDict | None = None
        #: Holds submodules its forward never calls (MultiheadAttention's out_proj): torchinfo shows it so.
        self.uncalled_submodules = False
        #: Its parameters that are another module's (``self.decoder.weight = self.encoder.weight``):
        #: (its name here, that module, its name there).
        self.tied: list[tuple[str, ModuleNode, str]] = []
        #: The other way round: (its parameter's name, a module that holds it too, its name there).
        self.tied_by: list[tuple[str, ModuleNode, str]] = []
        #: Children set to None, which torch keeps the place of: by name, the children before it then (by
        #: ".name" a parameter's, by "~name" a buffer's: the parameters or buffers before it).
        self.vacated: dict[str, list[str]] = {}
        #: Modules held in a plain list or tuple (``self.layers = [...]``), which torch does not register:
        #: by attribute, the kind of sequence and the modules.
        self.unregistered: dict[str, tuple[str, list[ModuleNode]]] = {}
        #: The name torchinfo shows its calls under: its last (``set_paths``); ``path`` is its first.
        self.hook_path = ""
        #: A torch.nn class's layer class, configured from its arguments: its weights, the shape rule of a
        #: torch-only kind, the calls inside it, and its MACs for --stats.
        self.layer: Layer[Any] | None = None
        #: What runs around its forward that lstmcalc does not follow, (what, line): a hook, its class's __call__.
        self.call_changes: tuple[tuple[str, int], ...] = ()
        #: The names nn.Module.__init__, run again, dropped: reading one is torch's AttributeError.
        self.dropped: frozenset[str] = frozenset()

    def slots(self) -> list[ModuleNode | None]:
        """A container's items in order, None where it holds None (what iterating over it gives)."""
        if not self.none_slots:
            return list(self.children.values())
        names = sorted([*self.children, *self.none_slots], key=lambda name: int(name) if name.isdigit() else -1)
        return [self.children.get(name) for name in names]

    def iterated(self) -> list[Any] | None:
        """What iterating over this module gives, as torch's containers give it: an nn.Sequential's or
        nn.ModuleList's items, an nn.ModuleDict's keys; None for a module that is not iterable."""
        if self.own_protocol:
            return None
        if self.container == "ModuleDict":
            return list(self.children)
        return self.slots() if self.container in ("Sequential", "ModuleList") else None

    def holds(self, other: ModuleNode) -> bool:
        """Whether ``other`` is this module or inside it (found once each, without recursion)."""
        pending, seen = [self], set()
        while pending:
            module = pending.pop()
            if module is other:
                return True
            if id(module) not in seen:
                seen.add(id(module))
                pending += module.children.values()
        return False

    def modules(self) -> Iterator[ModuleNode]:
        """This module and every module inside it, in registration order, each once (``named_modules``:
        a module held under two names is listed under its first)."""
        seen, pending = set(), [self]  # what a module seen before holds was seen with it: n steps, not 2**n
        while pending:
            module = pending.pop()
            if id(module) not in seen:
                seen.add(id(module))
                yield module
                pending += reversed(module.children.values())

    def every_name(self, path: str = "", depth: int = 0) -> Iterator[tuple[str, int, ModuleNode]]:
        """Each path to a module inside this one, with its depth, a module held twice under both
        (``named_modules(remove_duplicate=False)``; the state_dict lists its parameters under each)."""
        yield path, depth, self
        for name, child in self.children.items():
            yield from child.every_name(f"{path}.{name}" if path else name, depth + 1)

    def weights(self) -> Iterator[Weight]:
        """Every parameter of this module and those inside it."""
        for module in self.modules():
            yield from module.own_weights

    @property
    def params(self) -> int:
        """All parameters, recursively."""
        return sum(weight.size for weight in self.weights())

    def distinct_counts(self) -> tuple[int, int]:
        """The parameters and trainable parameters torchinfo counts on this module's row: those of its
        ``named_parameters()``, where a parameter tied to one it also holds (``decoder.weight =
        encoder.weight``) is one parameter."""
        inside = {id(module) for module in self.modules()}
        weights = [
            weight
            for module in self.modules()
            for weight in module.own_weights
            if not any(name == weight.name and id(source) in inside for name, source, _ in module.tied)
        ]
        return sum(weight.size for weight in weights), sum(weight.size for weight in weights if weight.trainable)

    @property
    def trainable_params(self) -> int:
        """The trainable parameters, recursively."""
        return sum(weight.size for weight in self.weights() if weight.trainable)

    def held(self, name: str) -> Weight | None:
        """The parameter or buffer the module holds itself under ``name`` (the last, if several)."""
        found = [weight for weight in (*self.own_weights, *self.buffers) if weight.name == name]
        return found[-1] if found else None

    def put_weight(self, made: Weight) -> None:
        """Add a parameter, or put it in the place of the one of its name (torch keeps a replaced
        parameter's place in the state_dict)."""
        for index, weight in enumerate(self.own_weights):
            if weight.name == made.name:
                self.own_weights[index] = made
                if weight.shape != made.shape and self.kind is not None:
                    from lstm_calc.readers.torch_ties import held_weight_rule

                    # Its constructor's sizes no longer say what it gives: forward stops at its call.
                    self.kind = self.kind._replace(shapes=held_weight_rule(self.class_name, self.own_weights))
                    self.layer = None
                return
        self.own_weights.append(made)

    def freeze(self, name: str | None = None, trainable: bool = False) -> None:
        """``requires_grad = False`` (or ``trainable``) on one own parameter, or on every parameter inside; a
        tied parameter is one tensor, so every name it is held under changes with it."""
        from lstm_calc.readers.torch_ties import tied_names

        targets = [(self, name)] if name is not None else [(m, w.name) for m in self.modules() for w in m.own_weights]
        for module, weight in targets:
            for holder, held in tied_names(module, weight):
                holder.own_weights = [
                    Weight(w.name, w.shape, trainable) if w.name == held else w for w in holder.own_weights
                ]

    def set_paths(self) -> None:
        """Give this module and those inside it their state_dict prefixes (the first, for a module held twice)."""
        seen: set[int] = set()
        for path, _, module in self.every_name():
            # torchinfo hooks a module held twice under its last name: its calls are shown there.
            module.hook_path = path
            if id(module) not in seen:
                seen.add(id(module))
                module.path = path


def refuse_unknown_parameter(holder: ModuleNode, target: ast.Attribute, where: Any) -> None:
    """``self.fc.weight = <what lstmcalc cannot follow>``: that parameter's shape is then unknown."""
    if any(weight.name == target.attr for weight in holder.own_weights):
        raise SpecError(
            f"lstmcalc cannot tell what {ast.unparse(target)} becomes (a parameter of nn.{holder.class_name}): "
            "tie it to another module's parameter (self.decoder.weight = self.encoder.weight), make it "
            "nn.Parameter(torch.zeros(...)) of known sizes, or give the model as a YAML spec",
            where,
        )


def torch_class(node: ast.expr, torch_names: dict[str, str]) -> str | None:
    """``LSTM`` for ``nn.LSTM``, ``torch.nn.LSTM`` or ``LSTM`` imported from ``torch.nn``; None otherwise."""
    if names_lightning_module(node, torch_names):
        return "Module"  # pl.LightningModule: an nn.Module whose __init__ registers nothing
    if isinstance(node, ast.Name):
        found = torch_names.get(node.id)
        return None if found is None or found.startswith("torch") or is_lightning_name(found) else found
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
    for node in nodes_of(tree, (ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "torch" or alias.name.startswith("torch."):
                    if alias.asname:
                        names[alias.asname] = alias.name
                    else:
                        names["torch"] = "torch"
        elif isinstance(node, ast.ImportFrom) and node.module in ("torch.nn.utils", "torch.nn.utils.weight_norm"):
            for alias in node.names:  # from torch.nn.utils import weight_norm
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.module in ("torch", "torch.nn"):
            aliases = node.names
            if node.module == "torch.nn" and aliases[0].name == "*":  # from torch.nn import *: each name it binds
                from lstm_calc.readers.torch_star_names import TORCH_NN_NAMES  # rare: not at start-up

                aliases = [ast.alias(name) for name in TORCH_NN_NAMES]
            for alias in aliases:
                full = f"{node.module}.{alias.name}"
                names[alias.asname or alias.name] = full if full in ("torch.nn", "torch.nn.functional") else alias.name
    return names | lightning_imports(tree)


def torch_function_named(node: ast.expr, imports: dict[str, str]) -> str | None:
    """``"gelu"`` for ``F.gelu`` (``torch.nn.functional.gelu``, ``nn.functional.gelu``), ``"tanh"`` for
    ``torch.tanh``: the activation function ``node`` names, given what the file's names of torch stand for."""
    module, _, name = (dotted(node, imports) or "").rpartition(".")
    if module == "torch.nn.functional" and name in FUNCTIONAL_ACTIVATIONS:
        return name
    return name if module == "torch" and name in TORCH_ACTIVATIONS else None


def _asked(evaluator: Evaluator, node: ast.AST, name: str, class_name: str) -> SpecError:
    asked = ask(evaluator, node, f"for {name} of nn.{class_name}")
    if name == "activation":  # what VALUE can be: torch's two names for it
        asked.message += " (relu or gelu: an activation has no weights, so either gives the same count)"
    return asked


def make_torch_module(
    class_name: str,
    call: ast.Call,
    evaluator: Evaluator,
    environment: Environment,
    class_node: ast.AST,
    module_argument: Callable[[ast.expr], ModuleNode | None] | None = None,
) -> ModuleNode:
    """The torch.nn module ``call`` makes, its weights asked of the layer class under the PyTorch convention.

    ``module_argument`` tells the module an argument is, if it is one; the layer class is given
    that module's own arguments (its spec entry).
    """
    kind = TORCH_KINDS.get(class_name)
    if kind is None:
        known_classes = ", ".join([*CONTAINERS, *TORCH_KINDS])
        raise SpecError(
            f"lstmcalc does not read nn.{class_name} yet; it reads {known_classes}", evaluator.loc(class_node)
        )
    module = ModuleNode(class_name, call, kind)
    asked = partial(_asked, evaluator, class_name=class_name)
    positional = spread_positional(call.args, evaluator, environment, asked, f"nn.{class_name}")
    if len(positional) > len(kind.positional):
        raise SpecError(f"too many positional arguments for nn.{class_name}", evaluator.loc(call))
    given: list[tuple[str, ast.AST, ast.expr]] = [(name, *pair) for name, pair in zip(kind.positional, positional)]
    for keyword in call.keywords:
        if keyword.arg is None:  # nn.LSTM(4, 5, **rnn_args) of a dict lstmcalc knows
            given += spread_keywords(keyword, evaluator, environment, asked, f"nn.{class_name}")
            continue
        given.append((keyword.arg, keyword, keyword.value))
    names = [name for name, _, _ in given]
    if twice := next((name for index, name in enumerate(names) if name in names[:index]), None):
        by = "argument" if twice in kind.positional[: len(call.args)] else "keyword argument"
        raise SpecError(
            f"Python refuses this call (TypeError: nn.{class_name} got multiple values for {by} '{twice}')",
            evaluator.loc(next(node for name, node, _ in reversed(given) if name == twice)),
        )
    where = evaluator.loc(call)
    entry = new_located_dict(where)
    put(entry, "type", class_name, evaluator.loc(class_node), evaluator.loc(class_node))
    for name, key_node, value_node in given:
        held = module_argument(value_node) if module_argument is not None else None
        value: Any
        if name in kind.tensors:  # a loss's weight=torch.ones(3): the buffer torch registers, read by its shape
            value = tensor_argument(evaluator, environment, value_node, name, class_name)
        elif held is not None:
            if name == "activation" and kind.composite is None:  # a Transformer layer's: registered by torch
                module.children["activation"] = held
            if held.entry is None:
                raise SpecError(f"nn.{class_name} takes a torch.nn module here", evaluator.loc(value_node))
            value = held.entry  # a module as an argument (TransformerEncoder's layer): its arguments
            if "batch_first" in held.options:  # and a stack runs as its layer is set
                module.options.setdefault("batch_first", held.options["batch_first"])
        else:
            try:
                value = evaluator.evaluate(value_node, environment)
            except Unknown as unknown:
                raise _asked(evaluator, unknown.node, name, class_name) from None
            if isinstance(value, TorchFunction):  # torch takes F.relu and F.gelu as it takes their names
                if name != "activation" or value.name not in ("relu", "gelu"):
                    raise _asked(evaluator, value_node, name, class_name)
                value = value.name
        if isinstance(value, LocatedList) and name == "normalized_shape" and len(value) == 1:
            value = value[0]
        if name in kind.bool_arguments and not isinstance(value, bool):
            raise SpecError(
                f"torch refuses this (TypeError: {name} should be of type bool, got: {type(value).__name__})",
                evaluator.loc(value_node),
            )
        module.options[name] = value
        if name not in DROPPED_KEYWORDS and (kind.positional or kind.keywords):
            put(entry, name, value, evaluator.loc(key_node), evaluator.loc(value_node))
    for name, default in kind.defaults:
        if name not in module.options:
            module.options[name] = default
            put(entry, name, default, where, where)
    if kind.composite is not None:
        for part, (part_class, weights, layer) in kind.composite(module.options, where).items():
            module.children[part] = ModuleNode(part_class, call)
            module.children[part].own_weights = weights
            module.children[part].layer = layer
    else:  # one of no arguments too (nn.Tanh()): given to another (a Transformer layer's activation), it is read
        module.entry = entry
        if kind.positional or kind.keywords:
            _ask_layer_for_weights(module, entry, where)
    if module.options.get("_freeze") is True:  # nn.Embedding(..., _weight=vectors, _freeze=True), as from_pretrained
        module.freeze()
    return module


def _ask_layer_for_weights(module: ModuleNode, entry: Any, where: Any) -> None:
    from lstm_calc.spec_layers import parse_layer

    layer = module.layer = parse_layer(entry, "", where, PYTORCH, AutoNamer(), False).layer
    inputs = _weight_inputs(module)
    try:
        module.own_weights = list(layer.weights(inputs))
        module.buffers = list(layer.buffers(inputs))
    except LayerInputError as error:  # what torch's constructor refuses (a TransformerDecoder of encoder layers)
        at = error.location or (entry.value_location(error.argument) if error.argument else where)
        raise SpecError(f"nn.{module.class_name} {error.message}", at) from None
    module.uncalled_submodules = layer.torch_has_uncalled_submodules


def _weight_inputs(module: ModuleNode) -> Any:
    """The input the weights are made for, from the constructor: only its feature sizes matter."""
    assert module.kind is not None
    options = module.options
    if "kdim" in module.kind.positional:
        embed = options.get("embed_dim")
        return [
            (None, None, embed),
            (None, None, options.get("kdim") or embed),
            (None, None, options.get("vdim") or embed),
        ]
    if module.kind.feature is None:
        return (None, None)
    owner, _, nested = module.kind.feature.partition(".")
    feature = options.get(owner)
    if nested:  # a size of the module given as an argument (TransformerEncoder's layer's d_model)
        feature = feature.get(nested) if isinstance(feature, dict) else None
    trailing = list(feature) if isinstance(feature, (list, tuple)) else [feature]
    shape = (None, None, *trailing)
    return shape if module.kind.weight_inputs == 1 else [shape] * module.kind.weight_inputs


def tensor_sizes(call: ast.Call, evaluator: Evaluator, environment: Environment) -> tuple[int, ...]:
    """The shape ``torch.zeros(2, 3)`` / ``torch.randn((2, 3))`` makes."""
    arguments = call.args
    try:
        values = [evaluator.evaluate(argument, environment) for argument in arguments]
    except Unknown as unknown:
        raise ask(evaluator, unknown.node, "for the shape of this tensor") from None
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = list(values[0])
    if not all(isinstance(value, int) and not isinstance(value, bool) and value >= 0 for value in values):
        raise SpecError("lstmcalc reads tensor shapes as sizes: torch.zeros(2, 3)", evaluator.loc(call))
    return tuple(values)


def calls_self_attribute(definitions: Iterable[ast.ClassDef], attribute: str) -> bool:
    """Whether a method of ``definitions`` (a class and its parents) calls ``self.<attribute>(...)``."""
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == attribute
        and is_self(node.func.value)
        for definition in definitions
        for node in walk(definition)
    )


def is_self(node: ast.expr) -> bool:
    """Whether ``node`` is the name ``self``."""
    return isinstance(node, ast.Name) and node.id == "self"
