"""Specs of the torch.nn modules lstmcalc knows under ``framework: pytorch`` only, and of its cells as
layers: graphs whose every layer is named, each key a torch.nn keyword (nested layers: a module
built the same way), for tests/oracle/test_torch_modules_oracle.py and the plain tests."""

from __future__ import annotations

from typing import Any


def graph(inputs: dict[str, list[int | None]], *layers: dict[str, Any]) -> dict[str, Any]:
    """A PyTorch graph spec of ``layers``, each reading the previous one unless it names its inputs."""
    entries, previous = [], next(iter(inputs))
    for index, layer in enumerate(layers):
        entry = {"name": f"m{index}", "inputs": previous, **layer}
        entries.append(entry)
        previous = entry["name"]
    return {
        "framework": "pytorch",
        "inputs": {name: {"shape": shape} for name, shape in inputs.items()},
        "layers": entries,
    }


def encoder_layer(d_model: int, nhead: int, **options: Any) -> dict[str, Any]:
    return {"type": "TransformerEncoderLayer", "d_model": d_model, "nhead": nhead, **options}


def decoder_layer(d_model: int, nhead: int, **options: Any) -> dict[str, Any]:
    return {"type": "TransformerDecoderLayer", "d_model": d_model, "nhead": nhead, **options}


