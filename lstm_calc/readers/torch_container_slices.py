"""Slices of an ``nn.Sequential`` or ``nn.ModuleList``, and what spreading or listing a container gives,
as torch makes them: the same modules, shared.

torch's ``__getitem__`` makes a new container of the slice's modules: an ``nn.ModuleList``'s numbered
from 0 again, an ``nn.Sequential``'s under their names (``Sequential(OrderedDict(items[idx]))``).
``nn.Sequential(*self.layers[1:])`` and ``list(self.layers)[:k]`` give the modules themselves,
``nn.ModuleList(self.blocks[:2])`` a list of them. In ``forward``, a slice of an ``nn.Sequential``
called (``self.seq[:2](x)``) is a container made after torchinfo hooked the model's modules: its
modules' calls are rows, its own is not.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import Unknown
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import shortened
from lstm_calc.readers.torch_modules import ModuleNode

if TYPE_CHECKING:
    from lstm_calc.errors import Location
    from lstm_calc.readers.torch_builder import InitScope
    from lstm_calc.readers.torch_values import TorchEvaluator

#: The builtins that make a sequence of what they iterate over.
_LISTING = ("list", "tuple")


class UnhookedSequential(ModuleNode):
    """A slice of an ``nn.Sequential`` made in ``forward`` (``self.seq[:2]``): torchinfo hooked the model's
    modules before, so called, only its modules' calls are rows."""


def sliced_container(
    module: ModuleNode, taken: slice, node: ast.AST, where: Location, kind: type[ModuleNode] = ModuleNode
) -> ModuleNode:
    """The new container (of ``kind``) ``module[taken]`` is in torch, holding the same modules: an
    ``nn.ModuleList``'s numbered from 0, an ``nn.Sequential``'s under their names. Refused at ``where``:
    a slice of a module that is no nn.Sequential or nn.ModuleList, of a class of the file based on one
    (its own ``__init__`` would make the slice), of one holding None."""
    if module.container is None:
        raise SpecError(f"torch refuses this: \"'{module.class_name}' object is not subscriptable\"", where)
    if module.container == "ModuleDict":
        raise SpecError("torch refuses this: an nn.ModuleDict's modules are taken by key, not by a slice", where)
    if module.class_name != module.container or module.own_protocol:
        raise SpecError(
            f"lstmcalc cannot follow a slice of {module.class_name}: it reads slices of nn.Sequential and "
            "nn.ModuleList (a class based on one makes its slice with its own __init__)",
            where,
        )
    refuse_none_held(module, where)
    made = kind(module.class_name, node)
    made.container, made.torch_ready = module.container, True
    pairs = list(module.children.items())[taken]
    numbered = module.container == "ModuleList"
    made.children = {str(index) if numbered else name: child for index, (name, child) in enumerate(pairs)}
    return made


def refuse_none_held(module: ModuleNode, where: Location) -> None:
    """Refuse, at ``where``, taking the items of a container that holds None (``append(None)``)."""
    if module.none_slots:
        raise SpecError(
            f"lstmcalc cannot follow the items of nn.{module.class_name} here: it holds None "
            f"(at {', '.join(module.none_slots)}), which torch would call or hold in turn",
            where,
        )


class ContainerSlices:
    """Slices and spreads of containers in ``__init__`` (see :class:`~lstm_calc.readers.torch_init.InitReader`)."""

    if TYPE_CHECKING:
        evaluator: TorchEvaluator
        scope: InitScope

        def module_of(self, node: ast.expr) -> ModuleNode | None: ...

        def modules_of(self, node: ast.expr) -> list[ModuleNode]: ...

        def iterable_kind(self, node: ast.expr) -> str | None: ...

        def is_module_expression(self, node: ast.expr) -> bool: ...

    def sequence_kind(self, node: ast.expr) -> str | None:
        """``list`` or ``tuple`` for ``list(self.layers)``, ``tuple(...)`` of modules and a slice of a sequence of
        modules (``layers[1:]``, ``list(self.layers)[:2]``); None for anything else (a container's slice is
        one module: a new container)."""
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            return self.iterable_kind(node.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and self._listed(node) is not None:
            return node.func.id
        return None

    def sliced_modules(self, node: ast.expr) -> list[ModuleNode] | None:
        """The modules ``node`` gives if it slices or lists modules: ``[new container]`` for a slice of
        one (``self.layers[1:]``), the modules of ``list(self.layers)`` or of a slice of a sequence of
        modules (``list(self.layers)[:2]``); None for anything else."""
        listed = self._listed(node)
        if listed is not None:
            return self.spread_modules(listed)
        if not isinstance(node, ast.Subscript) or not isinstance(node.slice, ast.Slice):
            return None
        made = self.container_of(node)
        if made is not None:
            return [made]
        if self.iterable_kind(node.value) is None:
            return None
        return self.modules_of(node.value)[self._slice(node.slice)]

    def container_of(self, node: ast.expr) -> ModuleNode | None:
        """The module ``node`` names, or the new container a slice of one makes (``self.layers[1:]``)."""
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            owner = self.module_of(node.value)
            where = self.evaluator.loc(node)
            return None if owner is None else sliced_container(owner, self._slice(node.slice), node, where)
        return self.module_of(node)

    def spread_modules(self, node: ast.expr) -> list[ModuleNode]:
        """The modules iterating over ``node`` gives (``*self.layers``, ``list(self.blocks)``): a container's
        items, a list's modules. Refused where torch would take no module from it (a ModuleDict's keys)."""
        held = self.container_of(node)
        if held is None:
            return self.modules_of(node)
        if held.container == "ModuleDict":
            raise SpecError(
                'torch refuses this: iterating an nn.ModuleDict gives its keys ("str is not a Module subclass"); '
                f"write {shortened(node, 40)}.values()",
                self.evaluator.loc(node),
            )
        items = held.iterated()
        if held.own_protocol:
            raise SpecError(
                f"lstmcalc cannot tell which modules iterating {shortened(node, 40)} gives: its class defines "
                "how it is iterated",
                self.evaluator.loc(node),
            )
        if items is None:
            raise SpecError(
                f"Python refuses this: {held.class_name} is not iterable (nn.Module has no __iter__; nn.Sequential, "
                "nn.ModuleList and nn.ModuleDict have)",
                self.evaluator.loc(node),
            )
        refuse_none_held(held, self.evaluator.loc(node))
        return [item for item in items if item is not None]

    def _listed(self, node: ast.expr) -> ast.expr | None:
        """What ``list(x)`` or ``tuple(x)`` (Python's) of a container or of modules lists, if ``node`` is one."""
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _LISTING
            and node.func.id not in self.evaluator.bound_names
            and len(node.args) == 1
            and not node.keywords
        ):
            return None
        listed = node.args[0]
        held = self.container_of(listed)
        modules = self.iterable_kind(listed) is not None and self.is_module_expression(listed)  # not list((6, 3))
        return listed if held is not None or modules else None

    def _slice(self, part: ast.Slice) -> slice:
        """The slice ``part`` writes, of known integer bounds (asked for where unknown)."""
        bounds = []
        for bound in (part.lower, part.upper, part.step):
            try:
                value = None if bound is None else self.evaluator.evaluate(bound, self.scope)
            except Unknown as unknown:
                raise ask(self.evaluator, unknown.node, "to know which modules the slice takes") from None
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                message = "Python refuses this: slice indices must be integers or None"
                raise SpecError(message, self.evaluator.loc(bound or part))
            if value == 0 and bound is part.step:
                raise SpecError("Python refuses this: slice step cannot be zero", self.evaluator.loc(bound or part))
            bounds.append(value)
        return slice(*bounds)
