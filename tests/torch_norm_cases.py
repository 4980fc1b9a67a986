"""PyTorch code with the channel normalizations, PReLU and EmbeddingBag, as real sequence models write
them: each read by ``lstmcalc summary model.py --input-shape ...``. The plain suite
(tests/test_torch_norms.py) pins the torchinfo table in tests/golden/torch_norms/NAME.out and the
state_dict below; tests/oracle/test_torch_norms_oracle.py builds each model in torch 2.13 and holds
both to torchinfo 1.8's text and the module's own state_dict.

Each model is written afresh after the repository named in its comment, never copied.
"""

from __future__ import annotations

from typing import Any, NamedTuple

#: The torch.nn modules these cases read.
NORM_KINDS = (
    "BatchNorm2d",
    "BatchNorm3d",
    "InstanceNorm1d",
    "InstanceNorm2d",
    "InstanceNorm3d",
    "GroupNorm",
    "PReLU",
    "EmbeddingBag",
)


class NormCase(NamedTuple):
    """Code, its ``--input-shape`` tensors, whether they are integer ids, and each module's parameters and
    buffers as the state_dict names them: {module path: [(name, shape), ...]}."""

    code: str
    input_shapes: tuple[tuple[int, ...], ...]
    ids: bool
    state: dict[str, list[tuple[str, tuple[int, ...]]]]


def _norm(channels: int, weights: tuple[str, ...] = ("weight", "bias"), running: bool = True) -> list[Any]:
    """A norm's state over ``channels``: its ``weights``, then its running statistics if it keeps them."""
    held: list[Any] = [(name, (channels,)) for name in weights]
    if running:
        held += [("running_mean", (channels,)), ("running_var", (channels,)), ("num_batches_tracked", ())]
    return held


def _lstm(inputs: int, hidden: int, layer: int = 0, bidirectional: bool = False, gates: int = 4) -> list[Any]:
    """One layer of an LSTM's (or with ``gates=3``, a GRU's) parameters, both directions if bidirectional."""
    rows = gates * hidden
    return [
        (f"{name}_l{layer}{suffix}", shape)
        for suffix in ("", "_reverse")[: 2 if bidirectional else 1]
        for name, shape in (
            ("weight_ih", (rows, inputs)),
            ("weight_hh", (rows, hidden)),
            ("bias_ih", (rows,)),
            ("bias_hh", (rows,)),
        )
    ]


