"""Focused PyTorch code for the rules ``forward`` is followed by (beyond tests/torch_code_cases.py):
the torch-only kinds' shapes from their layer classes, devices and dtypes, ``self.x`` made by a
method in ``__init__``, plain Python (the file's functions, ``x.item()``, lists, ``math``, ``sum()``),
comparisons, element-wise functions and ``torch.einsum`` (:data:`EINSUM_CASES` for its shape rule
alone). Each case: (code, --input-shape list); :data:`EXPECTED` is what real torch
2.13 gives (``run_in_torch``; tests/oracle/test_torch_code_oracle.py checks it still does).
"""

from __future__ import annotations

from typing import Any

FORWARD_OPS_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # The torch-only kinds whose shapes their layer classes give: MaxPool1d with padding and
    # ceil_mode, AvgPool1d, AdaptiveMaxPool1d's (values, indices), AdaptiveAvgPool1d, Flatten
    # (default and (0, 1)) and Unflatten with an inferred size.
    "pools_flatten_unflatten": (
        """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(3, 8, 3)
        self.max_pool = nn.MaxPool1d(3, stride=2, padding=1, ceil_mode=True)
        self.avg_pool = nn.AvgPool1d(2)
        self.adaptive_max = nn.AdaptiveMaxPool1d(4, return_indices=True)
        self.adaptive_avg = nn.AdaptiveAvgPool1d(2)
        self.flatten = nn.Flatten()
        self.unflatten = nn.Unflatten(1, (4, -1))
        self.merge = nn.Flatten(0, 1)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        x = self.avg_pool(self.max_pool(self.conv(x)))
        x, indices = self.adaptive_max(x)
        x = self.flatten(self.adaptive_avg(x))
        return self.fc(self.merge(self.unflatten(x)))

model = Model()
""",
        [[2, 3, 17]],
    ),
    # Devices and dtypes change no shape: a module-level torch.device, x.device, x.dtype,
    # torch.float32, .to(device).
    "devices_and_dtypes": (
        """
import torch
import torch.nn as nn

device = torch.device("cpu")

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 5, num_layers=2)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        h0 = torch.zeros(2, x.size(1), 5, device=x.device, dtype=x.dtype)
        c0 = torch.randn(2, x.size(1), 5, dtype=torch.float32).to(device)
        out, (h, c) = self.lstm(x, (h0, c0))
        return self.fc(h[-1])

model = Model()
""",
        [[7, 3, 4]],
    ),
    # A state __init__ makes once with its own method (self.state = self.initial_state()),
    # read by forward, which replaces it.
    "state_made_by_a_method_in_init": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self, hidden=6):
        super().__init__()
        self.hidden = hidden
        self.gru = nn.GRU(4, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 2)
        self.state = self.initial_state()

    def initial_state(self):
        return torch.zeros(1, 3, self.hidden)

    def forward(self, x):
        out, self.state = self.gru(x, self.state)
        return self.fc(out[:, -1])

model = Model()
""",
        [[3, 5, 4]],
    ),
    # Viterbi decoding in plain Python: torch.full, the rows of a tensor in a for loop, a function of
    # the file returning .item(), lists indexed by that number, reversed, pop and reverse, math.sqrt.
    "viterbi_in_python": (
        """
import math

import torch
import torch.nn as nn

def best_index(scores):
    _, index = torch.max(scores, 1)
    return index.item()

class Model(nn.Module):
    def __init__(self, tags=4):
        super().__init__()
        self.tags = tags
        self.emit = nn.Linear(6, tags)
        self.transitions = nn.Parameter(torch.randn(tags, tags))
        self.score = nn.Linear(1, 3)

    def decode(self, features):
        backpointers = []
        forward_var = torch.full((1, self.tags), -10000.0)
        forward_var[0][0] = 0
        for feature in features:
            pointers = []
            scores = []
            for tag in range(self.tags):
                tag_var = forward_var + self.transitions[tag]
                best = best_index(tag_var)
                pointers.append(best)
                scores.append(tag_var[0][best].view(1))
            forward_var = (torch.cat(scores) + feature).view(1, -1)
            backpointers.append(pointers)
        best = best_index(forward_var)
        path = [best]
        for pointers in reversed(backpointers):
            best = pointers[best]
            path.append(best)
        path.pop()
        path.reverse()
        return forward_var[0][best], path

    def forward(self, x):
        features = self.emit(x) * math.sqrt(self.tags)
        score, path = self.decode(features)
        return self.score(score.view(1, 1)), path

model = Model()
""",
        [[5, 6]],
    ),
    # A causal mask from comparisons of tensors (torch.triu(...) == 1), float('-inf'), masked_fill.
    "causal_mask_compared": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 5)
        self.out = nn.Linear(5, 2)

    def forward(self, x):
        size = x.size(1)
        allowed = (torch.triu(torch.ones(size, size)) == 1).transpose(0, 1)
        mask = allowed.float().masked_fill(allowed == 0, float("-inf"))
        return self.out(torch.softmax(self.fc(x) + mask, dim=-1))

model = Model()
""",
        [[2, 5, 5]],
    ),
    # Attention written with torch.einsum: explicit outputs, spaces, the operands as one list, an
    # ellipsis, a size-1 axis that broadcasts, and a scale from 2 ** 3 (a power of numbers).
    "einsum_attention": (
        """
import math
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self, dim=8, heads=2):
        super().__init__()
        self.heads = heads
        self.lstm = nn.LSTM(4, dim, batch_first=True)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.bias = nn.Parameter(torch.zeros(1, heads, 1, 1))
        self.proj = nn.Parameter(torch.randn(dim, 3))
        self.out = nn.Linear(3, 2)

    def forward(self, x):
        h, _ = self.lstm(x)
        b, t, d = h.shape
        q, k, v = self.qkv(h).chunk(3, dim=-1)
        q = q.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        k = k.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        v = v.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        scores = torch.einsum("bhid, bhjd -> bhij", q, k) / math.sqrt(2 ** 3) + self.bias
        weights = torch.softmax(scores, dim=-1)
        context = torch.einsum("bhij,bhjd->bhid", [weights, v]).transpose(1, 2).reshape(b, t, d)
        pooled = torch.einsum("btd->bd", context)
        return self.out(torch.einsum("...d,de->...e", pooled, self.proj))

model = Model()
""",
        [[3, 5, 4]],
    ),
    # An ensemble's heads summed with the builtin sum() over a generator, divided by len() of
    # their nn.ModuleList; sum() of a list with a start tensor that broadcasts.
    "sum_over_heads": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self, hidden=6, heads=3):
        super().__init__()
        self.gru = nn.GRU(4, hidden, batch_first=True)
        self.heads = nn.ModuleList([nn.Linear(hidden, 2) for _ in range(heads)])
        self.gates = nn.ModuleList(nn.Linear(hidden, 1) for _ in range(2))

    def forward(self, x):
        out, _ = self.gru(x)
        last = out[:, -1]
        mean = sum(head(last) for head in self.heads) / len(self.heads)
        gate = sum([gate(out) for gate in self.gates], torch.zeros(1, 1, 2))
        return mean.unsqueeze(1) * gate

