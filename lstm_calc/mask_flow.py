"""The masks Keras 3 attaches to a functional model's tensors, and the operations computing them.

``Embedding(mask_zero=True)`` and ``Masking`` compute a mask with operations of their own
(``ops.not_equal``, ``ops.any``; ``Layer._set_mask_metadata`` calls their ``compute_mask``
after the call). Each operation takes a name from Keras's counter for its class (``not_equal``,
``not_equal_1``...) when it is made, and a functional model's summary lists it as a row wherever
a layer the outputs need takes the mask: a layer whose call has a ``mask`` parameter is handed
the mask its first input carries (``Layer.__call__``), which its row lists last in Connected to.
What each kind does with a mask it receives is asked of the kind
(:meth:`lstm_calc.layers.keras_masks.KerasMasks.keras_mask_rule`); a mask reaching a kind
whose rule lstmcalc does not know is refused, never guessed at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.layers.keras_masks import DROPS, KEEPS, UNLESS_ALL
from lstm_calc.naming import AutoNamer
from lstm_calc.spec import NodeSpec
from lstm_calc.summary import Connection, LayerSummary

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lstm_calc.errors import Location
    from lstm_calc.shapes import Shape, Shapes
    from lstm_calc.spec import InputSpec


class MaskOperation:
    """One operation computing a mask (``not_equal (NotEqual)``): no weights; it takes one tensor."""

    __slots__ = ("name", "type", "input_shape", "shape", "source", "index")

    def __init__(self, name: str, kind: str, input_shape: Shape, shape: Shape, source: Source, index: int) -> None:
        self.name = name
        self.type = kind
        self.input_shape = input_shape
        self.shape = shape
        self.source = source  #: What it takes: a model input, a node's output or the operation before it.
        self.index = index  #: Which of the source's outputs it takes.


if TYPE_CHECKING:
    Source = InputSpec | NodeSpec | MaskOperation

#: A tensor: what makes it and which of its outputs it is.
MaskTensor = tuple["Source", int]


class MaskFlow:
    """The masks on a functional model's tensors, followed call by call in the order the model makes them."""

    def __init__(self, names: set[str]) -> None:
        self.masks: dict[tuple[int, int], MaskTensor] = {}
        self.operations: list[MaskOperation] = []
        self._namer = AutoNamer()
        self._names = names  # the model's inputs and layers: an operation's name must not be one of them

    def call(
        self, node: NodeSpec, tensors: Sequence[MaskTensor], received: Shapes, given: MaskTensor | None
    ) -> MaskTensor | None:
        """Follow one call on ``tensors`` (its positional ones), given the ``mask`` tensor the call
        names if any; return the mask Keras hands the call (listed in its Connected to), or None."""
        layer = node.layer.layer
        masked = [tensor for tensor in tensors if (id(tensor[0]), tensor[1]) in self.masks]
        if masked and len(tensors) > 1:
            # A merge's output carries no mask where one of its tensors carries none (Dot's never does)
            several = layer.keras_mask
            if given is None and (several == DROPS or several == UNLESS_ALL and len(masked) < len(tensors)):
                return None
            self._refuse(node, f"takes several tensors, one carrying {_carried(masked[0])}")
        previous = given or (self.masks[(id(masked[0][0]), masked[0][1])] if masked else None)
        rule = None if isinstance(received, list) else layer.keras_mask_rule(received)
        if isinstance(rule, tuple):
            assert not isinstance(received, list)
            source, index = tensors[0]
            shape = received
            for kind, made in rule:
                operation = MaskOperation(self._name(node, kind), kind, shape, made, source, index)
                self.operations.append(operation)
                source, index, shape = operation, 0, made
            self.masks[(id(node), 0)] = (source, index)
        elif previous is not None:
            if rule == KEEPS:
                self.masks[(id(node), 0)] = previous
            elif rule != DROPS:
                self._refuse(
                    node,
                    f"takes a tensor carrying {_carried(masked[0])}"
                    if masked and not given
                    else (f"is given the mask '{_source_name(previous[0])}'"),
                )
        # Layer.__call__ hands the call the mask only where it takes one tensor argument (no initial_state)
        if previous is None or given is not None or node.initial_state or not layer.keras_takes_mask:
            return None
        return previous

    def _name(self, node: NodeSpec, kind: str) -> str:
        """The next name Keras's counter gives an operation of class ``kind`` (``NotEqual`` -> ``not_equal``)."""
        name = self._namer.next_name(kind)
        if name in self._names:
            raise SpecError(
                f"layer '{node.layer.name}' ({node.layer.layer.type_name}) computes its mask with an operation "
                f"Keras 3 names '{name}', which is the name of another layer or input here; rename that one",
                node.location,
                node.path,
            )
        return name

    def _refuse(self, node: NodeSpec, how: str) -> None:
        kind = node.layer.layer.type_name
        raise SpecError(
            f"layer '{node.layer.name}' ({kind}) {how}; lstmcalc does not follow a mask into {kind}, where "
            "Keras's summary may list operations computing another, so it cannot print Keras's table; build "
            "the model without mask_zero, Masking or mask= to summarise it",
            node.location,
            node.path,
        )

    def rows(
        self, parents: dict[int, list[Source]], node_numbers: dict[int, int], bytes_per_param: int
    ) -> dict[int, LayerSummary]:
        """Each operation's row (by its id), weightless; ``parents`` gains what each takes (``node_numbers``:
        which call of its layer each node is)."""
        rows: dict[int, LayerSummary] = {}
        for operation in self.operations:
            parents[id(operation)] = [operation.source]
            source = operation.source
            taken = Connection(_source_name(source), node_numbers.get(id(source), 0), operation.index)
            rows[id(operation)] = LayerSummary(
                operation.name,
                operation.type,
                operation.input_shape,
                operation.shape,
                (),
                bytes_per_param,
                connected_to=(taken,),
            )
        return rows

    def saved_rows(
        self, rows: list[LayerSummary], given: tuple[tuple[str, Location], ...], where: Location
    ) -> list[LayerSummary]:
        """The rows with the operations named as a saved model names them (``given``): Keras's counter names
        each class's operations in the order it makes them, so the n-th made the summary lists takes the n-th
        given name by number. Refused where the two differ in kind or number: the saved model's masks are not
        those lstmcalc finds."""
        listed = {row.name for row in rows}
        names = _saved_names([operation for operation in self.operations if operation.name in listed], given, where)
        return [
            row._replace(
                name=names.get(row.name, row.name),
                connected_to=tuple(c._replace(layer=names.get(c.layer, c.layer)) for c in row.connected_to),
            )
            for row in rows
        ]


