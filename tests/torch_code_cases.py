"""PyTorch modules as real code writes them, shared by the plain tests (tests/test_torch_code.py,
numbers pinned from torch 2.13 in tests/torch_code_expected.py) and the oracle module that runs
each in real torch (tests/oracle/test_torch_code_oracle.py). Each is a focused case written
afresh for one idiom of the PyTorch code reader.

Each case: (code, --input-shape list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

TORCH_CODE_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # A buffer of a tensor made with known sizes, written into and reshaped (unsqueeze, transpose)
    # before register_buffer: its shape follows, as torch's does.
    "buffer_of_a_reshaped_table": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self, d_model=6, max_len=50):
        super().__init__()
        table = torch.zeros(max_len, d_model)
        table[:, 0::2] = 1.0
        self.register_buffer("pe", table.unsqueeze(0).transpose(0, 1))
        self.fc = nn.Linear(d_model, 2)

    def forward(self, x):
        return self.fc(x)

model = Model()
""",
        [[3, 6]],
    ),
    # A ModuleList filled with append, None among them: None takes an index (the next module is
    # "2"), holds no module, and iterating gives it (if layer is not None skips it).
    "module_list_holding_none": (
        """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList()
        self.layers.append(nn.Linear(4, 5))
        self.layers.append(None)
        self.layers.append(nn.Linear(5, 3))

    def forward(self, x):
        for layer in self.layers:
            if layer is not None:
                x = layer(x)
        return x

model = Model()
""",
        [[2, 4]],
    ),
    # A tensor made at module level with known sizes gives sizes (.size(0), .shape[1]) and replaces a
    # child's parameter (torch keeps the new tensor's shape, in the old one's place), then frozen.
    "pretrained_tensor_replaces_a_weight": (
        """
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self, embedding, fix_embedding=True):
        super().__init__()
        self.embedding = nn.Embedding(embedding.size(0), embedding.size(1))
        self.embedding.weight = nn.Parameter(embedding)
        self.embedding.weight.requires_grad = False if fix_embedding else True
        self.fc = nn.Linear(embedding.shape[1], 2)

    def forward(self, x):
        return self.fc(self.embedding(x))

pretrained = torch.randn(30, 6)
model = Model(pretrained)
""",
        [[2, 5]],
    ),
    # Modules made in the call that makes the model and kept by its __init__; one given but never
    # kept (unused) is no part of the model, as in torch. (tests/torch_corpus/30_seq2seq_composed.py
    # gives classes of its file.)
    "modules_given_to_constructor": (
        """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self, encoder, head, unused):
        super().__init__()
        self.encoder = encoder
        self.head = head

    def forward(self, x):
        out, _ = self.encoder(x)
        return self.head(out)

model = Model(nn.GRU(4, 6, batch_first=True), nn.Linear(6, 2), unused=nn.Linear(3, 3))
""",
        [[2, 5, 4]],
    ),
    # One of the file's classes given to the constructor as a value and called there, in a ModuleList.
    "file_class_as_argument": (
        """
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, width=4):
        super().__init__()
        self.fc = nn.Linear(width, width)

    def forward(self, x):
        return self.fc(x)

class Stack(nn.Module):
    def __init__(self, block_cls, count):
        super().__init__()
        self.blocks = nn.ModuleList([block_cls() for _ in range(count)])
        self.out = block_cls(width=4)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return self.out(x)

model = Stack(Block, 2)
""",
        [[3, 4]],
    ),
    # A 1-D tensor of token ids, unbatched: the Embedding gives (T, E) and the LSTM reads it unbatched.
    "unbatched_token_ids": (
        """
import torch.nn as nn

class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 8)
        self.lstm = nn.LSTM(8, 6)
        self.fc = nn.Linear(6, 3)

    def forward(self, sentence):
        out, _ = self.lstm(self.embedding(sentence))
        return self.fc(out)

model = Tagger()
""",
        [[5]],
    ),
    # Comparisons, in, x if c else y, and/or/not and str.lower() on known values decide which
    # modules __init__ makes and with which arguments, as Python decides them.
    "conditions_on_known_values": (
        """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self, rnn_type='gru', num_layers=2, hidden=6, bidirectional=False):
        super().__init__()
        if rnn_type.upper() in ['LSTM', 'GRU'] and not bidirectional:
            self.rnn = getattr(nn, rnn_type.upper())(
                4, hidden, num_layers, dropout=0.3 if num_layers > 1 else 0, batch_first=True
            )
        else:
            self.rnn = nn.RNN(4, hidden, batch_first=True)
        if rnn_type.lower() == 'lstm' or hidden >= 8:
            self.head = nn.Linear(hidden, 1)
        elif 1 < num_layers <= 3 and rnn_type != 'rnn' and bidirectional is False:
            self.head = nn.Linear(hidden, 2)
        else:
            self.head = nn.Linear(hidden, 3)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out)

model = Model()
""",
        [[2, 5, 4]],
    ),
    # Cells called on one step, and a TransformerEncoder whose layer is also kept as an attribute:
    # torch deep-copies the layer (layers.0, layers.1) and counts the kept template too. (Not
    # called: torch's hooks would list the encoder's inner modules' calls, which lstmcalc does not.)
    "cells_and_encoder": (
        """
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder_layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
        self.encoder = nn.TransformerEncoder(self.encoder_layer, num_layers=2)
        self.cell = nn.LSTMCell(8, 6)
        self.gru_cell = nn.GRUCell(6, 4, bias=False)
        self.rnn_cell = nn.RNNCell(4, 3, True, 'relu')
        self.pool = nn.MaxPool1d(2)
        self.flatten = nn.Flatten()
        self.act = nn.ReLU()

    def forward(self, x):
        h, c = self.cell(x)
        g = self.gru_cell(h)
        return self.act(self.rnn_cell(g))

model = Model()
""",
        [[2, 8]],
    ),
    # out[:, -1, :] slices the LSTM's output: the LSTM's own output stays (batch, T, hidden).
    "last_step_head": (
        """
import torch.nn as nn

class LSTMModel(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, output_size):
        super(LSTMModel, self).__init__()
        self.hidden_size = hidden_size
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        out, (hn, cn) = self.lstm(x)
        out = out[:, -1, :]
        out = self.fc(out)
        return out

model = LSTMModel(5, 32, 2, 1)
""",
        [[4, 12, 5]],
    ),
    # h_n of a two-layer bidirectional LSTM: h[-2] and h[-1] are the last layer's two directions.
    "bidirectional_states": (
        """
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, n_in=5, hidden=32, layers=2, out=3):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, layers, batch_first=True, bidirectional=True)
        self.head = nn.Sequential(nn.Linear(2 * hidden, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, out))

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        last = torch.cat((h[-2], h[-1]), dim=1)
        return self.head(last)

model = Net()
""",
        [[4, 12, 5]],
    ),
    # Time-major GRU (batch_first=False) with its own initial state made from x.size(1).
    "time_major_gru": (
        """
import torch
from torch import nn

class Encoder(nn.Module):
    def __init__(self, n_in=6, hidden=20, layers=3):
        super().__init__()
        self.layers = layers
        self.hidden = hidden
        self.gru = nn.GRU(n_in, hidden, num_layers=layers, dropout=0.2)
        self.out = nn.Linear(hidden, 2)

    def forward(self, x):
        h0 = torch.zeros(self.layers, x.size(1), self.hidden)
        seq, h = self.gru(x, h0)
        return self.out(seq[-1]), h

model = Encoder()
""",
        [[9, 4, 6]],
    ),
    # Conv1d and BatchNorm1d on (batch, channels, length), then back to (batch, time, features).
    "conv_front_end": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F

