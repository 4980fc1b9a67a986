"""Modules made where lstmcalc cannot see them, refused at the call rather than left out of the counts
(before, each of these read as a model with fewer parameters, some with none). Written after idioms of
public PyTorch code: a mixin of layer factories (``class Net(HeadMixin, nn.Module)``), a method set on
the class after it (``Net.setup = setup``), a factory choosing the class from a dict
(``{"lstm": nn.LSTM, "gru": nn.GRU}[kind](i, h)``, also as a ``@staticmethod``), and a helper imported
from another file given ``self``. Each case's figures are torch 2.13's
(tests/oracle/test_torch_unseen_oracle.py), or the exception torch raises.
"""

from __future__ import annotations

HEADER = "import torch.nn as nn\n\n\n"
FORWARD = "\n    def forward(self, x):\n        return x\n"

#: name -> (code, "line:column" of the refused call, the start of the message, torch's (parameters,
#: trainable), or the exception it raises).
UNSEEN_CASES: dict[str, tuple[str, str, str, tuple[int, int] | str]] = {
    "method_of_a_mixin": (
        HEADER
        + "class HeadMixin:\n    def make_head(self, n):\n"
        + "        return nn.Sequential(nn.Linear(n, n // 2), nn.ReLU(), nn.Linear(n // 2, 1))\n\n\n"
        + "class Net(HeadMixin, nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.lstm = nn.LSTM(4, 40)\n        self.head = self.make_head(40)\n"
        + FORWARD
        + "\n\nmodel = Net()\n",
        "13:21",
        "lstmcalc cannot follow self.make_head(40): self.make_head comes from a base lstmcalc cannot read (HeadMixin)",
        (8201, 8201),
    ),
    "mixin_registers_itself": (
        HEADER
        + "class Mixin:\n    def build(self):\n        self.fc = nn.Linear(4, 4)\n\n\n"
        + "class Net(Mixin, nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.build()\n"
        + FORWARD
        + "\n\nmodel = Net()\n",
        "12:9",
        "lstmcalc cannot follow self.build(): self.build comes from a base lstmcalc cannot read (Mixin)",
        (20, 20),
    ),
    "method_set_on_the_class_later": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.setup()\n"
        + FORWARD
        + "\n\ndef setup(self):\n    self.fc = nn.Linear(4, 4)\n\n\nNet.setup = setup\nmodel = Net()\n",
        "7:9",
        "lstmcalc cannot follow self.setup(): self.setup comes from code outside the class",
        (20, 20),
    ),
    "method_defined_nowhere": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.fc = self.undefined_helper()\n"
        + FORWARD
        + "\n\nmodel = Net()\n",
        "7:19",
        "lstmcalc cannot follow self.undefined_helper(): self.undefined_helper is defined nowhere lstmcalc can see",
        "AttributeError",
    ),
    "class_chosen_from_a_dict": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.rnn = self.make(4, 8)\n        self.fc = nn.Linear(8, 2)\n\n"
        + "    def make(self, i, h):\n        return {'gru': nn.GRU}['gru'](i, h)\n\n"
        + "    def forward(self, x):\n        return self.fc(getattr(self, 'rnn')(x)[0])\n"
        + "\n\nmodel = Net()\n",
        "7:20",
        "lstmcalc cannot tell which module self.rnn is: self.make(4, 8) is not known",
        (354, 354),
    ),
    "static_factory": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.rnn = Net.make_rnn('gru', 4, 8)\n\n"
        + "    @staticmethod\n    def make_rnn(kind, i, h):\n"
        + "        return {'lstm': nn.LSTM, 'gru': nn.GRU}[kind](i, h)\n"
        + FORWARD
        + "\n\nmodel = Net()\n",
        "7:20",
        "lstmcalc cannot tell which module self.rnn is: Net.make_rnn('gru', 4, 8) is not known",
        (336, 336),
    ),
    # Made by a call lstmcalc cannot resolve, and never called in forward (before, read as no module at all).
    "function_defined_twice": (
        HEADER
        + "def make():\n    return nn.LSTM(6, 8)\n\n\ndef make():\n    return nn.LSTM(6, 32)\n\n\n"
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.lstm = make()\n"
        + "\n\nmodel = Net()\n",
        "15:21",
        "lstmcalc cannot tell which module self.lstm is: make() is not known",
        (5120, 5120),
    ),
    "function_defined_in_a_try": (
        HEADER
        + "try:\n    from mylib import make_rnn\nexcept ImportError:\n\n    def make_rnn(h):\n"
        + "        return nn.LSTM(6, h)\n\n\n"
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.rnn = make_rnn(8)\n        self.fc = nn.Linear(8, 2)\n\n\nmodel = Net()\n",
        "15:20",
        "lstmcalc cannot tell which module self.rnn is: make_rnn(8) is not known",
        (530, 530),
    ),
    "class_of_a_child_called": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.fc = nn.Linear(8, 2)\n        self.fc2 = type(self.fc)(8, 4)\n\n\nmodel = Net()\n",
        "8:20",
        "lstmcalc cannot tell which module self.fc2 is: type(self.fc)(8, 4) is not known",
        (54, 54),
    ),
    "dunder_class_of_a_child_called": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.fc = nn.Linear(8, 2)\n        self.copy_fc = self.fc.__class__(8, 4)\n\n\nmodel = Net()\n",
        "8:24",
        "lstmcalc cannot tell which module self.copy_fc is: self.fc.__class__(8, 4) is not known",
        (54, 54),
    ),
    "module_given_by_a_rebound_function": (
        HEADER
        + "def load_encoder():\n    return nn.LSTM(6, 8)\n\n\nload_encoder = load_encoder\n\n\n"
        + "class Net(nn.Module):\n    def __init__(self, enc):\n        super().__init__()\n"
        + "        self.enc = enc\n        self.fc = nn.Linear(8, 2)\n\n\nmodel = Net(load_encoder())\n",
        "14:20",
        "lstmcalc cannot tell which module self.enc is: enc is not known",
        (530, 530),
    ),
    "only_a_weight_of_it_read_in_forward": (
        HEADER.replace("\n\n\n", "\nimport torch.nn.functional as F\n\n\n")
        + "def make_embedding(n, d):\n    return nn.Embedding(n, d)\n\n\nmake_embedding = make_embedding\n\n\n"
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.emb = make_embedding(50, 8)\n        self.lstm = nn.LSTM(8, 8, batch_first=True)\n\n"
        + "    def forward(self, x):\n        return self.lstm(F.embedding(x, self.emb.weight))[0]\n"
        + "\n\nmodel = Net()\n",
        "15:20",
        "lstmcalc cannot tell which module self.emb is: make_embedding(50, 8) is not known",
        (976, 976),
    ),
    "a_local_name_of_an_unknown_call": (
        HEADER
        + "make = lambda: nn.LSTM(6, 8)\nmake = lambda: nn.LSTM(6, 32)\n\n\n"
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        made = make()\n        self.lstm = made\n\n\nmodel = Net()\n",
        "12:21",
        "lstmcalc cannot tell which module self.lstm is: made is not known",
        (5120, 5120),
    ),
}

