"""Values ``__init__`` cannot know that may yet be modules: ``self.enc = load_encoder()`` with a
function the file defines twice, ``make_rnn`` imported or defined in a ``try``, ``type(self.fc)(8, 4)``,
``torch.load(...)``, ``torch.hub.load(...)``, a module given as an argument lstmcalc cannot read. Left
out, such a module's parameters would be missing from every count; lstmcalc refuses them instead.

Certainly no module is what a builtin such as ``int`` returns, what a plain library's function
(``math.sqrt``, ``os.environ.get``) or a tensor function of torch (``torch.zeros``, ``F.relu``) returns,
arithmetic, comparisons, text, a lambda, and a configuration's fields (``config.hidden``).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.syntax_walk import dotted, nodes_of

if TYPE_CHECKING:
    from collections.abc import Container

#: Builtins whose results are never an ``nn.Module`` (a list or dict of modules registers none).
PLAIN_BUILTINS = frozenset(
    {
        "abs", "all", "any", "bool", "dict", "divmod", "enumerate", "filter", "float", "format", "frozenset",
        "hasattr", "hash", "id", "int", "isinstance", "issubclass", "len", "list", "map", "max", "min", "pow",
        "range", "repr", "reversed", "round", "set", "sorted", "str", "sum", "tuple", "zip",
    }
)  # fmt: skip
#: Libraries none of whose functions returns an ``nn.Module``.
PLAIN_LIBRARIES = frozenset(
    {
        "argparse", "collections", "datetime", "decimal", "enum", "fractions", "itertools", "json", "logging",
        "math", "numbers", "numpy", "operator", "os", "pathlib", "random", "re", "statistics", "string", "sys",
        "time", "typing", "warnings",
    }
)  # fmt: skip
#: torch's own functions (``torch.NAME``) that return a module rather than a tensor or a value.
TORCH_MODULE_FUNCTIONS = frozenset({"load", "compile"})


def file_imports(tree: ast.Module) -> dict[str, str]:
    """What each name the file imports stands for: ``np`` for ``numpy``, ``make_rnn`` for ``mylib.make_rnn``."""
    names: dict[str, str] = {}
    for node in nodes_of(tree, (ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.partition(".")[0]  # import os.path binds os
                names[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom):
            module = node.module if node.level == 0 and node.module is not None else ""  # from . import x: out of sight
            for alias in node.names:
                names[alias.asname or alias.name] = f"{module}.{alias.name}"
    return names


def is_plain_call(call: ast.Call, imports: dict[str, str], rebound: Container[str]) -> bool:
    """Whether ``call`` certainly returns no ``nn.Module``: a plain builtin the file does not rebind, a plain
    library's function, or one of torch's tensor functions (``torch.zeros``, ``F.relu``, ``nn.init``)."""
    function = call.func
    if isinstance(function, ast.Name) and function.id not in imports:
        return function.id in PLAIN_BUILTINS and function.id not in rebound
    name = dotted(function, imports)
    if name is None:
        return False
    root, _, rest = name.partition(".")
    if root in PLAIN_LIBRARIES:
        return True
    if root != "torch":
        return False
    return ("." not in rest and rest not in TORCH_MODULE_FUNCTIONS) or rest.startswith(("nn.functional.", "nn.init."))


def unknown_module(
    node: ast.expr, imports: dict[str, str], rebound: Container[str], unknown_modules: Container[str]
) -> bool:
    """Whether ``node``, whose value lstmcalc cannot know, may be an ``nn.Module``: an unknown call
    (``make()``, ``type(self.fc)(8, 4)``, ``torch.load(...)``), an imported name, or a name in
    ``unknown_modules`` (a parameter or local given such a value). ``rebound``: the names the file binds
    itself, which are then not Python's builtins."""
    if isinstance(node, ast.Call):
        return not is_plain_call(node, imports, rebound)
    if isinstance(node, ast.Name):
        return node.id in unknown_modules or node.id in imports
    if isinstance(node, ast.Attribute):  # mylib.ENCODER; not config.hidden
        name = dotted(node, imports)
        return name is not None and name.partition(".")[0] not in {"torch", *PLAIN_LIBRARIES}
    if isinstance(node, ast.IfExp):
        return any(unknown_module(part, imports, rebound, unknown_modules) for part in (node.body, node.orelse))
    if isinstance(node, ast.BoolOp):
        return any(unknown_module(part, imports, rebound, unknown_modules) for part in node.values)
    if isinstance(node, ast.NamedExpr):
        return unknown_module(node.value, imports, rebound, unknown_modules)
    return False
