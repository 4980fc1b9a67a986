"""PyTorch modules whose torchinfo table has rows ``forward``'s own code does not call: the calls
inside torch.nn modules (a TransformerEncoder's layers and theirs), the containers torchinfo puts
above the modules called (a ModuleList), and a cell called once per time step. Written afresh, one
idiom each; torchinfo 1.8's texts at each depth are pinned under tests/golden/torch_inner_calls/
(tests/test_torch_inner_calls.py holds lstmcalc to them; tests/oracle/test_torch_inner_calls_oracle.py
holds them to real torchinfo).
"""

from __future__ import annotations

from typing import NamedTuple


class InnerCase(NamedTuple):
    code: str
    input_shape: tuple[int, ...]
    depths: tuple[int, ...]
    dtype: str = "float"

    def golden_name(self, name: str, depth: int) -> str:
        """The pinned torchinfo text of the case at ``depth``, under tests/golden/."""
        return f"torch_inner_calls/{name}.depth{depth}.txt"


INNER_CASES: dict[str, InnerCase] = {
    # Two ModuleLists called in turn: torchinfo puts each list above its module every time, one
    # LayerInfo each, so every row of a list is (recursive) and shows its last index.
    "interleaved_module_lists": InnerCase(
        """
import torch
from torch import nn

class Interleaved(nn.Module):
    def __init__(self):
        super().__init__()
        self.linears = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])
        self.norms = nn.ModuleList([nn.LayerNorm(4) for _ in range(2)])
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        for i in range(2):
            x = self.linears[i](x)
            x = self.norms[i](x)
        return self.head(x)

model = Interleaved()
""",
        (2, 4),
        (1, 2),
    ),
    # A submodule's child called before the submodule itself: torchinfo shows the parent above it,
    # uncalled and (recursive), and the parent's own call after.
    "child_called_before_its_parent": InnerCase(
        """
import torch
from torch import nn

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = nn.Linear(4, 4)
        self.scale = nn.Parameter(torch.ones(4))

    def forward(self, x):
        return self.inner(x) * self.scale

class ChildFirst(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        x = self.block.inner(x)
        x = self.block(x)
        return self.head(x)

model = ChildFirst()
""",
        (2, 4),
        (1, 2),
    ),
    # A batch-first, norm-first encoder with a final norm, called twice: each layer's calls in
    # torch's order (norm1 first), its attention's out_proj never called; the layers' ModuleList
    # shown above them both times.
    "encoder_norm_first_called_twice": InnerCase(
        """
import torch
from torch import nn

class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(8))
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        x = self.encoder(x)
        x = self.encoder(x)
        return self.head(x)

model = Encoder()
""",
        (2, 5, 8),
        (2, 4),
    ),
    # A lone encoder layer (time first) and a MultiheadAttention: the attention is no leaf in
    # torchinfo's table (it holds out_proj), so its mult-adds and sizes are left out.
    "encoder_layer_and_attention": InnerCase(
        """
import torch
from torch import nn

class LayerAndAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0)
        self.attn = nn.MultiheadAttention(8, 2)
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        x = self.block(x)
        x, _ = self.attn(x, x, x)
        return self.head(x)

model = LayerAndAttention()
""",
        (5, 2, 8),
        (1, 2),
    ),
    # nn.Transformer, batch first: encoder(src), then decoder(tgt, memory), each layer's calls.
    "transformer_batch_first": InnerCase(
        """
import torch
from torch import nn

class Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.Transformer(
            d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=16, batch_first=True
        )

    def forward(self, x):
        return self.transformer(x, x[:, :3])

model = Seq()
""",
        (2, 5, 8),
        (3, 4),
    ),
    # Cells stepped over the time axis three ways: chunks, unbind, and an index per step.
    "cells_over_time_steps": InnerCase(
        """
import torch
from torch import nn

class Cells(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTMCell(3, 6)
        self.gru = nn.GRUCell(6, 6)
        self.out = nn.Linear(6, 1)

    def forward(self, x):
        h = torch.zeros(x.size(0), 6)
        c = torch.zeros(x.size(0), 6)
        steps = []
        for step in x.chunk(x.size(1), dim=1):
            h, c = self.lstm(step.squeeze(1), (h, c))
            steps.append(h)
        g = torch.zeros(x.size(0), 6, dtype=torch.float32)
        for hidden in torch.stack(steps, dim=1).unbind(1):
            g = self.gru(hidden, g)
        outputs = []
        for t in range(x.size(1)):
            outputs += [self.out(x[:, t, :1].repeat(1, 6) + g)]
        return torch.cat(outputs, dim=1)

model = Cells()
""",
        (2, 4, 3),
        (1,),
    ),
    # A cell stepped over range(seq_len) (the length unpacked from x.shape), its states made with
    # x.new_zeros, then fed its own output for a known number of future steps.
    "cell_with_future_steps": InnerCase(
        """
import torch
from torch import nn

class Forecaster(nn.Module):
    def __init__(self, hidden=6, future=2):
        super().__init__()
        self.hidden = hidden
        self.future = future
        self.cell = nn.LSTMCell(3, hidden)
        self.proj = nn.Linear(hidden, 3)

    def forward(self, x):
        batch, seq_len, _ = x.shape
        h = x.new_zeros(batch, self.hidden)
        c = x.new_zeros(batch, self.hidden)
        outputs = []
        for t in range(seq_len):
            h, c = self.cell(x[:, t], (h, c))
            outputs.append(self.proj(h))
        for _ in range(self.future):
            h, c = self.cell(outputs[-1], (h, c))
            outputs.append(self.proj(h))
        return torch.stack(outputs, dim=1)

model = Forecaster()
""",
        (2, 4, 3),
        (1,),
    ),
    # A model converted to double after it is built: 8 bytes a parameter and an output element.
    "model_converted_to_double": InnerCase(
        """
import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = nn.GRUCell(2, 5)
        self.head = nn.Linear(5, 1)

    def forward(self, x):
        h = torch.zeros(x.size(0), 5, dtype=torch.double)
        for step in x.split(1, dim=1):
            h = self.cell(step[:, 0], h)
        return self.head(h)

model = Net().double()
""",
        (3, 7, 2),
        (1,),
        "double",
    ),
}
