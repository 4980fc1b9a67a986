"""PyTorch modules called with their tensors by keyword (``self.attention(query=x, key=x, value=x)``,
``self.embedding(input=ids)``): torchinfo prints their output shapes as for positional calls. Shared by
tests/test_torch_keyword_tensors.py, which holds lstmcalc's table to torchinfo's (tests/golden/
torch_keyword_tensors), and its oracle module, which makes each in torch 2.13 and prints torchinfo's."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: name -> (code, input shapes as --input-shape gives them).
CASES: dict[str, tuple[str, list[list[int]]]] = {
    "embedding_and_linear": (
        HEADER + "class Tagger(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.embedding = nn.Embedding(100, 8)\n        self.fc = nn.Linear(8, 3)\n\n"
        "    def forward(self, ids):\n        return self.fc(input=self.embedding(input=ids))\n\n\n"
        "model = Tagger()\n",
        [[2, 5]],
    ),
    # After the idiom of self-attention pooling blocks: query, key and value named.
    "attention_by_name": (
        HEADER + "class Pool(nn.Module):\n"
        "    def __init__(self, dim=16, heads=4):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(8, dim, batch_first=True)\n"
        "        self.attention = nn.MultiheadAttention(dim, heads, batch_first=True)\n"
        "        self.head = nn.Linear(dim, 2)\n\n"
        "    def forward(self, x):\n        out, _ = self.lstm(input=x)\n"
        "        attended, weights = self.attention(query=out, key=out, value=out)\n"
        "        return self.head(attended.mean(dim=1))\n\n\n"
        "model = Pool()\n",
        [[2, 5, 8]],
    ),
    "cross_attention_query_by_position": (
        HEADER + "class Cross(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.attention = nn.MultiheadAttention(16, 2, kdim=6, vdim=10)\n\n"
        "    def forward(self, query, keys, values):\n"
        "        return self.attention(query, key=keys, value=values, need_weights=False)[0]\n\n\n"
        "model = Cross()\n",
        [[4, 2, 16], [7, 2, 6], [7, 2, 10]],
    ),
    "gru_state_by_name": (
        HEADER + "class Encoder(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(8, 16, num_layers=2)\n\n"
        "    def forward(self, x):\n        h0 = torch.zeros(2, x.size(1), 16)\n"
        "        out, h = self.gru(x, hx=h0)\n        return h\n\n\n"
        "model = Encoder()\n",
        [[5, 3, 8]],
    ),
    "encoder_src_by_name": (
        HEADER + "class Classifier(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        layer = nn.TransformerEncoderLayer(d_model=16, nhead=2, dim_feedforward=32, batch_first=True)\n"
        "        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)\n"
        "        self.fc = nn.Linear(16, 3)\n\n"
        "    def forward(self, x):\n        return self.fc(self.encoder(src=x)[:, 0])\n\n\n"
        "model = Classifier()\n",
        [[2, 6, 16]],
    ),
}
