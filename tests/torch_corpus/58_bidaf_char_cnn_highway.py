# After galsang/BiDAF-pytorch: model/model.py (BiDAF) and utils/nn.py (LSTM, Linear), BiDAF's
# character and word embedding layers, highway network and contextual LSTM: wrapper classes that
# initialise their weights in a reset_params() method __init__ calls (getattr on the LSTM's
# parameters by f-string), a Linear whose dropout exists only when asked for (hasattr in forward),
# a Conv2d over characters spanning the character embedding, max_pool1d over the whole width,
# GloVe vectors through nn.Embedding.from_pretrained, the highway layers made by setattr with
# f-string names and read back by getattr, and settings in an argparse.Namespace kept as self.args.
# The model's forward takes the context's characters and words as tensors (the original takes a
# torchtext batch).
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F


class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, batch_first=False, num_layers=1, bidirectional=False, dropout=0.2):
        super(LSTM, self).__init__()
        self.rnn = nn.LSTM(
            input_size=input_size,
            hidden_size=hidden_size,
            num_layers=num_layers,
            bidirectional=bidirectional,
            batch_first=batch_first,
        )
        self.reset_params()
        self.dropout = nn.Dropout(p=dropout)

    def reset_params(self):
        for i in range(self.rnn.num_layers):
            nn.init.orthogonal_(getattr(self.rnn, f"weight_hh_l{i}"))
            nn.init.constant_(getattr(self.rnn, f"bias_hh_l{i}"), val=0)
            if self.rnn.bidirectional:
                nn.init.orthogonal_(getattr(self.rnn, f"weight_hh_l{i}_reverse"))

    def forward(self, x):
        x = self.dropout(x)
        return self.rnn(x)


class Linear(nn.Module):
    def __init__(self, in_features, out_features, dropout=0.0):
        super(Linear, self).__init__()
        self.linear = nn.Linear(in_features=in_features, out_features=out_features)
        if dropout > 0:
            self.dropout = nn.Dropout(p=dropout)
        self.reset_params()

    def reset_params(self):
        nn.init.kaiming_normal_(self.linear.weight)
        nn.init.constant_(self.linear.bias, 0)

    def forward(self, x):
        if hasattr(self, "dropout"):
            x = self.dropout(x)
        return self.linear(x)


class BiDAFEmbedding(nn.Module):
    def __init__(self, args, pretrained):
        super(BiDAFEmbedding, self).__init__()
        self.args = args
        self.char_emb = nn.Embedding(args.char_vocab_size, args.char_dim, padding_idx=1)
        nn.init.uniform_(self.char_emb.weight, -0.001, 0.001)
        self.char_conv = nn.Conv2d(1, args.char_channel_size, (args.char_dim, args.char_channel_width))
        self.word_emb = nn.Embedding.from_pretrained(pretrained, freeze=True)
        assert self.args.hidden_size * 2 == (self.args.char_channel_size + self.args.word_dim)
        for i in range(2):
            setattr(
                self, f"highway_linear{i}", nn.Sequential(Linear(args.hidden_size * 2, args.hidden_size * 2), nn.ReLU())
            )
            setattr(
                self,
                f"highway_gate{i}",
                nn.Sequential(Linear(args.hidden_size * 2, args.hidden_size * 2), nn.Sigmoid()),
            )
        self.context_LSTM = LSTM(
            input_size=args.hidden_size * 2,
            hidden_size=args.hidden_size,
            bidirectional=True,
            batch_first=True,
            dropout=args.dropout,
        )
        self.p1_weight = Linear(args.hidden_size * 2, 1, dropout=args.dropout)
        self.dropout = nn.Dropout(p=args.dropout)

    def forward(self, c_char, c_word):
        batch_size = c_char.size(0)
        x = self.dropout(self.char_emb(c_char))
        x = x.view(-1, self.args.char_dim, x.size(2)).unsqueeze(1)
        x = self.char_conv(x).squeeze()
        x = F.max_pool1d(x, x.size(2)).squeeze()
        x = x.view(batch_size, -1, self.args.char_channel_size)
        x = torch.cat([x, self.word_emb(c_word)], dim=-1)
        for i in range(2):
            h = getattr(self, f"highway_linear{i}")(x)
            g = getattr(self, f"highway_gate{i}")(x)
            x = g * h + (1 - g) * x
        c = self.context_LSTM(x)[0]
        return self.p1_weight(c).squeeze()


pretrained = torch.randn(100, 6)  # GloVe's vectors, as data.WORD.vocab.vectors
args = argparse.Namespace(
    char_vocab_size=30, char_dim=8, char_channel_size=10, char_channel_width=5, word_dim=6, hidden_size=8, dropout=0.2
)
model = BiDAFEmbedding(args, pretrained)
