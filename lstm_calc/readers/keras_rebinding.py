"""Names of Keras classes that the file binds to something else too: ``LSTM = GRU`` under an ``if``,
``Conv1D = partial(Conv1D, padding="same")``, ``def Dense(units): ...`` beside ``from keras.layers import
Dense``, a parameter ``LSTM=layers.GRU``, ``class ns: LSTM = GRU`` and then ``ns.LSTM(8)``. The Keras code
readers know a class by the name a call spells, so such a call would be read as the Keras class its name
says, which it may not make: refused at the call instead (found by a probe, where lstmcalc printed the
LSTM's count for Keras's GRU). Aliases that keep the class (``Dense = tf.keras.layers.Dense``,
``layers = tf.keras.layers``) are read as before."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.readers.keras_config import (
    FUNCTIONAL_CLASSES,
    INPUT_CALLS,
    KERAS_CLASSES,
    KERAS_MODULES,
    SEQUENTIAL,
    callee,
)
from lstm_calc.readers.syntax_walk import nodes_of

if TYPE_CHECKING:
    from collections.abc import Collection


def refuse_rebound_keras_names(
    tree: ast.Module, aliases: dict[str, str], file_classes: Collection[str], filename: str
) -> None:
    """Refuse the first call of a Keras class by a name (``LSTM(8)``, or ``ns.LSTM(8)`` by its first part)
    that the file also binds to something other than Keras (``file_classes``, the file's own layer classes,
    are read as such elsewhere)."""
    keras_names = _keras_bound_names(tree)
    foreign = _foreign_bindings(tree, keras_names)
    for call in nodes_of(tree, ast.Call):
        name = callee(call, aliases)
        if name is None or not (
            name in KERAS_CLASSES or name in INPUT_CALLS or name in (SEQUENTIAL, *FUNCTIONAL_CLASSES)
        ):
            continue
        root = call.func
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id not in foreign:
            continue
        if root is call.func and root.id in file_classes:
            continue
        if root is call.func and root.id not in keras_names and foreign[root.id][1] == "a def":
            continue  # the file's own function of that name, which the readers read as such
        line, how = foreign[root.id]
        raise SpecError(
            f"{ast.unparse(call.func)} would be read as Keras's {name}, but {how} at line {line} binds the name "
            f"{root.id} to something else, so this call may make another layer; lstmcalc reads a Keras class "
            "only by a name that stands for it alone: call it as imported (layers.GRU(8)), or rename the other",
            Location(filename, call.lineno, call.col_offset + 1),
        )


def _keras_bound_names(tree: ast.Module) -> set[str]:
    """The names bound to Keras: imported from it, or assigned a chain of such names (``L = tf.keras.layers``,
    ``Dense = L.Dense``: the same class under its own name)."""
    names: set[str] = set()
    for node in nodes_of(tree, (ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and (node.module or "").split(".")[0] in KERAS_MODULES:
                names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in KERAS_MODULES:
                    names.add(alias.asname or alias.name.split(".")[0])
    assignments = [
        (node.targets[0].id, node.value)
        for node in nodes_of(tree, ast.Assign)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
    ]
    grown = True
    while grown:
        grown = False
        for target, value in assignments:
            if target not in names and _keras_chain(value, names, target):
                names.add(target)
                grown = True
    return names


def _keras_chain(value: ast.expr, keras_names: set[str], target: str) -> bool:
    """Whether ``value`` is ``tf.keras.layers`` (a module) or ``tf.keras.layers.Dense`` bound to ``Dense``."""
    if not isinstance(value, ast.Attribute):
        return False
    root: ast.expr = value
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or root.id not in keras_names:
        return False
    is_class = value.attr[:1].isupper()
    return not is_class or value.attr == target


def _foreign_bindings(tree: ast.Module, keras_names: set[str]) -> dict[str, tuple[int, str]]:
    """Each name the file binds other than to Keras: the first such line and how (``an assignment``, ``a def``, ...)."""
    found: dict[str, tuple[int, str]] = {}

    def bind(name: str, node: ast.AST, how: str) -> None:
        found.setdefault(name, (getattr(node, "lineno", 1), how))

    keras_assignments = {
        id(node.targets[0])
        for node in nodes_of(tree, ast.Assign)
        if len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and _keras_chain(node.value, keras_names, node.targets[0].id)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and id(node) not in keras_assignments:
            bind(node.id, node, "an assignment")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            bind(node.name, node, "a def")
        elif isinstance(node, ast.ClassDef):
            bind(node.name, node, "a class")
        elif isinstance(node, ast.arg):
            bind(node.arg, node, "a parameter")
        elif isinstance(node, ast.ImportFrom) and not (
            node.level == 0 and (node.module or "").split(".")[0] in KERAS_MODULES
        ):
            for alias in node.names:
                bind(alias.asname or alias.name, node, "an import")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in KERAS_MODULES:
                    bind(alias.asname or alias.name.split(".")[0], node, "an import")
    return found
