"""``register_parameter(name, None)`` and ``register_module(name, None)`` in ``__init__``, for its reader
(:class:`~lstm_calc.readers.torch_init.InitReader`): torch keeps the name, holding None, and what is set there
later takes that place. And the names torch refuses to register (:func:`name_refusal`)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import known
from lstm_calc.readers.syntax_walk import is_none
from lstm_calc.readers.torch_modules import ModuleNode, is_self

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from lstm_calc.readers.torch_builder import InitScope, ModuleBuilder
    from lstm_calc.readers.torch_values import TorchEvaluator

#: What ``hasattr`` finds on an ``nn.Module`` besides its public methods (``MODULE_METHODS``) and what its
#: ``__init__`` sets (``dir(nn.Module())`` in torch 2.13, ``object``'s own names aside).
_MODULE_PRIVATE = frozenset(
    {
        "__annotations__", "__call__", "__dict__", "__getattr__", "__module__", "__setstate__", "__weakref__",
        "_apply", "_call_impl", "_compiled_call_impl", "_get_backward_hooks", "_get_backward_pre_hooks",
        "_get_name", "_load_from_state_dict", "_maybe_warn_non_full_backward_hook", "_named_members",
        "_register_load_state_dict_pre_hook", "_register_state_dict_hook", "_replicate_for_data_parallel",
        "_save_to_state_dict", "_slow_forward", "_version", "_wrapped_call_impl",
    }
)  # fmt: skip
_OBJECT_ATTRIBUTES = frozenset(dir(object))
#: What each container class has besides (``dir(nn.ModuleDict())`` and the like, less ``dir(nn.Module())``).
_CONTAINER_ATTRIBUTES = {
    "ModuleDict": frozenset(
        {"__contains__", "__delitem__", "__getitem__", "__iter__", "__len__", "__setitem__", "clear", "items", "keys",
         "pop", "update", "values"}
    ),
    "Sequential": frozenset(
        {"__add__", "__delitem__", "__getitem__", "__iadd__", "__imul__", "__iter__", "__len__", "__mul__",
         "__rmul__", "__setitem__", "_get_item_by_idx", "append", "extend", "insert", "pop"}
    ),
    "ModuleList": frozenset(
        {"__add__", "__delitem__", "__getitem__", "__iadd__", "__iter__", "__len__", "__setitem__",
         "_get_abs_string_index", "append", "extend", "insert", "pop"}
    ),
}  # fmt: skip


def module_attribute(name: str, container: str | None) -> bool:
    """Whether every ``nn.Module`` (of the ``container`` class, if one) has an attribute ``name`` from its
    class or ``nn.Module.__init__``: a name torch's ``hasattr`` check refuses to register anything under."""
    from lstm_calc.readers.torch_class_attributes import MODULE_INSTANCE_ATTRIBUTES
    from lstm_calc.readers.torch_init_registration import MODULE_METHODS

    return (
        name in MODULE_METHODS
        or name in MODULE_INSTANCE_ATTRIBUTES
        or name in _MODULE_PRIVATE
        or name in _CONTAINER_ATTRIBUTES.get(container or "", ())
        or name in _OBJECT_ATTRIBUTES
    )


def name_refusal(kind: str, name: Any, taken: Callable[[str], bool]) -> str | None:
    """Why torch refuses to register a ``kind`` ("module", "buffer" or "parameter") under ``name``, in its words
    and in the order ``add_module``, ``register_buffer`` and ``register_parameter`` check: a string, not taken
    (``taken``: ``hasattr(self, name) and name not in self._<kind>s``), without ".", not empty. None if it
    registers it."""
    if not isinstance(name, str):
        typename = "NoneType" if name is None else "tuple" if isinstance(name, list) else type(name).__name__
        return f"torch refuses this (TypeError: {kind} name should be a string. Got {typename})"
    checks = [
        ("." in name, f'{kind} name can\'t contain "."' + (f", got: {name}" if kind == "module" else "")),
        (name == "", f'{kind} name can\'t be empty string ""'),
    ]
    exists = (taken(name), f"attribute '{name}' already exists")
    for failed, message in [exists, *checks] if kind == "module" else [*checks, exists]:
        if failed:
            return f"torch refuses this (KeyError: {message!r})"
    return None


