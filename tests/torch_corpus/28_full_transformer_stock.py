# After cl4y70n/DeepStock_Project: src/models/transformer_model.py (TimeSeriesTransformer): the whole
# nn.Transformer (its default six decoder layers included), the embedded series as both source
# and target, the last step to a one-value head.
import torch
import torch.nn as nn


class TimeSeriesTransformer(nn.Module):
    def __init__(self, input_size, d_model, nhead, num_layers):
        super().__init__()
        self.embedding = nn.Linear(input_size, d_model)
        self.transformer = nn.Transformer(d_model=d_model, nhead=nhead, num_encoder_layers=num_layers)
        self.fc = nn.Linear(d_model, 1)

    def forward(self, x):
        x = self.embedding(x)
        x = self.transformer(x, x)
        return self.fc(x[-1])
