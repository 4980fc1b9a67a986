"""PyTorch specs whose ``summary`` is torchinfo's table: the plain suite pins lstmcalc's text in
tests/golden/torchinfo/NAME.out, the oracle runs real torchinfo on the exported module and
checks it prints the same text (tests/oracle/test_torchinfo_table_oracle.py)."""

from __future__ import annotations

from typing import Any, NamedTuple


class TorchinfoCase(NamedTuple):
    """A spec, ``summary``'s extra options, and the torchinfo arguments they stand for."""

    name: str
    spec: dict[str, Any]
    options: tuple[str, ...] = ()
    depth: int = 3
    col_names: tuple[str, ...] = ("output_size", "num_params")


_LSTM_STACK: dict[str, Any] = {
    "name": "lstm_stack",
    "framework": "pytorch",
    "input": {"shape": [10, 16]},
    "layers": [
        {"type": "LSTM", "hidden_size": 32, "return_sequences": True},
        {"type": "LSTM", "hidden_size": 32},
        {"type": "Linear", "out_features": 4},
    ],
}
_MHA: dict[str, Any] = {
    "name": "self_attention",
    "framework": "pytorch",
    "inputs": {"tokens": {"shape": [50, 128]}},
    "layers": [
        {
            "name": "attention",
            "type": "MultiheadAttention",
            "embed_dim": 128,
            "num_heads": 4,
            "inputs": ["tokens", "tokens", "tokens"],
        },
        {"name": "norm", "type": "LayerNorm", "normalized_shape": 128, "inputs": ["attention[0]"]},
        {"name": "head", "type": "Linear", "out_features": 3, "inputs": ["norm"]},
    ],
    "outputs": ["head"],
}
#: An encoder and a decoder stack: torchinfo shows the calls torch makes inside them (their layers'
#: ModuleList, each layer and, deeper, its attention, linears, norms and dropouts).
_TRANSFORMER: dict[str, Any] = {
    "name": "encoder_decoder",
    "framework": "pytorch",
    "inputs": {"src": {"shape": [11, 12], "batch_size": 2}, "tgt": {"shape": [5, 12], "batch_size": 2}},
    "layers": [
        {
            "name": "encoder",
            "inputs": "src",
            "type": "TransformerEncoder",
            "encoder_layer": {"type": "TransformerEncoderLayer", "d_model": 12, "nhead": 4, "dim_feedforward": 20},
            "num_layers": 2,
            "norm": {"type": "LayerNorm", "normalized_shape": 12, "bias": False},
        },
        {
            "name": "decoder",
            "inputs": ["tgt", "encoder"],
            "type": "TransformerDecoder",
            "decoder_layer": {
                "type": "TransformerDecoderLayer",
                "d_model": 12,
                "nhead": 3,
                "dim_feedforward": 24,
                "norm_first": True,
            },
            "num_layers": 2,
        },
    ],
}
_FROZEN: dict[str, Any] = {
    "name": "frozen_encoder",
    "framework": "pytorch",
    "input": {"shape": [12, 20]},
    "layers": [
        {"type": "GRU", "hidden_size": 24, "trainable": False},
        {"type": "Linear", "out_features": 2},
    ],
}