model = Model()
""",
        [[3, 5, 4]],
    ),
    # Element-wise functions beyond arithmetic: torch.where whose condition broadcasts the result
    # wider than either value, x.where(condition, 0.0), comparisons and logic as methods and
    # functions (x.ne(0), torch.logical_and), pow, and shape-keeping functions (isnan, clamp_min,
    # nan_to_num, an in-place relu_).
    "where_and_masks": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F

class Model(nn.Module):
    def __init__(self, hidden=5):
        super().__init__()
        self.lstm = nn.LSTM(4, hidden, batch_first=True)
        self.score = nn.Linear(hidden, 1)
        self.mix = nn.Linear(hidden, hidden)
        self.fc = nn.Linear(hidden, 3)

    def forward(self, x):
        out, _ = self.lstm(x)
        present = x.abs().sum(-1).ne(0)
        keep = torch.logical_and(present.unsqueeze(-1), out.gt(0))
        scores = torch.where(keep, self.score(out), torch.tensor(0.0))
        scores = scores.where(~torch.isnan(scores), 0.0).clamp_min(-10.0)
        energy = torch.pow(out, 2) + F.softsign(out).relu_()
        weights = self.mix(torch.softmax(torch.nan_to_num(scores), dim=1))
        return self.fc((weights * energy).sum(dim=1))

model = Model()
""",
        [[3, 5, 4]],
    ),
    # What forward reads of a submodule: a torch.nn module's constructor arguments (num_layers,
    # bidirectional, hidden_size), a value the user's module sets in __init__ (classes), a
    # parameter (fc.weight); a head made by module-level code and given to the model; a coin from
    # random.random() choosing between two tensors of one shape.
    "submodule_values": (
        """
import random

import torch
import torch.nn as nn

class Head(nn.Module):
    def __init__(self, hidden, classes):
        super().__init__()
        self.classes = classes
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.fc(x)

class Model(nn.Module):
    def __init__(self, head):
        super().__init__()
        self.gru = nn.GRU(4, 6, num_layers=2, bidirectional=True)
        self.head = head

    def forward(self, x):
        directions = 2 if self.gru.bidirectional else 1
        h0 = torch.zeros(self.gru.num_layers * directions, x.size(1), self.gru.hidden_size)
        out, h = self.gru(x, h0)
        scores = torch.zeros(x.size(1), self.head.classes)
        keep = out[-1] if random.random() < 0.5 else torch.zeros_like(out[-1])
        logits = self.head(keep[:, : self.gru.hidden_size])
        return scores + logits + keep[:, 6:] @ self.head.fc.weight.t()

head = Head(6, 3)
model = Model(head)
""",
        [[5, 3, 4]],
    ),
    # torch.nn.utils.weight_norm, as locuslab/TCN uses it and in its other forms: a parameter
    # replaced by name_g (its norm along dim; a scalar for dim=None) and name_v, registered after
    # the module's others; the module changed in place, so a statement changes it too.
    "weight_norm_forms": (
        """
import torch.nn as nn
from torch.nn.utils import weight_norm

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = weight_norm(nn.Conv1d(4, 6, 3, padding=1))
        self.lstm = nn.utils.weight_norm(nn.LSTM(6, 5, batch_first=True), name="weight_hh_l0")
        self.whole = weight_norm(nn.Linear(5, 3), dim=None)
        self.last = nn.Linear(3, 2)
        weight_norm(self.last, dim=1)

    def forward(self, x):
        y = self.conv(x.transpose(1, 2)).transpose(1, 2)
        out, _ = self.lstm(y)
        return self.last(self.whole(out[:, -1]))

model = Model()
""",
        [[2, 7, 4]],
    ),
    # A GPT's idioms (after karpathy/nanoGPT's model.py): a dataclass configuration (defaults,
    # field(default=...), arguments), an nn.ModuleDict(dict(...)), a norm whose bias parameter a
    # conditional expression makes, positions from torch.arange, split/view/transpose heads,
    # torch.nn.functional.scaled_dot_product_attention, and the last step kept by a list index.
    "gpt_idioms": (
        """
from dataclasses import dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F

@dataclass
class Config:
    vocab: int = 50
    width: int = 8
    heads: int = 2
    depth: int = field(default=2)
    bias: bool = False

class Norm(nn.Module):
    def __init__(self, width, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)

class Model(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.parts = nn.ModuleDict(
            dict(
                tokens=nn.Embedding(config.vocab, config.width),
                norm=Norm(config.width, True),
                thin=Norm(config.width, config.bias),
            )
        )
        self.qkv = nn.Linear(config.width, 3 * config.width)
        self.head = nn.Linear(config.width, config.vocab, bias=config.bias)

    def forward(self, idx):
        b, t = idx.size()
        pos = torch.arange(0, t, dtype=torch.long, device=idx.device)
        x = self.parts.tokens(idx) + self.parts.tokens(pos)
        q, k, v = self.qkv(self.parts.norm(x)).split(self.config.width, dim=2)
        q = q.view(b, t, self.config.heads, -1).transpose(1, 2)
        k = k.view(b, t, self.config.heads, -1).transpose(1, 2)
        v = v.view(b, t, self.config.heads, -1).transpose(1, 2)
        dropout = 0.1 if self.training else 0.0
        y = torch.nn.functional.scaled_dot_product_attention(q, k, v, dropout_p=dropout, is_causal=True)
        y = self.parts.thin(y.transpose(1, 2).reshape(b, t, -1))
        return self.head(y[:, [-1], :])

model = Model(Config(vocab=40, depth=3))
""",
        [[2, 6]],
    ),
    # Conv2d over (batch, channels, height, width): Kim's TextCNN filters spanning the embedding
    # (a tuple kernel, padding for each axis), then strides and dilations for each axis, padding
    # "same" with groups, an unbatched (channels, height, width) call; and the pooling functions
    # forward calls: max_pool1d over the whole length, max_pool2d with return_indices and
    # ceil_mode, avg_pool1d, adaptive pools with a size of None (kept); the MaxPool2d and
    # AvgPool2d modules on an unbatched image.
    "conv2d_and_pooling_functions": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F

class Model(nn.Module):
    def __init__(self, sizes=(2, 3)):
        super().__init__()
        self.embed = nn.Embedding(50, 6)
        self.convs = nn.ModuleList([nn.Conv2d(1, 4, (k, 6), padding=(1, 0)) for k in sizes])
        self.strided = nn.Conv2d(1, 5, 3, stride=(2, 1), dilation=(1, 2), bias=False)
        self.same = nn.Conv2d(5, 5, (3, 1), padding="same", groups=5)
        self.pool = nn.MaxPool2d((2, 1), return_indices=True)
        self.average = nn.AvgPool2d(2, stride=1, padding=1, ceil_mode=True)
        self.fc = nn.Linear(4 * len(sizes) + 5 + 4, 3)

    def forward(self, x):
        e = self.embed(x).unsqueeze(1)
        feats = [F.relu(conv(e)).squeeze(3) for conv in self.convs]
        pooled = [F.max_pool1d(f, f.size(2)).squeeze(2) for f in feats]
        image = self.same(self.strided(e))
        windows, where = F.max_pool2d(image, (2, 2), ceil_mode=True, return_indices=True)
        summary = F.adaptive_avg_pool2d(windows, (1, None)).flatten(1)
        single = self.average(self.pool(self.same(image[0]))[0])
        averaged = F.avg_pool1d(feats[0], 3, stride=2, padding=1)
        kept = F.adaptive_max_pool1d(averaged, 1).squeeze(2)
        return self.fc(torch.cat(pooled + [summary[:, :5], kept], dim=1)), single

model = Model()
""",
        [[2, 9]],
    ),
    # The activation modules with arguments, whose layer classes give their shapes (GLU halving
    # channels), and the 2-D adaptive pools, batched and not, an output_size of None keeping its axis.
    "activation_modules_and_adaptive_pools_2d": (
        """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3)
        self.gate = nn.GLU(1)
        self.square = nn.AdaptiveMaxPool2d(4, return_indices=True)
        self.rows = nn.AdaptiveAvgPool2d((None, 1))
        self.acts = nn.Sequential(
            nn.ReLU(), nn.GELU("tanh"), nn.LeakyReLU(0.1), nn.ELU(0.5), nn.CELU(2.0), nn.SiLU(), nn.SELU(),
            nn.Mish(), nn.ReLU6(), nn.Hardswish(), nn.Hardsigmoid(), nn.Softplus(2), nn.Hardtanh(-2, 2),
            nn.Softshrink(0.1), nn.Hardshrink(0.1), nn.Threshold(0.1, 0.0), nn.Softmax(1), nn.LogSoftmax(-1),
            nn.Softmin(dim=0),
        )
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        x, where = self.square(self.gate(self.conv(x)))
        single = self.rows(x[0])
        x = self.rows(x).squeeze(-1)
        return self.fc(self.acts(x)), single, where

