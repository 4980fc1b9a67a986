"""Notes under a Keras summary on the Keras 2 habits a model keeps, which Keras 3.15.1 refuses,
ignores or removed: the counts are Keras 2's (or the same), the note says what Keras 3 does.

- CuDNNLSTM and CuDNNGRU are gone from Keras 3 (each kind says so: ``keras3_removal``).
- ``input_dim``/``input_length`` on a first recurrent layer: Keras 3 refuses ``input_length``
  ("Unrecognized keyword arguments passed to LSTM") and reads ``input_dim`` alone as a 2-D
  input (then "expected ndim=3, found ndim=2").

Embedding's ``weights=[matrix]`` and ``input_length`` get no note: Keras 3's Embedding still
takes both (``input_length`` with a warning, "deprecated. Just remove it."), and a YAML
spec gives the input with ``input_length``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.arguments import KERAS
from lstm_calc.spec_layers import takes_keras2_sequence_input

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from lstm_calc.layers.base import Layer
    from lstm_calc.spec_records import ModelSpec


def keras2_notes(model: ModelSpec) -> tuple[str, ...]:
    """One line for each Keras 2 habit in ``model`` (a Keras-convention spec), in the layers' order."""
    if model.framework != KERAS:
        return ()
    notes = []
    for spec in model.layers:
        for layer in _with_nested(spec.layer):
            removal = type(layer).keras3_removal
            if removal is not None:
                notes.append(f"{spec.name}: {type(layer).class_name}, counted as in Keras 2; {removal}")
        kind = type(spec.layer)
        given = [key for key in ("input_dim", "input_length") if key in spec.source]
        if given and takes_keras2_sequence_input(kind):
            verb = "are" if len(given) > 1 else "is"
            notes.append(
                f"{spec.name}: {' and '.join(given)} on {kind.class_name} {verb} Keras 2's; Keras 3 refuses "
                "them: use keras.Input(shape=(steps, features))"
            )
    return tuple(notes)


def _with_nested(layer: Layer[Any]) -> Iterator[Layer[Any]]:
    """``layer``, then the layers it holds (Bidirectional's, RNN's cells), depth first."""
    yield layer
    for key in getattr(layer, "nested_arguments", ()):
        value = layer.config.get(key)
        for nested in value if isinstance(value, list) else [value]:
            if nested is not None:
                yield from _with_nested(nested)
