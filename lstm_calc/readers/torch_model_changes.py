"""Module-level code that changes a model after making it: ``model.fc = nn.Linear(...)``, ``for p in
model.encoder.parameters(): p.requires_grad = False``. lstmcalc reads a module as its class's
``__init__`` makes it, so such a change is refused at its line rather than left out of the counts.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.code_names import statement_expressions
from lstm_calc.readers.syntax_walk import shortened, walk
from lstm_calc.readers.torch_binding_times import module_statements
from lstm_calc.readers.torch_init_flow import sets_requires_grad

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from lstm_calc.errors import Location

#: Methods of a module that register, remove or freeze what it holds.
_CHANGING = frozenset(
    {"add_module", "register_module", "register_parameter", "register_buffer", "requires_grad_"}
    | {"append", "extend", "insert", "pop", "update", "__setattr__", "__delattr__"}
    | {"register_forward_hook", "register_forward_pre_hook"}  # what calling it returns (torch_call_changes)
)
#: Hooks on every module, registered anywhere: every call of the model's modules changes.
_GLOBAL_HOOKS = frozenset({"register_module_forward_hook", "register_module_forward_pre_hook"})


#: Methods of a module that return it (``model = M().to(device)``).
_RETURNING_ITSELF = frozenset({"to", "cuda", "cpu", "eval", "train", "float", "double", "half", "bfloat16", "type"})


def refuse_changes_after_making(
    tree: ast.Module,
    made: list[ast.Call],
    functions: dict[str, ast.FunctionDef],
    loc: Callable[[ast.AST], Location],
    classes: frozenset[str] = frozenset(),
    torch_names: dict[str, str] | None = None,
    model: ast.Call | None = None,
) -> None:
    """Refuse the first statement outside the model's classes that changes a module made at module level
    (``made``: the calls of the file's module classes) or in a function (of one of ``classes``) by its
    name, directly or through a function of the file; and any ``requires_grad`` set outside the classes.
    Given ``torch_names`` (no class named with --model), refuse too a module made so and then given to a
    torch.nn class (``model = nn.Sequential(model, nn.Linear(8, 2))``): the model is then more than it;
    but for ``model``, the module-level nn.Sequential read as the model."""
    scopes: list[tuple[list[ast.stmt], list[ast.Call]]] = [(list(module_statements(tree.body)), made)]
    for function in _functions_outside_classes(tree):  # def main(): model = Net(); model.fc = ...
        inside = list(module_statements(function.body))
        scopes.append((inside, [call for statement in inside for call in _module_class_calls(statement, classes)]))
    for body, calls in scopes:
        statements = [
            statement
            for statement in body
            if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        ]
        names = names_of(statements, calls)
        holders = names | _holding(statements, names, {id(call) for call in calls})
        methods = _Methods(tree, classes, functions)
        for statement in statements if names or calls else []:
            wrapper = _wrapper(statement, holders, {id(call) for call in calls}, torch_names)
            if wrapper is not None and wrapper[2] is not model:
                based = f" (class Model(nn.{wrapper[0]}) is read too)" if wrapper[0] == "Sequential" else ""
                raise SpecError(
                    f"this puts {wrapper[1]} in nn.{wrapper[0]}, so the model the code makes is more than the class "
                    "lstmcalc would read: name the class with --model to read it alone, or make the whole model in "
                    f"a class{based}",
                    loc(wrapper[2]),
                )
            method = methods.change(statement, names)
            if method is not None:
                raise SpecError(
                    f"lstmcalc reads {method[0]} as its class's __init__ makes it; {shortened(method[1], 50)} "
                    f"{method[2]}: lstmcalc cannot follow that yet; make the change in __init__ (or give the model as "
                    "a YAML spec)",
                    loc(method[1]),
                )
            change = _change(statement, names, functions)
            if change is not None:
                raise SpecError(
                    f"lstmcalc reads {change} as its class's __init__ makes it; this statement changes it "
                    "afterwards, which lstmcalc cannot follow yet: make the change in __init__ (or give the model "
                    "as a YAML spec)",
                    loc(statement),
                )
    _refuse_freezes_outside_classes(tree, loc)  # what the model's names do not show: fc = model.fc, a lambda


class _Methods:
    """The calls of module-level code that may change a model through its methods (``model.grow(3)``,
    ``Net.grow(model, 3)``, ``grow = model.grow``) or torch's functions (``weight_norm(model.fc)``), read
    with :mod:`lstm_calc.readers.torch_model_methods`, imported at the first call on a model's name."""

    def __init__(self, tree: ast.Module, classes: frozenset[str], functions: dict[str, ast.FunctionDef]) -> None:
        self.tree = tree
        self.classes = classes
        self.functions = functions
        self.methods: dict[str, list[ast.FunctionDef]] | None = None

    def change(self, statement: ast.stmt, names: set[str]) -> tuple[str, ast.AST, str] | None:
        """The model's name, the node and the words of the first part of ``statement`` that may change a model
        named in ``names`` through a method or a torch function; None if none may."""
        if not names:
            return None
        calls = {id(node.func): node for node in _own_expressions(statement) if isinstance(node, ast.Call)}
        for node in _own_expressions(statement):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and _root(node) in names:
                if node.attr in _CHANGING or node.attr in _GLOBAL_HOOKS:
                    continue  # refused by _change, in its words
                call = calls.get(id(node))
                words = self._method(node.attr, call is not None and _named(node.value, names))
                if words is None and node.attr == "apply" and call is not None and call.args:
                    words = self._applied(call.args[0])
                if words is not None:
                    return str(_root(node)), call or node, words
            if isinstance(node, ast.Call) and (given := self._given(node, names)) is not None:
                return given[0], node, given[1]
        return None

    def _method(self, name: str, called: bool) -> str | None:
        from lstm_calc.readers.torch_model_methods import file_methods, method_change

        if self.methods is None:
            self.methods = file_methods(self.tree, self.classes)
        return method_change(name, self.methods, _CHANGING, called)

    def _applied(self, function: ast.expr) -> str | None:
        from lstm_calc.readers.torch_model_methods import applied_change

        assert self.methods is not None
        why = applied_change(function, self.methods, _CHANGING, self.functions)
        return None if why is None else f"runs a function on each of its modules that may change the model ({why})"

    def _given(self, call: ast.Call, names: set[str]) -> tuple[str, str] | None:
        """The model's name ``call`` gives to a function that changes a module, or to a method of the file's
        classes called on the class (``Net.grow(model, 3)``) that may change it, with the words why."""
        from lstm_calc.readers.torch_model_methods import changing_function

        given = [*call.args, *(keyword.value for keyword in call.keywords)]
        root = next(filter(None, (_mentioned(argument, names) for argument in given)), None)
        if root is None:
            return None
        function = call.func
        if isinstance(function, ast.Attribute) and getattr(function.value, "id", None) in self.classes:
            words = self._method(function.attr, True)
            return None if words is None else (root, words)
        return (root, "changes a module it is given, after __init__ made it") if changing_function(call) else None


def _named(node: ast.expr, names: set[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _refuse_freezes_outside_classes(tree: ast.Module, loc: Callable[[ast.AST], Location]) -> None:
    """Refuse ``requires_grad`` set anywhere but in a class (``fc = model.fc; fc.requires_grad_(False)``,
    ``model.apply(freeze)``): whatever name it goes through, it may freeze the model's parameters."""
    for statement in _statements_outside_classes(tree):
        if any(sets_requires_grad(node) for node in _own_expressions(statement)):
            raise SpecError(
                "this sets requires_grad outside the model's classes, which lstmcalc cannot follow: it may change "
                "which of the model's parameters are trainable; freeze them in __init__ (for p in "
                "self.embedding.parameters(): p.requires_grad = False)",
                loc(statement),
            )


def _statements_outside_classes(tree: ast.Module) -> Iterator[ast.stmt]:
    """Every statement of the module and of its functions, at any depth, but none inside a class."""
    pending: list[ast.stmt] = list(reversed(tree.body))
    while pending:
        statement = pending.pop()
        if isinstance(statement, ast.ClassDef):
            continue
        yield statement
        pending += reversed([child for child in ast.iter_child_nodes(statement) if isinstance(child, ast.stmt)])


def _functions_outside_classes(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    return (
        statement
        for statement in _statements_outside_classes(tree)
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
    )


def _module_class_calls(statement: ast.stmt, classes: frozenset[str]) -> list[ast.Call]:
    """The calls of the file's module classes in ``statement``'s own expressions (``Net()``)."""
    return [
        node
        for node in _own_expressions(statement)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes
    ]


def names_of(statements: list[ast.stmt], made: list[ast.Call]) -> set[str]:
    """The names bound to the modules ``made`` (``model = M(...)``, ``model = M(...).to(device)``,
    ``model: M = M(...)``) and to those names after (``net = model``), in one pass in order."""
    calls = {id(call) for call in made}
    names: set[str] = set()
    for statement in statements:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if _made_or_named(statement.value, calls, names):
                names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


def _made_or_named(value: ast.expr, calls: set[int], names: set[str]) -> bool:
    """Whether ``value`` is one of the calls made (by id) or a name of one, through methods returning
    the module itself (``.to(device)``, ``.eval()``)."""
    while isinstance(value, ast.Call) and id(value) not in calls:
        if not isinstance(value.func, ast.Attribute) or value.func.attr not in _RETURNING_ITSELF:
            return False
        value = value.func.value
    return isinstance(value, ast.Call) or isinstance(value, ast.Name) and value.id in names


def _change(statement: ast.stmt, names: set[str], functions: dict[str, ast.FunctionDef]) -> str | None:
    """The name of the module ``statement`` changes (its own parts, not its blocks' statements), or None."""
    targets: list[ast.expr] = []
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AugAssign, ast.AnnAssign)):
        targets = [statement.target]
    elif isinstance(statement, ast.Delete):
        targets = statement.targets
    plain = isinstance(statement, (ast.Assign, ast.AnnAssign)) and _plain_value(statement.value)
    for target in targets:
        root = _root(target)
        if root in names and not (plain and not _ends_in_requires_grad(target)):
            return root
    if isinstance(statement, ast.For) and (root := _mentioned(statement.iter, names)) is not None:
        if any(sets_requires_grad(node) for node in ast.walk(statement)):
            return root  # for p in model.encoder.parameters(): p.requires_grad = False
    for node in _own_expressions(statement):
        if isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Attribute) and function.attr in _CHANGING and _root(function) in names:
                return _root(function)
            if isinstance(function, ast.Attribute) and function.attr in _GLOBAL_HOOKS:
                return "the model"
            if isinstance(function, ast.Name) and function.id in ("setattr", "delattr") and node.args:
                if (root := _mentioned(node.args[0], names)) is not None:
                    return root
            if (
                isinstance(function, ast.Name)
                and function.id in functions
                and _changes_anything(functions[function.id])
            ):
                given = [*node.args, *(keyword.value for keyword in node.keywords)]
                if (root := next(filter(None, (_mentioned(argument, names) for argument in given)), None)) is not None:
                    return root
        if sets_requires_grad(node) and _root(node) in names:
            return _root(node)
    return None


def _holding(statements: list[ast.stmt], names: set[str], calls: set[int]) -> set[str]:
    """The names bound to what holds a module made or a name of one (``layers = [Encoder(), head]``)."""
    holding: set[str] = set()
    for statement in statements:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            held = names | holding
            if any(
                id(part) in calls or isinstance(part, ast.Name) and part.id in held for part in walk(statement.value)
            ):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                holding.update(part.id for target in targets for part in ast.walk(target) if isinstance(part, ast.Name))
    return holding


def _wrapper(
    statement: ast.stmt, names: set[str], calls: set[int], torch_names: dict[str, str] | None
) -> tuple[str, str, ast.Call] | None:
    """The torch.nn class ``statement`` gives a module made (a call of ``calls``, a name of ``names``) to,
    that module's text and the call (``nn.Sequential(model, head)``: ``Sequential``, ``model``); None if none."""
    if torch_names is None:
        return None
    from lstm_calc.readers.torch_modules import torch_class

    for node in _own_expressions(statement):
        name = torch_class(node.func, torch_names) if isinstance(node, ast.Call) else None
        if name is None or not name[:1].isupper():
            continue
        assert isinstance(node, ast.Call)
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            for part in ast.walk(argument):
                if id(part) in calls or isinstance(part, ast.Name) and part.id in names:
                    return name, ast.unparse(part), node
    return None


def _own_expressions(statement: ast.stmt) -> Iterator[ast.AST]:
    """The nodes of ``statement`` outside its blocks' statements (a lambda's body included: it may change
    the model when called)."""
    return (node for root in statement_expressions(statement) for node in walk(root))


def _root(node: ast.AST) -> str | None:
    """``model`` of ``model.encoder.fc``, ``model.layers[0]``: only with an attribute or item below it."""
    depth = 0
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
        depth += 1
    return node.id if isinstance(node, ast.Name) and depth else None


def _mentioned(node: ast.AST, names: set[str]) -> str | None:
    return next((part.id for part in ast.walk(node) if isinstance(part, ast.Name) and part.id in names), None)


def _plain_value(value: ast.expr | None) -> bool:
    """A number, string or bool (``model.dropout.p = 0.5``): never a module or parameter; None can remove one."""
    return isinstance(value, ast.Constant) and value.value is not None


def _ends_in_requires_grad(target: ast.expr) -> bool:
    return isinstance(target, ast.Attribute) and target.attr == "requires_grad"


def _changes_anything(function: ast.FunctionDef) -> bool:
    """Whether a function of the file sets an attribute or freezes: given a model, it may change it."""
    return any(
        sets_requires_grad(node)
        or isinstance(node, ast.Attribute)
        and isinstance(node.ctx, (ast.Store, ast.Del))
        or isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _CHANGING
        for node in ast.walk(function)
    )
