"""What module-level code makes of the file's classes: each instantiation with the names it saw, and the
``nn.Sequential`` that holds them where the code ends with one (``model = Encoder()``, then ``model =
nn.Sequential(model, nn.Linear(8, 2))``): that Sequential is then the model, read as torch builds it.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.code_flow import FlowWalker
from lstm_calc.readers.code_scopes import Scope
from lstm_calc.readers.evaluate import UNKNOWN, Binding
from lstm_calc.readers.syntax_walk import made_node, walk
from lstm_calc.readers.torch_binding_times import module_statements
from lstm_calc.readers.torch_modules import torch_class

if TYPE_CHECKING:
    from lstm_calc.readers.evaluate import Environment, Snapshot
    from lstm_calc.readers.torch_builder import ModuleBuilder
    from lstm_calc.readers.torch_modules import ModuleNode
    from lstm_calc.readers.torch_values import TorchEvaluator


class ModuleWalker(FlowWalker):
    """Walks the module-level code, keeping each instantiation of one of the file's classes, and each
    ``nn.Sequential(...)``, with the names it saw."""

    def __init__(self, evaluator: TorchEvaluator, tree: ast.Module, classes: set[str]) -> None:
        super().__init__(evaluator, tree)
        self.torch_imports = evaluator.torch_imports
        self.classes = classes
        self.instantiations: list[tuple[ast.Call, Snapshot]] = []
        self.sequentials: list[tuple[ast.Call, Snapshot]] = []
        #: The names each class body has bound where each of its ``def`` runs, by id(def): its defaults read them.
        self.class_names_at_def: dict[int, dict[str, Binding] | None] = {}

    def visit(self, statement: ast.stmt) -> None:
        if self.scope.kind == Scope.CLASS and isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.class_names_at_def[id(statement)] = None if self.scope.all_volatile else self.class_names()
        if self.scope is not self.module or isinstance(statement, (ast.ClassDef, ast.FunctionDef)):
            return
        for node in walk(statement):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self.classes:
                self.instantiations.append((node, self.snapshot(node)))
            elif isinstance(node, ast.Call) and torch_class(node.func, self.torch_imports) == "Sequential":
                self.sequentials.append((node, self.snapshot(node)))

    def class_names(self) -> dict[str, Binding]:
        """The names the class body being walked has bound so far (those code may rebind at any time unknown)."""
        return {
            name: UNKNOWN if name in self.scope.volatile else binding for name, binding in self.scope.bindings.items()
        }


def wrapping_sequential(
    tree: ast.Module, walker: ModuleWalker, made: list[ast.Call]
) -> tuple[ast.Call, Snapshot] | None:
    """The one ``name = nn.Sequential(...)`` of the module's own statements given a module of the file's
    classes (``made``: their module-level calls; made in it, or under a name), with the names it saw;
    None where there is none, more than one, a class made after it, or a module it is given whose making
    the names it saw do not show: which is the model is then not for lstmcalc to say."""
    from lstm_calc.readers.torch_builder import made_by_module_code
    from lstm_calc.readers.torch_model_changes import names_of

    statements = [
        statement
        for statement in module_statements(tree.body)
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]
    names, calls = names_of(statements, made), {id(call) for call in made}

    def given(call: ast.Call) -> list[ast.AST]:
        return [part for node in [*call.args, *(k.value for k in call.keywords)] for part in ast.walk(node)]

    found = [
        (call, environment)
        for call, environment in walker.sequentials
        if any(id(part) in calls or isinstance(part, ast.Name) and part.id in names for part in given(call))
    ]
    if len(found) != 1:
        return None
    call, environment = found[0]
    assigned = any(
        isinstance(statement, ast.Assign)
        and statement.value is call
        and [type(target) for target in statement.targets] == [ast.Name]
        for statement in statements
    )
    end = (call.end_lineno or call.lineno, call.end_col_offset or 0)
    if not assigned or any((other.lineno, other.col_offset) >= end for other in made):
        return None
    for part in given(call):
        if isinstance(part, ast.Name) and part.id in names and made_by_module_code(environment, part) is None:
            return None
    return call, environment


def build_sequential(builder: ModuleBuilder, call: ast.Call, environment: Environment) -> ModuleNode:
    """The nn.Sequential ``call`` makes at module level, the modules module-level code made under a name
    (``model``, ``enc``) each one module, as torch holds them."""
    from lstm_calc.readers.torch_builder import InitScope, made_by_module_code
    from lstm_calc.readers.torch_init import InitReader
    from lstm_calc.readers.torch_modules import ModuleNode

    definition = made_node(
        ast.ClassDef(name="Sequential", bases=[], keywords=[], body=[ast.Pass()], decorator_list=[]), call
    )
    holder = ModuleNode("Sequential", call)
    reader = InitReader(builder, holder, InitScope(environment), definition)
    for argument in call.args:
        for part in ast.walk(argument):
            if isinstance(part, ast.Name) and (named := made_by_module_code(environment, part)) is not None:
                if reader.is_module_expression(named[0]):
                    reader.local_modules[part.id] = builder.module_made_at_module_level(named, holder, definition)
    return reader.container("Sequential", call)
