"""The model "gesture_classifier" of specs/gesture_classifier.yaml, written by lstmcalc 0.1.0 for PyTorch (torch.nn).

lstmcalc counts 204,483 parameters (798.76 KB), 204,483 of them trainable;
input (None, 5, 126), output (None, 3). Run this file to compare:

    python THIS_FILE.py
"""

import torch
from torch import nn


class GestureClassifier(nn.Module):
    """(None, 5, 126) -> (None, 3), batch first; None is any size."""

    def __init__(self) -> None:
        super().__init__()
        self.lstm = nn.LSTM(126, 64, batch_first=True)
        self.lstm_1 = nn.LSTM(64, 128, batch_first=True)
        self.lstm_2 = nn.LSTM(128, 64, batch_first=True)
        self.linear = nn.Linear(64, 64)
        self.linear_1 = nn.Linear(64, 32)
        self.linear_2 = nn.Linear(32, 3)

    def forward(self, x: torch.Tensor):
        # activation 'relu' has no nn.LSTM option: torch uses tanh
        x, _ = self.lstm(x)  # (None, 5, 64)
        # activation 'relu' has no nn.LSTM option: torch uses tanh
        x, _ = self.lstm_1(x)  # (None, 5, 128)
        # activation 'relu' has no nn.LSTM option: torch uses tanh
        x, _ = self.lstm_2(x)
        x = x[:, -1]  # the last time step (return_sequences: false): (None, 64)
        x = torch.relu(self.linear(x))  # (None, 64)
        x = torch.relu(self.linear_1(x))  # (None, 32)
        x = torch.softmax(self.linear_2(x), dim=-1)  # (None, 3)
        return x


def example_input() -> torch.Tensor:
    """An input of the model's shape: zeros."""
    return torch.zeros(2, 5, 126, dtype=torch.float32)


model = GestureClassifier()

if __name__ == "__main__":
    print(model)
    print(f"Total params: {sum(p.numel() for p in model.parameters()):,}")
    print(f"Trainable params: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")
    with torch.no_grad():
        output = model(example_input())
    print("Output shape:", tuple(output.shape))
