"""Keras code with the user's own layer classes whose weights are not all float32: ``add_weight(dtype=...)``
(a string, positional, ``self.dtype``, NumPy's and Python's dtypes), the layer's own ``dtype=`` (a dtype or
a mixed policy, whose weights stay float32), ``super().__init__(dtype=...)``, the global policy; and the
user's layer without ``compute_output_shape`` wrapped in ``TimeDistributed``, which Keras refuses.

Keras's summary sizes each weight by its own dtype (``summary_utils.weight_memory_size``); lstmcalc sized
every custom weight at 4 bytes (y03: 1.15 KB where Keras prints 1.30 KB). The totals are those Keras
3.15.1 (torch backend) prints: tests/test_custom_layer_dtypes.py holds lstmcalc to them and
tests/oracle/test_custom_layer_dtypes_oracle.py runs each case in real Keras.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = "import keras\nfrom keras import layers, ops\n\n\n"


@dataclass(frozen=True)
class DtypeCase:
    """Code, the three total lines of Keras's summary of its ``model``, and the ``--set`` values lstmcalc is
    given (the oracle runs the code as it is)."""

    code: str
    totals: tuple[str, str, str]
    sets: tuple[str, ...] = ()


def totals(total: str, trainable: str, frozen: str = "0 (0.00 B)") -> tuple[str, str, str]:
    return (f" Total params: {total}", f" Trainable params: {trainable}", f" Non-trainable params: {frozen}")


#: A global mixed policy (variables float32), float32, int32 and float64 weights, a frozen layer.
MIXED_POLICY = (
    "import keras\nfrom keras import layers, ops\n\n"
    'keras.config.set_dtype_policy("mixed_float16")\n\n\n'
    """\
class Gate(layers.Layer):
    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units * 2), name="w")
        self.t = self.add_weight(shape=(), initializer="ones", name="temp")
        self.c = self.add_weight(
            shape=(self.units,), dtype="int32", initializer="zeros", trainable=False, name="count"
        )
        self.d = self.add_weight(shape=(2, input_shape[1]), dtype="float64", name="d")

    def call(self, x):
        return ops.matmul(x, self.w) * self.t


inp = keras.Input((10, 4))
x = layers.LSTM(4, return_sequences=True)(inp)
x = Gate(units=5, trainable=False)(x)
x = Gate()(x)
model = keras.Model(inp, x)
"""
)

#: Keras's whole summary of MIXED_POLICY (80 columns).
MIXED_POLICY_SUMMARY = """\
Model: "functional"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ input_layer (InputLayer)        │ (None, 10, 4)          │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ lstm (LSTM)                     │ (None, 10, 4)          │           144 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ gate (Gate)                     │ (None, 10, 10)         │            66 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ gate_1 (Gate)                   │ (None, 10, 6)          │            84 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 294 (1.30 KB)
 Trainable params: 225 (980.00 B)
 Non-trainable params: 69 (356.00 B)
"""

SCALE = """\
class Scale(layers.Layer):
    def build(self, input_shape):
        self.g = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="g"DTYPE)

    def call(self, x):
        return x * self.g


"""

READ: dict[str, DtypeCase] = {
    "mixed_policy_int32_float64": DtypeCase(MIXED_POLICY, totals("294 (1.30 KB)", "225 (980.00 B)", "69 (356.00 B)")),
    "float16_weight": DtypeCase(
        HEADER
        + SCALE.replace("DTYPE", ', dtype="float16"')
        + "inp = keras.Input((10, 4))\nx = layers.LSTM(8)(inp)\nx = Scale()(x)\nmodel = keras.Model(inp, x)\n",
        totals("424 (1.64 KB)", "424 (1.64 KB)"),
    ),
    # The layer's dtype: float64 weights; a mixed policy's are float32.
    "layer_dtype_and_mixed_policy": DtypeCase(
        HEADER
        + SCALE.replace("DTYPE", "")
        + 'inp = keras.Input((10, 4))\nx = layers.GRU(8)(inp)\nx = Scale(dtype="float64")(x)\n'
        'x = Scale(dtype="mixed_float16")(x)\nmodel = keras.Model(inp, x)\n',
        totals("352 (1.41 KB)", "352 (1.41 KB)"),
    ),
    # add_weight's third positional argument, self.dtype and self.variable_dtype (the layer's).
    "positional_and_self_dtypes": DtypeCase(
        HEADER
        + """\
class Scale(layers.Layer):
    def build(self, input_shape):
        self.g = self.add_weight((input_shape[-1],), "zeros", "float16", name="g")
        self.h = self.add_weight(shape=(2, 3), dtype=self.dtype, name="h")
        self.k = self.add_weight(shape=(5,), dtype=self.variable_dtype, name="k", trainable=False)

    def call(self, x):
        return x * self.g


inp = keras.Input((10, 4))
x = Scale(dtype="float64")(inp)
x = Scale()(x)
x = Scale(dtype="mixed_bfloat16")(x)
model = keras.Model(inp, x)
""",
        totals("45 (200.00 B)", "30 (120.00 B)", "15 (80.00 B)"),
    ),
    # super().__init__(dtype="float64") in a layer TimeDistributed wraps (it has compute_output_shape).
    "super_dtype_time_distributed": DtypeCase(
        HEADER
        + """\
