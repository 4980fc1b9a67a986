# After Thasinkhan1/Language_Translation: project_root/model/layers.py and
# project_root/model/transformer.py (Encoder, Attention, Decoder, Seq2Seq): batch-first GRUs with
# additive attention; the attention repeats the last layer's hidden state over the source steps,
# the decoder concatenates embedding and context for its GRU and output, context and embedding
# for its head, and the teacher-forcing coin is torch.rand(1).item() inside a conditional
# expression.
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, input_dim, embed_dim, hidden_dim, num_layers=1, dropout=0.3):
        super().__init__()
        self.embedding = nn.Embedding(input_dim, embed_dim, padding_idx=0)
        self.rnn = nn.GRU(embed_dim, hidden_dim, num_layers, dropout=dropout, batch_first=True)
        self.dropout = nn.Dropout(dropout)

    def forward(self, src):
        embedded = self.dropout(self.embedding(src))  # [batch, src_len, embed_dim]
        outputs, hidden = self.rnn(embedded)
        return outputs, hidden


class Attention(nn.Module):
    def __init__(self, hidden_dim):
        super().__init__()
        self.attn = nn.Linear(hidden_dim * 2, hidden_dim)
        self.v = nn.Linear(hidden_dim, 1, bias=False)

    def forward(self, hidden, encoder_outputs):
        src_len = encoder_outputs.size(1)
        query = hidden[-1].unsqueeze(1).repeat(1, src_len, 1)  # the top layer, once per source step
        energy = torch.tanh(self.attn(torch.cat((query, encoder_outputs), dim=2)))
        scores = self.v(energy).squeeze(2)
        return torch.softmax(scores, dim=1)


class Decoder(nn.Module):
    def __init__(self, output_dim, embed_dim, hidden_dim, attention, num_layers=1, dropout=0.3):
        super().__init__()
        self.output_dim = output_dim
        self.attention = attention
        self.embedding = nn.Embedding(output_dim, embed_dim, padding_idx=0)
        self.rnn = nn.GRU(hidden_dim + embed_dim, hidden_dim, num_layers, dropout=dropout, batch_first=True)
        self.fc = nn.Linear(hidden_dim * 2 + embed_dim, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, input, hidden, encoder_outputs):
        embedded = self.dropout(self.embedding(input.unsqueeze(1)))  # [batch, 1, embed_dim]
        weights = self.attention(hidden, encoder_outputs).unsqueeze(1)
        context = torch.bmm(weights, encoder_outputs)  # [batch, 1, hidden_dim]
        output, hidden = self.rnn(torch.cat((embedded, context), dim=2), hidden)
        prediction = self.fc(torch.cat((output, context, embedded), dim=2).squeeze(1))
        return prediction, hidden


class Seq2Seq(nn.Module):
    def __init__(self, encoder, decoder, device):
        super().__init__()
        self.encoder = encoder
        self.decoder = decoder
        self.device = device

    def forward(self, src, trg, teacher_forcing_ratio=0.5):
        batch_size = src.size(0)
        trg_len = trg.size(1)
        trg_vocab_size = self.decoder.output_dim
        outputs = torch.zeros(batch_size, trg_len, trg_vocab_size).to(self.device)
        encoder_outputs, hidden = self.encoder(src)
        input = trg[:, 0]  # the start-of-sentence token
        for t in range(1, trg_len):
            output, hidden = self.decoder(input, hidden, encoder_outputs)
            outputs[:, t, :] = output
            top1 = output.argmax(1)
            input = trg[:, t] if torch.rand(1).item() < teacher_forcing_ratio else top1
        return outputs


SRC_VOCAB = 90
TGT_VOCAB = 110
EMBED_DIM = 24
HIDDEN_DIM = 48
NUM_LAYERS = 2
DROPOUT = 0.3

DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")
encoder = Encoder(SRC_VOCAB, EMBED_DIM, HIDDEN_DIM, NUM_LAYERS, DROPOUT)
attention = Attention(HIDDEN_DIM)
decoder = Decoder(TGT_VOCAB, EMBED_DIM, HIDDEN_DIM, attention, NUM_LAYERS, DROPOUT)
model = Seq2Seq(encoder, decoder, DEVICE).to(DEVICE)
