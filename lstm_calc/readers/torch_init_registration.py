"""What ``__init__`` registers other than by ``self.x = ...``, for its reader
(:class:`~lstm_calc.readers.torch_init.InitReader`): ``setattr`` and ``register_parameter`` names,
what the methods and functions it calls return, and the refusal of calls
that would register modules out of sight (they would be missing from every count).
"""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import UNKNOWN, Unknown, known
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import is_none, made_node, shortened
from lstm_calc.readers.torch_init_flow import FREEZES_UNSEEN, sets_requires_grad
from lstm_calc.readers.torch_init_none import NoneRegistration, name_refusal
from lstm_calc.readers.torch_kinds import CONTAINERS, TORCH_KINDS
from lstm_calc.readers.torch_modules import ModuleNode, is_self, torch_class
from lstm_calc.readers.torch_unknown_modules import unknown_module

if TYPE_CHECKING:
    from collections.abc import Callable, Container

    from lstm_calc.readers.evaluate import Binding
    from lstm_calc.readers.torch_builder import InitScope, ModuleBuilder
    from lstm_calc.readers.torch_values import TorchEvaluator


class Returned(Exception):  # noqa: N818 - not an error: a method's return, carrying its value
    """A ``return`` of a method ``__init__`` calls: the module(s) or value it gives."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


#: nn.Module's methods that register a module, a parameter or a buffer under a name.
_REGISTERING_METHODS = frozenset(
    {"add_module", "register_module", "register_parameter", "register_buffer", "set_submodule"}
)


#: Methods of a container that change which modules it holds (append and extend are followed).
CHANGING_METHODS = frozenset(
    {"pop", "insert", "remove", "clear", "update", "popitem", "setdefault", "__setitem__", "__delitem__"}
)


#: Bases that give a module class no methods of their own to call (``class Base(nn.Module, ABC)``).
_PLAIN_BASES = ("Module", "ABC", "Generic", "object")
#: nn.Module's own methods and attributes (``dir(nn.Module)`` without the private ones, torch 2.13):
#: ``self.x()`` of any other name must come from the file or out of sight.
MODULE_METHODS = frozenset(
    {
        "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile",
        "cpu", "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer",
        "get_extra_state", "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia",
        "named_buffers", "named_children", "named_modules", "named_parameters", "parameters",
        "register_backward_hook", "register_buffer", "register_forward_hook", "register_forward_pre_hook",
        "register_full_backward_hook", "register_full_backward_pre_hook", "register_load_state_dict_post_hook",
        "register_load_state_dict_pre_hook", "register_module", "register_parameter",
        "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_", "set_extra_state",
        "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "type", "xpu", "zero_grad",
    }
)  # fmt: skip


class InitRegistration(NoneRegistration):
    """Registration out of ``self.x = ...`` (see :class:`~lstm_calc.readers.torch_init.InitReader`)."""

    if TYPE_CHECKING:
        builder: ModuleBuilder
        evaluator: TorchEvaluator
        scope: InitScope
        module: ModuleNode
        definition: ast.ClassDef

        @property
        def instance_class(self) -> ast.ClassDef: ...

        local_modules: dict[str, Any]

        def assign(self, target: ast.expr, value: ast.expr) -> None: ...

        def unfollowed(self, statement: ast.stmt) -> None: ...

        def makes_weights(self, node: ast.expr, anywhere: bool = False) -> bool: ...

        def is_module_expression(self, node: ast.expr) -> bool: ...

        def modules_of(self, node: ast.expr) -> list[ModuleNode]: ...

        def one_module(self, node: ast.expr) -> ModuleNode: ...

        def hold_unregistered(self, attribute: str, kind: str, modules: list[ModuleNode], value: ast.expr) -> None: ...

        def module_of(self, node: ast.expr) -> ModuleNode | None: ...

        def iterable_kind(self, node: ast.expr) -> str | None: ...

        def binding(self, value: ast.expr) -> Binding: ...

        def helper_method(self, call: ast.Call) -> ast.FunctionDef | None: ...

        def file_function(self, call: ast.Call) -> ast.FunctionDef | None: ...

    def named_attribute(
        self, owner: ast.expr, name_node: ast.expr, purpose: str, kind: str | None = None, where: ast.AST | None = None
    ) -> ast.Attribute:
        """``owner.<name>`` for ``setattr(owner, name, value)`` and ``register_parameter(name, value)``,
        the name asked for where it is not known; where it registers a ``kind`` ("module", "buffer",
        "parameter"), refused as torch refuses it (:func:`name_refusal`) at ``where``, the call."""
        try:
            name = self.evaluator.evaluate(name_node, self.scope)
        except Unknown as unknown:
            raise ask(self.evaluator, unknown.node, f"to know the attribute {purpose}") from None
        holder = self.module if is_self(owner) else self.module_of(owner)
        if kind is not None and holder is not None:
            refusal = name_refusal(kind, name, lambda text: self.taken(holder, kind, text))
            if refusal is not None:
                raise SpecError(refusal, self.evaluator.loc(where or name_node))
        if not isinstance(name, str):  # setattr(self, 1, ...)
            message = f"Python refuses this (TypeError: attribute name must be string, not '{type(name).__name__}')"
            raise SpecError(message, self.evaluator.loc(name_node))
        if not name or "." in name:  # torch's __setattr__ checks no name, but "a.b" would read as a child's path
            raise SpecError(
                f"lstmcalc cannot follow an attribute named {name!r}: torch holds it (add_module would refuse it), "
                'but its state_dict keys would read as another module\'s; name it without "."',
                self.evaluator.loc(name_node),
            )
        return made_node(ast.Attribute(value=owner, attr=name, ctx=ast.Store()), name_node)

    def refuse_unfollowed_maker(self, call: ast.Call) -> None:
        """A call lstmcalc does not follow (``build(self)``, ``init_weights(self)``) is refused where it
        makes modules or parameters, or is a function of this file that registers them on what it is
        given: they would be missing from every count."""
        if self.registers(call):
            raise SpecError(
                f"lstmcalc cannot follow {shortened(call, 60)} in __init__ yet: it makes modules or parameters "
                "lstmcalc would not count; make each with self.name = nn.Class(...) in __init__ or a method of "
                "the class",
                self.evaluator.loc(call),
            )
        if self.reaches(call, sets_requires_grad):  # self.emb.apply(lambda m: m.requires_grad_(False)), freeze(m)
            raise SpecError(FREEZES_UNSEEN, self.evaluator.loc(call))
        self.refuse_unseen_method(call)

    def refuse_unseen_method(self, call: ast.Call) -> None:
        """Refuse ``self.build()`` where ``build`` is none of the file's module classes' methods but may be
        defined out of sight (a mixin or an imported base, or set on the class later: ``Net.build = build``):
        what it makes would be missing from every count."""
        function = call.func
        if isinstance(function, ast.Name) and self.given_self(call) and self.defined_out_of_sight(function.id):
            raise SpecError(  # from utils import build_head; build_head(self, 8)
                f"lstmcalc cannot follow {shortened(call, 60)}: {function.id} is not defined in this file, and given "
                "self it may make modules or parameters lstmcalc would not count; make them in __init__",
                self.evaluator.loc(call),
            )
        if not isinstance(function, ast.Attribute) or not is_self(function.value):
            return
        if self.builder.find_method(self.instance_class, function.attr) is not None:
            return
        outside = [
            ancestor
            for ancestor in self.builder.orders.order(self.instance_class)
            if isinstance(ancestor, str) and ancestor not in (*TORCH_KINDS, *CONTAINERS, *_PLAIN_BASES)
        ]
        known = self.evaluator.class_attributes
        if known is not None and known.set_elsewhere(function.attr):
            where = "comes from code outside the class"
        elif function.attr in MODULE_METHODS or f"self.{function.attr}" in self.scope.bindings:
            return  # self.apply(...): nn.Module's own, followed where it registers or freezes
        elif outside:
            where = f"comes from a base lstmcalc cannot read ({', '.join(outside)})"
        else:
            where = "is defined nowhere lstmcalc can see"
        raise SpecError(
            f"lstmcalc cannot follow {shortened(call, 60)}: self.{function.attr} {where}, and may make modules or "
            "parameters lstmcalc would not count; define the method in the model's class",
            self.evaluator.loc(call),
        )

    def registers(self, node: ast.AST) -> bool:
        """Whether running ``node`` could make or register a module, a parameter or a buffer: a module or
        ``nn.Parameter`` made, ``setattr``, ``add_module`` and the like, or a method of the class or a
        function of the file that does (followed into, each once)."""
        return self.reaches(node, self._registers_here)

    def _registers_here(self, part: ast.AST) -> bool:
        if not isinstance(part, ast.Call):
            return False
        function = part.func
        if self.makes_weights(part) or getattr(function, "id", None) == "setattr":
            return True
        return isinstance(function, ast.Attribute) and function.attr in _REGISTERING_METHODS

    def flag(self, node: ast.expr) -> bool:
        """The value of ``requires_grad`` given as ``node``: True or False (torch takes no other), or asked for."""
        try:
            value = self.evaluator.evaluate(node, self.scope)
        except Unknown as unknown:
            raise ask(self.evaluator, unknown.node, "to know which parameters are trainable") from None
        if not isinstance(value, bool):
            raise SpecError(
                f"torch refuses this: requires_grad must be a bool, not {value!r}", self.evaluator.loc(node)
            )
        return value

    def set_requires_grad(self, target: ast.expr, trainable: bool, node: ast.AST, module_too: bool = True) -> None:
        """``requires_grad_(trainable)`` on a module (every parameter inside, when ``module_too``) or
        ``requires_grad = trainable`` on a parameter; refused on what lstmcalc cannot tell is which."""
        owner = self.module if is_self(target) else self.module_of(target)
        if owner is not None:
            if module_too:
                owner.freeze(trainable=trainable)
            return  # module.requires_grad = False: a plain attribute, which freezes nothing in torch
        if isinstance(target, ast.Attribute):
            holder = self.module_of(target.value)
            if holder is not None and any(weight.name == target.attr for weight in holder.own_weights):
                holder.freeze(target.attr, trainable)
                return
        raise SpecError(FREEZES_UNSEEN, self.evaluator.loc(node))

    def given_self(self, call: ast.Call) -> bool:
        """Whether ``call`` is given ``self`` itself, as an argument or a keyword's value."""
        return any(is_self(argument) for argument in [*call.args, *(keyword.value for keyword in call.keywords)])

    def defined_out_of_sight(self, name: str) -> bool:
        """Whether the function ``name`` names is neither the file's nor one of Python's builtins (imported)."""
        return (
            name not in self.evaluator.file_functions
            and name not in self.builder.classes
            and not hasattr(builtins, name)
        )

    def names_module_class(self, part: ast.AST) -> bool:
        """Whether ``part`` names a class whose instances hold weights: torch.nn's (``nn.GRU``,
        ``nn.Parameter``) or a module class of the file."""
        if isinstance(part, ast.Name) and part.id in self.builder.classes:
            return True
        if not isinstance(part, (ast.Name, ast.Attribute)):
            return False
        name = torch_class(part, self.builder.torch_names)
        return name is not None and (name in TORCH_KINDS or name in CONTAINERS or name == "Parameter")

    def may_be_module(
        self, value: ast.expr, unknown: Container[str] | None = None, seen: frozenset[str] = frozenset()
    ) -> bool:
        """Whether ``value``, which lstmcalc cannot know, may be a module (see torch_unknown_modules); a call
        of a method or function of the file, where one of its returns may be."""
        called = self.helper_method(value) or self.file_function(value) if isinstance(value, ast.Call) else None
        if isinstance(value, ast.Call) and self.module_of(value.func) is not None:
            return False  # self.fc(x): what a module's forward returns
        if called is None:
            unknown = self.scope.unknown_modules if unknown is None else unknown
            return unknown_module(value, self.evaluator, unknown)
        if called.name in seen:
            return False  # a call of itself returns what its other returns do
        assigned = [part for part in ast.walk(called) if isinstance(part, (ast.Assign, ast.AnnAssign))]
        names = {
            target.id
            for part in assigned
            if part.value is not None and self.may_be_module(part.value, (), seen | {called.name})
            for target in (part.targets if isinstance(part, ast.Assign) else [part.target])
            if isinstance(target, ast.Name)
        }
        return any(
            isinstance(part, ast.Return)
            and part.value is not None
            and self.may_be_module(part.value, names, seen | {called.name})
            for part in ast.walk(called)
        )

    def reaches(self, node: ast.AST, does: Callable[[ast.AST], bool], seen: frozenset[str] = frozenset()) -> bool:
        """Whether running ``node`` could do what ``does`` tells of one of its parts, there or in a method of the
        class or a function of the file it calls (followed into, each once)."""
        for part in ast.walk(node):
            if does(part):
                return True
            if not isinstance(part, ast.Call):
                continue
            function = part.func
            called: ast.FunctionDef | None = None
            if isinstance(function, ast.Attribute) and is_self(function.value):
                called = self.builder.find_method(self.instance_class, function.attr)
            elif isinstance(function, ast.Name):
                called = self.evaluator.file_functions.get(function.id)
            if called is not None and called.name not in seen and self.reaches(called, does, seen | {called.name}):
                return True
        return False

    def returned(self, node: ast.expr) -> Any:
        """What a method's ``return`` gives: its module, its list of modules, else its value (or UNKNOWN)."""
        if self.is_module_expression(node):
            several = isinstance(node, (ast.List, ast.Tuple, ast.ListComp, ast.GeneratorExp)) or (
                isinstance(node, ast.Name) and isinstance(self.local_modules.get(node.id), list)
            )
            return self.modules_of(node) if several else self.one_module(node)
        try:
            return self.evaluator.evaluate(node, self.scope)
        except Unknown:
            return UNKNOWN

    def assign_returned(self, target: ast.expr, attribute: str | None, call: ast.Call, result: Any) -> None:
        """``self.layer1 = self._make_layer(...)``, ``block = self._block(i)``: what the method returned."""
        several = isinstance(result, list) and bool(result) and all(isinstance(item, ModuleNode) for item in result)
        if isinstance(result, ModuleNode) and attribute is not None:
            self.set_child(attribute, result)  # a child made again keeps its place, as in torch
        elif several and attribute is not None:
            self.hold_unregistered(attribute, "list", result, call)
        elif (isinstance(result, ModuleNode) or several) and isinstance(target, ast.Name):
            self.local_modules[target.id] = result
        elif isinstance(result, ModuleNode) or several:
            raise SpecError(
                "lstmcalc reads a module a method returns into self.name or a name", self.evaluator.loc(call)
            )
        else:
            binding = UNKNOWN if result is UNKNOWN else known(result)
            if attribute is not None:
                self.scope.bindings[f"self.{attribute}"] = binding
            elif isinstance(target, ast.Name):
                self.scope.bindings[target.id] = binding
                self.local_modules.pop(target.id, None)
            else:
                self.unfollowed(made_node(ast.Assign(targets=[target], value=call), call))

    def delete(self, statement: ast.Delete) -> None:
        """``del self.extra``: the module, parameter or buffer is no longer the model's. An item of a
        container (torch numbers the rest again) is refused, a plain attribute is gone, and any other
        name is forgotten."""
        for target in statement.targets:
            attribute = target.attr if isinstance(target, ast.Attribute) and is_self(target.value) else None
            if attribute is not None and attribute in self.module.children:
                del self.module.children[attribute]
            elif attribute is not None and self.module.held(attribute) is not None:
                self.module.own_weights = [weight for weight in self.module.own_weights if weight.name != attribute]
                self.module.buffers = [buffer for buffer in self.module.buffers if buffer.name != attribute]
            elif (
                isinstance(target, ast.Subscript)
                and self.module_of(target.value) is not None
                or (isinstance(target, ast.Attribute) and self.module_of(target.value) is not None)
            ):
                raise SpecError(
                    "lstmcalc cannot follow this del in __init__ yet: it changes which modules the model holds",
                    self.evaluator.loc(target),
                )
            elif attribute is not None:  # a plain value: gone, so hasattr(self, ...) in forward is False
                self.scope.bindings.pop(f"self.{attribute}", None)
            else:
                self.unfollowed(made_node(ast.Delete(targets=[target]), target))

    def set_item(self, target: ast.Subscript, value: ast.expr) -> None:
        """``self.seq[0] = nn.Linear(...)``, ``self.heads["b"] = ...``: the item replaced in its place (or a
        ModuleDict's new key added at its end), as torch's ``__setitem__`` does."""
        holder = self.module_of(target.value)
        assert holder is not None
        try:
            key = self.evaluator.evaluate(target.slice, self.scope)
        except Unknown as unknown:
            raise ask(self.evaluator, unknown.node, "to know which module is replaced") from None
        if holder.container == "ModuleDict" and isinstance(key, str):
            name = key
        elif holder.container in ("ModuleList", "Sequential") and isinstance(key, int) and not isinstance(key, bool):
            if not holder.children or not -len(holder.children) <= key < len(holder.children):
                raise SpecError(f"torch would refuse this: index {key} is out of range", self.evaluator.loc(target))
            name = list(holder.children)[key]
        else:
            raise SpecError(
                f"lstmcalc cannot follow this item of nn.{holder.class_name} in __init__ yet",
                self.evaluator.loc(target),
            )
        holder.children[name] = self.one_module(value)

    def set_child_of(
        self, holder: ModuleNode, target: ast.Attribute, value: ast.expr, modules: list[ModuleNode] | None
    ) -> bool:
        """``self.encoder.fc = nn.Linear(...)``: the child of a child set, in its place if it had one (as
        torch's ``__setattr__`` does), or ``= None``: no longer counted. False for a plain value."""
        name = target.attr
        if modules is not None and len(modules) == 1 and self.iterable_kind(value) is None:
            if modules[0].holds(holder):
                raise SpecError(
                    f"nn.{holder.class_name} would hold itself: torch cannot save or list such a module",
                    self.evaluator.loc(value),
                )
            holder.children[name] = modules[0]
            return True
        if is_none(value) and name in holder.children and holder.container not in ("Sequential", "ModuleList"):
            del holder.children[name]  # a Sequential's or ModuleList's None would be called or iterated: refused
            return True
        if modules is not None or name in holder.children:
            raise SpecError(
                f"lstmcalc cannot tell which module {shortened(target, 40)} is now: make it one module, "
                "nn.Class(...), in one statement",
                self.evaluator.loc(value),
            )
        return False

    def set_child(self, attribute: str, module: ModuleNode) -> None:
        """``self.x = <module>``: a new child last, one made again in its place (also one set to None in
        between), as torch's ``_modules`` keeps a key's place."""
        children = self.module.children
        before = self.module.vacated.pop(attribute, None) if attribute not in children else None
        if before is None:
            children[attribute] = module
            return
        after = max((index for index, name in enumerate(children) if name in before), default=-1)
        names = list(children)
        self.module.children = {
            **{name: children[name] for name in names[: after + 1]},
            attribute: module,
            **{name: children[name] for name in names[after + 1 :]},
        }

    def replace_child(self, attribute: str, value: ast.expr) -> None:
        """``self.fc = None`` over a module: no longer the model's. Anything else lstmcalc cannot tell is a
        module (``self.seq = self.seq.get_submodule("0")``) is refused: the count would keep the old one."""
        if is_none(value):
            names = list(self.module.children)
            # torch keeps the key, holding None: a module set there again takes that place back.
            self.module.vacated[attribute] = names[: names.index(attribute)]
            del self.module.children[attribute]
            self.scope.bindings[f"self.{attribute}"] = known(None)
            return
        raise SpecError(
            f"lstmcalc cannot tell which module self.{attribute} is now: {shortened(value, 40)} is not known "
            "without running the code; make the module it should be in one statement",
            self.evaluator.loc(value),
        )
