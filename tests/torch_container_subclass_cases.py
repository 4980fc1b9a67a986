"""Classes based on nn.Sequential, nn.ModuleList and nn.ModuleDict (and on such classes), as real
sequence-model code writes them, shared by the plain tests (tests/test_torch_containers.py and
tests/test_torch_container_subclasses.py, numbers pinned from torch 2.13) and the oracles
(tests/oracle/test_torch_containers_oracle.py, tests/oracle/test_torch_container_subclasses_oracle.py),
which build and run each in real torch and torchinfo 1.8. Each case is written afresh in the style of
the public code its comment names; none is copied.

SUBCLASS_CASES: (code, --input-shape list), read as torch runs them (SUBCLASS_EXPECTED is run_in_torch's
output; the torchinfo tables are the golden files torchinfo/containers_NAME.out).
ASKED: code with a value lstmcalc cannot know, where it asks, its message, the --set that settles
it, and torch's totals with that value (the environment the oracle gives).
UNREADABLE: a container subclass built by code outside the file, refused; torch's total given that code.
REFUSED: code torch itself refuses, where lstmcalc's error points, its message, and torch's words.
MODULE_LEVEL_CASES: an nn.Sequential of the file's modules made at module level, read as the model
(MODULE_LEVEL_EXPECTED); WRAPPED: one lstmcalc cannot tell is the model, refused unless --model names
the class. ALL_CASES and ALL_EXPECTED join these cases with tests/torch_container_cases.py's.
"""

from __future__ import annotations

from typing import Any

from tests.torch_container_cases import CASES, EXPECTED

