"""What a PyTorch file's module-level code says besides its modules: its own functions, the names it
binds to Python's ``math`` and ``random`` modules, and its dataclasses (a model's configuration
object). The dtype it converts the model to is :mod:`lstm_calc.readers.torch_dtypes`'.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.field_records import FieldRecord
from lstm_calc.readers.syntax_walk import made_node, walk

if TYPE_CHECKING:
    from typing import TypeGuard

    from lstm_calc.errors import Location


def file_names(
    tree: ast.Module,
) -> tuple[dict[str, ast.FunctionDef], frozenset[str], frozenset[str], frozenset[str]]:
    """The module-level functions whose name the module binds to nothing else, the names bound
    to Python's math module only and to its random module only, and the spellings of the standard
    library's ``functools.partial`` (``functools.partial``, ``partial``) whose name is bound to it only."""
    bound: list[str] = []
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.append(statement.name)
            continue
        for node in walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.append(node.id)
            elif isinstance(node, ast.alias):
                bound.append(node.asname or node.name.partition(".")[0])
    functions = {
        statement.name: statement
        for statement in tree.body
        if isinstance(statement, ast.FunctionDef) and bound.count(statement.name) == 1
    }
    functions.update((name, function) for name, function in _lambdas(tree).items() if bound.count(name) == 1)
    partials = {f"{name}.partial" for name in _imported_as(tree, "functools", bound)} | {
        alias.asname or alias.name
        for statement in tree.body
        if isinstance(statement, ast.ImportFrom) and statement.module == "functools" and not statement.level
        for alias in statement.names
        if alias.name == "partial" and bound.count(alias.asname or alias.name) == 1
    }
    return functions, _imported_as(tree, "math", bound), _imported_as(tree, "random", bound), frozenset(partials)


def _lambdas(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """``make = lambda n: nn.Linear(n, n)`` at module level, as the function it is: ``def make(n):
    return nn.Linear(n, n)``."""
    found = {}
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Lambda)
        ):
            name, made = statement.targets[0].id, statement.value
            body: list[ast.stmt] = [made_node(ast.Return(made.body), made.body)]
            function = made_node(ast.FunctionDef(name=name, args=made.args, body=body, decorator_list=[], returns=None))
            setattr(function, "type_params", [])  # noqa: B010 - Python 3.12's generics, a field 3.10 lacks: none
            found[name] = made_node(function, made)
    return found


def _imported_as(tree: ast.Module, module: str, bound: list[str]) -> frozenset[str]:
    """The names ``import module`` (``import module as name``) binds, and nothing else does."""
    names = {
        alias.asname or alias.name
        for statement in tree.body
        if isinstance(statement, ast.Import)
        for alias in statement.names
        if alias.name == module
    }
    return frozenset(name for name in names if bound.count(name) == 1)


#: A record's field with a default lstmcalc cannot tell (one not written as a literal), or, where it cannot
#: tell the parameters Python makes of the fields, with none.
UNSET = object()
#: A record's field that has no default: a call that does not give it is Python's TypeError.
REQUIRED = object()


class ConfigInstance(FieldRecord):
    """An instance of one of the file's dataclasses (nanoGPT's ``GPTConfig(n_layer=4)``): each field's
    value, :data:`UNSET` where not known. A dict, so that a change in place makes it unknown as it
    makes a list or dict unknown (``config.n_embd = 64`` in an ``__init__``)."""


def namespace_makers(tree: ast.Module) -> frozenset[str]:
    """How the file spells the makers of a namespace of keywords (``argparse.Namespace(hidden=64)``,
    ``SimpleNamespace(...)``): read as a configuration of those fields."""
    spellings: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in _NAMESPACES:
                    spellings.add(f"{alias.asname or alias.name}.{_NAMESPACES[alias.name]}")
        elif isinstance(node, ast.ImportFrom) and node.module in _NAMESPACES:
            for alias in node.names:
                if alias.name == _NAMESPACES[node.module]:
                    spellings.add(alias.asname or alias.name)
    return frozenset(spellings)


#: The modules whose namespace class takes any keywords, and its name.
_NAMESPACES = {"argparse": "Namespace", "types": "SimpleNamespace"}


#: The methods through which a dataclass's instance may hold other values than its fields' defaults and
#: arguments (``def __post_init__(self): self.hidden *= 2``): lstmcalc does not follow them.
FIELD_CHANGERS = frozenset(
    {"__post_init__", "__init__", "__new__", "__setattr__", "__getattribute__", "__getattr__", "__delattr__"}
)