model = Model()
""",
        [[2, 3, 10, 12]],
    ),
    # Buffers __init__ makes from known tensors: nanoGPT's causal mask without flash attention,
    # torch.tril(torch.ones(n, n)).view(1, 1, n, n), and triu/tril as functions and methods with
    # view and reshape (a -1 inferred, sizes as a tuple); forward slices the mask to T.
    "causal_mask_buffers": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F

class Model(nn.Module):
    def __init__(self, block_size=8, width=6):
        super().__init__()
        self.qkv = nn.Linear(width, 3 * width)
        mask = torch.tril(torch.ones(block_size, block_size))
        self.register_buffer("bias", mask.view(1, 1, block_size, block_size))
        self.register_buffer("upper", torch.triu(torch.ones(block_size, block_size), 1).reshape(-1, block_size))
        self.register_buffer("flat", torch.ones(2, 3, 4).tril().view((6, -1)))
        self.proj = nn.Linear(width, width)

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.qkv(x).split(C, dim=2)
        att = q.unsqueeze(1) @ k.unsqueeze(1).transpose(-2, -1)
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
        y = F.softmax(att, dim=-1) @ v.unsqueeze(1)
        return self.proj(y.squeeze(1))

model = Model()
""",
        [[2, 5, 6]],
    ),
    # A bool in an index adds an axis as None does: of 1 for True, of 0 for False (torch selects
    # nothing), wherever it stands among ints, slices and an ellipsis.
    "bool_indices": (
        """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        a = self.fc(x[True])
        b = self.fc(x[:, True, 1:])
        c = self.fc(x[0, True])
        d = self.fc(x[..., None, :][False])
        return a, b, c, d

model = Model()
""",
        [[2, 3, 4]],
    ),
    # What __init__ registers other than by self.x = ...: a method of the class that builds modules
    # (with arguments, and another that initialises weights behind `if self.x is not None`, which
    # registers nothing and needs no answer), setattr with names made by an f-string, str.format
    # and +, getattr of them in forward, register_parameter (None registers nothing),
    # add_module on an nn.Sequential() child and register_module.
    "init_helpers_and_setattr": (
        """
import torch
import torch.nn as nn


class Highway(nn.Module):
    def __init__(self, size, layers=2, names=("left", "right")):
        super().__init__()
        self.layers = layers
        self.shortcut = None
        self._build(size)
        self._init_weights()
        self.register_parameter("scale", nn.Parameter(torch.ones(size)))
        self.register_parameter("unused", None)
        self.body = nn.Sequential()
        for name in names:
            self.body.add_module(name, nn.Linear(size, size))
        self.register_module("head", nn.Linear(size, 3))
        setattr(self, "out_" + names[0], nn.Linear(3, 2))

    def _build(self, size):
        for i in range(self.layers):
            setattr(self, f"linear{i}", nn.Sequential(nn.Linear(size, size), nn.ReLU()))
            setattr(self, "gate{}".format(i), nn.Sequential(nn.Linear(size, size), nn.Sigmoid()))

    def _init_weights(self):
        if self.shortcut is not None:
            nn.init.zeros_(self.shortcut.weight)
        for i in range(self.layers):
            nn.init.xavier_uniform_(getattr(self, f"linear{i}")[0].weight)

    def forward(self, x):
        for i in range(self.layers):
            h = getattr(self, f"linear{i}")(x)
            g = getattr(self, "gate{}".format(i))(x)
            x = g * h + (1 - g) * x
        return self.out_left(self.head(self.body(x * self.scale)))


model = Highway(6)
""",
        [[2, 6]],
    ),
    # Methods of the class that return what __init__ keeps: a number (self._hidden_size(2)), a module
    # made of a local one (self._make_stem()), a module chosen by an if on the argument
    # (self._block(i)) in a comprehension, appended in a loop and spread into nn.Sequential, and a
    # list of modules given to nn.ModuleList.
    "methods_returning_modules": (
        """
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.fc = nn.Linear(size, size)

    def forward(self, x):
        return self.fc(x).relu()


class Net(nn.Module):
    def __init__(self, size=6, depth=3):
        super().__init__()
        self.size = size
        self.hidden = self._hidden_size(2)
        self.stem = self._make_stem()
        self.blocks = nn.ModuleList([self._block(i) for i in range(depth)])
        layers = []
        for i in range(2):
            layers.append(self._block(i))
        self.tail = nn.Sequential(*layers, self._make_head())
        pair = self._pair()
        self.extra = nn.ModuleList(pair)

    def _hidden_size(self, factor):
        return self.size * factor

    def _make_stem(self):
        layer = nn.Linear(self.size, self.hidden)
        return nn.Sequential(layer, nn.ReLU(), nn.Linear(self.hidden, self.size))

    def _block(self, i):
        if i == 0:
            return Block(self.size)
        return nn.Sequential(Block(self.size), nn.Dropout(0.1))

    def _make_head(self):
        return nn.Linear(self.size, 2)

    def _pair(self):
        return [nn.Linear(2, 2), nn.Linear(2, 2)]

    def forward(self, x):
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        return self.tail(x)


model = Net()
""",
        [[2, 6]],
    ),
    # nn.Embedding.from_pretrained: the tensor's (rows, columns), made at module level and given as a
    # default or made in the call, frozen by default, freeze=False and padding_idx given through; the
    # constructor's own _weight and _freeze, which from_pretrained passes.
    "embedding_from_pretrained": (
        """
import torch
import torch.nn as nn

vectors = torch.randn(50, 8)


class Net(nn.Module):
    def __init__(self, pretrained=vectors, freeze_embeddings=False):
        super().__init__()
        self.words = nn.Embedding.from_pretrained(pretrained, freeze=freeze_embeddings, padding_idx=0)
        self.chars = nn.Embedding.from_pretrained(torch.zeros(20, 4))
        self.tags = nn.Embedding(10, 3, _weight=torch.zeros(10, 3), _freeze=True)
        self.lstm = nn.LSTM(12, 6, batch_first=True)

    def forward(self, words, chars):
        return self.lstm(torch.cat((self.words(words), self.chars(chars)), 2))[0]


model = Net()
""",
        [[2, 5], [2, 5]],
    ),
    # The Annotated Transformer's clones(): a function of the file returning an nn.ModuleList of
    # copy.deepcopy copies, each a module of its own; two modules made by one unpacking assignment;
    # parameters made by filling a tensor of known sizes (uniform_, nn.init.xavier_uniform_,
    # nn.init.normal_ with keywords) or scaling one (torch.randn(2, 2) * 0.01).
    "clones_unpacking_and_filled_parameters": (
        """
import copy

import torch
import torch.nn as nn


def clones(module, N):
    return nn.ModuleList([copy.deepcopy(module) for _ in range(N)])


class Net(nn.Module):
    def __init__(self, size=6):
        super().__init__()
        self.emb = nn.Embedding(10, size)
        self.emb.weight = nn.Parameter(nn.init.normal_(torch.empty(10, size), std=0.1))
        self.layers = clones(nn.Linear(size, size), 3)
        self.a, self.b = nn.Linear(size, 2), nn.Linear(size, 3)
        self.w1 = nn.Parameter(torch.empty(size, 4).uniform_(-0.1, 0.1))
        self.w2 = nn.Parameter(nn.init.xavier_uniform_(torch.empty(4, 2)))
        self.w3 = nn.Parameter(torch.randn(2, 2) * 0.01)

    def forward(self, x):
        x = self.emb(x)
        for layer in self.layers:
            x = layer(x)
        return self.a(x), self.b(x), x @ self.w1 @ self.w2 @ self.w3


model = Net()
""",
        [[2, 5]],
    ),
    # add_module with names made by str(i) on an nn.Sequential() child, and on the model itself.
    "add_module_numbered": (
        """
import torch.nn as nn


class M(nn.Module):
    def __init__(self, n=3):
        super().__init__()
        self.body = nn.Sequential()
        for i in range(n):
            self.body.add_module(str(i), nn.Linear(4, 4))
        self.add_module("head", nn.Linear(4, 2))

    def forward(self, x):
        return self.head(self.body(x))


model = M()
""",
        [[2, 4]],
    ),
    # What __init__ changes after making a module: del self.extra, a Sequential's item replaced in its
    # place, a ModuleDict's new key, a child set to None (no longer the model's).
    "init_changes_to_modules": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.extra = nn.Linear(4, 4)
        self.seq = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
        self.heads = nn.ModuleDict({"a": nn.Linear(8, 2)})
        self.spare = nn.Linear(4, 4)
        del self.extra
        self.seq[0] = nn.Linear(4, 8)
        self.heads["b"] = nn.Linear(8, 3)
        self.spare = None

    def forward(self, x):
        h = self.seq(x)
        return self.heads["a"](h), self.heads["b"](h)