SUBCLASS_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # The brief's own example, and a Q-network head written this way: the model is an nn.Sequential
    # subclass without a forward, so torch runs nn.Sequential.forward, each module in turn.
    "sequential_subclass_is_the_model": (
        """
import torch.nn as nn

class Net(nn.Sequential):
    def __init__(self, n_in, hidden):
        super().__init__(nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, 2))

model = Net(10, 32)
""",
        [[4, 10]],
    ),
    # A temporal convolutional network in the style of locuslab/TCN (as ehsangolshani/workload-predictor
    # and innerVoi/MFTCN use it), its stack of blocks an nn.Sequential subclass made from a list
    # built in a loop and spread into super().__init__(*layers).
    "tcn_stack_spread_into_super": (
        """
import torch
import torch.nn as nn

class Chomp1d(nn.Module):
    def __init__(self, chomp):
        super().__init__()
        self.chomp = chomp

    def forward(self, x):
        return x[:, :, :-self.chomp].contiguous()

class TemporalBlock(nn.Module):
    def __init__(self, n_in, n_out, kernel, dilation, dropout=0.2):
        super().__init__()
        padding = (kernel - 1) * dilation
        self.net = nn.Sequential(
            nn.Conv1d(n_in, n_out, kernel, padding=padding, dilation=dilation),
            Chomp1d(padding),
            nn.ReLU(),
            nn.Dropout(dropout),
        )
        self.downsample = nn.Conv1d(n_in, n_out, 1) if n_in != n_out else None
        self.relu = nn.ReLU()

    def forward(self, x):
        out = self.net(x)
        res = x if self.downsample is None else self.downsample(x)
        return self.relu(out + res)

class TemporalConvNet(nn.Sequential):
    def __init__(self, n_inputs, channels, kernel=2, dropout=0.2):
        layers = []
        for i, n_out in enumerate(channels):
            n_in = n_inputs if i == 0 else channels[i - 1]
            layers.append(TemporalBlock(n_in, n_out, kernel, 2 ** i, dropout))
        super().__init__(*layers)

class TCN(nn.Module):
    def __init__(self, n_inputs=3, n_outputs=2, channels=(8, 8, 16)):
        super().__init__()
        self.tcn = TemporalConvNet(n_inputs, channels)
        self.linear = nn.Linear(channels[-1], n_outputs)

    def forward(self, x):
        y = self.tcn(x)
        return self.linear(y[:, :, -1])

model = TCN()
""",
        [[4, 3, 20]],
    ),
    # DenseNet's blocks as pytorch/vision's densenet.py long wrote them, here over a sequence: a layer
    # that is an nn.Sequential filled with add_module and whose forward concatenates its input with
    # super().forward(x); a block adding layers in a loop; a transition keeping Sequential's forward.
    "densenet_style_blocks_over_a_sequence": (
        """
from collections import OrderedDict

import torch
import torch.nn as nn

class _DenseLayer(nn.Sequential):
    def __init__(self, n_in, growth, bn_size):
        super().__init__()
        self.add_module("norm1", nn.BatchNorm1d(n_in))
        self.add_module("relu1", nn.ReLU())
        self.add_module("conv1", nn.Conv1d(n_in, bn_size * growth, 1, bias=False))
        self.add_module("norm2", nn.BatchNorm1d(bn_size * growth))
        self.add_module("relu2", nn.ReLU())
        self.add_module("conv2", nn.Conv1d(bn_size * growth, growth, 3, padding=1, bias=False))

    def forward(self, x):
        return torch.cat([x, super().forward(x)], 1)

class _DenseBlock(nn.Sequential):
    def __init__(self, n_layers, n_in, growth, bn_size):
        super().__init__()
        for i in range(n_layers):
            self.add_module("denselayer%d" % (i + 1), _DenseLayer(n_in + i * growth, growth, bn_size))

class _Transition(nn.Sequential):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.add_module("norm", nn.BatchNorm1d(n_in))
        self.add_module("relu", nn.ReLU())
        self.add_module("conv", nn.Conv1d(n_in, n_out, 1, bias=False))
        self.add_module("pool", nn.AvgPool1d(2, stride=2))

class DenseNet1d(nn.Module):
    def __init__(self, n_in=2, growth=4, blocks=(2, 2), bn_size=2, classes=3):
        super().__init__()
        width = 8
        self.features = nn.Sequential(OrderedDict([("conv0", nn.Conv1d(n_in, width, 5, padding=2))]))
        for i, n_layers in enumerate(blocks):
            self.features.add_module("denseblock%d" % (i + 1), _DenseBlock(n_layers, width, growth, bn_size))
            width = width + n_layers * growth
            if i != len(blocks) - 1:
                self.features.add_module("transition%d" % (i + 1), _Transition(width, width // 2))
                width = width // 2
        self.classifier = nn.Linear(width, classes)

    def forward(self, x):
        features = self.features(x)
        return self.classifier(features.mean(dim=2))

model = DenseNet1d()
""",
        [[2, 2, 16]],
    ),
    # A Vision-Transformer-style encoder as FrancescoSaverioZuppichini/ViT writes it, over a sequence:
    # blocks that are nn.Sequential subclasses of residual wrappers, the encoder itself one made
    # from a comprehension spread into super().__init__, and the model that encoder.
    "transformer_blocks_as_sequential_subclasses": (
        """
import torch.nn as nn

class ResidualAdd(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return x + self.fn(x)

class FeedForwardBlock(nn.Sequential):
    def __init__(self, emb_size, expansion=4, drop_p=0.0):
        super().__init__(
            nn.Linear(emb_size, expansion * emb_size),
            nn.GELU(),
            nn.Dropout(drop_p),
            nn.Linear(expansion * emb_size, emb_size),
        )

class EncoderBlock(nn.Sequential):
    def __init__(self, emb_size, drop_p=0.0):
        super().__init__(
            ResidualAdd(nn.Sequential(nn.LayerNorm(emb_size), nn.Linear(emb_size, emb_size), nn.Dropout(drop_p))),
            ResidualAdd(nn.Sequential(nn.LayerNorm(emb_size), FeedForwardBlock(emb_size, expansion=2))),
        )

class Encoder(nn.Sequential):
    def __init__(self, depth=2, emb_size=16):
        super().__init__(*[EncoderBlock(emb_size) for _ in range(depth)])

model = Encoder(depth=2, emb_size=16)
""",
        [[2, 7, 16]],
    ),
    # A residual stack of dilated convolutions as WaveNet and MelGAN code writes one (seungwonpark/melgan's
    # ResStack, tuanqdinh/1912-semiopt-ar's ResidualStack), here an nn.ModuleList subclass with a
    # forward of its own walking self, and a subclass of it that says nothing new.
    "wavenet_style_module_list_with_its_own_forward": (
        """
import torch
import torch.nn as nn

class ResStack(nn.ModuleList):
    def __init__(self, channels, depth=3):
        super().__init__(
            [
                nn.Sequential(
                    nn.LeakyReLU(0.2),
                    nn.Conv1d(channels, channels, 3, dilation=3 ** i, padding=3 ** i),
                    nn.LeakyReLU(0.2),
                    nn.Conv1d(channels, channels, 1),
                )
                for i in range(depth)
            ]
        )

    def forward(self, x):
        for layer in self:
            x = x + layer(x)
        return x

class SameStack(ResStack):
    pass

class Vocoder(nn.Module):
    def __init__(self, n_mels=5, channels=6):
        super().__init__()
        self.pre = nn.Conv1d(n_mels, channels, 7, padding=3)
        self.stack = SameStack(channels, depth=2)
        self.post = nn.Conv1d(channels, 1, 7, padding=3)

    def forward(self, mel):
        return torch.tanh(self.post(self.stack(self.pre(mel))))

model = Vocoder()
""",
        [[2, 5, 12]],
    ),
    # Task heads in an nn.ModuleDict subclass filled with self[name] = ... and walked by its own forward
    # over self.items(), as pytorch/vision's _DenseBlock(nn.ModuleDict) walks its layers; a GRU tagger
    # uses it.
    "module_dict_subclass_heads": (
        """
import torch
import torch.nn as nn

class TaskHeads(nn.ModuleDict):
    def __init__(self, dim, tasks):
        super().__init__()
        for name, size in tasks.items():
            self[name] = nn.Linear(dim, size)

    def forward(self, x):
        outputs = []
        for name, head in self.items():
            outputs.append(head(x))
        return torch.cat(outputs + [self[key](x) for key in self.keys()], dim=-1)

class Tagger(nn.Module):
    def __init__(self, vocab=50, dim=8):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, dim, batch_first=True, bidirectional=True)
        self.heads = TaskHeads(2 * dim, {"pos": 5, "ner": 3})

    def forward(self, tokens):
        out, _ = self.rnn(self.emb(tokens))
        return self.heads(out)

model = Tagger()
""",
        [[3, 9]],
    ),
    # A speech front-end: an nn.Sequential subclass from an OrderedDict with a module appended after and
    # its convolution frozen, an nn.ModuleList subclass without __init__ given its list (torch's own
    # __init__ takes it) and extended by the model, and an nn.LSTM subclass without __init__ (torch's
    # takes the arguments).
    "front_end_appended_and_classes_without_init": (
        """
from collections import OrderedDict

import torch.nn as nn

class FrontEnd(nn.Sequential):
    def __init__(self, n_mels, channels, dropout=0.1):
        super().__init__(
            OrderedDict(
                [
                    ("conv", nn.Conv1d(n_mels, channels, 3, stride=2, padding=1)),
                    ("norm", nn.BatchNorm1d(channels)),
                    ("act", nn.ReLU()),
                ]
            )
        )
        self.append(nn.Dropout(dropout))
        self.conv.requires_grad_(False)

class Projections(nn.ModuleList):
    pass

class EncoderLSTM(nn.LSTM):
    pass

class SpeechEncoder(nn.Module):
    def __init__(self, n_mels=8, channels=12, hidden=10):
        super().__init__()
        self.front = FrontEnd(n_mels, channels)
        self.rnn = EncoderLSTM(channels, hidden, batch_first=True)
        self.projections = Projections([nn.Linear(hidden, hidden)])
        self.projections.extend([nn.Tanh(), nn.Linear(hidden, 4)])

    def forward(self, mel):
        x = self.front(mel).transpose(1, 2)
        x, _ = self.rnn(x)
        for layer in self.projections:
            x = layer(x)
        return x

model = SpeechEncoder()
""",
        [[2, 8, 16]],
    ),
    # A container before a class of the file among the bases: Python finds nn.Sequential's __init__ and
    # forward first, and torch's __init__ calls super().__init__(), which runs the file's class then
    # (its module registered before the Sequential's); and an nn.ModuleList subclass whose own append
    # calls super().append twice.
    "container_first_in_the_bases_and_an_own_append": (
        """
import torch.nn as nn


class Extra(nn.Module):
    def __init__(self, *layers):
        super().__init__()
        self.extra = nn.Linear(4, 4)

    def forward(self, x):
        return self.extra(x) * 2


class Body(nn.Sequential, Extra):
    pass


class Layers(nn.ModuleList):
    def __init__(self, n):
        super().__init__()
        for _ in range(n):
            self.append(nn.Linear(4, 4))

    def append(self, module):
        super().append(module)
        super().append(nn.ReLU())
        return self

    def forward(self, x):
        for layer in self:
            x = layer(x)
        return x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = Body(nn.Linear(4, 4), nn.ReLU())
        self.layers = Layers(2)

    def forward(self, x):
        return self.layers(self.body(x))


model = Net()
""",
        [[2, 4]],
    ),
}