#: Modules made by calls that cannot run here, refused the same way: (code, "line:column", message).
UNKNOWN_MAKERS: dict[str, tuple[str, str, str]] = {
    "torch_load_given": (
        "import torch\n"
        + HEADER
        + "class Net(nn.Module):\n    def __init__(self, enc):\n        super().__init__()\n"
        + "        self.enc = enc\n        self.fc = nn.Linear(8, 2)\n\n\nmodel = Net(torch.load('encoder.pt'))\n",
        "8:20",
        "lstmcalc cannot tell which module self.enc is: enc is not known",
    ),
    "torch_hub_load": (
        "import torch\n"
        + HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.backbone = torch.hub.load('pytorch/vision', 'resnet18')\n\n\nmodel = Net()\n",
        "8:25",
        "lstmcalc cannot tell which module self.backbone is: torch.hub.load('pytorch/vision', 'resnet18') is not",
    ),
    "imported_class_method": (
        HEADER.replace("\n\n\n", "\nfrom transformers import AutoModel\n\n\n")
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.bert = AutoModel.from_pretrained('bert-base-uncased')\n        self.fc = nn.Linear(768, 2)\n\n"
        + "    def forward(self, ids):\n        return self.fc(self.bert.embeddings(ids))\n\n\nmodel = Net()\n",
        "8:21",
        "lstmcalc cannot tell which module self.bert is: AutoModel.from_pretrained('bert-base-uncased') is not",
    ),
    "deep_copy_of_an_imported_name": (
        "import copy\n"
        + HEADER.replace("\n\n\n", "\nfrom mylib import proto\n\n\n")
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.a = copy.deepcopy(proto)\n\n\nmodel = Net()\n",
        "9:18",
        "lstmcalc cannot tell which module self.a is: copy.deepcopy(proto) is not known",
    ),
}

