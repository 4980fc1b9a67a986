"""The model "functional" of <stdin>, written by lstmcalc 0.1.0 for PyTorch (torch.nn).

lstmcalc counts 162 parameters (648.00 B), 162 of them trainable;
input [(None, None, 4), (None, None, 4)], output [(None, None, 6), (None, None, 3), (None, None, 3), (None, 3)]. Run this file to compare:

    python THIS_FILE.py
"""

import torch
from torch import nn


class Functional(nn.Module):
    """[(None, None, 4), (None, None, 4)] -> [(None, None, 6), (None, None, 3), (None, None, 3), (None, 3)], batch first; None is any size."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.GRU(4, 3, batch_first=True)
        self.drop = nn.Dropout(0.1)
        self.decoder = nn.GRU(4, 3, batch_first=True)

    def forward(self, a: torch.Tensor, b: torch.Tensor):
        output, h = self.encoder(a)
        encoder = (output[:, -1], h)  # [(None, 3), (1, None, 3)]
        drop = self.drop(encoder[1])  # (1, None, 3)
        decoder, _ = self.decoder(b, drop)
        decoder_again, _ = self.decoder(a, drop)
        both = torch.cat([decoder, decoder_again], dim=-1)  # (None, None, 6)
        summed = decoder + decoder_again  # (None, None, 3)
        largest = torch.maximum(torch.maximum(decoder, decoder_again), summed)  # (None, None, 3)
        mean = (decoder + decoder_again) / 2  # (None, None, 3)
        return both, largest, mean, encoder[0]


def example_inputs() -> tuple[torch.Tensor, ...]:
    """One tensor per argument of forward: zeros, or integer ids for an Embedding (unknown sizes set to 8)."""
    return (
        torch.zeros(2, 8, 4, dtype=torch.float32),  # a
        torch.zeros(2, 8, 4, dtype=torch.float32),  # b
    )


model = Functional()

if __name__ == "__main__":
    print(model)
    print(f"Total params: {sum(p.numel() for p in model.parameters()):,}")
    print(f"Trainable params: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")
    with torch.no_grad():
        output = model(*example_inputs())
    print("Output shapes:", [tuple(tensor.shape) for tensor in output])
