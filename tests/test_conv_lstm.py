"""ConvLSTM1D and ConvLSTM2D (issue 14, item 3): an LSTM whose gates are convolutions.

Every name, type, output shape, parameter count and weight below was printed by Keras 3.15.1
(backend torch, CPU) for the same model, built as tests/oracle/test_conv_lstm_oracle.py builds
it: ``keras.Sequential([keras.Input(shape, batch_size=...), *layers])`` from the mapping in
tests/conv_lstm_cases.py, then each layer's ``name``, ``type(layer).__name__``, ``output.shape``,
``count_params()`` and each weight's path inside the layer (less the RNN cell's segment,
``conv_lstm_cell``, which lstmcalc leaves out as it leaves out ``lstm_cell``). The oracle module
re-checks them against a live install; what Keras refuses is listed in ``REFUSED`` there and here.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from lstm_calc.amount import Amount
from lstm_calc.api import summarize_file
from lstm_calc.graph import infer
from lstm_calc.schema import spec_schema
from lstm_calc.spec_mapping import model_from_mapping
from tests.conv_lstm_cases import FIXTURES, MODELS, REFUSED, SUMMARY_CONTRADICTS_CALL, WEATHER_RADAR

#: (name, type, output shape, params, [(weight, shape)]) per layer, as Keras 3.15.1 built each model.
KERAS_LAYERS = {
    "video": [
        (
            "conv_lstm2d",
            "ConvLSTM2D",
            (None, 10, 30, 30, 16),
            11008,
            [("kernel", (3, 3, 3, 64)), ("recurrent_kernel", (3, 3, 16, 64)), ("bias", (64,))],
        ),
        (
            "conv_lstm2d_1",
            "ConvLSTM2D",
            (None, 30, 30, 8),
            6944,
            [("kernel", (3, 3, 16, 32)), ("recurrent_kernel", (3, 3, 8, 32)), ("bias", (32,))],
        ),
        ("flatten", "Flatten", (None, 7200), 0, []),
        ("dense", "Dense", (None, 10), 72010, [("kernel", (7200, 10)), ("bias", (10,))]),
    ],
    "weather_radar": [
        (
            "conv_lstm2d",
            "ConvLSTM2D",
            (None, None, 40, 40, 16),
            27264,
            [("kernel", (5, 5, 1, 64)), ("recurrent_kernel", (5, 5, 16, 64)), ("bias", (64,))],
        ),
        (
            "batch_normalization",
            "BatchNormalization",
            (None, None, 40, 40, 16),
            64,
            [("gamma", (16,)), ("beta", (16,)), ("moving_mean", (16,)), ("moving_variance", (16,))],
        ),
        (
            "conv_lstm2d_1",
            "ConvLSTM2D",
            (None, None, 19, 19, 8),
            6944,
            [("kernel", (3, 3, 16, 32)), ("recurrent_kernel", (3, 3, 8, 32)), ("bias", (32,))],
        ),
        (
            "conv_lstm2d_2",
            "ConvLSTM2D",
            (None, 15, 19, 4),
            576,
            [("kernel", (3, 1, 8, 16)), ("recurrent_kernel", (3, 1, 4, 16))],
        ),
        ("global_average_pooling2d", "GlobalAveragePooling2D", (None, 4), 0, []),
        ("dense", "Dense", (None, 1), 5, [("kernel", (4, 1)), ("bias", (1,))]),
    ],
    "signals_1d": [
        (
            "conv_lstm1d",
            "ConvLSTM1D",
            (None, 20, 19, 6),
            1080,
            [("kernel", (4, 5, 24)), ("recurrent_kernel", (4, 6, 24)), ("bias", (24,))],
        ),
        (
            "conv_lstm1d_1",
            "ConvLSTM1D",
            (None, 19, 3),
            336,
            [("kernel", (3, 6, 12)), ("recurrent_kernel", (3, 3, 12)), ("bias", (12,))],
        ),
        ("dense", "Dense", (None, 19, 2), 8, [("kernel", (3, 2)), ("bias", (2,))]),
    ],
    "returned_states": [
        (
            "conv_lstm2d",
            "ConvLSTM2D",
            [(None, None, 4, 5, 5), (None, 4, 5, 5), (None, 4, 5, 5)],
            860,
            [("kernel", (2, 3, 2, 20)), ("recurrent_kernel", (2, 3, 5, 20)), ("bias", (20,))],
        ),
    ],
    "stateful_backwards": [
        (
            "encoder",
            "ConvLSTM1D",
            (4, 6, 8, 4),
            576,
            [("kernel", (5, 3, 16)), ("recurrent_kernel", (5, 4, 16)), ("bias", (16,))],
        ),
        (
            "conv_lstm1d",
            "ConvLSTM1D",
            [(4, 8, 2), (4, 8, 2), (4, 8, 2)],
            56,
            [("kernel", (1, 4, 8)), ("recurrent_kernel", (1, 2, 8)), ("bias", (8,))],
        ),
    ],
    "conv_lstm_per_clip": [
        (
            "time_distributed",
            "TimeDistributed",
            (None, 3, 6, 6, 3),
            552,
            [
                ("conv_lstm2d/kernel", (3, 3, 2, 12)),
                ("conv_lstm2d/recurrent_kernel", (3, 3, 3, 12)),
                ("conv_lstm2d/bias", (12,)),
            ],
        ),
    ],
    "bidirectional_frames": [
        (
            "bidirectional",
            "Bidirectional",
            (None, 5, 6, 6, 8),
            1760,
            [
                ("forward_conv_lstm2d/kernel", (3, 3, 2, 16)),
                ("forward_conv_lstm2d/recurrent_kernel", (3, 3, 4, 16)),
                ("forward_conv_lstm2d/bias", (16,)),
                ("backward_conv_lstm2d/kernel", (3, 3, 2, 16)),
                ("backward_conv_lstm2d/recurrent_kernel", (3, 3, 4, 16)),
                ("backward_conv_lstm2d/bias", (16,)),
            ],
        ),
        (
            "bidirectional_1",
            "Bidirectional",
            (None, 5, 5, 2),
            656,
            [
                ("forward_conv_lstm2d_1/kernel", (2, 2, 8, 8)),
                ("forward_conv_lstm2d_1/recurrent_kernel", (2, 2, 2, 8)),
                ("forward_conv_lstm2d_1/bias", (8,)),
                ("backward_conv_lstm2d_1/kernel", (2, 2, 8, 8)),
                ("backward_conv_lstm2d_1/recurrent_kernel", (2, 2, 2, 8)),
                ("backward_conv_lstm2d_1/bias", (8,)),
            ],
        ),
        ("flatten", "Flatten", (None, 50), 0, []),
        ("dense", "Dense", (None, 3), 153, [("kernel", (50, 3)), ("bias", (3,))]),
    ],
    "bidirectional_merge_modes": [
        (
            "bidirectional",
            "Bidirectional",
            (None, None, 9, 3),
            312,
            [
                ("forward_conv_lstm1d/kernel", (2, 3, 12)),
                ("forward_conv_lstm1d/recurrent_kernel", (2, 3, 12)),
                ("forward_conv_lstm1d/bias", (12,)),
                ("backward_conv_lstm1d/kernel", (2, 3, 12)),
                ("backward_conv_lstm1d/recurrent_kernel", (2, 3, 12)),
                ("backward_conv_lstm1d/bias", (12,)),
            ],
        ),
        (
            "bidirectional_1",
            "Bidirectional",
            (None, None, 9, 3),
            312,
            [
                ("forward_conv_lstm1d_1/kernel", (2, 3, 12)),
                ("forward_conv_lstm1d_1/recurrent_kernel", (2, 3, 12)),
                ("forward_conv_lstm1d_1/bias", (12,)),
                ("backward_conv_lstm1d_1/kernel", (2, 3, 12)),
                ("backward_conv_lstm1d_1/recurrent_kernel", (2, 3, 12)),
                ("backward_conv_lstm1d_1/bias", (12,)),
            ],
        ),
        (
            "bidirectional_2",
            "Bidirectional",
            (None, None, 9, 6),
            312,
            [
                ("forward_conv_lstm1d_2/kernel", (2, 3, 12)),
                ("forward_conv_lstm1d_2/recurrent_kernel", (2, 3, 12)),
                ("forward_conv_lstm1d_2/bias", (12,)),
                ("backward_conv_lstm1d_2/kernel", (2, 3, 12)),
                ("backward_conv_lstm1d_2/recurrent_kernel", (2, 3, 12)),
                ("backward_conv_lstm1d_2/bias", (12,)),
            ],
        ),
    ],
    "bidirectional_states_unmerged": [
        (
            "bidirectional",
            "Bidirectional",
            [(None, 5, 5, 3), (None, 5, 5, 3), (None, 5, 5, 3), (None, 5, 5, 3), (None, 5, 5, 3), (None, 5, 5, 3)],
            600,
            [
                ("forward_conv_lstm2d/kernel", (2, 3, 1, 12)),
                ("forward_conv_lstm2d/recurrent_kernel", (2, 3, 3, 12)),
                ("forward_conv_lstm2d/bias", (12,)),
                ("backward_conv_lstm2d/kernel", (2, 3, 1, 12)),
                ("backward_conv_lstm2d/recurrent_kernel", (2, 3, 3, 12)),
                ("backward_conv_lstm2d/bias", (12,)),
            ],
        ),
    ],
    "bidirectional_states_concatenated": [
        (
            "bidirectional",
            "Bidirectional",
            [(None, 4, 4, 4), (None, 4, 2), (None, 4, 2), (None, 4, 2), (None, 4, 2)],
            192,
            [
                ("forward_conv_lstm1d/kernel", (3, 2, 8)),
                ("forward_conv_lstm1d/recurrent_kernel", (3, 2, 8)),
                ("backward_conv_lstm1d/kernel", (3, 2, 8)),
                ("backward_conv_lstm1d/recurrent_kernel", (3, 2, 8)),
            ],
        ),
    ],
    "bidirectional_backward_layer": [
        (
            "both_ways",
            "Bidirectional",
            (None, 6, 6, 4),
            336,
            [
                ("forward_ahead/kernel", (3, 3, 2, 8)),
                ("forward_ahead/recurrent_kernel", (3, 3, 2, 8)),
                ("forward_ahead/bias", (8,)),
                ("behind/kernel", (1, 1, 2, 8)),
                ("behind/recurrent_kernel", (1, 1, 2, 8)),
                ("behind/bias", (8,)),
            ],
        ),
    ],
    "bidirectional_stateful": [
        (
            "bidirectional",
            "Bidirectional",
            (2, 3, 4),
            208,
            [
                ("forward_conv_lstm1d/kernel", (3, 2, 8)),
                ("forward_conv_lstm1d/recurrent_kernel", (3, 2, 8)),
                ("forward_conv_lstm1d/bias", (8,)),
                ("backward_conv_lstm1d/kernel", (3, 2, 8)),
                ("backward_conv_lstm1d/recurrent_kernel", (3, 2, 8)),
                ("backward_conv_lstm1d/bias", (8,)),
            ],
        ),
    ],
}


def rows(summary):
    return [
        (row.name, row.type, row.output_shape, row.params, [(weight.name, weight.shape) for weight in row.weights])
        for row in summary.layers
    ]


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_layer_is_what_keras_builds(model):
    assert rows(infer(model_from_mapping(MODELS[model]))) == KERAS_LAYERS[model]


def test_every_model_is_pinned():
    assert sorted(KERAS_LAYERS) == sorted(MODELS)


# What Keras 3.15.1's model.summary() prints for tests/fixtures/conv_lstm/weather_radar.yaml, built
# with COLUMNS=80 (Keras ends it with one more empty line, which `lstmcalc summary` leaves out).
WEATHER_RADAR_SUMMARY = """\
Model: "weather_radar"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ conv_lstm2d (ConvLSTM2D)        │ (None, None, 40, 40,   │        27,264 │
│                                 │ 16)                    │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ batch_normalization             │ (None, None, 40, 40,   │            64 │
│ (BatchNormalization)            │ 16)                    │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ conv_lstm2d_1 (ConvLSTM2D)      │ (None, None, 19, 19,   │         6,944 │
│                                 │ 8)                     │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ conv_lstm2d_2 (ConvLSTM2D)      │ (None, 15, 19, 4)      │           576 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ global_average_pooling2d        │ (None, 4)              │             0 │
│ (GlobalAveragePooling2D)        │                        │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 1)              │             5 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 34,853 (136.14 KB)
 Trainable params: 34,821 (136.02 KB)
 Non-trainable params: 32 (128.00 B)
