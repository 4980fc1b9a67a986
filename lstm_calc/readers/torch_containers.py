"""``nn.Sequential``, ``nn.ModuleList`` and ``nn.ModuleDict`` as torch builds them from their arguments.

``nn.Sequential`` takes modules one by one (``*layers`` spreads a list) or one ``OrderedDict``;
``nn.ModuleList`` takes one iterable of modules: a list, a tuple, a comprehension, a generator,
``[block] * n`` (one module n times: torch shares it), ``a + b``, another container;
``nn.ModuleDict`` takes a dict or a dict comprehension. What torch refuses (a list given to
``nn.Sequential``, one module given to ``nn.ModuleList``) is refused here with torch's words.
Modules held in a plain list (``self.layers = [...]``) are not registered, as in torch: a note
says so.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import Binding, Unknown
from lstm_calc.readers.loop_values import MAX_UNROLLED, is_loop_target
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import is_none
from lstm_calc.readers.torch_init_changes import InitChanges
from lstm_calc.readers.torch_init_none import refuse_container_key
from lstm_calc.readers.torch_modules import ModuleNode

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lstm_calc.errors import Location
    from lstm_calc.readers.torch_builder import InitScope, ModuleBuilder
    from lstm_calc.readers.torch_values import TorchEvaluator

#: The most modules a model may hold, one held under several names counted under each, as torch's
#: state_dict and torchinfo's table list it (``named_modules(remove_duplicate=False)``). Real
#: models hold a few thousand at most; a module nested in itself n times over
#: (``s = nn.Sequential(s, s)`` in a loop) is held under 2**n names.
MAX_MODULES = 10_000
#: The most modules may nest inside one another; torch itself recurses that deep to list them.
MAX_MODULE_DEPTH = 100
#: The most parameters and buffers (tensors) the torch.nn modules ``__init__`` makes may hold in all.
MAX_TENSORS = 200_000


class Containers(InitChanges):
    """The containers' arguments, for an ``__init__`` reader (see :class:`~lstm_calc.readers.torch_init.InitReader`)."""

    builder: ModuleBuilder
    evaluator: TorchEvaluator
    scope: InitScope
    #: Local names bound to modules or lists of modules.
    local_modules: dict[str, Any]

    if TYPE_CHECKING:

        def modules_of(self, node: ast.expr) -> list[ModuleNode]: ...

        def one_module(self, node: ast.expr) -> ModuleNode: ...

        def iteration(self, node: ast.expr) -> list[Any]: ...

        def spread_modules(self, node: ast.expr) -> list[ModuleNode]: ...

        def sequence_kind(self, node: ast.expr) -> str | None: ...

        def bind_target(self, target: ast.expr, value: Any) -> None: ...

    def container(self, name: str, call: ast.Call) -> ModuleNode:
        """The container ``call`` makes, its children named as torch names them."""
        module = ModuleNode(name, call)
        module.container = name
        named = [keyword for keyword in call.keywords if keyword.arg != "modules" or name == "Sequential"]
        if named:  # nn.Sequential(fc=...) would be an empty Sequential if lstmcalc passed over it
            raise SpecError(
                f"torch refuses this: \"{name}.__init__() got an unexpected keyword argument '{named[0].arg}'\"",
                self.evaluator.loc(named[0].value),
            )
        if name == "ModuleDict":
            given = [*call.args, *(keyword.value for keyword in call.keywords)]
            if len(given) > 1:
                raise SpecError(
                    'torch refuses this: nn.ModuleDict takes one mapping of modules ("ModuleDict.__init__() takes '
                    "from 1 to 2 positional arguments\"); write nn.ModuleDict({'name': module, ...})",
                    self.evaluator.loc(call),
                )
            children = self.dict_items(given[0] if given and not is_none(given[0]) else None, call)
        elif name == "ModuleList":
            children = [(str(index), child) for index, child in enumerate(self._module_list_items(call))]
        else:
            children = self._sequential_children(call)
        for label, child in children:
            if child is None:
                module.none_slots.append(label)
            else:
                module.children[label] = child
        refuse_oversized(module, f"nn.{name}", self.evaluator.loc(call))
        return module

    def _sequential_children(self, call: ast.Call) -> list[tuple[str, ModuleNode | None]]:
        if len(call.args) == 1 and _is_ordered_dict(call.args[0]):
            return list(self.named_children(call.args[0]))
        children: list[ModuleNode] = []
        for argument in call.args:
            if isinstance(argument, ast.Starred):  # *self.layers[1:]: the modules, not the container
                children += self.spread_modules(argument.value)
                continue
            kind = self.iterable_kind(argument)
            if kind is not None:
                raise SpecError(
                    f'torch refuses this: nn.Sequential takes modules one by one ("{kind} is not a Module '
                    f'subclass"); spread the {kind}: {ast.unparse(call.func)}(*{ast.unparse(argument)})',
                    self.evaluator.loc(argument),
                )
            children.append(self.one_module(argument))
        return [(str(index), child) for index, child in enumerate(children)]

    def _module_list_items(self, call: ast.Call) -> list[ModuleNode | None]:
        given = [*call.args, *(keyword.value for keyword in call.keywords)]
        spread = next((argument for argument in call.args if isinstance(argument, ast.Starred)), None)
        if spread is not None:  # how many arguments it makes is only known once it is spread
            raise SpecError(
                "lstmcalc reads nn.ModuleList given its iterable of modules itself, not spread with *",
                self.evaluator.loc(spread),
            )
        if len(given) > 1 or any(keyword.arg != "modules" for keyword in call.keywords):
            raise SpecError(
                'torch refuses this: nn.ModuleList takes one iterable of modules ("ModuleList.__init__() takes '
                'from 1 to 2 positional arguments"); write nn.ModuleList([a, b])',
                self.evaluator.loc(call),
            )
        if not given or is_none(given[0]):
            return []
        argument = given[0]
        if self.iterable_kind(argument) is not None:
            return list(self.modules_of(argument))
        held = self.one_module(argument)
        items = held.iterated()
        if held.container == "ModuleDict":
            raise SpecError(
                'torch refuses this: iterating an nn.ModuleDict gives its keys ("str is not a Module subclass"); '
                f"write nn.ModuleList({ast.unparse(argument)}.values())",
                self.evaluator.loc(argument),
            )
        if items is None:
            raise SpecError(
                "torch refuses this: nn.ModuleList takes an iterable of modules, not one module "
                f'("ModuleList.extend should be called with an iterable, but got {held.class_name}"); '
                f"write {ast.unparse(call.func)}([{ast.unparse(argument)}])",
                self.evaluator.loc(argument),
            )
        return items

    def iterable_kind(self, node: ast.expr) -> str | None:
        """What Python makes of ``node`` if it is an iterable of modules lstmcalc reads (``list``,
        ``tuple``, ``generator``); None for anything else (one module, a value)."""
        if isinstance(node, (ast.List, ast.ListComp)):
            return "list"
        if isinstance(node, ast.Tuple):
            return "tuple"
        if isinstance(node, ast.GeneratorExp):
            return "generator"
        if isinstance(node, ast.Name):
            return "list" if isinstance(self.local_modules.get(node.id), list) else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
            sides = [self.iterable_kind(side) for side in (node.left, node.right)]
            if isinstance(node.op, ast.Add) and sides[0] == sides[1]:
                return sides[0]
            if isinstance(node.op, ast.Mult) and sides.count(None) == 1:
                return sides[0] or sides[1]
        return self.sequence_kind(node)

    def combined_modules(self, node: ast.BinOp) -> list[ModuleNode]:
        """``a + b`` of two lists of modules, or ``[block] * n``: the same modules n times over (torch
        shares them: one module under each index)."""
        if isinstance(node.op, ast.Add):  # layers = layers + layers, again and again, doubles it each time
            return refuse_long_list(
                [*self.modules_of(node.left), *self.modules_of(node.right)], self.evaluator.loc(node)
            )
        listed, count = (node.left, node.right) if self.iterable_kind(node.left) else (node.right, node.left)
        try:
            times = self.evaluator.evaluate(count, self.scope)
        except Unknown as unknown:
            raise ask(self.evaluator, unknown.node, "to know how many times the list of modules repeats") from None
        if not isinstance(times, int) or isinstance(times, bool):
            raise SpecError(f"Python would refuse this: a list times {times!r}", self.evaluator.loc(count))
        modules = self.modules_of(listed)
        self.count_unrolled(node, len(modules) * max(times, 0))
        return refuse_long_list(modules * times, self.evaluator.loc(node))

    def count_unrolled(self, node: ast.AST, steps: int) -> None:
        """Count ``steps`` more of the loops, comprehensions and repeated lists against :data:`MAX_UNROLLED`."""
        self.builder.unrolled += steps
        if self.builder.unrolled > MAX_UNROLLED:
            raise SpecError(
                f"the loops and comprehensions of __init__ run more than {MAX_UNROLLED:,} times in all",
                self.evaluator.loc(node),
            )

    def count_tensors(self, node: ast.AST, modules: Iterable[ModuleNode]) -> None:
        """Count the parameters and buffers of ``modules`` (made, or copied) against :data:`MAX_TENSORS`."""
        self.builder.tensors += sum(len(module.own_weights) + len(module.buffers) for module in modules)
        if self.builder.tensors > MAX_TENSORS:
            raise SpecError(
                f"the modules __init__ makes hold more than {MAX_TENSORS:,} parameters and buffers in all; "
                "lstmcalc reads no larger model (real models hold tens of thousands at most)",
                self.evaluator.loc(node),
            )

    def dict_items(self, argument: ast.expr | None, call: ast.Call) -> list[tuple[str, ModuleNode | None]]:
        """``{'name': module, ...}`` or ``{name: module for name in known}``."""
        if argument is None:
            return []
        if isinstance(argument, ast.DictComp) and len(argument.generators) == 1:
            generator = argument.generators[0]
            if is_loop_target(generator.target) and not generator.ifs:
                try:
                    values = self.iteration(generator.iter)
                except Unknown as unknown:
                    raise ask(self.evaluator, unknown.node, "to know which modules the comprehension makes") from None
                found: list[tuple[str, ModuleNode | None]] = []
                for value in values:
                    self.bind_target(generator.target, value)
                    found.append((self.child_name("ModuleDict", argument.key), self.one_module(argument.value)))
                return found
        if self._dict_of_keywords(argument):  # dict(wte=nn.Embedding(...), ...), as nanoGPT writes it
            assert isinstance(argument, ast.Call)
            return [
                (self.child_name("ModuleDict", keyword), self.one_module(keyword.value))
                for keyword in argument.keywords
            ]
        if not isinstance(argument, ast.Dict) or None in argument.keys:
            raise SpecError("lstmcalc reads nn.ModuleDict({'name': module, ...})", self.evaluator.loc(call))
        return [
            (self.child_name("ModuleDict", key), self.one_module(value))
            for key, value in zip(argument.keys, argument.values)
            if key is not None
        ]

    def child_name(self, container: str, node: ast.expr | ast.keyword) -> str:
        """The name a key (or keyword) gives a child of an ``nn.<container>``: asked for where it is not known,
        refused where torch's ``add_module`` refuses it."""
        if isinstance(node, ast.keyword):
            name: Any = node.arg
        else:
            try:
                name = self.evaluator.evaluate(node, self.scope)
            except Unknown as unknown:
                raise ask(self.evaluator, unknown.node, f"to know the names of the nn.{container}'s modules") from None
        return refuse_container_key(self.evaluator, container, name, node)

    def _dict_of_keywords(self, node: ast.expr) -> bool:
        """Whether ``node`` is the builtin ``dict(name=value, ...)`` (the file binds no other ``dict``)."""
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "dict"
            and not node.args
            and all(keyword.arg is not None for keyword in node.keywords)
            and self.scope.lookup("dict").kind == Binding.UNKNOWN
            and "dict" not in self.evaluator.file_functions
            and "dict" not in self.evaluator.file_classes
        )

    def named_children(self, node: ast.expr) -> list[tuple[str, ModuleNode | None]]:
        pairs = node.args[0] if isinstance(node, ast.Call) and node.args else None
        if not isinstance(pairs, (ast.List, ast.Tuple)):
            raise SpecError("lstmcalc reads OrderedDict([('name', module), ...])", self.evaluator.loc(node))
        found: list[tuple[str, ModuleNode | None]] = []
        for pair in pairs.elts:
            if not isinstance(pair, ast.Tuple) or len(pair.elts) != 2:
                raise SpecError("lstmcalc reads OrderedDict([('name', module), ...])", self.evaluator.loc(pair))
            found.append((self.child_name("Sequential", pair.elts[0]), self.one_module(pair.elts[1])))
        return found