#: torch 2.13's numbers for SUBCLASS_CASES (run_in_torch of tests/torch_code_cases.py), pinned.
SUBCLASS_EXPECTED: dict[str, dict[str, Any]] = {
    "container_first_in_the_bases_and_an_own_append": {
        "state_dict": {
            "body.extra.weight": (4, 4),
            "body.extra.bias": (4,),
            "body.0.weight": (4, 4),
            "body.0.bias": (4,),
            "layers.0.weight": (4, 4),
            "layers.0.bias": (4,),
            "layers.2.weight": (4, 4),
            "layers.2.bias": (4,),
        },
        "params": 80,
        "trainable": 80,
        "calls": [
            ("", 0, ((2, 4),)),
            ("body", 1, ((2, 4),)),
            ("body.extra", 2, ((2, 4),)),
            ("body.0", 2, ((2, 4),)),
            ("body.1", 2, ((2, 4),)),
            ("layers", 1, ((2, 4),)),
            ("layers.0", 2, ((2, 4),)),
            ("layers.1", 2, ((2, 4),)),
            ("layers.2", 2, ((2, 4),)),
            ("layers.3", 2, ((2, 4),)),
        ],
        "call_inputs": [
            ((2, 4),),
            ((2, 4),),
            ((2, 4),),
            ((2, 4),),
            ((2, 4),),
            ((2, 4),),
            ((2, 4),),
            ((2, 4),),
            ((2, 4),),
            ((2, 4),),
        ],
    },
    "sequential_subclass_is_the_model": {
        "state_dict": {"0.weight": (32, 10), "0.bias": (32,), "2.weight": (2, 32), "2.bias": (2,)},
        "params": 418,
        "trainable": 418,
        "calls": [("", 0, ((4, 2),)), ("0", 1, ((4, 32),)), ("1", 1, ((4, 32),)), ("2", 1, ((4, 2),))],
        "call_inputs": [((4, 10),), ((4, 10),), ((4, 32),), ((4, 32),)],
    },
    "tcn_stack_spread_into_super": {
        "state_dict": {
            "tcn.0.net.0.weight": (8, 3, 2),
            "tcn.0.net.0.bias": (8,),
            "tcn.0.downsample.weight": (8, 3, 1),
            "tcn.0.downsample.bias": (8,),
            "tcn.1.net.0.weight": (8, 8, 2),
            "tcn.1.net.0.bias": (8,),
            "tcn.2.net.0.weight": (16, 8, 2),
            "tcn.2.net.0.bias": (16,),
            "tcn.2.downsample.weight": (16, 8, 1),
            "tcn.2.downsample.bias": (16,),
            "linear.weight": (2, 16),
            "linear.bias": (2,),
        },
        "params": 674,
        "trainable": 674,
        "calls": [
            ("", 0, ((4, 2),)),
            ("tcn", 1, ((4, 16, 20),)),
            ("tcn.0", 2, ((4, 8, 20),)),
            ("tcn.0.net", 3, ((4, 8, 20),)),
            ("tcn.0.net.0", 4, ((4, 8, 21),)),
            ("tcn.0.net.1", 4, ((4, 8, 20),)),
            ("tcn.0.net.2", 4, ((4, 8, 20),)),
            ("tcn.0.net.3", 4, ((4, 8, 20),)),
            ("tcn.0.downsample", 3, ((4, 8, 20),)),
            ("tcn.0.relu", 3, ((4, 8, 20),)),
            ("tcn.1", 2, ((4, 8, 20),)),
            ("tcn.1.net", 3, ((4, 8, 20),)),
            ("tcn.1.net.0", 4, ((4, 8, 22),)),
            ("tcn.1.net.1", 4, ((4, 8, 20),)),
            ("tcn.1.net.2", 4, ((4, 8, 20),)),
            ("tcn.1.net.3", 4, ((4, 8, 20),)),
            ("tcn.1.relu", 3, ((4, 8, 20),)),
            ("tcn.2", 2, ((4, 16, 20),)),
            ("tcn.2.net", 3, ((4, 16, 20),)),
            ("tcn.2.net.0", 4, ((4, 16, 24),)),
            ("tcn.2.net.1", 4, ((4, 16, 20),)),
            ("tcn.2.net.2", 4, ((4, 16, 20),)),
            ("tcn.2.net.3", 4, ((4, 16, 20),)),
            ("tcn.2.downsample", 3, ((4, 16, 20),)),
            ("tcn.2.relu", 3, ((4, 16, 20),)),
            ("linear", 1, ((4, 2),)),
        ],
        "call_inputs": [
            ((4, 3, 20),),
            ((4, 3, 20),),
            ((4, 3, 20),),
            ((4, 3, 20),),
            ((4, 3, 20),),
            ((4, 8, 21),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 3, 20),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 8, 22),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 8, 20),),
            ((4, 16, 24),),
            ((4, 16, 20),),
            ((4, 16, 20),),
            ((4, 8, 20),),
            ((4, 16, 20),),
            ((4, 16),),
        ],
    },
    "densenet_style_blocks_over_a_sequence": {
        "state_dict": {
            "features.conv0.weight": (8, 2, 5),
            "features.conv0.bias": (8,),
            "features.denseblock1.denselayer1.norm1.weight": (8,),
            "features.denseblock1.denselayer1.norm1.bias": (8,),
            "features.denseblock1.denselayer1.norm1.running_mean": (8,),
            "features.denseblock1.denselayer1.norm1.running_var": (8,),
            "features.denseblock1.denselayer1.norm1.num_batches_tracked": (),
            "features.denseblock1.denselayer1.conv1.weight": (8, 8, 1),
            "features.denseblock1.denselayer1.norm2.weight": (8,),
            "features.denseblock1.denselayer1.norm2.bias": (8,),
            "features.denseblock1.denselayer1.norm2.running_mean": (8,),
            "features.denseblock1.denselayer1.norm2.running_var": (8,),
            "features.denseblock1.denselayer1.norm2.num_batches_tracked": (),
            "features.denseblock1.denselayer1.conv2.weight": (4, 8, 3),
            "features.denseblock1.denselayer2.norm1.weight": (12,),
            "features.denseblock1.denselayer2.norm1.bias": (12,),
            "features.denseblock1.denselayer2.norm1.running_mean": (12,),
            "features.denseblock1.denselayer2.norm1.running_var": (12,),
            "features.denseblock1.denselayer2.norm1.num_batches_tracked": (),
            "features.denseblock1.denselayer2.conv1.weight": (8, 12, 1),
            "features.denseblock1.denselayer2.norm2.weight": (8,),
            "features.denseblock1.denselayer2.norm2.bias": (8,),
            "features.denseblock1.denselayer2.norm2.running_mean": (8,),
            "features.denseblock1.denselayer2.norm2.running_var": (8,),
            "features.denseblock1.denselayer2.norm2.num_batches_tracked": (),
            "features.denseblock1.denselayer2.conv2.weight": (4, 8, 3),
            "features.transition1.norm.weight": (16,),
            "features.transition1.norm.bias": (16,),
            "features.transition1.norm.running_mean": (16,),
            "features.transition1.norm.running_var": (16,),
            "features.transition1.norm.num_batches_tracked": (),
            "features.transition1.conv.weight": (8, 16, 1),
            "features.denseblock2.denselayer1.norm1.weight": (8,),
            "features.denseblock2.denselayer1.norm1.bias": (8,),
            "features.denseblock2.denselayer1.norm1.running_mean": (8,),
            "features.denseblock2.denselayer1.norm1.running_var": (8,),
            "features.denseblock2.denselayer1.norm1.num_batches_tracked": (),
            "features.denseblock2.denselayer1.conv1.weight": (8, 8, 1),
            "features.denseblock2.denselayer1.norm2.weight": (8,),
            "features.denseblock2.denselayer1.norm2.bias": (8,),
            "features.denseblock2.denselayer1.norm2.running_mean": (8,),
            "features.denseblock2.denselayer1.norm2.running_var": (8,),
            "features.denseblock2.denselayer1.norm2.num_batches_tracked": (),
            "features.denseblock2.denselayer1.conv2.weight": (4, 8, 3),
            "features.denseblock2.denselayer2.norm1.weight": (12,),
            "features.denseblock2.denselayer2.norm1.bias": (12,),
            "features.denseblock2.denselayer2.norm1.running_mean": (12,),
            "features.denseblock2.denselayer2.norm1.running_var": (12,),
            "features.denseblock2.denselayer2.norm1.num_batches_tracked": (),
            "features.denseblock2.denselayer2.conv1.weight": (8, 12, 1),
            "features.denseblock2.denselayer2.norm2.weight": (8,),
            "features.denseblock2.denselayer2.norm2.bias": (8,),
            "features.denseblock2.denselayer2.norm2.running_mean": (8,),
            "features.denseblock2.denselayer2.norm2.running_var": (8,),
            "features.denseblock2.denselayer2.norm2.num_batches_tracked": (),
            "features.denseblock2.denselayer2.conv2.weight": (4, 8, 3),
            "classifier.weight": (3, 16),
            "classifier.bias": (3,),
        },
        "params": 1147,
        "trainable": 1147,
        "calls": [
            ("", 0, ((2, 3),)),
            ("features", 1, ((2, 16, 8),)),
            ("features.conv0", 2, ((2, 8, 16),)),
            ("features.denseblock1", 2, ((2, 16, 16),)),
            ("features.denseblock1.denselayer1", 3, ((2, 12, 16),)),
            ("features.denseblock1.denselayer1.norm1", 4, ((2, 8, 16),)),
            ("features.denseblock1.denselayer1.relu1", 4, ((2, 8, 16),)),
            ("features.denseblock1.denselayer1.conv1", 4, ((2, 8, 16),)),
            ("features.denseblock1.denselayer1.norm2", 4, ((2, 8, 16),)),
            ("features.denseblock1.denselayer1.relu2", 4, ((2, 8, 16),)),
            ("features.denseblock1.denselayer1.conv2", 4, ((2, 4, 16),)),
            ("features.denseblock1.denselayer2", 3, ((2, 16, 16),)),
            ("features.denseblock1.denselayer2.norm1", 4, ((2, 12, 16),)),
            ("features.denseblock1.denselayer2.relu1", 4, ((2, 12, 16),)),
            ("features.denseblock1.denselayer2.conv1", 4, ((2, 8, 16),)),
            ("features.denseblock1.denselayer2.norm2", 4, ((2, 8, 16),)),
            ("features.denseblock1.denselayer2.relu2", 4, ((2, 8, 16),)),
            ("features.denseblock1.denselayer2.conv2", 4, ((2, 4, 16),)),
            ("features.transition1", 2, ((2, 8, 8),)),
            ("features.transition1.norm", 3, ((2, 16, 16),)),
            ("features.transition1.relu", 3, ((2, 16, 16),)),
            ("features.transition1.conv", 3, ((2, 8, 16),)),
            ("features.transition1.pool", 3, ((2, 8, 8),)),
            ("features.denseblock2", 2, ((2, 16, 8),)),
            ("features.denseblock2.denselayer1", 3, ((2, 12, 8),)),
            ("features.denseblock2.denselayer1.norm1", 4, ((2, 8, 8),)),
            ("features.denseblock2.denselayer1.relu1", 4, ((2, 8, 8),)),
            ("features.denseblock2.denselayer1.conv1", 4, ((2, 8, 8),)),
            ("features.denseblock2.denselayer1.norm2", 4, ((2, 8, 8),)),
            ("features.denseblock2.denselayer1.relu2", 4, ((2, 8, 8),)),
            ("features.denseblock2.denselayer1.conv2", 4, ((2, 4, 8),)),
            ("features.denseblock2.denselayer2", 3, ((2, 16, 8),)),
            ("features.denseblock2.denselayer2.norm1", 4, ((2, 12, 8),)),
            ("features.denseblock2.denselayer2.relu1", 4, ((2, 12, 8),)),
            ("features.denseblock2.denselayer2.conv1", 4, ((2, 8, 8),)),
            ("features.denseblock2.denselayer2.norm2", 4, ((2, 8, 8),)),
            ("features.denseblock2.denselayer2.relu2", 4, ((2, 8, 8),)),
            ("features.denseblock2.denselayer2.conv2", 4, ((2, 4, 8),)),
            ("classifier", 1, ((2, 3),)),
        ],
        "call_inputs": [
            ((2, 2, 16),),
            ((2, 2, 16),),
            ((2, 2, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 12, 16),),
            ((2, 12, 16),),
            ((2, 12, 16),),
            ((2, 12, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 16, 16),),
            ((2, 16, 16),),
            ((2, 16, 16),),
            ((2, 16, 16),),
            ((2, 8, 16),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 12, 8),),
            ((2, 12, 8),),
            ((2, 12, 8),),
            ((2, 12, 8),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 8, 8),),
            ((2, 16),),
        ],
    },
    "transformer_blocks_as_sequential_subclasses": {
        "state_dict": {
            "0.0.fn.0.weight": (16,),
            "0.0.fn.0.bias": (16,),
            "0.0.fn.1.weight": (16, 16),
            "0.0.fn.1.bias": (16,),
            "0.1.fn.0.weight": (16,),
            "0.1.fn.0.bias": (16,),
            "0.1.fn.1.0.weight": (32, 16),
            "0.1.fn.1.0.bias": (32,),
            "0.1.fn.1.3.weight": (16, 32),
            "0.1.fn.1.3.bias": (16,),
            "1.0.fn.0.weight": (16,),
            "1.0.fn.0.bias": (16,),
            "1.0.fn.1.weight": (16, 16),
            "1.0.fn.1.bias": (16,),
            "1.1.fn.0.weight": (16,),
            "1.1.fn.0.bias": (16,),
            "1.1.fn.1.0.weight": (32, 16),
            "1.1.fn.1.0.bias": (32,),
            "1.1.fn.1.3.weight": (16, 32),
            "1.1.fn.1.3.bias": (16,),
        },
        "params": 2816,
        "trainable": 2816,
        "calls": [
            ("", 0, ((2, 7, 16),)),
            ("0", 1, ((2, 7, 16),)),
            ("0.0", 2, ((2, 7, 16),)),
            ("0.0.fn", 3, ((2, 7, 16),)),
            ("0.0.fn.0", 4, ((2, 7, 16),)),
            ("0.0.fn.1", 4, ((2, 7, 16),)),
            ("0.0.fn.2", 4, ((2, 7, 16),)),
            ("0.1", 2, ((2, 7, 16),)),
            ("0.1.fn", 3, ((2, 7, 16),)),
            ("0.1.fn.0", 4, ((2, 7, 16),)),
            ("0.1.fn.1", 4, ((2, 7, 16),)),
            ("0.1.fn.1.0", 5, ((2, 7, 32),)),
            ("0.1.fn.1.1", 5, ((2, 7, 32),)),
            ("0.1.fn.1.2", 5, ((2, 7, 32),)),
            ("0.1.fn.1.3", 5, ((2, 7, 16),)),
            ("1", 1, ((2, 7, 16),)),
            ("1.0", 2, ((2, 7, 16),)),
            ("1.0.fn", 3, ((2, 7, 16),)),
            ("1.0.fn.0", 4, ((2, 7, 16),)),
            ("1.0.fn.1", 4, ((2, 7, 16),)),
            ("1.0.fn.2", 4, ((2, 7, 16),)),
            ("1.1", 2, ((2, 7, 16),)),
            ("1.1.fn", 3, ((2, 7, 16),)),
            ("1.1.fn.0", 4, ((2, 7, 16),)),
            ("1.1.fn.1", 4, ((2, 7, 16),)),
            ("1.1.fn.1.0", 5, ((2, 7, 32),)),
            ("1.1.fn.1.1", 5, ((2, 7, 32),)),
            ("1.1.fn.1.2", 5, ((2, 7, 32),)),
            ("1.1.fn.1.3", 5, ((2, 7, 16),)),
        ],
        "call_inputs": [
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 32),),
            ((2, 7, 32),),
            ((2, 7, 32),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 16),),
            ((2, 7, 32),),
            ((2, 7, 32),),
            ((2, 7, 32),),
        ],
    },
    "wavenet_style_module_list_with_its_own_forward": {
        "state_dict": {
            "pre.weight": (6, 5, 7),
            "pre.bias": (6,),
            "stack.0.1.weight": (6, 6, 3),
            "stack.0.1.bias": (6,),
            "stack.0.3.weight": (6, 6, 1),
            "stack.0.3.bias": (6,),
            "stack.1.1.weight": (6, 6, 3),
            "stack.1.1.bias": (6,),
            "stack.1.3.weight": (6, 6, 1),
            "stack.1.3.bias": (6,),
            "post.weight": (1, 6, 7),
            "post.bias": (1,),
        },
        "params": 571,
        "trainable": 571,
        "calls": [
            ("", 0, ((2, 1, 12),)),
            ("pre", 1, ((2, 6, 12),)),
            ("stack", 1, ((2, 6, 12),)),
            ("stack.0", 2, ((2, 6, 12),)),
            ("stack.0.0", 3, ((2, 6, 12),)),
            ("stack.0.1", 3, ((2, 6, 12),)),
            ("stack.0.2", 3, ((2, 6, 12),)),
            ("stack.0.3", 3, ((2, 6, 12),)),
            ("stack.1", 2, ((2, 6, 12),)),
            ("stack.1.0", 3, ((2, 6, 12),)),
            ("stack.1.1", 3, ((2, 6, 12),)),
            ("stack.1.2", 3, ((2, 6, 12),)),
            ("stack.1.3", 3, ((2, 6, 12),)),
            ("post", 1, ((2, 1, 12),)),
        ],
        "call_inputs": [
            ((2, 5, 12),),
            ((2, 5, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
            ((2, 6, 12),),
        ],
    },
    "module_dict_subclass_heads": {
        "state_dict": {
            "emb.weight": (50, 8),
            "rnn.weight_ih_l0": (24, 8),
            "rnn.weight_hh_l0": (24, 8),
            "rnn.bias_ih_l0": (24,),
            "rnn.bias_hh_l0": (24,),
            "rnn.weight_ih_l0_reverse": (24, 8),
            "rnn.weight_hh_l0_reverse": (24, 8),
            "rnn.bias_ih_l0_reverse": (24,),
            "rnn.bias_hh_l0_reverse": (24,),
            "heads.pos.weight": (5, 16),
            "heads.pos.bias": (5,),
            "heads.ner.weight": (3, 16),
            "heads.ner.bias": (3,),
        },
        "params": 1400,
        "trainable": 1400,
        "calls": [
            ("", 0, ((3, 9, 16),)),
            ("emb", 1, ((3, 9, 8),)),
            ("rnn", 1, ((3, 9, 16), (2, 3, 8))),
            ("heads", 1, ((3, 9, 16),)),
            ("heads.pos", 2, ((3, 9, 5),)),
            ("heads.ner", 2, ((3, 9, 3),)),
            ("heads.pos", 2, ((3, 9, 5),)),
            ("heads.ner", 2, ((3, 9, 3),)),
        ],
        "call_inputs": [
            ((3, 9),),
            ((3, 9),),
            ((3, 9, 8),),
            ((3, 9, 16),),
            ((3, 9, 16),),
            ((3, 9, 16),),
            ((3, 9, 16),),
            ((3, 9, 16),),
        ],
    },
    "front_end_appended_and_classes_without_init": {
        "state_dict": {
            "front.conv.weight": (12, 8, 3),
            "front.conv.bias": (12,),
            "front.norm.weight": (12,),
            "front.norm.bias": (12,),
            "front.norm.running_mean": (12,),
            "front.norm.running_var": (12,),
            "front.norm.num_batches_tracked": (),
            "rnn.weight_ih_l0": (40, 12),
            "rnn.weight_hh_l0": (40, 10),
            "rnn.bias_ih_l0": (40,),
            "rnn.bias_hh_l0": (40,),
            "projections.0.weight": (10, 10),
            "projections.0.bias": (10,),
            "projections.2.weight": (4, 10),
            "projections.2.bias": (4,),
        },
        "params": 1438,
        "trainable": 1138,
        "calls": [
            ("", 0, ((2, 8, 4),)),
            ("front", 1, ((2, 12, 8),)),
            ("front.conv", 2, ((2, 12, 8),)),
            ("front.norm", 2, ((2, 12, 8),)),
            ("front.act", 2, ((2, 12, 8),)),
            ("front.3", 2, ((2, 12, 8),)),
            ("rnn", 1, ((2, 8, 10), (1, 2, 10), (1, 2, 10))),
            ("projections.0", 2, ((2, 8, 10),)),
            ("projections.1", 2, ((2, 8, 10),)),
            ("projections.2", 2, ((2, 8, 4),)),
        ],
        "call_inputs": [
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 8, 16),),
            ((2, 12, 8),),
            ((2, 12, 8),),
            ((2, 12, 8),),
            ((2, 8, 12),),
            ((2, 8, 10),),
            ((2, 8, 10),),
            ((2, 8, 10),),
        ],
    },
}

