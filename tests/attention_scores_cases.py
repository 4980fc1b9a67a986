"""MultiHeadAttention called with ``return_attention_scores=True``: graph specs (the call argument
given as the layer's), and the Keras models whose ``to_json(indent=1)`` are the fixtures
tests/fixtures/keras/mha_scores.json and tests/fixtures/keras_refused/mha_shared_scores.json
(a model lstmcalc refuses, kept apart from the readable fixtures), shared by the plain tests
(tests/test_attention_scores.py) and the oracle (tests/oracle/test_attention_scores_oracle.py).
"""

from __future__ import annotations

from typing import Any

from tests.multi_head_attention_cases import mha, sequences


def scores_graph(inputs: dict[str, list[int | None]], *layers: dict[str, Any]) -> dict[str, Any]:
    names = ["multi_head_attention", *(f"multi_head_attention_{i}" for i in range(1, len(layers)))]
    return {
        "inputs": sequences(**inputs),
        "layers": list(layers),
        "outputs": [f"{name}[{index}]" for name in names for index in (0, 1)],
    }


#: Specs whose scores Keras's forward pass shapes (its symbolic call says otherwise for most).
SCORES_MODELS: dict[str, dict[str, Any]] = {
    "cross_attention": scores_graph({"q": [10, 16], "v": [7, 12]}, mha(2, 4, ["q", "v"], return_attention_scores=True)),
    "unknown_lengths": scores_graph(
        {"q": [None, 16], "v": [None, 12], "k": [None, 8]},
        mha(3, 4, ["q", "v", "k"], return_attention_scores=True, output_shape=5),
    ),
    "images": scores_graph(
        {"image": [5, 6, 16], "columns": [5, 3, 16], "other": [4, 3, 16]},
        mha(2, 4, ["image", "columns"], attention_axes=2, return_attention_scores=True),
        mha(2, 4, ["image", "other"], return_attention_scores=True),
        mha(3, 2, ["image", "columns"], attention_axes=[1, 2], return_attention_scores=True, value_dim=5),
    ),
}


def scores_model(keras: Any) -> Any:
    """Cross-attention whose scores are a model output and whose output feeds a Dense layer."""
    query, value = keras.Input((10, 16), name="q"), keras.Input((7, 12), name="v")
    output, scores = keras.layers.MultiHeadAttention(2, 4)(query, value, return_attention_scores=True)
    return keras.Model([query, value], [keras.layers.Dense(3)(output), scores], name="mha_scores")


def shared_scores_model(keras: Any) -> Any:
    """One layer called twice, with the scores the first time only: lstmcalc reads one value per layer."""
    query, value = keras.Input((10, 16), name="q"), keras.Input((7, 12), name="v")
    layer = keras.layers.MultiHeadAttention(2, 4, name="shared")
    output, scores = layer(query, value, return_attention_scores=True)
    return keras.Model([query, value], [output, scores, layer(query, query)], name="mha_shared_scores")
