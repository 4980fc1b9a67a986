"""Keras code whose automatic names count what the script made before the model (probe session E):
lstmcalc named the model and its layers as if they were the first of their classes, where Keras 3
counts every input, layer and model the script makes, in the order it runs, in any model or none:

* a builder function called twice (``baseline = build()`` then ``model = build()``) was read once,
  where it is defined, so the second model printed ``sequential``, ``lstm``, ``dense`` for Keras's
  ``sequential_1``, ``lstm_1``, ``dense_1`` (``functional_1``, ``input_layer_1`` in functional code),
  and a parameter the body used was asked for with ``--set``, whose answer gave the same wrong names;
* layers made in a dict written out before the model, and a layer made as a function's default
  argument (made where the function is defined), were not counted;
* a layer made before a function of the file runs in the same statement (``Dense(2)(block(x))``) was
  named after that function's layers, a function nothing calls was counted as if it ran, and layers made
  in a comprehension over known values were asked a name for.

Each read case's model name and rows (name, output shape, count) are Keras 3.15.1's; the oracle test
(tests/oracle/test_keras_code_names_oracle.py) compares the whole summary text and every weight. Each
refused case is code that makes layers of the model's classes as often as something lstmcalc cannot
follow runs: where lstmcalc asks for a ``name=``, and what Keras names the model and its layers.
"""

from __future__ import annotations

from tests.keras_code_corpus import CodeCase

_HEADER = "import keras\nfrom keras import layers\n"
_SEQ = "    return keras.Sequential([keras.Input((10, 4)), layers.LSTM(8), layers.Dense(2)])\n"
_FUNCTIONAL = (
    "    inp = keras.Input((10, 4))\n    x = layers.LSTM(8)(inp)\n    return keras.Model(inp, layers.Dense(2)(x))\n"
)