#: (code, line:column of the question, lstmcalc's message, the --set that settles it, the environment the
#: oracle runs it in, torch's total and trainable parameters there).
ASKED: list[tuple[str, str, str, str, dict[str, str], tuple[int, int]]] = [
    (
        """
import os

import torch.nn as nn


class Stack(nn.Sequential):
    def __init__(self, depth, dim=8):
        super().__init__(*[nn.Linear(dim, dim) for _ in range(depth)])


model = Stack(int(os.environ["DEPTH"]))
""",
        "9:63",
        "lstmcalc cannot know the value of depth to know how many modules the comprehension makes without "
        "running the code; give it with --set 'depth=VALUE'",
        "depth=3",
        {"DEPTH": "3"},
        (216, 216),
    ),
]

#: A container subclass built from what a module outside the file makes: (code, line:column of the
#: error, lstmcalc's message, the outside module the oracle gives torch, torch's total parameters then).
UNREADABLE: list[tuple[str, str, str, str, int]] = [
    (
        """
import torch.nn as nn
from blocks import make_blocks


class Layers(nn.ModuleList):
    def __init__(self, n):
        super().__init__(make_blocks(n))

    def forward(self, x):
        for block in self:
            x = block(x)
        return x


model = Layers(2)
""",
        "8:26",
        "lstmcalc cannot tell which modules make_blocks(n) makes without running the code: it is neither a "
        "torch.nn class nor a class or function of this file; make the modules here with nn.Class(...) or a "
        "function of this file",
        "import torch.nn as nn\n\ndef make_blocks(n):\n    return [nn.Linear(4, 4) for _ in range(n)]\n",
        40,
    ),
    (
        """
import torch.nn as nn
from blocks import make_blocks


class Body(nn.Sequential):
    pass


model = Body(*make_blocks(3))
""",
        "10:15",
        "lstmcalc cannot tell which modules make_blocks(3) makes without running the code: it is neither a "
        "torch.nn class nor a class or function of this file; make the modules here with nn.Class(...) or a "
        "function of this file",
        "import torch.nn as nn\n\ndef make_blocks(n):\n    return [nn.Linear(4, 4) for _ in range(n)]\n",
        60,
    ),
]

