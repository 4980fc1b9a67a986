"""Code Python refuses to run is one located error, never a table. A call whose arguments Python
refuses to bind (a TypeError before the function's body runs), in every code reader and in Python's
own words: the PyTorch reader's ``__init__``, methods and functions, the Keras readers' functions and
subclassed models' ``__init__``. A PyTorch module class Python refuses to create: a base named twice,
bases in no consistent method resolution order. A PyTorch ``__init__`` that raises, or whose ``assert``
fails, with the values lstmcalc reads.

Python's words are Python's: each case's signature and call are run here in plain Python, which
needs neither torch nor Keras, and its TypeError is what lstmcalc must say."""

from __future__ import annotations

import pytest

from tests.code_summaries import read_summary, summarize_code

#: (the parameters after ``self``, the arguments of the call that Python refuses, where the error points:
#: the keyword at fault, or the call itself for too many positional arguments).
REFUSED = {
    "too_many_positional": ("n=4", "1, 2, 3", None),
    "too_many_without_defaults": ("n", "1, 2", None),
    "unexpected_keyword": ("n=4", "units=3", "units=3"),
    "unexpected_keyword_spread": ("n=4", "**{'n': 4, 'depth': 1}", "**"),
    "given_twice": ("n=4", "4, n=5", "n=5"),
    "given_twice_by_spread": ("n=4", "4, **{'n': 5}", "**"),
    "positional_only_by_keyword": ("n=4, /", "n=5", "n=5"),
}

TORCH_INIT = """import torch.nn as nn


class Net(nn.Module):
    def __init__(self, {parameters}):
        super().__init__()
        self.fc = nn.Linear(3, n)


model = Net({arguments})
"""
TORCH_METHOD = """import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = self.make(12, {arguments})

    def make(self, inputs, {parameters}):
        return nn.Linear(inputs, n)


model = Net()
"""
KERAS_FUNCTION = """import keras
from keras import layers


def make(inputs, {parameters}):
    x = layers.LSTM(n)(inputs)
    return keras.Model(inputs, layers.Dense(2)(x))


model = make(keras.Input(shape=(10, 3)), {arguments})
"""
KERAS_SUBCLASSED = """import keras
from keras import layers


class Net(keras.Model):
    def __init__(self, {parameters}):
        super().__init__()
        self.fc = layers.Dense(n)

    def call(self, x):
        return self.fc(x)


model = Net({arguments})
model.build((None, 3))
"""
#: Each template's total parameter count for n=5, from torch 2.13 and Keras 3.15 (torch backend; the subclassed
#: model after its first call, as lstmcalc counts it): tests/oracle/test_code_python_refuses_oracle.py checks them.
READ_TOTALS = {"torch_init": 20, "torch_method": 65, "keras_function": 192, "keras_subclassed": 20}
#: Calls giving n=5 that Python binds, as (parameters, arguments).
READ_CALLS = (("n=4", "5"), ("n=4", "n=5"), ("n=4", "**{'n': 5}"), ("n=4, /", "5"))
#: Each template, where its refused call is (line, column) and the name Python gives the function.
TEMPLATES = {
    "torch_init": (TORCH_INIT, (10, 9), "Net.__init__", "self, "),
    "torch_method": (TORCH_METHOD, (7, 19), "Net.make", "self, inputs, "),  # the call starts at self
    "keras_function": (KERAS_FUNCTION, (10, 9), "make", "inputs, "),
    "keras_subclassed": (KERAS_SUBCLASSED, (14, 9), "Net.__init__", "self, "),
}


def python_says(qualified_name: str, leading: str, parameters: str, arguments: str) -> str:
    """Python's TypeError for the call, from plain Python with the same signature and arguments."""
    owner, _, function = qualified_name.rpartition(".")
    given = {"self, ": "None, ", "self, inputs, ": "None, 12, ", "inputs, ": "None, "}[leading]
    definition = f"def {function}({leading}{parameters}):\n    pass\n"
    if owner:
        definition = f"class {owner}:\n    " + definition.replace("\n", "\n    ")
        call = f"{owner}.{function}({given}{arguments})"
    else:
        call = f"{function}({given}{arguments})"
    namespace: dict[str, object] = {}
    exec(compile(definition, "signature.py", "exec"), namespace)  # plain Python, the test's own code
    with pytest.raises(TypeError) as raised:
        eval(call, namespace)
    return str(raised.value)


def followed(template: str, arguments: str) -> bool:
    """Whether lstmcalc binds this call (else it refuses the code earlier, for another reason)."""
    # A Keras function called with ** is read where it is defined, its parameters unknown: its
    # tensors are then refused (at the first of them) before any call is bound.
    return not (template == "keras_function" and "**" in arguments)