def refuse_oversized(module: ModuleNode, name: str, where: Location) -> None:
    """Refuse, at ``where``, a module (``name``: ``nn.Sequential``, a class of the file) holding more
    than :data:`MAX_MODULES` modules or nesting them more than :data:`MAX_MODULE_DEPTH` deep."""
    held, depth = held_and_depth(module)
    if held > MAX_MODULES:
        raise SpecError(
            f"{name} would hold more than {MAX_MODULES:,} modules, one held under several names counted under "
            "each as torch's state_dict lists it; lstmcalc reads no larger model (real models hold a few "
            "thousand at most)",
            where,
        )
    if depth > MAX_MODULE_DEPTH:
        raise SpecError(
            f"{name} would nest modules more than {MAX_MODULE_DEPTH} deep; lstmcalc reads none deeper (real "
            "models nest a few dozen deep at most)",
            where,
        )


def held_and_depth(module: ModuleNode) -> tuple[int, int]:
    """How many modules ``module`` holds, itself included and one held under several names counted
    under each, and how deep they nest: each module visited once, without recursion (a chain of
    ten thousand is read as it is refused). A module inside itself holds endlessly many."""
    found: dict[int, tuple[int, int]] = {}
    opened: set[int] = set()
    pending = [module]
    while pending:
        current = pending[-1]
        if id(current) in found:
            pending.pop()
        elif id(current) not in opened:
            opened.add(id(current))
            for child in current.children.values():
                if id(child) in opened and id(child) not in found:
                    return MAX_MODULES + 1, MAX_MODULE_DEPTH + 1
                pending.append(child)
        else:
            inner = [found[id(child)] for child in current.children.values()]
            found[id(current)] = (1 + sum(held for held, _ in inner), 1 + max((depth for _, depth in inner), default=0))
            pending.pop()
    return found[id(module)]


