# After HyperRushNet/pyrender: model/Seq2Seq.py (Encoder, Decoder, Seq2Seq): the model is built from
# two modules passed to its constructor; the encoder's final GRU state starts the decoder.
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, vocab_size, hidden_size=256):
        super(Encoder, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        self.rnn = nn.GRU(hidden_size, hidden_size)

    def forward(self, input_seq):
        _, hidden = self.rnn(self.embedding(input_seq))
        return hidden


class Decoder(nn.Module):
    def __init__(self, vocab_size, hidden_size=256):
        super(Decoder, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        self.rnn = nn.GRU(hidden_size, hidden_size)
        self.fc = nn.Linear(hidden_size, vocab_size)

    def forward(self, input_seq, hidden):
        output, hidden = self.rnn(self.embedding(input_seq), hidden)
        return self.fc(output), hidden


class Seq2Seq(nn.Module):
    def __init__(self, encoder, decoder):
        super(Seq2Seq, self).__init__()
        self.encoder = encoder
        self.decoder = decoder

    def forward(self, input_seq, target_seq):
        hidden = self.encoder(input_seq)
        output, _ = self.decoder(target_seq, hidden)
        return output


SOURCE_VOCAB = 120
TARGET_VOCAB = 90
model = Seq2Seq(Encoder(SOURCE_VOCAB, 64), Decoder(TARGET_VOCAB, hidden_size=64))