@pytest.mark.parametrize(
    ("template", "name"),
    [(template, name) for template in TEMPLATES for name in REFUSED if followed(template, REFUSED[name][1])],
)
def test_a_call_python_refuses_is_one_error_in_its_words(tmp_path, template: str, name: str) -> None:
    code, (line, column), qualified_name, leading = TEMPLATES[template]
    parameters, arguments, at_fault = REFUSED[name]
    source = code.format(parameters=parameters, arguments=arguments)
    if at_fault is not None:
        column = source.splitlines()[line - 1].index(at_fault) + 1
    path, result = summarize_code(tmp_path, source)
    expected = python_says(qualified_name, leading, parameters, arguments)
    assert (result.exit_code, result.stdout) == (2, ""), result.stdout
    assert result.stderr == f"{path}:{line}:{column}: error: Python refuses this call (TypeError: {expected})\n"


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_the_same_calls_bound_as_python_binds_them_are_read(tmp_path, template: str) -> None:
    code, _, _, _ = TEMPLATES[template]
    for parameters, arguments in READ_CALLS:
        if not followed(template, arguments):
            continue
        summary = read_summary(tmp_path, code.format(parameters=parameters, arguments=arguments))
        assert summary["total_params"] == READ_TOTALS[template], (parameters, arguments)


#: Module classes Python refuses to create: (the classes, where the error points, what lstmcalc says).
REFUSED_CLASSES = {
    "duplicate_base": (
        "class Block(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(3, 4)\n\n\nclass Net(Block, Block):\n    pass\n",
        "10:18",
        "class Net names Block twice among its bases, which Python refuses (TypeError: duplicate base class)",
    ),
    "duplicate_torch_base": (
        "class Net(nn.Module, nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(3, 4)\n",
        "4:22",
        "class Net names nn.Module twice among its bases, which Python refuses (TypeError: duplicate base class)",
    ),
    "inconsistent_order": (
        "class Block(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(3, 4)\n\n\nclass Deeper(Block):\n    pass\n\n\n"
        "class Net(Block, Deeper):\n    pass\n",
        "14:1",
        "class Net(Block, Deeper) has no consistent method resolution order, which Python refuses "
        "(TypeError: Cannot create a consistent method resolution order (MRO)); reorder its bases",
    ),
}
CLASS_HEADER = "import torch.nn as nn\n\n\n"


@pytest.mark.parametrize("name", sorted(REFUSED_CLASSES))
def test_a_module_class_python_refuses_to_create_is_refused_at_its_definition(tmp_path, name: str) -> None:
    classes, where, message = REFUSED_CLASSES[name]
    path, result = summarize_code(tmp_path, CLASS_HEADER + classes + "\n\nmodel = Net()\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{path}:{where}: error: {message}\n"


#: PyTorch models whose __init__ raises with the values read: (the code, where, the statement shown, what).
FAILING_INITS = {
    "assert_fails": (
        "class Net(nn.Module):\n    def __init__(self, hidden=10, heads=3):\n        super().__init__()\n"
        "        assert hidden % heads == 0, 'hidden must divide'\n        self.lstm = nn.LSTM(6, hidden)\n",
        "7:9",
        "fails here (assert hidden % heads == 0, 'hidden must divide')",
    ),
    "raise_in_the_branch_taken": (
        "class Net(nn.Module):\n    def __init__(self, cell='lstmm'):\n        super().__init__()\n"
        "        if cell == 'lstm':\n            self.rnn = nn.LSTM(6, 8)\n        else:\n"
        "            raise ValueError(cell)\n",
        "10:13",
        "raises here (raise ValueError(cell))",
    ),
    "raise_in_a_method_init_calls": (
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = self.make(3)\n\n    def make(self, layers):\n        for i in range(layers):\n"
        "            if i == 2:\n                raise RuntimeError('too deep')\n"
        "        return nn.LSTM(6, 8, layers)\n",
        "12:17",
        "raises here (raise RuntimeError('too deep'))",
    ),
}
#: The same kinds of statement where they let __init__ run: (the code, torch's total).
PASSING_INITS = {
    "assert_holds": (
        "class Net(nn.Module):\n    def __init__(self, hidden=12, heads=3):\n        super().__init__()\n"
        "        assert hidden % heads == 0\n        self.lstm = nn.LSTM(6, hidden)\n",
        960,
    ),
    "raise_in_the_branch_not_taken": (
        "class Net(nn.Module):\n    def __init__(self, cell='gru'):\n        super().__init__()\n"
        "        if cell == 'gru':\n            self.rnn = nn.GRU(6, 8)\n        else:\n"
        "            raise ValueError(cell)\n",
        384,
    ),
}


@pytest.mark.parametrize("name", sorted(FAILING_INITS))
def test_an_init_that_raises_with_the_values_read_is_refused_there(tmp_path, name: str) -> None:
    code, where, what = FAILING_INITS[name]
    path, result = summarize_code(tmp_path, CLASS_HEADER + code + "\n\nmodel = Net()\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:{where}: error: with the values lstmcalc read, __init__ {what}, so Python makes no model; "
        "if the code is given other values, give them with --set\n"
    )


@pytest.mark.parametrize("name", sorted(PASSING_INITS))
def test_an_init_whose_assert_holds_or_raise_is_not_reached_is_read(tmp_path, name: str) -> None:
    code, total = PASSING_INITS[name]
    assert read_summary(tmp_path, CLASS_HEADER + code + "\n\nmodel = Net()\n")["total_params"] == total
