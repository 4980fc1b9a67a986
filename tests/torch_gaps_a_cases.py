"""PyTorch code lstmcalc misread or would not read, each checked against torch 2.13 and torchinfo 1.8
(tests/oracle/test_torch_gaps_a_oracle.py): a tied parameter counted twice by ``lstmcalc check``,
``isinstance(x, 3)`` in forward, a module-level dict unpacked into a new one (``{**BASE, "hidden": 64}``).
Shared by tests/test_torch_gaps_a.py and its oracle module."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: A language model whose decoder's weight is its encoder's, frozen through the encoder (so under both names).
TIED_FROZEN = (
    HEADER + "class LM(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.encoder = nn.Embedding(100, 16)\n"
    "        self.gru = nn.GRU(16, 16)\n"
    "        self.decoder = nn.Linear(16, 100)\n"
    "        self.decoder.weight = self.encoder.weight\n"
    "        self.encoder.weight.requires_grad = False\n\n"
    "    def forward(self, x):\n"
    "        return self.decoder(self.gru(self.encoder(x))[0])\n\n\n"
    "model = LM()\n"
)
#: What torch 2.13 counts of it: parameters() (the tied one once), its trainable ones and their bytes; and
#: torchinfo 1.8's totals, which count the tied one twice (its total_param_bytes too).
TIED_FROZEN_COUNTS = {
    "parameters": 3_332,
    "trainable": 1_732,
    "bytes": 13_328,
    "torchinfo_total": 4_932,
    "torchinfo_trainable": 1_732,
    "torchinfo_bytes": 19_728,
}

_ISINSTANCE = (
    HEADER + "class Net(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.fc = nn.Linear(4, 2)\n\n"
    "    def forward(self, x):\n"
    "        if isinstance(x, CLASSES):\n"
    "            x = x * 2\n"
    "        return self.fc(x)\n\n\n"
    "model = Net()\n"
)
#: Python's words for a class argument that is none.
NOT_A_TYPE = "isinstance() arg 2 must be a type, a tuple of types, or a union"
#: isinstance given what is no class where Python reaches it: name -> (code, input shapes, where).
ISINSTANCE_REFUSED = {
    "number": (_ISINSTANCE.replace("CLASSES", "3"), [[2, 4]], "11:12"),
    "string": (_ISINSTANCE.replace("CLASSES", '"Tensor"'), [[2, 4]], "11:12"),
    "after_a_class_that_does_not_match": (_ISINSTANCE.replace("CLASSES", "(nn.Linear, 3)"), [[2, 4]], "11:12"),
    "in_a_nested_tuple": (_ISINSTANCE.replace("CLASSES", "(int, (str, None))"), [[2, 4]], "11:12"),
}
#: Python stops at the first class that matches: the literal after it is never reached. -> (code, input
#: shapes, the output shape torch gives).
ISINSTANCE_READ = {
    "after_the_class_that_matches": (_ISINSTANCE.replace("CLASSES", "(torch.Tensor, 3)"), [[2, 4]], (2, 2)),
}

_DICT_MODEL = (
    "import torch.nn as nn\n\n"
    'BASE = {"input": 8, "hidden": 32}\n\n\n'
    "class Net(nn.Module):\n"
    "    def __init__(self, cfg=None):\n"
    "        super().__init__()\n"
    "        MADE\n"
    '        self.lstm = nn.LSTM(cfg["input"], cfg["hidden"])\n\n'
    "    def forward(self, x):\n"
    "        return self.lstm(x)[0]\n\n\n"
)
#: A module-level dict of numbers unpacked into a new dict: name -> (code, torch's parameters() count).
MODULE_DICTS_READ = {
    "unpacked_in_init": (_DICT_MODEL.replace("MADE", 'cfg = {**BASE, "hidden": 64}') + "model = Net()\n", 18_944),
    "dict_of_keywords_in_init": (
        _DICT_MODEL.replace("MADE", "cfg = dict(**BASE, layers=2)") + "model = Net()\n",
        5_376,
    ),
    "unpacked_alone": (_DICT_MODEL.replace("MADE", "cfg = {**BASE}") + "model = Net()\n", 5_376),
    "unpacked_at_module_level": (
        _DICT_MODEL.replace("        MADE\n", "").replace("\n\n\nclass", '\nCONFIG = {**BASE, "hidden": 64}\n\n\nclass')
        + "model = Net(CONFIG)\n",
        18_944,
    ),
}
#: A call takes each keyword once: Python refuses the dict(**BASE, hidden=64) of a BASE with a hidden, in the
#: words pinned. -> (code, where, message).
MODULE_DICTS_REFUSED = {
    "a_keyword_given_twice": (
        _DICT_MODEL.replace("MADE", "cfg = dict(**BASE, hidden=64)") + "model = Net()\n",
        "9:15",
        "Python refuses this call (TypeError: dict() got multiple values for keyword argument 'hidden')",
    ),
}
#: Where the new dict shares a list with the one unpacked, a change through one is a change of the other:
#: still asked for. -> (code, where, message).
MODULE_DICTS_ASKED = {
    "sharing_a_list": (
        "import torch.nn as nn\n\n"
        'BASE = {"sizes": [8, 16], "hidden": 4}\n\n\n'
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        '        cfg = {**BASE, "hidden": 64}\n'
        '        cfg["sizes"].append(32)\n'
        '        self.fc = nn.Linear(BASE["sizes"][-1], cfg["hidden"])\n\n\n'
        "model = Net()\n",
        "11:29",
        "lstmcalc cannot know the value of BASE['sizes'][-1] for in_features of nn.Linear without running the code; "
        "give it with --set \"BASE['sizes'][-1]=VALUE\"",
    ),
}

#: ``from torch.nn import *``: every name torch.nn binds, as ``nn.X`` would name it (and ``from torch.nn import
#: LSTM as L``, read before). -> (code, input shapes); torchinfo 1.8's table is tests/golden/torch_gaps_a/NAME.txt.
TORCH_NN_IMPORTS = {
    "star": (
        "import torch\n"
        "from torch.nn import *\n"
        "import torch.nn.functional as F\n\n"
        "HIDDEN = 16\n"
        "SIZES = [4, 8]\n\n\n"
        "class Block(Module):\n"
        "    def __init__(self, width):\n"
        "        super().__init__()\n"
        "        self.fc = Linear(width, width)\n\n"
        "    def forward(self, x):\n"
        "        return F.relu(self.fc(x))\n\n\n"
        "class Net(Module):\n"
        "    def __init__(self, layers=2):\n"
        "        super().__init__()\n"
        "        self.lstm = LSTM(SIZES[0], HIDDEN, batch_first=True)\n"
        "        self.blocks = ModuleList([Block(HIDDEN) for _ in range(layers)])\n"
        "        self.head = Sequential(Linear(HIDDEN, len(SIZES)), Dropout(0.1))\n"
        "        self.scale = Parameter(torch.ones(HIDDEN))\n\n"
        "    def forward(self, x):\n"
        "        h, _ = self.lstm(x)\n"
        "        for block in self.blocks:\n"
        "            h = block(h) * self.scale\n"
        "        return self.head(h)\n\n\n"
        "model = Net()\n",
        [[2, 3, 4]],
    ),
    "renamed": (
        "import torch.nn as nn\n"
        "from torch.nn import LSTM as L\n\n\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.lstm = L(4, 8, batch_first=True)\n"
        "        self.fc = nn.Linear(8, 2)\n\n"
        "    def forward(self, x):\n"
        "        return self.fc(self.lstm(x)[0])\n\n\n"
        "model = Net()\n",
        [[2, 3, 4]],
    ),
}

_FORWARD_TENSOR = (
    HEADER + "class Net(nn.Module):\n"
    "    def __init__(self, hidden=8):\n"
    "        super().__init__()\n"
    "        self.lstm = nn.LSTM(4, hidden, batch_first=True)\n\n"
    "    def forward(self, x):\n"
    "        return self.lstm(x)[0][:, : x.shape[1]]\n\n\n"
    "model = Net()\n"
)
#: A --set of a tensor forward takes, which --set cannot give: name -> (code, arguments, where, message).
FORWARD_TENSOR_SETS_REFUSED = {
    "given_to_a_module": (
        _FORWARD_TENSOR,
        ("--set", "x=3"),
        "11:26",
        "--set x: nn.LSTM takes x here as its tensor, which --set cannot give; give the shape of a tensor forward "
        "takes with --input-shape B,T,... (and no --set)",
    ),
    "given_to_a_module_with_its_shape_too": (
        _FORWARD_TENSOR,
        ("--set", "x=3", "--input-shape", "2,5,4"),
        "11:26",
        "--set x: nn.LSTM takes x here as its tensor, which --set cannot give; give the shape of a tensor forward "
        "takes with --input-shape B,T,... (and no --set)",
    ),
    "its_shape_never_read": (
        _FORWARD_TENSOR,
        ("--set", "x.shape[1]=3"),
        "10:23",
        "--set x.shape[1]: x is a tensor forward takes, whose shape --set does not give; give it with --input-shape "
        "B,T,... (once for each tensor forward takes: x)",
    ),
}
#: A --set of the model's __init__ parameter is its argument alone: forward's x of the same name keeps its
#: tensor. -> (code, arguments, torch's parameters() of Net(x=3), the output shape for (2, 5, 4)).
FORWARD_TENSOR_SETS_READ = {
    "a_constructor_parameter_of_the_same_name": (
        _FORWARD_TENSOR.replace("hidden=8", "x=8").replace("4, hidden,", "4, x,"),
        ("--set", "x=3", "--input-shape", "2,5,4"),
        108,
        (2, 5, 3),
    ),
}


def _transformer(made: str, called: str) -> str:
    return (
        HEADER + "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        f"{made}\n\n"
        "    def forward(self, x):\n"
        f"        return {called}\n\n\n"
        "model = Net()\n"
    )


#: A transformer layer's activation given as a module: torch's submodule ``activation``, a row of torchinfo's
#: table in each layer. -> (code, input shapes); torchinfo 1.8's table is tests/golden/torch_gaps_a/NAME.txt.
TRANSFORMER_ACTIVATIONS = {
    "encoder_layer_gelu": (
        _transformer(
            "        self.layer = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, batch_first=True, "
            "activation=nn.GELU())",
            "self.layer(x)",
        ),
        [[2, 5, 16]],
    ),
    "encoder_copies": (
        _transformer(
            "        layer = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, batch_first=True, "
            "activation=nn.GELU())\n"
            "        self.enc = nn.TransformerEncoder(layer, num_layers=2)",
            "self.enc(x)",
        ),
        [[2, 5, 16]],
    ),
    "transformer_silu": (
        _transformer(
            "        self.t = nn.Transformer(16, 4, 1, 1, 32, batch_first=True, activation=nn.SiLU())",
            "self.t(x, x)",
        ),
        [[2, 5, 16]],
    ),
    "decoder_layer_norm_first_kept_module": (
        _transformer(
            '        act = nn.GELU(approximate="tanh")\n'
            "        self.layer = nn.TransformerDecoderLayer(16, 4, 32, batch_first=True, activation=act, "
            "norm_first=True)",
            "self.layer(x, x)",
        ),
        [[2, 5, 16]],
    ),
    "module_of_no_arguments": (
        _transformer(
            "        self.layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True, activation=nn.Tanh())",
            "self.layer(x)",
        ),
        [[2, 5, 16]],
    ),
    "module_held_before_and_called_again": (
        _transformer(
            "        self.act = nn.GELU()\n"
            "        self.layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True, activation=self.act)",
            "self.act(self.layer(x))",
        ),
        [[2, 5, 16]],
    ),
}
_NOT_ELEMENTWISE = (
    "nn.TransformerEncoderLayer has activation nn.{}, which {}: lstmcalc reads an activation module applied to "
    "each element alone (nn.GELU(), nn.ReLU()...), or a function (F.gelu, 'relu')"
)
#: Activation modules lstmcalc refuses: name -> (code, where, message, what torch does: its parameters()
#: count, which the weight changes, or None where torch fails to run the layer).
TRANSFORMER_ACTIVATIONS_REFUSED = {
    "with_weights": (
        _transformer(
            "        self.layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True, activation=nn.PReLU())",
            "self.layer(x)",
        ),
        "8:89",
        _NOT_ELEMENTWISE.format("PReLU", "has weights"),
        2_225,
    ),
    "changing_the_shape": (
        _transformer(
            "        self.layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True, activation=nn.GLU())",
            "self.layer(x)",
        ),
        "8:89",
        _NOT_ELEMENTWISE.format("GLU", "changes the shape (torch's linear2 would refuse it)"),
        None,
    ),
}

#: An activation module the model holds again after the layer: torchinfo calls it by that later name inside
#: the layer (and counts the layer's parameters again): refused. -> (code, where, message).
ACTIVATION_HELD_AFTER = (
    _transformer(
        "        act = nn.ReLU()\n"
        "        self.layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True, activation=act)\n"
        "        self.act = act",
        "self.act(self.layer(x))",
    ),
    "8:15",
    "act is also the activation of layer (layer.activation), which torchinfo then calls by the later name: "
    "lstmcalc does not draw that table yet; give the layer an activation module of its own (activation=nn.GELU())",
)
