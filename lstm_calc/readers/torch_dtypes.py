"""The dtype a PyTorch file gives its model's parameters, which sizes the table's footer: float32,
unless module-level code converts the model (``model = Net().double()``, ``model.to(torch.float16)``,
the last conversion winning, as each one converts the parameters in place).

A conversion lstmcalc cannot size exactly is refused at its line: ``.type(...)``, a conversion of
one submodule only (``model.fc.half()``, ``self.lstm.double()``: the parameters then differ in
dtype) or of the whole model inside ``__init__``, and a default dtype other than float32
(``torch.set_default_dtype(torch.float64)``).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.readers.code_names import callee_name
from lstm_calc.readers.syntax_walk import nodes_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from lstm_calc.errors import Location

#: The module methods that convert every parameter (``model.double()``), and the dtype each gives.
_CONVERSIONS = {"double": "float64", "float": "float32", "half": "float16", "bfloat16": "bfloat16"}
#: ``model.to(torch.float64)``: the torch dtypes lstmcalc sizes, by their names in torch.
_TORCH_DTYPES = {
    "float64": "float64",
    "double": "float64",
    "float32": "float32",
    "float": "float32",
    "float16": "float16",
    "half": "float16",
    "bfloat16": "bfloat16",
}
#: Module methods that return the module itself, unconverted (``model = Net().to(device).eval()``).
_KEEPING = frozenset({"to", "cuda", "cpu", "eval", "train", "requires_grad_", "share_memory", "zero_grad"})
#: Functions that change the dtype of the parameters made after them.
_DEFAULT_SETTERS = frozenset({"set_default_dtype", "set_default_tensor_type"})

_ONLY_PART = (
    "lstmcalc does not size parameters of more than one dtype: {call} converts part of the model; convert the "
    "whole model once it is made (model = Net().double())"
)


def conversion(call: ast.Call) -> str | None:
    """The dtype ``call`` (``m.double()``, ``m.to(torch.float16)``, ``m.to(device, dtype=...)``) converts a
    module's parameters to, or None for a call that converts nothing (``m.to(device)``, ``m.eval()``)."""
    function = call.func
    if not isinstance(function, ast.Attribute):
        return None
    if function.attr in _CONVERSIONS and not call.args:
        return _CONVERSIONS[function.attr]
    if function.attr == "to":
        given = [*call.args, *(keyword.value for keyword in call.keywords if keyword.arg == "dtype")]
        for argument in given:
            if isinstance(argument, ast.Attribute) and argument.attr in _TORCH_DTYPES:
                return _TORCH_DTYPES[argument.attr]
    return None


def converts(call: ast.Call) -> bool:
    """Whether ``call`` may change the dtype of a module's parameters (``.type(...)`` included)."""
    function = call.func
    return isinstance(function, ast.Attribute) and (function.attr == "type" or conversion(call) is not None)


def converted_dtype(
    tree: ast.Module, class_names: frozenset[str], loc: Callable[[ast.AST], Location], wrapped: bool = False
) -> str:
    """The dtype of the model's parameters after the code outside its classes: float32 unless converted.
    ``class_names``: the model's class, or (``wrapped``: the model is an ``nn.Sequential`` module-level
    code wraps the file's modules in) those classes, whose conversions are refused, as part of the model."""
    _refuse_default_dtype(tree, loc)
    dtype, names = "float32", set[str]()
    for statement, certain in _statements(tree.body, certain=True):
        value = statement.value if isinstance(statement, (ast.Assign, ast.Expr)) else None
        chain: list[ast.Call] = []  # the method calls on the model, outermost first
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            chain.append(value)
            value = value.func.value
        is_model = _made(value, class_names, wrapped) or (isinstance(value, ast.Name) and value.id in names)
        if not is_model:
            _refuse_part_converted(chain, names, loc)
            continue
        for call in reversed(chain):  # innermost first: the last conversion gives the dtype
            assert isinstance(call.func, ast.Attribute)
            if call.func.attr == "type":
                raise SpecError(
                    f"lstmcalc does not follow {ast.unparse(call)}; convert the model with .double(), .half(), "
                    ".float() or .to(torch.float64)",
                    loc(call),
                )
            if converts(call) and wrapped:  # before or after the wrapping: which parts it converts is unclear
                raise SpecError(
                    f"lstmcalc does not follow {ast.unparse(call)} on a model that module-level code wraps in "
                    "nn.Sequential: its parts may differ in dtype; summarise the wrapped class with --model",
                    loc(call),
                )
            if converts(call) and not certain:
                raise SpecError(
                    f"lstmcalc cannot tell whether {ast.unparse(call)} runs, which decides the dtype of the "
                    "parameters; convert the model where it is made, outside if, for, with and try blocks",
                    loc(call),
                )
            if call.func.attr == "to" and conversion(call) is None and _takes_a_tensor(call):
                raise SpecError(
                    f"lstmcalc cannot tell which dtype {ast.unparse(call)} converts the model to (a tensor's); "
                    "give it as .to(torch.float64) or the like",
                    loc(call),
                )
            dtype = conversion(call) or dtype
            if call.func.attr not in _KEEPING and call.func.attr not in _CONVERSIONS:
                break  # model.parameters(), model.state_dict(): not the module any more
        else:
            if isinstance(statement, ast.Assign):
                names.update(target.id for target in statement.targets if isinstance(target, ast.Name))
    return dtype


