"""Keras code that builds models of more than one kind (Sequential, functional, a ``Model`` subclass),
which lstmcalc refuses at the first model of a second kind, with the totals Keras 3.15 (torch backend)
gives the model the script is about (``model``), which a reading of one kind alone got wrong.

tests/test_keras_model_kinds.py checks lstmcalc's refusals; tests/oracle/test_keras_model_kinds_oracle.py
runs each case in real Keras and checks the totals.
"""

from __future__ import annotations

from tests.keras_shared_cases import HEADER, RefusedCase


def _mixed(shown: str) -> str:
    return (
        f"the code builds models of more than one kind ({shown}); lstmcalc reads one kind of model per file, "
        "since Keras names each layer after every layer made before it in any model: keep the model to "
        "summarise in a file of its own, or give it as a YAML spec"
    )


FUNCTIONAL_ENC = "inp = keras.Input(shape=(4,))\nenc = keras.Model(inp, layers.Dense(3)(inp))\n"

REFUSED = {
    # lstmcalc read the functional enc (15 parameters) and missed the Sequential the script compiles.
    "functional_then_compiled_sequential": RefusedCase(
        HEADER + FUNCTIONAL_ENC + "model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(2)])\n"
        'model.compile(optimizer="adam", loss="mse")\n',
        "6:9",
        _mixed("functional: enc (line 5); Sequential: model (line 6)"),
        (14, 14, 0),
    ),
    "functional_then_summarised_sequential": RefusedCase(
        HEADER + FUNCTIONAL_ENC + "model = keras.Sequential([keras.Input(shape=(9, 6)), layers.LSTM(8), "
        "layers.Dense(2)])\nmodel.summary()\n",
        "6:9",
        _mixed("functional: enc (line 5); Sequential: model (line 6)"),
        (498, 498, 0),
    ),
    "sequential_first": RefusedCase(
        HEADER + "model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(2)])\n"
        'model.compile(optimizer="adam", loss="mse")\n' + FUNCTIONAL_ENC,
        "7:7",
        _mixed("Sequential: model (line 4); functional: enc (line 7)"),
        (14, 14, 0),
    ),
    "sequential_made_in_a_function": RefusedCase(
        HEADER + "def make_seq():\n"
        "    return keras.Sequential([keras.Input(shape=(9, 6)), layers.LSTM(8), layers.Dense(2)])\n"
        "inp = keras.Input(shape=(4,))\nother = keras.Model(inp, layers.Dense(3)(inp))\n"
        'model = make_seq()\nmodel.compile(loss="mse")\n',
        "7:9",
        _mixed("Sequential: a model (line 5); functional: other (line 7)"),
        (498, 498, 0),
    ),
    "sequential_added_to": RefusedCase(
        HEADER + FUNCTIONAL_ENC + "model = keras.Sequential()\nmodel.add(keras.Input(shape=(9, 6)))\n"
        "model.add(layers.GRU(8))\nmodel.add(layers.Dense(2))\nmodel.summary()\n",
        "6:9",
        _mixed("functional: enc (line 5); Sequential: model (line 6)"),
        (402, 402, 0),
    ),
    # Keras names the subclass's Dense 'dense' and the Sequential's 'dense_1'.
    "subclass_then_sequential": RefusedCase(
        HEADER + "class Sub(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
        "        self.d = layers.Dense(3)\n    def call(self, x):\n        return self.d(x)\n"
        "helper = Sub()\nhelper.build((None, 4))\n"
        "model = keras.Sequential([keras.Input(shape=(9, 6)), layers.LSTM(8), layers.Dense(2)])\n"
        'model.compile(loss="mse")\n',
        "12:9",
        _mixed("subclassed: helper (line 10); Sequential: model (line 12)"),
        (498, 498, 0),
    ),
}


def _unknown_name(kind: str, why: str, line: int) -> str:
    return (
        f"cannot tell the name Keras gives this {kind}: the code makes {kind} layers {why} (line {line}) before it, "
        "as often as that runs; give it one with name='...'"
    )


SEQ = "model = keras.Sequential([keras.Input(shape=(9, 6)), layers.LSTM(8), layers.Dense(2)])\n"

#: Sequential code making, outside the model, a layer of the model's class where lstmcalc cannot tell how
#: often that code runs before the model: where lstmcalc refuses the model's layer, why, and Keras's model
#: name and row names.
NAMES_REFUSED = {
    "dense_made_in_a_while_loop_before": (
        HEADER + "i = 0\nwhile i < 2:\n    spare = layers.Dense(5)\n    i += 1\n" + SEQ,
        "8:70",
        _unknown_name("Dense", "in a loop", 6),
        ("sequential", ("lstm", "dense_2")),
    ),
    "dense_made_under_an_undecided_condition_before": (
        HEADER + "import random\nif random.random() < 2:\n    spare = layers.Dense(5)\n" + SEQ,
        "7:70",
        _unknown_name("Dense", "under a condition lstmcalc cannot decide", 6),
        ("sequential", ("lstm", "dense_1")),
    ),
    "dense_made_in_a_generator_before": (
        HEADER + "spares = list(layers.Dense(5) for _ in range(2))\n" + SEQ,
        "5:70",
        _unknown_name("Dense", "in a comprehension or lambda", 4),
        ("sequential", ("lstm", "dense_2")),
    ),
}

#: Code whose other layers Keras does not count against the model's names: lstmcalc reads it.
NAMES_READ = {
    "named_other_sequential_and_unused_gru": (
        HEADER
        + 'other = keras.Sequential([keras.Input(shape=(4, 3)), layers.GRU(5)], name="other")\n'
        + SEQ
        + 'model.compile(loss="mse")\n',
        ("sequential", ("lstm", "dense")),
    ),
    "named_unused_dense": (
        HEADER + 'unused = layers.Dense(5, name="spare")\n' + SEQ,
        ("sequential", ("lstm", "dense")),
    ),
    "dense_made_after": (HEADER + SEQ + "spare = layers.Dense(5)\n", ("sequential", ("lstm", "dense"))),
    # Keras counts the layers and models made before the model's, which lstmcalc counts as the code runs.
    "unused_dense_before": (HEADER + "unused = layers.Dense(5)\n" + SEQ, ("sequential", ("lstm", "dense_1"))),
    "dense_made_in_a_function_called_before": (
        HEADER + "def head():\n    return layers.Dense(2)\nd0 = head()\n" + SEQ,
        ("sequential", ("lstm", "dense_1")),
    ),
    "two_sequentials": (
        HEADER
        + "other = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(5)])\n"
        + SEQ
        + 'model.compile(optimizer="adam", loss="mse")\n',
        ("sequential_1", ("lstm", "dense_1")),
    ),
    "dense_made_in_comprehensions_over_known_values_before": (
        HEADER + "spares = [layers.Dense(5) for _ in range(2)]\nheads = {k: layers.Dense(k) for k in (2, 3)}\n" + SEQ,
        ("sequential", ("lstm", "dense_4")),
    ),
}