model = Model()
""",
        [[2, 4]],
    ),
    # del of a plain attribute in __init__: gone, so hasattr is False in forward and the mean is not
    # taken.
    "plain_attribute_deleted": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = True
        self.fc = nn.Linear(4, 4)
        self.extra = nn.Linear(4, 4)
        del self.pool
        size = 8
        del size

    def forward(self, x):
        if hasattr(self, "pool"):
            x = self.extra(x).mean(dim=1)
        return self.fc(x)

model = Model()
""",
        [[2, 3, 4]],
    ),
    # A parent's __init__ calling a method its subclass overrides (the template-method pattern): Python
    # runs the subclass's, as it looks the method up on the instance's class.
    "method_overridden_by_subclass": (
        """
import torch.nn as nn

class Base(nn.Module):
    def __init__(self, hidden=8):
        super().__init__()
        self.hidden = hidden
        self.encoder = self.make_encoder()
        self.head = nn.Linear(hidden, 2)

    def make_encoder(self):
        return nn.Linear(4, self.hidden)

    def forward(self, x):
        return self.head(self.encoder(x))

class Deep(Base):
    def __init__(self):
        Base.__init__(self, hidden=6)

    def make_encoder(self):
        return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, self.hidden))

model = Deep()
""",
        [[2, 4]],
    ),
    # A diamond: super() in Left's __init__ runs Right's (the next of Model's method resolution order,
    # not Left's parent), and forward is Right's, found before Base's.
    "diamond_of_cooperative_inits": (
        """
import torch.nn as nn

class Base(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(x)

class Left(Base):
    def __init__(self):
        super().__init__()
        self.left = nn.Linear(4, 4)

class Right(Base):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(4, 2)

    def forward(self, x):
        return self.out(self.left(self.fc(x)))

class Model(Left, Right):
    pass

model = Model()
""",
        [[2, 4]],
    ),
    # A plain mixin of the file first among the bases: the class is still an nn.Module, and
    # super().__init__() passes the mixin on to nn.LSTM's.
    "mixin_before_a_torch_base": (
        """
import torch.nn as nn

class Counting:
    def count(self):
        return sum(p.numel() for p in self.parameters())

class Encoder(Counting, nn.LSTM):
    def __init__(self):
        super().__init__(4, 6, batch_first=True)

class Tagger(Counting, nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        out, _ = self.encoder(x)
        return self.fc(out)

model = Tagger()
""",
        [[2, 5, 4]],
    ),
    # @staticmethod and @classmethod helpers, in __init__ and in forward: Python gives the first no
    # self and the second the class, so the call's first argument is the first size.
    "static_and_class_method_helpers": (
        """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = self.block(4, 8)
        self.out = self.make(8)

    @staticmethod
    def block(in_size, out_size=3):
        return nn.Linear(in_size, out_size)

    @classmethod
    def make(cls, size, out=2):
        return nn.Linear(size, out)

    @staticmethod
    def pool(x, dim=1):
        return x.mean(dim=dim)

    def forward(self, x):
        return self.out(self.fc(self.pool(x)))

model = Model()
""",
        [[2, 3, 4]],
    ),
    # A child of a child set after it was made: replaced in its place (self.enc.fc), or removed (= None).
    "child_of_a_child_set": (
        """
import torch.nn as nn
from collections import OrderedDict

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(OrderedDict([("fc", nn.Linear(4, 4)), ("act", nn.ReLU())]))
        self.heads = nn.ModuleDict({"out": nn.Linear(16, 2)})
        self.enc.fc = nn.Linear(4, 16)
        self.heads.extra = nn.Linear(2, 3)
        self.heads.extra = None

    def forward(self, x):
        return self.heads["out"](self.enc(x))

model = Model()
""",
        [[2, 4]],
    ),
    # break and continue in the loops __init__ unrolls, and a function of the file written as a lambda.
    "loops_that_break_and_lambda_makers": (
        """
import torch.nn as nn

square = lambda n: nn.Linear(n, n)

class Model(nn.Module):
    def __init__(self, sizes=(4, 6, 8, 10)):
        super().__init__()
        self.layers = nn.ModuleList()
        for i, size in enumerate(sizes):
            if i == 1:
                continue
            if size > 8:
                break
            self.layers.append(square(size))
        self.out = nn.Linear(8, 2)

    def forward(self, x):
        return self.out(x)

model = Model()
""",
        [[2, 8]],
    ),
    # Two diamonds: Z(Y, X), Y(B, C), X(B, A), B(A), C(A). Each super().__init__() runs the next of Z's
    # method resolution order (Z, Y, X, B, C, A), so the children come in the order A, C, B, Y made them.
    "double_diamond": (
        """
import torch.nn as nn

class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(1, 1)

    def forward(self, x):
        return x

class B(A):
    def __init__(self):
        super().__init__()
        self.b = nn.Linear(2, 2)

class C(A):
    def __init__(self):
        super().__init__()
        self.c = nn.Linear(3, 3)

class X(B, A):
    pass

class Y(B, C):
    def __init__(self):
        super().__init__()
        self.y = nn.Linear(4, 4)

class Z(Y, X):
    pass

model = Z()
""",
        [[2, 1]],
    ),
}

