# After prontoSoCorso/cellPIV: networksTemporalSeries/LightningLSTM.py (LightningLSTM), the
# StatQuest habit: pytorch_lightning imported as L, an LSTM of one input and one hidden unit, forward
# views its 1-D sequence as (length, 1) and returns the last step; the Lightning steps log a loss.
# Written afresh: the names and the training step are this corpus's own.
import pytorch_lightning as L
import torch
from torch import nn


class LightningLSTM(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=1)

    def forward(self, sequence):
        steps = sequence.view(len(sequence), 1)  # (length, 1): one unbatched sequence, time first
        outputs, _ = self.lstm(steps)
        return outputs[-1]

    def training_step(self, batch, batch_idx):
        values, targets = batch
        loss = torch.nn.functional.mse_loss(self(values[0]), targets)
        self.log("loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=0.1)
