# After T1h0can/power_predict: models/LSTM.py (LSTM): sizes read from a config object's attributes,
# a time-major LSTM with dropout between layers, an optional hidden state returned with the output.
import torch.nn as nn


class LSTM(nn.Module):
    def __init__(self, config):
        super(LSTM, self).__init__()
        self.lstm = nn.LSTM(
            input_size=config.num_inputs,
            hidden_size=config.num_hidden,
            num_layers=config.num_layers,
            dropout=config.num_dropout,
        )
        self.linear = nn.Linear(in_features=config.num_hidden, out_features=config.num_outputs)

    def forward(self, X, hidden=None):
        lstm_out, hidden = self.lstm(X, hidden)
        return self.linear(lstm_out), hidden
