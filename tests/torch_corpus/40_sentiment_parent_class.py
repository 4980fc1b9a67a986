# After ChonSong/discovery-Project-Sentiment-Analysis: models/lstm.py and models/base.py (LSTMModel
# on BaseModel): the model inherits from the project's own nn.Module base class; padding_idx=0.
import torch.nn as nn


class BaseModel(nn.Module):
    """The project's common parent: nothing but nn.Module's own set-up."""

    def __init__(self):
        super().__init__()


class LSTMModel(BaseModel):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, x):
        x = self.embedding(x)
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])
