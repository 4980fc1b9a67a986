"""PyTorch Lightning's ``LightningModule`` read as the ``nn.Module`` it is, and its hyperparameters.

``LightningModule.__init__`` registers no module, parameter or buffer, and torchinfo summarises a
LightningModule like any module; its other methods (``training_step``, ``configure_optimizers``)
are never called by forward. What it adds that ``__init__`` and ``forward`` read is
``self.save_hyperparameters(...)`` and ``self.hparams``, followed here as Lightning 2 does
(``pytorch_lightning.utilities.parsing.save_hyperparameters``).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import Unknown, known
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import dotted, made_node, nodes_of
from lstm_calc.readers.torch_file_facts import UNSET, ConfigInstance

if TYPE_CHECKING:
    from lstm_calc.readers.evaluate import Environment
    from lstm_calc.readers.torch_builder import ModuleBuilder
    from lstm_calc.readers.torch_init import InitReader
    from lstm_calc.readers.torch_values import TorchEvaluator

#: The packages whose ``LightningModule`` is the one class (``lightning.LightningModule`` included).
LIGHTNING_PACKAGES = frozenset(
    {
        "pytorch_lightning", "pytorch_lightning.core", "pytorch_lightning.core.module",
        "lightning", "lightning.pytorch", "lightning.pytorch.core", "lightning.pytorch.core.module",
    }
)  # fmt: skip
#: The first part of every name Lightning's packages are imported under.
LIGHTNING_ROOTS = ("lightning", "pytorch_lightning")
#: What :func:`hyperparameter` gives for an expression that reads no hyperparameter.
NOT_READ = object()


class NamespaceInstance(ConfigInstance):
    """An ``argparse.Namespace(...)`` or ``types.SimpleNamespace(...)``: a configuration that
    ``save_hyperparameters`` takes (a dataclass instance it refuses)."""


class Hyperparameters(dict):  # type: ignore[type-arg]
    """``self.hparams``, Lightning's ``AttributeDict``: each saved name's value, :data:`UNSET` where
    lstmcalc does not know it. A dict, so that a change in place makes it unknown."""

    def __init__(self, values: dict[str, Any] | None = None, saved: int | None = None) -> None:
        super().__init__(values or {})
        #: The line of the last ``save_hyperparameters`` call, None before any.
        self.saved = saved


def lightning_imports(tree: ast.Module) -> dict[str, str]:
    """The names the file binds to Lightning's packages (``pl``: ``pytorch_lightning``) and to
    ``LightningModule`` itself, each to its full dotted name."""
    names: dict[str, str] = {}
    for node in nodes_of(tree, (ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIGHTNING_ROOTS:
                    bound = alias.asname or alias.name.split(".")[0]
                    names[bound] = alias.name if alias.asname else bound
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if node.module in LIGHTNING_PACKAGES or full in LIGHTNING_PACKAGES:
                    names[alias.asname or alias.name] = full
    return names


def names_lightning_module(node: ast.expr, names: dict[str, str]) -> bool:
    """Whether ``node`` names ``LightningModule`` (``pl.LightningModule``, ``L.pytorch.LightningModule``,
    ``LightningModule`` imported from one of Lightning's packages), given the file's names of them."""
    package, _, name = (dotted(node, names) or "").rpartition(".")
    return name == "LightningModule" and package in LIGHTNING_PACKAGES


def is_lightning_name(full: str) -> bool:
    """Whether a dotted name the file imports is one of Lightning's (then no torch.nn class)."""
    return full.split(".")[0] in LIGHTNING_ROOTS


def lightning_based(builder: ModuleBuilder, definition: ast.ClassDef) -> bool:
    """Whether the class is based on ``LightningModule``, directly or through the file's classes."""
    return any(
        names_lightning_module(base, builder.torch_names)
        for ancestor in builder.orders.resolution_order(definition)
        for base in ancestor.bases
    )


def save_hyperparameters(reader: InitReader, call: ast.Call) -> None:
    """``self.save_hyperparameters(...)`` in ``__init__``: ``self.hparams`` then holds what Lightning
    saves; refused where Lightning would collect arguments lstmcalc does not follow."""
    evaluator, scope = reader.evaluator, reader.scope
    init = next(
        (item for item in reader.definition.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"),
        None,
    )
    frames = reader.builder.frames
    if init is None or not any(part is call for part in _own_nodes(init)) or frames[-1][1] is not init:
        raise SpecError(
            "lstmcalc reads self.save_hyperparameters() only in an __init__ of a LightningModule, not in a method "
            "it calls: Lightning collects the arguments of the frames above it; read the values from __init__'s "
            "arguments instead of self.hparams",
            evaluator.loc(call),
        )
    if not _names_its_class(init):
        raise SpecError(
            f"Lightning finds no __init__ arguments here: {reader.definition.name}.__init__ never names super "
            "(nor __class__), which Lightning looks for to know an __init__; call super().__init__()",
            evaluator.loc(call),
        )
    hparams = _current(evaluator, scope)
    ignore = _ignored(reader, call)
    values = [_value(reader, argument) for argument in call.args]
    if len(values) == 1 and not isinstance(values[0], str) and not values[0]:
        return  # an empty dict or namespace: Lightning saves nothing
    arguments = {name: value for name, value in _collected(reader, call).items() if name not in ignore}
    objects = [(argument, value) for argument, value in zip(call.args, values) if not isinstance(value, str)]
    if not values:
        saved = arguments
    elif len(objects) == 1:
        saved = _configuration(evaluator, *objects[0])
    else:  # Lightning saves the named arguments (and drops any object among several)
        missing = [value for value in values if isinstance(value, str) and value not in arguments]
        if missing:
            raise SpecError(
                f"Lightning would refuse this (KeyError: {missing[0]!r}): {missing[0]} is not an argument of "
                f"{reader.definition.name}.__init__" + (" or is ignored" if missing[0] in ignore else ""),
                evaluator.loc(call),
            )
        saved = {value: arguments[value] for value in values if isinstance(value, str)}
    merged = {**hparams, **saved}
    scope.bindings["self.hparams"] = known(
        Hyperparameters({name: value for name, value in merged.items() if name not in ignore}, call.lineno)
    )


def start_hyperparameters(builder: ModuleBuilder, definition: ast.ClassDef) -> dict[str, Any]:
    """The bindings a LightningModule starts with: ``self.hparams`` empty until saved."""
    return {"self.hparams": known(Hyperparameters())} if lightning_based(builder, definition) else {}


def refuse_hparams_assignment(reader: InitReader, target: ast.expr) -> None:
    """``self.hparams = hparams`` (Lightning 0.x's habit): Lightning 2 refuses it, hparams having no setter."""
    if (
        isinstance(target, ast.Attribute)
        and target.attr == "hparams"
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
        and lightning_based(reader.builder, reader.instance_class)
    ):
        raise SpecError(
            "Lightning refuses this (AttributeError: property 'hparams' has no setter): call "
            "self.save_hyperparameters(hparams) instead",
            reader.evaluator.loc(target),
        )


def hyperparameter(evaluator: TorchEvaluator, node: ast.expr, environment: Environment) -> Any:
    """The value ``self.hparams.x``, ``self.hparams["x"]`` or ``self.hparams.get("x", default)`` reads;
    :data:`NOT_READ` for any other expression."""
    owner, key_node, default = None, None, NOT_READ
    if isinstance(node, ast.Attribute) and _is_hparams(node.value):
        if hasattr(dict, node.attr):  # self.hparams.get: AttributeDict's method, not a saved name
            raise Unknown(node)
        owner = node.value
    elif isinstance(node, ast.Subscript) and _is_hparams(node.value) and not isinstance(node.slice, ast.Slice):
        owner, key_node = node.value, node.slice
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and _is_hparams(node.func.value)
        and 1 <= len(node.args) <= 2
        and not node.keywords
    ):
        owner, key_node = node.func.value, node.args[0]
        default = evaluator.evaluate(node.args[1], environment) if len(node.args) == 2 else None
    if owner is None and not _is_hparams(node):
        return NOT_READ
    binding = environment.lookup("self.hparams")
    hparams = binding.value if binding.kind == binding.KNOWN else None
    if not isinstance(hparams, Hyperparameters):
        return NOT_READ
    if id(hparams) in evaluator.changed or owner is None and UNSET in hparams.values():
        raise Unknown(node)  # self.hparams itself is known where every value is
    if owner is None:
        return hparams
    assert isinstance(node, (ast.Attribute, ast.Subscript, ast.Call))
    key = evaluator.evaluate(key_node, environment) if key_node is not None else getattr(node, "attr", None)
    if key not in hparams and default is not NOT_READ:
        return default
    return saved_value(evaluator, hparams, key, node)


def saved_value(evaluator: TorchEvaluator, hparams: Hyperparameters, key: Any, node: ast.expr) -> Any:
    """The value saved under ``key``, which ``node`` reads; Unknown where lstmcalc does not know it, refused
    where Lightning saved none (it would raise)."""
    if key in hparams:
        if hparams[key] is UNSET:
            raise Unknown(node)
        return hparams[key]
    why = (
        "self.save_hyperparameters() is not called before it"
        if hparams.saved is None
        else f"self.save_hyperparameters() at line {hparams.saved} saves only "
        + (", ".join(sorted(hparams)) if hparams else "nothing")
    )
    error = "AttributeError" if isinstance(node, ast.Attribute) else "KeyError"
    raise SpecError(f"Lightning would refuse this ({error}: {key!r}): {why}", evaluator.loc(node))


def _is_hparams(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "hparams" and _is_self(node.value)


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _own_nodes(function: ast.FunctionDef) -> list[ast.AST]:
    """The nodes of ``function`` outside its nested functions, lambdas and classes (other frames)."""
    found: list[ast.AST] = []
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            pending += ast.iter_child_nodes(node)
    return found


def _current(evaluator: TorchEvaluator, environment: Environment) -> dict[str, Any]:
    binding = environment.lookup("self.hparams")
    hparams = binding.value if binding.kind == binding.KNOWN else None
    if not isinstance(hparams, Hyperparameters) or id(hparams) in evaluator.changed:
        return {name: UNSET for name in hparams or {}}
    return dict(hparams)


def _value(reader: InitReader, node: ast.expr) -> Any:
    try:
        return reader.evaluator.evaluate(node, reader.scope)
    except Unknown as unknown:
        raise ask(reader.evaluator, unknown.node, "to know what save_hyperparameters saves") from None


def _ignored(reader: InitReader, call: ast.Call) -> set[str]:
    """The names ``ignore=`` gives (a name, or a list or tuple whose strings count)."""
    given = next((keyword.value for keyword in call.keywords if keyword.arg == "ignore"), None)
    value = None if given is None else _value(reader, given)
    if isinstance(value, str):
        return {value}
    if isinstance(value, (list, tuple)):
        return {name for name in value if isinstance(name, str)}
    return set()


def _names_its_class(init: ast.FunctionDef) -> bool:
    """Whether ``__init__`` names super or __class__: then its frame holds ``__class__``, as Lightning needs."""
    return any(isinstance(part, ast.Name) and part.id in ("super", "__class__") for part in ast.walk(init))


def _collected(reader: InitReader, call: ast.Call) -> dict[str, Any]:
    """The arguments Lightning's ``collect_init_args`` gathers where ``call`` runs: those of this ``__init__``,
    then of each ``__init__`` of a LightningModule that called it through ``super()`` (or by name), each frame's
    values overriding the one before, until a frame that is no such ``__init__`` (module-level code)."""
    from lstm_calc.readers.torch_builder import InitScope

    frames = reader.builder.frames
    found = _init_arguments(reader, frames[-1][1], call, reader.scope)
    for index in range(len(frames) - 2, -1, -1):
        definition, function, scope = frames[index][:3]
        if function.name != "__init__" or not _names_its_class(function):
            if _names_its_class(function):  # Lightning would read this method's locals as __init__'s
                raise SpecError(
                    f"lstmcalc cannot follow what Lightning collects from {definition.name}.{function.name}, which "
                    "makes the LightningModule: read the values from __init__'s arguments instead of self.hparams",
                    reader.evaluator.loc(call),
                )
            break
        if not lightning_based(reader.builder, definition):
            break
        above = frames[index + 1]
        if above[2] is scope:  # the same module's: its bindings were set aside while the __init__ above runs
            held = InitScope(scope.outer)
            held.bindings, (held.function, held.local_names, held.reached) = above[3], above[4]
            scope = held
        found.update(_init_arguments(reader, function, call, scope))
    return found


def _init_arguments(reader: InitReader, init: ast.FunctionDef, call: ast.Call, frame: Environment) -> dict[str, Any]:
    """Each argument of ``init`` but self, ``*args`` and ``**kwargs`` (whose items count), as it is in
    ``frame`` where ``call`` runs; :data:`UNSET` where lstmcalc does not know it."""
    parameters = [*init.args.posonlyargs, *init.args.args][1:] + init.args.kwonlyargs
    found: dict[str, Any] = {}
    for parameter in parameters:
        try:
            found[parameter.arg] = reader.evaluator.evaluate(made_node(ast.Name(parameter.arg, ast.Load())), frame)
        except Unknown:
            found[parameter.arg] = UNSET
    if init.args.kwarg is not None:
        name = made_node(ast.Name(init.args.kwarg.arg, ast.Load()), call)
        try:
            extra = reader.evaluator.evaluate(name, frame)
        except Unknown as unknown:
            raise ask(reader.evaluator, unknown.node, "to know what save_hyperparameters saves") from None
        if not isinstance(extra, dict):
            raise SpecError(
                f"lstmcalc cannot know what **{init.args.kwarg.arg} holds, which save_hyperparameters saves",
                reader.evaluator.loc(call),
            )
        found.update(extra)
    return found


def _configuration(evaluator: TorchEvaluator, node: ast.expr, value: Any) -> dict[str, Any]:
    """What ``save_hyperparameters(config)`` saves of a dict or namespace."""
    # The evaluator holds an argparse.Namespace(...) the code makes as a NamespaceInstance, a dict.
    if isinstance(value, dict) and not _dataclass(value):
        return dict(value)
    raise SpecError(
        f"Lightning would refuse this (ValueError): save_hyperparameters takes a dict or a Namespace, not "
        f"{ast.unparse(node)}",
        evaluator.loc(node),
    )


def _dataclass(value: dict[str, Any]) -> bool:
    return isinstance(value, ConfigInstance) and not isinstance(value, NamespaceInstance)
