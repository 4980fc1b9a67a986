"""``lstmcalc diff``: two models compared layer by layer, as plain data for the renderers.

Layers are paired by their names as Keras gives them, with one exception. An automatic
name (``lstm_1``: the snake-case class name, with a counter) says where a layer sits,
not which layer it is: insert an LSTM before ``lstm_1`` and the old ``lstm_1`` is the new
``lstm_2``. So a layer named automatically is matched by its place among the layers of
its class, and a layer whose name was chosen only with that name. The pairing is a
sequence alignment (:class:`difflib.SequenceMatcher`), made three times over, each pass
pairing what the one before left unpaired: first layers identical in class, output shape
and weights (anchors that never move), then layers of one class with the same output
shape, then layers of one class. What is still unpaired was removed or added.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from lstm_calc.naming import to_snake_case
from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Sequence
    from typing import NamedTuple

    from lstm_calc.summary import LayerSummary, ModelSummary

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
UNCHANGED = "unchanged"
STATUSES = (ADDED, REMOVED, CHANGED, UNCHANGED)

#: What can differ between two paired layers, in the order renderers show them.
TYPE = "type"
PARAMS = "params"
OUTPUT_SHAPE = "output_shape"
TRAINABLE = "trainable"
WEIGHTS = "weights"

#: A layer's weights are all trainable, none, or some (a BatchNormalization's moving
#: statistics never are); a layer without weights has no such state (``None``).
ALL, NONE, SOME = "all", "none", "some"

if TYPE_CHECKING:

    class _LayerChange(NamedTuple):
        status: str
        old: LayerSummary | None
        new: LayerSummary | None
        changes: tuple[str, ...]

    class _TotalChange(NamedTuple):
        key: str
        label: str
        old_params: int
        new_params: int
        old_bytes: int
        new_bytes: int

    class _ModelDiff(NamedTuple):
        old_source: str
        new_source: str
        old: ModelSummary
        new: ModelSummary
        layers: tuple[LayerChange, ...]

else:
    _LayerChange = record("LayerChange", ("status", "old", "new", "changes"))
    _TotalChange = record("TotalChange", ("key", "label", "old_params", "new_params", "old_bytes", "new_bytes"))
    _ModelDiff = record("ModelDiff", ("old_source", "new_source", "old", "new", "layers"))


class LayerChange(_LayerChange):
    """One layer of either model: ``status`` (one of :data:`STATUSES`), the ``old`` and ``new``
    :class:`LayerSummary` (``None`` where the layer was added or removed) and ``changes``,
    what differs between a pair (:data:`TYPE`, :data:`PARAMS`, :data:`OUTPUT_SHAPE`,
    :data:`TRAINABLE`, :data:`WEIGHTS`; :data:`WEIGHTS` only where the count is the same)."""

    __slots__ = ()

    @property
    def renamed(self) -> bool:
        """A paired layer whose name changed (automatic names shift when a layer is inserted)."""
        return self.old is not None and self.new is not None and self.old.name != self.new.name

    @property
    def params_change(self) -> int:
        """The new count less the old one (a removed layer's is its count, negated)."""
        return (self.new.params if self.new else 0) - (self.old.params if self.old else 0)


class TotalChange(_TotalChange):
    """One of the summary's total lines before and after: ``key`` (``total_params``...), its
    ``label`` as the summary prints it, and the counts and bytes of each model."""

    __slots__ = ()

    @property
    def params_change(self) -> int:
        return self.new_params - self.old_params

    @property
    def bytes_change(self) -> int:
        return self.new_bytes - self.old_bytes


class ModelDiff(_ModelDiff):
    """Two models compared: where each was read from (``old_source``, ``new_source``), their
    summaries, and a :class:`LayerChange` per layer, in the new model's order with each
    removed layer where it stood."""

    __slots__ = ()

    def count(self, status: str) -> int:
        """How many layers have ``status``."""
        return sum(1 for layer in self.layers if layer.status == status)

    @property
    def totals(self) -> tuple[TotalChange, ...]:
        """Total, trainable and non-trainable parameters and their bytes, as the summary's totals."""
        old, new = self.old, self.new
        return (
            TotalChange(
                "total_params", "Total params", old.total_params, new.total_params, old.param_bytes, new.param_bytes
            ),
            TotalChange(
                "trainable_params",
                "Trainable params",
                old.trainable_params,
                new.trainable_params,
                old.trainable_bytes,
                new.trainable_bytes,
            ),
            TotalChange(
                "non_trainable_params",
                "Non-trainable params",
                old.non_trainable_params,
                new.non_trainable_params,
                old.non_trainable_bytes,
                new.non_trainable_bytes,
            ),
        )

    @property
    def total_increased(self) -> bool:
        """Whether the new model has more parameters in all (what ``--fail-on-increase`` fails)."""
        return self.new.total_params > self.old.total_params


def diff_models(old: ModelSummary, new: ModelSummary, old_source: str = "", new_source: str = "") -> ModelDiff:
    """Compare two summaries layer by layer (see the module's docstring for how layers are paired)."""
    pairs = _align(list(old.layers), list(new.layers), 0)
    return ModelDiff(old_source, new_source, old, new, tuple(_layer_change(*pair) for pair in pairs))


def trainable_state(layer: LayerSummary) -> str | None:
    """:data:`ALL`, :data:`NONE` or :data:`SOME` of the layer's weights are trainable; ``None`` without weights."""
    if not layer.weights:
        return None
    if layer.trainable_params == layer.params:
        return ALL
    return NONE if layer.trainable_params == 0 else SOME


def _is_automatic(layer: LayerSummary) -> bool:
    """Whether the layer's name is one Keras makes up for its class (``lstm``, ``lstm_12``)."""
    return _automatic_name(layer.type).fullmatch(layer.name) is not None


@cache
def _automatic_name(class_name: str) -> re.Pattern[str]:
    return re.compile(re.escape(to_snake_case(class_name)) + r"(_[1-9][0-9]*)?")


def _identity(layer: LayerSummary) -> Hashable:
    """What a layer is matched on at the least: its chosen name, or for an automatic name its class."""
    return ("class", layer.type) if _is_automatic(layer) else ("name", layer.name)


def _shape_key(layer: LayerSummary) -> Hashable:
    """The output shape, hashable: one tuple, or a tuple of them for several outputs."""
    shapes = layer.output_shape
    return tuple(shapes) if isinstance(shapes, list) else shapes


def _weights(layer: LayerSummary) -> tuple[tuple[str, tuple[int, ...], bool], ...]:
    return tuple((weight.name, tuple(weight.shape), weight.trainable) for weight in layer.weights)


#: The keys of the alignment's passes, strictest first.
_KEYS: tuple[Callable[[LayerSummary], Hashable], ...] = (
    lambda layer: (_identity(layer), layer.type, _shape_key(layer), _weights(layer)),
    lambda layer: (_identity(layer), _shape_key(layer)),
    _identity,
)


def _align(
    old: Sequence[LayerSummary], new: Sequence[LayerSummary], level: int
) -> list[tuple[LayerSummary | None, LayerSummary | None]]:
    if level == len(_KEYS) or not old or not new:
        return [(layer, None) for layer in old] + [(None, layer) for layer in new]
    key = _KEYS[level]
    old_keys, new_keys = [key(layer) for layer in old], [key(layer) for layer in new]
    # The common start and end first, in linear time, as diff tools do: SequenceMatcher is
    # quadratic on long runs of equal keys (a stack of identical layers), and most changes
    # leave most of a model alone.
    start = 0
    while start < min(len(old), len(new)) and old_keys[start] == new_keys[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old_keys[-1 - end] == new_keys[-1 - end]:
        end += 1
    pairs: list[tuple[LayerSummary | None, LayerSummary | None]] = list(zip(old[:start], new[:start]))
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    if old_middle and new_middle:
        # Imported here: difflib (and its imports) would cost every other command's start-up.
        from difflib import SequenceMatcher

        matcher = SequenceMatcher(
            None, old_keys[start : len(old) - end], new_keys[start : len(new) - end], autojunk=False
        )
        for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if tag == "equal":
                pairs += zip(old_middle[old_start:old_end], new_middle[new_start:new_end])
            else:
                pairs += _align(old_middle[old_start:old_end], new_middle[new_start:new_end], level + 1)
    else:
        pairs += _align(old_middle, new_middle, len(_KEYS))
    pairs += zip(old[len(old) - end :], new[len(new) - end :])
    return pairs


def _layer_change(old: LayerSummary | None, new: LayerSummary | None) -> LayerChange:
    if old is None:
        return LayerChange(ADDED, None, new, ())
    if new is None:
        return LayerChange(REMOVED, old, None, ())
    changes = []
    if old.type != new.type:
        changes.append(TYPE)
    if old.params != new.params:
        changes.append(PARAMS)
    if _shape_key(old) != _shape_key(new):
        changes.append(OUTPUT_SHAPE)
    if trainable_state(old) != trainable_state(new):
        changes.append(TRAINABLE)
    if old.params == new.params and _weights(old) != _weights(new) and TRAINABLE not in changes:
        changes.append(WEIGHTS)
    return LayerChange(CHANGED if changes else UNCHANGED, old, new, tuple(changes))