TORCH_MODULE_MODELS: dict[str, dict[str, Any]] = {
    "cells": graph(
        {"x": [12]},
        {"type": "LSTMCell", "hidden_size": 8},
        {"type": "GRUCell", "inputs": "m0[0]", "hidden_size": 5, "bias": False},
        {"type": "RNNCell", "hidden_size": 3, "nonlinearity": "relu"},
        {"type": "RNNCell", "input_size": 3, "hidden_size": 4, "bias": False},
    ),
    "window_pools": graph(
        {"x": [6, 40]},
        {"type": "MaxPool1d", "kernel_size": 3, "stride": 2, "padding": 1},
        {"type": "MaxPool1d", "kernel_size": 4, "stride": 3, "ceil_mode": True, "dilation": 2},
        {"type": "AvgPool1d", "kernel_size": 2, "ceil_mode": True, "count_include_pad": False},
        {"type": "AvgPool1d", "kernel_size": [3], "stride": 1, "padding": 1},
    ),
    "pools_of_unknown_length": graph(
        {"x": [6, None]},
        {"type": "MaxPool1d", "kernel_size": 2},
        {"type": "AdaptiveAvgPool1d", "output_size": 5},
        {"type": "AdaptiveMaxPool1d", "output_size": 9, "return_indices": True},
    ),
    # torch's layout (N, C, H, W): a TextCNN's (batch, filters, steps, 1) pooled over its steps.
    "window_pools_2d": graph(
        {"x": [4, 12, 7]},
        {"type": "MaxPool2d", "kernel_size": [3, 2], "stride": [2, 1], "padding": [1, 0], "ceil_mode": True},
        {"type": "MaxPool2d", "kernel_size": 2, "dilation": [1, 2], "return_indices": True},
        {"type": "AvgPool2d", "inputs": "m1[0]", "kernel_size": [2, 1], "count_include_pad": False},
        {"type": "AvgPool2d", "kernel_size": 3, "stride": 1, "padding": 1, "divisor_override": 2},
    ),
    "max_pool_with_indices": graph(
        {"x": [4, 17]},
        {"type": "MaxPool1d", "kernel_size": 3, "dilation": 2, "padding": 1, "return_indices": True},
    ),
    "activations_and_reshaping": graph(
        {"x": [4, 6, 10]},
        {"type": "Flatten", "start_dim": 2},
        {"type": "ReLU"},
        {"type": "LeakyReLU", "negative_slope": 0.2},
        {"type": "GELU", "approximate": "tanh"},
        {"type": "Tanh"},
        {"type": "Sigmoid"},
        {"type": "Softmax", "dim": 1},
        {"type": "LogSoftmax", "dim": -1},
        {"type": "Identity"},
        {"type": "Unflatten", "dim": -1, "unflattened_size": [3, -1]},
        {"type": "Flatten", "start_dim": 1, "end_dim": 2},
        {"type": "Flatten"},
    ),
    # The other activation modules: each keeps the shape but GLU, which halves its dim.
    "more_activations": graph(
        {"x": [4, 6, 10]},
        {"type": "ELU", "alpha": 0.5},
        {"type": "SiLU"},
        {"type": "SELU", "inplace": True},
        {"type": "CELU", "alpha": -2.0},
        {"type": "Mish"},
        {"type": "Softplus", "beta": 2, "threshold": 10.0},
        {"type": "Softsign"},
        {"type": "Hardtanh", "min_val": 0, "max_val": 6},
        {"type": "Hardtanh", "min_value": -2.0},
        {"type": "ReLU6"},
        {"type": "Hardswish"},
        {"type": "Hardsigmoid"},
        {"type": "LogSigmoid"},
        {"type": "Tanhshrink"},
        {"type": "Softshrink", "lambd": 0.25},
        {"type": "Hardshrink", "lambd": -1},
        {"type": "Threshold", "threshold": 0.1, "value": 20.0},
        {"type": "Softmin", "dim": 1},
        {"type": "Softmin"},
        {"type": "GLU"},
        {"type": "GLU", "dim": 1},
        {"type": "GLU", "dim": -3},
    ),
    # torch's layout (N, C, H, W) and unbatched (C, H, W); an output_size of None keeps that axis.
    "adaptive_pools_2d": graph(
        {"x": [4, 12, 7]},
        {"type": "AdaptiveAvgPool2d", "output_size": [3, None]},
        {"type": "AdaptiveMaxPool2d", "output_size": 2, "return_indices": True},
        {"type": "AdaptiveAvgPool2d", "inputs": "m1[0]", "output_size": [None, 1]},
        {"type": "AdaptiveMaxPool2d", "output_size": [5, 4]},
        {"type": "Flatten", "start_dim": 0, "end_dim": 1},
        {"type": "AdaptiveAvgPool2d", "output_size": 1},
    ),
    "adaptive_pools_2d_of_unknown_size": graph(
        {"x": [3, None, 8]},
        {"type": "AdaptiveAvgPool2d", "output_size": [None, 2]},
        {"type": "AdaptiveMaxPool2d", "output_size": [4, None], "return_indices": True},
        {"type": "AdaptiveMaxPool2d", "inputs": "m1[0]", "output_size": 3},
    ),
    "unflatten_unknown_axis": graph(
        {"x": [None, 6]},
        {"type": "Unflatten", "dim": 2, "unflattened_size": [2, 3]},
        {"type": "Flatten", "start_dim": 0, "end_dim": 1},
    ),
    "encoder_layers": graph(
        {"x": [None, 16]},
        encoder_layer(16, 4, dim_feedforward=32),
        encoder_layer(16, 2, dim_feedforward=8, norm_first=True, bias=False, activation="gelu"),
        encoder_layer(16, 16),
    ),
    "encoder_with_final_norm": graph(
        {"x": [9, 24]},
        {
            "type": "TransformerEncoder",
            "encoder_layer": encoder_layer(24, 3, dim_feedforward=40, norm_first=True),
            "num_layers": 3,
            "norm": {"type": "LayerNorm", "normalized_shape": 24},
        },
    ),
    "encoder_without_bias": graph(
        {"x": [None, 8]},
        {
            "type": "TransformerEncoder",
            "encoder_layer": encoder_layer(8, 2, dim_feedforward=16, bias=False),
            "num_layers": 2,
            "enable_nested_tensor": False,
        },
    ),
    "encoder_decoder": {
        **graph({"src": [11, 12], "tgt": [None, 12]}),
        "layers": [
            {
                "name": "encoder",
                "inputs": "src",
                "type": "TransformerEncoder",
                "encoder_layer": encoder_layer(12, 4, dim_feedforward=20),
                "num_layers": 2,
                "norm": {"type": "LayerNorm", "normalized_shape": 12, "bias": False},
            },
            {
                "name": "decoder",
                "inputs": ["tgt", "encoder"],
                "type": "TransformerDecoder",
                "decoder_layer": decoder_layer(12, 3, dim_feedforward=24, norm_first=True),
                "num_layers": 2,
                "norm": {"type": "LayerNorm", "normalized_shape": 12},
            },
            {
                "name": "step",
                "inputs": ["decoder", "encoder"],
                **decoder_layer(12, 2, dim_feedforward=6, bias=False),
            },
        ],
    },
}

