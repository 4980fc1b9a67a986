"""``--stats`` on PyTorch code: each module's multiply-accumulates over the calls ``forward`` makes.

A call's MACs are its layer class's (:meth:`Layer.macs`, lstmcalc's convention: the weight matrices'
products, biases left out; ``docs/reference/stats.md``) on the call's tensors as that class takes
them (batch first, features last: :attr:`TorchKind.layer_inputs`), for one sample, times the call's
batch. So a module's figure is for the whole input ``--input-shape`` gives, every sample and every
call (a cell in a time loop, a module called twice), and the model's total is their sum: no batch
size multiplies it afterwards. Where a figure cannot be exact, :class:`Uncounted` says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.amount import Amount

if TYPE_CHECKING:
    from lstm_calc.module_calls import ModuleCall
    from lstm_calc.readers.torch_modules import ModuleNode


class Uncounted(Exception):
    """Why the MACs of a PyTorch model read from code cannot be counted exactly."""


def module_macs(root: ModuleNode, calls: list[ModuleCall], unfollowed: str | None) -> dict[str, Amount]:
    """Each module holding weights, by path: its MACs over every call in ``calls``.

    ``unfollowed`` says why ``forward`` was not followed to its end on known shapes, if it was not:
    a module's calls (and so its MACs) are then not all known, and :class:`Uncounted` says so.
    """
    if unfollowed is not None:
        raise Uncounted(unfollowed)
    calls_of: dict[str, list[ModuleCall]] = {}
    for call in calls:
        calls_of.setdefault(call.path, []).append(call)
    found: dict[str, Amount] = {}
    for module in root.modules():
        if not module.own_weights:
            continue
        _countable(module)
        found[module.path] = sum((_call_macs(module, call) for call in calls_of.get(module.hook_path, [])), Amount())
    return found


def _countable(module: ModuleNode) -> None:
    """Refuse a module whose parameters no layer class counts, called or not (nn.Transformer's parts
    are never called themselves; the model's own nn.Parameter is used by forward's arithmetic)."""
    kind = module.kind
    if module.layer is None or kind is None or kind.layer_inputs is None:
        held = ", ".join(weight.name for weight in module.own_weights)
        raise Uncounted(
            f"lstmcalc does not count the MACs of {_named(module)}'s parameters ({held}), which forward "
            "uses in its own arithmetic or inside a module whose calls lstmcalc does not follow"
        )


def _named(module: ModuleNode) -> str:
    return f"{module.path or 'the model'} ({module.class_name})"


def _call_macs(module: ModuleNode, call: ModuleCall) -> Amount:
    named = _named(module)
    kind = module.kind
    assert kind is not None and kind.layer_inputs is not None and module.layer is not None  # _countable's
    if call.inputs is None or any(size is None for shape in call.inputs for size in shape):
        raise Uncounted(f"the shapes {named} is called on are not all known (a packed sequence, an open size)")
    # A module given its tensor by keyword (self.emb(input=x)) has none among a forward hook's positional inputs.
    taken: Any = kind.layer_inputs(module.options, list(call.inputs)) if call.inputs else None
    if taken is None:
        raise Uncounted(f"{named} is called with fewer tensors than lstmcalc reads (give them by position)")
    layer = module.layer
    per_sample: Amount = layer.macs(taken, layer.output_shape(taken))
    batch = (taken[0] if isinstance(taken, list) else taken)[0]
    return per_sample * int(batch)
