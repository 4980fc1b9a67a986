"""One module held under two names in PyTorch code (``self.again = self.fc``, a module kept as an
attribute and put in an nn.Sequential), shared by the plain tests (tests/test_torch_shared_modules.py,
numbers pinned from torch 2.13 and torchinfo 1.8 below) and the oracle module that runs each in
real torch (tests/oracle/test_torch_shared_modules_oracle.py).

torch holds one module: ``named_modules()`` and ``named_parameters()`` list it under its first name,
``parameters()`` counts it once, the state_dict lists its tensors under every name; torchinfo hooks
it where its last name puts it, and shows a second call as ``(recursive)``.

Each case: (code, --input-shape list).
"""

from __future__ import annotations

from typing import Any

TORCH_SHARED_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # The same Linear under a second attribute, called once through each name.
    "second_name_called_twice": (
        """
import torch.nn as nn


class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.again = self.fc
        self.out = nn.Linear(4, 2)

    def forward(self, x):
        return self.out(self.again(self.fc(x)))


model = Tied()
""",
        [[2, 4]],
    ),
    # One of the file's own modules (two Linears inside) under a second name, frozen through it.
    "shared_block_frozen": (
        """
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.inner = nn.Linear(size, size)
        self.gate = nn.Linear(size, size, bias=False)

    def forward(self, x):
        return self.inner(x) * self.gate(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block(6)
        self.shared = self.block
        self.shared.requires_grad_(False)
        self.head = nn.Linear(6, 3)

    def forward(self, x):
        return self.head(self.shared(self.block(x)))


model = Model()
""",
        [[5, 6]],
    ),
    # A module kept as an attribute and put in an nn.Sequential after it: its last name, body.0,
    # is where forward calls it (through body), as torchinfo hooks it.
    "kept_then_in_sequential": (
        """
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.body = nn.Sequential(self.fc, nn.ReLU())
        self.out = nn.Linear(3, 2)

    def forward(self, x):
        return self.out(self.body(x))


model = Model()
""",
        [[2, 4]],
    ),
    # A module put in an nn.Sequential and then kept as an attribute: torchinfo hooks it at its last
    # name (fc, depth 1) while forward calls it inside body, and lstmcalc draws its rows there too;
    # torchinfo 1.8's total counts its 15 parameters twice (30), lstmcalc's is parameters()'s.
    "in_sequential_then_kept": (
        """
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        linear = nn.Linear(4, 3)
        self.body = nn.Sequential(linear, nn.ReLU())
        self.fc = linear

    def forward(self, x):
        return self.body(x)


model = Model()
""",
        [[2, 4]],
    ),
    # One of the file's modules made by module-level code and given to the model twice: one
    # module under two names, as torch holds the one object.
    "module_level_block_given_twice": (
        """
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.inner = nn.Linear(width, width)

    def forward(self, x):
        return self.inner(x)


class Twice(nn.Module):
    def __init__(self, first, second):
        super().__init__()
        self.first = first
        self.second = second
        self.out = nn.Linear(5, 2)

    def forward(self, x):
        return self.out(self.second(self.first(x)))


block = Block(5)
model = Twice(block, block)
""",
        [[3, 5]],
    ),
}