class ConvLSTM(nn.Module):
    def __init__(self, features=8, channels=16, hidden=24, classes=5):
        super().__init__()
        self.conv = nn.Conv1d(features, channels, kernel_size=5, stride=2, padding=1)
        self.norm = nn.BatchNorm1d(channels)
        self.lstm = nn.LSTM(channels, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        x = x.permute(0, 2, 1)
        x = F.relu(self.norm(self.conv(x)))
        x = x.transpose(1, 2).contiguous()
        out, _ = self.lstm(x)
        pooled = torch.mean(out, dim=1)
        return F.log_softmax(self.fc(pooled), dim=-1)

model = ConvLSTM()
""",
        [[3, 30, 8]],
    ),
    # Nested classes, a parent class, ModuleList from a comprehension, getattr(nn, ...),
    # nn.Parameter, register_buffer and a frozen embedding.
    "module_tree": (
        """
import torch
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.proj = nn.Linear(width, width)
        self.norm = nn.LayerNorm(width)

    def forward(self, x):
        return self.norm(x + torch.relu(self.proj(x)))

class Base(nn.Module):
    def __init__(self, vocab, width, rnn_type="GRU"):
        super().__init__()
        self.emb = nn.Embedding(vocab, width, padding_idx=0)
        self.rnn = getattr(nn, rnn_type)(width, width, batch_first=True)

class Tagger(Base):
    def __init__(self, vocab=100, width=16, depth=2, tags=7):
        super().__init__(vocab, width, rnn_type="LSTM")
        self.blocks = nn.ModuleList([Block(width) for _ in range(depth)])
        self.scale = nn.Parameter(torch.ones(width))
        self.register_buffer("positions", torch.zeros(50, width))
        self.classifier = nn.Linear(width, tags)
        for p in self.emb.parameters():
            p.requires_grad = False

    def forward(self, tokens):
        x = self.emb(tokens)
        x, _ = self.rnn(x)
        for block in self.blocks:
            x = block(x)
        return self.classifier(x * self.scale)

model = Tagger()
""",
        [[2, 11]],
    ),
    # Attention pooling: scores by a Linear, softmax over time, bmm of the weights and the outputs.
    "attention_pooling": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F

class AttnPool(nn.Module):
    def __init__(self, n_in=4, hidden=10):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, batch_first=True, bidirectional=True)
        self.score = nn.Linear(2 * hidden, 1)
        self.head = nn.Linear(2 * hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        weights = F.softmax(self.score(out).squeeze(-1), dim=1)
        context = torch.bmm(weights.unsqueeze(1), out).squeeze(1)
        gated = (out * weights.unsqueeze(-1)).sum(dim=1)
        return torch.sigmoid(self.head(context + gated))

model = AttnPool()
""",
        [[3, 7, 4]],
    ),
    # Time-major MultiheadAttention without weights, a view and a flatten.
    "attention_time_major": (
        """
import torch
import torch.nn as nn

class Mixer(nn.Module):
    def __init__(self, d=12, heads=3, steps=5):
        super().__init__()
        self.attn = nn.MultiheadAttention(d, heads)
        self.out = nn.Linear(steps * d, 2)

    def forward(self, x):
        y, _ = self.attn(x, x, x, need_weights=False)
        y = y.permute(1, 0, 2).reshape(x.shape[1], -1)
        return self.out(torch.flatten(y, 1))

model = Mixer()
""",
        [[5, 2, 12]],
    ),
    # A loop over time steps with a known trip count, outputs gathered in a list and stacked.
    "time_step_loop": (
        """
import torch
import torch.nn as nn

class Stepper(nn.Module):
    def __init__(self, n_in=3, hidden=8):
        super().__init__()
        self.cell = nn.Linear(n_in + hidden, hidden)
        self.hidden = hidden

    def forward(self, x):
        h = torch.zeros(x.size(0), self.hidden)
        outputs = []
        for t in range(x.size(1)):
            h = torch.tanh(self.cell(torch.cat([x[:, t, :], h], dim=1)))
            outputs.append(h)
        return torch.stack(outputs, dim=1)

model = Stepper()
""",
        [[2, 4, 3]],
    ),
    # A packed sequence: pack and pad keep the padded shapes (pad up to total_length steps); the LSTM's
    # own call is shown without them.
    "packed_sequence": (
        """
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

class Packer(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50, 6)
        self.lstm = nn.LSTM(6, 9, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(18, 4)

    def forward(self, tokens, lengths):
        packed = pack_padded_sequence(self.emb(tokens), lengths, batch_first=True, enforce_sorted=False)
        out, (h, c) = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=10)
        return self.fc(out), h

model = Packer()
""",
        [[3, 7], [3]],
    ),
    # __init__ idioms: a class held by a parent (self.rnn_cell = nn.GRU), Sequential(*layers) and of
    # an OrderedDict, ModuleDict from a comprehension, ModuleList.append in a loop, add_module,
    # requires_grad_(False) and weight.requires_grad = False; h[-1] of a GRU, a loop over a ModuleList.
    "init_idioms": (
        """from collections import OrderedDict

import torch
import torch.nn as nn

HIDDEN = 12


class Recurrent(nn.Module):
    def __init__(self, n_in, cfg):
        super().__init__()
        self.rnn_cell = nn.GRU
        self.cfg = cfg


class Model(Recurrent):
    def __init__(self, n_in=4, cfg={"layers": 2, "heads": ["a", "b"]}):
        super().__init__(n_in, cfg)
        self.rnn = self.rnn_cell(n_in, HIDDEN, cfg["layers"], batch_first=True)
        layers = [nn.Linear(HIDDEN, HIDDEN), nn.Tanh()]
        self.trunk = nn.Sequential(*layers)
        self.named = nn.Sequential(OrderedDict([("fc", nn.Linear(HIDDEN, 6)), ("act", nn.ReLU())]))
        self.heads = nn.ModuleDict({name: nn.Linear(6, 2 + len(name)) for name in cfg["heads"]})
        self.extra = nn.ModuleList()
        for i in range(cfg["layers"]):
            self.extra.append(nn.Linear(6, 6, bias=False))
        self.add_module("norm", nn.LayerNorm(6))
        self.trunk.requires_grad_(False)
        self.named.fc.weight.requires_grad = False

    def forward(self, x):
        _, h = self.rnn(x)
        y = self.named(self.trunk(h[-1]))
        for layer in self.extra:
            y = layer(y)
        y = self.norm(y)
        return self.heads["a"](y), self.heads["b"](y)


model = Model()
""",
        [[5, 7, 4]],
    ),
    # torch.nn kinds' own options as torch computes them: a projected bidirectional time-major LSTM,
    # RNN(relu), Conv1d with padding="same", dilation and a stride, MultiheadAttention with kdim,
    # vdim and per-head weights, LayerNorm over two axes, BatchNorm1d without affine weights.
    # An activation function held as a value: a constructor's default (activation=F.gelu) kept on
    # self and called in forward, and torch.tanh assigned directly. Neither is a module: no row,
    # no weight, and the shape kept.
    "activation_function_values": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F