def refuse_container_key(evaluator: TorchEvaluator, container: str, name: Any, node: ast.AST) -> str:
    """``name`` as the key of a child of an ``nn.<container>`` (nn.ModuleDict({name: ...}), an OrderedDict
    given to nn.Sequential), refused at ``node`` where torch's ``add_module`` refuses it."""
    refusal = name_refusal("module", name, lambda text: module_attribute(text, container))
    if refusal is not None:
        raise SpecError(refusal, evaluator.loc(node))
    return str(name)


class NoneRegistration:
    """None registered under a name (see :class:`~lstm_calc.readers.torch_init.InitReader`)."""

    if TYPE_CHECKING:
        builder: ModuleBuilder
        evaluator: TorchEvaluator
        scope: InitScope
        module: ModuleNode

        @property
        def instance_class(self) -> ast.ClassDef: ...

        def named_attribute(
            self,
            owner: ast.expr,
            name_node: ast.expr,
            purpose: str,
            kind: str | None = None,
            where: ast.AST | None = None,
        ) -> ast.Attribute: ...

        def refuse_before_module_init(self, what: str, node: ast.expr) -> None: ...

        def replace_child(self, attribute: str, value: ast.expr) -> None: ...

    def taken(self, holder: ModuleNode, kind: str, name: str) -> bool:
        """``hasattr(holder, name) and name not in holder._<kind>s`` as torch asks it before it registers a
        ``kind`` under ``name``: an attribute of every module, a name holding another kind, or (on ``self``) a
        plain attribute or one of the class's own."""
        held = {
            "module": list(holder.children),
            "parameter": [weight.name for weight in holder.own_weights],
            "buffer": [buffer.name for buffer in holder.buffers],
        }
        if name in held[kind]:
            return False
        if module_attribute(name, holder.container) or any(name in names for names in held.values()):
            return True
        if holder is not self.module or name in self.module.vacated and kind == "module":
            return False
        if f"{dict(parameter='.', buffer='~').get(kind)}{name}" in self.module.vacated:
            return False  # registered None: torch holds the name among its parameters (buffers)
        order = self.builder.orders.resolution_order(self.instance_class)
        return f"self.{name}" in self.scope.bindings or any(name in _class_names(class_) for class_ in order)

    def registered_none(self, call: ast.Call) -> bool:
        """``self.register_parameter(name, None)``, ``self.register_module(name, None)`` (``add_module``): torch
        keeps the name, holding None (``self.name`` is None; nothing in the state_dict), and a parameter or
        module set there later takes its place. False for any other call."""
        function = call.func
        if not (
            isinstance(function, ast.Attribute)
            and function.attr in ("register_parameter", "register_module", "add_module")
            and is_self(function.value)
            and self.module.container is None
            and len(call.args) == 2
            and not call.keywords
            and is_none(call.args[1])
        ):
            return False
        parameter = function.attr == "register_parameter"
        if parameter:
            self.refuse_before_module_init("parameter", call)
        kind = "parameter" if parameter else "module"
        name = self.named_attribute(function.value, call.args[0], f"{function.attr} names", kind, call).attr
        weights = [weight.name for weight in self.module.own_weights]
        if not parameter and name in self.module.children:
            self.replace_child(name, call.args[1])  # in its place, holding None
            return True
        if parameter:  # a parameter set there later takes this place among the module's own (".": no child's name)
            self.module.vacated[f".{name}"] = weights[: weights.index(name)] if name in weights else weights
            self.module.own_weights = [weight for weight in self.module.own_weights if weight.name != name]
        else:
            self.module.vacated[name] = list(self.module.children)
        self.scope.bindings[f"self.{name}"] = known(None)
        return True


def take_vacated_place(holder: ModuleNode, name: str) -> None:
    """Put ``holder``'s parameter ``name``, just added last, where None was registered under that name, if it
    was: torch's ``_parameters`` keeps the key's place."""
    before = holder.vacated.pop(f".{name}", None)
    if before is None:
        return
    made, others = holder.own_weights[-1], holder.own_weights[:-1]
    at = max((index for index, weight in enumerate(others) if weight.name in before), default=-1) + 1
    holder.own_weights = [*others[:at], made, *others[at:]]


def _class_names(definition: ast.ClassDef) -> Collection[str]:
    """The attributes a class body binds: its methods, nested classes and assigned names."""
    names = set()
    for statement in definition.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names.update(node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name))
    return names
