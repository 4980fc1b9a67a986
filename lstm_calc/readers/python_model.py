"""Keras Python code: which reader reads it, the Sequential one or the functional one."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.located import put
from lstm_calc.readers.python_source import parse_python
from lstm_calc.readers.syntax_walk import nodes_of, remembered_walks

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from lstm_calc.located import LocatedDict
    from lstm_calc.readers.torch_code import TorchCodeModel


def read_python_model(
    text: str,
    filename: str,
    assignments: Iterable[str] = (),
    model_name: str | None = None,
    input_shapes: Sequence[Sequence[int | None]] = (),
) -> LocatedDict | TorchCodeModel:
    """The spec data of the Keras model that the Python ``text`` builds: functional code that calls
    ``Model(inputs, outputs)`` (:mod:`~lstm_calc.readers.functional_code`), else a ``Sequential`` model
    (:mod:`~lstm_calc.readers.keras_code`), else a subclassed model (:mod:`~lstm_calc.readers.subclassed_code`).
    ``model_name`` (``--model``) picks one of several models by its variable or its ``name=``. PyTorch
    code, which imports torch, is an ``nn.Module`` class (:mod:`~lstm_calc.readers.torch_code`):
    ``model_name`` or the one the file instantiates."""
    tree = parse_python(text, filename)
    if _names_a_private(text):
        from lstm_calc.readers.private_names import mangle_private_names

        mangle_private_names(tree)
    with remembered_walks(tree):
        # Only code that names torch can import it (ASCII code spells it so; Python reads other letters
        # as their NFKC forms): Keras code need not load the PyTorch reader, a dozen modules, to learn
        # that it is not PyTorch code.
        if "torch" in text or not text.isascii():
            from lstm_calc.readers.torch_code import is_torch_code, read_torch_model
            from lstm_calc.readers.torch_modules import torch_imports

            torch_names = torch_imports(tree)
            if is_torch_code(tree, torch_names):
                return read_torch_model(tree, filename, assignments, input_shapes, model_name, torch_names)
        return _read_keras_model(tree, filename, assignments, model_name, input_shapes)


def _read_keras_model(
    tree: ast.Module,
    filename: str,
    assignments: Iterable[str],
    model_name: str | None,
    input_shapes: Sequence[Sequence[int | None]],
) -> LocatedDict:
    """The spec data of Keras code: functional, else Sequential, else subclassed (as :func:`read_python_model`)."""
    from lstm_calc.readers.code_input import settle_code_input
    from lstm_calc.readers.custom_layers import settle_custom_layers
    from lstm_calc.readers.keras_code import CodeReader, import_aliases
    from lstm_calc.readers.keras_config import FUNCTIONAL_CLASSES, SEQUENTIAL, callee
    from lstm_calc.readers.keras_dtype_settings import global_dtype
    from lstm_calc.readers.keras_rebinding import refuse_rebound_keras_names
    from lstm_calc.readers.keras_trainable import refuse_trainable_set_later, refuse_trainable_setattr
    from lstm_calc.readers.lambda_shapes import settle_traced_shapes
    from lstm_calc.readers.set_values import parse_assignments, refuse_set_values_the_code_gives

    aliases = import_aliases(tree)
    overrides = parse_assignments(assignments)
    callees = {callee(node, aliases) for node in nodes_of(tree, ast.Call)}
    _refuse_mixed_kinds(tree, aliases, filename)
    refuse_trainable_setattr(tree, filename)
    refuse_rebound_keras_names(tree, aliases, {node.name for node in nodes_of(tree, ast.ClassDef)}, filename)
    dtype = global_dtype(tree, filename)
    if not callees & {*FUNCTIONAL_CLASSES, SEQUENTIAL}:
        from lstm_calc.readers.subclassed_code import SubclassedCodeReader, model_classes

        if model_classes(tree):
            refuse_trainable_set_later(tree, filename)
            subclassed = SubclassedCodeReader(filename, tree, overrides, model_name)
            data = subclassed.read()
            refuse_set_values_the_code_gives(subclassed.evaluator)
            settle_custom_layers(data, filename)
            return settle_code_input(_with_dtype(data, dtype), input_shapes)
    if callees & set(FUNCTIONAL_CLASSES):
        from lstm_calc.readers.functional_code import FunctionalCodeReader

        reader: CodeReader = FunctionalCodeReader(filename, tree, overrides)
    else:
        refuse_trainable_set_later(tree, filename)
        reader = CodeReader(filename, tree, overrides)
    reader.model_name = model_name
    data = reader.read()
    refuse_set_values_the_code_gives(reader.evaluator)
    settle_traced_shapes(data, filename)
    settle_custom_layers(data, filename)
    return settle_code_input(_with_dtype(data, dtype), input_shapes)


def _with_dtype(data: LocatedDict, dtype: tuple[str, Location] | None) -> LocatedDict:
    """The spec data with the dtype Keras's global setting gives the layers made without ``dtype=``."""
    if dtype is not None:
        put(data, "dtype", dtype[0], dtype[1], dtype[1])
    return data