"""


def test_the_weather_radar_summary_is_keras_own_text(run):
    result = run("summary", str(WEATHER_RADAR))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == WEATHER_RADAR_SUMMARY


def test_the_model_json_keras_wrote_reads_as_the_yaml_spec(run):
    """weather_radar.json is ``model.to_json(indent=1)`` of the same model, from Keras 3.15.1 itself."""
    from_json = summarize_file(str(FIXTURES / "weather_radar.json"))
    assert rows(from_json) == KERAS_LAYERS["weather_radar"]
    assert run("summary", str(FIXTURES / "weather_radar.json")).stdout == WEATHER_RADAR_SUMMARY


def test_a_converted_keras_model_keeps_what_differs_from_keras_defaults(run):
    result = run("convert", str(FIXTURES / "weather_radar.json"))
    assert result.exit_code == 0, result.stderr
    converted = yaml.safe_load(result.stdout)
    # Keras writes every size as a tuple and every default (unroll, zero_output_for_mask,
    # unit_forget_bias, initializers, ConvLSTM's own tanh...): a spec keeps the sizes and drops
    # the defaults.
    assert [layer for layer in converted["layers"] if layer["type"] == "ConvLSTM2D"] == [
        {
            "type": "ConvLSTM2D",
            "filters": 16,
            "kernel_size": [5, 5],
            "padding": "same",
            "return_sequences": True,
            "activation": "relu",
        },
        {
            "type": "ConvLSTM2D",
            "filters": 8,
            "kernel_size": [3, 3],
            "strides": [2, 2],
            "return_sequences": True,
            "dropout": 0.2,
        },
        {
            "type": "ConvLSTM2D",
            "filters": 4,
            "kernel_size": [3, 1],
            "dilation_rate": [2, 1],
            "use_bias": False,
        },
    ]


# -- A graph: the states h and c are images, (batch, rows', cols', filters) --

GRAPH = """\
inputs:
  frames: {shape: [4, 8, 8, 2]}
  h0: {shape: [6, 6, 3]}
  c0: {shape: [6, 6, 3]}
