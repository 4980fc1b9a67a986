# After li624342713/MPI: model/LSTM.py (LSTMClassifier): constructor defaults for every size but
# the vocabulary, the last time step of a batch-first LSTM, dropout, then the classifier.
import torch.nn as nn


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embedding_dim=128, hidden_dim=64, num_classes=22, dropout=0.3):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, x):
        embedded = self.embedding(x)
        lstm_out, (h_n, c_n) = self.lstm(embedded)
        last_hidden = lstm_out[:, -1, :]
        return self.fc(self.dropout(last_hidden))
