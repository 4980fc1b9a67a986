"""Packed sequences and recurrent modules on what lstmcalc cannot size: each module call's outputs
where the data decides a size (``pad_packed_sequence`` without ``total_length`` pads to the longest
sequence; a PackedSequence's ``.data`` holds the sequences' total length), ``?`` rather than the padded
input's length; and an LSTM, GRU or MultiheadAttention on an input of unknown shape, whose outputs
are unknown tensors, not one tensor of two axes. Written after the packing idiom of public PyTorch
classifiers (pack_padded_sequence(..., enforce_sorted=False), then pad_packed_sequence); each case's
known sizes are torch 2.13's (tests/oracle/test_torch_packed_oracle.py runs them).
"""

from __future__ import annotations

HEADER = """import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

"""

#: name -> (code, --input-shape list, each module call's (path, depth, outputs) with None for an unknown size).
PACKED_CASES: dict[str, tuple[str, list[list[int]], list[tuple[str, int, tuple[object, ...] | None]]]] = {
    "padded_to_the_longest": (
        HEADER
        + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 8, batch_first=True)
        self.fc = nn.Linear(8, 2)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True)
        return self.fc(out)

model = Net()
""",
        [[4, 9, 5], [4]],
        [("", 0, ((4, None, 2),)), ("lstm", 1, None), ("fc", 1, ((4, None, 2),))],
    ),
    "padded_to_total_length": (
        HEADER
        + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 8, batch_first=True)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=12)
        return out

model = Net()
""",
        [[4, 9, 5], [4]],
        [("", 0, ((4, 12, 8),)), ("lstm", 1, None)],
    ),
    "packed_data": (
        HEADER
        + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 8, batch_first=True)
        self.fc = nn.Linear(8, 3)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        return self.fc(out.data)

model = Net()
""",
        [[4, 9, 5], [4]],
        [("", 0, ((None, 3),)), ("lstm", 1, None), ("fc", 1, ((None, 3),))],
    ),
    # Unsorted, pack_padded_sequence packs as many sequences as there are lengths: the final state's batch is theirs.
    "unsorted_lengths_of_part_of_the_batch": (
        HEADER
        + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 8, batch_first=True)
        self.fc = nn.Linear(8, 3)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(packed)
        return self.fc(h[-1])

model = Net()
""",
        [[4, 9, 5], [2]],
        [("", 0, ((2, 3),)), ("lstm", 1, None), ("fc", 1, ((2, 3),))],
    ),
    "gru_on_an_unknown_shape": (
        HEADER
        + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(5, 5, batch_first=True)
        self.attention = nn.MultiheadAttention(5, 1, batch_first=True)

    def forward(self, x):
        y = x.repeat_interleave(2, dim=1)
        out, _ = self.gru(y)
        attended, weights = self.attention(out, out, out)
        return attended

model = Net()
""",
        [[2, 16, 5]],
        [("", 0, None), ("gru", 1, None), ("attention", 1, None)],
    ),
}
