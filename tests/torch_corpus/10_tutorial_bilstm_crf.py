# After pytorch/tutorials: beginner_source/nlp/advanced_tutorial.py (BiLSTM_CRF): a bidirectional
# LSTM of hidden_dim // 2 per direction, a transitions matrix as an nn.Parameter sized from the
# tag dictionary, and Viterbi decoding in forward; instantiated at module level from dictionaries.
import torch
import torch.nn as nn

START_TAG = "<START>"
STOP_TAG = "<STOP>"
EMBEDDING_DIM = 5
HIDDEN_DIM = 4


def argmax(vec):
    _, idx = torch.max(vec, 1)
    return idx.item()


class BiLSTM_CRF(nn.Module):
    def __init__(self, vocab_size, tag_to_ix, embedding_dim, hidden_dim):
        super(BiLSTM_CRF, self).__init__()
        self.embedding_dim = embedding_dim
        self.hidden_dim = hidden_dim
        self.vocab_size = vocab_size
        self.tag_to_ix = tag_to_ix
        self.tagset_size = len(tag_to_ix)

        self.word_embeds = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim // 2, num_layers=1, bidirectional=True)
        self.hidden2tag = nn.Linear(hidden_dim, self.tagset_size)
        # transitions[i, j]: the score of moving to tag i from tag j
        self.transitions = nn.Parameter(torch.randn(self.tagset_size, self.tagset_size))
        self.transitions.data[tag_to_ix[START_TAG], :] = -10000
        self.transitions.data[:, tag_to_ix[STOP_TAG]] = -10000
        self.hidden = self.init_hidden()

    def init_hidden(self):
        return (torch.randn(2, 1, self.hidden_dim // 2), torch.randn(2, 1, self.hidden_dim // 2))

    def _get_lstm_features(self, sentence):
        self.hidden = self.init_hidden()
        embeds = self.word_embeds(sentence).view(len(sentence), 1, -1)
        lstm_out, self.hidden = self.lstm(embeds, self.hidden)
        lstm_out = lstm_out.view(len(sentence), self.hidden_dim)
        return self.hidden2tag(lstm_out)

    def _viterbi_decode(self, feats):
        backpointers = []
        forward_var = torch.full((1, self.tagset_size), -10000.0)
        forward_var[0][self.tag_to_ix[START_TAG]] = 0
        for feat in feats:
            step_pointers = []
            step_scores = []
            for next_tag in range(self.tagset_size):
                next_tag_var = forward_var + self.transitions[next_tag]
                best = argmax(next_tag_var)
                step_pointers.append(best)
                step_scores.append(next_tag_var[0][best].view(1))
            forward_var = (torch.cat(step_scores) + feat).view(1, -1)
            backpointers.append(step_pointers)
        terminal_var = forward_var + self.transitions[self.tag_to_ix[STOP_TAG]]
        best = argmax(terminal_var)
        path_score = terminal_var[0][best]
        best_path = [best]
        for step_pointers in reversed(backpointers):
            best = step_pointers[best]
            best_path.append(best)
        best_path.pop()
        best_path.reverse()
        return path_score, best_path

    def forward(self, sentence):
        lstm_feats = self._get_lstm_features(sentence)
        score, tag_seq = self._viterbi_decode(lstm_feats)
        return score, tag_seq


training_words = "the wall street journal reported today that apple corporation made money".split()
word_to_ix = {}
for word in training_words + "georgia tech is a university in georgia".split():
    if word not in word_to_ix:
        word_to_ix[word] = len(word_to_ix)
tag_to_ix = {"B": 0, "I": 1, "O": 2, START_TAG: 3, STOP_TAG: 4}

model = BiLSTM_CRF(len(word_to_ix), tag_to_ix, EMBEDDING_DIM, HIDDEN_DIM)
