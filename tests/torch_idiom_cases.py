"""PyTorch idioms torch runs that lstmcalc refused: ``len()`` of a container in ``__init__``, starred
unpacking (``first, *rest = sizes``), a None child or parameter registered (``register_parameter("bias",
None)``), containers made of a slice of another (``nn.Sequential(*self.layers[1:])``) and a slice of an
nn.Sequential called in forward. Shared by the plain tests (tests/test_torch_idioms.py, numbers pinned
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
    # A slice of an nn.Sequential called in forward: a new Sequential, made after torchinfo hooked the model's
    # modules, so only the calls of its modules are rows (under their names in the model); named items
    # keep their names; a slice looped over or counted as the modules it holds.
    "slices_of_a_sequential_called_in_forward": (
        """
from collections import OrderedDict

import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            OrderedDict([("conv", nn.Conv1d(3, 8, 3)), ("act", nn.ReLU()), ("pool", nn.AdaptiveAvgPool1d(4))])
        )
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 2))

    def forward(self, x):
        h = self.features[:-1](x)
        h = self.features[-1:](h)
        z = self.head[1:3](self.head[0](h))
        n = len(self.head[1:])
        for layer in self.head[n:]:
            z = layer(z)
        return z


model = Net()
""",
        [[2, 3, 10]],
    ),
    # An nn.Sequential replaced by a slice of itself: the new Sequential, in the place of the old one.
    "sequential_replaced_by_its_slice": (
        """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, size=4):
        super().__init__()
        self.seq = nn.Sequential(nn.Linear(size, 8), nn.ReLU(), nn.Linear(8, 2))
        self.out = nn.Linear(8, 3)
        self.seq = self.seq[:2]

    def forward(self, x):
        return self.out(self.seq(x))


model = Net()
""",
        [[2, 4]],
    ),
}

#: Containers made of a slice or a spread of another, in __init__: their modules are the same modules, held
#: under each name (state_dict) and counted once (parameters()). (code, --input-shape list).
SHARED_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # Every layer but the first of a ModuleList, spread into an nn.Sequential.
    "sequential_of_a_spread_slice": (
        """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, sizes=(4, 8, 8, 3)):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.body = nn.Sequential(*self.layers[1:])

    def forward(self, x):
        return self.body(torch.relu(self.layers[0](x)))


model = Net()
""",
        [[2, 4]],
    ),
    # A whole ModuleList spread: its modules (body.0 ... body.2), not the list itself (read as body.0.0 before).
    "sequential_of_a_whole_module_list_spread": (
        """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, sizes=(4, 8, 8, 3)):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.body = nn.Sequential(*self.layers)

    def forward(self, x):
        return self.body(x)


model = Net()
""",
        [[2, 4]],
    ),
    # The first k layers of an nn.Sequential, listed and sliced: a trunk sharing them.
    "trunk_of_a_listed_slice": (
        """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, sizes=(4, 8, 8, 3), k=2):
        super().__init__()
        self.layers = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.trunk = nn.Sequential(*list(self.layers)[:k])
        self.k = k

    def forward(self, x):
        return self.layers[self.k](self.trunk(x))


model = Net()
""",
        [[2, 4]],
    ),
    # A ModuleList given a slice of another (a ModuleList torch makes), looped over in forward.
    "module_list_of_a_slice": (
        """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, sizes=(4, 8, 8, 3)):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.blocks = nn.ModuleList(self.layers[:2])

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return self.layers[-1](x)