def refuse_long_list(modules: list[ModuleNode], where: Location) -> list[ModuleNode]:
    """``modules``, a list ``+`` or ``*`` made, unless it is longer than a model may hold."""
    if len(modules) > MAX_MODULES:
        raise SpecError(
            f"this list holds more than {MAX_MODULES:,} modules; lstmcalc reads no larger model (real models "
            "hold a few thousand at most)",
            where,
        )
    return modules


def _is_ordered_dict(node: ast.expr) -> bool:
    function = node.func if isinstance(node, ast.Call) else None
    return isinstance(function, (ast.Name, ast.Attribute)) and ast.unparse(function).endswith("OrderedDict")


def unregistered_module_notes(root: ModuleNode) -> list[str]:
    """A line for each plain list or tuple of modules held as an attribute: torch does not register
    them, so neither its counts nor the state_dict have their parameters, nor do the totals here
    (those the model registers otherwise, with add_module or as an attribute, are left out)."""
    notes = []
    registered = {id(module) for module in root.modules()}  # a module also set as an attribute, or add_module'd
    for module in root.modules():
        for attribute, (kind, held) in module.unregistered.items():
            distinct = [item for item in {id(item): item for item in held}.values() if id(item) not in registered]
            if not distinct:
                continue
            classes = ", ".join(dict.fromkeys(item.class_name for item in distinct))
            params = sum(item.params for item in distinct)
            notes.append(
                f"{module.path + '.' if module.path else 'self.'}{attribute} is a plain {kind}, not an "
                f"nn.ModuleList: torch does not register the modules in it ({classes}), so their {params:,} "
                "parameters are not the model's (not in parameters(), the state_dict or .to(device)), nor "
                "counted here; hold them in nn.ModuleList(...) to make them part of it"
            )
    return notes
