"""Every layer kind lstmcalc knows, in one explicit table: spec ``type`` (lower case) -> class."""

from __future__ import annotations

from lstm_calc.layers.base import Layer, LayerInputError, Weight
from lstm_calc.layers.core import Dense, Dropout, Embedding
from lstm_calc.layers.recurrent import GRU, LSTM, SimpleRNN

LAYER_TYPES: dict[str, type[Layer]] = {
    "lstm": LSTM,
    "gru": GRU,
    "simplernn": SimpleRNN,
    "dense": Dense,
    "embedding": Embedding,
    "dropout": Dropout,
}

__all__ = ["LAYER_TYPES", "Layer", "LayerInputError", "Weight"]