model = Net()
""",
        [[2, 4]],
    ),
    # A local list sliced in two, a slice kept as a child (an nn.Sequential's keeps its items' names:
    # tail.1, tail.2), one given whole to an nn.Sequential (wrapped.0.0) and a stepped one listed.
    "slices_kept_wrapped_and_stepped": (
        """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, sizes=(4, 8, 8, 6, 3)):
        super().__init__()
        layers = [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
        self.front = nn.Sequential(*layers[:2])
        self.back = nn.Sequential(*layers[2:])
        self.stack = nn.Sequential(*[nn.Linear(3, 3) for _ in range(3)])
        self.tail = self.stack[1:]
        self.wrapped = nn.Sequential(self.stack[:1])
        self.copy = nn.ModuleList(tuple(self.stack)[::2])

    def forward(self, x):
        h = self.back(self.front(x))
        h = self.wrapped[0](h)
        return self.tail(h) + self.copy[1](h)


model = Net()
""",
        [[2, 4]],
    ),
}

#: Written in __init__ where torch (or Python) refuses it, or where lstmcalc cannot follow it: (the container
#: made as self.x, where lstmcalc's error points, its message). tests/oracle checks torch's words where quoted.
REFUSED: list[tuple[str, str, str]] = [
    (
        "nn.Sequential(*self.heads)",
        "19:33",
        'torch refuses this: iterating an nn.ModuleDict gives its keys ("str is not a Module subclass"); write '
        "self.heads.values()",
    ),
    (
        "nn.Sequential(*self.fc)",
        "19:33",
        "Python refuses this: Linear is not iterable (nn.Module has no __iter__; nn.Sequential, nn.ModuleList and "
        "nn.ModuleDict have)",
    ),
    ("nn.Sequential(*self.layers[::0])", "19:47", "Python refuses this: slice step cannot be zero"),
    ("nn.Sequential(*self.layers[:2.0])", "19:46", "Python refuses this: slice indices must be integers or None"),
    ("self.fc[1:]", "19:18", "torch refuses this: \"'Linear' object is not subscriptable\""),
    ("self.heads[1:]", "19:18", "torch refuses this: an nn.ModuleDict's modules are taken by key, not by a slice"),
    (
        "nn.Sequential(*self.holey[1:])",
        "19:33",
        "lstmcalc cannot follow the items of nn.ModuleList here: it holds None (at 1), which torch would call or "
        "hold in turn",
    ),
    (
        "nn.Sequential(*self.block[1:])",
        "19:33",
        "lstmcalc cannot follow a slice of Block: it reads slices of nn.Sequential and nn.ModuleList (a class based "
        "on one makes its slice with its own __init__)",
    ),
    (
        "nn.Sequential(*self.layers[:n])",
        "19:46",
        "lstmcalc cannot know the value of n to know which modules the slice takes without running the code; give "
        "it with --set 'n=VALUE'",
    ),
]

#: A None registered under a name held otherwise, refused as torch refuses it: (statement, torch's words).
NONE_REFUSED = ('self.register_parameter("fc", None)', "attribute 'fc' already exists")

#: What torch itself says of the refused containers it refuses, by container.
TORCH_SAYS = {
    "nn.Sequential(*self.heads)": "str is not a Module subclass",
    "nn.Sequential(*self.fc)": "argument after * must be an iterable, not Linear",
    "nn.Sequential(*self.layers[::0])": "slice step cannot be zero",
    "nn.Sequential(*self.layers[:2.0])": "slice indices must be integers or None",
    "self.fc[1:]": "'Linear' object is not subscriptable",
    "self.heads[1:]": "slice",
}


def refused_code(container: str) -> str:
    """A module whose ``__init__`` makes ``container`` (line 19) as ``self.x``, beside the modules it slices."""
    return f"""import torch
import torch.nn as nn


class Block(nn.Sequential):
    def __init__(self):
        super().__init__(nn.Linear(4, 4), nn.Linear(4, 4))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])
        self.heads = nn.ModuleDict({{"a": nn.Linear(4, 2)}})
        self.fc = nn.Linear(4, 4)
        self.holey = nn.ModuleList([nn.Linear(4, 4)])
        self.holey.append(None)
        self.block = Block()
        self.x = {container}

    def forward(self, x):
        return self.fc(x)


