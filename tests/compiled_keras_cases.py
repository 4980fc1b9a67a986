"""Keras 3 models saved after ``compile()``, each as the code that builds and compiles it: Keras's
``load_model`` and ``model_from_json`` compile such a model again and build its optimizer, and the
summary's footer counts the optimizer's variables (``Optimizer params``). The fixtures in
tests/fixtures/keras/compiled are these models as Keras 3.15.1 writes them (make_fixtures.py), the
tables in tests/golden/compiled_keras Keras's summaries of the loaded fixtures
(tests/oracle/test_compiled_keras_oracle.py holds both to a live Keras)."""

from __future__ import annotations

_LSTM_DENSE = """\
import keras
from keras import layers, optimizers

inputs = keras.Input(shape=(10, 4))
model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(8)(inputs)))
"""

_FROZEN_AND_NORMALIZED = """\
import keras
from keras import layers, optimizers

inputs = keras.Input(shape=(6, 3))
x = layers.GRU(5)(inputs)
x = layers.BatchNormalization()(x)
frozen = layers.Dense(4, name="frozen")
frozen.trainable = False
model = keras.Model(inputs, layers.Dense(2)(frozen(x)))
"""

_HALF = """\
import keras
from keras import layers, optimizers

keras.mixed_precision.set_global_policy("{policy}")
model = keras.Sequential(
    [keras.Input((7, 3)), layers.LSTM(4, recurrent_initializer="glorot_uniform"), layers.Dense(2)], name="{name}"
)
keras.mixed_precision.set_global_policy("float32")
"""

#: name -> (the code, which leaves the compiled model in ``model``; also save a .keras archive)
CASES: dict[str, tuple[str, bool]] = {
    "adam": (_LSTM_DENSE + 'model.compile(optimizer="adam", loss="mse")\n', True),
    #: saved after fit, as most .keras files are: the optimizer built, its variables in the archive
    "adam_after_fit": (
        _LSTM_DENSE
        + 'model.compile(optimizer="adam", loss="mse")\n'
        + "model.fit(keras.ops.zeros((4, 10, 4)), keras.ops.zeros((4, 1)), epochs=1, verbose=0)\n",
        True,
    ),
    "sgd": (_LSTM_DENSE + 'model.compile(optimizer="sgd", loss="mse")\n', True),
    "sgd_momentum_ema": (_LSTM_DENSE + "model.compile(optimizer=optimizers.SGD(momentum=0.9, use_ema=True))\n", False),
    "rmsprop_centered": (
        _FROZEN_AND_NORMALIZED + "model.compile(optimizer=optimizers.RMSprop(momentum=0.5, centered=True))\n",
        True,
    ),
    "adam_amsgrad_schedule": (
        _FROZEN_AND_NORMALIZED
        + "schedule = optimizers.schedules.ExponentialDecay(0.01, decay_steps=100, decay_rate=0.9)\n"
        + "model.compile(optimizer=optimizers.Adam(schedule, amsgrad=True, gradient_accumulation_steps=4))\n",
        False,
    ),
    "adafactor": (_FROZEN_AND_NORMALIZED + 'model.compile(optimizer="adafactor", loss="mse")\n', True),
    "nadam_float16": (_HALF.format(policy="float16", name="half") + 'model.compile(optimizer="nadam")\n', True),
    "loss_scale_mixed": (
        _HALF.format(policy="mixed_float16", name="mixed")
        + "model.compile(optimizer=optimizers.LossScaleOptimizer(optimizers.AdamW(use_ema=True)))\n",
        False,
    ),
    #: a LossScaleOptimizer's build tracks neither Nadam's u_product nor Adafactor's int placeholders
    "loss_scale_nadam": (
        _LSTM_DENSE + "model.compile(optimizer=optimizers.LossScaleOptimizer(optimizers.Nadam()))\n",
        False,
    ),
    "loss_scale_adafactor": (
        _FROZEN_AND_NORMALIZED + "model.compile(optimizer=optimizers.LossScaleOptimizer(optimizers.Adafactor()))\n",
        False,
    ),
    "ftrl": (_LSTM_DENSE + 'model.compile(optimizer="ftrl", loss="mse")\n', False),
    "lion": (_LSTM_DENSE + 'model.compile(optimizer="lion", loss="mse")\n', False),
    "adagrad": (_LSTM_DENSE + 'model.compile(optimizer="adagrad", loss="mse")\n', False),
    "adadelta": (_LSTM_DENSE + 'model.compile(optimizer="adadelta", loss="mse")\n', False),
    "adamax": (_LSTM_DENSE + 'model.compile(optimizer="adamax", loss="mse")\n', False),
    "lamb": (_LSTM_DENSE + "model.compile(optimizer=optimizers.Lamb())\n", False),
    "schedule_free_adamw": (_LSTM_DENSE + "model.compile(optimizer=optimizers.ScheduleFreeAdamW())\n", False),
    #: refused by lstmcalc: whether a weight gets a velocity depends on its rank and name
    "muon": (_LSTM_DENSE + "model.compile(optimizer=optimizers.Muon())\n", False),
}
#: Cases lstmcalc refuses (at the optimizer's class_name), never guessing a count.
REFUSED = ("muon",)
LINE_LENGTH = "110"
