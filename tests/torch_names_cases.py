"""PyTorch code a probe against torch 2.13 found lstmcalc misread in the names a model registers and the
tensors it holds under them: module names written with a format (``f"h{h:02d}"``, ``"v{:02d}".format(v)``,
``"v%d" % v``), an internal error before; names torch refuses (``forward``, ``training``, an int, a ".")
given a table; ``register_buffer``/``register_parameter`` conflicts; a buffer set again, or replaced by an
nn.Parameter; a Linear holding a tied weight of another width. Shared by tests/test_torch_names.py and its
oracle module, which runs each in real torch."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\nfrom collections import OrderedDict\n\n\n"


def _keyed(values: str, key: str) -> str:
    """A model with one head per value of ``values``, each named ``key`` in an nn.ModuleDict."""
    return (
        HEADER + f"class Net(nn.Module):\n    def __init__(self, vals={values}):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(4, 8, batch_first=True)\n"
        f"        self.heads = nn.ModuleDict({{{key}: nn.Linear(8, 1) for v in vals}})\n\n"
        "    def forward(self, x):\n        o, _ = self.lstm(x)\n"
        "        return torch.cat([head(o[:, -1]) for head in self.heads.values()], dim=1)\n\n\nmodel = Net()\n"
    )


def _registering(statement: str) -> str:
    """A GRU model whose ``__init__`` ends with ``statement`` (line 12)."""
    return (
        HEADER + "class Net(nn.Module):\n    def __init__(self, n=2):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(4, 8, batch_first=True)\n        self.fc = nn.Linear(8, 2)\n"
        f"        {statement}\n\n    def forward(self, x):\n        return self.rnn(x)[0]\n\n\nmodel = Net()\n"
    )


_KEYED_HEADS = {"lstm.weight_ih_l0": (32, 4), "lstm.weight_hh_l0": (32, 8), "lstm.bias_ih_l0": (32,)}
_KEYED_HEADS["lstm.bias_hh_l0"] = (32,)


def _heads(*names: str) -> dict[str, tuple[int, ...]]:
    """The state_dict of a :func:`_keyed` model whose heads torch names ``names``."""
    heads = {f"heads.{name}.{part}": shape for name in names for part, shape in (("weight", (1, 8)), ("bias", (1,)))}
    return {**_KEYED_HEADS, **heads}


_GRU = {"rnn.weight_ih_l0": (24, 4), "rnn.weight_hh_l0": (24, 8), "rnn.bias_ih_l0": (24,), "rnn.bias_hh_l0": (24,)}
_GRU_FC = {**_GRU, "fc.weight": (2, 8), "fc.bias": (2,)}

#: Read as torch builds them: name -> (code, torch's state_dict, in order: names and shapes).
STATE_DICTS: dict[str, tuple[str, dict[str, tuple[int, ...]]]] = {
    "format_spec_key": (_keyed("(1, 7, 28)", 'f"h{v:02d}"'), _heads("h01", "h07", "h28")),
    "repr_conversion_key": (_keyed("(1, 7)", 'f"v{v!r}"'), _heads("v1", "v7")),
    "float_format_spec_key": (_keyed("(1.0, 2.5)", 'f"v{v:.0f}"'), _heads("v1", "v2")),
    "str_format_spec_key": (_keyed("(1, 7)", '"v{:02d}".format(v)'), _heads("v01", "v07")),
    "self_documenting_key": (_keyed("(1, 7)", 'f"{v=}"'), _heads("v=1", "v=7")),
    "percent_of_floats_key": (_keyed("(1.0, 2.5)", '"v%d" % v'), _heads("v1", "v2")),
    "percent_fields_key": (_keyed("(1, 7)", '"v%02d_%s" % (v, "x")'), _heads("v01_x", "v07_x")),
    "add_module_format_spec": (
        _registering("self.seq = nn.Sequential()\n        for i in range(n):\n"
                     '            self.seq.add_module(f"l{i:02d}", nn.Linear(8, 8))'),
        {**_GRU_FC, **{f"seq.l0{i}.{part}": shape for i in range(2) for part, shape in (("weight", (8, 8)),
                                                                                         ("bias", (8,)))}},
    ),
    "setattr_format_spec": (
        _registering('setattr(self, f"fc{n:03d}", nn.Linear(8, 8))'),
        {**_GRU_FC, "fc002.weight": (8, 8), "fc002.bias": (8,)},
    ),
    "parameter_set_over_a_buffer": (
        _registering('self.register_buffer("scale", torch.ones(8))\n        self.scale = nn.Parameter(torch.ones(8))'),
        {"scale": (8,), **_GRU_FC},
    ),
    "buffer_set_again": (
        _registering('self.register_buffer("mask", torch.ones(1))\n        self.register_buffer("z", torch.ones(3))\n'
                     "        self.mask = torch.ones(10, 10)"),
        {"mask": (10, 10), "z": (3,), **_GRU_FC},
    ),
    "buffer_set_to_none": (
        _registering('self.register_buffer("mask", torch.ones(1))\n        self.mask = None'), _GRU_FC
    ),
    "buffer_registered_none_then_set": (
        _registering('self.register_buffer("mask", None)\n        self.register_buffer("z", torch.ones(3))\n'
                     "        self.mask = torch.ones(10, 10)"),
        {"mask": (10, 10), "z": (3,), **_GRU_FC},
    ),
    "buffer_registered_again": (
        _registering('self.register_buffer("mask", torch.ones(1))\n        self.register_buffer("z", torch.ones(3))\n'
                     '        self.register_buffer("mask", torch.ones(4))'),
        {"mask": (4,), "z": (3,), **_GRU_FC},
    ),
    "buffer_registered_none_then_registered": (
        _registering('self.register_buffer("mask", None)\n        self.register_buffer("mask", torch.ones(3))'),
        {"mask": (3,), **_GRU_FC},
    ),
    "parameter_set_to_none_then_again": (
        _registering("self.w = nn.Parameter(torch.ones(3))\n        self.v = nn.Parameter(torch.ones(2))\n"
                     "        self.w = None\n        self.w = nn.Parameter(torch.ones(5))"),
        {"w": (5,), "v": (2,), **_GRU_FC},
    ),
    "parameter_set_to_none": (
        _registering("self.w = nn.Parameter(torch.ones(3))\n        self.w = None"), _GRU_FC,
    ),
    "buffer_set_to_a_module": (
        _registering('self.register_buffer("b", torch.ones(3))\n        self.b = nn.Linear(2, 2)'),
        {**_GRU_FC, "b.weight": (2, 2), "b.bias": (2,)},
    ),
}  # fmt: skip

_POSITIONAL = (
    HEADER + "class PositionalEncoding(nn.Module):\n    def __init__(self, d_model=16, max_len=100):\n"
    '        super().__init__()\n        self.register_buffer("pe", torch.zeros(1))\n'
    "        pe = torch.zeros(max_len, d_model)\n        self.pe = pe.unsqueeze(0)\n\n"
    "    def forward(self, x):\n        return x + self.pe[:, : x.size(1)]\n\n\n"
    "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.pos = PositionalEncoding()\n        self.gru = nn.GRU(16, 8, batch_first=True)\n\n"
    "    def forward(self, x):\n        return self.gru(self.pos(x))[0]\n\n\nmodel = Model()\n"
)

_REPLACED = (
    HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.rnn = nn.LSTM(4, 16, batch_first=True)\n        self.fc = nn.Linear(32, 50)\n"
    "        self.fc.weight = nn.Parameter(torch.zeros(50, 16))\n\n"
    "    def forward(self, x):\n        o, _ = self.rnn(x)\n        return self.fc(o)\n\n\nmodel = Net()\n"
)

#: Read as torchinfo prints them (golden tables): name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    "format_spec_key": (STATE_DICTS["format_spec_key"][0], [[2, 5, 4]]),
    "percent_of_floats_key": (STATE_DICTS["percent_of_floats_key"][0], [[2, 5, 4]]),
    "buffer_set_again_read_in_forward": (_POSITIONAL, [[2, 5, 16]]),
    "linear_weight_replaced_by_another_width": (_REPLACED, [[2, 5, 4]]),
    "formatted_names_read_in_forward": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, n=3):\n        super().__init__()\n"
        "        self.n = n\n        for i in range(n):\n"
        '            setattr(self, f"layer{i:02d}", nn.Linear(8, 8))\n'
        '        self.add_module("out%02d" % 1, nn.Linear(8, 2))\n\n'
        "    def forward(self, x):\n        for i in range(self.n):\n"
        '            x = getattr(self, f"layer{i:02d}")(x)\n'
        '        return getattr(self, "out{:02d}".format(1))(x)\n\n\nmodel = Net()\n',
        [[2, 8]],
    ),
}

_TIED = (
    HEADER + "class LM(nn.Module):\n    def __init__(self, vocab=50, emb=16, hidden=32):\n        super().__init__()\n"
    "        self.emb = nn.Embedding(vocab, emb)\n        self.rnn = nn.LSTM(emb, hidden, batch_first=True)\n"
    "        self.dec = nn.Linear(hidden, vocab)\n        self.dec.weight = self.emb.weight\n\n"
    "    def forward(self, x):\n        o, _ = self.rnn(self.emb(x))\n        return self.dec(o)\n\n\nmodel = LM()\n"
)
_ATTRIBUTE = "torch refuses this (KeyError: \"attribute '{}' already exists\")"
_DOT = "torch refuses this (KeyError: 'module name can\\'t contain \".\", got: {}')"

#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    "module_dict_key_forward": (
        _registering('self.cells = nn.ModuleDict({"forward": nn.GRUCell(4, 8), "backward": nn.GRUCell(4, 8)})'),
        [], "11:37", _ATTRIBUTE.format("forward"), "attribute 'forward' already exists",
    ),
    "module_dict_key_training": (
        _registering('self.d = nn.ModuleDict(dict(training=nn.Linear(2, 2)))'),
        [], "11:37", _ATTRIBUTE.format("training"), "attribute 'training' already exists",
    ),
    "module_dict_int_key": (
        _registering("self.d = nn.ModuleDict({1: nn.Linear(3, 4)})"), [], "11:33",
        "torch refuses this (TypeError: module name should be a string. Got int)",
        "module name should be a string. Got int",
    ),
    "module_dict_dotted_key": (
        _registering('self.d = nn.ModuleDict({"a.b": nn.Linear(2, 2)})'), [], "11:33", _DOT.format("a.b"),
        'module name can\\\'t contain ".", got: a.b',
    ),
    "float_key_of_an_f_string": (
        _keyed("(1.0, 2.5)", 'f"v{v}"'), [], "10:37", _DOT.format("v1.0"), 'got: v1.0',
    ),
    "float_key_of_str": (_keyed("(1.0, 2.5)", "str(v)"), [], "10:37", _DOT.format("1.0"), "got: 1.0"),
    "float_key_self_documenting": (_keyed("(1.0, 2.5)", 'f"{v=}"'), [], "10:37", _DOT.format("v=1.0"), "got: v=1.0"),
    "ordered_dict_dotted_key": (
        _registering('self.s = nn.Sequential(OrderedDict([("a.b", nn.Linear(2, 2))]))'), [], "11:46",
        _DOT.format("a.b"), "got: a.b",
    ),
    "sequential_key_of_a_method": (
        _registering('self.s = nn.Sequential(OrderedDict([("append", nn.Linear(2, 2))]))'), [], "11:46",
        _ATTRIBUTE.format("append"), "attribute 'append' already exists",
    ),
    "add_module_forward": (
        _registering('self.add_module("forward", nn.Linear(2, 2))'), [], "11:9", _ATTRIBUTE.format("forward"),
        "attribute 'forward' already exists",
    ),
    "add_module_dotted": (
        _registering('self.add_module("a.b", nn.Linear(2, 2))'), [], "11:9", _DOT.format("a.b"), "got: a.b"
    ),
    "buffer_over_a_module": (
        _registering('self.register_buffer("fc", torch.zeros(2))'), [], "11:9", _ATTRIBUTE.format("fc"),
        "attribute 'fc' already exists",
    ),
    "buffer_named_training": (
        _registering('self.register_buffer("training", torch.zeros(2))'), [], "11:9",
        _ATTRIBUTE.format("training"), "attribute 'training' already exists",
    ),
    "buffer_name_with_a_dot": (
        _registering('self.register_buffer("w.x", torch.zeros(2))'), [], "11:9",
        "torch refuses this (KeyError: 'buffer name can\\'t contain \".\"')", 'buffer name can\\\'t contain "."',
    ),
    "buffer_over_a_plain_attribute": (
        _registering('self.hidden = 8\n        self.register_buffer("hidden", torch.ones(4))'), [], "12:9",
        _ATTRIBUTE.format("hidden"), "attribute 'hidden' already exists",
    ),
    "parameter_over_a_buffer": (
        _registering('self.register_buffer("s", torch.ones(8))\n'
                     '        self.register_parameter("s", nn.Parameter(torch.ones(8)))'),
        [], "12:9", _ATTRIBUTE.format("s"), "attribute 's' already exists",
    ),
    "parameter_of_a_plain_tensor": (
        _registering('self.register_parameter("bias0", torch.zeros(2))'), [], "11:42",
        "torch refuses this (TypeError: cannot assign 'torch.FloatTensor' object to parameter 'bias0' "
        "(torch.nn.Parameter or None required)): wrap it in nn.Parameter(...)",
        "cannot assign 'torch.FloatTensor' object to parameter 'bias0' (torch.nn.Parameter or None required)",
    ),
    "parameter_of_a_long_tensor": (
        _registering('self.register_parameter("p", torch.zeros(2, dtype=torch.long))'), [], "11:38",
        "torch refuses this (TypeError: cannot assign 'torch.LongTensor' object to parameter 'p' "
        "(torch.nn.Parameter or None required)): wrap it in nn.Parameter(...)",
        "cannot assign 'torch.LongTensor' object to parameter 'p'",
    ),
    "buffer_set_to_an_int": (
        _registering('self.register_buffer("b", torch.ones(3))\n        self.b = 3'), [], "12:18",
        "torch refuses this (TypeError: cannot assign 'int' as buffer 'b' (torch.nn.Buffer, torch.Tensor or None "
        "expected))",
        "cannot assign 'int' as buffer 'b' (torch.nn.Buffer, torch.Tensor or None expected)",
    ),
    "buffer_registered_as_a_list": (
        _registering('self.register_buffer("b", [1.0])'), [], "11:35",
        "torch refuses this (TypeError: cannot assign 'list' object to buffer 'b' (torch Tensor or None required))",
        "cannot assign 'list' object to buffer 'b' (torch Tensor or None required)",
    ),
    "parameter_set_to_a_tensor": (
        _registering("self.w = nn.Parameter(torch.ones(3))\n        self.w = torch.zeros(3)"), [], "12:18",
        "torch refuses this (TypeError: cannot assign 'torch.FloatTensor' as parameter 'w' (torch.nn.Parameter or "
        "None expected)): wrap it in nn.Parameter(...)",
        "cannot assign 'torch.FloatTensor' as parameter 'w' (torch.nn.Parameter or None expected)",
    ),
    "parameter_set_to_a_module": (
        _registering("self.w = nn.Parameter(torch.ones(3))\n        self.w = None\n        self.w = nn.Linear(2, 2)"),
        [], "13:18",
        "torch refuses this (TypeError: cannot assign a module (nn.Linear) as parameter 'w' (torch.nn.Parameter or "
        "None expected)): del self.w first",
        "as parameter 'w' (torch.nn.Parameter or None expected)",
    ),
    "replaced_weight_beside_a_bias_of_another_size": (
        _REPLACED.replace("torch.zeros(50, 16)", "torch.zeros(60, 16)"), [[2, 5, 4]], "15:16",
        "torch would refuse this call: its bias of 50 does not broadcast to the 60 outputs of the weight it holds",
        "(60) must match the",  # torch's words differ as the input is contiguous (addmm) or not (matmul, add)
    ),
    "setattr_of_an_int_name": (
        _registering("setattr(self, 1, nn.Linear(2, 2))"), [], "11:23",
        "Python refuses this (TypeError: attribute name must be string, not 'int')",
        "attribute name must be string, not 'int'",
    ),
    "tied_weight_of_another_width": (
        _TIED, [[2, 5]], "16:16",
        "torch would refuse this call: mat1 and mat2 shapes cannot be multiplied (10x32 and 16x50)",
        "mat1 and mat2 shapes cannot be multiplied (10x32 and 16x50)",
    ),
}  # fmt: skip

#: The cases whose input is token ids (an nn.Embedding's), run in torch as long tensors.
TOKEN_INPUTS = frozenset({"tied_weight_of_another_width"})
