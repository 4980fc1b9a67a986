# After ZRui2001/RUL_multi_task: models/GRU.py (GRU): a model class named like the torch module,
# every GRU argument by keyword, extra keyword arguments swallowed by **kwargs.
import torch.nn as nn


class GRU(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, num_layers, dropout, **kwargs):
        super(GRU, self).__init__()
        self.gru = nn.GRU(
            input_size=input_size,
            hidden_size=hidden_size,
            num_layers=num_layers,
            batch_first=True,
            dropout=dropout,
        )
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.fc(out[:, -1, :])
