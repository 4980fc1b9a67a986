# After prontoSoCorso/cellPIV: networksTemporalSeries/LightningLSTM.py (LightningLSTM), the
# StatQuest habit: pytorch_lightning imported as L, an LSTM of one input and one hidden unit, forward
# views its 1-D sequence as (length, 1) and returns the last step; the Lightning steps log a loss.
import pytorch_lightning as L
import torch.nn as nn
from torch.optim import Adam


class LightningLSTM(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=1)

    def forward(self, input):
        input_trans = input.view(len(input), 1)
        lstm_out, temp = self.lstm(input_trans)
        return lstm_out[-1]

    def configure_optimizers(self):
        return Adam(self.parameters(), lr=0.1)

    def training_step(self, batch, batch_idx):
        input_i, label_i = batch
        output_i = self.forward(input_i[0])
        loss = (output_i - label_i) ** 2
        self.log("train_loss", loss)
        return loss