CASES = (
    TorchinfoCase("lstm_stack", _LSTM_STACK),
    TorchinfoCase("lstm_stack.depth0", _LSTM_STACK, ("--depth", "0"), depth=0),
    TorchinfoCase(
        "bidirectional_unknown_steps",
        {
            "name": "bidirectional_encoder",
            "framework": "pytorch",
            "input": {"shape": [None, 80]},
            "layers": [
                {"type": "LSTM", "input_size": 80, "hidden_size": 12, "num_layers": 2, "bidirectional": True},
                {"type": "Linear", "in_features": 24, "out_features": 5},
            ],
        },
    ),
    # Unknown steps under a strided convolution: every size is computed from torchinfo's 8 steps
    # (3 after the Conv1d, as torch gives them), never set to 8 after the fact.
    TorchinfoCase(
        "strided_conv_unknown_steps",
        {
            "name": "conv_time",
            "framework": "pytorch",
            "input": {"shape": [None, 4]},
            "layers": [
                {"type": "Conv1d", "in_channels": 4, "out_channels": 6, "kernel_size": 3, "stride": 2},
                {"type": "LSTM", "input_size": 6, "hidden_size": 5, "return_sequences": True},
                {"type": "Linear", "in_features": 5, "out_features": 2},
            ],
        },
        col_names=("input_size", "output_size", "num_params", "mult_adds"),
        options=("--columns", "input_shape,output_shape,params,macs"),
    ),
    TorchinfoCase(
        "gru_two_layers",
        {
            "name": "gru-two-layers",
            "framework": "pytorch",
            "input": {"shape": [30, 8], "batch_size": 4},
            "layers": [
                {"type": "GRU", "hidden_size": 64, "num_layers": 2, "dropout": 0.2, "return_sequences": True},
                {"type": "Dropout", "p": 0.1},
                {"type": "Linear", "out_features": 1},
            ],
        },
    ),
    TorchinfoCase(
        "embedding_first",
        {
            "name": "sentiment",
            "framework": "pytorch",
            "input": {"shape": [40]},
            "layers": [
                {"type": "Embedding", "num_embeddings": 5000, "embedding_dim": 64},
                {"type": "LSTM", "hidden_size": 128},
                {"type": "Linear", "out_features": 2},
            ],
        },
    ),
    TorchinfoCase(
        "conv1d_front",
        {
            "name": "conv_lstm_front",
            "framework": "pytorch",
            "input": {"shape": [50, 6]},
            "layers": [
                {"type": "Conv1d", "out_channels": 16, "kernel_size": 5},
                {"type": "BatchNorm1d"},
                {"type": "LSTM", "hidden_size": 20},
                {"type": "Linear", "out_features": 3},
            ],
        },
    ),
    TorchinfoCase(
        "norms_with_buffers",
        {
            "name": "normed",
            "framework": "pytorch",
            "input": {"shape": [12, 10]},
            "layers": [
                {"type": "LSTM", "hidden_size": 16, "return_sequences": True},
                {"type": "LayerNorm", "normalized_shape": 16},
                {"type": "LSTM", "hidden_size": 16},
                {"type": "BatchNorm1d"},
                {"type": "Linear", "out_features": 5},
            ],
        },
    ),
    TorchinfoCase("self_attention", _MHA),
    TorchinfoCase("self_attention.depth0", _MHA, ("--depth", "0"), depth=0),
    TorchinfoCase(
        "self_attention.mult_adds",
        _MHA,
        ("--depth", "1", "--columns", "output_size,num_params,mult_adds"),
        depth=1,
        col_names=("output_size", "num_params", "mult_adds"),
    ),
    TorchinfoCase("encoder_decoder", _TRANSFORMER),
    TorchinfoCase(
        "encoder_decoder.depth4",
        _TRANSFORMER,
        ("--depth", "4", "--columns", "output_size,num_params,mult_adds"),
        depth=4,
        col_names=("output_size", "num_params", "mult_adds"),
    ),
    TorchinfoCase("frozen_encoder", _FROZEN),
    TorchinfoCase(
        "frozen_encoder.columns",
        _FROZEN,
        ("--columns", "input_size,output_size,num_params,params_percent,mult_adds", "--show-trainable"),
        col_names=("input_size", "output_size", "num_params", "params_percent", "mult_adds", "trainable"),
    ),
    TorchinfoCase(
        "keras_spec_as_pytorch",
        {
            "name": "gesture_classifier",
            "input": {"shape": [5, 126]},
            "layers": [
                {"type": "LSTM", "units": 64, "return_sequences": True, "activation": "relu"},
                {"type": "LSTM", "units": 64},
                {"type": "Dense", "units": 32, "activation": "relu"},
                {"type": "Dense", "units": 3, "activation": "softmax"},
            ],
        },
        ("--framework", "pytorch"),
    ),
    TorchinfoCase(
        "rnn_of_lstm_cell",
        {
            "name": "cell_model",
            "input": {"shape": [9, 5]},
            "layers": [
                {"type": "RNN", "cell": {"type": "LSTMCell", "units": 16}, "return_sequences": True},
                {"type": "Dense", "units": 2},
            ],
        },
        ("--framework", "pytorch"),
    ),
    TorchinfoCase(
        "shared_linear",
        {
            "name": "siamese",
            "framework": "pytorch",
            "inputs": {"left": {"shape": [8]}, "right": {"shape": [8]}},
            "layers": [
                {"name": "encode", "type": "Linear", "out_features": 6, "inputs": ["left"]},
                {"name": "encode_right", "shares": "encode", "inputs": ["right"]},
                {"name": "both", "type": "Add", "inputs": ["encode", "encode_right"]},
                {"name": "score", "type": "Linear", "out_features": 1, "inputs": ["both"]},
            ],
            "outputs": ["score"],
        },
    ),
    # The channel norms and PReLU after a Conv2d, channels last between layers as Conv2d leaves them
    # (each moves them first and back in the exported code).
    TorchinfoCase(
        "conv2d_channel_norms",
        {
            "name": "conv_norms",
            "framework": "pytorch",
            "input": {"shape": [16, 20, 3]},
            "layers": [
                {"type": "Conv2d", "out_channels": 8, "kernel_size": 3},
                {"type": "BatchNorm2d"},
                {"type": "InstanceNorm2d", "affine": True, "track_running_stats": True},
                {"type": "GroupNorm", "num_groups": 4},
                {"type": "PReLU", "num_parameters": 8},
                {"type": "Flatten", "start_dim": 2},
                {"type": "LSTM", "hidden_size": 12},
            ],
        },
        ("--columns", "output_size,num_params,mult_adds"),
        col_names=("output_size", "num_params", "mult_adds"),
    ),
    TorchinfoCase(
        "sequence_instance_norm_prelu",
        {
            "name": "sequence_norms",
            "framework": "pytorch",
            "input": {"shape": [30, 6], "batch_size": 2},
            "layers": [
                {"type": "InstanceNorm1d", "num_features": 6, "affine": True, "bias": False},
                {"type": "PReLU", "num_parameters": 6, "init": 0.1},
                {"type": "GroupNorm", "num_groups": 3, "num_channels": 6, "affine": False},
                {"type": "GRU", "hidden_size": 5},
            ],
        },
        ("--columns", "output_shape,params,macs"),
        col_names=("output_size", "num_params", "mult_adds"),
    ),
    TorchinfoCase(
        "embedding_bag_rows",
        {
            "name": "bag_of_words",
            "framework": "pytorch",
            "input": {"shape": [12]},
            "layers": [
                {"type": "EmbeddingBag", "num_embeddings": 300, "embedding_dim": 24, "mode": "sum", "padding_idx": 0},
                {"type": "PReLU"},
                {"type": "Linear", "out_features": 4},
            ],
        },
    ),
)


