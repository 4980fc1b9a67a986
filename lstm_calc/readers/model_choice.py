"""Which model of several in one file to read: ``--model NAME`` (the variable or the model's ``name=``)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.readers.syntax_walk import nodes_of
from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from lstm_calc.readers.functional_objects import CodeModel

#: Methods whose call on a model says the script is about it.
USING_METHODS = ("compile", "fit", "summary", "predict", "evaluate", "save")


# The type checker reads the fields' types from a typing.NamedTuple; at run time the record is a
# lstm_calc.records record with the same fields, quicker to define than either that or a dataclass.
# tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:
    from typing import NamedTuple

    class _Candidate(NamedTuple):
        target: str | None
        name: str | None
        location: Location
        used: bool = False

else:
    _Candidate = record("Candidate", ("target", "name", "location", "used"), defaults=(False,))


class Candidate(_Candidate):
    """One model the code builds: the variable it is assigned to, its ``name=``, where it is made."""

    __slots__ = ()


def choose(candidates: Sequence[Candidate], model_name: str | None, filename: str, noun: str = "models") -> int:
    """The index of the model to read: the one ``--model`` names, else the only one, else the only one the
    code compiles, fits or summarises; else an error listing the candidates with their lines."""
    if model_name is not None:
        return pick_by_name(candidates, model_name, filename)
    if len(candidates) == 1:
        return 0
    used = [index for index, candidate in enumerate(candidates) if candidate.used]
    if len(used) == 1:
        return used[0]
    shown = [candidates[index] for index in used] if used else list(candidates)
    which = "compiles, fits or summarises several" if used else "compiles, fits or summarises none"
    raise SpecError(
        f"the code builds {len(candidates)} {noun} and {which} of them: {listed(shown)}; "
        "pick one with --model NAME (its variable or its name=)",
        shown[0].location,
    )


def call_candidates(tree: ast.Module, calls: Sequence[ast.Call], loc: Callable[[ast.AST], Location]) -> list[Candidate]:
    """Each model call's candidate: the name it is assigned to, its literal ``name=``, whether the code uses it."""
    targets: dict[int, str] = {}
    used: set[str] = set()
    for node in nodes_of(tree, (ast.Assign, ast.Call)):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            targets[id(node.value)] = node.targets[0].id
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in USING_METHODS:
            if isinstance(node.func.value, ast.Name):
                used.add(node.func.value.id)
    found = []
    for call in calls:
        name = next(
            (
                keyword.value.value
                for keyword in call.keywords
                if keyword.arg == "name"
                and isinstance(keyword.value, ast.Constant)
                and isinstance(keyword.value.value, str)
            ),
            None,
        )
        target = targets.get(id(call))
        found.append(Candidate(target, name, loc(call), target in used))
    return found


def pick_by_name(candidates: Sequence[Candidate], model_name: str, filename: str) -> int:
    """The index of the candidate whose variable or ``name=`` is ``model_name``; an error listing them if none is."""
    matches = [index for index, model in enumerate(candidates) if model_name in (model.target, model.name)]
    if len(matches) == 1:
        return matches[0]
    problem = "several models are" if matches else "no model is"
    shown = [candidates[index] for index in matches] if matches else list(candidates)
    raise SpecError(
        f"--model {model_name}: {problem} called that in this code; the models: {listed(shown)}",
        Location(filename, 1, 1) if not matches else shown[0].location,
    )


def listed(candidates: Sequence[Candidate]) -> str:
    """``model (line 3), encoder 'enc' (line 9)``: each model's variable, its name= and its line."""
    parts = []
    for model in candidates:
        text = model.target or "a model"
        if model.name is not None and model.name != model.target:
            text += f" (name={model.name!r})"
        parts.append(f"{text} (line {model.location.line})")
    return ", ".join(parts)


def chosen_model(models: list[CodeModel], filename: str, model_name: str | None = None) -> CodeModel:
    """The model a script is about: the one ``--model`` names, its only one, else the one it compiles,
    fits or summarises."""
    if not models:
        raise SpecError("no Keras model in this code: no Model(inputs, outputs) call runs", Location(filename, 1, 1))
    candidates = [
        Candidate(
            model.target,
            model.name[0] if model.name is not None and isinstance(model.name[0], str) else None,
            model.location,
            model.used,
        )
        for model in models
    ]
    return models[choose(candidates, model_name, filename)]
