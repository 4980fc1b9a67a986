"""``__init__`` code that replaces a parameter's or buffer's ``.data`` (the pretrained-embedding idiom): the
tensor given becomes the parameter, whatever its shape, and a tied parameter changes under every name it has.
What torch 2.13 holds afterwards is pinned by tests/oracle/test_torch_data_assignment_oracle.py."""

from __future__ import annotations

HEADER = "import numpy as np\nimport torch\nimport torch.nn as nn\n\n"

#: name -> code making ``model``, and what torch holds of it (tests.torch_code_cases.held_in_torch).
READ = {
    # The GloVe idiom of many text classifiers (e.g. bentrevett/pytorch-sentiment-analysis's
    # `model.embedding.weight.data.copy_(pretrained)`, here as the assignment other repositories write):
    # the matrix is of another vocabulary's size, so the parameter takes its shape.
    "pretrained_of_another_vocabulary": (
        HEADER
        + """
class Classifier(nn.Module):
    def __init__(self, vocab=50, dim=8, hidden=6):
        super().__init__()
        pretrained = torch.randn(120, dim)
        self.embedding = nn.Embedding(vocab, dim)
        self.embedding.weight.data = pretrained
        self.embedding.weight.requires_grad = False
        self.lstm = nn.LSTM(dim, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 3)
        self.fc.bias.data.copy_(torch.zeros(3))

    def forward(self, x):
        out, _ = self.lstm(self.embedding(x))
        return self.fc(out[:, -1])


model = Classifier()
""",
        {
            "state_dict": {
                "embedding.weight": (120, 8),
                "lstm.weight_ih_l0": (24, 8),
                "lstm.weight_hh_l0": (24, 6),
                "lstm.bias_ih_l0": (24,),
                "lstm.bias_hh_l0": (24,),
                "fc.weight": (3, 6),
                "fc.bias": (3,),
            },
            "named_parameters": {
                "embedding.weight": (120, 8),
                "lstm.weight_ih_l0": (24, 8),
                "lstm.weight_hh_l0": (24, 6),
                "lstm.bias_ih_l0": (24,),
                "lstm.bias_hh_l0": (24,),
                "fc.weight": (3, 6),
                "fc.bias": (3,),
            },
            "parameters": 1365,
            "trainable": 405,
        },
    ),
    "own_parameter_and_buffer": (
        HEADER
        + """
class Scorer(nn.Module):
    def __init__(self, d=4):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(d))
        self.w.data = torch.ones(d, 2 * d)
        self.register_buffer("mask", torch.ones(1))
        self.mask.data = torch.ones(d, d)

    def forward(self, x):
        return x @ self.w


model = Scorer()
""",
        {
            "state_dict": {"w": (4, 8), "mask": (4, 4)},
            "named_parameters": {"w": (4, 8)},
            "parameters": 32,
            "trainable": 32,
        },
    ),
    # A language model's tied decoder (the word_language_model idiom of pytorch/examples), its shared
    # matrix then replaced by one of another size: both names hold the new tensor.
    "tied_then_replaced": (
        HEADER
        + """
class LanguageModel(nn.Module):
    def __init__(self, tokens=30, width=6):
        super().__init__()
        self.encoder = nn.Embedding(tokens, width)
        self.rnn = nn.GRU(width, width)
        self.decoder = nn.Linear(width, tokens, bias=False)
        self.decoder.weight = self.encoder.weight
        self.decoder.weight.data = torch.zeros(tokens + 10, width).uniform_(-0.1, 0.1)

    def forward(self, x):
        out, _ = self.rnn(self.encoder(x))
        return self.decoder(out)


model = LanguageModel()
""",
        {
            "state_dict": {
                "encoder.weight": (40, 6),
                "rnn.weight_ih_l0": (18, 6),
                "rnn.weight_hh_l0": (18, 6),
                "rnn.bias_ih_l0": (18,),
                "rnn.bias_hh_l0": (18,),
                "decoder.weight": (40, 6),
            },
            "named_parameters": {
                "encoder.weight": (40, 6),
                "rnn.weight_ih_l0": (18, 6),
                "rnn.weight_hh_l0": (18, 6),
                "rnn.bias_ih_l0": (18,),
                "rnn.bias_hh_l0": (18,),
            },
            "parameters": 492,
            "trainable": 492,
        },
    ),
}

#: name -> code, and where and how lstmcalc refuses it: a tensor whose shape it cannot know.
REFUSED = {
    "numpy_matrix": (
        HEADER
        + """embedding_matrix = np.load("glove.npy")


class Classifier(nn.Module):
    def __init__(self, vocab=1000, dim=100):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.embedding.weight.data = torch.from_numpy(embedding_matrix)


model = Classifier()
""",
        "12:38",
        "lstmcalc cannot know the shape of torch.from_numpy(embedding_matrix) without running the code, and it "
        "becomes self.embedding.weight's: make the tensor with known sizes (torch.zeros(rows, columns)), or make "
        "the module with those sizes",
    ),
}
