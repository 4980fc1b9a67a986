"""PyTorch modules as real code writes them, shared by the plain tests (tests/test_torch_code.py,
numbers pinned from torch 2.13) and the oracle module that runs each in real torch
(tests/oracle/test_torch_code_oracle.py). Each is rewritten afresh; its inspiration is named.

Each case: (code, --input-shape list, {module path: (output shape, parameters)}).
"""

from __future__ import annotations

from typing import Any

#: name -> (code, input shapes as forward receives them, {layer: (output shape, params)}).
TORCH_CODE_CASES: dict[str, tuple[str, list[list[int]], dict[str, tuple[list[int], int]]]] = {
    # After TomMann937/projectIV-code src/lstm/model.py: out, (hn, cn) = lstm(x); out[:, -1, :].
    "last_step_head": (
        """
import torch.nn as nn

class LSTMModel(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, output_size):
        super(LSTMModel, self).__init__()
        self.hidden_size = hidden_size
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        out, (hn, cn) = self.lstm(x)
        out = out[:, -1, :]
        out = self.fc(out)
        return out

model = LSTMModel(5, 32, 2, 1)
""",
        [[4, 12, 5]],
        {"lstm": ([4, 32], 13440), "fc": ([4, 1], 33)},
    ),
    # After maestria-ds-eafit/proyecto-integrador-semestre-2 notebooks/time_series/lstm/lstm.py: fc(out[:, -1, :]).
    "keyword_instantiation": (
        """
import torch.nn as nn

class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(LSTM, self).__init__()
        self.rnn = nn.LSTM(input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        out, _ = self.rnn(x)
        out = self.fc(out[:, -1, :])
        return out

net = LSTM(input_size=3, hidden_size=16, output_size=2)
""",
        [[2, 7, 3]],
        {"rnn": ([2, 16], 1344), "fc": ([2, 2], 34)},
    ),
    # After the Sequential head of a public LSTM regressor (search: "self._fc = nn.Sequential(... nn.ReLU()").
    "sequential_head_with_defaults": (
        """
import torch
import torch.nn as nn

HIDDEN = 48

class Forecaster(nn.Module):
    def __init__(self, n_features=6, hidden=HIDDEN, horizon=3):
        super().__init__()
        self._lstm = nn.LSTM(n_features, hidden, num_layers=2, batch_first=True, dropout=0.1)
        self._fc = nn.Sequential(
            nn.Linear(hidden, hidden // 2),
            nn.ReLU(),
            nn.Linear(hidden // 2, horizon),
        )

    def forward(self, x) -> torch.Tensor:
        out, _ = self._lstm(x)
        return self._fc(out[:, -1, :])
""",
        [[8, 20, 6]],
        {"_lstm": ([8, 48], 29568), "_fc.0": ([8, 24], 1176), "_fc.2": ([8, 3], 75)},
    ),
    # A bidirectional GRU tagger on every step, config dict values (cfg["hidden"]).
    "bidirectional_gru_tagger_config": (
        """
import torch.nn as nn

CONFIG = {"vocab": 500, "embed": 32, "hidden": 24, "tags": 9}

class Tagger(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embedding = nn.Embedding(cfg["vocab"], cfg["embed"], padding_idx=0)
        self.gru = nn.GRU(cfg["embed"], cfg["hidden"], batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(0.3)
        self.out = nn.Linear(cfg["hidden"] * 2, cfg["tags"])

    def forward(self, tokens):
        embedded = self.embedding(tokens)
        outputs, hidden = self.gru(embedded)
        return self.out(self.dropout(outputs))

model = Tagger(CONFIG)
""",
        [[3, 15]],
        {
            "embedding": ([3, 15, 32], 16000),
            "gru": ([3, 15, 48], 8352),
            "dropout": ([3, 15, 48], 0),
            "out": ([3, 15, 9], 441),
        },
    ),
    # h[-1] of a one-direction LSTM, as many sentiment classifiers read the last layer's state.
    "last_hidden_state": (
        """
import torch
from torch import nn

class SentimentLSTM(nn.Module):
    def __init__(self, vocab_size, embedding_dim=64, hidden_dim=128, n_layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, n_layers, batch_first=True)
        self.fc = nn.Linear(hidden_dim, 1)

    def forward(self, x):
        embeds = self.embedding(x)
        lstm_out, (h, c) = self.lstm(embeds)
        return torch.sigmoid(self.fc(h[-1]))

model = SentimentLSTM(vocab_size=1000)
""",
        [[5, 30]],
        {"embedding": ([5, 30, 64], 64000), "lstm": ([5, 128], 231424), "fc": ([5, 1], 129)},
    ),
    # Conv1d front end with permute, then an LSTM (CNN-LSTM time-series models).
    "conv_front_end": (
        """
import torch
import torch.nn as nn
import torch.nn.functional as F

class CNNLSTM(nn.Module):
    def __init__(self, channels=4, filters=16, hidden=32, classes=5):
        super().__init__()
        self.conv = nn.Conv1d(channels, filters, kernel_size=3, padding=1)
        self.norm = nn.BatchNorm1d(filters)
        self.lstm = nn.LSTM(filters, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        x = x.permute(0, 2, 1)
        x = F.relu(self.norm(self.conv(x)))
        x = x.permute(0, 2, 1)
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])

model = CNNLSTM()
""",
        [[2, 50, 4]],
        {"conv": ([2, 50, 16], 208), "norm": ([2, 50, 16], 32), "lstm": ([2, 32], 6400), "fc": ([2, 5], 165)},
    ),
    # Two inputs joined with torch.cat, an RNN and LayerNorm; module constants and arithmetic.
    "two_inputs_concatenated": (
        """
import torch
import torch.nn as nn

STATIC = 10
UNITS = 20

class Fusion(nn.Module):
    def __init__(self, seq_features=7):
        super().__init__()
        self.units = UNITS * 2
        self.rnn = nn.RNN(seq_features, self.units, batch_first=True)
        self.static = nn.Linear(STATIC, UNITS)
        self.norm = nn.LayerNorm(self.units + UNITS)
        self.head = nn.Linear(self.units + UNITS, 1)

    def forward(self, sequence, features):
        out, h = self.rnn(sequence)
        joined = torch.cat([out[:, -1, :], self.static(features)], dim=1)
        return self.head(self.norm(joined))

model = Fusion()
""",
        [[4, 9, 7], [4, 10]],
        {
            "rnn": ([4, 40], 1960),
            "static": ([4, 20], 220),
            "cat": ([4, 60], 0),
            "norm": ([4, 60], 120),
            "head": ([4, 1], 61),
        },
    ),
    # Self-attention over LSTM outputs with MultiheadAttention, then the last step.
    "attention_over_lstm": (
        """
import torch.nn as nn

class AttentionLSTM(nn.Module):
    def __init__(self, n_in=12, hidden=32, heads=4):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, batch_first=True)
        self.attention = nn.MultiheadAttention(hidden, heads, batch_first=True)
        self.classifier = nn.Linear(hidden, 3)

    def forward(self, x):
        out, _ = self.lstm(x)
        attended, weights = self.attention(out, out, out)
        return self.classifier(attended)

model = AttentionLSTM()
""",
        [[2, 6, 12]],
        {"lstm": ([2, 6, 32], 5888), "attention": ([2, 6, 32], 4224), "classifier": ([2, 6, 3], 99)},
    ),
}


