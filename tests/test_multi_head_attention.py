"""MultiHeadAttention (issue 14, item 1) in graph specs: shapes, weights, automatic names, MACs,
torch.nn's count for --compare, and Keras's refusals.

Every name, output shape, parameter count and weight below was printed by Keras 3.15.1 (backend
torch 2.13, CPU) for the same graph, built as tests/oracle/test_multi_head_attention_oracle.py
builds it from tests/multi_head_attention_cases.py (``layer(query, value[, key])``), then each
layer's ``name``, ``output.shape``, ``count_params()`` and each weight's path inside the layer.
The MACs are what ``torch.utils.flop_counter.FlopCounterMode`` counted (flops / 2) for one
sample through the Keras layer called with ``return_attention_scores=True`` (the einsum path);
the torch.nn counts are ``sum(p.numel())`` of ``torch.nn.MultiheadAttention`` itself.
"""

from __future__ import annotations

import pytest
import yaml

from lstm_calc.amount import Amount
from lstm_calc.api import summarize_file
from lstm_calc.graph import infer
from lstm_calc.spec_mapping import model_from_mapping
from tests.multi_head_attention_cases import (
    CANNOT_RUN,
    ENCODER_BLOCK,
    FIXTURES,
    MODELS,
    REFUSED,
    mha,
    refused,
    sequences,
)

B = "bias"
K = "kernel"


def projections(heads: int, key_dim: int, query: int, key: int, value: int, value_dim: int | None = None, out=None):
    """The weights Keras builds, in its order: query, key, value, attention_output (each kernel then bias)."""
    value_dim = value_dim or key_dim
    out = out or (query,)
    return [
        (f"query/{K}", (query, heads, key_dim)),
        (f"query/{B}", (heads, key_dim)),
        (f"key/{K}", (key, heads, key_dim)),
        (f"key/{B}", (heads, key_dim)),
        (f"value/{K}", (value, heads, value_dim)),
        (f"value/{B}", (heads, value_dim)),
        (f"attention_output/{K}", (heads, value_dim, *out)),
        (f"attention_output/{B}", out),
    ]


def kernels_only(weights):
    return [weight for weight in weights if not weight[0].endswith(B)]


#: (name, output shape, params, [(weight, shape)]) per layer but the inputs, as Keras 3.15.1 built each graph.
KERAS_LAYERS = {
    "encoder_block": [
        ("multi_head_attention", (None, 10, 16), 2160, projections(4, 8, 16, 16, 16)),
        ("add", (None, 10, 16), 0, []),
        ("layer_normalization", (None, 10, 16), 32, [("gamma", (16,)), ("beta", (16,))]),
        ("dense", (None, 10, 3), 51, [("kernel", (16, 3)), ("bias", (3,))]),
    ],
    "cross_attention": [
        ("multi_head_attention", (None, 10, 6), 500, projections(2, 5, 16, 20, 12, value_dim=3, out=(6,))),
        ("multi_head_attention_1", (None, 10, 16), 672, kernels_only(projections(3, 4, 16, 12, 12))),
        (
            "multi_head_attention_2",
            (None, 10, 16),
            624,
            [
                ("query/kernel", (16, 2, 4)),
                ("query/bias", (2, 4)),
                ("key/kernel", (12, 2, 4)),
                ("key/bias", (2, 4)),
                ("gate/kernel", (16, 2, 4)),
                ("gate/bias", (2, 4)),
                ("value/kernel", (12, 2, 4)),
                ("value/bias", (2, 4)),
                ("attention_output/kernel", (2, 4, 16)),
                ("attention_output/bias", (16,)),
            ],
        ),
        (
            "multi_head_attention_3",
            (None, 10, 16),
            488,
            [
                ("query/kernel", (16, 2, 4)),
                ("key/kernel", (12, 2, 4)),
                ("gate/kernel", (16, 2, 3)),
                ("value/kernel", (12, 2, 3)),
                ("attention_output/kernel", (2, 3, 16)),
            ],
        ),
    ],
    "output_axes": [
        ("multi_head_attention", (None, 10, 3, 5), 479, projections(2, 4, 16, 12, 12, out=(3, 5))),
        ("multi_head_attention_1", (None, 10, 16), 488, projections(2, 4, 16, 12, 12)),
    ],
    "count_neutral_options": [("attention", (None, 10, 16), 552, projections(2, 4, 16, 16, 16))],
    "images_and_unknown_lengths": [
        ("multi_head_attention", (None, 5, 6, 16), 552, projections(2, 4, 16, 16, 16)),
        ("multi_head_attention_1", (None, 5, 6, 16), 552, projections(2, 4, 16, 16, 16)),
        ("multi_head_attention_2", (None, None, 16), 488, projections(2, 4, 16, 12, 12)),
        ("multi_head_attention_3", (None, 5, 6, 16), 552, projections(2, 4, 16, 16, 16)),
    ],
}


