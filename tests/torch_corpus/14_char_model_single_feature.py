# After K1t1k/seq2seq: src/models/rnn.py (CharModel): a 256-unit LSTM over one feature per step,
# sizes written as literals, the vocabulary size the only argument.
from torch import nn


class CharModel(nn.Module):
    def __init__(self, n_vocab):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=256, num_layers=1, batch_first=True)
        self.dropout = nn.Dropout(0.2)
        self.linear = nn.Linear(256, n_vocab)

    def forward(self, x):
        x, _ = self.lstm(x)
        # the last time step only
        x = x[:, -1, :]
        return self.linear(self.dropout(x))
