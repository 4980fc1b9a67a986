"""The CNN-LSTM front-end models both test_cnn_front_ends.py (numbers pinned from Keras) and
tests/oracle/test_cnn_front_ends_oracle.py (the same models built by a live Keras) use.

Each model is a spec mapping: ``input`` and ``layers`` as a YAML spec writes them; every key of
a layer but ``type`` is a Keras keyword argument, and TimeDistributed's ``layer`` is a layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cnn"
VIDEO_CLASSIFIER = FIXTURES / "video_classifier.yaml"


def _time_distributed(layer: dict[str, Any]) -> dict[str, Any]:
    return {"type": "TimeDistributed", "layer": layer}


#: Models Keras builds, by name.
MODELS: dict[str, dict[str, Any]] = {
    "video_classifier": yaml.safe_load(VIDEO_CLASSIFIER.read_text(encoding="utf-8")),
    "frames_to_global_pooling": {
        "input": {"shape": [10, 32, 32, 3]},
        "layers": [
            _time_distributed({"type": "Conv2D", "filters": 16, "kernel_size": 3, "activation": "relu"}),
            _time_distributed({"type": "MaxPooling2D"}),
            _time_distributed(
                {"type": "Conv2D", "filters": 32, "kernel_size": [3, 5], "strides": 2, "padding": "same", "groups": 2}
            ),
            _time_distributed({"type": "AveragePooling2D", "pool_size": 3, "strides": [1, 2], "padding": "same"}),
            _time_distributed({"type": "GlobalAveragePooling2D", "keepdims": True}),
            _time_distributed({"type": "GlobalMaxPooling2D"}),
            {"type": "LSTM", "units": 8},
        ],
    },
    "image_stack": {
        "input": {"shape": [28, 28, 1]},
        "layers": [
            {"type": "Conv2D", "filters": 8, "kernel_size": 5, "use_bias": False},
            {"type": "Conv2D", "filters": 8, "kernel_size": 3, "padding": "same", "strides": [2, 1]},
            {"type": "MaxPooling2D", "pool_size": [2, 3], "strides": 1},
            {"type": "AveragePooling2D", "pool_size": 2, "padding": "same"},
            {"type": "Conv2D", "filters": 4, "kernel_size": 7, "padding": "same"},
            {"type": "MaxPooling2D", "pool_size": [9, 2], "padding": "same"},
            {"type": "GlobalMaxPooling2D", "keepdims": True},
            {"type": "Dense", "units": 3},
        ],
    },
    "unknown_image_sizes": {
        "input": {"shape": [None, None, 3]},
        "layers": [
            {"type": "Conv2D", "filters": 4, "kernel_size": 3, "dilation_rate": 2},
            {"type": "MaxPooling2D"},
            {"type": "Conv2D", "filters": 6, "kernel_size": [1, 3], "groups": 2},
            {"type": "GlobalAveragePooling2D"},
        ],
    },
    "sequence_resizing": {
        "input": {"shape": [20, 4]},
        "layers": [
            {"type": "ZeroPadding1D"},
            {"type": "ZeroPadding1D", "padding": [2, 0]},
            {"type": "UpSampling1D"},
            {"type": "UpSampling1D", "size": 3},
            {"type": "Cropping1D"},
            {"type": "Cropping1D", "cropping": [0, 5]},
            {"type": "LSTM", "units": 3},
        ],
    },
    "unknown_length": {
        "input": {"shape": [None, 4]},
        "layers": [
            {"type": "ZeroPadding1D", "padding": 3},
            {"type": "UpSampling1D"},
            {"type": "Cropping1D", "cropping": 3},
            {"type": "GRU", "units": 2},
        ],
    },
    "resizing_inside_time_distributed": {
        "input": {"shape": [5, 12, 3]},
        "layers": [
            _time_distributed({"type": "Cropping1D", "cropping": [1, 2]}),
            _time_distributed({"type": "UpSampling1D", "size": 2}),
            _time_distributed({"type": "ZeroPadding1D", "padding": 0, "name": "no_padding"}),
            _time_distributed({"type": "Conv1D", "filters": 2, "kernel_size": 3}),
        ],
    },
}


#: Models Keras refuses to build, by what is wrong; lstmcalc refuses each with exit 2.
REFUSED: dict[str, dict[str, Any]] = {
    "cropping_the_whole_sequence": {"input": {"shape": [4, 2]}, "layers": [{"type": "Cropping1D", "cropping": [2, 2]}]},
    "kernel_larger_than_the_image": {
        "input": {"shape": [4, 6, 3]},
        "layers": [{"type": "Conv2D", "filters": 2, "kernel_size": 5}],
    },
    "dilated_kernel_larger_than_the_image": {
        "input": {"shape": [8, 8, 3]},
        "layers": [{"type": "Conv2D", "filters": 2, "kernel_size": 3, "dilation_rate": 4}],
    },
    "pool_larger_than_the_image": {
        "input": {"shape": [3, 8, 3]},
        "layers": [{"type": "MaxPooling2D", "pool_size": [4, 2]}],
    },
    "causal_padding_in_2d": {
        "input": {"shape": [8, 8, 3]},
        "layers": [{"type": "Conv2D", "filters": 2, "kernel_size": 3, "padding": "causal"}],
    },
    "strides_with_dilation": {
        "input": {"shape": [8, 8, 3]},
        "layers": [{"type": "Conv2D", "filters": 2, "kernel_size": 3, "strides": [1, 2], "dilation_rate": [2, 1]}],
    },
    "groups_not_dividing_filters": {
        "input": {"shape": [8, 8, 4]},
        "layers": [{"type": "Conv2D", "filters": 3, "kernel_size": 3, "groups": 2}],
    },
    "groups_not_dividing_channels": {
        "input": {"shape": [8, 8, 3]},
        "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": 3, "groups": 2}],
    },
    "conv2d_on_a_sequence": {
        "input": {"shape": [8, 3]},
        "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": 3}],
    },
    "conv2d_on_frames_without_time_distributed": {
        "input": {"shape": [2, 8, 8, 3]},
        "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": 3}],
    },
    "three_kernel_sizes": {
        "input": {"shape": [8, 8, 3]},
        "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": [3, 3, 3]}],
    },
    "kernel_size_zero": {
        "input": {"shape": [8, 8, 3]},
        "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": [0, 3]}],
    },
    "pooling_strides_zero": {"input": {"shape": [8, 8, 3]}, "layers": [{"type": "MaxPooling2D", "strides": 0}]},
    "average_pooling_without_pool_size": {"input": {"shape": [8, 8, 3]}, "layers": [{"type": "AveragePooling2D"}]},
    "negative_padding": {"input": {"shape": [8, 3]}, "layers": [{"type": "ZeroPadding1D", "padding": -1}]},
    "one_padding_in_a_list": {"input": {"shape": [8, 3]}, "layers": [{"type": "ZeroPadding1D", "padding": [1]}]},
    "upsampling_size_zero": {"input": {"shape": [8, 3]}, "layers": [{"type": "UpSampling1D", "size": 0}]},
    "upsampling_size_in_a_list": {"input": {"shape": [8, 3]}, "layers": [{"type": "UpSampling1D", "size": [2]}]},
    "global_pooling_2d_on_a_sequence": {"input": {"shape": [8, 3]}, "layers": [{"type": "GlobalAveragePooling2D"}]},
    "zero_padding_on_an_image": {"input": {"shape": [8, 8, 3]}, "layers": [{"type": "ZeroPadding1D"}]},
    "frames_smaller_than_the_kernel": {
        "input": {"shape": [5, 2, 8, 3]},
        "layers": [_time_distributed({"type": "Conv2D", "filters": 2, "kernel_size": 3})],
    },
    "frames_cropped_away": {
        "input": {"shape": [5, 2, 8]},
        "layers": [_time_distributed({"type": "Cropping1D", "cropping": 1})],
    },
    "unknown_channels": {
        "input": {"shape": [8, 8, None]},
        "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": 3}],
    },
}


#: A spec under the PyTorch convention: three torch.nn.Conv2d on a channels-last image.
TORCH_IMAGE_SPEC = """\
framework: pytorch
input: {shape: [28, 28, 3]}
layers:
  - {type: Conv2d, out_channels: 8, kernel_size: 3, padding: 1, stride: 2, dilation: 2}
  - {type: Conv2d, out_channels: 4, kernel_size: [3, 1], padding: [0, 2], groups: 2, bias: false, in_channels: 8}
  - {type: Conv2d, out_channels: 4, kernel_size: 5, padding: same, activation: relu}
"""
