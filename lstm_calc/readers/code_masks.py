"""The mask operations other calls in Keras code make, which take the names this model's would.

Keras names the operations computing a mask (``not_equal``, ``any``) from counters the whole session
shares: a call of ``Embedding(mask_zero=True)`` or ``Masking`` outside the model summarised (in another
model, or a call its outputs do not need) takes a name before this model's, and lstmcalc, which counts
the model's own calls, refuses such code rather than guess the names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lstm_calc.readers.functional_objects import CodeLayer, CodeNode

    #: Every layer the code makes, and the order at which it last cleared the session (clear_session()).
    Made = tuple[Iterable[CodeLayer], int]


def refuse_other_masks(needed: list[CodeNode], layers: Iterable[CodeLayer], since: int) -> None:
    """Refuse a call making a mask that the model does not make, after ``since`` (the last
    ``clear_session()``) and before a call of the model that makes one."""
    makers = [node for node in needed if _makes_mask(node.owner)]
    if not makers:
        return
    last = max(node.order for node in makers)
    if since > min(node.order for node in makers):
        since = 0  # cleared after the model's calls: an earlier clear_session() is not known, so none counts
    mine = {id(node) for node in needed}
    other = min(
        (
            node
            for layer in layers
            if _makes_mask(layer)
            for node in layer.nodes
            if id(node) not in mine and since < node.order < last
        ),
        key=lambda node: node.order,
        default=None,
    )
    if other is None:
        return
    raise SpecError(
        f"'{other.owner.name}' is called here for other than the model's outputs, before the model's own "
        f"'{_name(makers, last)}'; each such call computes a mask with operations Keras names from counters it "
        "shares with the model's (not_equal, any), so lstmcalc cannot tell the names Keras's summary gives the "
        "model's; keep the model in a file of its own, or call keras.backend.clear_session() before it",
        other.location,
    )


def _makes_mask(owner: object) -> bool:
    from lstm_calc.layers import LAYER_TYPES

    spec = getattr(owner, "spec", None)  # a layer's mapping (None for a class lstmcalc lacks, or an input)
    kind = spec.get("type") if isinstance(spec, Mapping) else None
    return (
        isinstance(spec, Mapping)
        and isinstance(kind, str)
        and kind.lower() in LAYER_TYPES
        and (LAYER_TYPES[kind.lower()].keras_makes_mask(spec))
    )


def _name(nodes: list[CodeNode], order: int) -> str:
    return next(node.owner.name for node in nodes if node.order == order)
