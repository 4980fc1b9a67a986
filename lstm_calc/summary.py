"""The result of a summary: plain data that every renderer (table, JSON, Markdown) reads."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from lstm_calc.amount import Amount
from lstm_calc.records import record
from lstm_calc.sizes import WEIGHT_DTYPE_BYTES

if TYPE_CHECKING:
    from typing import NamedTuple

    from lstm_calc.layers.base import Weight
    from lstm_calc.module_calls import ModuleCall
    from lstm_calc.optimizer_state import OptimizerState
    from lstm_calc.shapes import Shapes

# The type checker reads each record's fields and their types from a typing.NamedTuple; at
# run time the record is a named tuple from lstm_calc.records with the same fields (quicker to define, and
# this module is imported at every start). tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:

    class _Connection(NamedTuple):
        layer: str
        node_index: int
        tensor_index: int

    class _LayerSummary(NamedTuple):
        name: str
        type: str
        input_shape: Shapes
        output_shape: Shapes
        weights: tuple[Weight, ...]
        bytes_per_param: int
        buffers: tuple[Weight, ...] = ()
        connected_to: tuple[Connection, ...] = ()
        macs: Amount = Amount()
        trainable: bool = True

    class _ModelSummary(NamedTuple):
        name: str
        framework: str
        dtype: str
        input_shape: Shapes
        layers: tuple[LayerSummary, ...]
        functional: bool = False
        sequential_like: bool = True
        output_shape: Shapes = ()
        counts_macs: bool = True
        outputs: tuple[Connection, ...] = ()
        module_calls: tuple[ModuleCall, ...] = ()
        notes: tuple[str, ...] = ()
        whole_input_stats: str | None = None
        uncounted_macs: str | None = None
        torchinfo_calls: tuple[ModuleCall, ...] = ()
        call_aliases: tuple[tuple[str, str], ...] = ()
        optimizer: OptimizerState | None = None
        tied: tuple[tuple[str, str], ...] = ()

else:
    _Connection = record("Connection", ("layer", "node_index", "tensor_index"))
    _LayerSummary = record(
        "LayerSummary",
        (
            "name",
            "type",
            "input_shape",
            "output_shape",
            "weights",
            "bytes_per_param",
            "buffers",
            "connected_to",
            "macs",
            "trainable",
        ),
        defaults=((), (), Amount(), True),
    )
    _ModelSummary = record(
        "ModelSummary",
        (
            "name",
            "framework",
            "dtype",
            "input_shape",
            "layers",
            "functional",
            "sequential_like",
            "output_shape",
            "counts_macs",
            "outputs",
            "module_calls",
            "notes",
            "whole_input_stats",
            "uncounted_macs",
            "torchinfo_calls",
            "call_aliases",
            "optimizer",
            "tied",
        ),
        defaults=(False, True, (), True, (), (), (), None, None, (), (), None, ()),
    )


class Connection(_Connection):
    """One tensor a layer takes, as Keras's Connected to column writes it: ``lstm[0][1]``.

    ``layer`` names the layer (or input); ``node_index`` is which of its applications,
    ``tensor_index`` which of that node's outputs.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.layer}[{self.node_index}][{self.tensor_index}]"


# Each class below extends its fields' tuple without __slots__, so that the counts, read
# several times a layer by the renderers, are computed once and kept.


class LayerSummary(_LayerSummary):
    """One layer as built: its shapes and weights; every count is derived from the weights.

    ``name`` and ``type`` as the framework shows them; ``input_shape`` and ``output_shape``
    (a shape, or a list of shapes); ``weights`` (:class:`Weight` tuples) and
    ``bytes_per_param``, the size of each number of a weight without a dtype of its own
    (one with its own is sized by it). ``buffers`` are PyTorch buffers (BatchNorm1d's running
    statistics): shown, never counted. ``connected_to`` lists the :class:`Connection`
    of each tensor the layer takes, in a graph. For a shared layer the shapes are those
    of its last use, as Keras shows them. ``macs`` (an :class:`Amount`) are the layer's
    multiply-accumulates for one sample, over all its uses. ``trainable`` is the layer's
    own flag, as Keras's Trainable column shows it (a frozen wrapper keeps trainable weights).
    """

    @cached_property
    def params(self) -> int:
        return sum(weight.size for weight in self.weights)

    @cached_property
    def trainable_params(self) -> int:
        return sum(weight.size for weight in self.weights if weight.trainable)

    @cached_property
    def non_trainable_params(self) -> int:
        return self.params - self.trainable_params

    def bytes_of(self, weight: Weight) -> int:
        """The bytes per number of one of its weights: the layer's, or the weight's own dtype's."""
        if weight.dtype is None:
            return int(self.bytes_per_param)
        return WEIGHT_DTYPE_BYTES[weight.dtype]

    @cached_property
    def trainable_bytes(self) -> int:
        return sum(weight.size * self.bytes_of(weight) for weight in self.weights if weight.trainable)

    @cached_property
    def non_trainable_bytes(self) -> int:
        return sum(weight.size * self.bytes_of(weight) for weight in self.weights if not weight.trainable)


