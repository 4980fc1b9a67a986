"""PyTorch code lstmcalc misread or refused though torch 2.13 and torchinfo read it: class attributes read
through the instance's type (``type(self).HIDDEN``, ``self.__class__.rnn_cls``), a module shared by three
containers. Shared by
tests/test_torch_gaps_d.py and its oracle module, which runs each in real torch."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: Read as torchinfo reads them: name -> (code, input shapes); the golden tables are torchinfo's.
READ: dict[str, tuple[str, list[list[int]]]] = {
    # The subclass overrides both class attributes; the instance's own HIDDEN is not what type(self) reads.
    "class_attributes_through_type_of_self": (
        HEADER + "class Base(nn.Module):\n    rnn_cls = nn.LSTM\n    HIDDEN = 16\n\n"
        "    def __init__(self):\n        super().__init__()\n        self.HIDDEN = 5\n"
        "        self.rnn = type(self).rnn_cls(8, type(self).HIDDEN, batch_first=True)\n"
        "        self.head = nn.Linear(self.__class__.HIDDEN, 3)\n\n"
        "    def forward(self, x):\n        out, _ = self.rnn(x)\n        return self.head(out[:, -1])\n\n\n"
        "class GRUModel(Base):\n    rnn_cls = nn.GRU\n    HIDDEN = 12\n\n\nmodel = GRUModel()\n",
        [[4, 20, 8]],
    ),
    "class_attribute_read_in_forward_through_type_of_self": (
        HEADER + "class Base(nn.Module):\n    HIDDEN = 16\n    LAST = True\n\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(8, self.__class__.HIDDEN, batch_first=True)\n\n"
        "    def forward(self, x):\n        out, _ = self.rnn(x)\n        if type(self).LAST:\n"
        "            return out[:, -1]\n        return out\n\n\n"
        "class Child(Base):\n    LAST = False\n\n\nmodel = Child()\n",
        [[4, 20, 8]],
    ),
    # torchinfo names the shared Linear's calls under the ModuleList, the last of its containers: the first
    # Sequential's row then has no row below it, and holds the Linear's 72 parameters as its own (was "?").
    "module_shared_by_three_containers": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        shared = nn.Linear(8, 8)\n        self.a = nn.Sequential(shared, nn.ReLU())\n"
        "        self.b = nn.Sequential(nn.Tanh(), shared)\n        self.c = nn.ModuleList([shared])\n\n"
        "    def forward(self, x):\n        x = self.a(x)\n        x = self.b(x)\n        return self.c[0](x)\n\n\n"
        "model = Net()\n",
        [[4, 20, 8]],
    ),
}

_SHARED = (
    "a.0 (Linear) is also held as b.1, c.0: one module, whose 72 parameters torch's parameters() counts once; its "
    "state_dict lists them under each name (b.1.weight, b.1.bias, c.0.weight, c.0.bias)\n"
)

#: Notes lstmcalc prints under a golden table: name -> the notes.
READ_NOTES: dict[str, str] = {"module_shared_by_three_containers": _SHARED}

#: Asked for with --set where the code changes what it reads: name -> (code, input shapes, where, message).
ASKED: dict[str, tuple[str, list[list[int]], str, str]] = {
    "class_attribute_set_through_type_of_self": (
        HEADER + "class Base(nn.Module):\n    HIDDEN = 16\n\n    def __init__(self):\n        super().__init__()\n"
        "        type(self).HIDDEN = 7\n        self.rnn = nn.GRU(8, type(self).HIDDEN, batch_first=True)\n\n"
        "    def forward(self, x):\n        return self.rnn(x)[0]\n\n\nmodel = Base()\n",
        [[4, 20, 8]],
        "11:30",
        "lstmcalc cannot know the value of type(self).HIDDEN for hidden_size of nn.GRU without running the code; "
        "give it with --set 'type(self).HIDDEN=VALUE'",
    ),
}