EXPECTED: dict[str, dict[str, Any]] = {
    "pools_flatten_unflatten": {
        "state_dict": {"conv.weight": (8, 3, 3), "conv.bias": (8,), "fc.weight": (2, 4), "fc.bias": (2,)},
        "params": 90,
        "trainable": 90,
        "calls": [
            ("", 0, ((8, 2),)),
            ("conv", 1, ((2, 8, 15),)),
            ("max_pool", 1, ((2, 8, 8),)),
            ("avg_pool", 1, ((2, 8, 4),)),
            ("adaptive_max", 1, ((2, 8, 4), (2, 8, 4))),
            ("adaptive_avg", 1, ((2, 8, 2),)),
            ("flatten", 1, ((2, 16),)),
            ("unflatten", 1, ((2, 4, 4),)),
            ("merge", 1, ((8, 4),)),
            ("fc", 1, ((8, 2),)),
        ],
        "call_inputs": [
            ((2, 3, 17),),
            ((2, 3, 17),),
            ((2, 8, 15),),
            ((2, 8, 8),),
            ((2, 8, 4),),
            ((2, 8, 4),),
            ((2, 8, 2),),
            ((2, 16),),
            ((2, 4, 4),),
            ((8, 4),),
        ],
    },
    "devices_and_dtypes": {
        "state_dict": {
            "lstm.weight_ih_l0": (20, 4),
            "lstm.weight_hh_l0": (20, 5),
            "lstm.bias_ih_l0": (20,),
            "lstm.bias_hh_l0": (20,),
            "lstm.weight_ih_l1": (20, 5),
            "lstm.weight_hh_l1": (20, 5),
            "lstm.bias_ih_l1": (20,),
            "lstm.bias_hh_l1": (20,),
            "fc.weight": (3, 5),
            "fc.bias": (3,),
        },
        "params": 478,
        "trainable": 478,
        "calls": [("", 0, ((3, 3),)), ("lstm", 1, ((7, 3, 5), (2, 3, 5), (2, 3, 5))), ("fc", 1, ((3, 3),))],
        "call_inputs": [((7, 3, 4),), ((7, 3, 4), (2, 3, 5), (2, 3, 5)), ((3, 5),)],
    },
    "state_made_by_a_method_in_init": {
        "state_dict": {
            "gru.weight_ih_l0": (18, 4),
            "gru.weight_hh_l0": (18, 6),
            "gru.bias_ih_l0": (18,),
            "gru.bias_hh_l0": (18,),
            "fc.weight": (2, 6),
            "fc.bias": (2,),
        },
        "params": 230,
        "trainable": 230,
        "calls": [("", 0, ((3, 2),)), ("gru", 1, ((3, 5, 6), (1, 3, 6))), ("fc", 1, ((3, 2),))],
        "call_inputs": [((3, 5, 4),), ((3, 5, 4), (1, 3, 6)), ((3, 6),)],
    },
    "viterbi_in_python": {
        "state_dict": {
            "transitions": (4, 4),
            "emit.weight": (4, 6),
            "emit.bias": (4,),
            "score.weight": (3, 1),
            "score.bias": (3,),
        },
        "params": 50,
        "trainable": 50,
        "calls": [("", 0, ((1, 3),)), ("emit", 1, ((5, 4),)), ("score", 1, ((1, 3),))],
        "call_inputs": [((5, 6),), ((5, 6),), ((1, 1),)],
    },
    "causal_mask_compared": {
        "state_dict": {"fc.weight": (5, 5), "fc.bias": (5,), "out.weight": (2, 5), "out.bias": (2,)},
        "params": 42,
        "trainable": 42,
        "calls": [("", 0, ((2, 5, 2),)), ("fc", 1, ((2, 5, 5),)), ("out", 1, ((2, 5, 2),))],
        "call_inputs": [((2, 5, 5),), ((2, 5, 5),), ((2, 5, 5),)],
    },
    "einsum_attention": {
        "state_dict": {
            "bias": (1, 2, 1, 1),
            "proj": (8, 3),
            "lstm.weight_ih_l0": (32, 4),
            "lstm.weight_hh_l0": (32, 8),
            "lstm.bias_ih_l0": (32,),
            "lstm.bias_hh_l0": (32,),
            "qkv.weight": (24, 8),
            "qkv.bias": (24,),
            "out.weight": (2, 3),
            "out.bias": (2,),
        },
        "params": 698,
        "trainable": 698,
        "calls": [
            ("", 0, ((3, 2),)),
            ("lstm", 1, ((3, 5, 8), (1, 3, 8), (1, 3, 8))),
            ("qkv", 1, ((3, 5, 24),)),
            ("out", 1, ((3, 2),)),
        ],
        "call_inputs": [((3, 5, 4),), ((3, 5, 4),), ((3, 5, 8),), ((3, 3),)],
    },
    "sum_over_heads": {
        "state_dict": {
            "gru.weight_ih_l0": (18, 4),
            "gru.weight_hh_l0": (18, 6),
            "gru.bias_ih_l0": (18,),
            "gru.bias_hh_l0": (18,),
            "heads.0.weight": (2, 6),
            "heads.0.bias": (2,),
            "heads.1.weight": (2, 6),
            "heads.1.bias": (2,),
            "heads.2.weight": (2, 6),
            "heads.2.bias": (2,),
            "gates.0.weight": (1, 6),
            "gates.0.bias": (1,),
            "gates.1.weight": (1, 6),
            "gates.1.bias": (1,),
        },
        "params": 272,
        "trainable": 272,
        "calls": [
            ("", 0, ((3, 5, 2),)),
            ("gru", 1, ((3, 5, 6), (1, 3, 6))),
            ("heads.0", 2, ((3, 2),)),
            ("heads.1", 2, ((3, 2),)),
            ("heads.2", 2, ((3, 2),)),
            ("gates.0", 2, ((3, 5, 1),)),
            ("gates.1", 2, ((3, 5, 1),)),
        ],
        "call_inputs": [((3, 5, 4),), ((3, 5, 4),), ((3, 6),), ((3, 6),), ((3, 6),), ((3, 5, 6),), ((3, 5, 6),)],
    },
    "where_and_masks": {
        "state_dict": {
            "lstm.weight_ih_l0": (20, 4),
            "lstm.weight_hh_l0": (20, 5),
            "lstm.bias_ih_l0": (20,),
            "lstm.bias_hh_l0": (20,),
            "score.weight": (1, 5),
            "score.bias": (1,),
            "mix.weight": (5, 5),
            "mix.bias": (5,),
            "fc.weight": (3, 5),
            "fc.bias": (3,),
        },
        "params": 274,
        "trainable": 274,
        "calls": [
            ("", 0, ((3, 3),)),
            ("lstm", 1, ((3, 5, 5), (1, 3, 5), (1, 3, 5))),
            ("score", 1, ((3, 5, 1),)),
            ("mix", 1, ((3, 5, 5),)),
            ("fc", 1, ((3, 3),)),
        ],
        "call_inputs": [((3, 5, 4),), ((3, 5, 4),), ((3, 5, 5),), ((3, 5, 5),), ((3, 5),)],
    },
    "submodule_values": {
        "state_dict": {
            "gru.weight_ih_l0": (18, 4),
            "gru.weight_hh_l0": (18, 6),
            "gru.bias_ih_l0": (18,),
            "gru.bias_hh_l0": (18,),
            "gru.weight_ih_l0_reverse": (18, 4),
            "gru.weight_hh_l0_reverse": (18, 6),
            "gru.bias_ih_l0_reverse": (18,),
            "gru.bias_hh_l0_reverse": (18,),
            "gru.weight_ih_l1": (18, 12),
            "gru.weight_hh_l1": (18, 6),
            "gru.bias_ih_l1": (18,),
            "gru.bias_hh_l1": (18,),
            "gru.weight_ih_l1_reverse": (18, 12),
            "gru.weight_hh_l1_reverse": (18, 6),
            "gru.bias_ih_l1_reverse": (18,),
            "gru.bias_hh_l1_reverse": (18,),
            "head.fc.weight": (3, 6),
            "head.fc.bias": (3,),
        },
        "params": 1173,
        "trainable": 1173,
        "calls": [
            ("", 0, ((3, 3),)),
            ("gru", 1, ((5, 3, 12), (4, 3, 6))),
            ("head", 1, ((3, 3),)),
            ("head.fc", 2, ((3, 3),)),
        ],
        "call_inputs": [((5, 3, 4),), ((5, 3, 4), (4, 3, 6)), ((3, 6),), ((3, 6),)],
    },
    "weight_norm_forms": {
        "state_dict": {
            "conv.bias": (6,),
            "conv.weight_g": (6, 1, 1),
            "conv.weight_v": (6, 4, 3),
            "lstm.weight_ih_l0": (20, 6),
            "lstm.bias_ih_l0": (20,),
            "lstm.bias_hh_l0": (20,),
            "lstm.weight_hh_l0_g": (20, 1),
            "lstm.weight_hh_l0_v": (20, 5),
            "whole.bias": (3,),
            "whole.weight_g": (),
            "whole.weight_v": (3, 5),
            "last.bias": (2,),
            "last.weight_g": (1, 3),
            "last.weight_v": (2, 3),
        },
        "params": 394,
        "trainable": 394,
        "calls": [
            ("", 0, ((2, 2),)),
            ("conv", 1, ((2, 6, 7),)),
            ("lstm", 1, ((2, 7, 5), (1, 2, 5), (1, 2, 5))),
            ("whole", 1, ((2, 3),)),
            ("last", 1, ((2, 2),)),
        ],
        "call_inputs": [((2, 7, 4),), ((2, 4, 7),), ((2, 7, 6),), ((2, 5),), ((2, 3),)],
    },
    "gpt_idioms": {
        "state_dict": {
            "parts.tokens.weight": (40, 8),
            "parts.norm.weight": (8,),
            "parts.norm.bias": (8,),
            "parts.thin.weight": (8,),
            "qkv.weight": (24, 8),
            "qkv.bias": (24,),
            "head.weight": (40, 8),
        },
        "params": 880,
        "trainable": 880,
        "calls": [
            ("", 0, ((2, 1, 40),)),
            ("parts.tokens", 2, ((2, 6, 8),)),
            ("parts.tokens", 2, ((6, 8),)),
            ("parts.norm", 2, ((2, 6, 8),)),
            ("qkv", 1, ((2, 6, 24),)),
            ("parts.thin", 2, ((2, 6, 8),)),
            ("head", 1, ((2, 1, 40),)),
        ],
        "call_inputs": [((2, 6),), ((2, 6),), ((6,),), ((2, 6, 8),), ((2, 6, 8),), ((2, 6, 8),), ((2, 1, 8),)],
    },
    "conv2d_and_pooling_functions": {
        "state_dict": {
            "embed.weight": (50, 6),
            "convs.0.weight": (4, 1, 2, 6),
            "convs.0.bias": (4,),
            "convs.1.weight": (4, 1, 3, 6),
            "convs.1.bias": (4,),
            "strided.weight": (5, 1, 3, 3),
            "same.weight": (5, 1, 3, 1),
            "same.bias": (5,),
            "fc.weight": (3, 17),
            "fc.bias": (3,),
        },
        "params": 547,
        "trainable": 547,
        "calls": [
            ("", 0, ((2, 3), (5, 3, 3))),
            ("embed", 1, ((2, 9, 6),)),
            ("convs.0", 2, ((2, 4, 10, 1),)),
            ("convs.1", 2, ((2, 4, 9, 1),)),
            ("strided", 1, ((2, 5, 4, 2),)),
            ("same", 1, ((2, 5, 4, 2),)),
            ("same", 1, ((5, 4, 2),)),
            ("pool", 1, ((5, 2, 2), (5, 2, 2))),
            ("average", 1, ((5, 3, 3),)),
            ("fc", 1, ((2, 3),)),
        ],
        "call_inputs": [
            ((2, 9),),
            ((2, 9),),
            ((2, 1, 9, 6),),
            ((2, 1, 9, 6),),
            ((2, 1, 9, 6),),
            ((2, 5, 4, 2),),
            ((5, 4, 2),),
            ((5, 4, 2),),
            ((5, 2, 2),),
            ((2, 17),),
        ],
    },
    "activation_modules_and_adaptive_pools_2d": {
        "state_dict": {"conv.weight": (6, 3, 3, 3), "conv.bias": (6,), "fc.weight": (2, 4), "fc.bias": (2,)},
        "params": 178,
        "trainable": 178,
        "calls": [
            ("", 0, ((2, 3, 2), (3, 4, 1), (2, 3, 4, 4))),
            ("conv", 1, ((2, 6, 8, 10),)),
            ("gate", 1, ((2, 3, 8, 10),)),
            ("square", 1, ((2, 3, 4, 4), (2, 3, 4, 4))),
            ("rows", 1, ((3, 4, 1),)),
            ("rows", 1, ((2, 3, 4, 1),)),
            ("acts", 1, ((2, 3, 4),)),
            ("acts.0", 2, ((2, 3, 4),)),
            ("acts.1", 2, ((2, 3, 4),)),
            ("acts.2", 2, ((2, 3, 4),)),
            ("acts.3", 2, ((2, 3, 4),)),
            ("acts.4", 2, ((2, 3, 4),)),
            ("acts.5", 2, ((2, 3, 4),)),
            ("acts.6", 2, ((2, 3, 4),)),
            ("acts.7", 2, ((2, 3, 4),)),
            ("acts.8", 2, ((2, 3, 4),)),
            ("acts.9", 2, ((2, 3, 4),)),
            ("acts.10", 2, ((2, 3, 4),)),
            ("acts.11", 2, ((2, 3, 4),)),
            ("acts.12", 2, ((2, 3, 4),)),
            ("acts.13", 2, ((2, 3, 4),)),
            ("acts.14", 2, ((2, 3, 4),)),
            ("acts.15", 2, ((2, 3, 4),)),
            ("acts.16", 2, ((2, 3, 4),)),
            ("acts.17", 2, ((2, 3, 4),)),
            ("acts.18", 2, ((2, 3, 4),)),
            ("fc", 1, ((2, 3, 2),)),
        ],
        "call_inputs": [
            ((2, 3, 10, 12),),
            ((2, 3, 10, 12),),
            ((2, 6, 8, 10),),
            ((2, 3, 8, 10),),
            ((3, 4, 4),),
            ((2, 3, 4, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
            ((2, 3, 4),),
        ],
    },
    "causal_mask_buffers": {
        "state_dict": {
            "bias": (1, 1, 8, 8),
            "upper": (8, 8),
            "flat": (6, 4),
            "qkv.weight": (18, 6),
            "qkv.bias": (18,),
            "proj.weight": (6, 6),
            "proj.bias": (6,),
        },
        "params": 168,
        "trainable": 168,
        "calls": [("", 0, ((2, 5, 6),)), ("qkv", 1, ((2, 5, 18),)), ("proj", 1, ((2, 5, 6),))],
        "call_inputs": [((2, 5, 6),), ((2, 5, 6),), ((2, 5, 6),)],
    },
    "bool_indices": {
        "state_dict": {"fc.weight": (2, 4), "fc.bias": (2,)},
        "params": 10,
        "trainable": 10,
        "calls": [
            ("", 0, ((1, 2, 3, 2), (2, 1, 2, 2), (1, 3, 2), (0, 2, 3, 1, 2))),
            ("fc", 1, ((1, 2, 3, 2),)),
            ("fc", 1, ((2, 1, 2, 2),)),
            ("fc", 1, ((1, 3, 2),)),
            ("fc", 1, ((0, 2, 3, 1, 2),)),
        ],
        "call_inputs": [((2, 3, 4),), ((1, 2, 3, 4),), ((2, 1, 2, 4),), ((1, 3, 4),), ((0, 2, 3, 1, 4),)],
    },
    "init_helpers_and_setattr": {
        "state_dict": {
            "scale": (6,),
            "linear0.0.weight": (6, 6),
            "linear0.0.bias": (6,),
            "gate0.0.weight": (6, 6),
            "gate0.0.bias": (6,),
            "linear1.0.weight": (6, 6),
            "linear1.0.bias": (6,),
            "gate1.0.weight": (6, 6),
            "gate1.0.bias": (6,),
            "body.left.weight": (6, 6),
            "body.left.bias": (6,),
            "body.right.weight": (6, 6),
            "body.right.bias": (6,),
            "head.weight": (3, 6),
            "head.bias": (3,),
            "out_left.weight": (2, 3),
            "out_left.bias": (2,),
        },
        "params": 287,
        "trainable": 287,
        "calls": [
            ("", 0, ((2, 2),)),
            ("linear0", 1, ((2, 6),)),
            ("linear0.0", 2, ((2, 6),)),
            ("linear0.1", 2, ((2, 6),)),
            ("gate0", 1, ((2, 6),)),
            ("gate0.0", 2, ((2, 6),)),
            ("gate0.1", 2, ((2, 6),)),
            ("linear1", 1, ((2, 6),)),
            ("linear1.0", 2, ((2, 6),)),
            ("linear1.1", 2, ((2, 6),)),
            ("gate1", 1, ((2, 6),)),
            ("gate1.0", 2, ((2, 6),)),
            ("gate1.1", 2, ((2, 6),)),
            ("body", 1, ((2, 6),)),
            ("body.left", 2, ((2, 6),)),
            ("body.right", 2, ((2, 6),)),
            ("head", 1, ((2, 3),)),
            ("out_left", 1, ((2, 2),)),
        ],
        "call_inputs": [
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 3),),
        ],
    },
    "methods_returning_modules": {
        "state_dict": {
            "stem.0.weight": (12, 6),
            "stem.0.bias": (12,),
            "stem.2.weight": (6, 12),
            "stem.2.bias": (6,),
            "blocks.0.fc.weight": (6, 6),
            "blocks.0.fc.bias": (6,),
            "blocks.1.0.fc.weight": (6, 6),
            "blocks.1.0.fc.bias": (6,),
            "blocks.2.0.fc.weight": (6, 6),
            "blocks.2.0.fc.bias": (6,),
            "tail.0.fc.weight": (6, 6),
            "tail.0.fc.bias": (6,),
            "tail.1.0.fc.weight": (6, 6),
            "tail.1.0.fc.bias": (6,),
            "tail.2.weight": (2, 6),
            "tail.2.bias": (2,),
            "extra.0.weight": (2, 2),
            "extra.0.bias": (2,),
            "extra.1.weight": (2, 2),
            "extra.1.bias": (2,),
        },
        "params": 398,
        "trainable": 398,
        "calls": [
            ("", 0, ((2, 2),)),
            ("stem", 1, ((2, 6),)),
            ("stem.0", 2, ((2, 12),)),
            ("stem.1", 2, ((2, 12),)),
            ("stem.2", 2, ((2, 6),)),
            ("blocks.0", 2, ((2, 6),)),
            ("blocks.0.fc", 3, ((2, 6),)),
            ("blocks.1", 2, ((2, 6),)),
            ("blocks.1.0", 3, ((2, 6),)),
            ("blocks.1.0.fc", 4, ((2, 6),)),
            ("blocks.1.1", 3, ((2, 6),)),
            ("blocks.2", 2, ((2, 6),)),
            ("blocks.2.0", 3, ((2, 6),)),
            ("blocks.2.0.fc", 4, ((2, 6),)),
            ("blocks.2.1", 3, ((2, 6),)),
            ("tail", 1, ((2, 2),)),
            ("tail.0", 2, ((2, 6),)),
            ("tail.0.fc", 3, ((2, 6),)),
            ("tail.1", 2, ((2, 6),)),
            ("tail.1.0", 3, ((2, 6),)),
            ("tail.1.0.fc", 4, ((2, 6),)),
            ("tail.1.1", 3, ((2, 6),)),
            ("tail.2", 2, ((2, 2),)),
        ],
        "call_inputs": [
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 12),),
            ((2, 12),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
            ((2, 6),),
        ],
    },
    "embedding_from_pretrained": {
        "state_dict": {
            "words.weight": (50, 8),
            "chars.weight": (20, 4),
            "tags.weight": (10, 3),
            "lstm.weight_ih_l0": (24, 12),
            "lstm.weight_hh_l0": (24, 6),
            "lstm.bias_ih_l0": (24,),
            "lstm.bias_hh_l0": (24,),
        },
        "params": 990,
        "trainable": 880,
        "calls": [
            ("", 0, ((2, 5, 6),)),
            ("words", 1, ((2, 5, 8),)),
            ("chars", 1, ((2, 5, 4),)),
            ("lstm", 1, ((2, 5, 6), (1, 2, 6), (1, 2, 6))),
        ],
        "call_inputs": [((2, 5), (2, 5)), ((2, 5),), ((2, 5),), ((2, 5, 12),)],
    },
    "clones_unpacking_and_filled_parameters": {
        "state_dict": {
            "w1": (6, 4),
            "w2": (4, 2),
            "w3": (2, 2),
            "emb.weight": (10, 6),
            "layers.0.weight": (6, 6),
            "layers.0.bias": (6,),
            "layers.1.weight": (6, 6),
            "layers.1.bias": (6,),
            "layers.2.weight": (6, 6),
            "layers.2.bias": (6,),
            "a.weight": (2, 6),
            "a.bias": (2,),
            "b.weight": (3, 6),
            "b.bias": (3,),
        },
        "params": 257,
        "trainable": 257,
        "calls": [
            ("", 0, ((2, 5, 2), (2, 5, 3), (2, 5, 2))),
            ("emb", 1, ((2, 5, 6),)),
            ("layers.0", 2, ((2, 5, 6),)),
            ("layers.1", 2, ((2, 5, 6),)),
            ("layers.2", 2, ((2, 5, 6),)),
            ("a", 1, ((2, 5, 2),)),
            ("b", 1, ((2, 5, 3),)),
        ],
        "call_inputs": [((2, 5),), ((2, 5),), ((2, 5, 6),), ((2, 5, 6),), ((2, 5, 6),), ((2, 5, 6),), ((2, 5, 6),)],
    },
    "add_module_numbered": {
        "state_dict": {
            "body.0.weight": (4, 4),
            "body.0.bias": (4,),
            "body.1.weight": (4, 4),
            "body.1.bias": (4,),
            "body.2.weight": (4, 4),
            "body.2.bias": (4,),
            "head.weight": (2, 4),
            "head.bias": (2,),
        },
        "params": 70,
        "trainable": 70,
        "calls": [
            ("", 0, ((2, 2),)),
            ("body", 1, ((2, 4),)),
            ("body.0", 2, ((2, 4),)),
            ("body.1", 2, ((2, 4),)),
            ("body.2", 2, ((2, 4),)),
            ("head", 1, ((2, 2),)),
        ],
        "call_inputs": [((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),)],
    },
    "init_changes_to_modules": {
        "state_dict": {
            "seq.0.weight": (8, 4),
            "seq.0.bias": (8,),
            "heads.a.weight": (2, 8),
            "heads.a.bias": (2,),
            "heads.b.weight": (3, 8),
            "heads.b.bias": (3,),
        },
        "params": 85,
        "trainable": 85,
        "calls": [
            ("", 0, ((2, 2), (2, 3))),
            ("seq", 1, ((2, 8),)),
            ("seq.0", 2, ((2, 8),)),
            ("seq.1", 2, ((2, 8),)),
            ("heads.a", 2, ((2, 2),)),
            ("heads.b", 2, ((2, 3),)),
        ],
        "call_inputs": [((2, 4),), ((2, 4),), ((2, 4),), ((2, 8),), ((2, 8),), ((2, 8),)],
    },
    "plain_attribute_deleted": {
        "state_dict": {"fc.weight": (4, 4), "fc.bias": (4,), "extra.weight": (4, 4), "extra.bias": (4,)},
        "params": 40,
        "trainable": 40,
        "calls": [("", 0, ((2, 3, 4),)), ("fc", 1, ((2, 3, 4),))],
        "call_inputs": [((2, 3, 4),), ((2, 3, 4),)],
    },
    "method_overridden_by_subclass": {
        "state_dict": {
            "encoder.0.weight": (16, 4),
            "encoder.0.bias": (16,),
            "encoder.2.weight": (6, 16),
            "encoder.2.bias": (6,),
            "head.weight": (2, 6),
            "head.bias": (2,),
        },
        "params": 196,
        "trainable": 196,
        "calls": [
            ("", 0, ((2, 2),)),
            ("encoder", 1, ((2, 6),)),
            ("encoder.0", 2, ((2, 16),)),
            ("encoder.1", 2, ((2, 16),)),
            ("encoder.2", 2, ((2, 6),)),
            ("head", 1, ((2, 2),)),
        ],
        "call_inputs": [((2, 4),), ((2, 4),), ((2, 4),), ((2, 16),), ((2, 16),), ((2, 6),)],
    },
    "diamond_of_cooperative_inits": {
        "state_dict": {
            "fc.weight": (4, 4),
            "fc.bias": (4,),
            "out.weight": (2, 4),
            "out.bias": (2,),
            "left.weight": (4, 4),
            "left.bias": (4,),
        },
        "params": 50,
        "trainable": 50,
        "calls": [("", 0, ((2, 2),)), ("fc", 1, ((2, 4),)), ("left", 1, ((2, 4),)), ("out", 1, ((2, 2),))],
        "call_inputs": [((2, 4),), ((2, 4),), ((2, 4),), ((2, 4),)],
    },
    "mixin_before_a_torch_base": {
        "state_dict": {
            "encoder.weight_ih_l0": (24, 4),
            "encoder.weight_hh_l0": (24, 6),
            "encoder.bias_ih_l0": (24,),
            "encoder.bias_hh_l0": (24,),
            "fc.weight": (3, 6),
            "fc.bias": (3,),
        },
        "params": 309,
        "trainable": 309,
        "calls": [("", 0, ((2, 5, 3),)), ("encoder", 1, ((2, 5, 6), (1, 2, 6), (1, 2, 6))), ("fc", 1, ((2, 5, 3),))],
        "call_inputs": [((2, 5, 4),), ((2, 5, 4),), ((2, 5, 6),)],
    },
    "static_and_class_method_helpers": {
        "state_dict": {"fc.weight": (8, 4), "fc.bias": (8,), "out.weight": (2, 8), "out.bias": (2,)},
        "params": 58,
        "trainable": 58,
        "calls": [("", 0, ((2, 2),)), ("fc", 1, ((2, 8),)), ("out", 1, ((2, 2),))],
        "call_inputs": [((2, 3, 4),), ((2, 4),), ((2, 8),)],
    },
    "child_of_a_child_set": {
        "state_dict": {
            "enc.fc.weight": (16, 4),
            "enc.fc.bias": (16,),
            "heads.out.weight": (2, 16),
            "heads.out.bias": (2,),
        },
        "params": 114,
        "trainable": 114,
        "calls": [
            ("", 0, ((2, 2),)),
            ("enc", 1, ((2, 16),)),
            ("enc.fc", 2, ((2, 16),)),
            ("enc.act", 2, ((2, 16),)),
            ("heads.out", 2, ((2, 2),)),
        ],
        "call_inputs": [((2, 4),), ((2, 4),), ((2, 4),), ((2, 16),), ((2, 16),)],
    },
    "loops_that_break_and_lambda_makers": {
        "state_dict": {
            "layers.0.weight": (4, 4),
            "layers.0.bias": (4,),
            "layers.1.weight": (8, 8),
            "layers.1.bias": (8,),
            "out.weight": (2, 8),
            "out.bias": (2,),
        },
        "params": 110,
        "trainable": 110,
        "calls": [("", 0, ((2, 2),)), ("out", 1, ((2, 2),))],
        "call_inputs": [((2, 8),), ((2, 8),)],
    },
    "double_diamond": {
        "state_dict": {
            "fc.weight": (1, 1),
            "fc.bias": (1,),
            "c.weight": (3, 3),
            "c.bias": (3,),
            "b.weight": (2, 2),
            "b.bias": (2,),
            "y.weight": (4, 4),
            "y.bias": (4,),
        },
        "params": 40,
        "trainable": 40,
        "calls": [("", 0, ((2, 1),))],
        "call_inputs": [((2, 1),)],
    },
}

