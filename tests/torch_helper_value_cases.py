"""``__init__`` code that sizes a module by what a helper of the file returns: a module-level function
(``nn.Linear(double(hidden), 3)``), a method, static method or ``@property`` of the class, a method or
property of a module the model holds (AllenNLP's ``self.encoder.get_output_dim()``). lstmcalc follows a
pure helper's body; one that sets, registers or calls anything else is not followed, and its value is
asked for with ``--set`` at its line as before. The golden tables are torchinfo's, the totals and
state_dicts torch's (tests/oracle/test_torch_helper_values_oracle.py checks them in torch 2.13).
"""

from __future__ import annotations

HEADER = "import math\n\nimport torch\nimport torch.nn as nn\n\n"

#: name -> (code making ``model``, forward's input shapes): the table is the golden file of the name.
READ = {
    # A module-level function in an argument and bound to a name (double), a conv-length formula with keyword
    # defaults called in a loop, a sum over a list that guards with a raise it never reaches, and a recursive one.
    "module_functions": (
        HEADER
        + """
def double(h):
    return h * 2


def conv_len(length, kernel, stride=1, padding=0):
    return (length + 2 * padding - kernel) // stride + 1


def total(sizes):
    n = 0
    for size in sizes:
        if size < 0:
            raise ValueError(f"negative size {size}")
        n += size
    return n


def depth(n):
    return 0 if n <= 1 else depth(n // 2) + 1


class Net(nn.Module):
    def __init__(self, length=50, hidden=8, kernels=(3, 5)):
        super().__init__()
        self.fc = nn.Linear(double(hidden), 3)
        h2 = double(hidden)
        self.fc2 = nn.Linear(h2, total([hidden, 4, depth(64)]))
        out = length
        for k in kernels:
            out = conv_len(out, k, stride=2)
        self.head = nn.Linear(out, 2)

    def forward(self, x):
        return self.fc(x), self.fc2(x), self.head(x[..., :10])


model = Net()
""",
        [[2, 5, 16]],
    ),
    # Methods of the class: one reading self, a conv-output formula ((L - k) // s + 1) given arguments, a static
    # method, a loop over range() that breaks, and a @property; math.ceil of what one returns.
    "methods_of_the_class": (
        HEADER
        + """
class Net(nn.Module):
    def __init__(self, hidden=8, length=20, kernel=3, stride=2):
        super().__init__()
        self.hidden = hidden
        self.length = length
        self.conv = nn.Conv1d(1, 4, kernel, stride=stride)
        self.fc = nn.Linear(self.out_features(), 3)
        self.fc2 = nn.Linear(self._conv_out(kernel, stride) * 4, self._half(hidden))
        self.fc3 = nn.Linear(self.width, math.ceil(self._scaled(hidden)))

    def out_features(self):
        return self.hidden * 2

    def _conv_out(self, k, s):
        return (self.length - k) // s + 1

    @staticmethod
    def _half(h):
        return h // 2

    def _scaled(self, h):
        for i in range(3):
            h = h * 1.5
            if i == 1:
                break
        return h

    @property
    def width(self):
        w = 0
        for i in range(len(self.conv.weight.shape)):
            w += i + 1
        return w

    def forward(self, x):
        return self.fc2(self.conv(x).flatten(1))


model = Net()
""",
        [[2, 1, 20]],
    ),
    # allenai/allennlp's PytorchSeq2SeqWrapper: get_output_dim() reads the wrapped RNN's hidden_size and the
    # direction its __init__ kept (AllenNLP keeps it in a try, which lstmcalc does not follow: there it is
    # asked for); SimpleTagger sizes its projection by it (a @property of the child's class too).
    "allennlp_get_output_dim": (
        HEADER
        + """
class PytorchSeq2SeqWrapper(nn.Module):
    def __init__(self, module):
        super().__init__()
        self._module = module
        self._is_bidirectional = module.bidirectional

    def get_input_dim(self) -> int:
        return self._module.input_size

    def get_output_dim(self) -> int:
        return self._module.hidden_size * (2 if self._is_bidirectional else 1)

    @property
    def num_directions(self):
        return 2 if self._is_bidirectional else 1

    def forward(self, inputs):
        return self._module(inputs)[0]


class SimpleTagger(nn.Module):
    def __init__(self, num_tags=5):
        super().__init__()
        self.encoder = PytorchSeq2SeqWrapper(nn.LSTM(6, 7, batch_first=True, bidirectional=True))
        self.tag_projection_layer = nn.Linear(self.encoder.get_output_dim(), num_tags)
        self.gate = nn.Linear(self.encoder.get_input_dim() * self.encoder.num_directions, 1)

    def forward(self, tokens):
        return self.tag_projection_layer(self.encoder(tokens))


model = SimpleTagger()
""",
        [[2, 5, 6]],
    ),
    # vtorch's nn/layers/rnn/lstm.py (there also based on its RNNLayer): an LSTM whose get_output_dim reads
    # torch's own hidden_size and bidirectional (dim: int = ...; return dim); its attributes read directly too.
    "lstm_subclass_get_output_dim": (
        HEADER
        + """
class LSTM(nn.LSTM):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def get_output_dim(self) -> int:
        dim: int = self.hidden_size * (int(self.bidirectional) + 1)
        return dim


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = LSTM(4, 8, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(self.encoder.get_output_dim(), 3)
        self.skip = nn.Linear(self.encoder.input_size, self.encoder.num_layers)

    def forward(self, x):
        out, _ = self.encoder(x)
        return self.fc(out)


model = Net()
""",
        [[2, 5, 4]],
    ),
    # A @property of the base class reading class attributes a subclass overrides; a child of the file's class
    # whose helper decides by elif on a string its __init__ kept, and its self.hidden read directly.
    "properties_and_a_child_s_attributes": (
        HEADER
        + """
class Base(nn.Module):
    hidden = 16
    bidirectional = False

    @property
    def out_dim(self):
        return self.hidden * (2 if self.bidirectional else 1)

    def __init__(self, n_in=4):
        super().__init__()
        self.rnn = nn.GRU(n_in, self.hidden, batch_first=True, bidirectional=self.bidirectional)
        self.fc = nn.Linear(self.out_dim, 1)

    def forward(self, x):
        o, _ = self.rnn(x)
        return self.fc(o)


class BiModel(Base):
    hidden = 10
    bidirectional = True


class Pooling(nn.Module):
    def __init__(self, hidden, mode):
        super().__init__()
        self.hidden = hidden
        self.mode = mode

    def get_output_dim(self):
        \"\"\"The width of what forward gives.\"\"\"
        if self.mode == "concat":
            return self.hidden * 3
        elif self.mode == "mean":
            return self.hidden
        raise ValueError(self.mode)

    def forward(self, x):
        return torch.cat([x, x, x], -1) if self.mode == "concat" else x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = BiModel()
        self.pool = Pooling(self.body.out_dim, "concat")
        self.out = nn.Linear(self.pool.get_output_dim(), self.pool.hidden // 4)

    def forward(self, x):
        o, _ = self.body.rnn(x)
        return self.out(self.pool(o))


model = Net()
""",
        [[2, 5, 4]],
    ),
}