def dataclass_fields(tree: ast.Module) -> dict[str, tuple[str, list[tuple[str, Any]]]]:
    """The file's dataclasses (``@dataclass`` on a class without bases) and ``typing.NamedTuple`` classes
    (``class Config(NamedTuple)``), none defining one of :data:`FIELD_CHANGERS`: the method that makes an
    instance (``__init__``, ``__new__``), and each field in order with its default: :data:`REQUIRED` where
    Python wants it given, :data:`UNSET` where lstmcalc cannot tell it (one not written as a literal). An
    instance of either is read by its fields' names only (a :class:`~lstm_calc.readers.field_records.FieldRecord`)."""
    imported = {
        module: any(
            isinstance(node, ast.ImportFrom)
            and node.module == module
            or isinstance(node, ast.Import)
            and any(alias.name == module for alias in node.names)
            for node in tree.body
        )
        for module in ("dataclasses",)
    }
    named_tuples = _named_tuple_spellings(tree)
    found: dict[str, tuple[str, list[tuple[str, Any]]]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        named_tuple = _is_named_tuple(node, named_tuples)
        if (
            not (imported["dataclasses"] and not node.bases and any(map(_is_dataclass, node.decorator_list)))
            and not named_tuple
            or any(isinstance(item, ast.FunctionDef) and item.name in FIELD_CHANGERS for item in node.body)
        ):
            continue  # not a record lstmcalc reads: its instances, and their fields, are unknown
        annotated = [
            (item.target.id, item)
            for item in node.body
            if isinstance(item, ast.AnnAssign)
            and isinstance(item.target, ast.Name)
            and "ClassVar" not in ast.unparse(item.annotation)
        ]
        plain = named_tuple or _plain_init(node, [item for _, item in annotated])
        fields = [(name, _default(item.value, plain)) for name, item in annotated]
        found[node.name] = ("__new__" if named_tuple else "__init__", fields)
    return found


def refuse_missing_fields(
    call: ast.Call, maker: str, fields: list[tuple[str, Any]], given: set[str], where: Location
) -> None:
    """Refuse ``call``, which makes a record of ``fields`` given those named ``given``, where it leaves out one
    without a default: Python's TypeError, in its words (``maker`` is ``__init__`` or ``__new__``)."""
    missing = [f"'{name}'" for name, default in fields if default is REQUIRED and name not in given]
    if not missing:
        return
    names = " and ".join(missing) if len(missing) < 3 else ", ".join(missing[:-1]) + ", and " + missing[-1]
    arguments = f"{len(missing)} required positional argument{'s' if len(missing) > 1 else ''}"
    words = f"{ast.unparse(call.func)}.{maker}() missing {arguments}: {names}"
    raise SpecError(f"Python refuses this (TypeError: {words})", where)


def _plain_init(node: ast.ClassDef, annotated: list[ast.AnnAssign]) -> bool:
    """Whether the ``__init__`` a dataclass is given takes each field, in order, as a positional-or-keyword
    parameter: no ``init``/``kw_only`` options, ``KW_ONLY`` or ``InitVar`` fields, nor ``field(init=...)``."""
    options = [
        keyword.arg
        for decorator in node.decorator_list
        if isinstance(decorator, ast.Call)
        for keyword in decorator.keywords
    ]
    if any(option in (None, "init", "kw_only") for option in options):
        return False
    for item in annotated:
        annotation = ast.unparse(item.annotation)
        if "KW_ONLY" in annotation or "InitVar" in annotation:
            return False
        if _is_field_call(item.value) and any(
            keyword.arg in (None, "init", "kw_only") for keyword in item.value.keywords
        ):
            return False
    return True


def _named_tuple_spellings(tree: ast.Module) -> frozenset[str]:
    """How the file names ``typing.NamedTuple``: ``NamedTuple`` (``from typing import NamedTuple``), and
    ``typing.NamedTuple`` (``import typing``)."""
    spellings = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "typing" and not node.level:
            spellings |= {alias.asname or alias.name for alias in node.names if alias.name == "NamedTuple"}
        elif isinstance(node, ast.Import):
            spellings |= {f"{alias.asname or alias.name}.NamedTuple" for alias in node.names if alias.name == "typing"}
    return frozenset(spellings)


def _is_named_tuple(node: ast.ClassDef, spellings: frozenset[str]) -> bool:
    """``class Config(NamedTuple)`` (or ``typing.NamedTuple``), undecorated and without keywords."""
    return (
        len(node.bases) == 1
        and ast.unparse(node.bases[0]) in spellings
        and not node.decorator_list
        and not node.keywords
    )


def _is_dataclass(decorator: ast.expr) -> bool:
    called = decorator.func if isinstance(decorator, ast.Call) else decorator
    return ast.unparse(called) in ("dataclass", "dataclasses.dataclass")


def _default(value: ast.expr | None, plain: bool) -> Any:
    """A field's default; :data:`REQUIRED` for none where the record's fields are ``plain`` parameters."""
    if _is_field_call(value):
        keywords = {keyword.arg: keyword.value for keyword in value.keywords}
        if "default" not in keywords:
            return UNSET if "default_factory" in keywords or not plain else REQUIRED
        value = keywords["default"]
    if value is None:
        return REQUIRED if plain else UNSET
    try:
        return ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return UNSET


def _is_field_call(value: ast.expr | None) -> TypeGuard[ast.Call]:
    """``field(...)`` or ``dataclasses.field(...)``, a dataclass field's options."""
    return isinstance(value, ast.Call) and ast.unparse(value.func) in ("field", "dataclasses.field")
