"""Keras model JSON, as ``model.to_json()`` writes it (Keras 2 or 3), read without importing Keras."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.readers.keras_functional import functional_spec
from lstm_calc.readers.keras_model import KerasConfigReader
from lstm_calc.readers.keras_optimizer import read_optimizer
from lstm_calc.readers.located_json import load_located_json

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.located import LocatedDict


def read_keras_json(text: str, filename: str) -> LocatedDict:
    """The spec data of a Keras Sequential or functional model's JSON text."""
    return keras_model_to_spec(load_located_json(text, filename), filename)


def keras_model_to_spec(root: Any, filename: str) -> LocatedDict:
    """The spec data of a Keras Sequential or functional model config; refuse other models and unsupported layers.

    The optimizer of a model saved after ``compile()`` rides along as the data's ``optimizer``
    (:func:`~lstm_calc.readers.keras_optimizer.read_optimizer`): it is no part of a spec."""
    reader = KerasConfigReader(filename)
    spec = functional_spec(reader, root) if reader.is_functional(root) else reader.sequential(root)
    spec.optimizer = read_optimizer(root)
    return spec