NORM_CASES: dict[str, NormCase] = {
    # After ms20237/License-Plate-Detection-with-Yolo-CRNN-LSTM (CRNN.py): a Conv2d front-end with
    # BatchNorm2d, the feature map's height folded into the features of a batch-first BiLSTM.
    "crnn_plate_reader": NormCase(
        """
import torch.nn as nn


class PlateCRNN(nn.Module):
    def __init__(self, classes=37):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.MaxPool2d(2, 2),
            nn.Conv2d(32, 64, 3, padding=1, bias=False),
            nn.BatchNorm2d(64, momentum=0.01, track_running_stats=False),
            nn.ReLU(),
            nn.MaxPool2d((2, 1)),
            nn.Conv2d(64, 64, 3, padding=1),
            nn.BatchNorm2d(64, affine=False),
        )
        self.rnn = nn.LSTM(64 * 8, 48, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(96, classes)

    def forward(self, x):
        x = self.features(x)
        b, c, h, w = x.size()
        x = x.permute(0, 3, 1, 2).reshape(b, w, c * h)
        x, _ = self.rnn(x)
        return self.fc(x).log_softmax(2)


model = PlateCRNN()
""",
        ((2, 1, 32, 64),),
        False,
        {
            "features.0": [("weight", (32, 1, 3, 3)), ("bias", (32,))],
            "features.1": _norm(32),
            "features.4": [("weight", (64, 32, 3, 3))],
            "features.5": _norm(64, running=False),
            "features.8": [("weight", (64, 64, 3, 3)), ("bias", (64,))],
            "features.9": _norm(64, weights=()),
            "rnn": _lstm(512, 48, bidirectional=True) + _lstm(96, 48, layer=1, bidirectional=True),
            "fc": [("weight", (37, 96)), ("bias", (37,))],
        },
    ),
    # After the PyTorch text-classification tutorial's TextClassificationModel (as kept in
    # luohaohaoluo/pytorch-tutorial, text/TextClassification/code/models.py): an EmbeddingBag over
    # every bag's token ids one after another, with the offsets where each bag starts.
    "text_classification_bags": NormCase(
        """
import torch.nn as nn


class NewsClassifier(nn.Module):
    def __init__(self, vocab_size=20000, embed_dim=32, num_class=4):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, sparse=False)
        self.fc = nn.Linear(embed_dim, num_class)

    def forward(self, text, offsets):
        return self.fc(self.embedding(text, offsets))


model = NewsClassifier()
""",
        ((57,), (6,)),
        True,
        {"embedding": [("weight", (20000, 32))], "fc": [("weight", (4, 32)), ("bias", (4,))]},
    ),
    # EmbeddingBag's other ways: a 2-D batch of fixed-length bags (no offsets), mode="max" and
    # padding_idx; then offsets whose last entry closes the last bag (include_last_offset).
    "bags_by_rows_and_last_offset": NormCase(
        """
import torch.nn as nn


class TwoBags(nn.Module):
    def __init__(self):
        super().__init__()
        self.rows = nn.EmbeddingBag(500, 16, mode="max", padding_idx=0)
        self.flat = nn.EmbeddingBag(500, 16, mode="sum", include_last_offset=True)
        self.out = nn.Linear(16, 2)

    def forward(self, ids, offsets):
        by_row = self.rows(ids)
        flat = self.flat(ids.flatten(), offsets)
        return self.out(by_row), self.out(flat)


model = TwoBags()
""",
        ((4, 10), (5,)),
        True,
        {
            "rows": [("weight", (500, 16))],
            "flat": [("weight", (500, 16))],
            "out": [("weight", (2, 16)), ("bias", (2,))],
        },
    ),
    # After the separation models of JusperLee/SonicSim (separation/look2hear): a Conv1d encoder,
    # global layer norm as nn.GroupNorm(1, C), PReLU per channel, a BiLSTM over the frames.
    "separator_group_norm_prelu": NormCase(
        """
import torch.nn as nn


class Separator(nn.Module):
    def __init__(self, channels=64, hidden=32):
        super().__init__()
        self.encoder = nn.Conv1d(1, channels, 16, stride=8, bias=False)
        self.norm = nn.GroupNorm(1, channels, eps=1e-8)
        self.act = nn.PReLU(channels)
        self.groups = nn.GroupNorm(8, channels, affine=False)
        self.lstm = nn.LSTM(channels, hidden, batch_first=True, bidirectional=True)
        self.mask = nn.Linear(2 * hidden, channels)
        self.out_act = nn.PReLU()

    def forward(self, wave):
        x = self.groups(self.act(self.norm(self.encoder(wave))))
        x, _ = self.lstm(x.transpose(1, 2))
        return self.out_act(self.mask(x))


model = Separator()
""",
        ((3, 1, 800),),
        False,
        {
            "encoder": [("weight", (64, 1, 16))],
            "norm": _norm(64, running=False),
            "act": [("weight", (64,))],
            "lstm": _lstm(64, 32, bidirectional=True),
            "mask": [("weight", (64, 64)), ("bias", (64,))],
            "out_act": [("weight", (1,))],
        },
    ),
    # After the content encoder of jjery2243542/adaptive_voice_conversion: Conv1d blocks each followed
    # by InstanceNorm1d (no weights, no buffers by default), one kept affine with running statistics,
    # and an InstanceNorm2d over a spectrogram before a GRU.
    "voice_content_encoder": NormCase(
        """
import torch.nn as nn


class ContentEncoder(nn.Module):
    def __init__(self, mels=40, hidden=48):
        super().__init__()
        self.spec_norm = nn.InstanceNorm2d(1)
        self.conv1 = nn.Conv1d(mels, hidden, 5, padding=2)
        self.norm1 = nn.InstanceNorm1d(hidden)
        self.conv2 = nn.Conv1d(hidden, hidden, 3, padding=1)
        self.norm2 = nn.InstanceNorm1d(hidden, affine=True, track_running_stats=True)
        self.gru = nn.GRU(hidden, hidden, batch_first=True)

    def forward(self, spec):
        x = self.spec_norm(spec.unsqueeze(1)).squeeze(1)
        x = self.norm1(self.conv1(x)).relu()
        x = self.norm2(self.conv2(x))
        out, _ = self.gru(x.transpose(1, 2))
        return out[:, -1]


model = ContentEncoder()
""",
        ((2, 40, 30),),
        False,
        {
            "spec_norm": [],
            "conv1": [("weight", (48, 40, 5)), ("bias", (48,))],
            "norm1": [],
            "conv2": [("weight", (48, 48, 3)), ("bias", (48,))],
            "norm2": _norm(48),
            "gru": _lstm(48, 48, gates=3),
        },
    ),
    # A 3-D front-end (video frames): BatchNorm3d and InstanceNorm3d, as BatchNorm2d and InstanceNorm2d
    # one axis deeper, before an LSTM over the frames.
    "video_frames_3d": NormCase(
        """
import torch.nn as nn


class Clip(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm3d(4, bias=False)
        self.inorm = nn.InstanceNorm3d(4, affine=True)
        self.lstm = nn.LSTM(4 * 6 * 6, 10, batch_first=True)

    def forward(self, clip):
        b, t, c, h, w = clip.shape
        x = self.conv(clip.reshape(b * t, c, h, w))
        x = x.reshape(b, t, 4, 6, 6).permute(0, 2, 1, 3, 4)
        x = self.inorm(self.bn(x))
        x = x.permute(0, 2, 1, 3, 4).reshape(b, t, -1)
        out, _ = self.lstm(x)
        return out


model = Clip()
""",
        ((2, 5, 3, 8, 8),),
        False,
        {
            "conv": [("weight", (4, 3, 3, 3)), ("bias", (4,))],
            "bn": _norm(4, weights=("weight",)),
            "inorm": _norm(4, running=False),
            "lstm": _lstm(144, 10),
        },
    ),
    # Frozen parameters: a BatchNorm2d's all, a PReLU's weight, an EmbeddingBag forward never calls (its
    # parameters counted on the model's row, as torchinfo counts them).
    "frozen_norms": NormCase(
        """
import torch.nn as nn


class Frozen(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.gn = nn.GroupNorm(2, 4)
        self.act = nn.PReLU(4)
        self.bag = nn.EmbeddingBag(50, 4)
        for p in self.bn.parameters():
            p.requires_grad = False
        self.act.weight.requires_grad = False
        self.bag.requires_grad_(False)

    def forward(self, x):
        return self.act(self.gn(self.bn(self.conv(x))))


model = Frozen()
""",
        ((2, 1, 8, 8),),
        False,
        {
            "conv": [("weight", (4, 1, 3, 3)), ("bias", (4,))],
            "bn": _norm(4),
            "gn": _norm(4, running=False),
            "act": [("weight", (4,))],
            "bag": [("weight", (50, 4))],
        },
    ),
}
