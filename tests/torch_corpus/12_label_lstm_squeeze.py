# After marcus800/Money-Talks-Can-Transformers-Listen: LLMSuite/evaluation/LSTM.py (LabelLSTM): the
# final hidden state of a one-layer LSTM, squeeze(0) to drop the layer axis.
import torch.nn as nn


class LabelLSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super(LabelLSTM, self).__init__()
        self.hidden_size = hidden_size
        self.lstm = nn.LSTM(input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        _, (h_n, _) = self.lstm(x)
        return self.fc(h_n.squeeze(0))
