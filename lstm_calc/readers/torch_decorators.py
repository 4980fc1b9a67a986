"""Functions whose body is not all they do: a decorator that wraps or caches them, or a class body that
binds a method's name to something else than a ``def`` (``forward = wrap(forward)``).

lstmcalc follows a function's body, so it follows only those whose decorators leave what the body
makes and returns as it is (``@torch.no_grad()``, ``@staticmethod``). Any other decorator may wrap the
result (``out[:, -1]``), build around it (``nn.Sequential(fn(n), nn.LayerNorm(n))``) or cache it
(``@functools.lru_cache``: two calls, one shared module): such a function is not followed.
"""

from __future__ import annotations

import ast

from lstm_calc.readers.syntax_walk import made_node, shortened

#: Decorators that leave what a function makes and returns as its body says, by their dotted name.
HARMLESS_DECORATORS = frozenset(
    {
        "staticmethod", "classmethod", "property", "abstractmethod", "abc.abstractmethod",
        "overload", "typing.overload", "override", "typing.override", "typing_extensions.override",
        "torch.no_grad", "torch.enable_grad", "torch.inference_mode", "torch.set_grad_enabled",
        "torch.autocast", "torch.amp.autocast", "torch.cuda.amp.autocast", "torch.cpu.amp.autocast",
        "torch.jit.ignore", "torch.jit.unused", "torch.jit.export", "torch.jit.script",
        "torch.jit.script_method", "torch.compile", "torch.compiler.disable",
    }
)  # fmt: skip


def harmful_decorator(function: ast.FunctionDef) -> ast.expr | None:
    """The first of ``function``'s decorators that may change what it makes or returns, if any."""
    for decorator in function.decorator_list:
        named = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(named) not in HARMLESS_DECORATORS:
            return decorator
    return None


def unfollowed_function(function: ast.FunctionDef) -> str | None:
    """Why lstmcalc does not follow ``function``'s body as what calling it does, or None where it does."""
    decorator = harmful_decorator(function)
    if decorator is None:
        return None
    if getattr(function, "rebound", False):
        return f"the class body binds {function.name} to {shortened(decorator, 60)}, not to a def"
    return f"{function.name} is decorated with @{shortened(decorator, 60)}, which may change what it makes or returns"


def rebound_method(name: str, value: ast.expr, statement: ast.stmt) -> ast.FunctionDef:
    """A stand-in for a method the class body binds to ``value`` rather than to a ``def``: taking any
    arguments, and decorated with ``value`` so that it is never followed (:func:`unfollowed_function`)."""
    arguments = ast.arguments(
        posonlyargs=[],
        args=[ast.arg("self")],
        vararg=ast.arg("args"),
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=ast.arg("kwargs"),
        defaults=[],
    )
    stand_in = made_node(
        ast.FunctionDef(name=name, args=arguments, body=[ast.Pass()], decorator_list=[value], returns=None)
    )
    setattr(stand_in, "type_params", [])  # noqa: B010 - Python 3.12's generics, a field 3.10 lacks: none
    setattr(stand_in, "rebound", True)  # noqa: B010 - read by unfollowed_function
    return ast.fix_missing_locations(made_node(stand_in, statement))