#: torch.einsum's shape rule: (equation, operand shapes, the output's shape or the words torch
#: 2.13 refuses it with), pinned from torch (tests/oracle/test_torch_code_oracle.py).
EINSUM_CASES: list[tuple[str, list[tuple[int, ...]], tuple[int, ...] | str]] = [
    ("bij,bjd->bid", [(2, 3, 4), (2, 4, 5)], (2, 3, 5)),
    ("b i d, b j d -> b i j", [(2, 3, 4), (2, 5, 4)], (2, 3, 5)),
    ("bhid,bhjd->bhij", [(2, 1, 3, 4), (2, 6, 5, 4)], (2, 6, 3, 5)),
    ("ij,ij->ij", [(1, 3), (2, 3)], (2, 3)),
    ("i,j->ij", [(3,), (4,)], (3, 4)),
    ("bn,anm,bm->ba", [(2, 3), (5, 3, 4), (2, 4)], (2, 5)),
    # implicit output: the subscripts that occur once, in alphabetical order, capitals first
    ("ij,jk", [(2, 3), (3, 4)], (2, 4)),
    ("ba,ab", [(2, 3), (3, 2)], ()),
    ("ji", [(2, 3)], (3, 2)),
    ("aB", [(2, 3)], (3, 2)),
    ("iJ,Jk->ik", [(2, 3), (3, 4)], (2, 4)),
    # a diagonal, summed or kept
    ("ii->i", [(3, 3)], (3,)),
    ("ii", [(3, 3)], ()),
    # an ellipsis: its axes broadcast across operands, first in an implicit output, summed when
    # an explicit output leaves it out
    ("...ij,...jk->...ik", [(5, 2, 3), (3, 4)], (5, 2, 4)),
    ("...ij,...jk", [(5, 2, 3), (3, 4)], (5, 2, 4)),
    ("...,...->...", [(2, 3), (3,)], (2, 3)),
    ("i...->...", [(2, 3, 4)], (3, 4)),
    ("i...", [(2, 3, 4)], (3, 4, 2)),
    ("...ij->ij", [(4, 2, 3)], (2, 3)),
    ("ij->...ij", [(2, 3)], (2, 3)),
    ("ij->j...i", [(2, 3)], (3, 2)),
    # what torch refuses, in its words
    (
        "ij,jk",
        [(2, 3), (4, 4)],
        "subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3",
    ),
    (
        "ij",
        [(2, 3, 4)],
        "the number of subscripts in the equation (2) does not match the number of dimensions (3) for operand 0 "
        "and no ellipsis was given",
    ),
    (
        "...ijk",
        [(2, 3)],
        "the number of subscripts in the equation (3) is more than the number of dimensions (2) for operand 0",
    ),
    ("ij->k", [(2, 3)], "output subscript k does not appear in the equation for any input operand"),
    ("ij->ii", [(2, 2)], "output subscript i appears more than once in the output"),
    ("ij,jk->ik", [(2, 3)], "fewer operands were provided than specified in the equation"),
    ("ij->ij", [(2, 3), (2,)], "more operands were provided than specified in the equation"),
    ("ii->i", [(3, 1)], "subscript i is repeated for operand 0 but the sizes don't match, 1 != 3"),
    ("i.j", [(2, 3)], "found '.' for operand 0 that is not part of any ellipsis"),
    ("i...j...", [(2, 3)], "found '.' for operand 0 for which an ellipsis was already found"),
    ("1j", [(2, 3)], "invalid subscript given at index 0 in the equation string, subscripts must be in [a-zA-Z]"),
    ("ij->i,j", [(2, 3)], "invalid subscript given at index 5 in the equation string, subscripts must be in [a-zA-Z]"),
    ("ij->ij->", [(2, 2)], "invalid subscript given at index 6 in the equation string, subscripts must be in [a-zA-Z]"),
]

