"""``functools.partial`` of a torch.nn class or a class of the file in ``__init__`` (``rnn = functools.partial(nn.GRU,
batch_first=True)``, then ``rnn(8, 16)``): read as Python calls it, the partial's positional arguments first and its
keywords overridden by the call's. Read by tests/test_torch_probe_findings.py and its oracle module, which runs each
in torch 2.13 and torchinfo (the golden tables, tests/golden/torch_partial)."""

from __future__ import annotations

#: Read as torch runs them: name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    "functools_partial_of_a_gru": (
        "import functools\n\nimport torch.nn as nn\n\n\nclass Seq(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        rnn = functools.partial(nn.GRU, batch_first=True)\n"
        "        self.enc = rnn(8, 16)\n        self.dec = rnn(16, 16, num_layers=2)\n\n"
        "    def forward(self, x):\n        h, _ = self.enc(x)\n        return self.dec(h)[0]\n\n\nmodel = Seq()\n",
        [[2, 5, 8]],
    ),
    # A positional argument given ahead, keywords the call overrides (kernel_size, padding).
    "partial_with_a_positional_and_overridden_keywords": (
        "from functools import partial\n\nimport torch\nimport torch.nn as nn\n\n\nclass Front(nn.Module):\n"
        "    def __init__(self, width=12):\n        super().__init__()\n"
        "        conv = partial(nn.Conv1d, 8, kernel_size=3, padding=1)\n"
        "        self.narrow = conv(width)\n        self.wide = conv(width, kernel_size=5, padding=2, bias=False)\n\n"
        "    def forward(self, x):\n        return torch.cat([self.narrow(x), self.wide(x)], dim=1)\n\n\n"
        "model = Front()\n",
        [[2, 8, 20]],
    ),
    # A class of the file, given ahead its dropout, made in a comprehension.
    "partial_of_a_class_of_the_file": (
        "import functools as ft\n\nimport torch.nn as nn\n\n\nclass Block(nn.Module):\n"
        "    def __init__(self, dim, hidden=32, dropout=0.0):\n        super().__init__()\n"
        "        self.fc1, self.fc2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)\n"
        "        self.drop = nn.Dropout(dropout)\n\n    def forward(self, x):\n"
        "        return x + self.fc2(self.drop(self.fc1(x).relu()))\n\n\nclass Net(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        block = ft.partial(Block, hidden=24, dropout=0.1)\n"
        "        self.blocks = nn.ModuleList([block(6) for _ in range(2)])\n\n    def forward(self, x):\n"
        "        for b in self.blocks:\n            x = b(x)\n        return x\n\n\nmodel = Net()\n",
        [[3, 6]],
    ),
}

#: None refused by torch.
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {}

#: Not the standard library's partial (a function of the file of that name): which module it makes stays unknown.
NOT_FUNCTOOLS = (
    "import torch.nn as nn\n\n\ndef partial(cls, **kwargs):\n    return nn.LSTM\n\n\nclass Seq(nn.Module):\n"
    "    def __init__(self):\n        super().__init__()\n        rnn = partial(nn.GRU, batch_first=True)\n"
    "        self.enc = rnn(8, 16)\n\n    def forward(self, x):\n        return self.enc(x)[0]\n\n\nmodel = Seq()\n"
)
