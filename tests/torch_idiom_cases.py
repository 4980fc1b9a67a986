"""PyTorch idioms torch runs that lstmcalc refused: ``len()`` of a container in ``__init__`` and starred
unpacking (``first, *rest = sizes``). Shared by the plain tests (tests/test_torch_idioms.py, numbers pinned
from torch 2.13) and the oracle (tests/oracle/test_torch_idioms_oracle.py), which runs each in real torch
and torchinfo.

CASES: (code, --input-shape list); EXPECTED is run_in_torch's output for each.
"""

from __future__ import annotations

from typing import Any

CASES: dict[str, tuple[str, list[list[int]]]] = {
    # The MLP idiom, counted by the container it built: len(self.layers) in __init__ and forward.
    "length_of_a_module_list": (
        """
import torch
import torch.nn as nn


class MLP(nn.Module):
    def __init__(self, sizes=(4, 8, 8, 3)):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.depth = len(self.layers)
        self.gates = nn.Parameter(torch.ones(len(self.layers), 2))
        self.norms = nn.ModuleList([nn.LayerNorm(8) for _ in range(len(self.layers) - 1)])

    def forward(self, x):
        for i in range(len(self.layers) - 1):
            x = self.norms[i](torch.relu(self.layers[i](x)))
        return self.layers[self.depth - 1](x)


model = MLP()
""",
        [[2, 5, 4]],
    ),
    # Sizes split with a starred name, in __init__ (first, *hidden, last = sizes) and forward (b, *rest = x.shape).
    "starred_unpacking": (
        """
import torch
import torch.nn as nn


class Tower(nn.Module):
    def __init__(self, sizes=(6, 16, 12, 3)):
        super().__init__()
        first, *hidden, last = sizes
        *body, self.width = hidden
        self.inp = nn.Linear(first, hidden[0])
        self.body = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(hidden, hidden[1:])])
        self.out = nn.Linear(self.width, last * len(body))

    def forward(self, x):
        batch, *rest = x.shape
        *lead, steps, features = x.size()
        h = self.body(torch.relu(self.inp(x.reshape(-1, features))))
        first, *others = h.chunk(3, dim=-1)
        return self.out(torch.cat([first, *others], -1)).view(batch, *rest[:-1], -1)


model = Tower()
""",
        [[2, 5, 6]],
    ),
}


EXPECTED: dict[str, dict[str, Any]] = {
    "length_of_a_module_list": {
        "state_dict": {
            "gates": (3, 2),
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
            "norms.0.weight": (8,),
            "norms.0.bias": (8,),
            "norms.1.weight": (8,),
            "norms.1.bias": (8,),
        },
        "params": 177,
        "trainable": 177,
        "calls": [
            ("", 0, ((2, 5, 3),)),
            ("layers.0", 2, ((2, 5, 8),)),
            ("norms.0", 2, ((2, 5, 8),)),
            ("layers.1", 2, ((2, 5, 8),)),
            ("norms.1", 2, ((2, 5, 8),)),
            ("layers.2", 2, ((2, 5, 3),)),
        ],
        "call_inputs": [((2, 5, 4),), ((2, 5, 4),), ((2, 5, 8),), ((2, 5, 8),), ((2, 5, 8),), ((2, 5, 8),)],
    },
    "starred_unpacking": {
        "state_dict": {
            "inp.weight": (16, 6),
            "inp.bias": (16,),
            "body.0.weight": (12, 16),
            "body.0.bias": (12,),
            "out.weight": (3, 12),
            "out.bias": (3,),
        },
        "params": 355,
        "trainable": 355,
        "calls": [
            ("", 0, ((2, 5, 3),)),
            ("inp", 1, ((10, 16),)),
            ("body", 1, ((10, 12),)),
            ("body.0", 2, ((10, 12),)),
            ("out", 1, ((10, 3),)),
        ],
        "call_inputs": [((2, 5, 6),), ((10, 6),), ((10, 16),), ((10, 16),), ((10, 12),)],
    },
}
