"""Focused PyTorch code for more of the torch operations ``forward`` is followed through: ``topk``,
``sort``, ``argsort`` (torch's named (values, indices) tuples), ``flip``, ``roll``, ``cumsum``,
``cumprod``, ``narrow``, ``index_select``, ``gather``, ``F.pad``, ``F.one_hot``, ``F.linear``,
reductions over a list of dims and ``max(dim).values``, ``x.mT``, ``diag_embed`` and ``tensordot``.
Each case: (code, --input-shape list); :data:`EXPECTED` is what real torch 2.13 gives
(``run_in_torch``; tests/oracle/test_torch_code_oracle.py checks it still does).
"""

from __future__ import annotations

from typing import Any

FORWARD_MORE_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # topk and sort as functions and methods, unpacked, by .values / .indices and by position;
    # topk's largest/sorted and sort's descending changing no shape; argsort one tensor.
    "topk_sort_argsort": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.top = nn.Linear(2, 3)
        self.steps = nn.Linear(3, 2)
        self.ranked = nn.Linear(6, 1)
        self.order = nn.Identity()

    def forward(self, x):
        out, _ = self.lstm(x)
        values, indices = out.topk(2, dim=-1)
        chosen = torch.topk(out, k=3, dim=1, largest=False, sorted=False).values
        ranked = torch.sort(out, dim=1, descending=True)
        last = out.sort(-1)[0]
        order = self.order(torch.argsort(out, dim=1) + indices.sum(-1, keepdim=True))
        mixed = self.steps(chosen.transpose(1, 2)) + self.top(values).sum(1, keepdim=True).mean(-1, keepdim=True)
        return self.ranked(ranked.values + last + ranked.indices), mixed, order

model = Model()
""",
        [[3, 5, 4]],
    ),
    # Shape-keeping reorderings: flip (a tuple, a list, a method's dims one by one), roll (flattened,
    # one dim, shifts and dims as tuples), cumsum and cumprod as functions and methods.
    "flip_roll_cumulative": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 5, batch_first=True)
        self.fc = nn.Linear(5, 2)

    def forward(self, x):
        out, _ = self.gru(torch.flip(x, (1,)))
        out = torch.flip(out, [0, -1]) + out.flip(1, 2) + out.flip(dims=(2,))
        out = torch.roll(out, 1) + torch.roll(out, shifts=(1, -2), dims=(1, 2)) + out.roll(2, dims=-1)
        out = torch.cumsum(out, 1) + out.cumsum(dim=-1) + torch.cumprod(out, dim=0) + out.cumprod(2)
        return self.fc(out)

model = Model()
""",
        [[2, 6, 4]],
    ),
    # Selecting along a dim: narrow (from the end too), index_select with a literal index and an
    # arange, gather with an index of fewer positions than the input (argmax with keepdim).
    "narrow_index_select_gather": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.window = nn.Linear(6, 2)
        self.picked = nn.Linear(3, 2)
        self.gathered = nn.Identity()

    def forward(self, x):
        out, _ = self.lstm(x)
        window = torch.narrow(out, 1, 1, 3) + out.narrow(1, -3, 3)
        window = window + torch.index_select(out, 1, torch.arange(out.size(1) - 2))
        picked = out.index_select(2, torch.tensor([0, 2, 5]))
        best = out.argmax(dim=-1, keepdim=True)
        gathered = torch.gather(out, 2, best) + out.gather(2, best[:, :2].expand(-1, -1, 6)).sum(1, keepdim=True)
        return self.window(window), self.picked(picked), self.gathered(gathered)