layers:
  - {type: ConvLSTM2D, filters: 3, kernel_size: 3, inputs: frames, initial_state: [h0, c0]}
"""

# Keras 3.15.1, COLUMNS=80: x = keras.Input((4, 8, 8, 2), name="frames"), h0 and c0 keras.Input((6, 6, 3)),
# keras.Model([x, h0, c0], keras.layers.ConvLSTM2D(3, 3)(x, initial_state=[h0, c0])).summary()
GRAPH_SUMMARY = """\
Model: "functional"
┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
│ frames (InputLayer) │ (None, 4, 8, 8,   │          0 │ -                 │
│                     │ 2)                │            │                   │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ h0 (InputLayer)     │ (None, 6, 6, 3)   │          0 │ -                 │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ c0 (InputLayer)     │ (None, 6, 6, 3)   │          0 │ -                 │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ conv_lstm2d         │ (None, 6, 6, 3)   │        552 │ frames[0][0],     │
│ (ConvLSTM2D)        │                   │            │ h0[0][0],         │
│                     │                   │            │ c0[0][0]          │
└─────────────────────┴───────────────────┴────────────┴───────────────────┘
 Total params: 552 (2.16 KB)
 Trainable params: 552 (2.16 KB)
 Non-trainable params: 0 (0.00 B)