model = Net()
"""


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
    "slices_of_a_sequential_called_in_forward": {
        "state_dict": {
            "features.conv.weight": (8, 3, 3),
            "features.conv.bias": (8,),
            "head.1.weight": (16, 32),
            "head.1.bias": (16,),
            "head.3.weight": (2, 16),
            "head.3.bias": (2,),
        },
        "params": 642,
        "trainable": 642,
        "calls": [
            ("", 0, ((2, 2),)),
            ("features.conv", 2, ((2, 8, 8),)),
            ("features.act", 2, ((2, 8, 8),)),
            ("features.pool", 2, ((2, 8, 4),)),
            ("head.0", 2, ((2, 32),)),
            ("head.1", 2, ((2, 16),)),
            ("head.2", 2, ((2, 16),)),
            ("head.3", 2, ((2, 2),)),
        ],
        "call_inputs": [
            ((2, 3, 10),),
            ((2, 3, 10),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 8, 4),),
            ((2, 32),),
            ((2, 16),),
            ((2, 16),),
        ],
    },
    "sequential_replaced_by_its_slice": {
        "state_dict": {"seq.0.weight": (8, 4), "seq.0.bias": (8,), "out.weight": (3, 8), "out.bias": (3,)},
        "params": 67,
        "trainable": 67,
        "calls": [
            ("", 0, ((2, 3),)),
            ("seq", 1, ((2, 8),)),
            ("seq.0", 2, ((2, 8),)),
            ("seq.1", 2, ((2, 8),)),
            ("out", 1, ((2, 3),)),
        ],
        "call_inputs": [((2, 4),), ((2, 4),), ((2, 4),), ((2, 8),), ((2, 8),)],
    },
}

SHARED_EXPECTED: dict[str, dict[str, Any]] = {
    "sequential_of_a_spread_slice": {
        "state_dict": {
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
            "body.0.weight": (8, 8),
            "body.0.bias": (8,),
            "body.1.weight": (3, 8),
            "body.1.bias": (3,),
        },
        "named_parameters": {
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
        },
        "parameters": 139,
        "trainable": 139,
    },
    "sequential_of_a_whole_module_list_spread": {
        "state_dict": {
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
            "body.0.weight": (8, 4),
            "body.0.bias": (8,),
            "body.1.weight": (8, 8),
            "body.1.bias": (8,),
            "body.2.weight": (3, 8),
            "body.2.bias": (3,),
        },
        "named_parameters": {
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
        },
        "parameters": 139,
        "trainable": 139,
    },
    "trunk_of_a_listed_slice": {
        "state_dict": {
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
            "trunk.0.weight": (8, 4),
            "trunk.0.bias": (8,),
            "trunk.1.weight": (8, 8),
            "trunk.1.bias": (8,),
        },
        "named_parameters": {
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
        },
        "parameters": 139,
        "trainable": 139,
    },
    "module_list_of_a_slice": {
        "state_dict": {
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
            "blocks.0.weight": (8, 4),
            "blocks.0.bias": (8,),
            "blocks.1.weight": (8, 8),
            "blocks.1.bias": (8,),
        },
        "named_parameters": {
            "layers.0.weight": (8, 4),
            "layers.0.bias": (8,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "layers.2.weight": (3, 8),
            "layers.2.bias": (3,),
        },
        "parameters": 139,
        "trainable": 139,
    },
    "slices_kept_wrapped_and_stepped": {
        "state_dict": {
            "front.0.weight": (8, 4),
            "front.0.bias": (8,),
            "front.1.weight": (8, 8),
            "front.1.bias": (8,),
            "back.0.weight": (6, 8),
            "back.0.bias": (6,),
            "back.1.weight": (3, 6),
            "back.1.bias": (3,),
            "stack.0.weight": (3, 3),
            "stack.0.bias": (3,),
            "stack.1.weight": (3, 3),
            "stack.1.bias": (3,),
            "stack.2.weight": (3, 3),
            "stack.2.bias": (3,),
            "tail.1.weight": (3, 3),
            "tail.1.bias": (3,),
            "tail.2.weight": (3, 3),
            "tail.2.bias": (3,),
            "wrapped.0.0.weight": (3, 3),
            "wrapped.0.0.bias": (3,),
            "copy.0.weight": (3, 3),
            "copy.0.bias": (3,),
            "copy.1.weight": (3, 3),
            "copy.1.bias": (3,),
        },
        "named_parameters": {
            "front.0.weight": (8, 4),
            "front.0.bias": (8,),
            "front.1.weight": (8, 8),
            "front.1.bias": (8,),
            "back.0.weight": (6, 8),
            "back.0.bias": (6,),
            "back.1.weight": (3, 6),
            "back.1.bias": (3,),
            "stack.0.weight": (3, 3),
            "stack.0.bias": (3,),
            "stack.1.weight": (3, 3),
            "stack.1.bias": (3,),
            "stack.2.weight": (3, 3),
            "stack.2.bias": (3,),
        },
        "parameters": 223,
        "trainable": 223,
    },
}
