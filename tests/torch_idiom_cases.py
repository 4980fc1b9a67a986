"""PyTorch idioms torch runs that lstmcalc refused: ``len()`` of a container in ``__init__``, starred
unpacking (``first, *rest = sizes``), a None child or parameter registered (``register_parameter("bias",
None)``). Shared by the plain tests (tests/test_torch_idioms.py, numbers pinned from torch 2.13) and the
oracle (tests/oracle/test_torch_idioms_oracle.py), which runs each in real torch and torchinfo.

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
    # torch keeps a name registered None (self.bias is None, nothing in the state_dict); a parameter or
    # module set there later takes its place (b.bias before b.weight, proj before act).
    "none_registered_as_parameter_and_module": (
        """
import torch
import torch.nn as nn


class Affine(nn.Module):
    def __init__(self, n, bias=False):
        super().__init__()
        self.register_parameter("bias", None)
        self.weight = nn.Parameter(torch.ones(n))
        if bias:
            self.bias = nn.Parameter(torch.zeros(n))
        self.register_module("proj", None)
        self.act = nn.Tanh()
        self.proj = nn.Linear(n, n)

    def forward(self, x):
        x = self.proj(x) * self.weight
        if self.bias is not None:
            x = x + self.bias
        return self.act(x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = Affine(4)
        self.b = Affine(4, bias=True)
        self.fc = nn.Linear(4, 3)
        self.add_module("extra", None)
        self.register_parameter("scale", None)

    def forward(self, x):
        if self.extra is not None:
            x = self.extra(x)
        if self.scale is None:
            x = self.b(self.a(x))
        return self.fc(x)


model = Net()
""",
        [[2, 4]],
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
    "none_registered_as_parameter_and_module": {
        "state_dict": {
            "a.weight": (4,),
            "a.proj.weight": (4, 4),
            "a.proj.bias": (4,),
            "b.bias": (4,),
            "b.weight": (4,),
            "b.proj.weight": (4, 4),
            "b.proj.bias": (4,),
            "fc.weight": (3, 4),
            "fc.bias": (3,),
        },
        "params": 67,
        "trainable": 67,
        "calls": [
            ("", 0, ((2, 3),)),
            ("a", 1, ((2, 4),)),
            ("a.proj", 2, ((2, 4),)),
            ("a.act", 2, ((2, 4),)),
            ("b", 1, ((2, 4),)),
            ("b.proj", 2, ((2, 4),)),
            ("b.act", 2, ((2, 4),)),
            ("fc", 1, ((2, 3),)),
        ],
        "call_inputs": [((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),)],
    },
}
