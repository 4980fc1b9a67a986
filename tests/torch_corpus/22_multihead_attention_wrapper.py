# After gowthamr-tech/nanoGPT: src/models/attention.py (MultiHeadAttention): a thin module around
# nn.MultiheadAttention (batch_first), keeping only the attended output.
import torch
import torch.nn as nn


class MultiHeadAttention(nn.Module):
    def __init__(self, embed_dim, num_heads, dropout):
        super().__init__()
        self.attn = nn.MultiheadAttention(embed_dim, num_heads, dropout=dropout, batch_first=True)

    def forward(self, x):
        out, _ = self.attn(x, x, x)
        return out
