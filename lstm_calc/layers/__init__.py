"""Every layer kind lstmcalc knows, in one explicit table: each spelling Keras or PyTorch
uses for a layer -> the module (under ``lstm_calc.layers``) and class that implement it.

A spec's ``type`` is any spelling, in any case: :data:`LAYER_TYPES` maps it (lower case)
to the class, importing a kind's module the first time a spec needs it, so that a spec
of three kinds does not pay for importing thirty.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from lstm_calc.layers.base import Layer, LayerInputError, Weight

if TYPE_CHECKING:
    from collections.abc import Iterator

_KINDS: dict[str, tuple[str, str]] = {
    "LSTM": ("recurrent", "LSTM"),
    "GRU": ("recurrent", "GRU"),
    "SimpleRNN": ("recurrent", "SimpleRNN"),
    "Dense": ("core", "Dense"),
    "Linear": ("core", "Dense"),
    "Embedding": ("core", "Embedding"),
    "Dropout": ("core", "Dropout"),
    "Bidirectional": ("wrappers", "Bidirectional"),
    "TimeDistributed": ("wrappers", "TimeDistributed"),
    "Conv1D": ("convolutional", "Conv1D"),
    "Conv1d": ("convolutional", "Conv1D"),
    "MaxPooling1D": ("pooling", "MaxPooling1D"),
    "AveragePooling1D": ("pooling", "AveragePooling1D"),
    "GlobalAveragePooling1D": ("pooling", "GlobalAveragePooling1D"),
    "GlobalMaxPooling1D": ("pooling", "GlobalMaxPooling1D"),
    "Conv2D": ("convolutional_2d", "Conv2D"),
    "Conv2d": ("convolutional_2d", "Conv2D"),
    "MaxPooling2D": ("pooling_2d", "MaxPooling2D"),
    "AveragePooling2D": ("pooling_2d", "AveragePooling2D"),
    "GlobalAveragePooling2D": ("pooling_2d", "GlobalAveragePooling2D"),
    "GlobalMaxPooling2D": ("pooling_2d", "GlobalMaxPooling2D"),
    "ZeroPadding1D": ("resizing_1d", "ZeroPadding1D"),
    "UpSampling1D": ("resizing_1d", "UpSampling1D"),
    "Cropping1D": ("resizing_1d", "Cropping1D"),
    "ConvLSTM1D": ("conv_lstm", "ConvLSTM1D"),
    "ConvLSTM2D": ("conv_lstm", "ConvLSTM2D"),
    "Flatten": ("reshaping", "Flatten"),
    "RepeatVector": ("reshaping", "RepeatVector"),
    "Reshape": ("reshaping", "Reshape"),
    "Permute": ("reshaping", "Permute"),
    # Keras's x[...] on a tensor: an operation a functional model's summary lists as a row.
    "GetItem": ("get_item", "GetItem"),
    # keras.ops.mean(x, axis=1) and the like: operations a functional model's summary lists as rows.
    "Mean": ("reductions", "Mean"),
    "Max": ("reductions", "Max"),
    "Min": ("reductions", "Min"),
    "Sum": ("reductions", "Sum"),
    "Masking": ("core", "Masking"),
    "SpatialDropout1D": ("core", "SpatialDropout1D"),
    "BatchNormalization": ("normalization", "BatchNormalization"),
    "BatchNorm1d": ("normalization", "BatchNormalization"),
    "BatchNorm2d": ("torch_normalization", "BatchNorm2d"),
    "BatchNorm3d": ("torch_normalization", "BatchNorm3d"),
    "InstanceNorm1d": ("torch_normalization", "InstanceNorm1d"),
    "InstanceNorm2d": ("torch_normalization", "InstanceNorm2d"),
    "InstanceNorm3d": ("torch_normalization", "InstanceNorm3d"),
    "GroupNorm": ("torch_normalization", "GroupNorm"),
    "LayerNormalization": ("normalization", "LayerNormalization"),
    "LayerNorm": ("normalization", "LayerNormalization"),
    "Activation": ("core", "Activation"),
    "Lambda": ("core", "Lambda"),
    "Concatenate": ("merging", "Concatenate"),
    "Add": ("merging", "Add"),
    "Subtract": ("merging", "Subtract"),
    "Multiply": ("merging", "Multiply"),
    "Average": ("merging", "Average"),
    "Maximum": ("merging", "Maximum"),
    "Minimum": ("merging", "Minimum"),
    "Dot": ("merging", "Dot"),
    "Attention": ("attention", "Attention"),
    "AdditiveAttention": ("attention", "AdditiveAttention"),
    "MultiHeadAttention": ("multi_head_attention", "MultiHeadAttention"),
    "MultiheadAttention": ("multi_head_attention", "MultiHeadAttention"),
    # Keras's RNN over cells; under PyTorch, RNN spells torch.nn.RNN, SimpleRNN (RNN.kind_under).
    "RNN": ("rnn_cells", "RNN"),
    "LSTMCell": ("rnn_cells", "LSTMCell"),
    "GRUCell": ("rnn_cells", "GRUCell"),
    "SimpleRNNCell": ("rnn_cells", "SimpleRNNCell"),
    "RNNCell": ("rnn_cells", "SimpleRNNCell"),
    "StackedRNNCells": ("rnn_cells", "StackedRNNCells"),
    "CuDNNLSTM": ("cudnn_recurrent", "CuDNNLSTM"),
    "CuDNNGRU": ("cudnn_recurrent", "CuDNNGRU"),
    # A Sequential model used as a layer of a functional model: one row of the outer model's summary.
    "Sequential": ("nested_models", "NestedSequential"),
    # A user's own Keras layer class, read from its code (readers/custom_layers.py) or given as data.
    "CustomLayer": ("custom", "CustomLayer"),
    # torch.nn modules lstmcalc knows under the PyTorch convention only (TorchOnlyLayer).
    "MaxPool1d": ("torch_pooling", "MaxPool1d"),
    "AvgPool1d": ("torch_pooling", "AvgPool1d"),
    "AdaptiveAvgPool1d": ("torch_pooling", "AdaptiveAvgPool1d"),
    "AdaptiveMaxPool1d": ("torch_pooling", "AdaptiveMaxPool1d"),
    "MaxPool2d": ("torch_pooling_2d", "MaxPool2d"),
    "AvgPool2d": ("torch_pooling_2d", "AvgPool2d"),
    "AdaptiveAvgPool2d": ("torch_pooling_2d", "AdaptiveAvgPool2d"),
    "AdaptiveMaxPool2d": ("torch_pooling_2d", "AdaptiveMaxPool2d"),
    "Unflatten": ("reshaping", "Unflatten"),
    "Upsample": ("torch_resampling", "Upsample"),
    "EmbeddingBag": ("torch_embedding_bag", "EmbeddingBag"),
    "Identity": ("torch_activations", "Identity"),
    "ReLU": ("torch_activations", "ReLU"),
    "Tanh": ("torch_activations", "Tanh"),
    "Sigmoid": ("torch_activations", "Sigmoid"),
    "GELU": ("torch_activations", "GELU"),
    "LeakyReLU": ("torch_activations", "LeakyReLU"),
    "PReLU": ("torch_activations", "PReLU"),
    "Softmax": ("torch_activations", "Softmax"),
    "LogSoftmax": ("torch_activations", "LogSoftmax"),
    "ELU": ("torch_activations_more", "ELU"),
    "SiLU": ("torch_activations_more", "SiLU"),
    "SELU": ("torch_activations_more", "SELU"),
    "CELU": ("torch_activations_more", "CELU"),
    "Mish": ("torch_activations_more", "Mish"),
    "Softplus": ("torch_activations_more", "Softplus"),
    "Softsign": ("torch_activations_more", "Softsign"),
    "Hardtanh": ("torch_activations_more", "Hardtanh"),
    "ReLU6": ("torch_activations_more", "ReLU6"),
    "Hardswish": ("torch_activations_more", "Hardswish"),
    "Hardsigmoid": ("torch_activations_more", "Hardsigmoid"),
    "LogSigmoid": ("torch_activations_more", "LogSigmoid"),
    "Tanhshrink": ("torch_activations_more", "Tanhshrink"),
    "Softshrink": ("torch_activations_more", "Softshrink"),
    "Hardshrink": ("torch_activations_more", "Hardshrink"),
    "Threshold": ("torch_activations_more", "Threshold"),
    "Softmin": ("torch_activations_more", "Softmin"),
    "GLU": ("torch_activations_more", "GLU"),
    "TransformerEncoderLayer": ("transformer_torch", "TransformerEncoderLayer"),
    "TransformerEncoder": ("transformer_torch", "TransformerEncoder"),
    "TransformerDecoderLayer": ("transformer_torch", "TransformerDecoderLayer"),
    "TransformerDecoder": ("transformer_torch", "TransformerDecoder"),
    # torch.nn's losses: no parameters, a weight tensor a buffer (torch_losses.LOSSES).
    "L1Loss": ("torch_losses", "L1Loss"),
    "NLLLoss": ("torch_losses", "NLLLoss"),
    "NLLLoss2d": ("torch_losses", "NLLLoss2d"),
    "PoissonNLLLoss": ("torch_losses", "PoissonNLLLoss"),
    "GaussianNLLLoss": ("torch_losses", "GaussianNLLLoss"),
    "KLDivLoss": ("torch_losses", "KLDivLoss"),
    "MSELoss": ("torch_losses", "MSELoss"),
    "BCELoss": ("torch_losses", "BCELoss"),
    "BCEWithLogitsLoss": ("torch_losses", "BCEWithLogitsLoss"),
    "HingeEmbeddingLoss": ("torch_losses", "HingeEmbeddingLoss"),
    "MultiLabelMarginLoss": ("torch_losses", "MultiLabelMarginLoss"),
    "SmoothL1Loss": ("torch_losses", "SmoothL1Loss"),
    "HuberLoss": ("torch_losses", "HuberLoss"),
    "SoftMarginLoss": ("torch_losses", "SoftMarginLoss"),
    "CrossEntropyLoss": ("torch_losses", "CrossEntropyLoss"),
    "MultiLabelSoftMarginLoss": ("torch_losses", "MultiLabelSoftMarginLoss"),
    "CosineEmbeddingLoss": ("torch_losses", "CosineEmbeddingLoss"),
    "MarginRankingLoss": ("torch_losses", "MarginRankingLoss"),
    "MultiMarginLoss": ("torch_losses", "MultiMarginLoss"),
    "TripletMarginLoss": ("torch_losses", "TripletMarginLoss"),
    "TripletMarginWithDistanceLoss": ("torch_losses", "TripletMarginWithDistanceLoss"),
    "CTCLoss": ("torch_losses", "CTCLoss"),
}


class LayerTypes(Mapping[str, type[Layer[Any]]]):
    """Spec ``type`` (lower case) -> layer class, read-only; a class's module is imported on first use."""

    def __init__(self, kinds: dict[str, tuple[str, str]]) -> None:
        # Conv1D and Conv1d are one type, in the place of its first spelling.
        self._places = {spelling.lower(): place for spelling, place in kinds.items()}

    def __getitem__(self, type_name: str) -> type[Layer[Any]]:
        module, class_name = self._places[type_name]
        layer_class: type[Layer[Any]] = getattr(import_module(f"lstm_calc.layers.{module}"), class_name)
        return layer_class

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, type_name: object) -> bool:
        # Mapping's own would look the class up, importing its module.
        return type_name in self._places


LAYER_TYPES: Mapping[str, type[Layer[Any]]] = LayerTypes(_KINDS)

#: Every type name as Keras or PyTorch spells it, for suggestions.
LAYER_SPELLINGS: list[str] = sorted(_KINDS)

__all__ = ["LAYER_SPELLINGS", "LAYER_TYPES", "Layer", "LayerInputError", "Weight"]