def _saved_names(
    reached: list[MaskOperation], given: tuple[tuple[str, Location], ...], where: Location
) -> dict[str, str]:
    named: dict[str, str] = {}
    for prefix in {_prefix(name) for name, _ in given} | {_prefix(operation.name) for operation in reached}:
        mine = [operation.name for operation in reached if _prefix(operation.name) == prefix]
        theirs = sorted((name for name, _ in given if _prefix(name) == prefix), key=_number)
        if len(mine) != len(theirs):
            raise SpecError(
                f"the model lists {len(theirs)} operation(s) '{prefix}' computing masks, where lstmcalc finds "
                f"{len(mine)} ({', '.join(mine) or 'none'}) from its layers; lstmcalc does not follow these masks",
                next((location for name, location in given if _prefix(name) == prefix), where),
            )
        named.update(zip(mine, theirs))
    return named


def _prefix(name: str) -> str:
    stem, _, number = name.rpartition("_")
    return stem if stem and number.isdigit() else name


def _number(name: str) -> int:
    return 0 if _prefix(name) == name else int(name.rpartition("_")[2])


def _carried(tensor: MaskTensor) -> str:
    return f"the mask Keras 3 attaches to the output of '{_source_name(tensor[0])}'"


def _source_name(source: Source) -> str:
    return source.layer.name if isinstance(source, NodeSpec) else source.name