NAMES_COUNTED: dict[str, CodeCase] = {
    "sequential_builder_called_twice": CodeCase(
        "probe j07: a builder called for a baseline, then for the model",
        _HEADER + "def build():\n" + _SEQ + "baseline = build()\nmodel = build()\nmodel.summary()\n",
    ),
    "functional_builder_called_twice": CodeCase(
        "probe j11: a functional builder called for a teacher, then for the model",
        _HEADER + "def build():\n" + _FUNCTIONAL + "teacher = build()\nmodel = build()\nmodel.summary()\n",
    ),
    "sequential_builder_with_a_loop_called_twice": CodeCase(
        "probe j10: the builder's loop runs over its parameter, known at each call",
        _HEADER
        + "def build(n_layers=1):\n    m = keras.Sequential([keras.Input((10, 4))])\n"
        + "    for i in range(n_layers):\n        m.add(layers.LSTM(8, return_sequences=True))\n"
        + "    m.add(layers.Dense(2))\n    return m\nsmall = build()\nmodel = build(2)\nmodel.summary()\n",
    ),
    "sequential_builder_called_with_other_units": CodeCase(
        "probe j04: called with other units; the file uses neither model, so --model model picks one",
        _HEADER
        + "def build(units=8):\n"
        + "    return keras.Sequential([keras.Input((10, 4)), layers.LSTM(units), layers.Dense(2)])\n"
        + "first = build()\nmodel = build(16)\n",
    ),
    "functional_builder_called_with_other_units": CodeCase(
        "written for lstmcalc: j04 in functional code, --model model",
        _HEADER
        + "def build(units):\n    inp = keras.Input((10, 4))\n    x = layers.LSTM(units)(inp)\n"
        + "    return keras.Model(inp, layers.Dense(2)(x))\nteacher = build(4)\nmodel = build(8)\n",
    ),
    "helper_called_twice_on_tensors": CodeCase(
        "probe e01 (was refused: 'cannot follow the tensor'): a helper making a layer, called on its own result",
        "from keras import Input, Model, layers\ndef block(x):\n    return layers.Dense(4)(x)\n"
        "a = Input((3,))\nmodel = Model(a, block(block(a)))\n",
    ),
    "helper_called_in_two_statements": CodeCase(
        "written for lstmcalc: a residual block called twice, each call making an LSTM, a Dense and an add",
        _HEADER
        + "def block(x, units):\n    y = layers.LSTM(units, return_sequences=True)(x)\n"
        + "    return x + layers.Dense(units)(y)\n"
        + "inp = keras.Input((10, 4))\nx = block(inp, 4)\nx = block(x, 4)\nmodel = keras.Model(inp, x)\n",
    ),
    "sequential_built_by_add_in_a_builder_called_twice": CodeCase(
        "written for lstmcalc: the builder adds each layer, and wraps one in a Bidirectional",
        _HEADER
        + "def build():\n    m = keras.Sequential()\n    m.add(keras.Input((10, 4)))\n"
        + "    m.add(layers.Bidirectional(layers.LSTM(8)))\n    m.add(layers.Dense(2))\n    return m\n"
        + "first = build()\nmodel = build()\nmodel.compile(loss='mse')\n",
    ),
    "layers_in_a_dict_before_the_model": CodeCase(
        "probe k03: two Dense heads made in a dict the model never uses",
        _HEADER
        + 'heads = {"a": layers.Dense(2), "b": layers.Dense(3)}\ninp = keras.Input((10, 4))\n'
        + "x = layers.LSTM(4)(inp)\nx = layers.Dense(5)(x)\nmodel = keras.Model(inp, x)\n",
    ),
    "layers_in_a_dict_before_a_sequential": CodeCase(
        "written for lstmcalc: k03 in Sequential code",
        _HEADER
        + 'heads = {"a": layers.Dense(2), "b": layers.Dense(3)}\n'
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), layers.Dense(5)])\n",
    ),
    "layer_made_as_a_default_argument": CodeCase(
        "probe k13: a Dense made as a default argument, when the function is defined (never called)",
        _HEADER
        + "def reg(layer=layers.Dense(2)):\n    return layer\ninp = keras.Input((10, 4))\n"
        + "x = layers.LSTM(4)(inp)\nx = layers.Dense(5)(x)\nmodel = keras.Model(inp, x)\n",
    ),
    "default_argument_of_a_builder_called_twice": CodeCase(
        "written for lstmcalc: the default's Dense is made once, at the def; each call makes an LSTM",
        _HEADER
        + "def build(head=layers.Dense(3)):\n"
        + "    return keras.Sequential([keras.Input((10, 4)), layers.LSTM(8), layers.Dense(2)])\n"
        + "a = build()\nmodel = build()\nmodel.summary()\n",
    ),
    "layers_in_a_list_and_an_unrolled_loop_before": CodeCase(
        "written for lstmcalc: spare Dense layers in a list written out and in a loop over known sizes",
        _HEADER
        + "spares = [layers.Dense(3), layers.Dense(4)]\nfor units in (5, 6):\n    spare = layers.Dense(units)\n"
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), layers.Dense(5)])\n",
    ),
    "layer_made_before_a_helper_runs_in_one_statement": CodeCase(
        "written for lstmcalc: Dense(2) is made before block(inp) runs, so it is dense and block's is dense_1 "
        "(lstmcalc ran the helper first and swapped them, before this was read)",
        _HEADER
        + "def block(x):\n    return layers.Dense(4)(x)\ninp = keras.Input((3,))\n"
        + "model = keras.Model(inp, layers.Dense(2)(block(inp)))\n",
    ),
    "layer_given_to_a_builder": CodeCase(
        "written for lstmcalc: a Dense made as the builder's argument, before its body runs",
        _HEADER
        + "def build(extra):\n"
        + "    return keras.Sequential([keras.Input((10, 4)), layers.LSTM(3), layers.Dense(2)])\n"
        + "model = build(layers.Dense(3))\n",
    ),
    "helper_never_called_before_the_model": CodeCase(
        "written for lstmcalc: a helper making a Dense that nothing calls, so Keras never makes it",
        _HEADER
        + "def head():\n    return layers.Dense(3)\ninp = keras.Input((10, 4))\n"
        + "x = layers.LSTM(4)(inp)\nmodel = keras.Model(inp, layers.Dense(5)(x))\n",
    ),
    "helper_never_called_before_a_sequential": CodeCase(
        "written for lstmcalc: a helper making an LSTM and a Dense that nothing calls",
        _HEADER
        + "def head():\n    return [layers.LSTM(3), layers.Dense(3)]\n"
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), layers.Dense(5)])\n",
    ),
    "helper_with_a_name_parameter_called_twice": CodeCase(
        "probe e01 (was refused: 'cannot follow the tensor'): a block called twice, its name= parameter None, "
        "which Keras takes as no name",
        _HEADER
        + "def block(x, units, name=None):\n    x = layers.LSTM(units, return_sequences=True, name=name)(x)\n"
        + "    return layers.LayerNormalization()(x)\ninp = keras.Input((10, 4))\nx = block(inp, 8)\n"
        + "x = block(x, 16)\nx = layers.GlobalAveragePooling1D()(x)\nmodel = keras.Model(inp, x)\n",
    ),
    "functional_model_named_none": CodeCase(
        "written for lstmcalc: Model(..., name=None), which Keras names functional (lstmcalc printed 'sequential')",
        _HEADER + "inp = keras.Input((10, 4))\nmodel = keras.Model(inp, layers.LSTM(4)(inp), name=None)\n",
    ),
    "layer_named_none_in_a_sequential": CodeCase(
        "written for lstmcalc: name=None given to a layer and to an input, which Keras names itself",
        _HEADER
        + "spare = layers.Dense(3, name=None)\n"
        + "model = keras.Sequential([keras.Input((10, 4), name=None), layers.LSTM(4), layers.Dense(5, name=None)])\n",
    ),
    "sequential_after_clear_session": CodeCase(
        "written for lstmcalc: clear_session() between two Sequential models, --model model",
        _HEADER
        + "other = keras.Sequential([keras.Input((3,)), layers.Dense(5)])\nkeras.backend.clear_session()\n"
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), layers.Dense(5)])\n",
    ),
    "own_layer_class_made_before_a_sequential": CodeCase(
        "written for lstmcalc: a spare instance of the file's own layer class, counted by its class's name",
        _HEADER
        + "class Scale(layers.Layer):\n    def build(self, input_shape):\n"
        + "        self.w = self.add_weight(shape=(input_shape[-1],))\n"
        + "    def call(self, x):\n        return x * self.w\n"
        + "spare = Scale()\n"
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), Scale(), layers.Dense(5)])\n",
    ),
    "layers_in_comprehensions_over_known_values_before_the_model": CodeCase(
        "written for lstmcalc: spare Dense layers made by a list and a dict comprehension over known values",
        _HEADER
        + "spares = [layers.Dense(5) for _ in range(2)]\nheads = {k: layers.Dense(k) for k in (2, 3)}\n"
        + "inp = keras.Input((10, 4))\nx = layers.LSTM(4)(inp)\nmodel = keras.Model(inp, layers.Dense(5)(x))\n",
    ),
}

