"""``insert(index, module)`` in ``__init__`` on an nn.ModuleList, an nn.Sequential and a local list of modules:
the modules after it renumbered as torch renumbers them (their state_dict names shift), a negative index as each
takes it (nn.Sequential's from the end, nn.ModuleList's torch's KeyError), an index out of range refused in torch's
words. Read by tests/test_torch_probe_findings.py and its oracle module, which runs each in torch 2.13 and torchinfo
(the golden tables, tests/golden/torch_container_insert)."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: Read as torch runs them: name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    # An input layer put before the others, then an activation before the last: every later module renumbered.
    "module_list_insert_at_front_and_before_last": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.layers = nn.ModuleList([nn.Linear(8, 16), nn.Linear(16, 3)])\n"
        "        self.layers.insert(0, nn.Linear(4, 8))\n"
        "        self.layers.insert(len(self.layers) - 1, nn.ReLU())\n\n"
        "    def forward(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return x\n\n\n"
        "model = Net()\n",
        [[2, 4]],
    ),
    # At the end (index == len) and in a loop, then the first read by its new index.
    "module_list_insert_at_end_in_a_loop": (
        HEADER + "class Stack(nn.Module):\n    def __init__(self, sizes=(6, 12, 24)):\n        super().__init__()\n"
        "        self.layers = nn.ModuleList()\n"
        "        for n_in, n_out in zip(sizes, sizes[1:]):\n"
        "            self.layers.insert(len(self.layers), nn.Linear(n_in, n_out))\n"
        "        self.layers.insert(0, nn.LayerNorm(6))\n\n"
        "    def forward(self, x):\n        x = self.layers[0](x)\n"
        "        for layer in self.layers[1:]:\n            x = torch.relu(layer(x))\n        return x\n\n\n"
        "model = Stack()\n",
        [[3, 5, 6]],
    ),
    # nn.Sequential takes a negative index from the end.
    "sequential_insert_negative_index": (
        HEADER + "class Head(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.net = nn.Sequential(nn.Linear(10, 20), nn.Linear(20, 5))\n"
        "        self.net.insert(-1, nn.Tanh())\n        self.net.insert(-3, nn.Dropout(0.1))\n\n"
        "    def forward(self, x):\n        return self.net(x)\n\n\nmodel = Head()\n",
        [[4, 10]],
    ),
    # A local list of modules is Python's list: insert(-1, ...) before its last, then registered.
    "local_list_insert_then_module_list": (
        HEADER + "class Tower(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        blocks = [nn.Linear(3, 7), nn.Linear(7, 2)]\n        blocks.insert(-1, nn.GELU())\n"
        "        blocks.insert(99, nn.Sigmoid())\n        self.blocks = nn.ModuleList(blocks)\n\n"
        "    def forward(self, x):\n        for block in self.blocks:\n            x = block(x)\n        return x\n\n\n"
        "model = Tower()\n",
        [[2, 3]],
    ),
}

#: torch's state_dict of each case of READ (names and shapes), where insert renumbered the modules.
STATE_DICTS: dict[str, dict[str, tuple[int, ...]]] = {
    "module_list_insert_at_front_and_before_last": {
        "layers.0.weight": (8, 4), "layers.0.bias": (8,), "layers.1.weight": (16, 8), "layers.1.bias": (16,),
        "layers.3.weight": (3, 16), "layers.3.bias": (3,),
    },
    "module_list_insert_at_end_in_a_loop": {
        "layers.0.weight": (6,), "layers.0.bias": (6,), "layers.1.weight": (12, 6), "layers.1.bias": (12,),
        "layers.2.weight": (24, 12), "layers.2.bias": (24,),
    },
    "sequential_insert_negative_index": {
        "net.1.weight": (20, 10), "net.1.bias": (20,), "net.3.weight": (5, 20), "net.3.bias": (5,),
    },
    "local_list_insert_then_module_list": {
        "blocks.0.weight": (7, 3), "blocks.0.bias": (7,), "blocks.2.weight": (2, 7), "blocks.2.bias": (2,),
    },
}  # fmt: skip

#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    # ModuleList.insert moves _modules[str(i - 1)] up for every i down to 0: "-1" is no key.
    "module_list_insert_negative_index": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.layers = nn.ModuleList([nn.Linear(4, 8), nn.Linear(8, 2)])\n"
        "        self.layers.insert(-1, nn.ReLU())\n\n"
        "    def forward(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return x\n\n\n"
        "model = Net()\n",
        [[2, 4]],
        "9:9",
        "torch refuses this (KeyError: '-1'): nn.ModuleList.insert takes no negative index",
        "'-1'",
    ),
    "sequential_insert_out_of_range": (
        HEADER + "class Head(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.net = nn.Sequential(nn.Linear(10, 20), nn.Linear(20, 5))\n"
        "        self.net.insert(3, nn.Tanh())\n\n"
        "    def forward(self, x):\n        return self.net(x)\n\n\nmodel = Head()\n",
        [[4, 10]],
        "9:9",
        "torch refuses this (IndexError: 'Index out of range: 3')",
        "Index out of range: 3",
    ),
}
