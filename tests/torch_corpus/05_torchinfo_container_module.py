# After TylerYep/torchinfo: tests/fixtures/models.py (ContainerModule, ContainerChildModule): a
# ModuleList filled with append (a None among them), a child calling its Sequential whole and
# again layer by layer.
import torch
from torch import nn


class ContainerChildModule(nn.Module):
    """A Sequential called as a whole, a Linear between, then the Sequential's layers one by one."""

    def __init__(self) -> None:
        super().__init__()
        self._sequential = nn.Sequential(nn.Linear(5, 5), nn.Linear(5, 5))
        self._between = nn.Linear(5, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self._sequential(x)
        out = self._between(out)
        for layer in self._sequential:
            out = layer(out)
        out = self._sequential(x)
        for layer in self._sequential:
            out = layer(out)
        return out


class ContainerModule(nn.Module):
    """A ModuleList of Linear, the child container and Linear; the None entry is skipped."""

    def __init__(self) -> None:
        super().__init__()
        self._layers = nn.ModuleList()
        self._layers.append(nn.Linear(5, 5))
        self._layers.append(ContainerChildModule())
        self._layers.append(nn.Linear(5, 5))
        self._layers.append(None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = x
        for layer in self._layers:
            if layer is not None:
                out = layer(out)
        return out
