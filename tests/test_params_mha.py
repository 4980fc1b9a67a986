"""``lstmcalc params mha``: MultiHeadAttention's count as Keras 3 and torch.nn build it, with the
formula, the weights and a sentence on why the two conventions' counts agree or differ.

Pinned figures come from Keras 3.15.1 (backend torch) ``count_params()`` and weights of
``MultiHeadAttention(num_heads, key_dim[, value_dim, use_bias])`` called ``layer(x, x)`` on
(None, embed_dim), and torch 2.13 ``named_parameters()`` of ``nn.MultiheadAttention(embed_dim,
num_heads[, bias])``; tests/oracle/test_attention_quick_commands_oracle.py checks them live.
"""

from __future__ import annotations

import pytest

from lstm_calc.formulas import LayerOptions, calculate
from tests.case_ids import args_id

E64_H4 = ("params", "mha", "--embed-dim", "64", "--num-heads", "4")


def test_keras_per_head_kernels_agree_with_torch(run, golden):
    result = run(*E64_H4)
    assert (result.exit_code, result.stderr) == (0, "")
    golden("params/mha_64_4.out", result.stdout)


def test_torch_packed_in_proj_weight(run, golden):
    result = run(*E64_H4, "--framework", "pytorch")
    assert (result.exit_code, result.stderr) == (0, "")
    golden("params/mha_64_4.pytorch.out", result.stdout)


def test_heads_narrower_than_embed_dim_differ_from_torch(run, golden):
    result = run(*E64_H4, "--key-dim", "10", "--value-dim", "8", "--no-bias")
    assert (result.exit_code, result.stderr) == (0, "")
    golden("params/mha_64_4_10_8.no_bias.out", result.stdout)


def test_json_has_the_note(run, golden):
    result = run(*E64_H4, "--key-dim", "16", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    golden("params/mha_64_4.json", result.stdout)


@pytest.mark.parametrize(
    ("options", "params"),
    [
        (LayerOptions("mha", embed_dim=64, num_heads=4), 16_640),
        (LayerOptions("mha", embed_dim=64, num_heads=4, key_dim=16, value_dim=8), 12_512),
        (LayerOptions("mha", embed_dim=64, num_heads=4, use_bias=False), 16_384),
        (LayerOptions("mha", embed_dim=64, num_heads=8, key_dim=16), 33_216),
        (LayerOptions("mha", "pytorch", embed_dim=64, num_heads=4), 16_640),
        (LayerOptions("mha", "pytorch", embed_dim=64, num_heads=4, use_bias=False), 16_384),
    ],
    ids=lambda value: (
        args_id([f"{k}={v}" for k, v in value.__dict__.items() if v is not None])
        if isinstance(value, LayerOptions)
        else str(value)
    ),
)
def test_counts_are_keras_and_torch_own(options, params):
    assert calculate(options).params == params


BAD_OPTIONS = [
    (
        ["--embed-dim", "64", "--num-heads", "5"],
        "Error: --num-heads 5 does not divide --embed-dim 64; give each head's size with --key-dim",
    ),
    (
        ["--embed-dim", "64", "--num-heads", "5", "--framework", "pytorch"],
        "Error: layer 'multihead_attention' (MultiheadAttention) has num_heads 5, which does not divide embed_dim 64 "
        "(torch: embed_dim must be divisible by num_heads)",
    ),
    (
        ["--embed-dim", "64", "--num-heads", "4", "--key-dim", "16", "--framework", "pytorch"],
        "Error: --key-dim is a Keras option; use --framework keras "
        "(torch.nn.MultiheadAttention's heads are embed_dim / num_heads wide)",
    ),
    (["--embed-dim", "64"], "Error: mha needs --num-heads"),
    (
        ["--embed-dim", "64", "--num-heads", "4", "--units", "3"],
        "Error: --units does not apply to mha; mha takes --embed-dim, --num-heads, --key-dim, --value-dim, --no-bias",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD_OPTIONS, ids=[args_id(args) for args, _ in BAD_OPTIONS])
def test_bad_options_are_usage_errors(run, args, message):
    result = run("params", "mha", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(message + "\n")
