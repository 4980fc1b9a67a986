"""MultiHeadAttention called with its tensors by keyword, shared by tests/test_mha_keyword_calls.py, which
pins Keras 3.15.1's summaries of them, and the oracle module, which runs each in a live Keras.

Keras lists a call's tensors (its Connected to, and so the order of the input rows) as it flattens the
call's ``(args, kwargs)``: the positional arguments, then the keyword arguments sorted by name. So
``attention(query=decoded, value=memory, key=keys)`` is connected to keys, decoded, memory.
"""

from __future__ import annotations

HEADER = """import keras
from keras import layers

decoded = keras.Input(shape=(6, 8), name="decoded")
memory = keras.Input(shape=(9, 8), name="memory")
keys = keras.Input(shape=(9, 4), name="keys")
"""


def model(call: str, inputs: str = "decoded, memory, keys") -> str:
    """A model of ``inputs`` whose MultiHeadAttention(2, 4) is called with ``call``'s arguments."""
    return (
        f"{HEADER}attended = layers.MultiHeadAttention(num_heads=2, key_dim=4)({call})\n"
        f"model = keras.Model([{inputs}], layers.Dense(3)(attended))\n"
    )


#: Functional Keras code: the case's name -> the code, whose ``model`` Keras summarises.
CODE = {
    # keras.io's Transformer decoder calls its cross-attention this way (query=, value=, key=).
    "every_tensor_by_keyword": model("query=decoded, value=memory, key=keys"),
    "keywords_in_another_order": model("value=memory, key=keys, query=decoded"),
    "the_query_by_position": model("decoded, value=memory, key=keys"),
    "the_value_by_keyword_and_no_key": model("decoded, value=memory", "decoded, memory"),
    "the_key_omitted": model("query=decoded, value=memory", "decoded, memory"),
    "a_shared_layer_called_both_ways": (
        f"{HEADER}attention = layers.MultiHeadAttention(num_heads=2, key_dim=4)\n"
        "first = attention(decoded, memory, keys)\n"
        "second = attention(query=first, value=memory, key=keys)\n"
        "model = keras.Model([decoded, memory, keys], layers.Dense(3)(second))\n"
    ),
}

#: Calls Python refuses (Keras's call has no default for the value): code, where, the error's message.
REFUSED = {
    "a_key_without_a_value": (
        model("decoded, key=keys"),
        "7:75",
        "layer 'multi_head_attention' is given its key but not its value (Python refuses such a call: missing "
        "argument 'value')",
    ),
}
