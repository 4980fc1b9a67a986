# After Marius-Suteu/Suteu-Marius-Master-IA-An1-NLP: ProiectFinal_NLP/model_lstm.py (Attention,
# LSTMClassifier): attention pooling in its own module (softmax over time, weighted sum) on a
# bidirectional LSTM's output.
import torch
import torch.nn as nn


class Attention(nn.Module):
    def __init__(self, hidden_dim):
        super().__init__()
        self.att = nn.Linear(hidden_dim * 2, 1)

    def forward(self, outputs):
        weights = torch.softmax(self.att(outputs), dim=1)
        return torch.sum(weights * outputs, dim=1)


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim=100, hidden_dim=128, num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, bidirectional=True, batch_first=True)
        self.attention = Attention(hidden_dim)
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(hidden_dim * 2, num_classes)

    def forward(self, x):
        x = self.embedding(x)
        lstm_out, _ = self.lstm(x)
        pooled = self.attention(lstm_out)
        return self.fc(self.dropout(pooled))
