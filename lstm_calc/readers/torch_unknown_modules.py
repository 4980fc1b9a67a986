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

from lstm_calc.readers.code_names import binding_counts
from lstm_calc.readers.syntax_walk import dotted, nodes_of

if TYPE_CHECKING:
    from collections.abc import Container

    from lstm_calc.readers.torch_values import TorchEvaluator

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


def is_plain_call(call: ast.Call, evaluator: TorchEvaluator) -> bool:
    """Whether ``call`` certainly returns no ``nn.Module``: a plain builtin the file does not rebind, a class
    of the file without bases, a plain library's function, one of torch's tensor functions (``torch.zeros``,
    ``F.relu``, ``nn.init``), or a method of what such a call made (``parser.parse_args()``)."""
    function, imports = call.func, evaluator.imports
    if isinstance(function, ast.Name) and function.id not in imports:
        if function.id in evaluator.plain_classes:
            return True
        return function.id in PLAIN_BUILTINS and function.id not in evaluator.bound_names
    name = dotted(function, imports)
    if name is None:  # parser.parse_args(), with parser = argparse.ArgumentParser() at module level
        root = function
        while isinstance(root, ast.Attribute):
            root = root.value
        return root is not function and isinstance(root, ast.Name) and root.id in evaluator.plain_names
    root_name, _, rest = name.partition(".")
    if root_name in PLAIN_LIBRARIES:
        return True
    if root_name != "torch":
        return False
    return ("." not in rest and rest not in TORCH_MODULE_FUNCTIONS) or rest.startswith(("nn.functional.", "nn.init."))


def unknown_module(node: ast.expr, evaluator: TorchEvaluator, unknown_modules: Container[str]) -> bool:
    """Whether ``node``, whose value lstmcalc cannot know, may be an
    ``nn.Module``: an unknown call (``make()``, ``type(self.fc)(8, 4)``, ``torch.load(...)``), an imported
    name, or a name in ``unknown_modules`` (a parameter or local given such a value)."""
    if isinstance(node, ast.Call):
        return not is_plain_call(node, evaluator)
    if isinstance(node, ast.Name):
        return node.id in unknown_modules or node.id in evaluator.imports
    if isinstance(node, ast.Attribute):  # mylib.ENCODER; not config.hidden
        name = dotted(node, evaluator.imports)
        return name is not None and name.partition(".")[0] not in {"torch", *PLAIN_LIBRARIES}
    if isinstance(node, ast.IfExp):
        return any(unknown_module(part, evaluator, unknown_modules) for part in (node.body, node.orelse))
    if isinstance(node, ast.BoolOp):
        return any(unknown_module(part, evaluator, unknown_modules) for part in node.values)
    if isinstance(node, ast.NamedExpr):
        return unknown_module(node.value, evaluator, unknown_modules)
    return False


def plain_names(tree: ast.Module, evaluator: TorchEvaluator) -> frozenset[str]:
    """The module's names bound only once, at module level, to what a plain call made (``parser =
    argparse.ArgumentParser()``, then ``args = parser.parse_args()``): certainly no module."""
    counts = binding_counts(tree)
    found: set[str] = set()
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and counts[statement.targets[0].id] == 1
            and isinstance(statement.value, ast.Call)
        ):
            evaluator.plain_names = frozenset(found)
            if is_plain_call(statement.value, evaluator):
                found.add(statement.targets[0].id)
    return frozenset(found)