#: (code, line:column of the error, lstmcalc's message, torch's own words).
REFUSED: list[tuple[str, str, str, str]] = [
    (
        """
import torch.nn as nn


class Body(nn.Sequential):
    def __init__(self):
        super().__init__([nn.Linear(4, 4), nn.ReLU()])


model = Body()
""",
        "7:26",
        'torch refuses this: nn.Sequential takes modules one by one ("list is not a Module subclass"); spread '
        "the list: super().__init__(*[nn.Linear(4, 4), nn.ReLU()])",
        "list is not a Module subclass",
    ),
    (
        """
import torch.nn as nn


class Body(nn.Sequential):
    def __init__(self):
        super().__init__(fc=nn.Linear(4, 4))


model = Body()
""",
        "7:29",
        "torch refuses this: \"Sequential.__init__() got an unexpected keyword argument 'fc'\"",
        "Sequential.__init__() got an unexpected keyword argument 'fc'",
    ),
    (
        """
import torch.nn as nn


class Layers(nn.ModuleList):
    def __init__(self):
        super().__init__(nn.Linear(4, 4))


model = Layers()
""",
        "7:26",
        'torch refuses this: nn.ModuleList takes an iterable of modules, not one module ("ModuleList.extend '
        'should be called with an iterable, but got Linear"); write super().__init__([nn.Linear(4, 4)])',
        "ModuleList.extend should be called with an iterable, but got Linear",
    ),
    (
        """
import torch.nn as nn


class Heads(nn.ModuleDict):
    def __init__(self):
        super().__init__({"a": nn.Linear(4, 2)})
        self.append(nn.Linear(4, 3))


model = Heads()
""",
        "8:9",
        "torch refuses this: \"'Heads' object has no attribute 'append'\"; add the module under a key: "
        "self['name'] = module",
        "'Heads' object has no attribute 'append'",
    ),
]