#: The cases read with ``--model model``: the file builds several models and uses none.
PICKED = (
    "sequential_builder_called_with_other_units",
    "functional_builder_called_with_other_units",
    "sequential_after_clear_session",
)

#: Keras's model name and rows (``model.layers``, ``model.operations`` for a functional model).
EXPECTED: dict[str, tuple[str, list[tuple[str, object, int]]]] = {
    "sequential_builder_called_twice": ("sequential_1", [("lstm_1", (None, 8), 416), ("dense_1", (None, 2), 18)]),
    "functional_builder_called_twice": (
        "functional_1",
        [("input_layer_1", (None, 10, 4), 0), ("lstm_1", (None, 8), 416), ("dense_1", (None, 2), 18)],
    ),
    "sequential_builder_with_a_loop_called_twice": (
        "sequential_1",
        [("lstm_1", (None, 10, 8), 416), ("lstm_2", (None, 10, 8), 544), ("dense_1", (None, 10, 2), 18)],
    ),
    "sequential_builder_called_with_other_units": (
        "sequential_1",
        [("lstm_1", (None, 16), 1344), ("dense_1", (None, 2), 34)],
    ),
    "functional_builder_called_with_other_units": (
        "functional_1",
        [("input_layer_1", (None, 10, 4), 0), ("lstm_1", (None, 8), 416), ("dense_1", (None, 2), 18)],
    ),
    "helper_called_twice_on_tensors": (
        "functional",
        [("input_layer", (None, 3), 0), ("dense", (None, 4), 16), ("dense_1", (None, 4), 20)],
    ),
    "helper_called_in_two_statements": (
        "functional",
        [
            ("input_layer", (None, 10, 4), 0),
            ("lstm", (None, 10, 4), 144),
            ("dense", (None, 10, 4), 20),
            ("add", (None, 10, 4), 0),
            ("lstm_1", (None, 10, 4), 144),
            ("dense_1", (None, 10, 4), 20),
            ("add_1", (None, 10, 4), 0),
        ],
    ),
    "sequential_built_by_add_in_a_builder_called_twice": (
        "sequential_1",
        [("bidirectional_1", (None, 16), 832), ("dense_1", (None, 2), 34)],
    ),
    "layers_in_a_dict_before_the_model": (
        "functional",
        [("input_layer", (None, 10, 4), 0), ("lstm", (None, 4), 144), ("dense_2", (None, 5), 25)],
    ),
    "layers_in_a_dict_before_a_sequential": ("sequential", [("lstm", (None, 4), 144), ("dense_2", (None, 5), 25)]),
    "layer_made_as_a_default_argument": (
        "functional",
        [("input_layer", (None, 10, 4), 0), ("lstm", (None, 4), 144), ("dense_1", (None, 5), 25)],
    ),
    "default_argument_of_a_builder_called_twice": (
        "sequential_1",
        [("lstm_1", (None, 8), 416), ("dense_2", (None, 2), 18)],
    ),
    "layers_in_a_list_and_an_unrolled_loop_before": (
        "sequential",
        [("lstm", (None, 4), 144), ("dense_4", (None, 5), 25)],
    ),
    "layer_made_before_a_helper_runs_in_one_statement": (
        "functional",
        [("input_layer", (None, 3), 0), ("dense_1", (None, 4), 16), ("dense", (None, 2), 10)],
    ),
    "layer_given_to_a_builder": ("sequential", [("lstm", (None, 3), 96), ("dense_1", (None, 2), 8)]),
    "helper_never_called_before_the_model": (
        "functional",
        [("input_layer", (None, 10, 4), 0), ("lstm", (None, 4), 144), ("dense", (None, 5), 25)],
    ),
    "helper_never_called_before_a_sequential": ("sequential", [("lstm", (None, 4), 144), ("dense", (None, 5), 25)]),
    "helper_with_a_name_parameter_called_twice": (
        "functional",
        [
            ("input_layer", (None, 10, 4), 0),
            ("lstm", (None, 10, 8), 416),
            ("layer_normalization", (None, 10, 8), 16),
            ("lstm_1", (None, 10, 16), 1600),
            ("layer_normalization_1", (None, 10, 16), 32),
            ("global_average_pooling1d", (None, 16), 0),
        ],
    ),
    "functional_model_named_none": ("functional", [("input_layer", (None, 10, 4), 0), ("lstm", (None, 4), 144)]),
    "layer_named_none_in_a_sequential": ("sequential", [("lstm", (None, 4), 144), ("dense_1", (None, 5), 25)]),
    "sequential_after_clear_session": ("sequential", [("lstm", (None, 4), 144), ("dense", (None, 5), 25)]),
    "own_layer_class_made_before_a_sequential": (
        "sequential",
        [("lstm", (None, 4), 144), ("scale_1", (None, 4), 4), ("dense", (None, 5), 25)],
    ),
    "layers_in_comprehensions_over_known_values_before_the_model": (
        "functional",
        [("input_layer", (None, 10, 4), 0), ("lstm", (None, 4), 144), ("dense_4", (None, 5), 25)],
    ),
}


