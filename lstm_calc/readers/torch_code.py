"""PyTorch code: an ``nn.Module`` class read with :mod:`ast`, never imported nor run.

The class is the one ``--model`` names, else the one the file instantiates at module
level, else the only top-level ``nn.Module`` subclass no other class uses. Its ``__init__``
gives the modules (:mod:`~lstm_calc.readers.torch_modules`), with its parameters bound to
the instantiation's arguments or their defaults; its ``forward`` gives how tensors go
through them (:mod:`~lstm_calc.readers.torch_forward`). The result is the located data of a
graph spec under ``framework: pytorch``, so shapes, counts and rendering are shared.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.located import new_located_dict, new_located_list, put
from lstm_calc.readers.code_flow import FlowWalker
from lstm_calc.readers.evaluate import Environment, Snapshot
from lstm_calc.readers.set_values import parse_assignments, refuse_unknown_overrides
from lstm_calc.readers.torch_forward import ForwardReader
from lstm_calc.readers.torch_modules import (
    InitReader,
    InitScope,
    TorchEvaluator,
    TorchModule,
    bind_arguments,
    torch_class,
    torch_imports,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from lstm_calc.located import LocatedDict


def is_torch_code(tree: ast.Module) -> bool:
    """Whether the code imports torch (and so is read as PyTorch code)."""
    return any(
        (isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "torch" for alias in node.names))
        or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "torch")
        for node in ast.walk(tree)
    )


class _ModuleWalker(FlowWalker):
    """Walks the module-level code, keeping each instantiation of one of the file's classes with its names."""

    def __init__(self, evaluator: TorchEvaluator, tree: ast.Module, classes: set[str]) -> None:
        super().__init__(evaluator, tree)
        self.classes = classes
        self.instantiations: list[tuple[ast.Call, Snapshot]] = []

    def visit(self, statement: ast.stmt) -> None:
        if self.scope is not self.module or isinstance(statement, (ast.ClassDef, ast.FunctionDef)):
            return
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self.classes:
                self.instantiations.append((node, self.snapshot(node)))


def read_torch_model(
    tree: ast.Module,
    filename: str,
    assignments: Iterable[str] = (),
    input_shapes: Sequence[Sequence[int | None]] = (),
    model_name: str | None = None,
) -> LocatedDict:
    """The graph spec data (``framework: pytorch``) of the ``nn.Module`` class the code defines.

    ``input_shapes`` are the shapes ``forward``'s tensor arguments receive, batch included,
    in order; without them each input's shape follows from the module it goes into first.
    """
    overrides = parse_assignments(assignments)
    refuse_unknown_overrides(tree, overrides, filename)
    evaluator = TorchEvaluator(filename, overrides)
    torch_names = torch_imports(tree)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    walker = _ModuleWalker(evaluator, tree, set(classes))
    walker.run()
    modules = {name: node for name, node in classes.items() if _is_module_class(node, torch_names, classes)}
    chosen, call, call_environment = _choose(modules, walker, model_name, filename)
    init = _method(chosen, "__init__")
    module_environment = Snapshot(walker.module.bindings)
    scope = InitScope(module_environment)
    reader = InitReader(evaluator, torch_names, scope)
    if init is not None:
        outer = call_environment or module_environment
        scope.bindings.update(bind_arguments(init, call, evaluator, outer, module_environment))
        reader.read(init.body)
    forward = _method(chosen, "forward")
    if forward is None:
        raise SpecError(f"class {chosen.name} has no forward method", evaluator.loc(chosen))
    parameters = [argument.arg for argument in [*forward.args.posonlyargs, *forward.args.args][1:]]
    if forward.args.vararg or forward.args.kwarg or forward.args.kwonlyargs or not parameters:
        raise SpecError("lstmcalc follows forward(self, x, ...) with tensors as its arguments", evaluator.loc(forward))
    following = ForwardReader(reader.modules, torch_names, evaluator.loc, parameters)
    following.read(forward.body)
    return _spec(chosen, forward, following, list(input_shapes), evaluator)


def _is_module_class(node: ast.ClassDef, torch_names: dict[str, str], classes: dict[str, ast.ClassDef]) -> bool:
    for base in node.bases:
        if torch_class(base, torch_names) == "Module":
            return True
        if isinstance(base, ast.Name) and base.id in classes and base.id != node.name:
            return _is_module_class(classes[base.id], torch_names, {k: v for k, v in classes.items() if k != node.name})
    return False


def _method(node: ast.ClassDef, name: str) -> ast.FunctionDef | None:
    found = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == name]
    return found[-1] if found else None


