"""PyTorch code whose forward checks what it holds (``isinstance``) or hands a module what it cannot take,
as a probe against torch 2.13 found it: ``isinstance(hidden, tuple)`` stopped forward, so the rows after it
were lost, and an nn.LSTM inside nn.Sequential gave its tuple to the next module, which torch refuses and
lstmcalc summarised; and constructors given all their arguments by position, up to nn.Conv1d's padding_mode and
nn.Embedding's sparse, which were refused as too many. Shared by tests/test_torch_forward_checks.py and its
oracle module."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: Read, with torchinfo's table (tests/golden/torch_forward_checks): name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    # pytorch/examples, word_language_model/model.py: the hidden state of an LSTM is a pair, of a GRU one tensor.
    "isinstance_of_the_hidden_state": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.LSTM(10, 12)\n        self.decoder = nn.Linear(12, 5)\n\n"
        "    def forward(self, x):\n        output, hidden = self.rnn(x)\n"
        "        if isinstance(hidden, tuple):\n            hidden = hidden[0]\n"
        "        return self.decoder(output), hidden\n\n\nmodel = Net()\n",
        [[6, 3, 10]],
    ),
    # A model that may be built with either cell, and checks its parts and inputs by class.
    "isinstance_of_modules_tensors_and_numbers": (
        HEADER + "class Encoder(nn.Module):\n    def __init__(self, cell='GRU'):\n        super().__init__()\n"
        "        self.rnn = getattr(nn, cell)(8, 16, batch_first=True)\n\n"
        "    def forward(self, x):\n        out, h = self.rnn(x)\n"
        "        if isinstance(self.rnn, nn.LSTM):\n            h = h[0]\n"
        "        return out, h\n\n\n"
        "class Tagger(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.encoder = Encoder()\n        self.head = nn.Linear(16, 4)\n        self.scale = 2\n\n"
        "    def forward(self, x):\n        if not isinstance(x, torch.Tensor):\n            x = torch.stack(x)\n"
        "        out, h = self.encoder(x)\n"
        "        if isinstance(self.encoder, Encoder) and isinstance(self.scale, (int, float)):\n"
        "            out = out * self.scale\n"
        "        if isinstance(h, (list, tuple)) or isinstance(self.head, nn.RNNBase):\n            h = h[-1]\n"
        "        return self.head(out[:, -1])\n\n\nmodel = Tagger()\n",
        [[2, 7, 8]],
    ),
    # Every argument by position, as torch 2.x's constructors take them (a refactoring tool's output).
    "arguments_by_position_conv_rnn_norm": (
        "import torch\nfrom torch import nn\nfrom torch.nn import LSTM as RNNLayer, GRU\n\n\n"
        "class Net(nn.Module):\n    D = 6\n    H = D * 2 + 1\n\n    def __init__(self):\n        super().__init__()\n"
        "        self.conv = nn.Conv1d(self.D, 8, 3, 2, 1, 2, 2, False, 'zeros')\n"
        "        self.lstm = RNNLayer(8, self.H, 2, False, True, 0.0, True, 5)\n"
        "        self.gru = GRU(10, 4, 1, True, False, 0, True)\n        self.fc = nn.Linear(4 * 2, 3, False)\n"
        "        self.bn = nn.BatchNorm1d(3, 1e-3, 0.1, False, False)\n\n"
        "    def forward(self, x):\n        y = self.conv(x).transpose(1, 2)\n        o, _ = self.lstm(y)\n"
        "        o2, _ = self.gru(o.transpose(0, 1))\n        return self.bn(self.fc(o2[-1]))\n\n\nmodel = Net()\n",
        [[2, 6, 20]],
    ),
    "arguments_by_position_embedding_attention": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.emb = nn.Embedding(50, 12, 0, 2.0, 2.0, False, False)\n"
        "        self.ln = nn.LayerNorm(12, 1e-6, True, False)\n"
        "        self.mha = nn.MultiheadAttention(12, 3, 0.0, False, True, False, 7, 5, True)\n"
        "        self.kp = nn.Linear(12, 7)\n        self.vp = nn.Linear(12, 5)\n"
        "        self.gn = nn.GroupNorm(3, 12, 1e-5, False)\n"
        "        self.tel = nn.TransformerEncoderLayer(12, 2, 24, 0.1, 'gelu', 1e-5, True, True, False)\n\n"
        "    def forward(self, x):\n        e = self.ln(self.emb(x))\n"
        "        a, _ = self.mha(e, self.kp(e), self.vp(e))\n"
        "        a = self.gn(a.transpose(1, 2)).transpose(1, 2)\n        return self.tel(a)\n\n\nmodel = Net()\n",
        [[2, 9]],
    ),
}

#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    # The classic mistake: an LSTM in nn.Sequential hands (output, (h_n, c_n)) to the next module.
    "lstm_inside_sequential_gives_its_tuple_to_linear": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.net = nn.Sequential(nn.LSTM(16, 32, batch_first=True), nn.Linear(32, 4))\n\n"
        "    def forward(self, x):\n        return self.net(x)\n\n\nmodel = Net()\n",
        [[2, 5, 16]],
        "11:16",
        "torch would refuse this call: nn.Linear is given a tuple, not a tensor (an nn.LSTM, nn.GRU or nn.RNN "
        "returns a tuple: (output, h_n))",
        "linear(): argument 'input' (position 1) must be Tensor, not tuple",
    ),
    "gru_output_pair_given_to_dropout": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(6, 8, batch_first=True)\n        self.drop = nn.Dropout(0.2)\n\n"
        "    def forward(self, x):\n        return self.drop(self.gru(x))\n\n\nmodel = Net()\n",
        [[2, 5, 6]],
        "12:16",
        "torch would refuse this call: nn.Dropout is given a tuple, not a tensor (an nn.LSTM, nn.GRU or nn.RNN "
        "returns a tuple: (output, h_n))",
        "dropout(): argument 'input' (position 1) must be Tensor, not tuple",
    ),
}
