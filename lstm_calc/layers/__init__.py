"""Every layer kind lstmcalc knows, in one explicit table: spec ``type`` (lower case) -> class.

PyTorch spellings (``linear``, ``rnn``) map to the same classes as their Keras twins.
"""

from __future__ import annotations

from lstm_calc.layers.base import Layer, LayerInputError, Weight
from lstm_calc.layers.core import Dense, Dropout, Embedding
from lstm_calc.layers.recurrent import GRU, LSTM, SimpleRNN

LAYER_TYPES: dict[str, type[Layer]] = {
    "lstm": LSTM,
    "gru": GRU,
    "simplernn": SimpleRNN,
    "rnn": SimpleRNN,
    "dense": Dense,
    "linear": Dense,
    "embedding": Embedding,
    "dropout": Dropout,
}

#: Every type name as Keras or PyTorch spells it, for suggestions.
LAYER_SPELLINGS: list[str] = sorted(
    {cls.class_name for cls in LAYER_TYPES.values()}
    | {cls.torch_class_name for cls in LAYER_TYPES.values() if cls.torch_class_name}
)

__all__ = ["LAYER_SPELLINGS", "LAYER_TYPES", "Layer", "LayerInputError", "Weight"]
