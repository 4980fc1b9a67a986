"""Keras code that sets the global dtype (``keras.config.set_dtype_policy``, ``keras.mixed_precision.
set_global_policy``, ``keras.config.set_floatx``), with the bytes Keras 3.15 (torch backend) prints for
the weights of its ``model``: those lstmcalc reads, and those it refuses, which it would have got wrong.

tests/test_keras_dtype_settings.py checks lstmcalc against these pins;
tests/oracle/test_keras_dtype_settings_oracle.py runs each case in real Keras and checks the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = "import keras\nfrom keras import layers\n\n"
DENSES = "model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8), layers.Dense(2)])\n"
LSTM = "model = keras.Sequential([keras.Input(shape=(9, 6)), layers.LSTM(8), layers.Dense(2)])\n"
MOVE = (
    "lstmcalc reads one such setting, given as a string literal, as a statement of the module itself "
    "before the code makes anything (layers made before it keep their dtype); move it there, or pass "
    "dtype= to each layer"
)


@dataclass(frozen=True)
class DtypeCase:
    """Code and the bytes of its model's weights in Keras's summary; where and why lstmcalc refuses it, if it does."""

    code: str
    param_bytes: int
    where: str = ""
    message: str = ""


READ = {
    "policy_float16": DtypeCase(HEADER + 'keras.config.set_dtype_policy("float16")\n' + DENSES, 148),
    "global_policy_bfloat16": DtypeCase(HEADER + 'keras.mixed_precision.set_global_policy("bfloat16")\n' + DENSES, 148),
    "floatx_float16_before_an_import": DtypeCase(
        'import keras\nkeras.backend.set_floatx("float16")\nfrom keras import layers\n' + DENSES, 148
    ),
    "floatx_float64": DtypeCase(HEADER + 'keras.config.set_floatx("float64")\n' + LSTM, 3984),
    # A mixed policy keeps the weights in float32.
    "mixed_float16": DtypeCase(
        HEADER + 'keras.mixed_precision.set_global_policy("mixed_float16")\n'
        'model = keras.Sequential([keras.Input(shape=(9, 6)), layers.LSTM(8), layers.Dense(2, dtype="float32")])\n',
        1992,
    ),
    # A layer's own dtype= wins over the global one.
    "policy_float16_and_a_float64_layer": DtypeCase(
        HEADER + 'keras.config.set_dtype_policy("float16")\n'
        'model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8, dtype="float64"), layers.Dense(2)])\n',
        484,
    ),
    "functional_float64": DtypeCase(
        HEADER + 'keras.config.set_dtype_policy("float64")\ninp = keras.Input(shape=(6,))\n'
        "model = keras.Model(inp, layers.Dense(2)(layers.Dense(8)(inp)))\n",
        592,
    ),
}

REFUSED = {
    # Layers made before the setting keep float32: reading the setting would halve the bytes.
    "set_after_the_model": DtypeCase(
        HEADER + DENSES + 'keras.config.set_floatx("float16")\n',
        296,
        "5:1",
        f"keras.config.set_floatx(...) sets the dtype of the layers made after it; {MOVE}",
    ),
    "set_twice": DtypeCase(
        HEADER + 'keras.config.set_floatx("float64")\nkeras.config.set_dtype_policy("float16")\n' + DENSES,
        148,
        "5:1",
        f"the code sets Keras's global dtype more than once (lines 4, 5); {MOVE}",
    ),
    "set_in_main": DtypeCase(
        HEADER + 'if __name__ == "__main__":\n    keras.config.set_dtype_policy("float16")\n' + DENSES,
        148,
        "5:5",
        f"keras.config.set_dtype_policy(...) sets the dtype of the layers made after it; {MOVE}",
    ),
    "set_from_a_name": DtypeCase(
        HEADER + 'POLICY = "float64"\nkeras.config.set_dtype_policy(POLICY)\n' + DENSES,
        592,
        "5:1",
        f"keras.config.set_dtype_policy(...) sets the dtype of the layers made after it; {MOVE}",
    ),
    "set_after_a_layer_is_made": DtypeCase(
        HEADER + 'first = layers.Dense(8)\nkeras.config.set_dtype_policy("float16")\n'
        "model = keras.Sequential([keras.Input(shape=(6,)), first, layers.Dense(2)])\n",
        260,
        "5:1",
        f"keras.config.set_dtype_policy(...) sets the dtype of the layers made after it; {MOVE}",
    ),
}