#: Specs torch refuses (at construction or when called) and lstmcalc refuses with exit 2.
TORCH_MODULE_REFUSALS: dict[str, dict[str, Any]] = {
    "cell_on_a_sequence": graph({"x": [5, 12]}, {"type": "LSTMCell", "hidden_size": 8}),
    "cell_of_other_input_size": graph({"x": [12]}, {"type": "GRUCell", "input_size": 10, "hidden_size": 8}),
    "max_pool_padding_over_half": graph({"x": [3, 10]}, {"type": "MaxPool1d", "kernel_size": 3, "padding": 2}),
    "max_pool_padding_over_half_the_kernel_even_dilated": graph(
        {"x": [3, 10]}, {"type": "MaxPool1d", "kernel_size": 3, "padding": 2, "dilation": 2, "return_indices": True}
    ),
    "avg_pool_padding_over_half": graph({"x": [3, 10]}, {"type": "AvgPool1d", "kernel_size": 2, "padding": 2}),
    "max_pool_longer_than_input": graph({"x": [3, 10]}, {"type": "MaxPool1d", "kernel_size": 11}),
    "avg_pool_longer_than_input": graph({"x": [3, 4]}, {"type": "AvgPool1d", "kernel_size": 6}),
    "max_pool_2d_padding_over_half": graph(
        {"x": [3, 10, 6]}, {"type": "MaxPool2d", "kernel_size": [3, 2], "padding": [1, 2]}
    ),
    "avg_pool_2d_longer_than_input": graph({"x": [3, 10, 2]}, {"type": "AvgPool2d", "kernel_size": [2, 3]}),
    "pool_2d_of_2d_input": graph({"x": [10]}, {"type": "MaxPool2d", "kernel_size": 2}),
    "pool_of_4d_input": graph({"x": [2, 3, 10]}, {"type": "AvgPool1d", "kernel_size": 2}),
    "softmax_dim_out_of_range": graph({"x": [3, 4]}, {"type": "Softmax", "dim": 3}),
    "softmin_dim_out_of_range": graph({"x": [3, 4]}, {"type": "Softmin", "dim": -4}),
    "glu_of_odd_size": graph({"x": [3, 5]}, {"type": "GLU"}),
    "glu_dim_out_of_range": graph({"x": [4, 6]}, {"type": "GLU", "dim": 3}),
    "hardtanh_bounds_equal": graph({"x": [4]}, {"type": "Hardtanh", "min_val": 1, "max_val": 1}),
    "hardtanh_deprecated_bound_below_min": graph({"x": [4]}, {"type": "Hardtanh", "max_value": -2}),
    "celu_alpha_zero": graph({"x": [4]}, {"type": "CELU", "alpha": 0}),
    "softshrink_negative_lambd": graph({"x": [4]}, {"type": "Softshrink", "lambd": -0.5}),
    "adaptive_pool_2d_of_2d_input": graph({"x": [10]}, {"type": "AdaptiveAvgPool2d", "output_size": 2}),
    "adaptive_max_pool_2d_of_5d_input": graph({"x": [2, 3, 4, 5]}, {"type": "AdaptiveMaxPool2d", "output_size": 2}),
    "flatten_start_after_end": graph({"x": [3, 4]}, {"type": "Flatten", "start_dim": 2, "end_dim": 1}),
    "flatten_dim_out_of_range": graph({"x": [3, 4]}, {"type": "Flatten", "start_dim": 3}),
    "unflatten_wrong_product": graph({"x": [6, 4]}, {"type": "Unflatten", "dim": 1, "unflattened_size": [4, 2]}),
    "unflatten_two_inferred": graph({"x": [6, 4]}, {"type": "Unflatten", "dim": 1, "unflattened_size": [-1, -1]}),
    "gelu_other_approximation": graph({"x": [4]}, {"type": "GELU", "approximate": "erf"}),
    "rnn_cell_sigmoid": graph({"x": [4]}, {"type": "RNNCell", "hidden_size": 4, "nonlinearity": "sigmoid"}),
    "nhead_not_dividing": graph({"x": [5, 8]}, encoder_layer(8, 3)),
    "d_model_not_the_features": graph({"x": [5, 8]}, encoder_layer(4, 2)),
    "encoder_activation_tanh": graph({"x": [5, 8]}, encoder_layer(8, 2, activation="tanh")),
    "encoder_norm_of_other_size": graph(
        {"x": [5, 8]},
        {
            "type": "TransformerEncoder",
            "encoder_layer": encoder_layer(8, 2, dim_feedforward=4),
            "num_layers": 1,
            "norm": {"type": "LayerNorm", "normalized_shape": 6},
        },
    ),
    "decoder_memory_of_other_width": {
        **graph({"tgt": [5, 8], "memory": [7, 6]}),
        "layers": [{"name": "d", "inputs": ["tgt", "memory"], **decoder_layer(8, 2, dim_feedforward=4)}],
    },
}