def nested_calls(batch: int | None = None) -> tuple[Any, ...]:
    """The module calls of tests/oracle/test_torchinfo_table_oracle.py's ``Nested`` module, as the
    PyTorch code reader records them for a ``batch`` (None: not known; torchinfo's calls take 1): an
    LSTM, then a Sequential head (Linear, ReLU, frozen Linear)."""
    from lstm_calc.layers.base import Weight
    from lstm_calc.module_calls import ModuleCall

    lstm = (
        Weight("weight_ih_l0", (80, 10)),
        Weight("weight_hh_l0", (80, 20)),
        Weight("bias_ih_l0", (80,)),
        Weight("bias_hh_l0", (80,)),
    )
    first = (Weight("weight", (30, 20)), Weight("bias", (30,)))
    frozen = (Weight("weight", (4, 30), False), Weight("bias", (4,), False))
    return (
        ModuleCall("", "Nested", 0, ((batch, 7, 10),), ((batch, 4),), (), 3314, 3190),
        ModuleCall(
            "lstm", "LSTM", 1, ((batch, 7, 10),), ((batch, 7, 20), (1, batch, 20), (1, batch, 20)), lstm, 2560, 2560
        ),
        ModuleCall("head", "Sequential", 1, ((batch, 20),), ((batch, 4),), (), 754, 630),
        ModuleCall("head.0", "Linear", 2, ((batch, 20),), ((batch, 30),), first, 630, 630),
        ModuleCall("head.1", "ReLU", 2, ((batch, 30),), ((batch, 30),), (), 0, 0),
        ModuleCall("head.2", "Linear", 2, ((batch, 30),), ((batch, 4),), frozen, 124, 0),
    )


#: The columns and depths the nested calls are pinned at.
NESTED_COLUMNS = ("input_size", "output_size", "num_params", "params_percent", "mult_adds", "trainable")
NESTED_DEPTHS = (1, 2)
