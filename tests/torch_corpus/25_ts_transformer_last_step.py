# After navinjoker/Finance: Finance/models/transformer.py (TimeSeriesTransformer): a Linear
# embedding, a TransformerEncoder over a layer that is not kept, time-major, the head on out[-1].
import torch
import torch.nn as nn


class TimeSeriesTransformer(nn.Module):
    def __init__(self, input_size, d_model=64, nhead=4, num_layers=2):
        super(TimeSeriesTransformer, self).__init__()
        self.embedding = nn.Linear(input_size, d_model)
        encoder_layer = nn.TransformerEncoderLayer(d_model=d_model, nhead=nhead)
        self.transformer = nn.TransformerEncoder(encoder_layer, num_layers=num_layers)
        self.fc = nn.Linear(d_model, input_size)

    def forward(self, src):
        src = self.embedding(src)
        out = self.transformer(src)
        return self.fc(out[-1])
