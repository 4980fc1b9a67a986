"""``super().__init__(...)`` and ``Parent.__init__(self, ...)`` in ``__init__``, for its reader
(:class:`~lstm_calc.readers.torch_init.InitReader`): the next ``__init__`` of the instance's method
resolution order, a class of the file's or a torch.nn base's (a module's parts, a container's
modules), as Python and torch run them.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import Unknown
from lstm_calc.readers.syntax_walk import is_super, made_node, shortened, walk
from lstm_calc.readers.torch_classes import method
from lstm_calc.readers.torch_containers import Containers
from lstm_calc.readers.torch_kinds import CONTAINERS, TORCH_KINDS
from lstm_calc.readers.torch_modules import make_torch_module, torch_class

if TYPE_CHECKING:
    from lstm_calc.readers.torch_classes import Ancestor
    from lstm_calc.readers.torch_modules import ModuleNode


#: Bases whose ``__init__`` passes on without calling nn.Module's (Python's ``object.__init__``).
_PASSING_ON = ("ABC", "Generic", "object")


class InitBases(Containers):
    """The parents' ``__init__``, for an ``__init__`` reader."""

    if TYPE_CHECKING:
        module: ModuleNode
        definition: ast.ClassDef

        def module_argument(self, node: ast.expr) -> ModuleNode | None: ...

    def parent_init(self, call: ast.Call) -> None:
        """``super().__init__(...)``: the next ``__init__`` of the instance's method resolution order
        after this class (in a diamond, a sibling's); ``Parent.__init__(self, ...)``: the parent's."""
        function = call.func
        assert isinstance(function, ast.Attribute)
        owner = function.value
        without_self = made_node(ast.Call(func=call.func, args=call.args[1:], keywords=call.keywords), call)
        ready = self.module.torch_ready
        if _root_name(owner) == "self" or _root_name(owner) in self.local_modules:
            raise SpecError(  # self.rnn.__init__(4, 16): the module made again in place, with other sizes
                f"lstmcalc cannot follow {shortened(call, 50)} yet: it runs __init__ again on a module already "
                "made; make the module once, with the arguments it should have",
                self.evaluator.loc(call),
            )
        if isinstance(owner, ast.Name) and owner.id in self.builder.classes:
            parent = self.builder.classes[owner.id]
            self.builder.run_init(parent, self.module, self.scope, without_self, self.scope, self.local_modules)
            return
        named = torch_class(owner, self.builder.torch_names)
        if named in TORCH_KINDS or named in CONTAINERS:  # nn.Sequential.__init__(self, *layers)
            self.refuse_init_again(ready, call)
            self.module.torch_ready = True
            self.torch_base_init(without_self, named)
            return
        if named == "Module":
            self.refuse_module_arguments(without_self)
            self.module_init(ready, call)
        if not is_super(owner):
            if named != "Module":
                self.refuse_init_again(ready, call)  # a class lstmcalc does not see, which may call nn.Module's
            self.module.torch_ready = True
            return
        assert isinstance(owner, ast.Call)  # super(...)
        ancestors = self.builder.orders.after_super(self.instance_class, self.definition, owner)
        for index, ancestor in enumerate(ancestors):
            if isinstance(ancestor, str):  # a torch.nn module's parts; nn.Module's own, none; a mixin's passes on
                self.module.torch_ready = self.module.torch_ready or ancestor not in _PASSING_ON
                if ancestor in TORCH_KINDS or ancestor in CONTAINERS:
                    self.refuse_init_again(ready, call)
                    # torch's __init__ calls super().__init__() first: a class after it in the order runs then
                    self.next_init(ancestors[index + 1 :], call)
                    self.torch_base_init(call, ancestor)
                if ancestor == "Module":
                    self.refuse_module_arguments(call)
                    self.module_init(ready, call)
                if ancestor in TORCH_KINDS or ancestor in CONTAINERS or ancestor == "Module":
                    return
                continue
            init = method(ancestor, "__init__")
            if init is not None:
                self.builder.run_method(
                    ancestor, init, self.module, self.scope, call, self.scope, caller_modules=self.local_modules
                )
                return
        self.refuse_init_again(ready, call)
        self.module.torch_ready = True  # the order ends in a class lstmcalc does not see

    def module_init(self, ready: bool, call: ast.Call) -> None:
        """nn.Module.__init__ reached: run again (``ready``), it empties ``_modules``, ``_parameters`` and
        ``_buffers`` as torch does; plain attributes (numbers, lists) stay, being the instance's own."""
        module = self.module
        if not ready:
            return
        tied = bool(module.tied or module.tied_by)
        self.refuse_init_again(ready, call, unfollowed=module.kind is not None or tied)
        names = {*module.children, *(weight.name for weight in (*module.own_weights, *module.buffers))}
        names |= {name.lstrip(".") for name in module.vacated}
        for name in names:
            self.scope.bindings.pop(f"self.{name}", None)
        module.dropped |= names
        module.children, module.own_weights, module.buffers = {}, [], []
        module.none_slots, module.vacated = [], {}

    def refuse_init_again(self, ready: bool, call: ast.Call, unfollowed: bool | None = None) -> None:
        """Refuse an ``__init__`` that runs again (``ready``: nn.Module's ran before) where lstmcalc cannot tell
        what it drops and makes again (a torch.nn base's, a class it does not see): where ``unfollowed``, or
        by default where the module already registers something."""
        module = self.module
        held = module.children or module.own_weights or module.buffers or module.vacated
        if ready and (unfollowed if unfollowed is not None else bool(held)):
            raise SpecError(
                f"lstmcalc cannot follow {shortened(call, 50)} yet: nn.Module.__init__ runs again here on "
                f"{module.class_name}, which drops what it registered before; call it once, first",
                self.evaluator.loc(call),
            )

    def refuse_module_arguments(self, call: ast.Call) -> None:
        """Refuse ``nn.Module.__init__`` given what lstmcalc knows to be arguments, as torch refuses them
        (``super().__init__(**kwargs)`` of ``Net(foo=1)``); ``**kwargs`` of no keywords is fine."""
        named: list[str] = []
        for keyword in call.keywords:
            if keyword.arg is not None:
                named.append(keyword.arg)
                continue
            try:
                spread = self.evaluator.evaluate(keyword.value, self.scope)
            except Unknown:
                return
            named += list(spread) if isinstance(spread, dict) else []
        positional = 0
        for argument in call.args:
            try:
                spread = (
                    self.evaluator.evaluate(argument.value, self.scope) if isinstance(argument, ast.Starred) else [0]
                )
            except Unknown:
                return
            if not isinstance(spread, (list, tuple)):
                return
            positional += len(spread)
        instance = self.instance_class.name
        if named:
            problem = f"got an unexpected keyword argument '{named[0]}'"
        elif positional:
            problem = f"takes 1 positional argument but {positional + 1} were given"
        else:
            return
        if any(
            getattr(node, "id", None) == "call_super_init"
            for cls in self.builder.classes.values()
            for node in walk(cls)
        ):
            return  # torch then passes them on to the next class of the order instead
        raise SpecError(
            f"torch refuses this call (TypeError: {instance}.__init__() {problem})", self.evaluator.loc(call)
        )

    def next_init(self, ancestors: list[Ancestor], where: ast.AST) -> None:
        """``super().__init__()`` without arguments as a torch.nn base's ``__init__`` calls it: the first
        ``__init__`` of the file's classes among ``ancestors`` (``class Net(nn.Sequential, Base)``: Base's)."""
        for ancestor in ancestors:
            if isinstance(ancestor, str):
                if ancestor in TORCH_KINDS or ancestor in CONTAINERS or ancestor == "Module":
                    return
                continue
            init = method(ancestor, "__init__")
            if init is not None:
                call = made_node(ast.Call(ast.Name("super", ast.Load()), [], []), where)
                self.builder.run_method(ancestor, init, self.module, self.scope, call, self.scope)
                return

    def torch_base_init(self, call: ast.Call, name: str) -> None:
        """``super().__init__(...)`` reaching a torch.nn class or container ``name``: what torch makes of the
        arguments is the module's own: a container's modules (its forward too: nn.Sequential's runs them in
        order), a torch.nn module's parts."""
        if name not in CONTAINERS:
            self.torch_parent_init(call, name)
            return
        made = self.container(name, call)
        self.module.children.update(made.children)
        self.module.none_slots += made.none_slots
        self.module.container = name

    def torch_parent_init(self, call: ast.Call, name: str) -> None:
        """``super().__init__(d_model=...)`` reaching a torch.nn class ``name``: that module's parts are its own."""
        for cls in self.builder.orders.resolution_order(self.instance_class):
            for base in cls.bases:
                if torch_class(base, self.builder.torch_names) == name:
                    made = make_torch_module(name, call, self.evaluator, self.scope, base, self.module_argument)
                    self.module.children.update(made.children)
                    self.module.own_weights += made.own_weights
                    self.module.buffers += made.buffers
                    # Its forward, unless the class's own overrides it, is the torch module's.
                    self.module.kind, self.module.layer, self.module.options = made.kind, made.layer, made.options
                    return

    @property
    def instance_class(self) -> ast.ClassDef:
        """The class of the module being built (``self``'s), whose method resolution order Python follows."""
        return self.module.node if isinstance(self.module.node, ast.ClassDef) else self.definition


def _root_name(node: ast.expr) -> str | None:
    """The name an attribute chain starts from (``self`` of ``self.rnn``), if it starts from one."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
