# After TylerYep/torchinfo: tests/fixtures/models.py (CNNModuleList with ConvLayerA): a ModuleList
# of five blocks built from a class given to the constructor, each Conv1d, ReLU and MaxPool1d.
import torch
from torch import nn


class ConvLayerA(nn.Module):
    """Conv1d, ReLU, MaxPool1d, in the order forward calls them."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv1d(1, 1, 1)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool1d(1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(self.relu(self.conv(x)))


class CNNModuleList(nn.Module):
    """Five blocks of the given class in a ModuleList, applied in turn."""

    def __init__(self, conv_layer_cls: type[nn.Module]) -> None:
        super().__init__()
        self.ml = nn.ModuleList([conv_layer_cls() for _ in range(5)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.ml:
            x = layer(x)
        return x


model = CNNModuleList(ConvLayerA)
