"""The records a checked spec is made of: inputs, layers, the nodes that apply them, the
references between nodes, and the whole model.

They sit below the parsers that build them (:mod:`lstm_calc.spec` and the ``spec_*``
modules), so that any module can import them without importing the parsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Container
    from typing import Any, NamedTuple

    from lstm_calc.errors import Location
    from lstm_calc.layers.base import Layer
    from lstm_calc.located import LocatedDict
    from lstm_calc.optimizer_state import OptimizerSpec
    from lstm_calc.shapes import Shape

# Named tuples rather than dataclasses: as immutable, and much quicker to define at start-up
# and to create (a spec of 100,000 layers makes several of them a layer). Nodes are told
# apart by identity (graph.py keys them by id()), never by comparing values.
#
# The type checker reads each record's fields and their types from a typing.NamedTuple; at
# run time the record is a named tuple from lstm_calc.records with the same fields (typing's takes longer to
# define, and this module is imported at every start). tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:

    class _InputSpec(NamedTuple):
        shape: Shape
        dtype: str | None
        location: Location
        name: str = "input_layer"

    class _LayerSpec(NamedTuple):
        layer: Layer[Any]
        name: str
        location: Location
        path: str
        source: LocatedDict

    class _Reference(NamedTuple):
        source: InputSpec | NodeSpec
        # The field hides the tuple's index() method, at run time as here; nothing calls that.
        index: int | None  # type: ignore[assignment]
        location: Location
        path: str

    class _NodeSpec(NamedTuple):
        layer: LayerSpec
        name: str
        inputs: tuple[Reference, ...]
        initial_state: tuple[Reference, ...]
        location: Location
        path: str
        keywords: tuple[str, ...] = ()
        mask: tuple[Reference, ...] = ()

    class _ModelSpec(NamedTuple):
        name: str
        dtype: str
        framework: str
        inputs: tuple[InputSpec, ...]
        layers: list[LayerSpec]
        nodes: tuple[NodeSpec, ...]
        outputs: tuple[Reference, ...]
        functional: bool = False
        budget: tuple[Limit, ...] = ()
        summary_rows: tuple[str, ...] = ()
        notes: tuple[str, ...] = ()
        optimizer: OptimizerSpec | None = None
        later_calls: tuple[tuple[str, ModelSpec], ...] = ()
        mask_operations: tuple[tuple[str, Location], ...] | None = None

    class _Limit(NamedTuple):
        rule: str
        value: int
        location: Location | None = None
        layer: str | None = None
        written: str = ""

else:
    _InputSpec = record("InputSpec", ("shape", "dtype", "location", "name"), defaults=("input_layer",))
    _LayerSpec = record("LayerSpec", ("layer", "name", "location", "path", "source"))
    _Reference = record("Reference", ("source", "index", "location", "path"))
    _NodeSpec = record(
        "NodeSpec",
        ("layer", "name", "inputs", "initial_state", "location", "path", "keywords", "mask"),
        defaults=((), ()),
    )
    _ModelSpec = record(
        "ModelSpec",
        (
            "name",
            "dtype",
            "framework",
            "inputs",
            "layers",
            "nodes",
            "outputs",
            "functional",
            "budget",
            "summary_rows",
            "notes",
            "optimizer",
            "later_calls",
            "mask_operations",
        ),
        defaults=(False, (), (), (), None, (), None),
    )
    _Limit = record("Limit", ("rule", "value", "location", "layer", "written"), defaults=(None, None, ""))


class InputSpec(_InputSpec):
    """A model input: its name and its shape with the batch axis first (``None`` where unknown).

    ``dtype`` is the input's dtype if the spec gives one; ``location`` is where it is declared.
    """

    __slots__ = ()


class LayerSpec(_LayerSpec):
    """A configured layer, its final name, and where the spec declares it.

    ``layer`` is the :class:`Layer`; ``path`` names the entry (``layers[2]``) and ``source``
    is its located mapping.
    """

    __slots__ = ()

    def argument_location(self, argument: str) -> Location:
        """Where ``argument`` is written, or the layer itself when it is left at its default."""
        return self.source.value_location(argument)


class Reference(_Reference):
    """A tensor a node takes: an input's, or a layer node's output (all of them when ``index`` is None).

    ``source`` is an :class:`InputSpec` or a :class:`NodeSpec`.
    """

    __slots__ = ()

    def __str__(self) -> str:
        name = self.source.name
        return name if self.index is None else f"{name}[{self.index}]"


class NodeSpec(_NodeSpec):
    """One application of a layer: a layer entry, or a later use of a shared layer (``shares:``).

    ``layer`` is the :class:`LayerSpec` applied; ``inputs`` and ``initial_state`` are the
    :class:`Reference` tuples it takes. For a layer that takes one tensor per call parameter
    (MultiHeadAttention's query, value and key), ``inputs`` is in the parameters' order and
    ``keywords`` names those the call gives by keyword (``key:`` in a graph spec, ``key=k`` in
    code), which Keras lists after the others in name order (:meth:`keras_order`). ``mask`` holds
    the tensors the call gives as its ``mask``: Keras lists them last in Connected to; they change no shape.
    """

    __slots__ = ()

    def keras_order(self) -> tuple[Reference, ...]:
        """The tensors the node takes as Keras lists them (its Connected to): the call's positional
        arguments, then its keyword arguments sorted by name (Keras flattens ``(args, kwargs)``)."""
        # A mask comes last: an RNN's initial_state is before it by position, and by name ("i" < "m").
        if not self.keywords:
            return self.inputs + self.initial_state + self.mask
        parameters = self.layer.layer.keras_call_arguments
        by_keyword = sorted(
            (parameter, reference)
            for parameter, reference in zip(parameters, self.inputs)
            if parameter in self.keywords
        )
        positional = [
            reference for parameter, reference in zip(parameters, self.inputs) if parameter not in self.keywords
        ]
        return (*positional, *(reference for _, reference in by_keyword), *self.initial_state, *self.mask)


def call_gap(parameters: tuple[str, ...], given: int, named: Container[str]) -> tuple[str, str] | None:
    """For a call that takes one tensor per parameter of ``parameters``, the first ``given`` of them by
    position and those ``named`` by name: the first one given by name after one not given at all, and
    that one (``key=k`` without ``value``: ``("key", "value")``), which Python refuses; None when none is."""
    missing = next((index for index in range(given, len(parameters)) if parameters[index] not in named), None)
    if missing is None:
        return None
    later = next((name for name in parameters[missing + 1 :] if name in named), None)
    return None if later is None else (later, parameters[missing])


class ModelSpec(_ModelSpec):
    """A whole checked spec: everything needed to build the layer graph.

    ``inputs`` are :class:`InputSpec` tuples; ``layers`` the distinct layers
    (:class:`LayerSpec`) in the order written; ``nodes`` their applications
    (:class:`NodeSpec`), each after the nodes it takes tensors from; ``outputs`` the
    :class:`Reference` of each model output; ``functional`` is true for a graph spec,
    which Keras summarises with input rows; ``budget`` the spec's :class:`Limit` tuples;
    ``summary_rows``, where not empty, the names of the layers the summary lists, in that order,
    without input rows or Connected to, as Keras summarises a subclassed model (a graph spec's
    ``summary_rows:``, which the subclassed code reader writes). ``notes`` are lines a
    code reader leaves for under the table (an input length the code never gives).
    ``optimizer`` is the :class:`~lstm_calc.optimizer_state.OptimizerSpec` of a Keras model saved
    after ``compile()``, which Keras builds when it loads the model (None otherwise). ``later_calls``
    are a code reader's layers last called outside the model, each with a model whose last call of it
    is that call: Keras's summary shows that call's shapes in the layer's row. ``mask_operations``
    (a graph spec's ``mask_operations:``, which the Keras config reader writes) are the names, each
    where it is given, of the operations computing masks a saved model's summary lists; None: the
    names a fresh Keras session gives them.
    """

    __slots__ = ()

    @property
    def input(self) -> InputSpec:
        """The first (for a stack, the only) input."""
        return self.inputs[0]


class Limit(_Limit):
    """One budget line: its ``rule`` (a key of :data:`lstm_calc.budget.RULES`), its ``value``, and
    where it is written.

    ``location`` is ``None`` for a limit given on the command line; ``layer`` names the
    layer a per-layer ``max_params`` belongs to; ``written`` keeps a size string as written
    (``800 kB``), for messages. Here rather than with the rules, so that reading a spec's
    ``budget:`` does not import them.
    """

    __slots__ = ()