#: name -> torch's state_dict of READ's model (names and shapes, in torch's order).
STATE_DICTS = {
    "allennlp_get_output_dim": {
        "encoder._module.weight_ih_l0": (28, 6),
        "encoder._module.weight_hh_l0": (28, 7),
        "encoder._module.bias_ih_l0": (28,),
        "encoder._module.bias_hh_l0": (28,),
        "encoder._module.weight_ih_l0_reverse": (28, 6),
        "encoder._module.weight_hh_l0_reverse": (28, 7),
        "encoder._module.bias_ih_l0_reverse": (28,),
        "encoder._module.bias_hh_l0_reverse": (28,),
        "tag_projection_layer.weight": (5, 14),
        "tag_projection_layer.bias": (5,),
        "gate.weight": (1, 12),
        "gate.bias": (1,),
    },
}


def _asked(helper: str, use: str, init: str = "", after: str = "") -> str:
    """A model whose ``__init__`` runs ``init``, then makes ``nn.Linear(use, 3)``; ``helper`` is a method of
    its class, ``after`` module-level code before the class."""
    return (
        HEADER
        + after
        + "class Net(nn.Module):\n    def __init__(self, hidden=8):\n        super().__init__()\n"
        + "        self.sizes = [hidden]\n        self.encoder = Encoder(hidden)\n"
        + (init or "        pass\n")
        + f"        self.fc = nn.Linear({use}, 3)\n\n"
        + helper
        + "\n\nmodel = Net()\n"
    )


_ENCODER = (
    "class Encoder(nn.Module):\n    def __init__(self, hidden):\n        super().__init__()\n"
    "        self.hidden = hidden\n        self.rnn = nn.GRU(4, hidden)\n\n"
    "    def resize(self, hidden):\n        self.hidden = hidden\n\n"
    "    def get_output_dim(self):\n        return self.hidden\n\n\n"
)

