# After gabinho991/CS598: model/attention.py (Attention): Bahdanau-style scores over time-major
# encoder outputs; the scoring vector v is an nn.Parameter, repeated per batch and applied with bmm.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        # decoder state (hidden_size) next to bidirectional encoder outputs (2 * hidden_size)
        self.attn = nn.Linear(hidden_size * 3, hidden_size)
        self.v = nn.Parameter(torch.rand(hidden_size))

    def forward(self, hidden, encoder_outputs):
        src_len = encoder_outputs.shape[0]
        hidden = hidden.repeat(src_len, 1, 1)
        energy = torch.tanh(self.attn(torch.cat((hidden, encoder_outputs), dim=2)))
        energy = energy.permute(1, 2, 0)
        v = self.v.repeat(encoder_outputs.shape[1], 1).unsqueeze(1)
        scores = torch.bmm(v, energy).squeeze(1)
        return F.softmax(scores, dim=1)
