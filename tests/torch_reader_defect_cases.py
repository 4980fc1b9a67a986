"""PyTorch code the reader once refused for the wrong reason, or followed without bound, shared by
tests/test_torch_reader_defects.py and its oracle module (which makes each model in torch 2.13 and
pins the totals and shapes below). Each module-level ``model = ...`` is what lstmcalc reads."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: A class attribute holding a torch.nn class, read through self and through the class: (code, total).
CLASS_ATTRIBUTE_CASES = {
    "through_self": (
        HEADER + "class Net(nn.Module):\n    rnn_cls = nn.GRU\n\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = self.rnn_cls(8, 16)\n\n    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n"
        "model = Net()\n",
        1248,
    ),
    "through_the_class": (
        HEADER + "class Net(nn.Module):\n    rnn_cls = nn.GRU\n\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = Net.rnn_cls(8, 16)\n\n    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n"
        "model = Net()\n",
        1248,
    ),
    # A subclass's own attribute is what Python finds first.
    "overridden_in_a_subclass": (
        HEADER + "class Base(nn.Module):\n    rnn_cls = nn.GRU\n\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = self.rnn_cls(8, 16)\n\n    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n"
        "class Net(Base):\n    rnn_cls = nn.LSTM\n\n\nmodel = Net()\n",
        1664,
    ),
}

#: A list or tuple default, and a list spread into a torch.nn class with ``*``: (code, total).
LIST_DEFAULT_CASES = {
    "indexed": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, sizes=[32, 16]):\n        super().__init__()\n"
        "        self.fc = nn.Linear(sizes[0], sizes[1])\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n"
        "model = Net()\n",
        528,
    ),
    "looped_over": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, sizes=[8, 32, 16]):\n        super().__init__()\n"
        "        self.layers = nn.ModuleList()\n        for a, b in zip(sizes[:-1], sizes[1:]):\n"
        "            self.layers.append(nn.Linear(a, b))\n\n    def forward(self, x):\n"
        "        for layer in self.layers:\n            x = layer(x)\n        return x\n\n\nmodel = Net()\n",
        816,
    ),
    "spread_list_default": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, sizes=[32, 16]):\n        super().__init__()\n"
        "        self.fc = nn.Linear(*sizes)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n"
        "model = Net()\n",
        528,
    ),
    "spread_tuple_default": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, sizes=(32, 16)):\n        super().__init__()\n"
        "        self.fc = nn.Linear(*sizes)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n"
        "model = Net()\n",
        528,
    ),
    "spread_with_keywords": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(*[32, 16], num_layers=2)\n\n    def forward(self, x):\n"
        "        return self.rnn(x)[0]\n\n\nmodel = Net()\n",
        4032,
    ),
}

#: ``super().__init__(**kwargs)`` with the keywords known: (code, total).
KWARGS_CASES = {
    "to_nn_module_empty": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, hidden=16, **kwargs):\n"
        "        super().__init__(**kwargs)\n        self.rnn = nn.GRU(8, hidden)\n\n    def forward(self, x):\n"
        "        return self.rnn(x)[0]\n\n\nmodel = Net()\n",
        1248,
    ),
    "to_a_parent_of_the_file": (
        HEADER + "class Base(nn.Module):\n    def __init__(self, hidden=8):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(4, hidden)\n\n\nclass Net(Base):\n    def __init__(self, **kwargs):\n"
        "        super().__init__(**kwargs)\n        self.fc = nn.Linear(8, 2)\n\n    def forward(self, x):\n"
        "        return self.fc(self.rnn(x)[0])\n\n\nmodel = Net()\n",
        354,
    ),
    "given_on_to_a_parent": (
        HEADER + "class Base(nn.Module):\n    def __init__(self, hidden=8):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(4, hidden)\n\n\nclass Net(Base):\n    def __init__(self, *args, **kwargs):\n"
        "        super().__init__(*args, **kwargs)\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n"
        "        return self.fc(self.rnn(x)[0])\n\n\nmodel = Net(hidden=4)\n",
        130,
    ),
    # *args read as Python packs them: indexed, and zipped with its own slice.
    "star_args_indexed": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, a, *sizes):\n        super().__init__()\n"
        "        self.fc = nn.Linear(a, sizes[0])\n        self.fc2 = nn.Linear(sizes[0], sizes[1])\n\n\n"
        "model = Net(4, 8, 16)\n",
        184,
    ),
    "star_args_zipped": (
        HEADER + "class DeepRNN(nn.Module):\n    def __init__(self, *dims):\n        super().__init__()\n"
        "        self.layers = nn.ModuleList([nn.LSTM(a, b, batch_first=True) for a, b in zip(dims, dims[1:])])\n"
        "        self.head = nn.Linear(dims[-1], 1)\n\n\nmodel = DeepRNN(10, 16, 8)\n",
        2633,
    ),
}

#: What torch refuses: ``nn.Module.__init__`` given keywords or positional arguments: (code, where, message).
KWARGS_REFUSED = {
    "a_keyword": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, hidden=16, **kwargs):\n"
        "        super().__init__(**kwargs)\n        self.rnn = nn.GRU(8, hidden)\n\n\nmodel = Net(hidden=4, foo=1)\n",
        "7:9",
        "torch refuses this call (TypeError: Net.__init__() got an unexpected keyword argument 'foo')",
    ),
    "a_positional_argument": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, *args, hidden=16):\n"
        "        super(Net, self).__init__(*args)\n        self.rnn = nn.GRU(8, hidden)\n\n\n"
        "model = Net(3, hidden=4)\n",
        "7:9",
        "torch refuses this call (TypeError: Net.__init__() takes 1 positional argument but 2 were given)",
    ),
}

_HELPERS = "".join(f"    def h{i}(self, x):\n        return self.h{i + 1}(self.h{i + 1}(x))\n\n" for i in range(30))
_FUNCTIONS = "".join(f"def g{i}(x):\n    return g{i - 1}(g{i - 1}(x))\n\n\n" for i in range(1, 31))
_STOPPED = "; the shapes after it are unknown (?)"
_CALLS = "forward's methods and functions are called more than 10,000 times in all"

#: forward calling helpers twice per level, or splitting a huge axis: followed up to a bound, then noted,
#: the parameters exact: (code, --input-shape, total, note).
BOUNDED_CASES = {
    "a_method_calling_itself_twice": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(8, 8)\n\n    def f(self, x, n):\n"
        "        return self.f(self.f(x, n - 1), n - 1) if n else x\n\n    def forward(self, x):\n"
        "        return self.fc(self.f(x, 40))\n\n\nmodel = Net()\n",
        "2,8",
        72,
        f"forward is followed up to line 11 ({_CALLS}){_STOPPED}",
    ),
    "thirty_helpers_each_calling_the_next_twice": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(8, 8)\n\n" + _HELPERS + "    def h30(self, x):\n        return x\n\n"
        "    def forward(self, x):\n        return self.fc(self.h0(x))\n\n\nmodel = Net()\n",
        "2,8",
        72,
        f"forward is followed up to line 101 ({_CALLS}){_STOPPED}",
    ),
    "thirty_functions_each_calling_the_next_twice": (
        HEADER + "def g0(x):\n    return x\n\n\n" + _FUNCTIONS + "class Net(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.fc = nn.Linear(8, 8)\n\n    def forward(self, x):\n"
        "        return self.fc(g30(x))\n\n\nmodel = Net()\n",
        "2,8",
        72,
        f"forward is followed up to line 6 ({_CALLS}){_STOPPED}",
    ),
}

#: Each way forward splits a 10⁸-long axis: (expression, the note's words for it).
HUGE_SPLITS = {
    "x.unbind(1)": "x.unbind(1) makes more than 100,000 tensors",
    "torch.unbind(x, 1)": "torch.unbind(x, 1) makes more than 100,000 tensors",
    "x.chunk(100000000, 1)": "x.chunk(100000000, 1) makes more than 100,000 tensors",
    "torch.chunk(x, 100000000, dim=1)": "torch.chunk(x, 100000000, dim=1) makes more than 100,000 tensors",
    "torch.split(x, 1, dim=1)": "torch.split(x, 1, dim=1) makes more than 100,000 tensors",
    "x.split(1, 1)": "x.split(1, 1) makes more than 100,000 tensors",
}


def split_code(expression: str, repeats: int = 1) -> str:
    """A model whose forward takes ``expression`` of x (in a loop ``repeats`` times), then a Linear on x's
    two axes swapped."""
    return (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(2, 2)\n\n    def forward(self, x):\n"
        f"        for _ in range({repeats}):\n            parts = {expression}\n"
        "        return self.fc(x.transpose(0, 1))\n\n\nmodel = Net()\n"
    )


#: forward's second parameter defaults to None, which slices nothing off: model(x) of (2, 5, 8) gives
#: (2, 5, 4), and the code gives steps its value, so --set steps=1 is refused, not read.
NONE_DEFAULT = (
    HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.lstm = nn.LSTM(8, 16, batch_first=True)\n        self.fc = nn.Linear(16, 4)\n\n"
    "    def forward(self, x, steps=None):\n        out, _ = self.lstm(x)\n        return self.fc(out[:, :steps])\n"
    "\n\nmodel = Net()\n"
)
