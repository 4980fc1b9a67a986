# After TylerYep/torchinfo: tests/fixtures/models.py (MixedTrainable): three Conv1d, the second
# with its bias frozen, the third with weight and bias frozen, then Dropout.
import torch
from torch import nn


class MixedTrainable(nn.Module):
    """Conv1d modules with all, some and none of their parameters trainable."""

    def __init__(self) -> None:
        super().__init__()
        self.fully_trainable = nn.Conv1d(1, 1, 1)

        self.partially_trainable = nn.Conv1d(1, 1, 1, bias=True)
        self.partially_trainable.bias.requires_grad = False

        self.non_trainable = nn.Conv1d(1, 1, 1, 1, bias=True)
        self.non_trainable.weight.requires_grad = False
        self.non_trainable.bias.requires_grad = False

        self.dropout = nn.Dropout()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.fully_trainable(x)
        x = self.partially_trainable(x)
        x = self.non_trainable(x)
        return self.dropout(x)
