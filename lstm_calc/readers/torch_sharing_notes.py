"""Notes on what a PyTorch model holds more than once: a module under several names (``self.again =
self.fc``), and a parameter tied to another module's (``self.decoder.weight = self.encoder.weight``),
which torch's ``parameters()`` counts once and its state_dict lists under each name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError

if TYPE_CHECKING:
    import ast
    from collections.abc import Callable

    from lstm_calc.errors import Location
    from lstm_calc.readers.torch_modules import ModuleNode

#: How many of a shared module's second state_dict keys its note lists.
_LISTED_KEYS = 4


def shared_module_notes(root: ModuleNode, loc: Callable[[ast.AST], Location]) -> list[str]:
    """A line for each module with parameters or buffers held under several names (``self.again =
    self.fc``, a module kept and put in an nn.Sequential); its calls are shown under its last name,
    where torchinfo hooks it. A module holding neither (a ReLU) is shared without a word: nothing
    of it is counted or saved twice. A Transformer layer's activation module held after it under
    another name (``self.act = act``) is refused: torchinfo draws the layer's rows around that name."""
    names: dict[int, list[tuple[str, int, ModuleNode]]] = {}
    for path, depth, module in root.every_name():
        names.setdefault(id(module), []).append((path, depth, module))
    paths = {path: module for path, _, module in root.every_name()}
    for held in names.values():
        activations = [path for path, _, module in held if _is_activation(paths, path, module)]
        if activations and held[-1][0] not in activations:
            raise SpecError(
                f"{held[-1][0]} is also the activation of {activations[0].rpartition('.')[0]} ({activations[0]}), "
                "which torchinfo then calls by the later name: lstmcalc does not draw that table yet; give the "
                "layer an activation module of its own (activation=nn.GELU())",
                loc(held[-1][2].node),
            )
    notes: list[str] = []
    noted: list[str] = []  # the second names already told of: a module inside one is told with it
    for held in names.values():
        if len(held) < 2 or all(any(path.startswith(f"{name}.") for name in noted) for path, _, _ in held[1:]):
            continue
        noted += [path for path, _, _ in held[1:]]
        first, _, module = held[0]
        others = ", ".join(path for path, _, _ in held[1:])
        keys = [
            ".".join(part for part in (path, inner, weight.name) if part)
            for path, _, _ in held[1:]
            for inner, _, part_module in module.every_name()
            for weight in (*part_module.own_weights, *part_module.buffers)
        ]
        if not keys:
            continue
        listed = ", ".join(keys[:_LISTED_KEYS]) + (", ..." if len(keys) > _LISTED_KEYS else "")
        notes.append(
            f"{first} ({module.class_name}) is also held as {others}: one module, whose {module.params:,} "
            f"parameters torch's parameters() counts once; its state_dict lists them under each name ({listed})"
        )
    return notes


def tied_parameter_notes(root: ModuleNode) -> list[str]:
    """A line for each parameter tied to another module's: the state_dict lists it under both names
    and torchinfo counts it twice, as the totals here do; torch's ``parameters()`` counts it once."""
    ties = [
        (module, name, source, source_name) for module in root.modules() for name, source, source_name in module.tied
    ]
    once = root.params - sum(
        weight.size for module, name, _, _ in ties for weight in module.own_weights if weight.name == name
    )
    return [
        f"{_key(module, name)} is {_key(source, source_name)} (tied weights): one parameter that the state_dict "
        f"lists under both names and torchinfo counts twice, as the totals here do; torch's parameters() "
        f"counts {once:,} in all"
        for module, name, source, source_name in ties
    ]


def tied_rows(root: ModuleNode) -> tuple[tuple[str, str], ...]:
    """``(module path, name)`` of each parameter a module holds that another module of the model holds
    first (``decoder.weight = encoder.weight``): torch's ``parameters()`` counts it there alone. A
    parameter tied to a module torch does not register (one in a plain list) is counted where it is."""
    inside = {id(module) for module in root.modules()}
    return tuple(
        (module.path, name) for module in root.modules() for name, source, _ in module.tied if id(source) in inside
    )


def _is_activation(paths: dict[str, ModuleNode], path: str, module: ModuleNode) -> bool:
    """Whether ``path`` names a torch.nn Transformer layer's activation module."""
    layer = paths.get(path.rpartition(".")[0]) if path.endswith(".activation") else None
    return layer is not None and layer.kind is not None and layer.children.get("activation") is module


def _key(module: ModuleNode, name: str) -> str:
    return f"{module.path}.{name}" if module.path else name
