"""PyTorch code under ``summary --stats``: each case's modules' MACs over the calls forward makes,
for the whole input --input-shape gives, shared by the plain tests (tests/test_torch_code_stats.py,
figures pinned below) and the oracle module that checks them against real torch
(tests/oracle/test_torch_code_stats_oracle.py: FlopCounterMode's multiply-adds, plus one per
element of an affine LayerNorm, BatchNormNd, InstanceNormNd or GroupNorm; torchinfo's mult-adds
less the biases for an LSTM, whose fused CPU kernel FlopCounterMode does not see).

Each case: (code, --input-shape list).
"""

from __future__ import annotations

TORCH_STATS_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # Embedding ids, a two-layer batch-first LSTM, a Linear at every time step.
    "embedding_lstm_linear": (
        """
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, vocab=50, dim=12, hidden=16, tags=5):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, num_layers=2, batch_first=True)
        self.out = nn.Linear(hidden, tags)

    def forward(self, ids):
        out, _ = self.lstm(self.embedding(ids))
        return self.out(out)


model = Tagger()
""",
        [[4, 9]],
    ),
    # A time-major bidirectional GRU, its output flattened to (T * batch, 2h) before the Linear.
    "time_major_gru_flattened": (
        """
import torch.nn as nn


class CharRNN(nn.Module):
    def __init__(self, n_in=6, hidden=10, n_out=7):
        super().__init__()
        self.hidden = hidden
        self.gru = nn.GRU(n_in, hidden, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, n_out)

    def forward(self, x):
        out, h = self.gru(x)
        out = out.contiguous().view(-1, 2 * self.hidden)
        return self.fc(out)


model = CharRNN()
""",
        [[11, 3, 6]],
    ),
    # Conv1d and BatchNorm1d on (batch, channels, length), then an LSTM and a head on its last step.
    "conv_front_end": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 8, kernel_size=3, padding=1)
        self.bn = nn.BatchNorm1d(8)
        self.lstm = nn.LSTM(8, 12, batch_first=True)
        self.head = nn.Linear(12, 2)

    def forward(self, x):
        y = F.relu(self.bn(self.conv(x.transpose(1, 2))))
        out, (h, c) = self.lstm(y.transpose(1, 2))
        return self.head(out[:, -1, :])


model = ConvLSTM()
""",
        [[2, 20, 4]],
    ),
    # Time-major self-attention (need_weights: its explicit path), then an LSTMCell over its steps.
    "attention_then_cell_loop": (
        """
import torch
import torch.nn as nn


class Reader(nn.Module):
    def __init__(self, dim=8, hidden=6):
        super().__init__()
        self.hidden = hidden
        self.attn = nn.MultiheadAttention(dim, 2)
        self.cell = nn.LSTMCell(dim, hidden)
        self.norm = nn.LayerNorm(hidden)

    def forward(self, x):
        a, weights = self.attn(x, x, x)
        h = torch.zeros(x.size(1), self.hidden)
        c = torch.zeros(x.size(1), self.hidden)
        for t in range(5):
            h, c = self.cell(a[t], (h, c))
        return self.norm(h)


model = Reader()
""",
        [[5, 3, 8]],
    ),
    # A decoder stack whose kept template is never called (0 MACs), its final norm and a head.
    "decoder_with_template": (
        """
import torch.nn as nn


class Captioner(nn.Module):
    def __init__(self, d_model=16, nhead=4):
        super().__init__()
        self.layer = nn.TransformerDecoderLayer(d_model, nhead, 24, 0.0, batch_first=True, norm_first=True)
        self.decoder = nn.TransformerDecoder(self.layer, num_layers=2, norm=nn.LayerNorm(d_model))
        self.out = nn.Linear(d_model, 10)

    def forward(self, tgt, memory):
        return self.out(self.decoder(tgt, memory))


model = Captioner()
""",
        [[3, 5, 16], [3, 7, 16]],
    ),
    # Time-major (torch's default batch_first=False) encoder stack and decoder layer: attention runs
    # over the first axis, as the stack's layer is set.
    # A CRNN-like front-end: BatchNorm2d, GroupNorm and an affine InstanceNorm1d count one MAC per element
    # they scale, as BatchNorm1d does; PReLU, an activation, none.
    "conv2d_norms_prelu": (
        """
import torch.nn as nn


class Front(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.gn = nn.GroupNorm(2, 4)
        self.inorm = nn.InstanceNorm1d(16, affine=True)
        self.act = nn.PReLU(16)
        self.lstm = nn.LSTM(16, 6, batch_first=True)

    def forward(self, x):
        x = self.gn(self.bn(self.conv(x)))
        b, c, h, w = x.shape
        x = self.act(self.inorm(x.reshape(b, c * h, w)))
        out, _ = self.lstm(x.transpose(1, 2))
        return out[:, -1]


model = Front()
""",
        [[2, 1, 4, 10]],
    ),
    "time_major_transformers": (
        """
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0), 2)
        self.dec = nn.TransformerDecoderLayer(8, 2, 12, 0.0)

    def forward(self, src, tgt):
        memory = self.encoder(src)
        return self.dec(tgt, memory)


model = Encoder()
""",
        [[9, 2, 8], [4, 2, 8]],
    ),
}