model = Model()
""",
        [[3, 5, 4]],
    ),
    # F.pad in constant mode (one pair, two pairs with a value, a negative pair that cuts), reflect
    # and replicate; F.one_hot of class indices with num_classes; F.linear with a model's own
    # weight and bias and with another module's weight (tied).
    "pad_one_hot_linear": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F

class Model(nn.Module):
    def __init__(self, classes=6):
        super().__init__()
        self.classes = classes
        self.conv = nn.Conv1d(4, 6, 3)
        self.weight = nn.Parameter(torch.randn(3, 6))
        self.bias = nn.Parameter(torch.zeros(3))
        self.embed = nn.Linear(classes, 6)
        self.padded = nn.Identity()

    def forward(self, x):
        h = self.conv(F.pad(x, (1, 1)))
        wide = F.pad(h, (2, 0, 1, 1), mode="constant", value=0.5) + F.pad(h, [1, 1, 1, 1], "replicate")
        cut = F.pad(h, (-1, -1)) + F.pad(h, pad=(1, 1), mode="reflect")[:, :, 2:-2]
        labels = F.one_hot(h.argmax(dim=1), num_classes=self.classes).float()
        mixed = F.linear(h.transpose(1, 2), self.weight, self.bias) + F.linear(self.embed(labels), self.weight)
        tied = F.linear(labels, self.embed.weight)
        return self.padded(wide), cut, mixed, tied

model = Model()
""",
        [[2, 4, 7]],
    ),
    # Reductions over a list of dims (mean, sum, amax, var), one dim with unbiased before keepdim
    # (std, var), norm's p before dim, and max/min with a dim as torch's named tuple: .values,
    # .indices, by position, unpacked.
    "reductions_lists_and_named_pairs": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)
        self.steps = nn.Linear(5, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        pooled = torch.mean(out, dim=[1]) + out.sum([1]) + out.amax(dim=(1,), keepdim=True).squeeze(1)
        pooled = pooled + torch.var(out, [1], True) + out.max(dim=1, keepdim=True).values[:, 0]
        pooled = pooled + torch.max(out, dim=1)[0] + out.min(1).indices.float() + torch.std(out, 1, True)
        peak, where = torch.max(out, -1)
        spread = out.std(-1, True, True).squeeze(-1) + peak + where + out.norm(2, -1) + torch.norm(out, dim=[-1])
        return self.fc(pooled), self.steps(spread + out.norm(2) + out.sum([0, 1, 2]))

model = Model()
""",
        [[3, 5, 4]],
    ),
    # x.mT on a batch of matrices, x.T on a matrix, diag_embed (default, with an offset and dims),
    # tensordot with dims as an int and as two lists.
    "transpose_diag_embed_tensordot": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 6, batch_first=True)
        self.proj = nn.Parameter(torch.randn(6, 3))
        self.mix = nn.Parameter(torch.randn(5, 6, 2))
        self.fc = nn.Linear(5, 2)
        self.square = nn.Identity()
        self.shifted = nn.Identity()

    def forward(self, x):
        out, h = self.gru(x)
        turned = self.fc(out.mT).mT + h[0].T.mean(-1)
        square = self.square(torch.diag_embed(out))
        shifted = self.shifted(torch.diag_embed(out, offset=-1, dim1=0, dim2=2))
        projected = torch.tensordot(out, self.proj, dims=1)
        mixed = torch.tensordot(out, self.mix, dims=([1, 2], [0, 1]))
        return turned, square, shifted, projected, mixed

model = Model()
""",
        [[3, 5, 4]],
    ),
    # A size tuple sliced (x.new_ones(x.shape[:2]), x.reshape(*x.shape[:2], -1)) and squeeze of a tuple of
    # dims, which torch 2 takes (found by a probe: the first was refused as 1-D, the second raised TypeError).
    "shape_slices_and_squeeze_of_dims": (
        """import torch
import torch.nn as nn

class MaskedPool(nn.Module):
    def __init__(self):
        super().__init__()
        self.gate = nn.Linear(1, 2)
        self.rnn = nn.GRU(4, 6, batch_first=True)
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        mask = x.new_ones(x.shape[:2])
        gates = self.gate(mask.unsqueeze(-1))
        out, _ = self.rnn(x.reshape(*x.shape[:2], -1))
        last = out[:, -1:, :].unsqueeze(0)
        return self.fc(last.squeeze((0, 1))), gates

model = MaskedPool()
""",
        [[2, 5, 4]],
    ),
    # A module chosen by a conditional expression given straight to append(), and assigned (found by a probe:
    # the first was refused as 'cannot tell which module this is').
    "modules_chosen_by_conditional_expressions": (
        """import torch.nn as nn

class Projections(nn.Module):
    def __init__(self, sizes=(4, 8), activation="relu"):
        super().__init__()
        self.projs = nn.ModuleList()
        for h in sizes:
            self.projs.append(nn.Linear(4, h) if h != 4 else nn.Identity())
        self.act = nn.ReLU() if activation == "relu" else nn.Tanh()

    def forward(self, x):
        return [self.act(p(x)) for p in self.projs]

model = Projections()
""",
        [[2, 4]],
    ),
}