def _choose(
    modules: dict[str, ast.ClassDef], walker: _ModuleWalker, model_name: str | None, filename: str
) -> tuple[ast.ClassDef, ast.Call | None, Environment | None]:
    """The class to read, and its module-level instantiation (with the names it saw) if any."""
    calls = {
        id(call): (call, environment)
        for call, environment in walker.instantiations
        if isinstance(call.func, ast.Name) and call.func.id in modules
    }
    if model_name is not None:
        if model_name not in modules:
            listed = ", ".join(modules) or "none"
            raise SpecError(
                f"--model {model_name!r}: the code has no nn.Module class of that name (classes: {listed})",
                Location(filename, 1, 1),
                "--model",
            )
        chosen = modules[model_name]
    else:
        instantiated = {call.func.id for call, _ in calls.values() if isinstance(call.func, ast.Name)}
        if len(instantiated) == 1:
            chosen = modules[instantiated.pop()]
        else:
            used = {
                part.id
                for node in modules.values()
                for part in ast.walk(node)
                if isinstance(part, ast.Name) and part.id in modules and part.id != node.name
            }
            candidates = sorted(instantiated) if instantiated else [name for name in modules if name not in used]
            if len(candidates) != 1:
                if not modules:
                    raise SpecError("the code defines no nn.Module class", Location(filename, 1, 1))
                listed = ", ".join(f"{name} (line {modules[name].lineno})" for name in candidates or modules)
                raise SpecError(
                    f"cannot tell which nn.Module class is the model: {listed}; name it with --model",
                    Location(filename, modules[(candidates or list(modules))[0]].lineno, 1),
                )
            chosen = modules[candidates[0]]
    own = [(call, environment) for call, environment in calls.values() if call.func.id == chosen.name]  # type: ignore[attr-defined]
    if not own:
        return chosen, None, None
    return chosen, own[0][0], own[0][1]


def _spec(
    chosen: ast.ClassDef,
    forward: ast.FunctionDef,
    following: ForwardReader,
    input_shapes: list[Sequence[int | None]],
    evaluator: TorchEvaluator,
) -> LocatedDict:
    here = evaluator.loc(chosen)
    spec = new_located_dict(here)
    put(spec, "name", chosen.name, here, here)
    put(spec, "framework", "pytorch", here, here)
    inputs = new_located_dict(evaluator.loc(forward))
    arguments = [*forward.args.posonlyargs, *forward.args.args][1:]
    if input_shapes and len(input_shapes) != len(arguments):
        raise SpecError(
            f"--input-shape is given {len(input_shapes)} time(s), but forward takes {len(arguments)} tensor(s): "
            + ", ".join(argument.arg for argument in arguments),
            evaluator.loc(forward),
            "--input-shape",
        )
    for index, argument in enumerate(arguments):
        where = evaluator.loc(argument)
        shape = list(input_shapes[index][1:]) if input_shapes else _implied_shape(argument.arg, following, where)
        entry = new_located_dict(where)
        put(entry, "shape", new_located_list(where, shape, [where] * len(shape)), where, where)
        if input_shapes and input_shapes[index][0] is not None:
            put(entry, "batch_size", input_shapes[index][0], where, where)
        put(inputs, argument.arg, entry, where, where)
    put(spec, "inputs", inputs, here, here)
    layers = following.layers
    put(spec, "layers", new_located_list(here, layers, [layer.location for layer in layers]), here, here)
    references = [reference for reference, _ in following.outputs]
    put(spec, "outputs", new_located_list(here, references, [where for _, where in following.outputs]), here, here)
    return spec


def _implied_shape(name: str, following: ForwardReader, where: Location) -> list[int | None]:
    """An input's shape without its batch axis, from the module it goes into first."""
    if name not in following.first_uses:
        raise SpecError(f"give the shape of forward's '{name}' with --input-shape B,T,...", where, "--input-shape")
    module, channels_first = following.first_uses[name]
    entry = module.entry
    size_keys = {
        "LSTM": "input_size",
        "GRU": "input_size",
        "RNN": "input_size",
        "Conv1d": "in_channels",
        "MultiheadAttention": "embed_dim",
        "LayerNorm": "normalized_shape",
    }
    if module.class_name == "Embedding":
        return [None]
    key = size_keys.get(module.class_name)
    if key is not None and isinstance(entry.get(key), int):
        # A Conv1d's (batch, channels, time) input is the spec's (time, channels) sequence.
        return [None, entry[key]]
    raise SpecError(
        f"cannot tell the shape of forward's '{name}' from {_describe(module)}; give it with --input-shape B,T,...",
        where,
        "--input-shape",
    )


def _describe(module: TorchModule) -> str:
    return f"'{module.path}' ({module.class_name})"
