"""The model "seq2seq" of specs/seq2seq.yaml, written by lstmcalc 0.1.0 for PyTorch (torch.nn).

lstmcalc counts 720,221 parameters (2.75 MB), 720,221 of them trainable;
input [(None, None, 71), (None, None, 93)], output (None, None, 93). Run this file to compare:

    python THIS_FILE.py
"""

import torch
from torch import nn


class Seq2seq(nn.Module):
    """[(None, None, 71), (None, None, 93)] -> (None, None, 93), batch first; None is any size."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.LSTM(71, 256, batch_first=True)
        self.decoder_lstm = nn.LSTM(93, 256, batch_first=True)
        self.decoder_dense = nn.Linear(256, 93)

    def forward(self, encoder_inputs: torch.Tensor, decoder_inputs: torch.Tensor):
        output, (h, c) = self.encoder(encoder_inputs)
        encoder = (output[:, -1], h, c)  # [(None, 256), (1, None, 256), (1, None, 256)]
        output, (h, c) = self.decoder_lstm(decoder_inputs, (encoder[1], encoder[2]))
        decoder_lstm = (output, h, c)  # [(None, None, 256), (1, None, 256), (1, None, 256)]
        decoder_dense = torch.softmax(self.decoder_dense(decoder_lstm[0]), dim=-1)  # (None, None, 93)
        return decoder_dense


def example_inputs() -> tuple[torch.Tensor, ...]:
    """One tensor per argument of forward: zeros, or integer ids for an Embedding (unknown sizes set to 8)."""
    return (
        torch.zeros(2, 8, 71, dtype=torch.float32),  # encoder_inputs
        torch.zeros(2, 8, 93, dtype=torch.float32),  # decoder_inputs
    )


model = Seq2seq()

if __name__ == "__main__":
    print(model)
    print(f"Total params: {sum(p.numel() for p in model.parameters()):,}")
    print(f"Trainable params: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")
    with torch.no_grad():
        output = model(*example_inputs())
    print("Output shape:", tuple(output.shape))