EXPECTED: dict[str, dict[str, Any]] = {
    "topk_sort_argsort": {
        "state_dict": {
            "lstm.weight_ih_l0": (24, 4),
            "lstm.weight_hh_l0": (24, 6),
            "lstm.bias_ih_l0": (24,),
            "lstm.bias_hh_l0": (24,),
            "top.weight": (3, 2),
            "top.bias": (3,),
            "steps.weight": (2, 3),
            "steps.bias": (2,),
            "ranked.weight": (1, 6),
            "ranked.bias": (1,),
        },
        "params": 312,
        "trainable": 312,
        "calls": [
            ("", 0, ((3, 5, 1), (3, 6, 2), (3, 5, 6))),
            ("lstm", 1, ((3, 5, 6), (1, 3, 6), (1, 3, 6))),
            ("order", 1, ((3, 5, 6),)),
            ("steps", 1, ((3, 6, 2),)),
            ("top", 1, ((3, 5, 3),)),
            ("ranked", 1, ((3, 5, 1),)),
        ],
        "call_inputs": [((3, 5, 4),), ((3, 5, 4),), ((3, 5, 6),), ((3, 6, 3),), ((3, 5, 2),), ((3, 5, 6),)],
    },
    "flip_roll_cumulative": {
        "state_dict": {
            "gru.weight_ih_l0": (15, 4),
            "gru.weight_hh_l0": (15, 5),
            "gru.bias_ih_l0": (15,),
            "gru.bias_hh_l0": (15,),
            "fc.weight": (2, 5),
            "fc.bias": (2,),
        },
        "params": 177,
        "trainable": 177,
        "calls": [("", 0, ((2, 6, 2),)), ("gru", 1, ((2, 6, 5), (1, 2, 5))), ("fc", 1, ((2, 6, 2),))],
        "call_inputs": [((2, 6, 4),), ((2, 6, 4),), ((2, 6, 5),)],
    },
    "narrow_index_select_gather": {
        "state_dict": {
            "lstm.weight_ih_l0": (24, 4),
            "lstm.weight_hh_l0": (24, 6),
            "lstm.bias_ih_l0": (24,),
            "lstm.bias_hh_l0": (24,),
            "window.weight": (2, 6),
            "window.bias": (2,),
            "picked.weight": (2, 3),
            "picked.bias": (2,),
        },
        "params": 310,
        "trainable": 310,
        "calls": [
            ("", 0, ((3, 3, 2), (3, 5, 2), (3, 5, 6))),
            ("lstm", 1, ((3, 5, 6), (1, 3, 6), (1, 3, 6))),
            ("window", 1, ((3, 3, 2),)),
            ("picked", 1, ((3, 5, 2),)),
            ("gathered", 1, ((3, 5, 6),)),
        ],
        "call_inputs": [((3, 5, 4),), ((3, 5, 4),), ((3, 3, 6),), ((3, 5, 3),), ((3, 5, 6),)],
    },
    "pad_one_hot_linear": {
        "state_dict": {
            "weight": (3, 6),
            "bias": (3,),
            "conv.weight": (6, 4, 3),
            "conv.bias": (6,),
            "embed.weight": (6, 6),
            "embed.bias": (6,),
        },
        "params": 141,
        "trainable": 141,
        "calls": [
            ("", 0, ((2, 8, 9), (2, 6, 5), (2, 7, 3), (2, 7, 6))),
            ("conv", 1, ((2, 6, 7),)),
            ("embed", 1, ((2, 7, 6),)),
            ("padded", 1, ((2, 8, 9),)),
        ],
        "call_inputs": [((2, 4, 7),), ((2, 4, 9),), ((2, 7, 6),), ((2, 8, 9),)],
    },
    "reductions_lists_and_named_pairs": {
        "state_dict": {
            "lstm.weight_ih_l0": (24, 4),
            "lstm.weight_hh_l0": (24, 6),
            "lstm.bias_ih_l0": (24,),
            "lstm.bias_hh_l0": (24,),
            "fc.weight": (2, 6),
            "fc.bias": (2,),
            "steps.weight": (2, 5),
            "steps.bias": (2,),
        },
        "params": 314,
        "trainable": 314,
        "calls": [
            ("", 0, ((3, 2), (3, 2))),
            ("lstm", 1, ((3, 5, 6), (1, 3, 6), (1, 3, 6))),
            ("fc", 1, ((3, 2),)),
            ("steps", 1, ((3, 2),)),
        ],
        "call_inputs": [((3, 5, 4),), ((3, 5, 4),), ((3, 6),), ((3, 5),)],
    },
    "transpose_diag_embed_tensordot": {
        "state_dict": {
            "proj": (6, 3),
            "mix": (5, 6, 2),
            "gru.weight_ih_l0": (18, 4),
            "gru.weight_hh_l0": (18, 6),
            "gru.bias_ih_l0": (18,),
            "gru.bias_hh_l0": (18,),
            "fc.weight": (2, 5),
            "fc.bias": (2,),
        },
        "params": 306,
        "trainable": 306,
        "calls": [
            ("", 0, ((3, 2, 6), (3, 5, 6, 6), (7, 3, 7, 5), (3, 5, 3), (3, 2))),
            ("gru", 1, ((3, 5, 6), (1, 3, 6))),
            ("fc", 1, ((3, 6, 2),)),
            ("square", 1, ((3, 5, 6, 6),)),
            ("shifted", 1, ((7, 3, 7, 5),)),
        ],
        "call_inputs": [((3, 5, 4),), ((3, 5, 4),), ((3, 6, 5),), ((3, 5, 6, 6),), ((7, 3, 7, 5),)],
    },
    "shape_slices_and_squeeze_of_dims": {
        "state_dict": {
            "gate.weight": (2, 1),
            "gate.bias": (2,),
            "rnn.weight_ih_l0": (18, 4),
            "rnn.weight_hh_l0": (18, 6),
            "rnn.bias_ih_l0": (18,),
            "rnn.bias_hh_l0": (18,),
            "fc.weight": (3, 6),
            "fc.bias": (3,),
        },
        "params": 241,
        "trainable": 241,
        "calls": [
            ("", 0, ((2, 1, 3), (2, 5, 2))),
            ("gate", 1, ((2, 5, 2),)),
            ("rnn", 1, ((2, 5, 6), (1, 2, 6))),
            ("fc", 1, ((2, 1, 3),)),
        ],
        "call_inputs": [((2, 5, 4),), ((2, 5, 1),), ((2, 5, 4),), ((2, 1, 6),)],
    },
    "modules_chosen_by_conditional_expressions": {
        "state_dict": {"projs.1.weight": (8, 4), "projs.1.bias": (8,)},
        "params": 40,
        "trainable": 40,
        "calls": [
            ("", 0, ((2, 4), (2, 8))),
            ("projs.0", 2, ((2, 4),)),
            ("act", 1, ((2, 4),)),
            ("projs.1", 2, ((2, 8),)),
            ("act", 1, ((2, 8),)),
        ],
        "call_inputs": [((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),), ((2, 8),)],
    },
}
