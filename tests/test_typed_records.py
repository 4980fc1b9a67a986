"""The records' two definitions agree: the typing.NamedTuple the type checker reads (under
``if TYPE_CHECKING:``) and the plain named tuple made at run time, in field names, their
order and their defaults.
"""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

MODULES = [
    "lstm_calc.amount",
    "lstm_calc.arguments",
    "lstm_calc.budget",
    "lstm_calc.discovery",
    "lstm_calc.errors",
    "lstm_calc.layers.quick_options",
    "lstm_calc.layers.torch_code",
    "lstm_calc.optimizer_state",
    "lstm_calc.readers.model_choice",
    "lstm_calc.readers.torch_kinds",
    "lstm_calc.spec_records",
    "lstm_calc.summary",
]


def _typed_records(module_name: str) -> list[tuple[str, ast.ClassDef]]:
    module = importlib.import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    records = []
    for statement in tree.body:
        if isinstance(statement, ast.If) and ast.unparse(statement.test) == "TYPE_CHECKING":
            for node in statement.body:
                if isinstance(node, ast.ClassDef) and [ast.unparse(base) for base in node.bases] == ["NamedTuple"]:
                    records.append((node.name, node))
    return records


CASES = [(module, name, node) for module in MODULES for name, node in _typed_records(module)]


def test_every_module_has_typed_records():
    assert {module for module, _, _ in CASES} == set(MODULES)


@pytest.mark.parametrize(("module_name", "name", "node"), CASES, ids=[f"{m}.{n}" for m, n, _ in CASES])
def test_the_typed_fields_are_the_run_time_fields(module_name, name, node):
    module = importlib.import_module(module_name)
    runtime = getattr(module, name)
    fields = [item for item in node.body if isinstance(item, ast.AnnAssign)]
    assert tuple(item.target.id for item in fields) == runtime._fields
    defaults = {}
    for item in fields:
        given = item.value
        if isinstance(given, ast.Name):  # a constant of the module (REQUIRED)
            defaults[item.target.id] = getattr(module, given.id)
        elif isinstance(given, ast.Call):  # a value the module builds (Amount(), MappingProxyType({}))
            defaults[item.target.id] = eval(compile(ast.Expression(given), module_name, "eval"), vars(module))
        elif given is not None:
            defaults[item.target.id] = ast.literal_eval(given)
    assert defaults.keys() == runtime._field_defaults.keys()
    for field, value in defaults.items():
        assert runtime._field_defaults[field] == value and type(runtime._field_defaults[field]) is type(value), field