def _refuse_mixed_kinds(tree: ast.Module, aliases: dict[str, str], filename: str) -> None:
    """A located error for code that builds models of more than one kind (Sequential, functional, a
    ``Model`` subclass): each reader knows one kind, and Keras names every layer after all the layers
    the file has made before it, whatever model holds them."""
    from lstm_calc.readers.keras_config import FUNCTIONAL_CLASSES, SEQUENTIAL, callee
    from lstm_calc.readers.model_choice import call_candidates, listed

    classes: dict[str, ast.ClassDef] = {}
    if any(isinstance(node, ast.ClassDef) for node in tree.body):
        from lstm_calc.readers.subclassed_code import model_classes

        classes = model_classes(tree)
    # A model a subclass makes in its own methods is part of that model, not one of the file's.
    inside = {id(node) for definition in classes.values() for node in ast.walk(definition)}
    kinds: dict[int, str] = {}
    for call in nodes_of(tree, ast.Call):
        name = callee(call, aliases)
        if id(call) in inside:
            continue
        if isinstance(call.func, ast.Name) and call.func.id in classes:
            kinds[id(call)] = "subclassed"
        elif name == SEQUENTIAL:
            kinds[id(call)] = "Sequential"
        elif name in FUNCTIONAL_CLASSES:
            kinds[id(call)] = "functional"
    if len(set(kinds.values())) < 2:
        return
    calls = sorted(
        (call for call in nodes_of(tree, ast.Call) if id(call) in kinds),
        key=lambda call: (call.lineno, call.col_offset),
    )

    def loc(node: ast.AST) -> Location:
        return Location(filename, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)

    candidates = call_candidates(tree, calls, loc)
    nested = _sequential_layers(tree, calls, [c.target for c in candidates], kinds, loc)
    kept = [(call, c) for call, c in zip(calls, candidates) if id(call) not in nested]
    if len({kinds[id(call)] for call, _ in kept}) < 2:
        return
    calls, candidates = [call for call, _ in kept], [candidate for _, candidate in kept]
    first = kinds[id(calls[0])]
    other = next(candidate for call, candidate in zip(calls, candidates) if kinds[id(call)] != first)
    shown = "; ".join(
        f"{kind}: {listed([c for call, c in zip(calls, candidates) if kinds[id(call)] == kind])}"
        for kind in dict.fromkeys(kinds[id(call)] for call in calls)
    )
    raise SpecError(
        f"the code builds models of more than one kind ({shown}); lstmcalc reads one kind of model per file, "
        "since Keras names each layer after every layer made before it in any model: keep the model to "
        "summarise in a file of its own, or give it as a YAML spec",
        other.location,
    )


def _sequential_layers(
    tree: ast.Module,
    calls: list[ast.Call],
    targets: list[str | None],
    kinds: dict[int, str],
    loc: Callable[[ast.AST], Location],
) -> set[int]:
    """The model calls (by id) that make a Sequential model a functional model calls on a tensor, as one of its
    layers (functional_nested): ``enc = Sequential([...])`` then ``enc(x)``, ``Sequential([...])(x)``, or one a
    function returns (``return Sequential([...])``) called so (``build()(x)``, ``enc = build()`` then ``enc(x)``);
    and those inside their lists. Another model called on a tensor is refused."""
    target_kinds: dict[str, set[str]] = {}
    for call, target in zip(calls, targets):
        if target is not None:
            target_kinds.setdefault(target, set()).add(kinds[id(call)])
    returned: dict[str, list[int]] = {}  # function name -> the Sequential calls it returns
    helper_results: dict[str, str] = {}  # name -> the function whose call it is bound to
    for node in nodes_of(tree, (ast.FunctionDef, ast.Assign)):
        if isinstance(node, ast.FunctionDef):
            for part in ast.walk(node):
                if isinstance(part, ast.Return) and kinds.get(id(part.value)) == "Sequential":
                    returned.setdefault(node.name, []).append(id(part.value))
        elif (
            isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call)
        ):
            if isinstance(node.value.func, ast.Name):
                helper_results[node.targets[0].id] = node.value.func.id
    nested: set[int] = set()
    for call in nodes_of(tree, ast.Call):
        function = call.func
        if isinstance(function, ast.Call) and isinstance(function.func, ast.Name) and function.func.id in returned:
            nested.update(returned[function.func.id])  # build()(x)
            continue
        if isinstance(function, ast.Name) and helper_results.get(function.id) in returned:
            nested.update(returned[helper_results[function.id]])  # enc = build(), then enc(x)
        called = function.id if isinstance(function, ast.Name) and function.id in target_kinds else None
        if called is None and id(function) not in kinds:
            continue
        if (target_kinds[called] if called is not None else {kinds[id(function)]}) == {"Sequential"}:
            if called is None:
                nested.add(id(function))  # Sequential([...])(x)
            else:
                nested.update(id(c) for c, target in zip(calls, targets) if target == called)
            continue
        from lstm_calc.readers.functional_objects import model_as_layer

        raise model_as_layer(loc, call)
    holders = [call for call in calls if id(call) in nested]
    nested.update(id(part) for call in holders for part in ast.walk(call) if part is not call and id(part) in kinds)
    return nested


def _names_a_private(text: str) -> bool:
    """Whether ``text`` may use a private name (``__hidden``, not ``__init__``), which Python renames inside
    a class; most files use none, and need not be walked for them."""
    return any(not found.group().endswith("__") for found in re.finditer(r"(?<!\w)__\w+", text))