class ModelSummary(_ModelSummary):
    """A whole model: its rows in order and the totals Keras prints under the table.

    ``framework`` and ``dtype`` as the spec gives them, ``input_shape`` (a list of shapes
    for several inputs) and ``layers``, the :class:`LayerSummary` rows. A functional
    model (a graph spec) has a row for each input; ``sequential_like`` is false where
    Keras adds the Connected to column. ``output_shape`` is the model's output (a list of
    shapes for several outputs), where a stack's is its last layer's. ``counts_macs`` is
    false where the layers' MACs were not counted (left at zero: nothing was to show them).
    ``outputs`` are the model's output tensors, each a :class:`Connection` (a stack's is its
    last layer's). ``module_calls`` (:class:`~lstm_calc.module_calls.ModuleCall`) are a PyTorch
    model's module calls in ``forward``'s order, as torchinfo's table shows them; empty for
    a Keras model. ``notes`` are one-line remarks the renderers print under the table (a
    Keras 2 habit Keras 3 refuses, the line where ``forward`` could not be followed).
    ``whole_input_stats`` is None but for PyTorch code read with its MACs counted: ``""`` when
    the layers' MACs are for the whole input ``--input-shape`` gives (every sample, every call; no
    batch size multiplies them), else why they cannot be counted. ``uncounted_macs`` says which
    layer's MACs lstmcalc cannot count (a user's own Keras layer), if one does not.
    ``torchinfo_calls`` are the module calls again where an input size is unknown, computed for
    the sizes torchinfo's ``input_size`` takes instead (:func:`~lstm_calc.module_calls.torchinfo_size`):
    torchinfo's table is drawn from them; empty where every input size is known, where torch
    would refuse those sizes, or for a spec whose caller did not ask for them (``torchinfo_table``).
    ``call_aliases`` pair the path a module's calls go by (torchinfo's: its last name) with its row's
    name (its first), for a module held under two names. ``optimizer`` is the
    :class:`~lstm_calc.optimizer_state.OptimizerState` of a compiled Keras model's optimizer as Keras
    builds it on loading (None for a model saved uncompiled, and for every other input): the
    table's footer counts it as Keras's does, while ``total_params`` and the other counts here are
    the model's own. ``tied`` names each weight a row holds that is another row's parameter
    (``decoder.weight = encoder.weight``), as ``(row, weight)``: the rows and the totals count it
    under each name, as torchinfo does; the ``distinct_`` counts once, as torch's ``parameters()``.
    """

    @cached_property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @cached_property
    def trainable_params(self) -> int:
        return sum(layer.trainable_params for layer in self.layers)

    @cached_property
    def non_trainable_params(self) -> int:
        return sum(layer.non_trainable_params for layer in self.layers)

    @cached_property
    def param_bytes(self) -> int:
        return self.trainable_bytes + self.non_trainable_bytes

    @cached_property
    def trainable_bytes(self) -> int:
        return sum(layer.trainable_bytes for layer in self.layers)

    @cached_property
    def non_trainable_bytes(self) -> int:
        return sum(layer.non_trainable_bytes for layer in self.layers)

    @cached_property
    def distinct_params(self) -> int:
        """The parameters torch's ``parameters()`` counts: a tied one once."""
        return sum(weight.size for _, weight in self._distinct_weights())

    @cached_property
    def distinct_trainable_params(self) -> int:
        """The trainable parameters, a tied one once."""
        return sum(weight.size for _, weight in self._distinct_weights() if weight.trainable)

    @cached_property
    def distinct_param_bytes(self) -> int:
        """The bytes the parameters take in memory, a tied one once."""
        return sum(weight.size * layer.bytes_of(weight) for layer, weight in self._distinct_weights())

    def _distinct_weights(self) -> list[tuple[LayerSummary, Weight]]:
        tied = set(self.tied)
        return [
            (layer, weight)
            for layer in self.layers
            for weight in layer.weights
            if (layer.name, weight.name) not in tied
        ]