def _unknown(kind: str, why: str, line: int) -> str:
    what = "Sequential models" if kind == "Sequential model" else f"{kind} layers"
    return (
        f"cannot tell the name Keras gives this {kind}: the code makes {what} {why} (line {line}) before it, as "
        "often as that runs; give it one with name='...'"
    )


_LOOP, _CONDITION, _UNRUN = (
    "in a loop",
    "under a condition lstmcalc cannot decide",
    "in a function lstmcalc reads where it is defined, not where it runs",
)
_BUILD = "def build():\n" + _SEQ
_HEAD = "inp = keras.Input((10, 4))\nx = layers.LSTM(4)(inp)\nmodel = keras.Model(inp, layers.Dense(5)(x))\n"

#: Code making layers of the model's classes as often as code lstmcalc cannot follow runs: the line and
#: column lstmcalc refuses, its message, and Keras's model name and layer names.
NAMES_UNKNOWN: dict[str, tuple[str, str, str, tuple[str, tuple[str, ...]]]] = {
    "sequential_builder_called_in_a_while_loop_before": (
        _HEADER + _BUILD + "i = 0\nwhile i < 2:\n    build()\n    i += 1\nmodel = build()\nmodel.summary()\n",
        "4:12",
        _unknown("Sequential model", _LOOP, 7),
        ("sequential_2", ("lstm_2", "dense_2")),
    ),
    "sequential_builder_called_under_an_undecided_condition": (
        "import random\n" + _HEADER + _BUILD + "if random.random() < 2:\n    baseline = build()\n"
        "model = build()\nmodel.summary()\n",
        "5:12",
        _unknown("Sequential model", _CONDITION, 7),
        ("sequential_1", ("lstm_1", "dense_1")),
    ),
    "helper_given_to_map": (
        _HEADER + "def head(units):\n    return layers.Dense(units)\nspares = list(map(head, [3, 4]))\n" + _HEAD,
        "8:26",
        _unknown("Dense", _UNRUN, 4),
        ("functional", ("input_layer", "lstm", "dense_2")),
    ),
    "layer_made_by_a_lambda": (
        _HEADER + "make = lambda: layers.Dense(3)\na = make()\n" + _HEAD,
        "7:26",
        _unknown("Dense", "in a comprehension or lambda", 3),
        ("functional", ("input_layer", "lstm", "dense_1")),
    ),
    "functional_helper_called_in_a_while_loop": (
        _HEADER + "def block(x):\n    return layers.Dense(4)(x)\ninp = keras.Input((3,))\nx = inp\ni = 0\n"
        "while i < 2:\n    x = block(x)\n    i += 1\nmodel = keras.Model(inp, block(inp))\n",
        "4:12",
        _unknown("Dense", _LOOP, 9),
        ("functional", ("input_layer", "dense_2")),
    ),
}
