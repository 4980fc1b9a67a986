"""``self.<name>`` that forward reads but nothing ever sets: torch's AttributeError (``self.linear_out(...)`` where
``__init__`` made ``self.linear``), not a value lstmcalc cannot follow.

Only where lstmcalc sees everything that could set it: a class of the file based, through classes of the file
alone, on ``nn.Module``; no class of its order binding the name in its body or defining ``__getattr__``; and no
code of the file storing or deleting an attribute of that name on anything, calling ``setattr``, ``vars`` or a
registering method (``register_buffer``, ``add_module``, ...) with a name that may be it, or reaching
``__dict__``, ``__setattr__`` or ``__class__``.
"""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING

from lstm_calc.readers.code_names import binding_nodes
from lstm_calc.readers.syntax_walk import walk
from lstm_calc.readers.torch_init_none import module_attribute
from lstm_calc.readers.torch_refusal import ShapeRefusal

if TYPE_CHECKING:
    from lstm_calc.readers.torch_builder import ModuleBuilder
    from lstm_calc.readers.torch_modules import ModuleNode

#: What registers a module, parameter or buffer under the name its first argument gives.
_REGISTERING = frozenset({"add_module", "register_module", "register_buffer", "register_parameter"})
#: What reaches an instance's attributes other than by name.
_REACHING = frozenset({"__dict__", "__setattr__", "__class__", "__getattr__", "__getattribute__"})
#: Python's own functions given ``self`` that set none of its attributes.
_READING = frozenset({"super", "isinstance", "hasattr", "getattr", "type", "id", "len", "print", "repr", "str"})
#: The bases from elsewhere that set no attribute of the instance beyond nn.Module's own.
_PLAIN_BASES = frozenset({"Module", "object"})


def missing_attribute(builder: ModuleBuilder, module: ModuleNode, node: ast.Attribute) -> ShapeRefusal | None:
    """torch's AttributeError for ``node``, ``self.<name>`` read in ``module``'s forward, where nothing in the file
    can set ``name`` on it; None where something may."""
    definition = module.node
    name = node.attr
    if not isinstance(definition, ast.ClassDef) or name.startswith("__") or module_attribute(name, None):
        return None
    for ancestor in builder.orders.order(definition):
        if isinstance(ancestor, str):
            if ancestor not in _PLAIN_BASES:
                return None
            continue
        if ancestor.decorator_list or ancestor.keywords:
            return None
        bound = {bound for bound, _ in binding_nodes(ancestor.body)}
        if name in bound or bound & _REACHING:
            return None
    tree = builder.evaluator.class_attributes.tree if builder.evaluator.class_attributes is not None else None
    if tree is None:
        return None
    defined = {part.name for part in tree.body if isinstance(part, (ast.FunctionDef, ast.ClassDef))}
    order = {id(ancestor) for ancestor in builder.orders.order(definition)}
    # self.<name> set in a method of another class sets it on that class's instances, not on this one
    elsewhere = {
        id(part)
        for other in tree.body
        if isinstance(other, ast.ClassDef) and id(other) not in order
        for part in walk(other)
        if isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name) and part.value.id == "self"
    }
    if any(id(part) not in elsewhere and (_may_set(part, name) or _given_away(part, defined)) for part in walk(tree)):
        return None
    refusal = ShapeRefusal(f"AttributeError: '{definition.name}' object has no attribute '{name}'")
    refusal.node = node
    return refusal


def _may_set(node: ast.AST, name: str) -> bool:
    """Whether ``node`` may set the attribute ``name`` on some object."""
    if isinstance(node, ast.Attribute):
        return node.attr in _REACHING or (node.attr == name and not isinstance(node.ctx, ast.Load))
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    called = (
        function.id
        if isinstance(function, ast.Name)
        else function.attr
        if isinstance(function, ast.Attribute)
        else None
    )
    if called in ("setattr", "vars", "__import__", "exec", "eval"):
        return True
    if called in _REGISTERING:
        given = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "name"), None)
        return not (isinstance(given, ast.Constant) and isinstance(given.value, str) and given.value != name)
    return False


def _given_away(node: ast.AST, defined: set[str]) -> bool:
    """Whether ``node`` gives an object to code that may set its attributes out of lstmcalc's sight: ``self`` to
    any function but Python's readers, ``module.apply(fn)``, a name to a function not of the file nor Python's."""
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    given = [*node.args, *(keyword.value for keyword in node.keywords)]
    named = [argument for argument in given if isinstance(argument, (ast.Name, ast.Starred))]
    if isinstance(function, ast.Attribute):
        return function.attr == "apply" or any(
            isinstance(argument, ast.Name) and argument.id == "self" for argument in named
        )
    if isinstance(function, ast.Name) and function.id in _READING:
        return False
    if isinstance(function, ast.Name) and (function.id in defined or hasattr(builtins, function.id)):
        return any(isinstance(argument, ast.Name) and argument.id == "self" for argument in named)
    return bool(named)