class Project(layers.Layer):
    def __init__(self, units=2, **kwargs):
        super().__init__(dtype="float64", **kwargs)
        self.units = units

    def build(self, input_shape):
        self.g = self.add_weight(shape=(input_shape[-1], self.units), name="g")

    def call(self, x):
        return ops.matmul(x, self.g)

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (self.units,)


model = keras.Sequential([keras.Input((10, 4)), layers.TimeDistributed(Project(3)), layers.GRU(2)])
""",
        totals("54 (264.00 B)", "54 (264.00 B)"),
    ),
    # The global float16 policy, a uint8 weight, a dtype from an __init__ argument, the layer's float64.
    "global_float16_and_own_dtypes": DtypeCase(
        "import keras\nfrom keras import layers, ops\n\n"
        'keras.config.set_dtype_policy("float16")\n\n\n'
        """\
class Scale(layers.Layer):
    def __init__(self, dt="float32", **kwargs):
        super().__init__(**kwargs)
        self.dt = dt

    def build(self, input_shape):
        self.g = self.add_weight(shape=(input_shape[-1],), name="g")
        self.h = self.add_weight(shape=(input_shape[-1],), name="h", dtype=self.dt)
        self.c = self.add_weight(shape=(), name="c", dtype="uint8", trainable=False)

    def call(self, x):
        return x * self.g


inp = keras.Input((10, 4))
x = layers.Dense(4)(inp)
x = Scale()(x)
x = Scale(dt="bfloat16", dtype="float64")(x)
model = keras.Model(inp, x)
""",
        totals("38 (106.00 B)", "36 (104.00 B)", "2 (2.00 B)"),
    ),
    "numpy_and_python_dtypes": DtypeCase(
        "import keras\nimport numpy as np\nfrom keras import layers, ops\n\n\n"
        + SCALE.replace("DTYPE", ", dtype=np.float16").replace(
            '"g", dtype=np.float16)\n',
            '"g", dtype=np.float16)\n        self.n = self.add_weight(shape=(3,), dtype=float)\n',
        )
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), Scale()])\n",
        totals("151 (596.00 B)", "151 (596.00 B)"),
    ),
    # K.floatx() is what the file's set_floatx sets (float64), not float32.
    "floatx_the_file_sets": DtypeCase(
        "import keras\nfrom keras import backend as K\nfrom keras import layers, ops\n\n"
        'keras.config.set_floatx("float64")\n\n\n'
        + SCALE.replace("DTYPE", ", dtype=K.floatx()").replace(
            "dtype=K.floatx())\n", 'dtype=K.floatx())\n        self.h = self.add_weight(shape=(2,), dtype="float32")\n'
        )
        + "model = keras.Sequential([keras.Input((10, 4)), layers.Dense(4), Scale()])\n",
        totals("26 (200.00 B)", "26 (200.00 B)"),
    ),
    # __init__ takes **kwargs but keeps them: dtype="float64" and trainable=False never reach Keras's Layer
    # (lstmcalc counted 4 frozen float64 numbers: 112.00 B, 4 non-trainable).
    "kwargs_kept_not_passed_on": DtypeCase(
        HEADER
        + SCALE.replace("DTYPE", "").replace(
            "class Scale(layers.Layer):\n",
            "class Scale(layers.Layer):\n    def __init__(self, units=2, **kwargs):\n        super().__init__()\n"
            "        self.units = units\n\n",
        )
        + "model = keras.Sequential(\n"
        '    [keras.Input((10, 4)), layers.Dense(4), Scale(dtype="float64", trainable=False)]\n)\n',
        totals("24 (96.00 B)", "24 (96.00 B)"),
    ),
    # A dtype lstmcalc cannot know without running the code, given with --set.
    "dtype_given_with_set": DtypeCase(
        "import os\n\n"
        + HEADER
        + 'DT = os.environ.get("DT", "float16")\n\n\n'
        + SCALE.replace("DTYPE", ", dtype=DT")
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), Scale()])\n",
        totals("148 (584.00 B)", "148 (584.00 B)"),
        ("DT=float16",),
    ),
}


@dataclass(frozen=True)
class Refused:
    """Code lstmcalc refuses, its error (after ``FILE:``), and what Keras does with it: a line of its summary,
    or the message of the error it raises."""

    code: str
    message: str
    keras: str


def _one_weight(dtype: str) -> str:
    return (
        HEADER
        + SCALE.replace("DTYPE", "").replace(
            'name="g")\n', f'name="g")\n        self.c = self.add_weight(shape=(3,), dtype={dtype}, trainable=False)\n'
        )
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), Scale()])\n"
    )


#: The user's layer without compute_output_shape, wrapped in TimeDistributed: Keras's TimeDistributed asks
#: it for its output shape, and Layer.compute_output_shape raises NotImplementedError.
UNSHAPED = HEADER + SCALE.replace("DTYPE", "")

#: Keras's summary of the Sequential model, whose build catches that error: LSTM unbuilt, no shapes.
UNBUILT_SUMMARY = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ time_distributed                │ ?                      │             6 │
│ (TimeDistributed)               │                        │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ lstm (LSTM)                     │ ?                      │   0 (unbuilt) │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 6 (24.00 B)
 Trainable params: 6 (24.00 B)
 Non-trainable params: 0 (0.00 B)
"""

