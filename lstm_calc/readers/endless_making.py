"""Classes of the user's code that make an instance of themselves while their ``__init__`` runs
(``class M(keras.Model)`` whose ``__init__`` sets ``self.inner = M()``, or A making B making A):
Python recurses until it stops with RecursionError, and the readers refuse such a model where
the class is made again rather than follow it.
"""

from __future__ import annotations

import ast

from lstm_calc.errors import Location, SpecError


class Making:
    """A class whose ``__init__`` is being read, and whether the call that made it always runs there
    (a statement of the maker's ``__init__`` itself, not under an ``if``, a loop or an expression)."""

    # A plain class: functional Keras code reads custom layers through this module, and stays without
    # dataclasses (tests/test_code_startup.py).
    __slots__ = ("always", "definition", "init")

    def __init__(self, definition: ast.ClassDef, init: ast.FunctionDef, always: bool) -> None:
        self.definition = definition
        self.init = init
        self.always = always


def always_runs(call: ast.Call, statement: ast.stmt, making: list[Making]) -> bool:
    """Whether ``call``, in ``statement``, runs whenever the ``__init__`` being read runs."""
    return bool(making) and runs_in(call, making[-1].init, statement)


def runs_in(call: ast.Call, init: ast.FunctionDef | None, statement: ast.stmt | None = None) -> bool:
    """Whether ``call`` is what a statement of ``init``'s own body (``statement``, if given) computes."""
    if init is None:
        return False
    lines = [line for line in init.body if statement is None or line is statement]
    return any(isinstance(line, (ast.Assign, ast.AnnAssign, ast.Expr)) and line.value is call for line in lines)


def refuse_endless(definition: ast.ClassDef, always: bool, making: list[Making], location: Location) -> None:
    """Refuse making ``definition`` (at ``location``) while its own ``__init__`` is being read."""
    start = next((index for index, frame in enumerate(making) if frame.definition is definition), None)
    if start is None:
        return
    cycle = making[start:]
    chain = " → ".join([*(frame.definition.name for frame in cycle), definition.name])
    name = definition.name
    if always and all(frame.always for frame in cycle[1:]):
        raise SpecError(
            f"'{name}' is made again while its own __init__ runs ({chain}): it builds itself without end, "
            "which Python never finishes (it stops with RecursionError); make the inner object of another class",
            location,
        )
    raise SpecError(
        f"'{name}' is made again while its own __init__ runs ({chain}), under a condition or in an "
        "expression lstmcalc does not follow to its end; it reads classes that make no instance of themselves",
        location,
    )
