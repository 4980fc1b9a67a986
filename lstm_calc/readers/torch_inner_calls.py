"""The rows torchinfo shows that ``forward``'s own code does not call: the calls torch.nn modules
make inside themselves, and the containers above the modules called.

torchinfo's hooks record every module call, those a ``TransformerEncoder`` makes to its layers
included; its ``add_missing_container_layers`` then puts a row above any module whose parent in
the module tree is not the row last shown at that depth (a ``ModuleList``, which is never
called itself). Here the calls inside a torch.nn module are asked of its layer class
(:meth:`~lstm_calc.layers.torch_code.TorchTensors.torch_submodule_calls`), with the parameters
the module holds under each submodule's path, and the containers are put in as torchinfo puts
them (torchinfo/torchinfo.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.module_calls import ModuleCall, inner_calls

if TYPE_CHECKING:
    from lstm_calc.readers.torch_modules import ModuleNode
    from lstm_calc.shapes import Shape


def submodule_calls(module: ModuleNode, shapes: list[Shape | None]) -> list[ModuleCall]:
    """The calls torch.nn ``module``'s own forward makes on tensors of ``shapes``, below its row."""
    if module.layer is None:
        return []
    return inner_calls(module.layer, module.hook_path, shapes, module.own_weights)


def with_containers(calls: list[ModuleCall], root: ModuleNode) -> list[ModuleCall]:
    """``calls`` with the containers torchinfo shows above them, and a module with submodules none of
    which it calls (MultiheadAttention's out_proj), or none of whose calls show below it (a module shared
    with a container shown later), marked so: torchinfo's leaves have no submodules.
    One whose output is unknown is not: its forward may have stopped before it called them."""
    modules = {path: module for path, _, module in root.every_name()}
    shown: list[ModuleCall] = []
    current: dict[int, str] = {}
    for call in calls:
        for depth in range(1, call.depth):
            ancestor = ".".join(call.path.split(".")[:depth])
            if current.get(depth) != ancestor and ancestor in modules:
                shown.append(_container(modules[ancestor], ancestor, depth))
                current[depth] = ancestor
        shown.append(call)
        current[call.depth] = call.path
        for deeper in [depth for depth in current if depth > call.depth]:
            del current[deeper]
    # After the containers are in: a shared submodule's call may show under another container's row.
    for index, call in enumerate(shown):
        following = shown[index + 1] if index + 1 < len(shown) else None
        inside = following is not None and following.depth > call.depth
        module = modules.get(call.path)
        # Its output known, its forward ran to the end without calling them; else it may not have been followed.
        if module is not None and module.children and not inside and call.called and call.outputs is not None:
            shown[index] = call._replace(uncalled_submodules=True)
    return shown


def _container(module: ModuleNode, path: str, depth: int) -> ModuleCall:
    return ModuleCall(
        path,
        module.class_name,
        depth,
        (),
        (),
        tuple(module.own_weights),
        *module.distinct_counts(),
        module.uncalled_submodules,
        False,
    )
