"""MultiHeadAttention graph specs (issue 14, item 1), shared by tests/test_multi_head_attention.py, which
pins what Keras 3.15.1 built for them, and the oracle module, which builds them with a live Keras.

Each model is a graph spec as a Python mapping; a layer's ``inputs`` list [query, value] or
[query, value, key], which Keras's call takes as its arguments: ``layer(query, value, key)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "keras"


def mha(num_heads: int, key_dim: int, inputs: list[str], **options: Any) -> dict[str, Any]:
    """One MultiHeadAttention entry of a graph spec."""
    return {"type": "MultiHeadAttention", "num_heads": num_heads, "key_dim": key_dim, **options, "inputs": inputs}


def sequences(**shapes: list[int | None]) -> dict[str, Any]:
    """The ``inputs:`` block of a graph spec: name -> shape after the batch."""
    return {name: {"shape": shape} for name, shape in shapes.items()}


#: A transformer encoder block: self-attention, a residual connection and layer normalization.
ENCODER_BLOCK = {
    "name": "encoder_block",
    "inputs": sequences(tokens=[10, 16]),
    "layers": [
        mha(4, 8, ["tokens", "tokens"]),
        {"type": "Add", "inputs": ["tokens", "multi_head_attention"]},
        {"type": "LayerNormalization"},
        {"type": "Dense", "units": 3},
    ],
    "outputs": ["dense"],
}

MODELS: dict[str, dict[str, Any]] = {
    "encoder_block": ENCODER_BLOCK,
    "cross_attention": {
        "inputs": sequences(q=[10, 16], v=[7, 12], k=[7, 20]),
        "layers": [
            mha(2, 5, ["q", "v", "k"], value_dim=3, output_shape=6),
            mha(3, 4, ["q", "v"], use_bias=False),
            mha(2, 4, ["q", "v"], use_gate=True),
            mha(2, 4, ["q", "v"], use_gate=True, use_bias=False, value_dim=3),
        ],
        "outputs": [
            "multi_head_attention",
            "multi_head_attention_1",
            "multi_head_attention_2",
            "multi_head_attention_3",
        ],
    },
    "output_axes": {
        "inputs": sequences(q=[10, 16], v=[7, 12]),
        "layers": [mha(2, 4, ["q", "v"], output_shape=[3, 5]), mha(2, 4, ["q", "v"], output_shape=0)],
        "outputs": ["multi_head_attention", "multi_head_attention_1"],
    },
    "count_neutral_options": {
        "inputs": sequences(q=[10, 16]),
        "layers": [
            mha(
                2,
                4,
                ["q", "q"],
                dropout=0.1,
                sliding_window=3,
                flash_attention=False,
                kernel_initializer="he_normal",
                bias_initializer="ones",
                seed=7,
                name="attention",
            )
        ],
        "outputs": ["attention"],
    },
    "images_and_unknown_lengths": {
        "inputs": sequences(image=[5, 6, 16], q=[None, 16], v=[None, 12], columns=[5, 3, 16]),
        "layers": [
            mha(2, 4, ["image", "image"], attention_axes=[2]),
            mha(2, 4, ["image", "image"], attention_axes=-2),
            mha(2, 4, ["q", "v"]),
            mha(2, 4, ["image", "columns"], attention_axes=2),
        ],
        "outputs": [
            "multi_head_attention",
            "multi_head_attention_1",
            "multi_head_attention_2",
            "multi_head_attention_3",
        ],
    },
}


def refused(inputs: dict[str, list[int | None]], **options: Any) -> dict[str, Any]:
    """A one-layer graph of MultiHeadAttention(2, 4) on ``inputs`` (its first and last by default), with ``options``."""
    names = list(inputs)
    layer_inputs = options.pop("layer_inputs", [names[0], names[-1]])
    entry = {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 4, **options, "inputs": layer_inputs}
    return {
        "inputs": sequences(**inputs),
        "layers": [{key: value for key, value in entry.items() if value is not None}],
        "outputs": ["multi_head_attention"],
    }


#: Specs Keras 3.15.1 refuses to build (the oracle module checks it still does).
REFUSED: dict[str, dict[str, Any]] = {
    "value_and_key_of_different_lengths": refused(
        {"q": [10, 16], "v": [7, 16], "k": [8, 16]}, layer_inputs=["q", "v", "k"]
    ),
    "unknown_query_features": refused({"q": [10, None], "v": [7, 12]}),
    "unknown_value_features": refused({"q": [10, 16], "v": [7, None]}),
    "no_heads": refused({"q": [10, 16]}, num_heads=0),
    "key_dim_not_an_integer": refused({"q": [10, 16]}, key_dim=4.0),
    "value_dim_zero": refused({"q": [10, 16]}, value_dim=0),
    "dropout_above_one": refused({"q": [10, 16]}, dropout=1.5),
    "sliding_window_zero": refused({"q": [10, 16]}, sliding_window=0),
    "attention_axis_past_the_end": refused({"q": [10, 16]}, attention_axes=5),
    "attention_axes_a_string": refused({"q": [10, 16]}, attention_axes="a"),
    "output_shape_a_string": refused({"q": [10, 16]}, output_shape="ab"),
    "dropout_with_flash_attention": refused({"q": [10, 16]}, dropout=0.5, flash_attention=True),
    "no_key_dim": refused({"q": [10, 16]}, key_dim=None),
    "one_input": refused({"q": [10, 16]}, layer_inputs=["q"]),
}

#: Specs Keras 3.15.1 builds (its summary shows them) but cannot run: lstmcalc follows the forward pass.
CANNOT_RUN: dict[str, dict[str, Any]] = {
    "vectors": refused({"q": [16]}),
    "query_and_value_of_different_ranks": refused({"q": [10, 16], "v": [5, 7, 12]}),
    "unattended_axes_that_differ": refused({"q": [5, 6, 16], "v": [4, 6, 16]}, attention_axes=2),
}