"""


def test_a_conv_lstm_starts_from_given_states(run):
    result = run("summary", "-", stdin=GRAPH)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == GRAPH_SUMMARY


def test_states_of_another_size_are_refused(run):
    # Keras takes them symbolically and fails once the model runs (h is added to a 6 x 6 convolution).
    result = run("summary", "-", stdin=GRAPH.replace("[6, 6, 3]", "[5, 5, 3]"))
    assert (result.exit_code, result.stderr) == (
        2,
        "<stdin>:6:83: error: layer 'conv_lstm2d' (ConvLSTM2D) starts from initial_state "
        "[(None, 5, 5, 3), (None, 5, 5, 3)], but its states have the shapes [(None, 6, 6, 3), (None, 6, 6, 3)]\n",
    )


# -- MACs: per step and output position, k... × (channels + filters) × 4·filters --
# ConvLSTMCell.call convolves the input with the layer's strides, padding and dilation, and h
# with strides 1 and padding same: both give the step output's positions.


def test_macs_of_the_video_model():
    summary = infer(model_from_mapping(MODELS["video"]))
    assert [row.macs for row in summary.layers] == [
        Amount(10 * (30 * 30) * (3 * 3) * (3 + 16) * (4 * 16)),
        Amount(10 * (30 * 30) * (3 * 3) * (16 + 8) * (4 * 8)),  # padding same: 30 x 30 positions
        Amount(0),
        Amount(7200 * 10),
    ]


def test_macs_per_frame_when_the_number_of_frames_is_unknown(run):
    result = run("summary", str(WEATHER_RADAR), "--stats", "--format", "json")
    assert result.exit_code == 0, result.stderr
    macs = [layer["macs"] for layer in json.loads(result.stdout)["layers"]]
    assert [macs[0], macs[2], macs[3]] == [
        {"fixed": 0, "per_time_step": (40 * 40) * (5 * 5) * (1 + 16) * (4 * 16)},
        {"fixed": 0, "per_time_step": (19 * 19) * (3 * 3) * (16 + 8) * (4 * 8)},
        {"fixed": 0, "per_time_step": (15 * 19) * (3 * 1) * (8 + 4) * (4 * 4)},  # no bias: the same MACs
    ]


def test_macs_of_conv_lstm_1d():
    summary = infer(model_from_mapping(MODELS["signals_1d"]))
    assert [row.macs for row in summary.layers[:2]] == [
        Amount(20 * 19 * 4 * (5 + 6) * (4 * 6)),
        Amount(20 * 19 * 3 * (6 + 3) * (4 * 3)),
    ]


# -- What Keras refuses, lstmcalc refuses: exit 2, at the argument or layer at fault --

REFUSALS = {
    "kernel_larger_than_the_frame": "<stdin>:4:47: error: layer 'conv_lstm2d' (ConvLSTM2D) would output -1 rows: "
    "its kernel_size of 5 rows is larger than the 3 input rows; use a larger input, a smaller kernel_size or "
    "padding: same",
    "dilated_kernel_larger_than_the_signal": "<stdin>:4:47: error: layer 'conv_lstm1d' (ConvLSTM1D) would output "
    "-1 positions: its kernel_size of 3 positions (dilated by 3: 7) is larger than the 5 input positions; use a "
    "larger input, a smaller kernel_size or padding: same",
    "frames_without_a_time_axis": "<stdin>:4:3: error: layer 'conv_lstm2d' (ConvLSTM2D) needs a 5-D input (batch, "
    "time_steps, rows, cols, channels) but receives (None, 8, 8, 2); input.shape lists every axis after the batch: "
    "[time_steps, rows, cols, channels]",
    "signals_as_frames": "<stdin>:4:3: error: layer 'conv_lstm1d' (ConvLSTM1D) needs a 4-D input (batch, "
    "time_steps, length, channels) but receives (None, 4, 8, 8, 2); ConvLSTM2D takes sequences of frames (batch, "
    "time_steps, rows, cols, channels)",
    "time_axis_dropped_before_the_next": "<stdin>:5:3: error: layer 'conv_lstm2d_1' (ConvLSTM2D) needs a 5-D input "
    "(batch, time_steps, rows, cols, channels) but receives (None, 6, 6, 4); set return_sequences: true on "
    "'conv_lstm2d'",
    "strides_with_dilation": "<stdin>:4:59: error: layer 'conv_lstm2d' (ConvLSTM2D) has strides > 1 together with "
    "dilation_rate > 1, which Keras does not support",
    "unknown_rows": "<stdin>:4:3: error: layer 'conv_lstm2d' (ConvLSTM2D) needs known rows and cols (Keras's "
    "ConvLSTM takes static spatial sizes) but receives (None, 4, None, 8, 2)",
    "unknown_channels": "<stdin>:4:3: error: layer 'conv_lstm1d' (ConvLSTM1D) needs a known last axis (channels) to "
    "size its kernels but receives (None, 4, 8, None)",
    "stateful_without_a_batch_size": "<stdin>:4:60: error: layer 'conv_lstm2d' (ConvLSTM2D) is stateful, so it needs "
    "a fixed batch size, but the batch size is unknown; set input.batch_size (or batch_input_shape on the first "
    "layer)",
    "causal_padding": "<stdin>:4:59: error: ConvLSTM1D argument 'padding': expected one of 'valid', 'same', got "
    "'causal'",
    "three_kernel_sizes": "<stdin>:6:16: error: ConvLSTM2D argument 'kernel_size': expected a positive integer, or "
    "a list of two, got [3, 3, 3]",
    "two_kernel_sizes_in_1d": "<stdin>:6:16: error: ConvLSTM1D argument 'kernel_size': expected a positive "
    "integer, got a list",
    "strides_zero": "<stdin>:4:59: error: ConvLSTM2D argument 'strides': expected a positive integer, or a list of "
    "two, got 0",
    "bidirectional_on_a_sequence": "<stdin>:4:3: error: layer 'bidirectional' (Bidirectional) needs a 5-D input "
    "(batch, time_steps, rows, cols, channels) but receives (None, 4, 8); input.shape lists every axis after the "
    "batch: [time_steps, rows, cols, channels]",
    "bidirectional_of_signals_on_frames": "<stdin>:4:3: error: layer 'bidirectional' (Bidirectional) needs a 4-D "
    "input (batch, time_steps, length, channels) but receives (None, 4, 8, 8, 2); ConvLSTM2D takes sequences of "
    "frames (batch, time_steps, rows, cols, channels)",
    "bidirectional_of_a_backwards_layer": "<stdin>:5:10: error: layer 'bidirectional' (Bidirectional) wraps "
    "'conv_lstm1d', which has go_backwards: true, so both copies would run backwards; leave go_backwards out "
    "(Bidirectional makes the backward copy)",
    "bidirectional_stateful_without_a_batch_size": "<stdin>:5:67: error: layer 'bidirectional' (Bidirectional) "
    "wraps 'forward_conv_lstm1d' (ConvLSTM1D), which is stateful, so it needs a fixed batch size, but the batch "
    "size is unknown; set input.batch_size (or batch_input_shape on the first layer)",
    "bidirectional_backward_layer_other_return_sequences": "<stdin>:6:19: error: layer 'bidirectional' "
    "(Bidirectional) needs the same return_sequences on its layer and backward_layer, got False and True",
    "bidirectional_kernel_larger_than_the_frame": "<stdin>:5:54: error: layer 'bidirectional' (Bidirectional) wraps "
    "'forward_conv_lstm2d' (ConvLSTM2D), which would output 0 rows: its kernel_size of 4 rows is larger than the 3 "
    "input rows; use a larger input, a smaller kernel_size or padding: same",
}


def spec_text(spec) -> str:
    """The spec as YAML, as the oracle module writes it (block style, one layer key a line)."""
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_keras_refuses_is_refused_at_its_place(run, case):
    result = run("summary", "-", stdin=spec_text(REFUSED[case]))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == REFUSALS[case] + "\n"


def test_every_refusal_is_pinned():
    assert sorted(REFUSALS) == sorted(REFUSED)


#: lstmcalc's refusal of each: what Keras's call gives differs from its summary (the forward layer's
#: shape), or Keras builds it but cannot run it; the oracle module runs each model on zeros.
CALLED = {
    "bidirectional_backward_layer_other_filters": "<stdin>:6:19: error: layer 'bidirectional' (Bidirectional) "
    "gives (None, 6, 6, 7) from its layer and backward_layer (merge_mode concat), but Keras's summary sizes the "
    "output from the forward layer alone, as forward filters × 2 = 2 × 2 = 4, (None, 6, 6, 4), and builds the next "
    "layer on that, so the model cannot run past it; give backward_layer the same units and settings as the layer",
    "bidirectional_sum_broadcasts_a_length_of_one": "<stdin>:7:19: error: layer 'bidirectional' (Bidirectional) "
    "gives (None, 9, 2) from its layer and backward_layer (merge_mode sum), but Keras's summary sizes the output "
    "from the forward layer alone, as the forward layer's (None, 1, 2), and builds the next layer on that, so the "
    "model cannot run past it; give backward_layer the same units and settings as the layer",
    "bidirectional_backward_lstm_on_frames": "<stdin>:6:19: error: layer 'bidirectional' (Bidirectional) wraps "
    "'lstm' (LSTM), which needs a 3-D input (batch, time_steps, features) but receives (None, 3, 6, 6, 2)",
    "bidirectional_backward_layer_other_length": "<stdin>:6:19: error: layer 'bidirectional' (Bidirectional) cannot "
    "merge its forward output (None, 9, 2) and backward output (None, 8, 2) with merge_mode concat (every axis but "
    "the last must agree); Keras builds this but cannot run it; give backward_layer the settings that make its "
    "output the same shape",
}


@pytest.mark.parametrize("case", sorted(SUMMARY_CONTRADICTS_CALL))
def test_bidirectional_refuses_where_the_summary_contradicts_the_call(run, case):
    spec, _ = SUMMARY_CONTRADICTS_CALL[case]
    result = run("summary", "-", stdin=spec_text(spec))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", CALLED[case] + "\n")


def test_every_contradiction_is_pinned():
    assert sorted(CALLED) == sorted(SUMMARY_CONTRADICTS_CALL)


def test_channels_first_is_refused_as_every_layer_refuses_it(run):
    # Keras builds it ((None, 4, 6, 6) on (None, 4, 2, 8, 8)); lstmcalc counts channels last only.
    spec = (
        "input: {shape: [4, 2, 8, 8]}\n"
        "layers: [{type: ConvLSTM2D, filters: 4, kernel_size: 3, data_format: channels_first}]\n"
    )
    result = run("summary", "-", stdin=spec)
    assert (result.exit_code, result.stderr) == (
        2,
        "<stdin>:2:70: error: ConvLSTM2D argument 'data_format': expected one of 'channels_last', null, got "
        "'channels_first'\n",
    )


# -- No torch.nn counterpart; not a kind of params or explain --


def test_compare_says_there_is_no_torch_counterpart(run):
    result = run("summary", str(WEATHER_RADAR), "--compare")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:4] == [
        "conv_lstm2d (ConvLSTM2D)                           27,264        -     -",
        "    no torch.nn counterpart in lstmcalc's PyTorch convention",
    ]


def test_the_pytorch_convention_has_no_conv_lstm(run):
    spec = "framework: pytorch\ninput: {shape: [4, 8, 2]}\nlayers: [{type: ConvLSTM1D, filters: 2, kernel_size: 3}]\n"
    result = run("summary", "-", stdin=spec)
    assert result.exit_code == 2
    assert "ConvLSTM1D is a Keras layer with no torch.nn counterpart, so the PyTorch convention" in result.stderr


def test_export_to_pytorch_is_refused_at_the_layer(run):
    result = run("export", str(WEATHER_RADAR), "--to", "pytorch")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "ConvLSTM2D is a Keras layer with no torch.nn counterpart" in result.stderr


def test_params_shows_the_formula_with_the_users_numbers(run):
    """Keras 3.15.1: ConvLSTM2D(32, 3) on 3 channels, count_params() 40,448, with these weights."""
    result = run("params", "convlstm2d", "--filters", "32", "--kernel-size", "3", "--input-dim", "3")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "ConvLSTM2D params = 4 × filters × (kernel_size × kernel_size × (input_dim + filters) + 1) "
        "= 4 × 32 × (3 × 3 × (3 + 32) + 1) = 40,448\n"
        "\n"
        "  kernel            (3, 3, 3, 128)    3,456\n"
        "  recurrent_kernel  (3, 3, 32, 128)  36,864\n"
        "  bias              (128,)              128\n"
    )


def test_params_refuses_the_pytorch_convention(run):
    result = run(
        "params", "convlstm2d", "--filters", "4", "--kernel-size", "3", "--input-dim", "2", "--framework", "pytorch"
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: ConvLSTM2D is a Keras layer with no torch.nn counterpart; leave out --framework pytorch\n"
    )


def test_params_of_a_layer_of_a_spec_with_a_kernel_that_is_not_square():
    """The formula of weather_radar's last layer (kernel (3, 1), no bias) names each kernel axis."""
    layer = infer(model_from_mapping(MODELS["weather_radar"]))
    spec = model_from_mapping(MODELS["weather_radar"]).layers[3]
    expression = spec.layer.params_formula(layer.layers[3].input_shape)
    assert expression.symbolic() == "4 × filters × kernel_rows × kernel_cols × (input_dim + filters)"
    assert expression.substituted() == "4 × 4 × 3 × 1 × (8 + 4)"
    assert expression.value() == 576


