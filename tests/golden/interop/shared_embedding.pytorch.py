"""The model "ticket_classifier" of tests/fixtures/keras/shared_embedding.json, written by lstmcalc 0.1.0 for PyTorch (torch.nn).

lstmcalc counts 2,693 parameters (10.52 KB), 2,693 of them trainable;
input [(None, 12), (None, 40)], output [(None, 1), (None, 4)]. Run this file to compare:

    python THIS_FILE.py
"""

import torch
from torch import nn


class TicketClassifier(nn.Module):
    """[(None, 12), (None, 40)] -> [(None, 1), (None, 4)], batch first; None is any size."""

    def __init__(self) -> None:
        super().__init__()
        self.shared_embedding = nn.Embedding(200, 8)
        self.title_lstm = nn.LSTM(8, 8, batch_first=True)
        self.body_gru = nn.GRU(8, 8, batch_first=True)
        self.priority = nn.Linear(16, 1)
        self.department = nn.Linear(16, 4)

    def forward(self, title: torch.Tensor, body: torch.Tensor):
        shared_embedding = self.shared_embedding(title)
        shared_embedding_node1 = self.shared_embedding(body)
        output, _ = self.title_lstm(shared_embedding)
        title_lstm = output[:, -1]  # (None, 8)
        output, _ = self.body_gru(shared_embedding_node1)
        body_gru = output[:, -1]  # (None, 8)
        concatenate = torch.cat([title_lstm, body_gru], dim=-1)  # (None, 16)
        priority = torch.sigmoid(self.priority(concatenate))  # (None, 1)
        department = torch.softmax(self.department(concatenate), dim=-1)  # (None, 4)
        return priority, department


def example_inputs() -> tuple[torch.Tensor, ...]:
    """One tensor per argument of forward: zeros, or integer ids for an Embedding."""
    return (
        torch.zeros(2, 12, dtype=torch.long),  # title
        torch.zeros(2, 40, dtype=torch.long),  # body
    )


model = TicketClassifier()

if __name__ == "__main__":
    print(model)
    print(f"Total params: {sum(p.numel() for p in model.parameters()):,}")
    print(f"Trainable params: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")
    with torch.no_grad():
        output = model(*example_inputs())
    print("Output shapes:", [tuple(tensor.shape) for tensor in output])
