"""``--set`` on PyTorch code, shared by tests/test_torch_set_values.py and its oracle module: a parameter of
the model's ``__init__`` is given to the model, as ``Net(n=5)`` would; any other expression stands where the
code cannot give its value, never for another class's parameter of the same name, nor for a name the code
binds again (found by a probe: each gave a wrong total before). Totals pinned from torch 2.13."""

from __future__ import annotations

from typing import NamedTuple


class SetCase(NamedTuple):
    """Code whose model class is ``Net``; the ``--set`` values; the arguments torch makes ``Net`` with; its total."""

    code: str
    sets: tuple[str, ...]
    arguments: dict[str, object]
    total: int


HEADER = "import torch\nimport torch.nn as nn\n\n\n"

CASES = {
    # The question lstmcalc asks (n, of Net) is not about Block's n, which Net gives it.
    "another_class_parameter_of_the_same_name": SetCase(
        HEADER + "class Block(nn.Module):\n    def __init__(self, n):\n        super().__init__()\n"
        "        self.fc = nn.Linear(n, n)\n\n\n"
        "class Net(nn.Module):\n    def __init__(self, n):\n        super().__init__()\n"
        "        self.head = nn.Linear(n, 3)\n        self.block = Block(n=3)\n",
        ("n=5",),
        {"n": 5},
        30,
    ),
    "a_parameter_the_code_binds_again": SetCase(
        HEADER + "class Net(nn.Module):\n    def __init__(self, n):\n        super().__init__()\n"
        "        self.a = nn.Linear(n, 2)\n        n = n * 2\n        self.b = nn.Linear(n, 2)\n",
        ("n=4",),
        {"n": 4},
        28,
    ),
    "a_parameter_halved_before_it_is_read": SetCase(
        HEADER + "class Net(nn.Module):\n    def __init__(self, n_feats):\n        super().__init__()\n"
        "        n_feats = n_feats // 2\n        self.fc = nn.Linear(n_feats, 3)\n",
        ("n_feats=16",),
        {"n_feats": 16},
        27,
    ),
    # The deepfake corpus model's idiom: a default of the model's own __init__ given another value.
    "a_default_given_another_value": SetCase(
        HEADER + "class Net(nn.Module):\n    def __init__(self, size, layers=1):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(size, size, layers)\n",
        ("size=4", "layers=2"),
        {"size": 4, "layers": 2},
        240,
    ),
    # h *= 2 in an unrolled loop: followed, so nothing need be asked.
    "a_size_doubled_in_a_loop": SetCase(
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.layers = nn.ModuleList()\n        h = 4\n        for i in range(3):\n"
        "            self.layers.append(nn.Linear(h, h * 2))\n            h *= 2\n",
        (),
        {},
        728,
    ),
    # n_in + bias_x with bias_x a bool, as Python adds them (8 + True is 9).
    "a_size_plus_a_flag": SetCase(
        HEADER + "class Biaffine(nn.Module):\n    def __init__(self, n_in, bias_x=True):\n        super().__init__()\n"
        "        self.weight = nn.Parameter(torch.zeros(n_in + bias_x, n_in))\n\n\n"
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.arc = Biaffine(8, bias_x=True)\n        self.rel = Biaffine(6, bias_x=False)\n",
        (),
        {},
        108,
    ),
}

#: A --set the code gives a value wherever lstmcalc reads it: (code, sets, where, message).
REFUSED = {
    "a_local_the_code_gives": (
        CASES["a_size_doubled_in_a_loop"].code,
        ("h=4",),
        "11:42",
        "--set h: the code gives h its value wherever lstmcalc reads it (as here), so --set would change nothing; "
        "--set is for what the code cannot give (to try another value, change the code)",
    ),
    "another_class_parameter_the_model_gives": (
        HEADER + "class Block(nn.Module):\n    def __init__(self, n):\n        super().__init__()\n"
        "        self.fc = nn.Linear(n, n)\n\n\n"
        "class Net(nn.Module):\n    def __init__(self, m):\n        super().__init__()\n"
        "        self.head = nn.Linear(m, 3)\n        self.block = Block(n=3)\n",
        ("m=5", "n=7"),
        "8:29",
        "--set n: the code gives n its value wherever lstmcalc reads it (as here), so --set would change nothing; "
        "--set is for what the code cannot give (to try another value, change the code)",
    ),
}
