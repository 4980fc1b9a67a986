"""The CNN-LSTM front ends (issue 14, item 4): Conv2D, MaxPooling2D, AveragePooling2D,
GlobalAveragePooling2D, GlobalMaxPooling2D, ZeroPadding1D, UpSampling1D and Cropping1D, on their
own and inside TimeDistributed.

Every name, type, output shape, parameter count and weight below was printed by Keras 3.15.1
(backend torch 2.13, CPU) for the same model, built as tests/oracle/test_cnn_front_ends_oracle.py
builds it: ``keras.Sequential([keras.Input(shape), *layers])`` from the mapping in
tests/cnn_front_end_cases.py, then each layer's ``name``, ``type(layer).__name__``,
``output.shape``, ``count_params()`` and each weight's path inside the layer (less the RNN
cell's segment, ``lstm_cell``, which lstmcalc leaves out). The oracle module re-checks them
against a live install; what Keras refuses is listed in ``REFUSED`` there and here.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from lstm_calc.amount import Amount
from lstm_calc.api import summarize_file
from lstm_calc.arguments import as_pair, non_negative_pair, optional_positive_pair, positive_pair
from lstm_calc.graph import infer
from lstm_calc.spec_mapping import model_from_mapping
from tests.cnn_front_end_cases import FIXTURES, MODELS, REFUSED, TORCH_IMAGE_SPEC, VIDEO_CLASSIFIER

#: (name, type, output shape, params, [(weight, shape)]) per layer, as Keras 3.15.1 built each model.
KERAS_LAYERS = {
    "video_classifier": [
        (
            "time_distributed",
            "TimeDistributed",
            (None, 16, 64, 64, 16),
            448,
            [("conv2d/kernel", (3, 3, 3, 16)), ("conv2d/bias", (16,))],
        ),
        ("time_distributed_1", "TimeDistributed", (None, 16, 32, 32, 16), 0, []),
        (
            "time_distributed_2",
            "TimeDistributed",
            (None, 16, 15, 15, 32),
            4640,
            [("conv2d_1/kernel", (3, 3, 16, 32)), ("conv2d_1/bias", (32,))],
        ),
        ("time_distributed_3", "TimeDistributed", (None, 16, 5, 8, 32), 0, []),
        ("time_distributed_4", "TimeDistributed", (None, 16, 1280), 0, []),
        (
            "lstm",
            "LSTM",
            (None, 64),
            344320,
            [("kernel", (1280, 256)), ("recurrent_kernel", (64, 256)), ("bias", (256,))],
        ),
        ("dense", "Dense", (None, 5), 325, [("kernel", (64, 5)), ("bias", (5,))]),
    ],
    "frames_to_global_pooling": [
        (
            "time_distributed",
            "TimeDistributed",
            (None, 10, 30, 30, 16),
            448,
            [("conv2d/kernel", (3, 3, 3, 16)), ("conv2d/bias", (16,))],
        ),
        ("time_distributed_1", "TimeDistributed", (None, 10, 15, 15, 16), 0, []),
        (
            "time_distributed_2",
            "TimeDistributed",
            (None, 10, 8, 8, 32),
            3872,
            [("conv2d_1/kernel", (3, 5, 8, 32)), ("conv2d_1/bias", (32,))],
        ),
        ("time_distributed_3", "TimeDistributed", (None, 10, 8, 4, 32), 0, []),
        ("time_distributed_4", "TimeDistributed", (None, 10, 1, 1, 32), 0, []),
        ("time_distributed_5", "TimeDistributed", (None, 10, 32), 0, []),
        ("lstm", "LSTM", (None, 8), 1312, [("kernel", (32, 32)), ("recurrent_kernel", (8, 32)), ("bias", (32,))]),
    ],
    "image_stack": [
        ("conv2d", "Conv2D", (None, 24, 24, 8), 200, [("kernel", (5, 5, 1, 8))]),
        ("conv2d_1", "Conv2D", (None, 12, 24, 8), 584, [("kernel", (3, 3, 8, 8)), ("bias", (8,))]),
        ("max_pooling2d", "MaxPooling2D", (None, 11, 22, 8), 0, []),
        ("average_pooling2d", "AveragePooling2D", (None, 6, 11, 8), 0, []),
        ("conv2d_2", "Conv2D", (None, 6, 11, 4), 1572, [("kernel", (7, 7, 8, 4)), ("bias", (4,))]),
        ("max_pooling2d_1", "MaxPooling2D", (None, 1, 6, 4), 0, []),
        ("global_max_pooling2d", "GlobalMaxPooling2D", (None, 1, 1, 4), 0, []),
        ("dense", "Dense", (None, 1, 1, 3), 15, [("kernel", (4, 3)), ("bias", (3,))]),
    ],
    "unknown_image_sizes": [
        ("conv2d", "Conv2D", (None, None, None, 4), 112, [("kernel", (3, 3, 3, 4)), ("bias", (4,))]),
        ("max_pooling2d", "MaxPooling2D", (None, None, None, 4), 0, []),
        ("conv2d_1", "Conv2D", (None, None, None, 6), 42, [("kernel", (1, 3, 2, 6)), ("bias", (6,))]),
        ("global_average_pooling2d", "GlobalAveragePooling2D", (None, 6), 0, []),
    ],
    "sequence_resizing": [
        ("zero_padding1d", "ZeroPadding1D", (None, 22, 4), 0, []),
        ("zero_padding1d_1", "ZeroPadding1D", (None, 24, 4), 0, []),
        ("up_sampling1d", "UpSampling1D", (None, 48, 4), 0, []),
        ("up_sampling1d_1", "UpSampling1D", (None, 144, 4), 0, []),
        ("cropping1d", "Cropping1D", (None, 142, 4), 0, []),
        ("cropping1d_1", "Cropping1D", (None, 137, 4), 0, []),
        ("lstm", "LSTM", (None, 3), 96, [("kernel", (4, 12)), ("recurrent_kernel", (3, 12)), ("bias", (12,))]),
    ],
    "unknown_length": [
        ("zero_padding1d", "ZeroPadding1D", (None, None, 4), 0, []),
        ("up_sampling1d", "UpSampling1D", (None, None, 4), 0, []),
        ("cropping1d", "Cropping1D", (None, None, 4), 0, []),
        ("gru", "GRU", (None, 2), 48, [("kernel", (4, 6)), ("recurrent_kernel", (2, 6)), ("bias", (2, 6))]),
    ],
    "resizing_inside_time_distributed": [
        ("time_distributed", "TimeDistributed", (None, 5, 9, 3), 0, []),
        ("time_distributed_1", "TimeDistributed", (None, 5, 18, 3), 0, []),
        ("time_distributed_2", "TimeDistributed", (None, 5, 18, 3), 0, []),
        (
            "time_distributed_3",
            "TimeDistributed",
            (None, 5, 16, 2),
            20,
            [("conv1d/kernel", (3, 3, 2)), ("conv1d/bias", (2,))],
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


# What Keras 3.15.1's model.summary() prints for tests/fixtures/cnn/video_classifier.yaml, built
# with COLUMNS=80 (Keras ends it with one more empty line, which `lstmcalc summary` leaves out).
VIDEO_CLASSIFIER_SUMMARY = """\
Model: "video_classifier"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ time_distributed                │ (None, 16, 64, 64, 16) │           448 │
│ (TimeDistributed)               │                        │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ time_distributed_1              │ (None, 16, 32, 32, 16) │             0 │
│ (TimeDistributed)               │                        │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ time_distributed_2              │ (None, 16, 15, 15, 32) │         4,640 │
│ (TimeDistributed)               │                        │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ time_distributed_3              │ (None, 16, 5, 8, 32)   │             0 │
│ (TimeDistributed)               │                        │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ time_distributed_4              │ (None, 16, 1280)       │             0 │
│ (TimeDistributed)               │                        │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ lstm (LSTM)                     │ (None, 64)             │       344,320 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 5)              │           325 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 349,733 (1.33 MB)
 Trainable params: 349,733 (1.33 MB)
 Non-trainable params: 0 (0.00 B)