_ENCODER = """
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 8, batch_first=True)

    def forward(self, x):
        out, _ = self.lstm(x)
        return out[:, -1]

"""

#: The model the code ends with an nn.Sequential made at module level of the file's classes: read as
#: torch builds it (tests/test_torch_containers.py and its oracle run these with the other cases).
MODULE_LEVEL_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # The rebinding idiom: a class's instance put in an nn.Sequential with a head, under the same name.
    "module_level_sequential_rebinding_the_model": (
        _ENCODER + "\nmodel = Encoder()\nmodel = nn.Sequential(model, nn.Linear(8, 2))\n",
        [[2, 5, 4]],
    ),
    # The file's container subclasses made inside the nn.Sequential call, and a head made before it.
    "module_level_sequential_of_container_subclasses": (
        """
import torch.nn as nn


class Block(nn.Sequential):
    def __init__(self, dim):
        super().__init__()
        self.fc = nn.Linear(dim, dim)
        self.act = nn.ReLU()


class Residual(Block):
    def forward(self, x):
        return super().forward(x) + x


class Stack(nn.Sequential):
    def __init__(self, dim, depth):
        super().__init__(*[Residual(dim) for _ in range(depth)])


head = nn.Linear(5, 3)
model = nn.Sequential(Stack(5, 2), nn.LayerNorm(5), head)
""",
        [[2, 5]],
    ),
}

