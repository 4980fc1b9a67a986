"""PyTorch code whose numbers depend on Python's own scoping rules, which a probe against torch 2.13 found
lstmcalc misread: a ``def``'s defaults read the class body's names bound above it; a private name
(``self.__hidden``) is its class's own; ``super(Mid, self)`` looks after ``Mid`` in the instance's order; a
name a function assigns anywhere is its own throughout it. Shared by
tests/test_torch_python_scopes.py and its oracle module, which runs each in real torch."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n"

#: Read as Python runs them, torchinfo's table the golden file's: name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    # The default is evaluated in the class body, where HIDDEN is the class's 32, not the module's 100.
    "default_of_a_class_attribute": (
        HEADER + "HIDDEN = 100\n\n\nclass Net(nn.Module):\n    HIDDEN = 32\n\n"
        "    def __init__(self, hidden=HIDDEN):\n        super().__init__()\n        self.rnn = nn.GRU(8, hidden)\n\n"
        "    def forward(self, x):\n        return self.rnn(x)[0]\n\n\nmodel = Net()\n",
        [[2, 3, 8]],
    ),
    "keyword_only_default_of_a_class_attribute": (
        HEADER + "DROPOUT = 0.5\nLAYERS = 1\n\n\nclass Net(nn.Module):\n    LAYERS = 3\n\n"
        "    def __init__(self, *, layers=LAYERS):\n        super().__init__()\n"
        "        self.rnn = nn.LSTM(4, 8, layers)\n\n    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n"
        "model = Net()\n",
        [[2, 3, 4]],
    ),
    "helper_default_of_a_class_attribute": (
        HEADER + "class Net(nn.Module):\n    KERNEL = 5\n\n"
        "    def __init__(self, channels=8):\n        super().__init__()\n"
        "        self.conv = self._block(channels)\n        self.rnn = nn.GRU(channels, channels, batch_first=True)\n\n"
        "    def _block(self, c, k=KERNEL):\n        return nn.Conv1d(c, c, k, padding=k // 2)\n\n"
        "    def forward(self, x):\n        y = self.conv(x).transpose(1, 2)\n        return self.rnn(y)[0]\n\n\n"
        "model = Net()\n",
        [[2, 8, 10]],
    ),
    # The class body runs in order: K bound in it after __init__'s def leaves the default the module's 7,
    # and HIDDEN rebound after it leaves it 32; forward's default, defined below both, reads the 5.
    "defaults_of_names_the_class_body_binds_later": (
        HEADER + "HIDDEN = 100\nK = 7\n\n\nclass Net(nn.Module):\n    HIDDEN = 32\n\n"
        "    def __init__(self, hidden=HIDDEN, k=K):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(8, hidden)\n"
        "        self.fc = nn.Linear(hidden, k)\n\n    K = 3\n    HIDDEN = 5\n\n"
        "    def forward(self, x, steps=HIDDEN):\n        return self.fc(self.rnn(x)[0][:steps])\n\n\nmodel = Net()\n",
        [[9, 3, 8]],
    ),
    # Inside class Base, self.__hidden is self._Base__hidden: Child's own __hidden (_Child__hidden) is another name.
    "private_class_attribute_of_the_parent": (
        HEADER + "class Base(nn.Module):\n    __hidden = 8\n\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(4, self.__hidden, batch_first=True)\n\n"
        "    def forward(self, x):\n        return self.rnn(x)[0]\n\n\nclass Child(Base):\n    __hidden = 32\n\n\n"
        "model = Child()\n",
        [[2, 3, 4]],
    ),
    # A private method too: Base's __twice, not Child's; the child module is registered as _Base__rnn.
    "private_method_and_child_of_the_parent": (
        HEADER + "class Base(nn.Module):\n    __hidden = 8\n\n    def __init__(self):\n        super().__init__()\n"
        "        self.__rnn = nn.GRU(4, self.__hidden, batch_first=True)\n"
        "        self.__size = self.__twice(self.__hidden)\n        self.fc = nn.Linear(self.__hidden, self.__size)\n\n"
        "    def __twice(self, n):\n        return 2 * n\n\n"
        "    def forward(self, x):\n        return self.fc(self.__rnn(x)[0])\n\n\n"
        "class Child(Base):\n    __hidden = 32\n\n    def __twice(self, n):\n        return 3 * n\n\n\n"
        "model = Child()\n",
        [[2, 3, 4]],
    ),
    # super(Mid, self) looks after Mid in Leaf's order: Base.__init__ runs, Mid's (hidden 64, extra) does not.
    "super_of_the_parent_skips_its_init": (
        HEADER + "class Base(nn.Module):\n    def __init__(self, n_in, hidden=8):\n"
        "        super(Base, self).__init__()\n"
        "        self.rnn = nn.LSTM(n_in, hidden, batch_first=True)\n\n"
        "    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n"
        "class Mid(Base):\n    def __init__(self, n_in):\n        super(Mid, self).__init__(n_in, hidden=64)\n"
        "        self.extra = nn.Linear(64, 64)\n\n\n"
        "class Leaf(Mid):\n    def __init__(self, n_in=4):\n        super(Mid, self).__init__(n_in)\n"
        "        self.fc = nn.Linear(8, 2)\n\n"
        "    def forward(self, x):\n        return self.fc(super().forward(x))\n\n\n"
        "model = Leaf()\n",
        [[2, 3, 4]],
    ),
    "super_of_the_parent_skips_its_forward": (
        HEADER + "class Base(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(4, 8, batch_first=True)\n        self.proj = nn.Linear(8, 16)\n\n"
        "    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n"
        "class Mid(Base):\n    def forward(self, x):\n        return self.proj(super().forward(x))\n\n\n"
        "class Leaf(Mid):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n\n"
        "    def forward(self, x):\n        return self.fc(super(Mid, self).forward(x))\n\n\n"
        "model = Leaf()\n",
        [[2, 3, 4]],
    ),
    # In a diamond, super(Left, self) in Both runs the next class of Both's order after Left: Right.
    "super_of_a_class_in_a_diamond": (
        HEADER + "class Base(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(4, 8, batch_first=True)\n\n"
        "    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n"
        "class Left(Base):\n    def __init__(self):\n        super().__init__()\n"
        "        self.left = nn.Linear(8, 3)\n\n\n"
        "class Right(Base):\n    def __init__(self):\n        super().__init__()\n"
        "        self.right = nn.Linear(8, 5)\n\n\n"
        "class Both(Left, Right):\n    def __init__(self):\n        super(Left, self).__init__()\n\n\n"
        "model = Both()\n",
        [[2, 3, 4]],
    ),
}

#: Python's words for a local name read before it is bound, and lstmcalc's message.
WORDS = "cannot access local variable '{name}' where it is not associated with a value"
UNBOUND = (
    f"Python refuses this (UnboundLocalError: {WORDS}): {{function}} assigns {{name}}, which makes it a name of its "
    "own throughout it, not the module's, and no assignment to it has run here"
)

#: Refused as Python refuses them: name -> (code, input shapes, where, lstmcalc's message, Python's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    "super_of_a_class_it_is_not_based_on": (
        HEADER + "class Other(nn.Module):\n    def __init__(self):\n        super().__init__()\n\n\n"
        "class Net(nn.Module):\n    def __init__(self):\n        super(Other, self).__init__()\n"
        "        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n"
        "model = Net()\n",
        [[2, 4]],
        "11:9",
        "Net is not based on Other, so Python refuses super(Other, self) (TypeError: super(type, obj): obj must be "
        "an instance or subtype of type)",
        "super(type, obj): obj must be an instance or subtype of type",
    ),
    # A name assigned anywhere in a function is its own throughout it: H is not the module's 10.
    "local_assigned_only_in_a_branch_not_taken": (
        HEADER + "H = 10\n\n\nclass Net(nn.Module):\n    def __init__(self, big=False):\n        super().__init__()\n"
        "        if big:\n            H = 64\n        self.fc = nn.Linear(4, H)\n\n"
        "    def forward(self, x):\n        return self.fc(x)\n\n\nmodel = Net()\n",
        [[2, 4]],
        "12:32",
        UNBOUND.format(name="H", function="Net.__init__"),
        WORDS.format(name="H"),
    ),
    "local_of_a_helper_read_before_its_assignment": (
        HEADER + "H = 10\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(4, self._size())\n\n    def _size(self):\n        size = H * 2\n        H = 3\n"
        "        return size\n\n    def forward(self, x):\n        return self.fc(x)\n\n\nmodel = Net()\n",
        [[2, 4]],
        "13:16",
        UNBOUND.format(name="H", function="Net._size"),
        WORDS.format(name="H"),
    ),
    "local_of_forward_assigned_only_in_a_branch_not_taken": (
        HEADER + "scale = 2\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(4, 10)\n\n    def forward(self, x):\n        y = self.fc(x)\n"
        "        if y.size(0) > 100:\n            scale = 3\n        return y * scale\n\n\nmodel = Net()\n",
        [[2, 4]],
        "16:20",
        UNBOUND.format(name="scale", function="Net.forward"),
        WORDS.format(name="scale"),
    ),
}

#: Keras code in a function read where it is called, refused as Python refuses it: name -> (code, where, function,
#: the name read).
KERAS_REFUSED: dict[str, tuple[str, str, str, str]] = {
    "functional_local_assigned_only_in_a_branch_not_taken": (
        "import keras\nfrom keras import layers\n\nUNITS = 10\n\n\ndef build(big=False):\n    if big:\n"
        "        UNITS = 64\n    inputs = keras.Input((5, 3))\n    x = layers.LSTM(UNITS)(inputs)\n"
        "    return keras.Model(inputs, x)\n\n\nmodel = build()\n",
        "11:21",
        "build",
        "UNITS",
    ),
    "sequential_local_read_before_its_assignment": (
        "import keras\nfrom keras import layers\n\nUNITS = 10\n\n\ndef build():\n"
        "    model = keras.Sequential([keras.Input((5, 3))])\n    model.add(layers.LSTM(UNITS))\n    UNITS = 64\n"
        "    return model\n\n\nmodel = build()\n",
        "9:27",
        "build",
        "UNITS",
    ),
}
