"""Keras 2's backend functions (``from keras import backend as K``) as Keras 3's ``keras.ops`` computes
them, for the oracle to run Keras 2-era custom layers in Keras 3 (tests only; lstmcalc never runs code).

Keras 3's ``keras.backend`` dropped ``K.dot``, ``K.tanh``, ``K.sum``...; this stands in for it, and for
``tf.keras.backend`` where a case imports TensorFlow (not installed here).
"""

from __future__ import annotations

from types import SimpleNamespace

import keras
from keras import ops

backend = SimpleNamespace(
    dot=ops.matmul,
    tanh=ops.tanh,
    softmax=ops.softmax,
    sum=ops.sum,
    mean=ops.mean,
    max=ops.max,
    exp=ops.exp,
    cast=ops.cast,
    squeeze=ops.squeeze,
    expand_dims=lambda x, axis=-1: ops.expand_dims(x, axis),
    reshape=ops.reshape,
    shape=ops.shape,
    floatx=keras.backend.floatx,
    epsilon=keras.backend.epsilon,
)
tf = SimpleNamespace(
    keras=SimpleNamespace(
        backend=backend, layers=keras.layers, models=keras.models, Sequential=keras.Sequential, Input=keras.Input
    )
)
