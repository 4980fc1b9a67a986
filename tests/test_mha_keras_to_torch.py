"""Keras's MultiHeadAttention read under the PyTorch convention (``summary --framework pytorch``,
``export --to pytorch``): where torch.nn.MultiheadAttention computes the same thing (num_heads ×
key_dim = the query's features, value_dim = key_dim, no output_shape, gate or sliding window,
attention over the positions axis of 3-D inputs) it is that module, ``nn.MultiheadAttention(E, H,
kdim=..., vdim=..., batch_first=True)`` called ``(query, key, value)`` on Keras's [query, value(,
key)]; elsewhere a located refusal.

The parameters are torch 2.13's ``named_parameters()`` of that module;
tests/oracle/test_mha_keras_to_torch_oracle.py copies a real Keras layer's weights into it and
finds the same outputs and scores, and runs the exported code.
"""

from __future__ import annotations

import pytest
import yaml

from lstm_calc.amount import Amount
from lstm_calc.api import summarize_text
from tests.multi_head_attention_torch_cases import KERAS_AS_TORCH, KERAS_NOT_TORCH

#: (name, output shapes, params, [(parameter, shape)], MACs) per layer but the inputs, under PyTorch.
TORCH_ROWS = {
    "encoder_block": [
        (
            "self_attention",
            (None, 10, 16),
            1_088,
            [
                ("in_proj_weight", (48, 16)),
                ("in_proj_bias", (48,)),
                ("out_proj.weight", (16, 16)),
                ("out_proj.bias", (16,)),
            ],
            Amount(13_440),
        ),
        (
            "cross",
            [(None, 10, 16), (None, 2, 10, 7)],
            960,
            [
                ("q_proj_weight", (16, 16)),
                ("k_proj_weight", (16, 12)),
                ("v_proj_weight", (16, 12)),
                ("in_proj_bias", (48,)),
                ("out_proj.weight", (16, 16)),
                ("out_proj.bias", (16,)),
            ],
            Amount(10_048),
        ),
        ("residual", (None, 10, 16), 0, [], Amount()),
    ],
    "key_and_value_apart": [
        (
            "attend",
            (None, None, 8),
            216,
            [
                ("q_proj_weight", (8, 8)),
                ("k_proj_weight", (8, 5)),
                ("v_proj_weight", (8, 6)),
                ("out_proj.weight", (8, 8)),
            ],
            Amount(0, 232),
        )
    ],
}


def spec_text(spec) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


@pytest.mark.parametrize("case", sorted(KERAS_AS_TORCH))
def test_read_under_pytorch_it_is_torch_module(case):
    summary = summarize_text(spec_text(KERAS_AS_TORCH[case]), "graph.yaml", "pytorch")
    rows = [
        (row.name, row.output_shape, row.params, [(w.name, w.shape) for w in row.weights], row.macs)
        for row in summary.layers
        if row.type != "InputLayer"
    ]
    assert rows == TORCH_ROWS[case]


def test_every_case_is_pinned():
    assert sorted(TORCH_ROWS) == sorted(KERAS_AS_TORCH)


def test_export_writes_the_module_and_torch_order(run, golden):
    result = run("export", "-", "--to", "pytorch", stdin=spec_text(KERAS_AS_TORCH["encoder_block"]))
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    assert "self.cross = nn.MultiheadAttention(16, 2, kdim=12, vdim=12, batch_first=True)\n" in out
    assert "self_attention = self.self_attention(tokens, tokens, tokens, need_weights=False)[0]" in out
    assert "cross = self.cross(self_attention, memory, memory, average_attn_weights=False)" in out
    golden("interop/mha_encoder_block.pytorch.py", out)


def test_export_passes_key_before_value(run):
    result = run("export", "-", "--to", "pytorch", stdin=spec_text(KERAS_AS_TORCH["key_and_value_apart"]))
    assert result.exit_code == 0, result.stderr
    assert "self.attend = nn.MultiheadAttention(8, 2, bias=False, kdim=5, vdim=6, batch_first=True)\n" in result.stdout
    assert "attend = self.attend(q, k, v, need_weights=False)[0]" in result.stdout


REFUSALS = {
    "heads_narrower_than_the_query": "<stdin>:8:12: error: layer 'attend' (MultiheadAttention) has num_heads × "
    "key_dim = 4 × 5 = 20, but torch.nn.MultiheadAttention splits the query's 16 features into its heads, so it "
    "needs num_heads × key_dim = 16",
    "other_value_size": "<stdin>:9:14: error: layer 'attend' (MultiheadAttention) has value_dim: 2, which torch.nn."
    "MultiheadAttention cannot compute: its values have key_dim numbers a head",
    "other_output_size": "<stdin>:9:17: error: layer 'attend' (MultiheadAttention) has output_shape: 8, which "
    "torch.nn.MultiheadAttention cannot compute: its output has the query's features",
    "gate": "<stdin>:9:13: error: layer 'attend' (MultiheadAttention) has use_gate: true, which torch.nn."
    "MultiheadAttention cannot compute: it has no gate",
    "sliding_window": "<stdin>:9:19: error: layer 'attend' (MultiheadAttention) has sliding_window: 3, which "
    "torch.nn.MultiheadAttention cannot compute: it has no sliding window (pass an attn_mask)",
    "mixed_with_torch_arguments": "<stdin>:9:14: error: layer 'attend' (MultiheadAttention) gives key_dim, Keras's, "
    "and embed_dim, torch's; write the layer in one framework's terms",
}


@pytest.mark.parametrize("case", sorted(KERAS_NOT_TORCH))
def test_what_torch_cannot_compute_is_refused_at_its_place(run, case):
    result = run("export", "-", "--to", "pytorch", stdin=spec_text(KERAS_NOT_TORCH[case]))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", REFUSALS[case] + "\n")


def test_every_refusal_is_pinned():
    assert sorted(REFUSALS) == sorted(KERAS_NOT_TORCH)


@pytest.mark.parametrize("case", sorted(KERAS_NOT_TORCH))
def test_keras_itself_builds_every_refused_case(case):
    """The refusals are torch's limits, not Keras's: under Keras each one is summarised."""
    if case == "mixed_with_torch_arguments":
        pytest.skip("embed_dim is torch's own argument, refused under Keras as such")
    assert summarize_text(spec_text(KERAS_NOT_TORCH[case]), "graph.yaml").total_params > 0
