"""The torch.nn modules of issue 16 item 6 under ``framework: pytorch``: exact CLI output for a few,
their refusals at the line and column, and the positional parameters the code reader binds.

Every count, shape and MAC below is what tests/oracle/test_torch_modules_oracle.py checks against
torch 2.13.0 (``named_parameters()``, the output of a forward pass, ``FlopCounterMode`` flops / 2
plus one per element an affine LayerNorm scales): a TransformerEncoderLayer(16, 4, 32) has 2,224
parameters and, on 10 positions, 23,680 + 2 × 160 MACs.
"""

from __future__ import annotations

import pytest
import yaml

from lstm_calc.api import summarize_text
from lstm_calc.layers import LAYER_TYPES
from lstm_calc.spec_mapping import model_from_mapping
from tests.torch_modules_cases import TORCH_MODULE_MODELS

ENCODER = """\
framework: pytorch
input: {shape: [10, 16]}
layers:
  - type: TransformerEncoder
    encoder_layer: {type: TransformerEncoderLayer, d_model: 16, nhead: 4, dim_feedforward: 32}
    num_layers: 2
    norm: {type: LayerNorm, normalized_shape: 16}
  - {type: Flatten}
  - {type: Linear, out_features: 3}
  - {type: LogSoftmax, dim: 1}
"""

ENCODER_SUMMARY = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━┓
┃ Layer (type)              ┃ Output Shape       ┃   Param # ┃        MACs ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━┩
│ transformer_encoder       │ (None, 10, 16)     │     4,480 │      48,160 │
│ (TransformerEncoder)      │                    │           │             │
├───────────────────────────┼────────────────────┼───────────┼─────────────┤
│ flatten (Flatten)         │ (None, 160)        │         0 │           0 │
├───────────────────────────┼────────────────────┼───────────┼─────────────┤
│ linear (Linear)           │ (None, 3)          │       483 │         480 │
├───────────────────────────┼────────────────────┼───────────┼─────────────┤
│ log_softmax (LogSoftmax)  │ (None, 3)          │         0 │           0 │
└───────────────────────────┴────────────────────┴───────────┴─────────────┘
 Total params: 4,963 (19.39 KB)
 Trainable params: 4,963 (19.39 KB)
 Non-trainable params: 0 (0.00 B)
 Total MACs: 48,640 (batch size 1)
 Input size: 640.00 B (float32)
 Forward/backward pass size: 1.27 KB
 Params size: 19.39 KB
 Estimated total size: 21.29 KB
"""


def test_a_transformer_encoder_summary(run, tmp_path):
    path = tmp_path / "encoder.yaml"
    path.write_text(ENCODER, encoding="utf-8")
    result = run("summary", str(path), "--stats")
    assert (result.exit_code, result.stdout) == (0, ENCODER_SUMMARY)


def test_the_encoder_exports_as_torch_nn(run, tmp_path):
    path = tmp_path / "encoder.yaml"
    path.write_text(ENCODER, encoding="utf-8")
    result = run("export", str(path), "--to", "pytorch")
    assert result.exit_code == 0
    assert (
        "        self.transformer_encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 4, "
        "dim_feedforward=32, batch_first=True), 2, norm=nn.LayerNorm(16))\n"
        "        self.flatten = nn.Flatten()\n"
        "        self.linear = nn.Linear(160, 3)\n"
        "        self.log_softmax = nn.LogSoftmax(dim=1)\n"
    ) in result.stdout


def test_state_dict_names_of_a_stack():
    model = model_from_mapping(TORCH_MODULE_MODELS["encoder_with_final_norm"])
    layer = model.layers[0].layer
    names = [weight.name for weight in layer.weights((None, 9, 24))]
    assert names[:4] == [
        "layers.0.self_attn.in_proj_weight",
        "layers.0.self_attn.in_proj_bias",
        "layers.0.self_attn.out_proj.weight",
        "layers.0.self_attn.out_proj.bias",
    ]
    assert names[-4:] == ["layers.2.norm2.weight", "layers.2.norm2.bias", "norm.weight", "norm.bias"]
    assert len(names) == 3 * 12 + 2


CELLS = """\
framework: pytorch
input: {shape: [12]}
layers:
  - {type: LSTMCell, hidden_size: 8}