#: name -> (code, (line, column) and expression asked for, the value torch computes, torch's parameter total):
#: a helper lstmcalc does not follow is asked for where it is read, as before, and given that value with --set
#: lstmcalc counts torch's total.
ASKED = {
    "a_method_that_appends_to_a_list": (
        _asked(
            "    def width(self):\n        self.sizes.append(4)\n        return 4\n", "self.width()", after=_ENCODER
        ),
        (25, 29),
        "self.width()",
        4,
        351,
    ),
    "a_function_that_changes_its_list": (
        _asked(
            "",
            "widen(self.sizes, hidden)",
            after="def widen(sizes, h):\n    sizes.append(h)\n    return h * 2\n\n\n" + _ENCODER,
        ),
        (30, 29),
        "widen(self.sizes, hidden)",
        16,
        387,
    ),
    # Encoder.resize, called on the encoder from outside, sets what its get_output_dim reads.
    "a_child_changed_by_its_method": (
        _asked("", "self.encoder.get_output_dim()", init="        self.encoder.resize(16)\n", after=_ENCODER),
        (25, 29),
        "self.encoder.get_output_dim()",
        16,
        387,
    ),
    # Recursion deeper than lstmcalc follows (MAX_NESTING) leaves the value to --set.
    "a_function_recursing_past_the_bound": (
        _asked(
            "",
            "count(100)",
            after="def count(n):\n    return 0 if n == 0 else count(n - 1) + 1\n\n\n" + _ENCODER,
        ),
        (29, 29),
        "count(100)",
        100,
        336 + 303,
    ),
    # Deep expressions in deep calls would take more of Python's stack than lstmcalc has.
    "deep_expressions_in_deep_calls": (
        _asked(
            "",
            "deep(45)",
            after="def deep(n):\n    return 0 if n == 0 else deep(n - 1)" + " + 1" * 95 + "\n\n\n" + _ENCODER,
        ),
        (29, 29),
        "deep(45)",
        45 * 95,
        336 + 45 * 95 * 3 + 3,
    ),
    # Encoder.reset, called on the encoder from outside, calls the method that sets what get_output_dim reads.
    "a_child_changed_through_another_method": (
        _asked(
            "",
            "self.encoder.get_output_dim()",
            init="        self.encoder.reset()\n",
            after=_ENCODER.replace("    def resize", "    def reset(self):\n        self.resize(16)\n\n    def resize"),
        ),
        (28, 29),
        "self.encoder.get_output_dim()",
        16,
        387,
    ),
    # A loop over modules, and a call of what is not the file's (functools.reduce), are not followed.
    "a_property_looping_over_modules": (
        _asked(
            "    @property\n    def width(self):\n        n = 0\n        for _ in self.encoder.children():\n"
            "            n += 1\n        return n\n",
            "self.width",
            after=_ENCODER,
        ),
        (25, 29),
        "self.width",
        1,
        342,
    ),
    "a_function_calling_an_import": (
        _asked(
            "",
            "product((2, hidden // 2))",
            after="import functools\nimport operator\n\n\ndef product(dims):\n"
            "    return functools.reduce(operator.mul, dims, 1)\n\n\n" + _ENCODER,
        ),
        (33, 29),
        "product((2, hidden // 2))",
        8,
        363,
    ),
}


def _registers(read: str, helper: str, part: str, line: int) -> str:
    return (
        f"lstmcalc cannot read {read}: {helper} registers a module, parameter or buffer ({part}, line {line}), and "
        "lstmcalc does not follow a helper that does, so no --set value can stand for it (torch would count what it "
        "registers); make it in __init__ itself, and keep the helper to computing the value"
    )


def _recursion(read: str, helper: str, where: str) -> str:
    return (
        f"Python refuses this (RecursionError: maximum recursion depth exceeded): {read} never returns: {helper} "
        f"calls itself again with the same arguments{where}"
    )


_EMBEDDING = "        self.e = nn.Embedding(10, 4)\n"
_INDEX = "torch would refuse this (IndexError: tuple index out of range): "

