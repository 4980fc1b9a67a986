"""Classes of the file based on a torch.nn class whose forward calls the base's: ``super().forward(x)`` in a
subclass of nn.LSTM, nn.GRU, nn.Embedding or nn.Linear runs torch's own forward of that class on the module.
Written afresh after public idioms (learned initial states of an LSTM wrapper, a scaled embedding of
Transformer code). Read by tests/test_torch_probe_findings.py and its oracle module, which runs each in torch
2.13 and torchinfo (the golden tables, tests/golden/torch_base_forward)."""

from __future__ import annotations

#: Read as torch runs them: name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    # An LSTM wrapper with learned initial states expanded to the batch (the idiom of a public repo's
    # `class LSTM(nn.LSTM)` with `initial_h`/`initial_c` parameters); its shapes stopped at super().forward.
    "learned_initial_states": (
        """import torch
from torch import nn


class InitLSTM(nn.LSTM):
    def __init__(self, input_size, hidden_size, num_layers=1, dropout=0.0):
        super(InitLSTM, self).__init__(
            input_size=input_size, hidden_size=hidden_size, bidirectional=True,
            batch_first=True, num_layers=num_layers, dropout=dropout)
        shape = (2 * num_layers, 1, hidden_size)
        self.h0 = nn.Parameter(torch.zeros(shape))
        self.c0 = nn.Parameter(torch.zeros(shape))

    def forward(self, x, hx=None):
        if hx is None:
            n = x.size(0)
            hx = (self.h0.expand(-1, n, -1).contiguous(), self.c0.expand(-1, n, -1).contiguous())
        return super().forward(x, hx)


class Tagger(nn.Module):
    def __init__(self, vocab, dim=32, hidden=24, tags=9):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, padding_idx=0)
        self.rnn = InitLSTM(dim, hidden, num_layers=2, dropout=0.2)
        self.out = nn.Linear(2 * hidden, tags)

    def forward(self, tokens):
        h, _ = self.rnn(self.embed(tokens))
        return self.out(h)


model = Tagger(500)
""",
        [[3, 7]],
    ),
    # A scaled embedding (Transformer code's `* math.sqrt(d_model)`), a GRU wrapper two classes deep reached
    # through super(Cls, self) and super(), and a clamped Linear.
    "base_forward_through_super": (
        """import math
import torch
from torch import nn


class ScaledEmbedding(nn.Embedding):
    def __init__(self, vocab, dim):
        super().__init__(vocab, dim, padding_idx=0)
        self.scale = math.sqrt(dim)

    def forward(self, tokens):
        return super().forward(tokens) * self.scale


class NormGRU(nn.GRU):
    def forward(self, x, h=None):
        out, h = super(NormGRU, self).forward(x, h)
        return out, h


class Deeper(NormGRU):
    def forward(self, x):
        out, _ = super().forward(x)
        return out


class Clipped(nn.Linear):
    def forward(self, x):
        return torch.clamp(super().forward(x), -1, 1)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = ScaledEmbedding(300, 16)
        self.gru = Deeper(16, 20, batch_first=True, bidirectional=True)
        self.fc = Clipped(40, 5)

    def forward(self, x):
        return self.fc(self.gru(self.emb(x)))


model = Net()
""",
        [[3, 7]],
    ),
}

#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    # Initial states of one direction given to a bidirectional LSTM through super().forward.
    "initial_states_without_directions": (
        """import torch
from torch import nn


class InitLSTM(nn.LSTM):
    def __init__(self, input_size, hidden_size):
        super().__init__(input_size, hidden_size, bidirectional=True, batch_first=True)
        self.h0 = nn.Parameter(torch.zeros(1, 1, hidden_size))
        self.c0 = nn.Parameter(torch.zeros(1, 1, hidden_size))

    def forward(self, x):
        n = x.size(0)
        hx = (self.h0.expand(-1, n, -1).contiguous(), self.c0.expand(-1, n, -1).contiguous())
        return super().forward(x, hx)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = InitLSTM(8, 12)

    def forward(self, x):
        return self.rnn(x)[0]


model = Net()
""",
        [[3, 7, 8]],
        "14:16",
        "torch would refuse this: Expected hidden[0] size (2, 3, 12), got [1, 3, 12]",
        "Expected hidden[0] size (2, 3, 12), got [1, 3, 12]",
    ),
}
