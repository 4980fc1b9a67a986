"""torch.nn.MultiheadAttention under ``framework: pytorch`` (issue 14): torch's arguments, inputs
(query, key, value), outputs (attn_output and, with need_weights, attn_weights), parameters,
MACs, the Keras count for --compare, and torch's refusals.

Every shape, parameter name and shape and count below was printed by torch 2.13.0 for the same
graph, built as tests/oracle/test_multi_head_attention_torch_oracle.py builds it from
tests/multi_head_attention_torch_cases.py (``nn.MultiheadAttention(**spec, batch_first=True)``
called ``mha(query, key, value, need_weights=..., average_attn_weights=...)``); the MACs are
``FlopCounterMode`` flops / 2 for one sample where every length is known; with unknown lengths
they are per step, as every kind counts them (``Amount.times``: two unknown axes per position of
both, one added key position counted as a step's worth).
"""

from __future__ import annotations

import pytest
import yaml

from lstm_calc.amount import Amount
from lstm_calc.graph import infer
from lstm_calc.spec_mapping import model_from_mapping
from tests.multi_head_attention_torch_cases import TORCH_MODELS, TORCH_REFUSED, torch_graph, torch_mha

PACKED = [
    ("in_proj_weight", (192, 64)),
    ("in_proj_bias", (192,)),
    ("out_proj.weight", (64, 64)),
    ("out_proj.bias", (64,)),
]

#: (name, output shapes, params, [(parameter, shape)], MACs) per layer but the inputs.
TORCH_LAYERS = {
    "self_attention": [("multihead_attention", [(None, 10, 64), (None, 10, 10)], 16_640, PACKED, Amount(176_640))],
    "cross_attention_of_other_widths": [
        (
            "multihead_attention",
            [(None, 10, 16), (None, 2, 10, 7)],
            832,
            [
                ("q_proj_weight", (16, 16)),
                ("k_proj_weight", (16, 8)),
                ("v_proj_weight", (16, 12)),
                ("out_proj.weight", (16, 16)),
            ],
            Amount(9_600),
        )
    ],
    "added_positions_on_unknown_lengths": [
        (
            "multihead_attention",
            [(None, None, 12), (None, None, None)],
            648,
            [
                ("in_proj_weight", (36, 12)),
                ("in_proj_bias", (36,)),
                ("bias_k", (1, 1, 12)),
                ("bias_v", (1, 1, 12)),
                ("out_proj.weight", (12, 12)),
                ("out_proj.bias", (12,)),
            ],
            Amount(0, 648),
        ),
        (
            "multihead_attention_1",
            [(None, None, 12), (None, 4, None, None)],
            624,
            [
                ("in_proj_weight", (36, 12)),
                ("in_proj_bias", (36,)),
                ("out_proj.weight", (12, 12)),
                ("out_proj.bias", (12,)),
            ],
            Amount(0, 624),
        ),
    ],
    "stacked_without_weights": [
        (
            "multihead_attention",
            (None, 6, 8),
            288,
            [
                ("in_proj_weight", (24, 8)),
                ("in_proj_bias", (24,)),
                ("out_proj.weight", (8, 8)),
                ("out_proj.bias", (8,)),
            ],
            Amount(2_112),
        ),
        (
            "multihead_attention_1",
            (None, 6, 8),
            240,
            [
                ("q_proj_weight", (8, 8)),
                ("k_proj_weight", (8, 5)),
                ("v_proj_weight", (8, 5)),
                ("in_proj_bias", (24,)),
                ("out_proj.weight", (8, 8)),
                ("out_proj.bias", (8,)),
            ],
            Amount(2_352),
        ),
        ("linear", (None, 6, 3), 27, [("weight", (3, 8)), ("bias", (3,))], Amount(144)),
    ],
}


def spec_text(spec) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def rows(spec):
    summary = infer(model_from_mapping(spec), count_macs=True)
    return [
        (row.name, row.output_shape, row.params, [(w.name, w.shape) for w in row.weights], row.macs)
        for row in summary.layers
        if row.type != "InputLayer"
    ]


@pytest.mark.parametrize("case", sorted(TORCH_MODELS))
def test_every_layer_is_what_torch_builds(case):
    assert rows(TORCH_MODELS[case]) == TORCH_LAYERS[case]


def test_every_model_is_pinned():
    assert sorted(TORCH_LAYERS) == sorted(TORCH_MODELS)