def _made(value: ast.expr | None, class_names: frozenset[str], wrapped: bool) -> bool:
    """Whether ``value`` makes the model: ``Net(...)``, or also ``nn.Sequential(...)`` if ``wrapped``."""
    if not isinstance(value, ast.Call):
        return False
    function = value.func
    if isinstance(function, ast.Name):
        return function.id in class_names or (wrapped and function.id == "Sequential")
    return wrapped and isinstance(function, ast.Attribute) and function.attr == "Sequential"


def _statements(body: list[ast.stmt], certain: bool) -> Iterator[tuple[ast.stmt, bool]]:
    """The statements outside classes, in order, each with whether it runs whenever its block does:
    a module's, a top-level function's and an ``if __name__ == "__main__":`` body's do; those in
    other blocks may not."""
    for statement in body:
        yield statement, certain
        if isinstance(statement, ast.ClassDef):
            continue
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from _statements(statement.body, certain)
            continue
        main = isinstance(statement, ast.If) and _is_main_test(statement.test)
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for block in getattr(statement, field, []):
                inner = block.body if isinstance(block, (ast.ExceptHandler, ast.match_case)) else [block]
                yield from _statements(inner, certain and main and field == "body")


def _takes_a_tensor(call: ast.Call) -> bool:
    """``m.to(torch.zeros(1, dtype=torch.float64))``: a tensor made where it is given, whose dtype the
    module takes (a device, ``torch.device(...)``, is no tensor)."""
    return any(isinstance(argument, ast.Call) and callee_name(argument) != "device" for argument in call.args)


def _is_main_test(test: ast.expr) -> bool:
    """``__name__ == "__main__"``."""
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _refuse_part_converted(chain: list[ast.Call], names: set[str], loc: Callable[[ast.AST], Location]) -> None:
    """``model.fc.half()``: a conversion of a submodule of the model."""
    for call in chain:
        owner = call.func.value if isinstance(call.func, ast.Attribute) else None
        while isinstance(owner, (ast.Attribute, ast.Subscript)):
            owner = owner.value
        if converts(call) and isinstance(owner, ast.Name) and owner.id in names:
            raise SpecError(_ONLY_PART.format(call=ast.unparse(call)), loc(call))


def refuse_conversion_in_init(call: ast.Call, loc: Callable[[ast.AST], Location]) -> None:
    """``self.double()`` or ``self.lstm.half()`` in ``__init__``, whose dtype lstmcalc does not follow
    (float32 is the default: ``self.float()`` changes nothing)."""
    if converts(call) and conversion(call) != "float32":
        raise SpecError(
            f"lstmcalc does not follow a dtype conversion inside __init__ ({ast.unparse(call)}); convert the "
            "model once it is made (model = Net().double())",
            loc(call),
        )


def _refuse_default_dtype(tree: ast.Module, loc: Callable[[ast.AST], Location]) -> None:
    """``torch.set_default_dtype(torch.float64)``: parameters made after it take that dtype."""
    for call in nodes_of(tree, ast.Call):
        function = call.func
        name = function.attr if isinstance(function, ast.Attribute) else None
        if name in _DEFAULT_SETTERS:
            argument = call.args[0] if call.args else None
            if not (isinstance(argument, ast.Attribute) and argument.attr in ("float32", "float")):
                raise SpecError(
                    f"lstmcalc does not follow {ast.unparse(call)}: the parameters made after it take that dtype; "
                    "leave the default float32 and convert the model once it is made (model = Net().double())",
                    loc(call),
                )