"""


def test_the_cnn_lstm_summary_is_keras_own_text(run):
    result = run("summary", str(VIDEO_CLASSIFIER))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == VIDEO_CLASSIFIER_SUMMARY


def test_the_model_json_keras_wrote_reads_as_the_yaml_spec(run):
    """video_classifier.json is ``model.to_json(indent=1)`` of the same model, from Keras 3.15.1 itself."""
    from_json = summarize_file(str(FIXTURES / "video_classifier.json"))
    assert rows(from_json) == KERAS_LAYERS["video_classifier"]
    assert run("summary", str(FIXTURES / "video_classifier.json")).stdout == VIDEO_CLASSIFIER_SUMMARY


def test_a_converted_keras_model_leaves_out_what_keras_writes_at_its_defaults(run):
    result = run("convert", str(FIXTURES / "video_classifier.json"))
    assert result.exit_code == 0, result.stderr
    converted = yaml.safe_load(result.stdout)
    assert [layer.get("layer") for layer in converted["layers"][:5]] == [
        {"type": "Conv2D", "filters": 16, "kernel_size": [3, 3], "padding": "same", "activation": "relu"},
        # Keras writes the strides it takes from pool_size: a spec keeps them.
        {"type": "MaxPooling2D", "strides": [2, 2]},
        {"type": "Conv2D", "filters": 32, "kernel_size": [3, 3], "strides": [2, 2], "activation": "relu"},
        {"type": "AveragePooling2D", "pool_size": [3, 2], "strides": [3, 2], "padding": "same"},
        {"type": "Flatten"},
    ]


# -- MACs: Conv2D does kernel_rows · kernel_cols · (channels / groups) · filters per output position --


def test_macs_of_the_cnn_lstm():
    summary = infer(model_from_mapping(MODELS["video_classifier"]))
    assert [row.macs for row in summary.layers] == [
        Amount(16 * (64 * 64) * (3 * 3 * 3 * 16)),  # every frame: 64 x 64 positions ("same")
        Amount(0),
        Amount(16 * (15 * 15) * (3 * 3 * 16 * 32)),
        Amount(0),
        Amount(0),
        Amount(16 * (1280 * 256 + 64 * 256)),  # the LSTM's kernel and recurrent kernel, every step
        Amount(64 * 5),
    ]


def test_macs_of_grouped_convolutions_and_unknown_sizes():
    grouped = infer(model_from_mapping(MODELS["frames_to_global_pooling"])).layers[2]
    assert grouped.macs == Amount(10 * (8 * 8) * (3 * 5 * (16 // 2) * 32))
    unknown = infer(model_from_mapping(MODELS["unknown_image_sizes"])).layers
    # Rows and cols unknown: per output position, as lstmcalc counts any unknown axis.
    assert [row.macs for row in unknown] == [Amount(0, 3 * 3 * 3 * 4), Amount(0), Amount(0, 1 * 3 * 2 * 6), Amount(0)]


def test_padding_upsampling_and_cropping_do_no_macs():
    summary = infer(model_from_mapping(MODELS["sequence_resizing"]))
    assert [row.macs for row in summary.layers[:6]] == [Amount(0)] * 6


def test_stats_footer_counts_the_frames(run):
    result = run("summary", str(VIDEO_CLASSIFIER), "--stats", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert sum(layer["macs"]["fixed"] for layer in document["layers"]) == 28_311_552 + 16_588_800 + 5_505_024 + 320


# -- What Keras refuses, lstmcalc refuses: exit 2, at the argument or layer at fault --


REFUSALS = {
    "cropping_the_whole_sequence": "<stdin>:5:13: error: layer 'cropping1d' (Cropping1D) crops 2 + 2 time steps "
    "from an input of 4, leaving none; crop fewer than 4 steps in all",
    "kernel_larger_than_the_image": "<stdin>:4:43: error: layer 'conv2d' (Conv2D) would output 0 rows: its "
    "kernel_size of 5 rows is larger than the 4 input rows; use a larger input, a smaller kernel_size or padding: same",
    "dilated_kernel_larger_than_the_image": "<stdin>:4:43: error: layer 'conv2d' (Conv2D) would output 0 rows: its "
    "kernel_size of 3 rows (dilated by 4: 9) is larger than the 8 input rows; use a larger input, a smaller "
    "kernel_size or padding: same",
    "pool_larger_than_the_image": "<stdin>:5:14: error: layer 'max_pooling2d' (MaxPooling2D) would output 0 rows: "
    "its pool_size of 4 rows is larger than the 3 input rows; use a larger input, a smaller pool_size or padding: same",
    "causal_padding_in_2d": "<stdin>:4:55: error: Conv2D argument 'padding': expected valid, same or (PyTorch) "
    "zeros on each side, a number or a list of two, got 'causal'",
    "strides_with_dilation": "<stdin>:7:12: error: layer 'conv2d' (Conv2D) has strides > 1 together with "
    "dilation_rate > 1, which Keras does not support",
    "groups_not_dividing_filters": "<stdin>:4:54: error: layer 'conv2d' (Conv2D) has groups: 2, which must divide "
    "filters (3)",
    "groups_not_dividing_channels": "<stdin>:4:54: error: layer 'conv2d' (Conv2D) has groups: 2, which must divide "
    "the 3 input channels",
    "conv2d_on_a_sequence": "<stdin>:4:3: error: layer 'conv2d' (Conv2D) needs a 4-D input (batch, rows, cols, "
    "channels) but receives (None, 8, 3); input.shape lists every axis after the batch: [rows, cols, channels]",
    "conv2d_on_frames_without_time_distributed": "<stdin>:4:3: error: layer 'conv2d' (Conv2D) needs a 4-D input "
    "(batch, rows, cols, channels) but receives (None, 2, 8, 8, 3), a sequence of frames; wrap it in "
    "TimeDistributed to apply it to every frame",
    "three_kernel_sizes": "<stdin>:6:16: error: Conv2D argument 'kernel_size': expected a positive integer, or a "
    "list of two, got [3, 3, 3]",
    "kernel_size_zero": "<stdin>:6:16: error: Conv2D argument 'kernel_size': expected a positive integer, or a list "
    "of two, got [0, 3]",
    "pooling_strides_zero": "<stdin>:4:33: error: MaxPooling2D argument 'strides': expected a positive integer, or "
    "a list of two, got 0",
    "average_pooling_without_pool_size": "<stdin>:4:3: error: AveragePooling2D needs 'pool_size'",
    "negative_padding": "<stdin>:4:34: error: ZeroPadding1D argument 'padding': expected an integer of 0 or more, "
    "or a list of two, got -1",
    "one_padding_in_a_list": "<stdin>:5:12: error: ZeroPadding1D argument 'padding': expected an integer of 0 or "
    "more, or a list of two, got [1]",
    "upsampling_size_zero": "<stdin>:4:30: error: UpSampling1D argument 'size': expected a positive integer, got 0",
    "upsampling_size_in_a_list": "<stdin>:5:9: error: UpSampling1D argument 'size': expected a positive integer, "
    "got a list",
    "global_pooling_2d_on_a_sequence": "<stdin>:4:3: error: layer 'global_average_pooling2d' "
    "(GlobalAveragePooling2D) needs a 4-D input (batch, rows, cols, channels) but receives (None, 8, 3); "
    "input.shape lists every axis after the batch: [rows, cols, channels]",
    "zero_padding_on_an_image": "<stdin>:4:3: error: layer 'zero_padding1d' (ZeroPadding1D) needs a 3-D input "
    "(batch, time_steps, features) but receives (None, 8, 8, 3)",
    "frames_smaller_than_the_kernel": "<stdin>:5:50: error: layer 'time_distributed' (TimeDistributed) wraps "
    "'conv2d' (Conv2D), which would output 0 rows: its kernel_size of 3 rows is larger than the 2 input rows; use a "
    "larger input, a smaller kernel_size or padding: same",
    "frames_cropped_away": "<stdin>:5:39: error: layer 'time_distributed' (TimeDistributed) wraps 'cropping1d' "
    "(Cropping1D), which crops 1 + 1 time steps from an input of 2, leaving none; crop fewer than 2 steps in all",
    "unknown_channels": "<stdin>:4:3: error: layer 'conv2d' (Conv2D) needs a known last axis (features) to size its "
    "weights but receives (None, 8, 8, None)",
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


def test_time_distributed_gives_each_frame_to_the_image_layer_and_checks_its_rank(run):
    # Keras's TimeDistributed skips the wrapped layer's InputSpec when it computes shapes, so its
    # summary shows (None, 5, 4, 4, 3) for MaxPooling2D on (None, 5, 8, 3); calling the model fails.
    spec = {"input": {"shape": [5, 8, 3]}, "layers": [{"type": "TimeDistributed", "layer": {"type": "MaxPooling2D"}}]}
    result = run("summary", "-", stdin=spec_text(spec))
    assert (result.exit_code, result.stderr) == (
        2,
        "<stdin>:5:10: error: layer 'time_distributed' (TimeDistributed) wraps 'max_pooling2d' (MaxPooling2D), "
        "which needs a 4-D input (batch, rows, cols, channels) but receives (None, 8, 3)\n",
    )


@pytest.mark.parametrize("kind", ["MaxPooling2D", "GlobalAveragePooling2D", "ZeroPadding1D", "Cropping1D"])
def test_the_pytorch_convention_has_no_counterpart(run, kind):
    spec = f"framework: pytorch\ninput: {{shape: [8, 8, 3]}}\nlayers: [{{type: {kind}}}]\n"
    result = run("summary", "-", stdin=spec)
    assert result.exit_code == 2
    assert "is a Keras layer with no torch.nn counterpart, so the PyTorch convention cannot use it" in result.stderr


# -- PyTorch's Conv2d: weight (filters, channels / groups, kernel_rows, kernel_cols), images channels last --


def test_conv2d_under_pytorch_is_what_torch_builds(tmp_path):
    path = tmp_path / "image.yaml"
    path.write_text(TORCH_IMAGE_SPEC, encoding="utf-8")
    # torch 2.13: named_parameters() of each nn.Conv2d, and its output (N, C, H, W) permuted to (N, H, W, C).
    assert rows(summarize_file(str(path))) == [
        ("conv2d", "Conv2d", (None, 13, 13, 8), 224, [("weight", (8, 3, 3, 3)), ("bias", (8,))]),
        ("conv2d_1", "Conv2d", (None, 11, 17, 4), 48, [("weight", (4, 4, 3, 1))]),
        ("conv2d_2", "Conv2d", (None, 11, 17, 4), 404, [("weight", (4, 4, 5, 5)), ("bias", (4,))]),
    ]


def test_conv2d_is_exported_channels_first_between_permutes(run, tmp_path):
    path = tmp_path / "image.yaml"
    path.write_text(TORCH_IMAGE_SPEC, encoding="utf-8")
    result = run("export", str(path), "--to", "pytorch")
    assert result.exit_code == 0, result.stderr
    assert (
        "        self.conv2d = nn.Conv2d(3, 8, 3, stride=2, padding=1, dilation=2)\n"
        "        self.conv2d_1 = nn.Conv2d(8, 4, (3, 1), padding=(0, 2), groups=2, bias=False)\n"
        '        self.conv2d_2 = nn.Conv2d(4, 4, 5, padding="same")\n'
    ) in result.stdout
    assert (
        "        x = torch.relu(self.conv2d_2(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1))"
        "  # (None, 11, 17, 4), Conv2d takes channels first\n"
    ) in result.stdout


def test_keras_and_torch_count_a_conv2d_alike(run):
    result = run("summary", str(VIDEO_CLASSIFIER), "--compare")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:5] == [
        "time_distributed (TimeDistributed)        448      448     0",
        "    same weights; torch.nn.Conv2d stores the kernel as",
        "    (filters, channels, kernel_rows, kernel_cols)",
    ]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "input: {shape: [8, 8, 3]}\nlayers: [{type: Conv2D, filters: 2, kernel_size: 3, padding: 1}]\n",
            "<stdin>:2:62: error: layer 'conv2d' (Conv2D) has a number as padding, which is PyTorch's form; Keras "
            "takes valid or same",
        ),
        (
            "framework: pytorch\ninput: {shape: [8, 8, 3]}\n"
            "layers: [{type: Conv2d, filters: 2, kernel_size: 3, padding: same, stride: 2}]\n",
            # torch: "padding='same' is not supported for strided convolutions"
            "<stdin>:3:62: error: layer 'conv2d' (Conv2d) has padding: same with a stride above 1, which "
            "torch.nn.Conv2d refuses",
        ),
        (
            "framework: pytorch\ninput: {shape: [8, 8, 3]}\n"
            "layers: [{type: Conv2d, filters: 2, kernel_size: 3, in_channels: 4}]\n",
            "<stdin>:3:66: error: layer 'conv2d' (Conv2d) has in_channels: 4 but receives 3 channels",
        ),
    ],
)
def test_what_each_convention_refuses_of_conv2d(run, spec, message):
    result = run("summary", "-", stdin=spec)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


# -- Written back as Keras code, and read from Keras code --


def test_export_to_keras_writes_the_layers_as_given(run):
    result = run("export", str(VIDEO_CLASSIFIER), "--to", "keras")
    assert result.exit_code == 0, result.stderr
    assert (
        '        layers.TimeDistributed(layers.Conv2D(16, 3, padding="same", activation="relu")),\n'
        "        layers.TimeDistributed(layers.MaxPooling2D()),\n"
        '        layers.TimeDistributed(layers.Conv2D(32, (3, 3), strides=2, activation="relu")),\n'
        '        layers.TimeDistributed(layers.AveragePooling2D((3, 2), padding="same")),\n'
    ) in result.stdout


KERAS_CODE = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8, 28, 28, 1)),
    layers.TimeDistributed(layers.Conv2D(4, (3, 3), (1, 1), "same", groups=1)),
    layers.TimeDistributed(layers.AveragePooling2D((2, 2), None, "valid")),
    layers.TimeDistributed(layers.GlobalMaxPooling2D(None, True)),
    layers.Reshape((8, 4)),
    layers.ZeroPadding1D((1, 2)),
    layers.UpSampling1D(3),
    layers.Cropping1D((4, 0)),
    layers.GRU(2),
])
"""