class FeedForward(nn.Module):
    def __init__(self, dim=6, hidden=10, activation=F.gelu):
        super().__init__()
        self.up = nn.Linear(dim, hidden)
        self.act = activation
        self.squash = torch.tanh
        self.down = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.squash(self.down(self.act(self.up(x))))


model = FeedForward()
""",
        [[2, 5, 6]],
    ),
    # Modules made in loops over zip() and enumerate() of a constructor's sizes, with slices of them
    # (channels[:-1], channels[1:]), names unpacked, a nested tuple (index, (size, following)), and a
    # comprehension with two fors.
    "zipped_sizes": (
        """
import torch
import torch.nn as nn


class ConvStack(nn.Module):
    def __init__(self, channels=(4, 8, 16), widths=(16, 12, 3)):
        super().__init__()
        self.convs = nn.ModuleList(
            [nn.Conv1d(c_in, c_out, kernel_size=3, padding=1) for c_in, c_out in zip(channels[:-1], channels[1:])]
        )
        self.heads = nn.ModuleDict({name: nn.Linear(channels[-1], width) for name, width in zip(("a", "b"), widths)})
        self.mix = nn.ModuleList([nn.Linear(a, b) for a in (2, 3) for b in widths[::2]])
        blocks = []
        for index, (size, following) in enumerate(zip(widths[:-1], widths[1:]), start=1):
            blocks.append(nn.Linear(size, following * index))
        self.tail = nn.Sequential(*blocks)

    def forward(self, x):
        for conv in self.convs:
            x = torch.relu(conv(x))
        return self.heads["a"](x.mean(dim=2))


