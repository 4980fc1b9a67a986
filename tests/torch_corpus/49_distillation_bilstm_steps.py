# After HoyTta0/KnowledgeDistillation: models/biLSTM.py (biLSTM): no constructor arguments, a
# bidirectional LSTM over 300-wide vectors, two Linear layers applied at every step with F.relu
# between them; forward takes an optional hidden state and returns it.
import torch.nn as nn
import torch.nn.functional as F


class biLSTM(nn.Module):
    def __init__(self):
        super(biLSTM, self).__init__()
        self.lstm = nn.LSTM(
            input_size=300, hidden_size=256, num_layers=1, batch_first=True, dropout=0, bidirectional=True
        )
        self.fc1 = nn.Linear(512, 128)
        self.fc2 = nn.Linear(128, 5)

    def forward(self, x, hidden=None):
        lstm_out, hidden = self.lstm(x, hidden)
        out = F.relu(self.fc1(lstm_out))
        return self.fc2(out), hidden