def run_in_torch(code: str, input_shapes: list[list[int]]) -> tuple[Any, dict[str, tuple[list[int], int]]]:
    """Each named module's output shape (a recurrent module's last step where lstmcalc reads one) and
    parameter count, from the module the code builds, run in real torch."""
    import torch

    namespace: dict[str, Any] = {}
    exec(compile(code, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
    classes = [value for value in namespace.values() if isinstance(value, type) and issubclass(value, torch.nn.Module)]
    instances = [value for value in namespace.values() if isinstance(value, torch.nn.Module)]
    module = instances[0] if instances else [c for c in classes if c.__module__ is None or True][-1]()
    module.eval()
    found: dict[str, tuple[list[int], int]] = {}

    def hook(name: str) -> Any:
        def record(_: Any, __: Any, output: Any) -> None:
            tensor = output[0] if isinstance(output, tuple) else output
            found[name] = (list(tensor.shape), 0)

        return record

    for name, child in module.named_modules():
        if name and not isinstance(child, torch.nn.Sequential):
            child.register_forward_hook(hook(name))
    tensors = [
        torch.zeros(shape, dtype=torch.long) if len(shape) == 2 and _embeds(module) else torch.zeros(shape)
        for shape in input_shapes
    ]
    with torch.no_grad():
        result = module(*tensors)
    for name, child in module.named_modules():
        if name in found:
            found[name] = (found[name][0], sum(p.numel() for p in child.parameters()))
    return result, found


def _embeds(module: Any) -> bool:
    import torch

    return any(isinstance(child, torch.nn.Embedding) for child in module.modules())