EXPLAINED_SPEC = """\
input: {shape: [6, 9, 9, 2], batch_size: 4}
layers:
  - {type: ConvLSTM2D, filters: 3, kernel_size: [3, 2], strides: 2, use_bias: false, return_sequences: true}
"""


def test_explain_draws_the_convolution_cell_with_each_kernels_shape(run, golden):
    """Shapes from Keras 3.15.1: kernel (3, 2, 2, 12), recurrent_kernel (3, 2, 3, 12); h and c (4, 4, 4, 3)
    (return_state=True's states), the output (4, 6, 4, 4, 3)."""
    result = run("explain", "-", stdin=EXPLAINED_SPEC)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "ConvLSTM2D params = 4 × filters × kernel_rows × kernel_cols × (input_dim + filters) "
        "= 4 × 3 × 3 × 2 × (2 + 3) = 360"
    )
    assert "  input gate      i_t = σ(W_i ∗ x_t + U_i ∗ h_{t-1})" in lines
    golden("explain/conv_lstm2d_strided.out", result.stdout)


def test_explain_a_spec_with_conv_lstm_layers_explains_each(run):
    result = run("explain", str(WEATHER_RADAR))
    assert (result.exit_code, result.stderr) == (0, "")
    heads = [line for line in result.stdout.splitlines() if " params" in line and ":" in line and "=" not in line]
    assert heads == [
        "conv_lstm2d (ConvLSTM2D): 27,264 params",
        "conv_lstm2d_1 (ConvLSTM2D): 6,944 params",
        "conv_lstm2d_2 (ConvLSTM2D): 576 params",
    ]


