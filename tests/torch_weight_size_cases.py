"""``__init__`` code that sizes a module by a parameter another holds (``self.embedding.weight.shape[1]``,
``.size(0)``, ``len(self.fc.bias)``, an own ``nn.Parameter``'s ``.shape``): read as torch holds those
parameters when the line runs. The golden tables are torchinfo's (tests/oracle/test_torch_weight_sizes_oracle.py)."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n"

#: name -> (code making ``model``, forward's input shapes): the table is the golden file of the name.
READ = {
    # The pretrained-embedding idiom of text classifiers (e.g. prakashpandey9/Text-Classification-Pytorch's
    # LSTM_Attn sizes its LSTM by the word vectors it is given): the LSTM takes the embedding's width.
    "lstm_sized_by_the_embedding_s_weight": (
        HEADER
        + """
class AttentionClassifier(nn.Module):
    def __init__(self, vocab_size=60, embedding_length=12, hidden_size=7, output_size=2):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, embedding_length)
        self.lstm = nn.LSTM(self.word_embeddings.weight.shape[1], hidden_size, batch_first=True)
        self.label = nn.Linear(self.lstm.weight_hh_l0.size(1), output_size)

    def attention_net(self, lstm_output, final_state):
        hidden = final_state.squeeze(0)
        attn_weights = torch.bmm(lstm_output, hidden.unsqueeze(2)).squeeze(2)
        soft_attn_weights = torch.softmax(attn_weights, 1)
        return torch.bmm(lstm_output.transpose(1, 2), soft_attn_weights.unsqueeze(2)).squeeze(2)

    def forward(self, input_sentences):
        embedded = self.word_embeddings(input_sentences)
        output, (final_hidden_state, final_cell_state) = self.lstm(embedded)
        attn_output = self.attention_net(output, final_hidden_state)
        return self.label(attn_output) * self.word_embeddings.weight.size(-1)


model = AttentionClassifier()
""",
        [[3, 9]],
    ),
    # A module of the model's own parameter's sizes, len() of a bias, a local module's weight, a bidirectional
    # LSTM's reverse weights.
    "own_parameter_bias_and_local_module": (
        HEADER
        + """
class Net(nn.Module):
    def __init__(self, vocab=50, dim=8, hidden=6):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(self.emb.weight.shape[1], hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(self.lstm.weight_hh_l0_reverse.size(1) * 2, self.emb.weight.size()[0] // 10)
        emb = nn.Embedding(7, 3)
        self.proj = nn.Linear(emb.weight.shape[-1], len(self.fc.bias))
        self.w = nn.Parameter(torch.zeros(4, 5))
        self.v = nn.Linear(self.w.shape[1], self.w.size(0))

    def forward(self, x):
        out, _ = self.lstm(self.emb(x))
        return self.fc(out[:, -1])


model = Net()
""",
        [[2, 5]],
    ),
    # The GloVe idiom with a matrix of another vocabulary's size and width: the LSTM sized by the embedding's
    # weight as it is after the assignment, and forward through the embedding of the replaced weight.
    "embedding_s_weight_replaced": (
        HEADER
        + """
class Net(nn.Module):
    def __init__(self, pretrained_rows=30, dim=8):
        super().__init__()
        self.emb = nn.Embedding(pretrained_rows, dim)
        self.emb.weight.data = torch.randn(40, 12)
        self.lstm = nn.LSTM(self.emb.weight.shape[1], 5)
        self.out = nn.Linear(self.lstm.weight_hh_l0.shape[1], self.emb.weight.size(0))

    def forward(self, x):
        y, _ = self.lstm(self.emb(x))
        return self.out(y[-1]) * self.emb.weight.shape[1]


model = Net()
""",
        [[6, 2]],
    ),
    # Weight tying the other way round (the embedding takes the output layer's weight, as in language models
    # that build the decoder first): the embedding's rows are the Linear's weight's.
    "embedding_tied_to_the_output_layer": (
        HEADER
        + """
class LanguageModel(nn.Module):
    def __init__(self, ntoken=40, ninp=10, nhid=10):
        super().__init__()
        self.decoder = nn.Linear(nhid, ntoken)
        self.encoder = nn.Embedding(ntoken, 6)
        self.encoder.weight = self.decoder.weight
        self.rnn = nn.GRU(self.encoder.weight.size(1), nhid, batch_first=True)

    def forward(self, tokens):
        output, _ = self.rnn(self.encoder(tokens))
        return self.decoder(output)


model = LanguageModel()
""",
        [[2, 7]],
    ),
}

#: The note lstmcalc prints under a case's table.
NOTES = {
    "embedding_tied_to_the_output_layer": "encoder.weight is decoder.weight (tied weights): one parameter that the "
    "state_dict lists under both names and torchinfo counts twice, as the totals here do; torch's parameters() "
    "counts 1,100 in all\n",
}
