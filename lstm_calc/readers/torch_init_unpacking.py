"""Unpacking assignments in ``__init__``, for its reader (:class:`~lstm_calc.readers.torch_init.InitReader`):
``self.a, self.b = nn.Linear(...), nn.Linear(...)`` part by part, and ``a, b = sizes`` of a known tuple or list
item by item.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.located import located_slice
from lstm_calc.readers.evaluate import Binding, known
from lstm_calc.readers.syntax_walk import bound_name, unpacked_positions
from lstm_calc.readers.torch_modules import ModuleNode

if TYPE_CHECKING:
    from lstm_calc.readers.torch_builder import InitScope
    from lstm_calc.readers.torch_values import TorchEvaluator


class InitUnpacking:
    """Unpacking in ``__init__`` (see :class:`~lstm_calc.readers.torch_init.InitReader`)."""

    if TYPE_CHECKING:
        evaluator: TorchEvaluator
        scope: InitScope
        module: ModuleNode
        local_modules: dict[str, Any]

        def assign(self, target: ast.expr, value: ast.expr) -> None: ...

        def is_module_expression(self, node: ast.expr) -> bool: ...

        def module_of(self, node: ast.expr) -> ModuleNode | None: ...

        def registers(self, node: ast.AST) -> bool: ...

        def binding(self, node: ast.expr) -> Binding: ...

    def unpacked(self, target: ast.Tuple | ast.List, value: ast.expr) -> bool:
        """``self.a, self.b = nn.Linear(...), nn.Linear(...)``: each part assigned in turn, where no part
        reads what another assigns. Refused where it would register something otherwise; False when
        it registers nothing (its names are then forgotten, as before)."""
        written = {ast.unparse(part) for part in target.elts}  # a, b = b, a: the b read is the b written
        if (
            isinstance(value, (ast.Tuple, ast.List))
            and len(value.elts) == len(target.elts)
            and not any(isinstance(part, ast.Starred) for part in [*target.elts, *value.elts])
            and not any(
                isinstance(node, ast.expr) and ast.unparse(node) in written
                for item in value.elts
                for node in ast.walk(item)
            )
        ):
            for part, item in zip(target.elts, value.elts):
                self.assign(part, item)
            return True
        holds_modules = isinstance(value, (ast.Tuple, ast.List)) and any(
            self.module_of(item) is not None
            or isinstance(item, ast.Name)
            and item.id in self.local_modules
            or self.is_module_expression(item)
            for item in value.elts
        )
        if (
            isinstance(value, (ast.Tuple, ast.List))
            and len(value.elts) == len(target.elts)
            and all(isinstance(part, ast.Name) for part in target.elts)
            and not self.registers(value)
            and not holds_modules
        ):  # a, b = b, a: every value is read before any name is bound, as Python does
            bindings = [self.binding(item) for item in value.elts]
            for part, binding in zip(target.elts, bindings):
                assert isinstance(part, ast.Name)
                self.scope.bindings[part.id] = binding
                self.local_modules.pop(part.id, None)
            return True
        if self.registers(value) or holds_modules:
            raise SpecError(
                "lstmcalc cannot follow this unpacking in __init__ yet; make each module with "
                "self.name = ... in a statement of its own",
                self.evaluator.loc(value),
            )
        return False

    def unpacked_value(self, target: ast.expr, binding: Binding) -> bool:
        """``a, b = sizes``, ``self.a, self.b = sizes`` or ``first, *rest = sizes`` of a known tuple or list of
        plain values (numbers, strings, their lists): each name or attribute bound to its item, as Python
        unpacks it (a starred one to a new list of the items it takes)."""
        items = binding.value if binding.kind == Binding.KNOWN else None
        if not isinstance(target, (ast.Tuple, ast.List)) or not isinstance(items, (tuple, list)):
            return False
        names = [bound_name(part.value if isinstance(part, ast.Starred) else part) for part in target.elts]
        places = unpacked_positions(target.elts, len(items))
        if not (
            places is not None
            and all(names)
            and all(isinstance(item, (int, float, str, tuple, list, dict)) or item is None for item in items)
            and not any(name.removeprefix("self.") in self.module.children for name in names if name)
        ):
            return False
        for name, place in zip(names, places):
            assert name is not None
            if isinstance(place, slice):  # a new list of the items it takes
                self.scope.bindings[name] = known(located_slice(items, place, self.evaluator.loc(target)), True)
            else:
                self.scope.bindings[name] = known(items[place], binding.mutable)
            self.local_modules.pop(name, None)
            self.scope.unknown_modules.discard(name)
        return True
