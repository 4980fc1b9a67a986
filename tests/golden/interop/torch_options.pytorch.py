"""The model "sequential" of <stdin>, written by lstmcalc 0.1.0 for PyTorch (torch.nn).

lstmcalc counts 1,172 parameters (4.58 KB), 1,172 of them trainable;
input (None, None, 6), output [(None, 4), (4, None, 2), (4, None, 8)]. Run this file to compare:

    python THIS_FILE.py
"""

import torch
from torch import nn


class Sequential(nn.Module):
    """(None, None, 6) -> [(None, 4), (4, None, 2), (4, None, 8)], batch first; None is any size."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1d = nn.Conv1d(6, 4, 3, padding="same")
        # layer 'train'
        self.train_ = nn.BatchNorm1d(4)
        self.dropout = nn.Dropout(0.2)
        self.lstm = nn.LSTM(4, 8, num_layers=2, batch_first=True, bidirectional=True, proj_size=2)

    def forward(self, x: torch.Tensor):
        x = self.conv1d(x.transpose(1, 2)).transpose(1, 2)  # (None, None, 4), Conv1d takes channels first
        x = self.train_(x.transpose(1, 2)).transpose(1, 2)  # (None, None, 4), BatchNorm1d takes features first
        x = self.dropout(x)  # (None, None, 4)
        x, (h, c) = self.lstm(x)
        x = x[:, -1]  # the last time step (return_sequences: false): (None, 4)
        return x, h, c


def example_input() -> torch.Tensor:
    """An input of the model's shape: zeros (unknown sizes set to 8)."""
    return torch.zeros(2, 8, 6, dtype=torch.float32)


model = Sequential()

if __name__ == "__main__":
    print(model)
    print(f"Total params: {sum(p.numel() for p in model.parameters()):,}")
    print(f"Trainable params: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")
    with torch.no_grad():
        output = model(example_input())
    print("Output shapes:", [tuple(tensor.shape) for tensor in output])