def rows(summary):
    return [
        (row.name, row.output_shape, row.params, [(weight.name, weight.shape) for weight in row.weights])
        for row in summary.layers
        if row.type != "InputLayer"
    ]


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_layer_is_what_keras_builds(model):
    assert rows(infer(model_from_mapping(MODELS[model]))) == KERAS_LAYERS[model]


def test_every_model_is_pinned():
    assert sorted(KERAS_LAYERS) == sorted(MODELS)


# What Keras 3.15.1's model.summary() prints for ENCODER_BLOCK with COLUMNS=80.
ENCODER_BLOCK_SUMMARY = """\
Model: "encoder_block"
┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
│ tokens (InputLayer) │ (None, 10, 16)    │          0 │ -                 │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ multi_head_attenti… │ (None, 10, 16)    │      2,160 │ tokens[0][0],     │
│ (MultiHeadAttentio… │                   │            │ tokens[0][0]      │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ add (Add)           │ (None, 10, 16)    │          0 │ tokens[0][0],     │
│                     │                   │            │ multi_head_atten… │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ layer_normalization │ (None, 10, 16)    │         32 │ add[0][0]         │
│ (LayerNormalizatio… │                   │            │                   │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ dense (Dense)       │ (None, 10, 3)     │         51 │ layer_normalizat… │
└─────────────────────┴───────────────────┴────────────┴───────────────────┘
 Total params: 2,243 (8.76 KB)
 Trainable params: 2,243 (8.76 KB)
 Non-trainable params: 0 (0.00 B)
"""


def spec_text(spec) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def test_the_encoder_block_summary_is_keras_own_text(run):
    result = run("summary", "-", stdin=spec_text(ENCODER_BLOCK))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ENCODER_BLOCK_SUMMARY


def test_the_model_json_keras_wrote_reads_as_the_graph_spec(run):
    """mha_encoder_block.json is ``model.to_json(indent=1)`` of ENCODER_BLOCK, from Keras 3.15.1 itself."""
    from_json = summarize_file(str(FIXTURES / "mha_encoder_block.json"))
    assert rows(from_json) == KERAS_LAYERS["encoder_block"]
    assert run("summary", str(FIXTURES / "mha_encoder_block.json")).stdout == ENCODER_BLOCK_SUMMARY


# -- MACs, as torch's FlopCounterMode counts the Keras layer (flops / 2) --


def test_macs_of_self_and_cross_attention():
    encoder = infer(model_from_mapping(ENCODER_BLOCK)).layers[1]
    # Tq = Tv = 10, E = 16, 4 heads of 8: q, k, v and output projections 10·16·32 each, scores and sum 10·10·32.
    assert encoder.macs == Amount(4 * 10 * 16 * 32 + 2 * 10 * 10 * 32) == Amount(26_880)
    cross = infer(model_from_mapping(MODELS["cross_attention"])).layers[3:]
    assert [row.macs for row in cross] == [Amount(4_984), Amount(7_536), Amount(6_304), Amount(5_356)]


