# After IHateReptiloids/kws_hw: src/models/attention.py (Attention): attention pooling whose energy
# is a torch.nn.Sequential (Linear, Tanh, Linear to one score), softmax over the time axis (dim=-2).
import torch


class Attention(torch.nn.Module):
    def __init__(self, hidden_size: int):
        super().__init__()
        self.energy = torch.nn.Sequential(
            torch.nn.Linear(hidden_size, hidden_size),
            torch.nn.Tanh(),
            torch.nn.Linear(hidden_size, 1),
        )

    def forward(self, input):
        alpha = torch.softmax(self.energy(input), dim=-2)
        return (input * alpha).sum(dim=-2)
