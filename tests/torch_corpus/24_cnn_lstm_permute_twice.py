# After trish2023/Brain-Controlled-Wheelchair: real_time_system/cnn_lstm_model.py (CNNLSTM): the
# input arrives (batch, time, features) and is permuted for Conv1d and back for the LSTM; the
# constructor's input_size is not used (the channel count is written as 8).
import torch
import torch.nn as nn
import torch.nn.functional as F


class CNNLSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super(CNNLSTM, self).__init__()
        self.conv1 = nn.Conv1d(in_channels=8, out_channels=32, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(in_channels=32, out_channels=64, kernel_size=3, padding=1)
        self.pool = nn.MaxPool1d(kernel_size=2)
        self.lstm = nn.LSTM(input_size=64, hidden_size=hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        x = x.permute(0, 2, 1)  # (batch, features, seq_len)
        x = F.relu(self.conv1(x))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.permute(0, 2, 1)  # (batch, seq_len, features)
        self.lstm.flatten_parameters()
        lstm_out, _ = self.lstm(x)
        return self.fc(lstm_out[:, -1, :])