def test_macs_over_chosen_attention_axes_and_unknown_lengths():
    layers = infer(model_from_mapping(MODELS["images_and_unknown_lengths"])).layers[4:]
    # attention_axes [2] on (5, 6, 16): the 5 rows pair one to one, the 6 columns attend to each other.
    projections_ = 4 * 30 * 16 * 8
    assert layers[0].macs == Amount(projections_ + 2 * 5 * 6 * 6 * 8) == Amount(18_240)
    assert layers[1].macs == layers[0].macs  # -2 names the same axis
    # Tq and Tv unknown: per step of either, and Tq·Tv counted per pair of steps.
    assert layers[2].macs == Amount(0, 16 * 8 + 12 * 8 + 12 * 8 + 8 * 16 + 8 + 8)
    # attention_axes 2 on (5, 6, 16) and (5, 3, 16): 5 rows paired, 6 query columns with 3 value columns.
    assert layers[3].macs == Amount(2 * 30 * 16 * 8 + 2 * 15 * 16 * 8 + 2 * 5 * 6 * 3 * 8) == Amount(12_960)


def test_random_attention_matches_torch_flop_count():
    spec = {
        "inputs": sequences(a=[5, 6, 16], b=[4, 3, 16]),
        "layers": [mha(2, 4, ["a", "b"])],
        "outputs": ["multi_head_attention"],
    }
    assert infer(model_from_mapping(spec)).layers[2].macs == Amount(16_512)


# -- torch.nn.MultiheadAttention's count, where it can be the same layer --


def counterpart(query, value, key=None, **options):
    shapes = [(None, *query), (None, *value), *([(None, *key)] if key else [])]
    spec = {
        "inputs": sequences(q=list(query), v=list(value), **({"k": list(key)} if key else {})),
        "layers": [
            mha(options.pop("num_heads"), options.pop("key_dim"), ["q", "v", *(["k"] if key else [])], **options)
        ],
        "outputs": ["multi_head_attention"],
    }
    layer = model_from_mapping(spec).layers[0].layer
    return layer.counterpart_params(shapes)


def test_torch_counts_the_same_when_its_heads_fit():
    # torch.nn.MultiheadAttention(16, 2): in_proj_weight (48, 16), in_proj_bias (48,), out_proj (16, 16) + (16,).
    assert counterpart((10, 16), (10, 16), num_heads=2, key_dim=8) == 1088
    # kdim 12, vdim 20: q/k/v_proj_weight (16, 16), (16, 12), (16, 20) instead of in_proj_weight.
    assert counterpart((10, 16), (7, 20), (7, 12), num_heads=2, key_dim=8) == 1088
    assert counterpart((10, 16), (7, 20), (7, 12), num_heads=2, key_dim=8, use_bias=False) == 1024
    assert counterpart((10, 16), (10, 16), num_heads=4, key_dim=4, use_bias=False) == 1024


@pytest.mark.parametrize(
    "options",
    [
        {"num_heads": 4, "key_dim": 8},  # 32 ≠ 16
        {"num_heads": 2, "key_dim": 8, "value_dim": 4},
        {"num_heads": 2, "key_dim": 8, "output_shape": 6},
        {"num_heads": 2, "key_dim": 8, "use_gate": True},
    ],
)
def test_no_torch_counterpart_when_it_cannot_be_the_same_layer(options):
    assert counterpart((10, 16), (10, 16), **options) is None


def test_an_output_shape_of_the_query_size_still_has_a_counterpart():
    assert counterpart((10, 16), (10, 16), num_heads=2, key_dim=8, output_shape=[16]) == 1088


# -- What Keras refuses, lstmcalc refuses: exit 2, at the argument or layer at fault --