def test_explain_from_options_leaves_the_frame_unknown(run):
    """Options give the channels, not the frame: kernels as Keras 3.15.1 builds ConvLSTM2D(16, 3) on one
    channel (kernel (3, 3, 1, 64), recurrent_kernel (3, 3, 16, 64), bias (64,): 9,856), h and c of unknown
    rows and cols."""
    result = run("explain", "convlstm2d", "--filters", "16", "--kernel-size", "3", "--input-dim", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "conv_lstm2d (ConvLSTM2D): 9,856 params",
        "ConvLSTM2D params = 4 × filters × (kernel_size × kernel_size × (input_dim + filters) + 1) "
        "= 4 × 16 × (3 × 3 × (1 + 16) + 1) = 9,856",
    ]
    assert lines[34:39] == [
        "States, carried from one time step to the next:",
        "  h  hidden state  (None, None, 16) without the batch axis,",
        "                   (None, None, None, 16) with it",
        "  c  cell state    (None, None, 16) without the batch axis,",
        "                   (None, None, None, 16) with it",
    ]
    assert "  kernel            (3, 3, 1, 64)   last axis 0:16 W_i, 16:32 W_f, 32:48 W_c," in lines


def test_explain_from_options_refuses_the_pytorch_convention(run):
    result = run(
        "explain", "convlstm1d", "--filters", "2", "--kernel-size", "3", "--input-dim", "1", "--framework", "pytorch"
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: ConvLSTM1D is a Keras layer with no torch.nn counterpart; leave out --framework pytorch\n"
    )