#: name -> (code, line:column and message of the refusal, the --set option that gives the expression a value
#: (refused with it as without), what torch does: the parameters it counts, or the words of the error it raises).
#: A helper that registers a module was asked for, and given the value, lstmcalc counted 351 parameters where torch
#: counts 357: a --set value cannot stand for the module.
REFUSED: dict[str, tuple[str, str, str, str, int | str]] = {
    "a_method_that_registers_a_module": (
        _asked(
            "    def width(self):\n        self.extra = nn.Linear(2, 2)\n        return 4\n",
            "self.width()",
            after=_ENCODER,
        ),
        "25:29",
        _registers("self.width()", "width", "self.extra = nn.Linear(2, 2)", 28),
        "self.width()=4",
        357,
    ),
    "a_property_that_registers_a_parameter": (
        _asked(
            "    @property\n    def width(self):\n        self.scale = nn.Parameter(torch.ones(3))\n        return 4\n",
            "self.width",
            after=_ENCODER,
        ),
        "25:29",
        _registers("self.width", "width", "self.scale = nn.Parameter(torch.ones(3))", 29),
        "self.width=4",
        354,
    ),
    # Read into a name first: no statement of __init__ runs a property as its own code.
    "a_property_that_registers_read_into_a_name": (
        _asked(
            "    @property\n    def width(self):\n        self.extra = nn.Linear(2, 2)\n        return 4\n",
            "n",
            init="        n = self.width\n",
            after=_ENCODER,
        ),
        "24:13",
        _registers("self.width", "width", "self.extra = nn.Linear(2, 2)", 29),
        "self.width=4",
        357,
    ),
    # Not pure (it appends to a list), and a method it calls registers what it makes.
    "a_method_calling_one_that_registers": (
        _asked(
            "    def width(self):\n        self.sizes.append(4)\n        self._add()\n        return 4\n\n"
            "    def _add(self):\n        self.add_module('extra', nn.Linear(2, 2))\n",
            "self.width()",
            after=_ENCODER,
        ),
        "25:29",
        _registers("self.width()", "width", "self.add_module('extra', nn.Linear(2, 2))", 33),
        "self.width()=4",
        357,
    ),
    "an_index_out_of_a_weight_s_shape": (
        _asked("", "self.e.weight.shape[5]", init=_EMBEDDING, after=_ENCODER),
        "25:29",
        _INDEX + "self.e.weight.shape is (10, 4), of 2 dimensions, which has no index 5",
        "self.e.weight.shape[5]=4",
        "tuple index out of range",
    ),
    "an_index_out_of_a_weight_s_size": (
        _asked("", "self.e.weight.size()[-3]", init=_EMBEDDING, after=_ENCODER),
        "25:29",
        _INDEX + "self.e.weight.size() is (10, 4), of 2 dimensions, which has no index -3",
        "self.e.weight.size()[-3]=4",
        "tuple index out of range",
    ),
    "a_dimension_out_of_a_weight_s": (
        _asked("", "self.e.weight.size(5)", init=_EMBEDDING, after=_ENCODER),
        "25:29",
        "torch would refuse this (IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 5))",
        "self.e.weight.size(5)=4",
        "Dimension out of range (expected to be in range of [-2, 1], but got 5)",
    ),
    "a_function_calling_itself_with_its_arguments": (
        _asked("", "f(3)", after="def f(n):\n    return f(n)\n\n\n" + _ENCODER),
        "29:29",
        _recursion("f(3)", "f", " at line 7"),
        "f(3)=4",
        "maximum recursion depth exceeded",
    ),
    "a_property_reading_itself": (
        _asked("    @property\n    def width(self):\n        return self.width + 0\n", "self.width", after=_ENCODER),
        "25:29",
        _recursion("self.width", "width", ""),
        "self.width=4",
        "maximum recursion depth exceeded",
    ),
}

#: name -> (code, torch's parameter total): code next to what REFUSED holds that lstmcalc reads to torch's total. A
#: method that registers a module, called by a statement of __init__ of its own (``n = self.width()``), is followed
#: as __init__'s own code is; an index of a weight's shape that Python does not reach is not refused.
COUNTED = {
    "a_method_that_registers_called_by_a_statement": (
        _asked(
            "    def width(self):\n        w = 4\n        self.extra = nn.Linear(2, 2)\n        return w\n",
            "n",
            init="        n = self.width()\n",
            after=_ENCODER,
        ),
        357,
    ),
    "indices_out_of_range_that_python_does_not_reach": (
        _asked(
            "",
            "n + m + k",
            init=_EMBEDDING
            + "        if len(self.e.weight.shape) > 2:\n            n = self.e.weight.shape[2]\n"
            + "        else:\n            n = self.e.weight.shape[-1]\n"
            + "        m = self.e.weight.shape[2] if hidden > 8 else self.e.weight.size(-2)\n"
            + "        k = len(self.e.weight.shape) > 2 and self.e.weight.size(2) or 5\n",
            after=_ENCODER,
        ),
        336 + 40 + 19 * 3 + 3,
    ),
}
