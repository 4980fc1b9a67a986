"""Graph specs of torch.nn.MultiheadAttention under ``framework: pytorch``, shared by the plain tests
(tests/test_multi_head_attention_torch.py, numbers pinned from torch) and the oracle module that
builds each with a real torch (tests/oracle/test_multi_head_attention_torch_oracle.py).
"""

from __future__ import annotations

from typing import Any

from tests.multi_head_attention_cases import sequences


def torch_mha(embed_dim: int, num_heads: int, inputs: list[str], **options: Any) -> dict[str, Any]:
    """One MultiheadAttention entry of a graph spec, in torch's spelling and order (query, key, value)."""
    return {"type": "MultiheadAttention", "embed_dim": embed_dim, "num_heads": num_heads, **options, "inputs": inputs}


def torch_graph(
    inputs: dict[str, list[int | None]], layers: list[dict[str, Any]], outputs: list[str]
) -> dict[str, Any]:
    return {"framework": "pytorch", "inputs": sequences(**inputs), "layers": layers, "outputs": outputs}


#: Specs torch builds and runs.
TORCH_MODELS: dict[str, dict[str, Any]] = {
    "self_attention": torch_graph(
        {"x": [10, 64]}, [torch_mha(64, 4, ["x", "x", "x"])], ["multihead_attention[0]", "multihead_attention[1]"]
    ),
    "cross_attention_of_other_widths": torch_graph(
        {"q": [10, 16], "k": [7, 8], "v": [7, 12]},
        [torch_mha(16, 2, ["q", "k", "v"], kdim=8, vdim=12, bias=False, average_attn_weights=False)],
        ["multihead_attention[0]", "multihead_attention[1]"],
    ),
    "added_positions_on_unknown_lengths": torch_graph(
        {"q": [None, 12], "m": [None, 12]},
        [
            torch_mha(12, 3, ["q", "m", "m"], add_bias_kv=True, add_zero_attn=True, dropout=0.1),
            torch_mha(12, 4, ["q", "m", "m"], add_zero_attn=True, average_attn_weights=False),
        ],
        ["multihead_attention", "multihead_attention_1"],
    ),
    "stacked_without_weights": torch_graph(
        {"x": [6, 8], "memory": [9, 5]},
        [
            torch_mha(8, 2, ["x", "x", "x"], need_weights=False),
            torch_mha(8, 8, ["multihead_attention", "memory", "memory"], kdim=5, vdim=5, need_weights=False),
            {"type": "Linear", "in_features": 8, "out_features": 3, "inputs": "multihead_attention_1"},
        ],
        ["linear"],
    ),
}


def torch_refused(inputs: dict[str, list[int | None]], **options: Any) -> dict[str, Any]:
    """A one-layer graph of MultiheadAttention(16, 2) on ``inputs`` (the first as query, the last as key
    and value by default), with ``options``."""
    names = list(inputs)
    layer_inputs = options.pop("layer_inputs", [names[0], names[-1], names[-1]])
    entry = {**torch_mha(16, 2, layer_inputs), **options}
    entry["inputs"] = entry.pop("inputs")
    return torch_graph(
        inputs, [{key: value for key, value in entry.items() if value is not None}], ["multihead_attention"]
    )


#: Specs torch refuses, at construction or in the forward pass.
TORCH_REFUSED: dict[str, dict[str, Any]] = {
    "heads_that_do_not_divide_embed_dim": torch_refused({"q": [10, 16]}, num_heads=3),
    "embed_dim_not_the_query_width": torch_refused({"q": [10, 12]}),
    "key_of_another_width_without_kdim": torch_refused({"q": [10, 16], "k": [7, 8]}),
    "kdim_not_the_key_width": torch_refused({"q": [10, 16], "k": [7, 8]}, kdim=6, vdim=8),
    "key_and_value_of_different_lengths": torch_refused(
        {"q": [10, 16], "k": [7, 16], "v": [6, 16]}, layer_inputs=["q", "k", "v"]
    ),
    "four_dimensional_query": torch_refused({"q": [3, 10, 16]}),
    "query_and_key_only": torch_refused({"q": [10, 16]}, layer_inputs=["q", "q"]),
    "keras_key_dim": torch_refused({"q": [10, 16]}, key_dim=8),
    "keras_output_shape": torch_refused({"q": [10, 16]}, output_shape=4),
    "no_heads": torch_refused({"q": [10, 16]}, num_heads=0),
}


#: Keras MultiHeadAttention layers (they give key_dim) that torch.nn.MultiheadAttention computes exactly:
#: read under PyTorch (summary --framework pytorch, export --to pytorch) they are that module. Named, as
#: a spec read under the other convention must be: automatic names follow the convention's class name.
KERAS_AS_TORCH: dict[str, dict[str, Any]] = {
    "encoder_block": {
        "name": "encoder_block",
        "inputs": sequences(tokens=[10, 16], memory=[7, 12]),
        "layers": [
            {
                "name": "self_attention",
                "type": "MultiHeadAttention",
                "num_heads": 4,
                "key_dim": 4,
                "inputs": ["tokens", "tokens"],
            },
            {
                "name": "cross",
                "type": "MultiHeadAttention",
                "num_heads": 2,
                "key_dim": 8,
                "return_attention_scores": True,
                "inputs": ["self_attention", "memory", "memory"],
            },
            {"name": "residual", "type": "Add", "inputs": ["tokens", "cross[0]"]},
        ],
        "outputs": ["residual", "cross[1]"],
    },
    "key_and_value_apart": {
        "inputs": sequences(q=[None, 8], v=[None, 6], k=[None, 5]),
        "layers": [
            {
                "name": "attend",
                "type": "MultiHeadAttention",
                "num_heads": 2,
                "key_dim": 4,
                "value_dim": 4,
                "use_bias": False,
                "attention_axes": [1],
                "inputs": ["q", "v", "k"],
            }
        ],
        "outputs": ["attend"],
    },
}


def keras_as_torch_refused(**options: Any) -> dict[str, Any]:
    """One named MultiHeadAttention(4, key_dim 4) in Keras's terms on (10, 16), with ``options``."""
    entry = {"name": "attend", "type": "MultiHeadAttention", "num_heads": 4, "key_dim": 4, **options}
    return {
        "inputs": sequences(x=[10, 16]),
        "layers": [{**{k: v for k, v in entry.items() if v is not None}, "inputs": ["x", "x"]}],
        "outputs": ["attend"],
    }


#: Keras layers torch.nn.MultiheadAttention cannot compute: refused under PyTorch (Keras builds them all).
KERAS_NOT_TORCH: dict[str, dict[str, Any]] = {
    "heads_narrower_than_the_query": keras_as_torch_refused(key_dim=5),
    "other_value_size": keras_as_torch_refused(value_dim=2),
    "other_output_size": keras_as_torch_refused(output_shape=8),
    "gate": keras_as_torch_refused(use_gate=True),
    "sliding_window": keras_as_torch_refused(sliding_window=3),
    "mixed_with_torch_arguments": keras_as_torch_refused(embed_dim=16),
}