# -- Written back as Keras code, and read from it --


def test_export_to_keras_writes_the_layers_as_given(run):
    result = run("export", str(WEATHER_RADAR), "--to", "keras")
    assert result.exit_code == 0, result.stderr
    assert (
        "        keras.Input(shape=(None, 40, 40, 1)),\n"
        '        layers.ConvLSTM2D(16, 5, padding="same", return_sequences=True, activation="relu"),\n'
        "        layers.BatchNormalization(),\n"
        "        layers.ConvLSTM2D(8, 3, strides=2, return_sequences=True, dropout=0.2),\n"
        "        layers.ConvLSTM2D(4, (3, 1), dilation_rate=(2, 1), use_bias=False),\n"
    ) in result.stdout


def test_exported_keras_code_reads_back_as_the_same_model(run, tmp_path):
    code = tmp_path / "model.py"
    code.write_text(run("export", str(WEATHER_RADAR), "--to", "keras").stdout, encoding="utf-8")
    assert rows(summarize_file(str(code))) == KERAS_LAYERS["weather_radar"]


# -- The JSON Schema that editors check specs with agrees --

VALIDATOR = jsonschema.Draft202012Validator(spec_schema())


@pytest.mark.parametrize("case", sorted(MODELS))
def test_the_schema_accepts_every_model(case):
    assert list(VALIDATOR.iter_errors(MODELS[case])) == []


@pytest.mark.parametrize("case", ["causal_padding", "three_kernel_sizes", "two_kernel_sizes_in_1d", "strides_zero"])
def test_the_schema_refuses_the_bad_arguments(case):
    assert not VALIDATOR.is_valid(REFUSED[case])
