# After TylerYep/torchinfo: tests/fixtures/models.py (LSTMNet): time-major LSTM over embeddings,
# decoder logits flattened with view, the hidden pair returned alongside.
import torch
from torch import nn


class LSTMNet(nn.Module):
    """Embedding, a two-layer time-major LSTM and a Linear decoder."""

    def __init__(self, vocab_size: int = 20, embed_dim: int = 300, hidden_dim: int = 512, num_layers: int = 2) -> None:
        super().__init__()
        self.hidden_dim = hidden_dim
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        # batch_first stays False: the first axis is time.
        self.encoder = nn.LSTM(embed_dim, hidden_dim, num_layers=num_layers)
        self.decoder = nn.Linear(hidden_dim, vocab_size)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        embedded = self.embedding(x)
        out, hidden = self.encoder(embedded)
        out = self.decoder(out)
        out = out.view(-1, out.size(2))
        return out, hidden