#: torch 2.13's numbers for MODULE_LEVEL_CASES (run_in_torch), pinned.
MODULE_LEVEL_EXPECTED: dict[str, dict[str, Any]] = {
    "module_level_sequential_rebinding_the_model": {
        "state_dict": {
            "0.lstm.weight_ih_l0": (32, 4),
            "0.lstm.weight_hh_l0": (32, 8),
            "0.lstm.bias_ih_l0": (32,),
            "0.lstm.bias_hh_l0": (32,),
            "1.weight": (2, 8),
            "1.bias": (2,),
        },
        "params": 466,
        "trainable": 466,
        "calls": [
            ("", 0, ((2, 2),)),
            ("0", 1, ((2, 8),)),
            ("0.lstm", 2, ((2, 5, 8), (1, 2, 8), (1, 2, 8))),
            ("1", 1, ((2, 2),)),
        ],
        "call_inputs": [((2, 5, 4),), ((2, 5, 4),), ((2, 5, 4),), ((2, 8),)],
    },
    "module_level_sequential_of_container_subclasses": {
        "state_dict": {
            "0.0.fc.weight": (5, 5),
            "0.0.fc.bias": (5,),
            "0.1.fc.weight": (5, 5),
            "0.1.fc.bias": (5,),
            "1.weight": (5,),
            "1.bias": (5,),
            "2.weight": (3, 5),
            "2.bias": (3,),
        },
        "params": 88,
        "trainable": 88,
        "calls": [
            ("", 0, ((2, 3),)),
            ("0", 1, ((2, 5),)),
            ("0.0", 2, ((2, 5),)),
            ("0.0.fc", 3, ((2, 5),)),
            ("0.0.act", 3, ((2, 5),)),
            ("0.1", 2, ((2, 5),)),
            ("0.1.fc", 3, ((2, 5),)),
            ("0.1.act", 3, ((2, 5),)),
            ("1", 1, ((2, 5),)),
            ("2", 1, ((2, 3),)),
        ],
        "call_inputs": [
            ((2, 5),),
            ((2, 5),),
            ((2, 5),),
            ((2, 5),),
            ((2, 5),),
            ((2, 5),),
            ((2, 5),),
            ((2, 5),),
            ((2, 5),),
            ((2, 5),),
        ],
    },
}

