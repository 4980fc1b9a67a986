"""Keras model JSON, as ``model.to_json()`` writes it (Keras 2 or 3), read without importing Keras."""

from __future__ import annotations

from lstm_calc.readers.keras_model import keras_model_to_spec
from lstm_calc.readers.located_json import load_located_json
from lstm_calc.source import LocatedDict


def read_keras_json(text: str, filename: str) -> LocatedDict:
    """The spec data of a Keras Sequential model's JSON text."""
    return keras_model_to_spec(load_located_json(text, filename), filename)
