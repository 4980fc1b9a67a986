# After AntNLP/OpenIE: Sequence-Labeling/src/module/bilstm.py (BiLSTM): a two-layer bidirectional
# LSTM over 768-wide BERT features, hidden_dim // 2 per direction, tag scores per token.
import torch
import torch.nn as nn


class BiLSTM(nn.Module):
    def __init__(self, hidden_dim, tagset_size):
        super(BiLSTM, self).__init__()
        self.tagset_size = tagset_size
        self.lstm = nn.LSTM(
            bidirectional=True, num_layers=2, input_size=768, hidden_size=hidden_dim // 2, batch_first=True
        )
        self.fc = nn.Linear(hidden_dim, self.tagset_size)

    def forward(self, embeds):
        enc, _ = self.lstm(embeds)
        return self.fc(enc)