#: A module of the file's class put in a torch.nn module where lstmcalc does not read the whole (in a
#: function, in nn.DataParallel, in two nn.Sequential, through a list): (code, line:column of the error, what is put in
#: which class, torch's total parameters of the wrapper and of the class alone, and the wrapper's first
#: state_dict name). lstmcalc reads the class alone only when --model names it.
WRAPPED: list[tuple[str, str, str, int, int, str]] = [
    (
        _ENCODER
        + "\ndef main():\n    net = Encoder()\n    return nn.Sequential(net, nn.Linear(8, 2))\n\n\nmodel = main()\n",
        "17:12",
        "net in nn.Sequential",
        466,
        448,
        "0.lstm.weight_ih_l0",
    ),
    (
        _ENCODER + "\nmodel = nn.DataParallel(Encoder())\n",
        "15:9",
        "Encoder() in nn.DataParallel",
        448,
        448,
        "module.lstm.weight_ih_l0",
    ),
    (
        _ENCODER
        + "\nnet = Encoder()\nsmall = nn.Sequential(net, nn.Linear(8, 2))\n"
        + "model = nn.Sequential(net, nn.Linear(8, 4))\n",
        "16:9",
        "net in nn.Sequential",
        484,
        448,
        "0.lstm.weight_ih_l0",
    ),
    (
        _ENCODER + "\nlayers = [Encoder(), nn.Linear(8, 2)]\nmodel = nn.Sequential(*layers)\n",
        "16:9",
        "layers in nn.Sequential",
        466,
        448,
        "0.lstm.weight_ih_l0",
    ),
]


def wrapped_message(what: str) -> str:
    """lstmcalc's refusal of ``what`` (``model in nn.Sequential``) put in a torch.nn class outside the classes."""
    wrapper = what.rsplit(" in ", 1)[1]
    return (
        f"this puts {what}, so the model the code makes is more than the class lstmcalc would read: name the "
        "class with --model to read it alone, or make the whole model in a class"
        + (f" (class Model({wrapper}) is read too)" if wrapper == "nn.Sequential" else "")
    )


#: Every container case, as attributes (tests/torch_container_cases.py), subclassed and at module level.
ALL_CASES = {**CASES, **SUBCLASS_CASES, **MODULE_LEVEL_CASES}
ALL_EXPECTED = {**EXPECTED, **SUBCLASS_EXPECTED, **MODULE_LEVEL_EXPECTED}
