"""Outputs whose shape Keras's summary disputes, and the layers with weights built on them (refused)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from lstm_calc.errors import SpecError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lstm_calc.layers import Weight
    from lstm_calc.shapes import Shapes
    from lstm_calc.spec import NodeSpec


class _Tensor(Protocol):
    """A tensor a node takes: what makes it and which of its outputs it is."""

    @property
    def source(self) -> object: ...
    @property
    def index(self) -> int: ...


def follow_disputes(
    node: NodeSpec,
    tensors: Sequence[_Tensor],
    weights: list[Weight],
    received: Shapes,
    disputed: dict[tuple[int, int], tuple[str, NodeSpec]],
    depending: dict[int, tuple[str, NodeSpec]],
) -> None:
    """Refuse a layer with weights built on an output whose shape Keras's summary disputes (directly or
    through layers without weights): Keras would build it on its summary's shape, the model runs it on the
    forward pass's, and no count could be both (see docs/reference/differences.md)."""
    found = next(
        (
            why
            for tensor in tensors
            if (why := disputed.get((id(tensor.source), tensor.index)) or depending.get(id(tensor.source)))
        ),
        None,
    )
    if found is not None:
        if weights:
            reason, origin = found
            raise SpecError(
                f"layer '{node.layer.name}' has weights built on an output of '{origin.layer.name}' whose shape "
                f"Keras's summary disputes ({reason}): no count could be both Keras's and the model's; build no "
                "layer with weights on it",
                node.location,
                node.path,
            )
        depending[id(node)] = found
    for index, reason in node.layer.layer.keras_disputed_outputs(received).items():
        disputed[(id(node), index)] = (reason, node)
