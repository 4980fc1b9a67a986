"""Every layer kind lstmcalc knows, in one explicit table: spec ``type`` (lower case) -> class.

PyTorch spellings (``linear``, ``rnn``) map to the same classes as their Keras twins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.layers.attention import AdditiveAttention, Attention
from lstm_calc.layers.base import Layer, LayerInputError, Weight
from lstm_calc.layers.convolutional import Conv1D
from lstm_calc.layers.core import Activation, Dense, Dropout, Embedding, Masking, SpatialDropout1D
from lstm_calc.layers.merging import Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract
from lstm_calc.layers.normalization import BatchNormalization, LayerNormalization
from lstm_calc.layers.pooling import AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling1D
from lstm_calc.layers.recurrent import GRU, LSTM, SimpleRNN
from lstm_calc.layers.reshaping import Flatten, Permute, RepeatVector, Reshape
from lstm_calc.layers.wrappers import Bidirectional, TimeDistributed

if TYPE_CHECKING:
    from typing import Any

LAYER_TYPES: dict[str, type[Layer[Any]]] = {
    "lstm": LSTM,
    "gru": GRU,
    "simplernn": SimpleRNN,
    "rnn": SimpleRNN,
    "dense": Dense,
    "linear": Dense,
    "embedding": Embedding,
    "dropout": Dropout,
    "bidirectional": Bidirectional,
    "timedistributed": TimeDistributed,
    "conv1d": Conv1D,
    "maxpooling1d": MaxPooling1D,
    "averagepooling1d": AveragePooling1D,
    "globalaveragepooling1d": GlobalAveragePooling1D,
    "globalmaxpooling1d": GlobalMaxPooling1D,
    "flatten": Flatten,
    "repeatvector": RepeatVector,
    "reshape": Reshape,
    "permute": Permute,
    "masking": Masking,
    "spatialdropout1d": SpatialDropout1D,
    "batchnormalization": BatchNormalization,
    "batchnorm1d": BatchNormalization,
    "layernormalization": LayerNormalization,
    "layernorm": LayerNormalization,
    "activation": Activation,
    "concatenate": Concatenate,
    "add": Add,
    "subtract": Subtract,
    "multiply": Multiply,
    "average": Average,
    "maximum": Maximum,
    "minimum": Minimum,
    "dot": Dot,
    "attention": Attention,
    "additiveattention": AdditiveAttention,
}

#: Every type name as Keras or PyTorch spells it, for suggestions.
LAYER_SPELLINGS: list[str] = sorted(
    {cls.class_name for cls in LAYER_TYPES.values()}
    | {cls.torch_class_name for cls in LAYER_TYPES.values() if cls.torch_class_name}
)

__all__ = ["LAYER_SPELLINGS", "LAYER_TYPES", "Layer", "LayerInputError", "Weight"]
