"""Layers a Sequential model's code makes outside the model, which Keras counts when it names the model's
layers: ``unused = Dense(5)`` before ``Sequential([..., Dense(2)])`` makes Keras name that row ``dense_1``,
and a Sequential model made before another makes the second ``sequential_1``. lstmcalc names a model's
layers from its own layers only, so such code is a located error rather than a wrong name."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.naming import to_snake_case
from lstm_calc.readers.code_names import statement_expressions
from lstm_calc.readers.keras_config import INPUT_CALLS, KERAS_CLASSES, SEQUENTIAL, callee
from lstm_calc.readers.syntax_walk import nodes_of, walk

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping


def refuse_earlier_namesakes(
    tree: ast.Module,
    aliases: dict[str, str],
    own_classes: Collection[str],
    read: Mapping[int, str],
    chosen: ast.Call,
    loc: Callable[[ast.AST], Location],
    walked: Collection[int],
) -> None:
    """An error at the first layer made outside the model (not one of the ``read`` calls), written before
    the model's last layer, of a class the model holds, without a ``name=``; or at an unnamed Sequential
    model written before the unnamed one read (``chosen``). Layers made in classes' bodies are left to
    the readers of those classes, and those of statements not ``walked`` (a branch not taken) make none."""
    inside = {id(node) for definition in nodes_of(tree, ast.ClassDef) for node in ast.walk(definition)}
    inside |= {
        id(node)
        for statement in nodes_of(tree, ast.stmt)
        if id(statement) not in walked
        for expression in statement_expressions(statement)
        for node in walk(expression)
    }
    kinds = {to_snake_case(name) for name in read.values()}
    calls = [call for call in nodes_of(tree, ast.Call) if id(call) in read]
    last = max(((call.lineno, call.col_offset) for call in calls), default=(0, 0))
    strays = []
    for call in nodes_of(tree, ast.Call):
        if id(call) in read or id(call) in inside or call is chosen or _named(call):
            continue
        name = callee(call, aliases)
        if isinstance(call.func, ast.Name) and call.func.id in own_classes:
            name = call.func.id
        elif name in INPUT_CALLS or name not in KERAS_CLASSES and name != SEQUENTIAL:
            continue
        if name == SEQUENTIAL:
            if not _named(chosen) and (call.lineno, call.col_offset) < (chosen.lineno, chosen.col_offset):
                strays.append((call, name))
        elif to_snake_case(str(name)) in kinds and (call.lineno, call.col_offset) < last:
            strays.append((call, str(name)))
    if not strays:
        return
    call, name = min(strays, key=lambda stray: (stray[0].lineno, stray[0].col_offset))
    what = "another Sequential model" if name == SEQUENTIAL else f"a {name} layer the model does not hold"
    raise SpecError(
        f"{ast.unparse(call.func)}(...) makes {what}: Keras counts it when it names the model's "
        f"{'own name and ' if name == SEQUENTIAL else ''}layers ({to_snake_case(name)}_1, not {to_snake_case(name)}), "
        "which lstmcalc does not follow; give it a name= of its own, or keep the model to summarise in a file "
        "of its own",
        loc(call),
    )


def _named(call: ast.Call) -> bool:
    return any(keyword.arg == "name" for keyword in call.keywords)
