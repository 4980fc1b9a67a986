# After BorMagnus/hydro-ml: models/LSTM.py (LSTM): two LSTMCells over the series one step at a
# time (split(1, dim=1)), a Linear per step, the steps concatenated and read by a Linear sized
# hidden_dim * sequence_length.
import torch
import torch.nn as nn


class LSTM(nn.Module):
    def __init__(self, in_dim, hidden_dim, out_dim, sequence_length):
        super(LSTM, self).__init__()
        self.in_dim = in_dim
        self.hidden_dim = hidden_dim
        self.out_dim = out_dim
        self.sequence_length = sequence_length
        self.lstm1 = nn.LSTMCell(in_dim, hidden_dim)
        self.lstm2 = nn.LSTMCell(hidden_dim, hidden_dim)
        self.linear = nn.Linear(hidden_dim, hidden_dim)
        self.linear_out = nn.Linear(hidden_dim * sequence_length, out_dim)

    def forward(self, y):
        outputs = []
        h_t = torch.zeros(y.size(0), self.hidden_dim, dtype=torch.float32)
        c_t = torch.zeros(y.size(0), self.hidden_dim, dtype=torch.float32)
        h_t2 = torch.zeros(y.size(0), self.hidden_dim, dtype=torch.float32)
        c_t2 = torch.zeros(y.size(0), self.hidden_dim, dtype=torch.float32)
        for time_step in y.split(1, dim=1):
            h_t, c_t = self.lstm1(time_step, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            outputs.append(self.linear(h_t2))
        outputs = torch.cat(outputs, dim=1)  # (batch, hidden_dim * sequence_length)
        return self.linear_out(outputs)