#: Code whose --input-shape leaves sizes unknown (None): its torchinfo table is computed for the
#: sizes torchinfo's input_size takes (batch 1, any other unknown axis 8), here a strided Conv1d
#: and a reshape that depend on the unknown steps; the oracle checks torchinfo prints that table.
UNKNOWN_SIZES_CODE = """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 3, stride=2)
        self.gru = nn.GRU(6, 5, batch_first=True)
        self.fc = nn.Linear(5, 2)

    def forward(self, x):
        y, h = self.gru(self.conv(x.transpose(1, 2)).transpose(1, 2))
        return self.fc(y).reshape(y.size(0), -1)

model = Model()
"""
UNKNOWN_SIZES_INPUT: list[list[int | None]] = [[None, None, 4]]

#: What forward reads of a torch.nn module (``self.lstm.hidden_size``): (class, positional and keyword
#: arguments, each attribute lstmcalc gives as torch 2.13 holds it, type included: an RNN's dropout
#: is a float however given). The oracle checks torch holds these.
MODULE_ATTRIBUTE_CASES: list[tuple[str, list[Any], dict[str, Any], dict[str, Any]]] = [
    (
        "LSTM",
        [4, 6],
        {},
        {
            "input_size": 4,
            "hidden_size": 6,
            "num_layers": 1,
            "bias": True,
            "batch_first": False,
            "dropout": 0.0,
            "bidirectional": False,
            "proj_size": 0,
        },
    ),
    (
        "LSTM",
        [4, 6, 2],
        {"dropout": 0, "proj_size": 3, "batch_first": True, "bidirectional": True},
        {
            "input_size": 4,
            "hidden_size": 6,
            "num_layers": 2,
            "bias": True,
            "batch_first": True,
            "dropout": 0.0,
            "bidirectional": True,
            "proj_size": 3,
        },
    ),
    (
        "GRU",
        [4, 6],
        {"bias": False},
        {
            "input_size": 4,
            "hidden_size": 6,
            "num_layers": 1,
            "bias": False,
            "batch_first": False,
            "dropout": 0.0,
            "bidirectional": False,
            "proj_size": 0,
        },
    ),
    (
        "RNN",
        [4, 6],
        {"nonlinearity": "relu"},
        {
            "input_size": 4,
            "hidden_size": 6,
            "num_layers": 1,
            "bias": True,
            "batch_first": False,
            "dropout": 0.0,
            "bidirectional": False,
            "proj_size": 0,
            "nonlinearity": "relu",
        },
    ),
    ("LSTMCell", [4, 6], {}, {"input_size": 4, "hidden_size": 6, "bias": True}),
    ("GRUCell", [4, 6], {"bias": False}, {"input_size": 4, "hidden_size": 6, "bias": False}),
    ("RNNCell", [4, 6], {}, {"input_size": 4, "hidden_size": 6, "bias": True, "nonlinearity": "tanh"}),
    ("Linear", [4, 2], {}, {"in_features": 4, "out_features": 2}),
    ("Embedding", [10, 3], {}, {"num_embeddings": 10, "embedding_dim": 3}),
    ("Conv1d", [4, 6, 3], {"groups": 2}, {"in_channels": 4, "out_channels": 6, "groups": 2}),
    ("Conv2d", [1, 6, (3, 16)], {}, {"in_channels": 1, "out_channels": 6, "groups": 1}),
    (
        "MultiheadAttention",
        [8, 2],
        {"dropout": 0.1},
        {"embed_dim": 8, "num_heads": 2, "dropout": 0.1, "batch_first": False},
    ),
    ("BatchNorm1d", [5], {}, {"num_features": 5, "eps": 1e-05, "momentum": 0.1}),
    ("Dropout", [], {}, {"p": 0.5}),
    ("Dropout", [0.25], {}, {"p": 0.25}),
]

