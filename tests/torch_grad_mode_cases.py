"""``forward`` code under a context manager that switches autograd alone (``with torch.no_grad():``): its body
runs as without it, and torchinfo's table is the same. The golden tables are torchinfo's
(tests/oracle/test_torch_grad_modes_oracle.py)."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n"

#: name -> (code making ``model``, forward's input shapes): the table is the golden file of the name.
READ = {
    # bentrevett/pytorch-sentiment-analysis, "Transformers for Sentiment Analysis": a frozen encoder runs
    # under torch.no_grad() and a GRU reads its output (an nn.Embedding stands in for BERT here).
    "frozen_encoder_under_no_grad": (
        HEADER
        + """
class FrozenEncoderGRU(nn.Module):
    def __init__(self, vocab=120, dim=16, hidden=12, n_layers=2, output_dim=1, bidirectional=True):
        super().__init__()
        self.encoder = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, hidden, num_layers=n_layers, bidirectional=bidirectional, batch_first=True)
        self.out = nn.Linear(hidden * 2 if bidirectional else hidden, output_dim)

    def forward(self, text):
        with torch.no_grad():
            embedded = self.encoder(text)
        _, hidden = self.rnn(embedded)
        if self.rnn.bidirectional:
            hidden = torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
        else:
            hidden = hidden[-1, :, :]
        return self.out(hidden)


model = FrozenEncoderGRU()
""",
        [[3, 7]],
    ),
    # A return inside the with block, and two managers in one statement.
    "return_inside_two_managers": (
        HEADER
        + """
class Scorer(nn.Module):
    def __init__(self, n_in=6, hidden=10):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, batch_first=True)
        self.head = nn.Sequential(nn.Linear(hidden, hidden // 2), nn.ReLU(), nn.Linear(hidden // 2, 1))

    def forward(self, x):
        with torch.autograd.no_grad(), torch.enable_grad():
            out, (h, c) = self.lstm(x)
            return self.head(h[-1])


model = Scorer()
""",
        [[4, 9, 6]],
    ),
    # torch.set_grad_enabled(self.training), as training loops write it, and torch.inference_mode().
    "grad_enabled_by_mode": (
        HEADER
        + """
class Tagger(nn.Module):
    def __init__(self, n_in=5, hidden=8, tags=4):
        super().__init__()
        self.rnn = nn.LSTM(n_in, hidden, batch_first=True, bidirectional=True)
        self.proj = nn.Linear(2 * hidden, tags)

    def forward(self, x):
        with torch.set_grad_enabled(self.training):
            out, _ = self.rnn(x)
        with torch.inference_mode(mode=True):
            scores = self.proj(out)
        return scores.log_softmax(dim=-1)


model = Tagger()
""",
        [[2, 11, 5]],
    ),
}

#: name -> (code, input shapes, the note lstmcalc prints): a manager that may change what forward computes
#: (autocast changes dtypes, a manager of the file's own may do anything) is not followed into.
STOPPED = {
    "autocast": (
        HEADER
        + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        with torch.autocast("cpu"):
            return self.fc(x)


model = Net()
""",
        [[3, 4]],
        "forward is followed up to line 11 (a statement lstmcalc does not follow); the shapes after it are unknown (?)",
    ),
    "a_call_in_the_manager_s_arguments": (
        HEADER
        + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        with torch.set_grad_enabled(bool(self.fc(x).sum())):
            return self.fc(x)


model = Net()
""",
        [[3, 4]],
        "forward is followed up to line 11 (a statement lstmcalc does not follow); the shapes after it are unknown (?)",
    ),
}