model = ConvStack()
""",
        [[2, 4, 7]],
    ),
    # Lists __init__ changes in place, followed as Python runs them: sizes appended in a loop and
    # through a second name (widths is sizes), popped; an empty list of modules appended, then
    # unpacked into nn.Sequential.
    "lists_changed_in_init": (
        """
import torch.nn as nn


class Tower(nn.Module):
    def __init__(self, first=6, depth=3):
        super().__init__()
        sizes = [first]
        widths = sizes
        for step in range(depth):
            widths.append(sizes[-1] * 2)
        last = sizes.pop()
        layers = []
        for size, following in zip(sizes[:-1], sizes[1:]):
            layers.append(nn.Linear(size, following))
            layers.append(nn.ReLU())
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(sizes[-1], last // len(sizes))

    def forward(self, x):
        return self.head(self.body(x))


model = Tower()
""",
        [[2, 6]],
    ),
    "kind_options": (
        """import torch
import torch.nn as nn


class Variants(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.LSTM(6, 10, num_layers=2, bidirectional=True, proj_size=4)
        self.rnn = nn.RNN(8, 5, 1, "relu", batch_first=True)
        self.conv = nn.Conv1d(5, 7, 3, padding="same", dilation=2)
        self.conv2 = nn.Conv1d(7, 7, kernel_size=(4,), stride=(3,), bias=False)
        self.attn = nn.MultiheadAttention(7, 1, kdim=3, vdim=2, batch_first=True)
        self.norm = nn.LayerNorm([2, 7])
        self.bn = nn.BatchNorm1d(7, affine=False)

    def forward(self, x, memory_k, memory_v):
        out, (h, c) = self.proj(x)
        y, h2 = self.rnn(out.transpose(0, 1))
        z = self.conv(y.permute(0, 2, 1))
        z = self.conv2(z)
        q = z.transpose(1, 2)
        attended, weights = self.attn(q, memory_k, memory_v, average_attn_weights=False)
        n = self.norm(attended[:, :2, :])
        b = self.bn(n.reshape(n.size(0), 7, -1))
        return b.flatten(1), weights, h.view(2, 2, -1, 4)[-1].sum(0), c.max(dim=0)[1]


model = Variants()
""",
        [[11, 3, 6], [3, 9, 3], [3, 9, 2]],
    ),
}


def built_module(code: str) -> Any:
    """The torch module ``code`` makes at its top level as ``model`` (else the first it makes), run in real torch."""
    import torch

    namespace: dict[str, Any] = {}
    exec(compile(code, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
    if isinstance(namespace.get("model"), torch.nn.Module):
        return namespace["model"]
    return next(value for value in namespace.values() if isinstance(value, torch.nn.Module))


def torchinfo_text(code: str, input_shapes: list[list[int]]) -> str:
    """The table torchinfo 1.8 prints for the module ``code`` makes (:func:`built_module`), given inputs of
    ``input_shapes`` (token ids where the model holds an nn.Embedding), and a last newline as lstmcalc's."""
    import torch
    import torchinfo

    model = built_module(code)
    ids = any(isinstance(module, torch.nn.Embedding) for module in model.modules())
    sizes = [tuple(shape) for shape in input_shapes]
    return f"{torchinfo.summary(model, input_size=sizes, dtypes=[torch.long] if ids else None, verbose=0)}\n"


def golden_table_holds(golden: Path, name: str, code: str, input_shapes: list[list[int]]) -> bool:
    """Whether torchinfo prints the golden file ``name``.txt under ``golden`` for the module ``code`` makes."""
    return torchinfo_text(code, input_shapes) == (golden / f"{name}.txt").read_text(encoding="utf-8")


def refusal_when_run(code: str, input_shapes: list[list[int]], errors: Any) -> str:
    """The message of the error, one of ``errors``, that Python or torch raises building the module ``code``
    makes and calling it on zeros of ``input_shapes``; a test fails where nothing is raised."""
    import pytest
    import torch

    with pytest.raises(errors) as refused:
        built_module(code)(*(torch.zeros(*shape) for shape in input_shapes))
    return str(refused.value)


def torch_totals(code: str) -> tuple[int, int]:
    """How many parameters the module ``code`` makes holds (:func:`built_module`), and how many are trainable."""
    parameters = list(built_module(code).parameters())
    return sum(p.numel() for p in parameters), sum(p.numel() for p in parameters if p.requires_grad)


def held_in_torch(model: Any) -> dict[str, Any]:
    """What torch holds of ``model``, a module held under two names included: its state_dict's names and shapes
    (every name), ``named_parameters()``'s (each parameter once), and the parameters, all and trainable."""
    return {
        "state_dict": {key: tuple(value.shape) for key, value in model.state_dict().items()},
        "named_parameters": {key: tuple(value.shape) for key, value in model.named_parameters()},
        "parameters": sum(p.numel() for p in model.parameters()),
        "trainable": sum(p.numel() for p in model.parameters() if p.requires_grad),
    }


def run_in_torch(code: str, input_shapes: list[list[int]]) -> dict[str, Any]:
    """What real torch gives: the state_dict's names and shapes, the totals, and each module
    call's path, depth in the module tree and output shapes (forward hooks, in the order the calls
    start) and the shapes of its positional arguments."""
    import torch

    module = built_module(code)
    module.eval()
    names = {id(child): name for name, child in module.named_modules()}
    calls: list[list[Any]] = []
    stack: list[int] = []

    inputs: list[Any] = []

    def before(child: Any, arguments: Any) -> None:
        name = names[id(child)]
        calls.append([name, name.count(".") + 1 if name else 0, None])  # torchinfo's depth: in the module tree
        packed = any(isinstance(item, torch.nn.utils.rnn.PackedSequence) for item in arguments)
        inputs.append(None if packed else _flat_shapes(arguments))
        stack.append(len(calls) - 1)

    def after(child: Any, inputs: Any, output: Any) -> None:
        # A call on a packed sequence is compared without shapes (lstmcalc shows none for it).
        packed = any(isinstance(item, torch.nn.utils.rnn.PackedSequence) for item in (*inputs, output))
        calls[stack.pop()][2] = None if packed else _flat_shapes(output)

    for child in module.modules():
        child.register_forward_pre_hook(before)
        child.register_forward_hook(after)
    embeds = any(isinstance(child, torch.nn.Embedding) for child in module.modules())
    tensors = [torch.zeros(shape, dtype=torch.long) if embeds else torch.randn(shape) for shape in input_shapes]
    # A 1-D input after the first is a batch of lengths: each the first input's full time axis.
    tensors = [
        torch.full(shape, input_shapes[0][1], dtype=torch.long) if index and len(shape) == 1 else tensor
        for index, (shape, tensor) in enumerate(zip(input_shapes, tensors))
    ]
    with torch.no_grad():
        module(*tensors)
    parameters = dict(module.named_parameters())
    return {
        "state_dict": {name: tuple(tensor.shape) for name, tensor in module.state_dict().items()},
        "params": sum(p.numel() for p in parameters.values()),
        "trainable": sum(p.numel() for p in parameters.values() if p.requires_grad),
        "calls": [tuple(call) for call in calls],
        "call_inputs": inputs,
    }


def _flat_shapes(output: Any) -> tuple[tuple[int, ...], ...]:
    import torch

    if isinstance(output, torch.Tensor):
        return (tuple(output.shape),)
    if isinstance(output, (tuple, list)):
        return tuple(shape for item in output if item is not None for shape in _flat_shapes(item))
    return ()
