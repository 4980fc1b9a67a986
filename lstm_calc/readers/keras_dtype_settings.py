"""Keras's global dtype settings in code (``keras.config.set_dtype_policy("float16")``,
``keras.mixed_precision.set_global_policy(...)``, ``keras.config.set_floatx(...)``), read with :mod:`ast`.

Each gives every layer made after it, without a ``dtype=`` of its own, that dtype: its weights are
stored in it, and the summary's byte sizes follow. A mixed policy (``mixed_float16``) keeps the
weights in float32, so changes no figure. lstmcalc reads one setting, a string literal, made by a
statement of the module itself before any call that could make a layer; anything else is an error
at its line, since the layers made before a setting keep the dtype they were made with.
"""

from __future__ import annotations

import ast

from lstm_calc.errors import Location, SpecError
from lstm_calc.sizes import DEFAULT_DTYPE, MIXED_POLICY_VARIABLE_DTYPE

#: The functions that set the dtype of the layers made after them, with the values each accepts.
FLOATX = ("float16", "bfloat16", "float32", "float64")
SETTINGS = {
    "set_floatx": FLOATX,
    "set_dtype_policy": (*FLOATX, *MIXED_POLICY_VARIABLE_DTYPE),
    "set_global_policy": (*FLOATX, *MIXED_POLICY_VARIABLE_DTYPE),
}
MOVE = (
    "lstmcalc reads one such setting, given as a string literal, as a statement of the module itself "
    "before the code makes anything (layers made before it keep their dtype); move it there, or pass "
    "dtype= to each layer"
)


def global_dtype(tree: ast.Module, filename: str) -> tuple[str, Location] | None:
    """The dtype of the weights of layers made without ``dtype=``, as the code's one global setting gives
    it, with where the code gives it; ``None`` when the code sets none or sets float32 or a mixed policy."""
    defined = {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    settings = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _function_name(node.func) in SETTINGS
        and _function_name(node.func) not in defined
    ]
    if not settings:
        return None
    settings.sort(key=lambda call: (call.lineno, call.col_offset))
    call = settings[0]
    function = _function_name(call.func) or ""
    shown = f"{ast.unparse(call.func)}(...)"
    if len(settings) > 1:
        raise SpecError(
            f"the code sets Keras's global dtype more than once (lines {', '.join(str(c.lineno) for c in settings)}); "
            f"{MOVE}",
            _loc(filename, settings[1]),
        )
    index = next(
        (
            index
            for index, statement in enumerate(tree.body)
            if isinstance(statement, ast.Expr) and statement.value is call
        ),
        None,
    )
    given = [*call.args, *(keyword.value for keyword in call.keywords)]
    value = given[0].value if len(given) == 1 and isinstance(given[0], ast.Constant) else None
    if index is None or not isinstance(value, str) or any(_may_make(statement) for statement in tree.body[:index]):
        raise SpecError(f"{shown} sets the dtype of the layers made after it; {MOVE}", _loc(filename, call))
    if value not in SETTINGS[function]:
        raise SpecError(
            f"{shown}: lstmcalc reads the dtypes {', '.join(SETTINGS[function])} here, not {value!r}",
            _loc(filename, given[0]),
        )
    dtype = MIXED_POLICY_VARIABLE_DTYPE.get(value, value)
    return None if dtype == DEFAULT_DTYPE else (dtype, _loc(filename, given[0]))


def floatx_setting(tree: ast.Module) -> str:
    """What ``keras.backend.floatx()`` gives in the code: the string its ``set_floatx(...)`` sets (which
    :func:`global_dtype` holds to one literal before anything is made), else float32."""
    defined = {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _function_name(node.func) == "set_floatx" and "set_floatx" not in defined:
            given = [*node.args, *(keyword.value for keyword in node.keywords)]
            if len(given) == 1 and isinstance(given[0], ast.Constant) and isinstance(given[0].value, str):
                return given[0].value
    return DEFAULT_DTYPE


def _function_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _may_make(statement: ast.stmt) -> bool:
    """Whether running ``statement`` calls anything (that could make a layer): a definition's body runs later."""
    pending: list[ast.AST] = [statement]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Call):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending += [*node.decorator_list] if not isinstance(node, ast.Lambda) else []
            pending += [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
            continue
        pending += ast.iter_child_nodes(node)
    return False


def _loc(filename: str, node: ast.expr) -> Location:
    return Location(filename, node.lineno, node.col_offset + 1)