LAYER = "layer 'multi_head_attention' (MultiHeadAttention)"
REFUSALS = {
    "value_and_key_of_different_lengths": f"<stdin>:9:3: error: {LAYER} needs a value and a key that agree on every "
    "axis but the last, as Keras requires, but receives value (None, 7, 16) and key (None, 8, 16)",
    "unknown_query_features": f"<stdin>:7:3: error: {LAYER} needs a known last axis (features) on the query to "
    "size its projections but receives (None, 10, None)",
    "unknown_value_features": f"<stdin>:7:3: error: {LAYER} needs a known last axis (features) on the value to "
    "size its projections but receives (None, 7, None)",
    "no_heads": "<stdin>:6:14: error: MultiHeadAttention argument 'num_heads': expected a positive integer, got 0",
    "key_dim_not_an_integer": "<stdin>:7:12: error: MultiHeadAttention argument 'key_dim': expected a positive "
    "integer, got 4.0",
    "value_dim_zero": "<stdin>:8:14: error: MultiHeadAttention argument 'value_dim': expected a positive integer, "
    "got 0",
    "dropout_above_one": "<stdin>:8:12: error: MultiHeadAttention argument 'dropout': expected a number between 0 "
    "and 1, got 1.5",
    "sliding_window_zero": "<stdin>:8:19: error: MultiHeadAttention argument 'sliding_window': expected a positive "
    "integer, got 0",
    "attention_axis_past_the_end": f"<stdin>:8:19: error: {LAYER} has attention_axes 5, but the projected query "
    "(batch, positions, heads, key_dim) has 4 axes; attend over the query's positions, axes 1 to 1",
    "attention_axes_a_string": "<stdin>:8:19: error: MultiHeadAttention argument 'attention_axes': expected an axis "
    "number or a list of them, got 'a'",
    "output_shape_a_string": "<stdin>:8:17: error: MultiHeadAttention argument 'output_shape': expected a positive "
    "integer or a list of them (the axes after the query's positions), got 'ab'",
    "dropout_with_flash_attention": f"<stdin>:8:12: error: {LAYER} has dropout with flash_attention: true, which "
    "Keras refuses (flash attention has no dropout); set dropout: 0 or flash_attention: null",
    "no_key_dim": "<stdin>:5:3: error: MultiHeadAttention needs 'key_dim'",
    "one_input": f"<stdin>:5:3: error: {LAYER} takes 2 to 3 tensors but receives 1",
    "vectors": f"<stdin>:5:3: error: {LAYER} needs a query of at least 3 dimensions (batch, positions, features) "
    "but receives (None, 16); Keras builds it on (batch, features) but cannot run it",
    "query_and_value_of_different_ranks": f"<stdin>:7:3: error: {LAYER} needs a query, value and key of one rank "
    "but receives (None, 10, 16), (None, 5, 7, 12); Keras builds it but cannot run it",
    "unattended_axes_that_differ": f"<stdin>:7:3: error: {LAYER} attends over axes [2], so axis 1 pairs the "
    "query's positions with the value's one to one, but receives query (None, 5, 6, 16) and value "
    "(None, 4, 6, 16); Keras builds it but cannot run it",
}


@pytest.mark.parametrize("case", sorted({**REFUSED, **CANNOT_RUN}))
def test_what_keras_refuses_is_refused_at_its_place(run, case):
    result = run("summary", "-", stdin=spec_text({**REFUSED, **CANNOT_RUN}[case]))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == REFUSALS[case] + "\n"


def test_every_refusal_is_pinned():
    assert sorted(REFUSALS) == sorted({**REFUSED, **CANNOT_RUN})


def test_a_fourth_tensor_is_refused(run):
    # Keras's call would take a fourth argument as query_mask, which a graph spec cannot say.
    result = run("summary", "-", stdin=spec_text(refused({"q": [10, 16]}, layer_inputs=["q", "q", "q", "q"])))
    assert (result.exit_code, result.stderr) == (
        2,
        f"<stdin>:5:3: error: {LAYER} takes 2 to 3 tensors but receives 4\n",
    )


@pytest.mark.parametrize("model", sorted(MODELS))
def test_the_json_schema_accepts_every_case(model):
    import jsonschema

    from lstm_calc.schema import spec_schema

    jsonschema.Draft202012Validator(spec_schema()).validate(MODELS[model])


def test_export_to_keras_passes_each_tensor_as_its_own_argument(run):
    result = run("export", "-", "--to", "keras", stdin=spec_text(MODELS["cross_attention"]))
    assert result.exit_code == 0, result.stderr
    assert "layers.MultiHeadAttention(2, 5, value_dim=3, output_shape=6)(q, v, k)" in result.stdout
    assert "layers.MultiHeadAttention(3, 4, use_bias=False)(q, v)" in result.stdout


def test_compare_gives_torch_count_where_its_heads_fit(run):
    spec = {"inputs": sequences(q=[10, 16]), "layers": [mha(2, 8, ["q", "q"])], "outputs": ["multi_head_attention"]}
    result = run("summary", "-", "--compare", stdin=spec_text(spec))
    assert result.exit_code == 0, result.stderr
    assert "Total                                      1,088    1,088     0" in result.stdout
