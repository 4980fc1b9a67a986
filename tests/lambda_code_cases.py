"""Simple Lambda functions in Keras code whose output shape the code reader follows (issue 14, item 5).

Each case: the function as the code writes it, the same function in Keras 3's own spelling
(``keras.ops`` for Keras 2's ``K.mean`` and TensorFlow's ``tf.reduce_mean``, with their
default axes written out), the per-sample input shape, and the output shape lstmcalc gives,
without the batch axis. tests/oracle/test_lambda_code_oracle.py builds each in real Keras 3.
"""

from __future__ import annotations

#: The imports the code of every case starts with (Keras 2 and TensorFlow spellings).
HEADER = """\
import keras
import tensorflow as tf
from keras import backend as K
from keras import ops
from keras.layers import Dense, Input, Lambda, LSTM
from keras.models import Sequential
"""

#: name -> (function in the code, the same in Keras 3, input shape, output shape)
FOLLOWED: dict[str, tuple[str, str, tuple[int | None, ...], tuple[int | None, ...]]] = {
    "last-step": ("lambda x: x[:, -1]", "lambda x: x[:, -1]", (10, 8), (8,)),
    "last-step-colon": ("lambda x: x[:, -1, :]", "lambda x: x[:, -1, :]", (10, 8), (8,)),
    "first-step": ("lambda x: x[:, 0]", "lambda x: x[:, 0]", (10, 8), (8,)),
    "last-step-any-length": ("lambda x: x[:, -1]", "lambda x: x[:, -1]", (None, 8), (8,)),
    "first-five": ("lambda x: x[:, :5]", "lambda x: x[:, :5]", (10, 8), (5, 8)),
    "last-three": ("lambda x: x[:, -3:]", "lambda x: x[:, -3:]", (10, 8), (3, 8)),
    "strided": ("lambda x: x[:, 2:9:3]", "lambda x: x[:, 2:9:3]", (10, 8), (3, 8)),
    "past-the-end": ("lambda x: x[:, 4:20]", "lambda x: x[:, 4:20]", (10, 8), (6, 8)),
    "ellipsis": ("lambda x: x[..., 0]", "lambda x: x[..., 0]", (10, 8), (10,)),
    "feature-slice": ("lambda x: x[:, :, 2:6]", "lambda x: x[:, :, 2:6]", (10, 8), (10, 4)),
    "k-mean": ("lambda x: K.mean(x, axis=1)", "lambda x: keras.ops.mean(x, axis=1)", (10, 8), (8,)),
    "k-sum-keepdims": (
        "lambda x: K.sum(x, axis=-1, keepdims=True)",
        "lambda x: keras.ops.sum(x, axis=-1, keepdims=True)",
        (10, 8),
        (10, 1),
    ),
    "k-max-positional": ("lambda x: K.max(x, 1)", "lambda x: keras.ops.max(x, 1)", (10, 8), (8,)),
    "ops-mean-two-axes": (
        "lambda x: ops.mean(x, axis=(1, 2))",
        "lambda x: keras.ops.mean(x, axis=(1, 2))",
        (10, 8),
        (),
    ),
    "keras-ops-sum": ("lambda x: keras.ops.sum(x, axis=1)", "lambda x: keras.ops.sum(x, axis=1)", (10, 8), (8,)),
    "tf-reduce-mean": ("lambda x: tf.reduce_mean(x, axis=1)", "lambda x: keras.ops.mean(x, axis=1)", (10, 8), (8,)),
    "tf-reduce-sum-keepdims": (
        "lambda x: tf.reduce_sum(x, axis=1, keepdims=True)",
        "lambda x: keras.ops.sum(x, axis=1, keepdims=True)",
        (10, 8),
        (1, 8),
    ),
    "tf-math-reduce-max": (
        "lambda x: tf.math.reduce_max(x, axis=-1)",
        "lambda x: keras.ops.max(x, axis=-1)",
        (10, 8),
        (10,),
    ),
    "k-expand-dims-default": (
        "lambda x: K.expand_dims(x)",
        "lambda x: keras.ops.expand_dims(x, -1)",
        (10, 8),
        (10, 8, 1),
    ),
    "k-expand-dims-1": ("lambda x: K.expand_dims(x, 1)", "lambda x: keras.ops.expand_dims(x, 1)", (8,), (1, 8)),
    "tf-expand-dims": (
        "lambda x: tf.expand_dims(x, axis=2)",
        "lambda x: keras.ops.expand_dims(x, 2)",
        (10, 8),
        (10, 1, 8),
    ),
    "k-squeeze": ("lambda x: K.squeeze(x, 1)", "lambda x: keras.ops.squeeze(x, 1)", (1, 8), (8,)),
    "tf-squeeze": ("lambda x: tf.squeeze(x, axis=-1)", "lambda x: keras.ops.squeeze(x, axis=-1)", (10, 1), (10,)),
    "mean-of-last-five": (
        "lambda x: K.mean(x[:, -5:], axis=1)",
        "lambda x: keras.ops.mean(x[:, -5:], axis=1)",
        (10, 8),
        (8,),
    ),
    "named-function": ("last_step", "lambda x: x[:, -1]", (10, 8), (8,)),
    "named-mean": ("mean_over_time", "lambda x: keras.ops.mean(x, axis=1)", (10, 8), (8,)),
}

#: Functions given by name: defined once in the code of every case.
DEFINITIONS = """
def last_step(x):
    return x[:, -1]


def mean_over_time(x):
    \"\"\"The mean over the time steps.\"\"\"
    return K.mean(x, axis=1)
"""

#: name -> (function in the code, input shape): what lstmcalc cannot be sure of, and asks for.
REFUSED: dict[str, tuple[str, tuple[int | None, ...]]] = {
    "index-past-rank": ("lambda x: x[:, :, :, -1]", (10, 8)),
    "index-out-of-range": ("lambda x: x[:, 12]", (10, 8)),
    "axis-past-rank": ("lambda x: K.mean(x, axis=3)", (10, 8)),
    "whole-tensor-mean": ("lambda x: K.mean(x)", (10, 8)),
    "batch-axis": ("lambda x: K.sum(x, axis=0)", (10, 8)),
    "batch-index": ("lambda x: x[0]", (10, 8)),
    "slice-of-unknown-length": ("lambda x: x[:, :5]", (None, 8)),
    "axis-from-a-name": ("lambda x: K.mean(x, axis=time_axis)", (10, 8)),
    "squeeze-not-one": ("lambda x: K.squeeze(x, 1)", (10, 8)),
    "other-body": ("lambda x: x * 2", (10, 8)),
    "unimported-module": ("lambda x: backend.mean(x, axis=1)", (10, 8)),
}


def sequential_code(function: str, input_shape: tuple[int | None, ...]) -> str:
    """A Sequential model of the case: its input and the Lambda."""
    return (
        f"{HEADER}{DEFINITIONS}\ntime_axis = 1\n\n"
        "model = Sequential()\n"
        f"model.add(Input(shape={input_shape!r}))\n"
        f"model.add(Lambda({function}))\n"
    )
