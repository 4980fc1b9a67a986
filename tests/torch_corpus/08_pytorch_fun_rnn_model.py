# After Yugnaynehc/pytorch-fun: word_language_model/model.py (RNNModel): getattr(nn, rnn_type) with
# positional sizes and bias=False; the caller passes the hidden state in.
import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers):
        super(RNNModel, self).__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, bias=False)
        self.decoder = nn.Linear(nhid, ntoken)
        self.rnn_type = rnn_type
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, x, hidden):
        embedded = self.encoder(x)
        output, hidden = self.rnn(embedded, hidden)
        flat = output.view(output.size(0) * output.size(1), output.size(2))
        decoded = self.decoder(flat)
        return decoded.view(output.size(0), output.size(1), decoded.size(1)), hidden