"""


def test_a_cell_is_a_layer_under_pytorch_and_compares_with_keras_cell(run, tmp_path):
    path = tmp_path / "cell.yaml"
    path.write_text(CELLS, encoding="utf-8")
    result = run("summary", str(path), "--compare")
    assert result.exit_code == 0
    assert result.stdout == (
        'Model: "sequential", parameters as Keras 3 and torch.nn count them\n'
        "Layer (type)          Keras  PyTorch  Diff  Why\n"
        "lstm_cell (LSTMCell)    672      704   +32  Keras's cell (run in an RNN layer)\n"
        "                                            keeps one bias vector per gate,\n"
        "                                            torch.nn's two (bias_ih, bias_hh)\n"
        "Total                   672      704   +32\n"
    )


REFUSALS = {
    "cell_on_a_sequence": (
        "framework: pytorch\ninput: {shape: [10, 16]}\nlayers:\n  - {type: LSTMCell, hidden_size: 8}\n",
        "4:5: error: layer 'lstm_cell' (LSTMCell) takes one time step, a 2-D input (batch, features), but "
        "receives (None, 10, 16) (torch: LSTMCell: expected input to be 1D or 2D); loop over the time steps, "
        "or use LSTM for a whole sequence",
    ),
    "nhead_at_the_nested_layer": (
        "framework: pytorch\ninput: {shape: [10, 16]}\nlayers:\n  - type: TransformerEncoder\n"
        "    encoder_layer: {type: TransformerEncoderLayer, d_model: 16, nhead: 3}\n    num_layers: 2\n",
        "5:72: error: layer 'transformer_encoder' (TransformerEncoder) has an encoder_layer that has nhead 3, "
        "which does not divide d_model 16 (torch: embed_dim must be divisible by num_heads)",
    ),
    "final_norm_of_other_size": (
        "framework: pytorch\ninput: {shape: [10, 16]}\nlayers:\n  - type: TransformerEncoder\n"
        "    encoder_layer: {type: TransformerEncoderLayer, d_model: 16, nhead: 4}\n    num_layers: 2\n"
        "    norm: {type: LayerNorm, normalized_shape: 8}\n",
        "7:11: error: layer 'transformer_encoder' (TransformerEncoder) has a final norm (LayerNorm) that has "
        "normalized_shape (8,), but the input (None, 10, 16) does not end with those sizes",
    ),
    "decoder_layer_in_an_encoder": (
        "framework: pytorch\ninput: {shape: [10, 16]}\nlayers:\n  - type: TransformerEncoder\n"
        "    encoder_layer: {type: TransformerDecoderLayer, d_model: 16, nhead: 4}\n    num_layers: 2\n",
        "5:20: error: layer 'transformer_encoder' (TransformerEncoder) has encoder_layer: TransformerDecoderLayer, "
        "but torch.nn.TransformerEncoder copies a TransformerEncoderLayer",
    ),
    "max_pool_padding": (
        "framework: pytorch\ninput: {shape: [16, 10]}\nlayers:\n  - {type: MaxPool1d, kernel_size: 3, padding: 2}\n",
        "4:48: error: layer 'max_pool1d' (MaxPool1d) has padding: 2, but torch takes at most half the kernel (1) "
        "for kernel_size 3",
    ),
    "glu_of_odd_size": (
        "framework: pytorch\ninput: {shape: [3, 5]}\nlayers:\n  - {type: GLU}\n",
        "4:5: error: layer 'glu' (GLU) halves axis 2 of its input (None, 3, 5), of odd size 5 "
        "(torch: Halving dimension must be even, but dimension 2 is size 5)",
    ),
    "hardtanh_bounds_out_of_order": (
        "framework: pytorch\ninput: {shape: [3, 5]}\nlayers:\n  - {type: Hardtanh, min_val: 1, max_val: 0}\n",
        "4:43: error: layer 'hardtanh' (Hardtanh) has max_val 0, not above min_val 1 "
        "(torch: max_val (0) must be greater than min_val (1))",
    ),
    "adaptive_pool_of_three_sizes": (
        "framework: pytorch\ninput: {shape: [3, 5]}\nlayers:\n  - {type: AdaptiveAvgPool2d, output_size: [1, 2, 3]}\n",
        "4:44: error: AdaptiveAvgPool2d argument 'output_size': expected a positive integer, or a list of two, "
        "each a positive integer or null, got [1, 2, 3]",
    ),
    "torch_only_under_keras": (
        "input: {shape: [10, 16]}\nlayers:\n  - {type: GELU}\n",
        "3:12: error: GELU is a torch.nn module that lstmcalc knows only under the PyTorch convention "
        "(framework: pytorch); it has no Keras layer here",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusals_point_at_the_line_and_column(case, run, tmp_path):
    text, error = REFUSALS[case]
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{error}\n")


def test_glu_halves_its_dim_and_an_adaptive_pool_s_none_keeps_its_axis():
    """The last rows of cases the oracle runs in torch (tests/oracle/test_torch_modules_oracle.py)."""

    def shapes(case: str) -> list[object]:
        summary = summarize_text(yaml.safe_dump(TORCH_MODULE_MODELS[case]), "graph.yaml")
        return [row.output_shape for row in summary.layers if row.type != "InputLayer"]

    assert shapes("more_activations")[-4:] == [(None, 4, 6, 10), (None, 4, 6, 5), (None, 2, 6, 5), (None, 1, 6, 5)]
    assert shapes("adaptive_pools_2d") == [
        (None, 4, 3, 7),
        [(None, 4, 2, 2), (None, 4, 2, 2)],
        (None, 4, 2, 1),
        (None, 4, 5, 4),
        (None, 5, 4),
        (None, 1, 1),
    ]
    assert shapes("adaptive_pools_2d_of_unknown_size") == [
        (None, 3, None, 2),
        [(None, 3, 4, 2), (None, 3, 4, 2)],
        (None, 3, 3, 3),
    ]


TORCH_POSITIONAL = {
    "LSTMCell": ("input_size", "hidden_size", "bias"),
    "GRUCell": ("input_size", "hidden_size", "bias"),
    "RNNCell": ("input_size", "hidden_size", "bias", "nonlinearity"),
    "MaxPool1d": ("kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"),
    "AvgPool1d": ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"),
    "AdaptiveAvgPool1d": ("output_size",),
    "AdaptiveMaxPool1d": ("output_size", "return_indices"),
    "MaxPool2d": ("kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"),
    "AvgPool2d": ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"),
    "AdaptiveAvgPool2d": ("output_size",),
    "AdaptiveMaxPool2d": ("output_size", "return_indices"),
    "Flatten": ("start_dim", "end_dim"),
    "Unflatten": ("dim", "unflattened_size"),
    "Identity": (),
    "ReLU": ("inplace",),
    "Tanh": (),
    "Sigmoid": (),
    "GELU": ("approximate",),
    "LeakyReLU": ("negative_slope", "inplace"),
    "Softmax": ("dim",),
    "LogSoftmax": ("dim",),
    "ELU": ("alpha", "inplace"),
    "SiLU": ("inplace",),
    "SELU": ("inplace",),
    "CELU": ("alpha", "inplace"),
    "Mish": ("inplace",),
    "Softplus": ("beta", "threshold"),
    "Softsign": (),
    "Hardtanh": ("min_val", "max_val", "inplace", "min_value", "max_value"),
    "ReLU6": ("inplace",),
    "Hardswish": ("inplace",),
    "Hardsigmoid": ("inplace",),
    "LogSigmoid": (),
    "Tanhshrink": (),
    "Softshrink": ("lambd",),
    "Hardshrink": ("lambd",),
    "Threshold": ("threshold", "value", "inplace"),
    "Softmin": ("dim",),
    "GLU": ("dim",),
    "TransformerEncoder": ("encoder_layer", "num_layers", "norm", "enable_nested_tensor", "mask_check"),
    "TransformerDecoder": ("decoder_layer", "num_layers", "norm"),
}


@pytest.mark.parametrize("kind", sorted(TORCH_POSITIONAL))
def test_torch_positional_is_the_constructors_order(kind):
    """torch 2.13's ``inspect.signature(nn.KIND.__init__)``, less device and dtype (the oracle checks it);
    each name is one the spec reader takes for the kind."""
    layer_class = LAYER_TYPES[kind.lower()]
    assert layer_class.torch_positional == TORCH_POSITIONAL[kind]
    assert set(layer_class.torch_positional) <= set(layer_class.argument_spellings())


def test_transformer_layers_positional_parameters():
    for kind in ("transformerencoderlayer", "transformerdecoderlayer"):
        assert LAYER_TYPES[kind].torch_positional == (
            "d_model",
            "nhead",
            "dim_feedforward",
            "dropout",
            "activation",
            "layer_norm_eps",
            "batch_first",
            "norm_first",
            "bias",
        )
