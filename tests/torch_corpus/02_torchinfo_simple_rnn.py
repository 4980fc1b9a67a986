# After TylerYep/torchinfo: tests/fixtures/models.py (SimpleRNN): one LSTMCell applied in a loop
# of max_length steps to the same input, hidden and cell states started from randn.
import torch
from torch import nn


class SimpleRNN(nn.Module):
    """An LSTMCell looped over a fixed number of steps, Tanh after each."""

    def __init__(self, repeat_outside_loop: bool = False) -> None:
        super().__init__()
        self.hid_dim = 2
        self.input_dim = 3
        self.max_length = 4
        self.repeat_outside_loop = repeat_outside_loop
        self.lstm = nn.LSTMCell(self.input_dim, self.hid_dim)
        self.activation = nn.Tanh()
        self.projection = nn.Linear(self.hid_dim, self.input_dim)

    def forward(self, token_embedding: torch.Tensor) -> torch.Tensor:
        batch = token_embedding.size()[0]
        hx = torch.randn(batch, self.hid_dim, device=token_embedding.device)
        cx = torch.randn(batch, self.hid_dim, device=token_embedding.device)
        for _ in range(self.max_length):
            hx, cx = self.lstm(token_embedding, (hx, cx))
            hx = self.activation(hx)
        if self.repeat_outside_loop:
            hx = self.activation(self.projection(hx))
        return hx