#: Values lstmcalc cannot know that certainly are no module: read, not refused (code, torch's figures).
NOT_MODULES = (
    "import argparse\nimport math\nimport os\n\nimport torch\n"
    + HEADER.replace("\n\n\n", "\nimport torch.nn.functional as F\n\n\n")
    + "class Net(nn.Module):\n    def __init__(self, config, args, d=int(os.environ.get('D', '8'))):\n"
    + "        super().__init__()\n        self.fc = nn.Linear(4, 4)\n        self.scale = math.sqrt(d)\n"
    + "        self.steps = int(os.environ.get('STEPS', '3'))\n        self.positions = torch.arange(d)\n"
    + "        self.mask = F.pad(torch.ones(d), (1, 1))\n        self.hidden = config.hidden\n"
    + "        self.name = f'net{d}'\n        self.device = torch.device('cpu')\n"
    + "        self.args = args\n        self.own = Config()\n        self.parsed = parser.parse_args([])\n\n\n"
    + "class Config:\n    hidden = 4\n\n\nparser = argparse.ArgumentParser()\nargs = parser.parse_args([])\n"
    + "model = Net(Config(), args, int(os.environ.get('D', '8')))\n",
    (20, 20),
)

#: A helper from another file given ``self`` (it cannot be run here: the file imports ``utils``).
IMPORTED_HELPER = (
    HEADER.replace("\n\n\n", "\nfrom utils import build_head\n\n\n")
    + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    + "        self.lstm = nn.LSTM(4, 8)\n        build_head(self, 8)\n"
    + FORWARD
    + "\n\nmodel = Net()\n",
    "9:9",
    "lstmcalc cannot follow build_head(self, 8): build_head is not defined in this file",
)

#: A local name given a module another name holds is that module, not a list of it (before, ``b = a``
#: then ``self.chain = b`` read as a plain list, its parameters missing): (code, torch's figures).
ALIAS_CASES: dict[str, tuple[str, tuple[int, int]]] = {
    "second_local_name": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        a = nn.Linear(2, 2)\n        b = a\n        self.chain = b\n"
        + FORWARD
        + "\n\nmodel = Net()\n",
        (6, 6),
    ),
    "rebuilt_in_a_loop": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        outer = nn.Linear(2, 2)\n        for _ in range(3):\n            inner = outer\n"
        + "            outer = nn.Sequential(inner, nn.ReLU())\n        self.chain = inner\n"
        + FORWARD
        + "\n\nmodel = Net()\n",
        (6, 6),
    ),
    "child_and_list_under_other_names": (
        HEADER
        + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.fc = nn.Linear(2, 2)\n        same = self.fc\n        self.again = same\n"
        + "        pair = [nn.Linear(2, 3), nn.Linear(3, 2)]\n        kept = pair\n"
        + "        self.seq = nn.Sequential(*kept)\n"
        + FORWARD
        + "\n\nmodel = Net()\n",
        (23, 23),
    ),
}

#: A module class with no forward method: torch makes it all the same (only calling it fails), so its
#: parameters are read; there are no shapes to follow. (code, torch's figures.)
NO_FORWARD = (
    HEADER
    + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    + "        self.lstm = nn.LSTM(4, 8, batch_first=True)\n        self.fc = nn.Linear(8, 2)\n\n\nmodel = Net()\n",
    (466, 466),
)