def test_the_summary_shows_torch_class_and_both_outputs(run, golden):
    result = run("summary", "-", "--stats", stdin=spec_text(TORCH_MODELS["self_attention"]))
    assert result.exit_code == 0, result.stderr
    golden("summary/multihead_attention_pytorch.stats.table.out", result.stdout)


def test_compare_gives_keras_count_where_its_heads_fit(run, golden):
    spec = TORCH_MODELS["added_positions_on_unknown_lengths"]
    result = run("summary", "-", "--compare", stdin=spec_text(spec))
    assert result.exit_code == 0, result.stderr
    golden("summary/multihead_attention_pytorch.compare.out", result.stdout)


REFUSALS = {
    "heads_that_do_not_divide_embed_dim": "<stdin>:8:14: error: layer 'multihead_attention' (MultiheadAttention) has "
    "num_heads 3, which does not divide embed_dim 16 (torch: embed_dim must be divisible by num_heads)",
    "embed_dim_not_the_query_width": "<stdin>:7:14: error: layer 'multihead_attention' (MultiheadAttention) has "
    "embed_dim: 16 but receives a query of 12 features",
    "key_of_another_width_without_kdim": "<stdin>:8:3: error: layer 'multihead_attention' (MultiheadAttention) has "
    "no kdim (so 16) but receives a key of 8 features; set kdim: 8",
    "kdim_not_the_key_width": "<stdin>:11:9: error: layer 'multihead_attention' (MultiheadAttention) has kdim: 6 "
    "but receives a key of 8 features",
    "key_and_value_of_different_lengths": "<stdin>:10:3: error: layer 'multihead_attention' (MultiheadAttention) "
    "needs a key and a value of the same length but receives key (None, 7, 16) and value (None, 6, 16)",
    "four_dimensional_query": "<stdin>:6:3: error: layer 'multihead_attention' (MultiheadAttention) needs a 3-D "
    "query, key and value (batch, positions, features) but receives (None, 3, 10, 16), (None, 3, 10, 16), "
    "(None, 3, 10, 16)",
    "query_and_key_only": "<stdin>:6:3: error: layer 'multihead_attention' (MultiheadAttention) takes query, key "
    "and value (torch's order) but receives 2 tensors; list the query as key and value for self-attention: "
    "inputs: [x, x, x]",
    "keras_key_dim": "<stdin>:7:14: error: layer 'multihead_attention' (MultiheadAttention) gives key_dim, "
    "Keras's, and embed_dim, torch's; write the layer in one framework's terms",
    "keras_output_shape": "<stdin>:9:17: error: layer 'multihead_attention' (MultiheadAttention) has output_shape: "
    "4, an argument of Keras's MultiHeadAttention, which torch.nn.MultiheadAttention has not (a layer in Keras's "
    "terms gives key_dim)",
    "no_heads": "<stdin>:8:14: error: MultiheadAttention argument 'num_heads': expected a positive integer, got 0",
}


@pytest.mark.parametrize("case", sorted(TORCH_REFUSED))
def test_what_torch_refuses_is_refused_at_its_place(run, case):
    result = run("summary", "-", stdin=spec_text(TORCH_REFUSED[case]))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", REFUSALS[case] + "\n")


def test_every_refusal_is_pinned():
    assert sorted(REFUSALS) == sorted(TORCH_REFUSED)


def test_time_major_is_refused_as_for_the_recurrent_layers(run):
    spec = torch_graph({"x": [10, 16]}, [torch_mha(16, 2, ["x", "x", "x"], batch_first=False)], ["multihead_attention"])
    result = run("summary", "-", stdin=spec_text(spec))
    assert (result.exit_code, result.stderr) == (
        2,
        "<stdin>:9:16: error: MultiheadAttention argument 'batch_first': lstmcalc shows PyTorch shapes batch-first, "
        "so only batch_first: true is supported, got false\n",
    )


def test_torch_options_are_refused_under_keras(run):
    spec = {**TORCH_MODELS["self_attention"], "framework": "keras"}
    result = run("summary", "-", stdin=spec_text(spec))
    assert (result.exit_code, result.stderr) == (
        2,
        "<stdin>:7:3: error: 'embed_dim' is a PyTorch option of MultiHeadAttention, but this spec uses the Keras "
        "convention; Keras takes the input size from the input; remove it\n",
    )


def test_the_json_schema_accepts_every_torch_case():
    import jsonschema

    from lstm_calc.schema import spec_schema

    for spec in TORCH_MODELS.values():
        jsonschema.Draft202012Validator(spec_schema()).validate(spec)