_UNKNOWN_ASKED = "give its value with --set 'DT=VALUE'"
_TD = (
    "TimeDistributed asks the layer it wraps for its output shape, and custom layer 'Scale' defined at line 5 has "
    "no compute_output_shape(): Keras raises NotImplementedError: Layer Scale does not have a "
    "`compute_output_shape` method implemented. Should implement `def compute_output_shape(self, input_shape)`. "
    "(Building a Sequential or subclassed model catches it and leaves the model unbuilt from there, a summary "
    "without shapes or counts for what follows, which lstmcalc does not print.) Give Scale a compute_output_shape()"
)
_CANNOT_COUNT = "error: custom layer 'Scale' defined at line 5: lstmcalc cannot count its weights: "

REFUSED: dict[str, Refused] = {
    # Keras sizes a bool weight at one bit: 592.38 B.
    "bool_weight": Refused(
        _one_weight('"bool"'),
        f"8:52: {_CANNOT_COUNT}Keras's summary sizes a bool weight at one bit, a fraction of a byte lstmcalc's "
        "sizes do not hold in its build() (line 8); give the model as a YAML graph spec with Keras layers in its place",
        " Total params: 151 (592.38 B)",
    ),
    # int32 under the torch backend (604.00 B), int64 under TensorFlow's.
    "python_int": Refused(
        _one_weight("int"),
        f"8:52: {_CANNOT_COUNT}Keras reads dtype int as int64 under its TensorFlow backend and as int32 under the "
        "others in its build() (line 8); write dtype='int32' or dtype='int64'",
        " Total params: 151 (604.00 B)",
    ),
    "mixed_policy_as_weight_dtype": Refused(
        _one_weight('"mixed_float16"'),
        f"8:52: {_CANNOT_COUNT}Keras refuses the weight's dtype: Invalid dtype: mixed_float16 in its build() "
        "(line 8); give one Keras takes, such as float16, float32, float64, bfloat16, int8, int16, int32, int64, "
        "uint8, uint16, uint32, uint64",
        "Invalid dtype: mixed_float16",
    ),
    "unknown_weight_dtype": Refused(
        READ["dtype_given_with_set"].code,
        "12:96: error: custom layer 'Scale' defined at line 10: lstmcalc cannot count its weights: cannot tell the "
        "dtype 'DT', which sizes the weight: cannot follow 'DT' without running the code in its build() (line 12); "
        + _UNKNOWN_ASKED,
        " Total params: 148 (584.00 B)",
    ),
    "unknown_super_dtype": Refused(
        "import os\n\n"
        + HEADER
        + 'DT = os.environ.get("DT", "float16")\n\n\n'
        + SCALE.replace("DTYPE", "").replace(
            "class Scale(layers.Layer):\n",
            "class Scale(layers.Layer):\n    def __init__(self, **kwargs):\n"
            "        super().__init__(dtype=DT, **kwargs)\n\n",
        )
        + "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(4), Scale()])\n",
        "12:32: error: custom layer 'Scale' defined at line 10: lstmcalc cannot tell its dtype: the dtype it gives "
        "super().__init__() sizes its weights: cannot follow 'DT' without running the code in its __init__() "
        "(line 12); " + _UNKNOWN_ASKED,
        " Total params: 148 (584.00 B)",
    ),
    # Keras raises at the call (before, lstmcalc printed a table: 6 parameters, shape (None, 10, 6)).
    "time_distributed_functional": Refused(
        UNSHAPED
        + "inp = keras.Input((10, 6))\nx = layers.TimeDistributed(Scale())(inp)\nmodel = keras.Model(inp, x)\n",
        f"14:28: error: {_TD}",
        "Layer Scale does not have a `compute_output_shape` method implemented.",
    ),
    # Keras prints UNBUILT_SUMMARY, total 6 (before, lstmcalc printed shapes and 126 parameters).
    "time_distributed_sequential": Refused(
        UNSHAPED
        + "model = keras.Sequential([keras.Input((10, 6)), layers.TimeDistributed(Scale()), layers.LSTM(3)])\n",
        f"13:72: error: {_TD}",
        " Total params: 6 (24.00 B)",
    ),
    # Keras's build of the subclassed model fails quietly: every layer unbuilt, total 0 (lstmcalc printed 168).
    "time_distributed_subclassed": Refused(
        UNSHAPED
        + """\
class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(6)
        self.steps = layers.TimeDistributed(Scale())
        self.lstm = layers.LSTM(3)

    def call(self, x):
        return self.lstm(self.steps(self.dense(x)))


model = Tagger()
model.build((None, 10, 6))
""",
        f"17:45: error: {_TD}",
        " Total params: 0 (0.00 B)",
    ),
}
