# After pytorch/tutorials: beginner_source/nlp/sequence_models_tutorial.py (LSTMTagger): one
# sentence of word ids, reshaped to (len, 1, -1) for a time-major LSTM, tag scores by log_softmax.
import torch
import torch.nn as nn
import torch.nn.functional as F


class LSTMTagger(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        # hidden states of size hidden_dim for each word
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        # from hidden state space to tag space
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        return F.log_softmax(tag_space, dim=1)
