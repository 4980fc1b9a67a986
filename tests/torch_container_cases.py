"""nn.Sequential, nn.ModuleList and nn.ModuleDict given what real code gives them, and forward's
loops over them, shared by the plain tests (tests/test_torch_containers.py, numbers pinned from
torch 2.13) and the oracle (tests/oracle/test_torch_containers_oracle.py), which runs each in real
torch and torchinfo. Each case is written afresh for one idiom.

CASES: (code, --input-shape list), read as torch runs them (EXPECTED is run_in_torch's output).
REFUSED: a container expression torch refuses, where lstmcalc's error points, its message, and
the words of torch's own TypeError.
"""

from __future__ import annotations

from typing import Any

CASES: dict[str, tuple[str, list[list[int]]]] = {
    # A generator expression given to nn.ModuleList, and forward walking the lists with enumerate()
    # (a start too) and zip(): torch takes any iterable of modules.
    "generator_list_walked_with_enumerate_and_zip": (
        """
import torch
import torch.nn as nn

class Stack(nn.Module):
    def __init__(self, vocab=100, dim=16, depth=3):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.blocks = nn.ModuleList(nn.GRU(dim, dim, batch_first=True) for _ in range(depth))
        self.norms = nn.ModuleList(nn.LayerNorm(dim) for _ in range(depth))
        self.skips = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.head = nn.Linear(dim, 2)

    def forward(self, tokens):
        x = self.emb(tokens)
        for i, (block, norm) in enumerate(zip(self.blocks, self.norms), 1):
            out, _ = block(x)
            x = norm(out + self.skips[i - 1](x))
        return self.head(x[:, -1])

model = Stack()
""",
        [[4, 10]],
    ),
    # An nn.ModuleDict of heads, walked by its keys, its items() and its values(), as a dict is.
    "module_dict_walked_as_a_dict": (
        """
import torch
import torch.nn as nn

class MultiHead(nn.Module):
    def __init__(self, dim=8, tasks=None):
        super().__init__()
        tasks = tasks or {"intent": 5, "slot": 3}
        self.encoder = nn.LSTM(dim, dim, batch_first=True)
        self.heads = nn.ModuleDict({name: nn.Linear(dim, size) for name, size in tasks.items()})

    def forward(self, x):
        out, _ = self.encoder(x)
        last = out[:, -1]
        logits = [self.heads[name](last) for name in ["intent", "slot"]]
        for name in self.heads:
            logits.append(self.heads[name](last))
        for name, head in self.heads.items():
            logits.append(head(last))
        return torch.cat([head(last) for head in self.heads.values()] + logits, dim=-1)

model = MultiHead()
""",
        [[2, 7, 8]],
    ),
    # A tuple given to nn.ModuleList, two lists joined with +, and a generator spread into nn.Sequential.
    "tuples_joined_lists_and_spread_generators": (
        """
import torch.nn as nn

class Mixer(nn.Module):
    def __init__(self, sizes=(6, 12, 6)):
        super().__init__()
        self.pair = nn.ModuleList((nn.Linear(sizes[0], sizes[1]), nn.Linear(sizes[1], sizes[0])))
        self.joined = nn.ModuleList([nn.Conv1d(6, 6, 3, padding=1)] + [nn.ReLU(), nn.Dropout(0.1)])
        self.body = nn.Sequential(*(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])))

    def forward(self, x):
        for layer in self.pair:
            x = layer(x)
        y = x.transpose(1, 2)
        for layer in self.joined:
            y = layer(y)
        return self.body(y.transpose(1, 2))

model = Mixer()
""",
        [[3, 5, 6]],
    ),
    # Comprehensions in forward, with conditions and two loops: their names are their own, as in
    # Python 3 (i is 100 again after the first), and each step's call is made in order.
    "comprehensions_in_forward": (
        """
import torch
import torch.nn as nn

class Heads(nn.Module):
    def __init__(self, dim=8, n=3):
        super().__init__()
        self.heads = nn.ModuleList([nn.Linear(dim, i + 1) for i in range(n)])

    def forward(self, x):
        i = 100
        picked = [head(x) for i, head in enumerate(self.heads) if i != 1]
        both = [h(x) for h in self.heads for _ in range(2) if i == 100]
        return torch.cat(picked + both, dim=-1)

model = Heads()
""",
        [[2, 8]],
    ),
    # A plain list of modules on self: torch registers none of them, so they are not the model's.
    "plain_list_is_not_registered": (
        """
import torch.nn as nn

class Forgetful(nn.Module):
    def __init__(self, dim=8, depth=2):
        super().__init__()
        self.layers = [nn.Linear(dim, dim) for _ in range(depth)]
        self.extra = (nn.GRU(dim, dim),)
        self.out = nn.Linear(dim, 1)

    def forward(self, x):
        return self.out(x)

model = Forgetful()
""",
        [[3, 8]],
    ),
    # Modules appended to a plain list on self, in a loop and with extend: not registered either.
    "appended_to_a_plain_list": (
        """
import torch.nn as nn

class Appended(nn.Module):
    def __init__(self, dim=8, depth=2):
        super().__init__()
        self.layers = []
        for _ in range(depth):
            self.layers.append(nn.Linear(dim, dim))
        self.layers.extend([nn.GRU(dim, dim)])
        self.kept = nn.ModuleList()
        self.kept.append(nn.Linear(dim, 2))
        self.out = nn.Linear(dim, 1)

    def forward(self, x):
        return self.kept[0](x) + self.out(x)

model = Appended()
""",
        [[3, 8]],
    ),
}

