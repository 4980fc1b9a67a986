# After solalbaudoincs/dronecontrol: src/dronecontrol/models/gru_module.py (GRU): a GRU regressor
# that saves a dict of its sizes with save_hyperparameters({...}), reads them back through
# self.hparams, drops dropout for a single layer, and regresses every step through nn.Sequential;
# forward adds a time axis to a 2-D input. Its Lightning base is imported by name.
import torch
from pytorch_lightning import LightningModule
from torch import nn


class GRU(LightningModule):
    def __init__(self, hidden_dim: int, num_layers: int, dropout: float = 0.0, lr: float = 1e-3, **_: object):
        super().__init__()
        self.save_hyperparameters({"hidden_dim": hidden_dim, "num_layers": num_layers, "dropout": dropout})
        self.lr = lr
        self.gru = nn.GRU(
            input_size=1,
            hidden_size=self.hparams.hidden_dim,
            num_layers=self.hparams.num_layers,
            bidirectional=False,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.regressor = nn.Sequential(nn.Linear(self.hparams.hidden_dim, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim == 2:
            x = x.unsqueeze(1)
        h, _ = self.gru(x)
        return self.regressor(h)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)
