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

from typing import TYPE_CHECKING, Any

from lstm_calc.layers import LayerInputError
from lstm_calc.module_calls import ModuleCall

if TYPE_CHECKING:
    from lstm_calc.layers import Weight
    from lstm_calc.readers.torch_modules import ModuleNode
    from lstm_calc.shapes import Shape

#: The shape asked of a layer for a tensor lstmcalc does not know (the calls, without their shapes).
_UNKNOWN_SEQUENCE: Shape = (None, None, None)


def tree_depth(path: str) -> int:
    """A module's depth in the module tree, torchinfo's depth: 0 for the model, 1 for its children..."""
    return path.count(".") + 1 if path else 0


def submodule_calls(module: ModuleNode, shapes: list[Shape | None]) -> list[ModuleCall]:
    """The calls torch.nn ``module``'s own forward makes on tensors of ``shapes``, below its row;
    none when its layer cannot say (a module whose forward calls no submodule, an input it refuses)."""
    layer = module.layer
    if layer is None:
        return []
    known = all(shape is not None for shape in shapes)
    given: list[Shape] = [shape if shape is not None else _UNKNOWN_SEQUENCE for shape in shapes]
    multiple = layer.input_count is not None
    if not given or (multiple and len(given) < 2):
        return []
    try:
        inner = layer.torch_submodule_calls(given[:2] if multiple else given[0])
    except (LayerInputError, TypeError, IndexError):
        return []
    calls = []
    for call in inner:
        path = f"{module.path}.{call.path}" if module.path else call.path
        weights = _under(module.own_weights, call.path)
        tensors = call.called and known
        calls.append(
            ModuleCall(
                path,
                call.class_name,
                tree_depth(path),
                call.inputs if tensors else None if call.called else (),
                call.outputs if tensors else None if call.called else (),
                tuple(weight for weight in weights if "." not in weight.name),
                sum(weight.size for weight in weights),
                sum(weight.size for weight in weights if weight.trainable),
                call.uncalled_submodules,
                call.called,
            )
        )
    return calls


def _under(weights: list[Weight], path: str) -> list[Weight]:
    """The weights held under submodule ``path``, named relative to it (``layers.0.linear1.weight``: ``weight``)."""
    prefix = f"{path}."
    return [weight._replace(name=weight.name[len(prefix) :]) for weight in weights if weight.name.startswith(prefix)]


def with_containers(calls: list[ModuleCall], root: ModuleNode) -> list[ModuleCall]:
    """``calls`` with the containers torchinfo shows above them, and a module with submodules none of
    which it calls (MultiheadAttention's out_proj) marked so: torchinfo's leaves have no submodules."""
    modules = {module.path: module for module in root.modules()}
    shown: list[ModuleCall] = []
    current: dict[int, str] = {}
    for index, call in enumerate(calls):
        for depth in range(1, call.depth):
            ancestor = ".".join(call.path.split(".")[:depth])
            if current.get(depth) != ancestor and ancestor in modules:
                shown.append(_container(modules[ancestor], depth))
                current[depth] = ancestor
        following = calls[index + 1] if index + 1 < len(calls) else None
        inside = following is not None and following.depth > call.depth
        module = modules.get(call.path)
        if module is not None and module.children and not inside and call.called:
            call = call._replace(uncalled_submodules=True)
        shown.append(call)
        current[call.depth] = call.path
        for deeper in [depth for depth in current if depth > call.depth]:
            del current[deeper]
    return shown


def _container(module: ModuleNode, depth: int) -> ModuleCall:
    weights: Any = list(module.weights())
    return ModuleCall(
        module.path,
        module.class_name,
        depth,
        (),
        (),
        tuple(module.own_weights),
        sum(weight.size for weight in weights),
        sum(weight.size for weight in weights if weight.trainable),
        module.uncalled_submodules,
        False,
    )
