# After chenfrigate/time-series-transformer: models/transformer.py (TimeSeriesTransformer): the
# encoder layer is kept as an attribute, so the model holds it besides the encoder's copies;
# input_dim is accepted and not used.
import torch
import torch.nn as nn


class TimeSeriesTransformer(nn.Module):
    def __init__(self, input_dim, model_dim, num_heads, num_layers, dropout=0.1):
        super().__init__()
        self.encoder_layer = nn.TransformerEncoderLayer(d_model=model_dim, nhead=num_heads, dropout=dropout)
        self.transformer = nn.TransformerEncoder(self.encoder_layer, num_layers=num_layers)
        self.fc_out = nn.Linear(model_dim, 1)

    def forward(self, x):
        x = self.transformer(x)
        return self.fc_out(x)
