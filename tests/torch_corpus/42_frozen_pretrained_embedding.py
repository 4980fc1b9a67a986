# After yuehchou/Machine-Learning-2020: hw4/training/template_model.py (LSTM_Net): the Embedding is
# sized from a pretrained matrix given to the constructor, its weight replaced by that matrix as
# a Parameter and frozen (requires_grad False when fix_embedding); a Sequential head ends in Sigmoid.
import torch
from torch import nn


class LSTM_Net(nn.Module):
    def __init__(self, embedding, embedding_dim, hidden_dim, num_layers, dropout=0.5, fix_embedding=True):
        super(LSTM_Net, self).__init__()
        self.embedding = torch.nn.Embedding(embedding.size(0), embedding.size(1))
        self.embedding.weight = torch.nn.Parameter(embedding)
        self.embedding.weight.requires_grad = False if fix_embedding else True
        self.embedding_dim = embedding.size(1)
        self.hidden_dim = hidden_dim
        self.num_layers = num_layers
        self.dropout = dropout
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, num_layers=num_layers, batch_first=True)
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(hidden_dim, 1), nn.Sigmoid())

    def forward(self, inputs):
        inputs = self.embedding(inputs)
        x, _ = self.lstm(inputs, None)
        # (batch, seq_len, hidden_size): keep the last step
        x = x[:, -1, :]
        return self.classifier(x)


# word2vec vectors stand in as a random matrix of the same size
VOCAB_SIZE = 3000
EMBEDDING_DIM = 250
embedding_matrix = torch.randn(VOCAB_SIZE, EMBEDDING_DIM)
model = LSTM_Net(embedding_matrix, embedding_dim=EMBEDDING_DIM, hidden_dim=150, num_layers=1, dropout=0.5)