#: torch.nn.functional's pools: (function, input shape, positional arguments after the input,
#: keywords, the output's shape; a pair with return_indices; None where torch 2.13 refuses the
#: call), pinned from torch (tests/oracle/test_torch_code_oracle.py).
POOLING_CASES: list[tuple[str, tuple[int, ...], list[Any], dict[str, Any], Any]] = [
    ("max_pool1d", (2, 8, 18), [18], {}, (2, 8, 1)),
    ("max_pool1d", (8, 18), [3], {}, (8, 6)),
    ("max_pool1d", (2, 8, 17), [3, 2, 1], {"ceil_mode": True}, (2, 8, 9)),
    ("max_pool1d", (2, 8, 10), [3], {"stride": 3, "ceil_mode": True}, (2, 8, 4)),
    ("max_pool1d", (2, 8, 10), [3, 1, 0, 2], {}, (2, 8, 6)),
    ("max_pool1d", (2, 8, 10), [4], {"return_indices": True}, ((2, 8, 2), (2, 8, 2))),
    ("max_pool1d", (2, 8, 10), [3, 1, 2], {}, None),
    ("max_pool1d", (2, 8, 2), [3], {}, None),
    ("max_pool1d", (2, 3, 8, 10), [3], {}, None),
    ("avg_pool1d", (2, 8, 11), [2], {}, (2, 8, 5)),
    ("avg_pool1d", (2, 8, 11), [3, 2, 1, True], {}, (2, 8, 6)),
    ("avg_pool1d", (2, 8, 11), [(3,)], {"stride": (2,)}, (2, 8, 5)),
    ("max_pool2d", (2, 8, 18, 1), [(18, 1)], {}, (2, 8, 1, 1)),
    ("max_pool2d", (2, 3, 9, 7), [2], {}, (2, 3, 4, 3)),
    ("max_pool2d", (3, 9, 7), [(3, 2)], {"stride": (2, 1), "padding": (1, 0)}, (3, 5, 6)),
    ("max_pool2d", (2, 3, 9, 7), [3], {"stride": 2, "ceil_mode": True, "dilation": (1, 2)}, (2, 3, 4, 2)),
    ("max_pool2d", (2, 3, 9, 7), [(3, 2), 1, (1, 2)], {}, None),
    ("avg_pool2d", (2, 3, 9, 7), [2, 2, 1], {"count_include_pad": False}, (2, 3, 5, 4)),
    ("avg_pool2d", (2, 3, 9, 7), [(4, 2)], {"ceil_mode": True}, (2, 3, 3, 4)),
    ("avg_pool2d", (2, 3), [2], {}, None),
    ("adaptive_avg_pool1d", (2, 8, 11), [1], {}, (2, 8, 1)),
    ("adaptive_max_pool1d", (2, 8, 11), [4], {"return_indices": True}, ((2, 8, 4), (2, 8, 4))),
    ("adaptive_avg_pool2d", (2, 3, 9, 7), [(1, 1)], {}, (2, 3, 1, 1)),
    ("adaptive_avg_pool2d", (2, 3, 9, 7), [(None, 2)], {}, (2, 3, 9, 2)),
    ("adaptive_max_pool2d", (3, 9, 7), [5], {}, (3, 5, 5)),
    ("adaptive_avg_pool2d", (2, 3, 9, 7), [2], {}, (2, 3, 2, 2)),
]
