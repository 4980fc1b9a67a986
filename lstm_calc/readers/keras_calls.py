"""The calls of a Keras functional model's layers (Keras's nodes), the tensors each takes, and
the order in which a graph spec lists them: each after every call it takes tensors from.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.located import new_located_list, put
from lstm_calc.readers.keras_config import KERAS_KINDS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lstm_calc.errors import Location
    from lstm_calc.located import LocatedDict, LocatedList

#: A node: (layer name, node index).
NodeKey = tuple[str, int]


@dataclass(frozen=True)
class Tensor:
    """One tensor a call takes: output ``index`` of call ``node`` of layer ``layer``."""

    layer: str
    node: int
    index: int
    location: Location


@dataclass
class Call:
    """One call of a layer (a Keras node) and the tensors it takes."""

    entry: LocatedDict
    index: int
    location: Location
    inputs: list[Tensor] = field(default_factory=list)
    #: Whether the layer is called on a list of tensors (a merge) rather than on one.
    on_list: bool = False
    initial_state: list[Tensor] = field(default_factory=list)
    #: Where the call gives its initial states.
    state_location: Location | None = None
    #: The tensors given as the call's ``mask`` that a layer or input makes (see :func:`keep_layer_masks`).
    masks: list[Tensor] = field(default_factory=list)
    #: Call keywords the layer takes as spec arguments (``return_attention_scores``): value and location.
    options: dict[str, tuple[Any, Location]] = field(default_factory=dict)
    #: The call parameters given by keyword, for the last of ``inputs`` (MultiHeadAttention's ``key``).
    keywords: tuple[str, ...] = ()

    @property
    def layer(self) -> str:
        return entry_name(self.entry)

    @property
    def key(self) -> NodeKey:
        return (self.layer, self.index)

    @property
    def sources(self) -> list[Tensor]:
        return self.inputs + self.initial_state + self.masks


def entry_name(entry: LocatedDict) -> str:
    name = entry.get("name", entry["config"].get("name"))
    return name if isinstance(name, str) else ""


def keep_layer_masks(calls: Iterable[Call], entries: dict[str, LocatedDict]) -> None:
    """Leave out of each call's masks those an operation computes (``not_equal`` for an
    ``Embedding(mask_zero=True)``): shape inference finds them again from the layers (``lstm_calc.mask_flow``),
    named as :func:`put_mask_operations` has them. A mask an input or a layer makes (``lstm(x, mask=m)``)
    stays: Keras lists it last in Connected to."""
    for call in calls:
        call.masks = [mask for mask in call.masks if not _is_operation(entries.get(mask.layer))]


def put_mask_operations(spec: LocatedDict, entries: LocatedList, calls: dict[NodeKey, Call]) -> None:
    """Give ``spec`` the names of the operations computing masks that a Keras 3 config lists (those no call
    the outputs need is), as ``mask_operations:``: Keras names them from counters the session shares."""
    found = [(index, entry) for index, entry in enumerate(entries) if _is_operation(entry)]
    found = [(index, entry) for index, entry in found if (entry_name(entry), 0) not in calls]
    if found:
        locations = [entries.item_locations[index] for index, _ in found]
        names = new_located_list(locations[0], [entry_name(entry) for _, entry in found], locations)
        put(spec, "mask_operations", names, locations[0], locations[0])


def _is_operation(entry: LocatedDict | None) -> bool:
    module = entry.get("module") if entry is not None else None
    return isinstance(module, str) and "ops" in module.split(".")


def needed_calls(calls: dict[NodeKey, Call], outputs: list[Tensor]) -> dict[NodeKey, Call]:
    """The calls the outputs take tensors from, masks aside."""
    needed: set[NodeKey] = set()
    pending = [(tensor.layer, tensor.node) for tensor in outputs]
    while pending:
        key = pending.pop()
        if key in needed or key not in calls:
            continue
        needed.add(key)
        pending += [(tensor.layer, tensor.node) for tensor in calls[key].sources]
        # A layer's later call is written as sharing its first: each call needs the one before
        # (all of them by turns; listing them all here would be quadratic in a layer's calls).
        if key[1] > 0:
            pending.append((key[0], key[1] - 1))
    return {key: call for key, call in calls.items() if key in needed}


def node_names(order: list[NodeKey], taken: set[str]) -> dict[NodeKey, str]:
    """Each call's entry name: the layer's for its first call, ``<layer>_node<i>`` for later ones."""
    names: dict[NodeKey, str] = {}
    for layer, index in order:
        if index == 0:
            names[(layer, index)] = layer
            continue
        name = f"{layer}_node{index}"
        while name in taken:
            name += "_"
        taken.add(name)
        names[(layer, index)] = name
    return names


def read_call_constants(call: Call, args: LocatedList) -> int:
    """Read the constants a Keras 3 call gives after its tensor (GetItem's key, ``x[key]``) into the call's
    options, as its layer class reads them; how many of ``args`` they are."""
    layer_class = KERAS_KINDS.get(call.entry["class_name"])
    names = layer_class.keras_call_constants if layer_class is not None else ()
    for name, value, location in zip(names, args[1:], args.item_locations[1:]):
        assert layer_class is not None
        try:
            call.options[name] = (layer_class.keras_call_constant(name, value), location)
        except ValueError as error:
            raise SpecError(
                f"layer '{call.layer}' is called with a {name} lstmcalc cannot read: {error}", location
            ) from None
    return len(names)


def call_order(calls: dict[NodeKey, Call], layer_order: list[str]) -> list[NodeKey]:
    """The calls in an order where each comes after the calls it takes tensors from and the layer's
    earlier calls; among those ready, the first in Keras's layer order, then by call index."""
    rank = {name: position for position, name in enumerate(layer_order)}
    waiting_on: dict[NodeKey, set[NodeKey]] = {}
    takers: dict[NodeKey, list[NodeKey]] = {key: [] for key in calls}
    for key, call in calls.items():
        before = {(t.layer, t.node) for t in call.sources if (t.layer, t.node) in calls}
        if key[1] > 0:
            before.add((key[0], key[1] - 1))
        waiting_on[key] = before
        for source in before:
            takers[source].append(key)
    ready = [(rank[key[0]], key[1], key) for key, before in waiting_on.items() if not before]
    heapq.heapify(ready)
    order: list[NodeKey] = []
    while ready:
        *_, key = heapq.heappop(ready)
        order.append(key)
        for taker in takers[key]:
            waiting_on[taker].discard(key)
            if not waiting_on[taker]:
                heapq.heappush(ready, (rank[taker[0]], taker[1], taker))
    if len(order) < len(calls):
        ordered = set(order)
        stuck = next(key for key in calls if key not in ordered)
        raise SpecError(f"layer '{stuck[0]}' takes tensors in a cycle", calls[stuck].location)
    return order


def tensor_operation(entry: LocatedDict) -> bool:
    """Whether ``entry`` is Keras's operation on two tensors (``x + y``, ``keras.ops.multiply(x, y)``), which
    Keras 3 writes with its operation's module and takes by position, where a merge layer takes a list."""
    module = entry.get("module")
    return isinstance(module, str) and module.startswith("keras.src.ops.") and entry["class_name"] in _OPERATIONS


#: The operations Keras 3's summary shows as a merge layer's row (functional_objects.OPERATION_CLASSES's).
_OPERATIONS = ("Add", "Subtract", "Multiply")