def test_keras_code_with_positional_arguments(tmp_path):
    path = tmp_path / "frames.py"
    path.write_text(KERAS_CODE, encoding="utf-8")
    summary = summarize_file(str(path))
    # Keras 3.15.1: the same model built from this code.
    assert [(row.name, row.output_shape, row.params) for row in summary.layers] == [
        ("time_distributed", (None, 8, 28, 28, 4), 40),
        ("time_distributed_1", (None, 8, 14, 14, 4), 0),
        ("time_distributed_2", (None, 8, 1, 1, 4), 0),
        ("reshape", (None, 8, 4), 0),
        ("zero_padding1d", (None, 11, 4), 0),
        ("up_sampling1d", (None, 33, 4), 0),
        ("cropping1d", (None, 29, 4), 0),
        ("gru", (None, 2), 48),
    ]


# -- The pair arguments: one integer for both axes, or a list of two (Keras's standardize_tuple) --


@pytest.mark.parametrize(
    ("check", "value", "complaint"),
    [
        (positive_pair, 3, None),
        (positive_pair, [3, 5], None),
        (positive_pair, [3], "expected a positive integer, or a list of two, got [3]"),
        (positive_pair, 0, "expected a positive integer, or a list of two, got 0"),
        (positive_pair, [2, 0], "expected a positive integer, or a list of two, got [2, 0]"),
        (positive_pair, True, "expected a positive integer, or a list of two, got true"),
        (positive_pair, [2.0, 2], "expected a positive integer, or a list of two, got [2.0, 2]"),
        (positive_pair, "3", "expected a positive integer, or a list of two, got '3'"),
        (positive_pair, list(range(9)), "expected a positive integer, or a list of two, got a list"),
        (optional_positive_pair, None, None),
        (non_negative_pair, 0, None),
        (non_negative_pair, [0, 4], None),
        (non_negative_pair, [-1, 4], "expected an integer of 0 or more, or a list of two, got [-1, 4]"),
        (non_negative_pair, None, "expected an integer of 0 or more, or a list of two, got null"),
    ],
)
def test_pair_checks_and_their_schemas_agree(check, value, complaint):
    assert check(value) == complaint
    schema_accepts = jsonschema.Draft202012Validator(check.json_schema).is_valid(value)
    # JSON Schema's "integer" takes 2.0 and "true" is no integer in it: only the float differs.
    if value != [2.0, 2]:
        assert schema_accepts == (complaint is None)


def test_a_pair_is_two_numbers():
    assert [as_pair(3), as_pair([1, 2]), as_pair((4, 5))] == [(3, 3), (1, 2), (4, 5)]
