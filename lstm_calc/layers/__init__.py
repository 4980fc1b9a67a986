"""Every layer kind lstmcalc knows, in one explicit table: spec ``type`` (lower case) -> class.

PyTorch spellings (``linear``, ``rnn``) map to the same classes as their Keras twins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.layers.attention import AdditiveAttention, Attention
from lstm_calc.layers.base import Layer, LayerInputError, Weight
from lstm_calc.layers.convolutional import Conv1D
from lstm_calc.layers.convolutional_2d import Conv2D
from lstm_calc.layers.core import Activation, Dense, Dropout, Embedding, Masking, SpatialDropout1D
from lstm_calc.layers.merging import Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract
from lstm_calc.layers.normalization import BatchNormalization, LayerNormalization
from lstm_calc.layers.pooling import AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling1D
from lstm_calc.layers.pooling_2d import AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D
from lstm_calc.layers.recurrent import GRU, LSTM, SimpleRNN
from lstm_calc.layers.reshaping import Flatten, Permute, RepeatVector, Reshape
from lstm_calc.layers.resizing_1d import Cropping1D, UpSampling1D, ZeroPadding1D
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
    "conv2d": Conv2D,
    "maxpooling2d": MaxPooling2D,
    "averagepooling2d": AveragePooling2D,
    "globalaveragepooling2d": GlobalAveragePooling2D,
    "globalmaxpooling2d": GlobalMaxPooling2D,
    "zeropadding1d": ZeroPadding1D,
    "upsampling1d": UpSampling1D,
    "cropping1d": Cropping1D,
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
