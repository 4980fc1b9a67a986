# After karlschwarz/summer_2019: neural_machine_translation/models/encoder.py (EncoderRNN): the
# seq2seq tutorial's encoder, torch.nn spelled in full, one token at a time viewed as (1, 1, -1).
import torch
import torch.nn.functional as F


class EncoderRNN(torch.nn.Module):
    def __init__(self, input_size, hidden_size):
        super(EncoderRNN, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = torch.nn.Embedding(input_size, hidden_size)
        self.gru = torch.nn.GRU(hidden_size, hidden_size)

    def forward(self, input, hidden):
        output = self.embedding(input).view(1, 1, -1)
        output, hidden = self.gru(output, hidden)
        return output, hidden

    def initHidden(self, device):
        return torch.zeros(1, 1, self.hidden_size, device=device)