#: What torch 2.13 gives for each case (torchinfo 1.8's text: tests/golden/torchinfo/shared_NAME.out).
EXPECTED: dict[str, dict[str, Any]] = {
    "second_name_called_twice": {
        "state_dict": {
            "fc.weight": (4, 4),
            "fc.bias": (4,),
            "again.weight": (4, 4),
            "again.bias": (4,),
            "out.weight": (2, 4),
            "out.bias": (2,),
        },
        "named_parameters": {"fc.weight": (4, 4), "fc.bias": (4,), "out.weight": (2, 4), "out.bias": (2,)},
        "parameters": 30,
        "trainable": 30,
    },
    "shared_block_frozen": {
        "state_dict": {
            "block.inner.weight": (6, 6),
            "block.inner.bias": (6,),
            "block.gate.weight": (6, 6),
            "shared.inner.weight": (6, 6),
            "shared.inner.bias": (6,),
            "shared.gate.weight": (6, 6),
            "head.weight": (3, 6),
            "head.bias": (3,),
        },
        "named_parameters": {
            "block.inner.weight": (6, 6),
            "block.inner.bias": (6,),
            "block.gate.weight": (6, 6),
            "head.weight": (3, 6),
            "head.bias": (3,),
        },
        "parameters": 99,
        "trainable": 21,
    },
    "kept_then_in_sequential": {
        "state_dict": {
            "fc.weight": (3, 4),
            "fc.bias": (3,),
            "body.0.weight": (3, 4),
            "body.0.bias": (3,),
            "out.weight": (2, 3),
            "out.bias": (2,),
        },
        "named_parameters": {"fc.weight": (3, 4), "fc.bias": (3,), "out.weight": (2, 3), "out.bias": (2,)},
        "parameters": 23,
        "trainable": 23,
    },
    "in_sequential_then_kept": {
        "state_dict": {"body.0.weight": (3, 4), "body.0.bias": (3,), "fc.weight": (3, 4), "fc.bias": (3,)},
        "named_parameters": {"body.0.weight": (3, 4), "body.0.bias": (3,)},
        "parameters": 15,
        "trainable": 15,
    },
    "module_level_block_given_twice": {
        "state_dict": {
            "first.inner.weight": (5, 5),
            "first.inner.bias": (5,),
            "second.inner.weight": (5, 5),
            "second.inner.bias": (5,),
            "out.weight": (2, 5),
            "out.bias": (2,),
        },
        "named_parameters": {
            "first.inner.weight": (5, 5),
            "first.inner.bias": (5,),
            "out.weight": (2, 5),
            "out.bias": (2,),
        },
        "parameters": 42,
        "trainable": 42,
    },
}


#: Tied weights, as pytorch/examples' word_language_model/model.py ties them (``tie_weights``): the
#: decoder's weight is the encoder's parameter, written afresh here with that idiom.
TIED_LANGUAGE_MODEL = """
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, tie_weights=False):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, batch_first=True)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            if nhid != ninp:
                raise ValueError("When using the tied flag, nhid must be equal to emsize")
            self.decoder.weight = self.encoder.weight

    def forward(self, tokens):
        output, _ = self.rnn(self.encoder(tokens))
        return self.decoder(output)


model = RNNModel(100, 16, 16, tie_weights=True)
"""

#: What torch 2.13 gives for it (tests/oracle/test_torch_shared_modules_oracle.py checks): the
#: state_dict names the tied parameter twice, parameters() counts it once, torchinfo 1.8 twice.
TIED_EXPECTED = {
    "state_dict": {
        "encoder.weight": (100, 16),
        "rnn.weight_ih_l0": (64, 16),
        "rnn.weight_hh_l0": (64, 16),
        "rnn.bias_ih_l0": (64,),
        "rnn.bias_hh_l0": (64,),
        "decoder.weight": (100, 16),
        "decoder.bias": (100,),
    },
    "parameters": 3_876,
    "torchinfo_total": 5_476,
}

#: The tied model's table at other depths and with torchinfo's params_percent column: torchinfo counts a
#: row's ``named_parameters()``, the tied one once (the model's row at depth 0: 3,876, not 5,476), and a
#: container's leftover may be negative (tests/golden/torchinfo/tied_language_model.NAME.out, each as
#: torchinfo 1.8 prints it: the oracle checks): (options, torchinfo's depth, its col_names).
TIED_VIEWS = {
    "depth0": (("--depth", "0"), 0, ("output_size", "num_params")),
    "percent": (
        ("--columns", "output_size,num_params,params_percent"),
        3,
        ("output_size", "num_params", "params_percent"),
    ),
}