#: torch 2.13's numbers for CASES (run_in_torch of tests/torch_code_cases.py), pinned.
EXPECTED: dict[str, dict[str, Any]] = {
    "generator_list_walked_with_enumerate_and_zip": {
        "state_dict": {
            "emb.weight": (100, 16),
            "blocks.0.weight_ih_l0": (48, 16),
            "blocks.0.weight_hh_l0": (48, 16),
            "blocks.0.bias_ih_l0": (48,),
            "blocks.0.bias_hh_l0": (48,),
            "blocks.1.weight_ih_l0": (48, 16),
            "blocks.1.weight_hh_l0": (48, 16),
            "blocks.1.bias_ih_l0": (48,),
            "blocks.1.bias_hh_l0": (48,),
            "blocks.2.weight_ih_l0": (48, 16),
            "blocks.2.weight_hh_l0": (48, 16),
            "blocks.2.bias_ih_l0": (48,),
            "blocks.2.bias_hh_l0": (48,),
            "norms.0.weight": (16,),
            "norms.0.bias": (16,),
            "norms.1.weight": (16,),
            "norms.1.bias": (16,),
            "norms.2.weight": (16,),
            "norms.2.bias": (16,),
            "skips.0.weight": (16, 16),
            "skips.0.bias": (16,),
            "skips.1.weight": (16, 16),
            "skips.1.bias": (16,),
            "skips.2.weight": (16, 16),
            "skips.2.bias": (16,),
            "head.weight": (2, 16),
            "head.bias": (2,),
        },
        "params": 7442,
        "trainable": 7442,
        "calls": [
            ("", 0, ((4, 2),)),
            ("emb", 1, ((4, 10, 16),)),
            ("blocks.0", 2, ((4, 10, 16), (1, 4, 16))),
            ("skips.0", 2, ((4, 10, 16),)),
            ("norms.0", 2, ((4, 10, 16),)),
            ("blocks.1", 2, ((4, 10, 16), (1, 4, 16))),
            ("skips.1", 2, ((4, 10, 16),)),
            ("norms.1", 2, ((4, 10, 16),)),
            ("blocks.2", 2, ((4, 10, 16), (1, 4, 16))),
            ("skips.2", 2, ((4, 10, 16),)),
            ("norms.2", 2, ((4, 10, 16),)),
            ("head", 1, ((4, 2),)),
        ],
        "call_inputs": [
            ((4, 10),),
            ((4, 10),),
            ((4, 10, 16),),
            ((4, 10, 16),),
            ((4, 10, 16),),
            ((4, 10, 16),),
            ((4, 10, 16),),
            ((4, 10, 16),),
            ((4, 10, 16),),
            ((4, 10, 16),),
            ((4, 10, 16),),
            ((4, 16),),
        ],
    },
    "module_dict_walked_as_a_dict": {
        "state_dict": {
            "encoder.weight_ih_l0": (32, 8),
            "encoder.weight_hh_l0": (32, 8),
            "encoder.bias_ih_l0": (32,),
            "encoder.bias_hh_l0": (32,),
            "heads.intent.weight": (5, 8),
            "heads.intent.bias": (5,),
            "heads.slot.weight": (3, 8),
            "heads.slot.bias": (3,),
        },
        "params": 648,
        "trainable": 648,
        "calls": [
            ("", 0, ((2, 32),)),
            ("encoder", 1, ((2, 7, 8), (1, 2, 8), (1, 2, 8))),
            ("heads.intent", 2, ((2, 5),)),
            ("heads.slot", 2, ((2, 3),)),
            ("heads.intent", 2, ((2, 5),)),
            ("heads.slot", 2, ((2, 3),)),
            ("heads.intent", 2, ((2, 5),)),
            ("heads.slot", 2, ((2, 3),)),
            ("heads.intent", 2, ((2, 5),)),
            ("heads.slot", 2, ((2, 3),)),
        ],
        "call_inputs": [
            ((2, 7, 8),),
            ((2, 7, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
        ],
    },
    "tuples_joined_lists_and_spread_generators": {
        "state_dict": {
            "pair.0.weight": (12, 6),
            "pair.0.bias": (12,),
            "pair.1.weight": (6, 12),
            "pair.1.bias": (6,),
            "joined.0.weight": (6, 6, 3),
            "joined.0.bias": (6,),
            "body.0.weight": (12, 6),
            "body.0.bias": (12,),
            "body.1.weight": (6, 12),
            "body.1.bias": (6,),
        },
        "params": 438,
        "trainable": 438,
        "calls": [
            ("", 0, ((3, 5, 6),)),
            ("pair.0", 2, ((3, 5, 12),)),
            ("pair.1", 2, ((3, 5, 6),)),
            ("joined.0", 2, ((3, 6, 5),)),
            ("joined.1", 2, ((3, 6, 5),)),
            ("joined.2", 2, ((3, 6, 5),)),
            ("body", 1, ((3, 5, 6),)),
            ("body.0", 2, ((3, 5, 12),)),
            ("body.1", 2, ((3, 5, 6),)),
        ],
        "call_inputs": [
            ((3, 5, 6),),
            ((3, 5, 6),),
            ((3, 5, 12),),
            ((3, 6, 5),),
            ((3, 6, 5),),
            ((3, 6, 5),),
            ((3, 5, 6),),
            ((3, 5, 6),),
            ((3, 5, 12),),
        ],
    },
    "comprehensions_in_forward": {
        "state_dict": {
            "heads.0.weight": (1, 8),
            "heads.0.bias": (1,),
            "heads.1.weight": (2, 8),
            "heads.1.bias": (2,),
            "heads.2.weight": (3, 8),
            "heads.2.bias": (3,),
        },
        "params": 54,
        "trainable": 54,
        "calls": [
            ("", 0, ((2, 16),)),
            ("heads.0", 2, ((2, 1),)),
            ("heads.2", 2, ((2, 3),)),
            ("heads.0", 2, ((2, 1),)),
            ("heads.0", 2, ((2, 1),)),
            ("heads.1", 2, ((2, 2),)),
            ("heads.1", 2, ((2, 2),)),
            ("heads.2", 2, ((2, 3),)),
            ("heads.2", 2, ((2, 3),)),
        ],
        "call_inputs": [
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
            ((2, 8),),
        ],
    },
    "plain_list_is_not_registered": {
        "state_dict": {"out.weight": (1, 8), "out.bias": (1,)},
        "params": 9,
        "trainable": 9,
        "calls": [("", 0, ((3, 1),)), ("out", 1, ((3, 1),))],
        "call_inputs": [((3, 8),), ((3, 8),)],
    },
    "appended_to_a_plain_list": {
        "state_dict": {"kept.0.weight": (2, 8), "kept.0.bias": (2,), "out.weight": (1, 8), "out.bias": (1,)},
        "params": 27,
        "trainable": 27,
        "calls": [("", 0, ((3, 2),)), ("kept.0", 2, ((3, 2),)), ("out", 1, ((3, 1),))],
        "call_inputs": [((3, 8),), ((3, 8),), ((3, 8),)],
    },
}

#: The notes under the table, by case (none for the others).
NOTES = {
    "plain_list_is_not_registered": [
        "self.layers is a plain list, not an nn.ModuleList: torch does not register the modules in it (Linear), "
        "so their 144 parameters are not the model's (not in parameters(), the state_dict or .to(device)), nor "
        "counted here; hold them in nn.ModuleList(...) to make them part of it",
        "self.extra is a plain tuple, not an nn.ModuleList: torch does not register the modules in it (GRU), "
        "so their 432 parameters are not the model's (not in parameters(), the state_dict or .to(device)), nor "
        "counted here; hold them in nn.ModuleList(...) to make them part of it",
    ],
    "appended_to_a_plain_list": [
        "self.layers is a plain list, not an nn.ModuleList: torch does not register the modules in it (Linear, "
        "GRU), so their 576 parameters are not the model's (not in parameters(), the state_dict or .to(device)), "
        "nor counted here; hold them in nn.ModuleList(...) to make them part of it",
    ],
}

#: (container expression, line:column of the error, lstmcalc's message, torch's own words).
REFUSED: list[tuple[str, str, str, str]] = [
    (
        "nn.Linear(4, 4)\n        self.body = [nn.Linear(4, 4)]",
        "10:21",
        "torch refuses this: \"cannot assign 'list' as child module 'body' (torch.nn.Module or None expected)\"",
        "cannot assign 'list' as child module 'body' (torch.nn.Module or None expected)",
    ),
    (
        "nn.Sequential([nn.Linear(4, 4) for _ in range(2)])",
        "9:35",
        'torch refuses this: nn.Sequential takes modules one by one ("list is not a Module subclass"); '
        "spread the list: nn.Sequential(*[nn.Linear(4, 4) for _ in range(2)])",
        "list is not a Module subclass",
    ),
    (
        "nn.Sequential((nn.Linear(4, 4), nn.ReLU()))",
        "9:35",
        'torch refuses this: nn.Sequential takes modules one by one ("tuple is not a Module subclass"); '
        "spread the tuple: nn.Sequential(*(nn.Linear(4, 4), nn.ReLU()))",
        "tuple is not a Module subclass",
    ),
    (
        "nn.ModuleList(nn.Linear(4, 4))",
        "9:35",
        "torch refuses this: nn.ModuleList takes an iterable of modules, not one module "
        '("ModuleList.extend should be called with an iterable, but got Linear"); '
        "write nn.ModuleList([nn.Linear(4, 4)])",
        "ModuleList.extend should be called with an iterable, but got Linear",
    ),
    (
        "nn.ModuleList(nn.Linear(4, 4), nn.ReLU())",
        "9:21",
        'torch refuses this: nn.ModuleList takes one iterable of modules ("ModuleList.__init__() takes from 1 '
        'to 2 positional arguments"); write nn.ModuleList([a, b])',
        "ModuleList.__init__() takes from 1 to 2 positional arguments",
    ),
    (
        "nn.ModuleList(nn.ModuleDict({'a': nn.Linear(4, 4)}))",
        "9:35",
        'torch refuses this: iterating an nn.ModuleDict gives its keys ("str is not a Module subclass"); '
        "write nn.ModuleList(nn.ModuleDict({'a': nn.Linear(4, 4)}).values())",
        "str is not a Module subclass",
    ),
]


def refused_code(container: str) -> str:
    """A module whose ``__init__`` makes ``container`` (line 9, column 21), held as ``self.body``."""
    return f"""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = {container}

    def forward(self, x):
        return x
"""
