"""The model "encoder_block" of <stdin>, written by lstmcalc 0.1.0 for PyTorch (torch.nn).

lstmcalc counts 2,048 parameters (8.00 KB), 2,048 of them trainable;
input [(None, 10, 16), (None, 7, 12)], output [(None, 10, 16), (None, 2, 10, 7)]. Run this file to compare:

    python THIS_FILE.py
"""

import torch
from torch import nn


class EncoderBlock(nn.Module):
    """[(None, 10, 16), (None, 7, 12)] -> [(None, 10, 16), (None, 2, 10, 7)], batch first; None is any size."""

    def __init__(self) -> None:
        super().__init__()
        self.self_attention = nn.MultiheadAttention(16, 4, batch_first=True)
        self.cross = nn.MultiheadAttention(16, 2, kdim=12, vdim=12, batch_first=True)

    def forward(self, tokens: torch.Tensor, memory: torch.Tensor):
        self_attention = self.self_attention(tokens, tokens, tokens, need_weights=False)[0]  # (None, 10, 16)
        cross = self.cross(self_attention, memory, memory, average_attn_weights=False)  # [(None, 10, 16), (None, 2, 10, 7)]
        residual = tokens + cross[0]  # (None, 10, 16)
        return residual, cross[1]


def example_inputs() -> tuple[torch.Tensor, ...]:
    """One tensor per argument of forward: zeros, or integer ids for an Embedding."""
    return (
        torch.zeros(2, 10, 16, dtype=torch.float32),  # tokens
        torch.zeros(2, 7, 12, dtype=torch.float32),  # memory
    )


model = EncoderBlock()

if __name__ == "__main__":
    print(model)
    print(f"Total params: {sum(p.numel() for p in model.parameters()):,}")
    print(f"Trainable params: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")
    with torch.no_grad():
        output = model(*example_inputs())
    print("Output shapes:", [tuple(tensor.shape) for tensor in output])
