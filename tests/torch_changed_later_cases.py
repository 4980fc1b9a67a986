"""PyTorch code whose values or model change after lstmcalc first reads them: a dict or list that ``__init__``
changes in place (``cfg["hidden"] += 4`` on a mutable default shared by two instances), and a model changed
at module level after making it, through its methods (``model.grow(3)``) or torch's functions
(``weight_norm(model.fc)``). Shared by tests/test_torch_changed_later.py and its oracle module, which runs
each in real torch 2.13."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: Read as torch builds them: name -> (code, input shapes); the golden file is torchinfo's table.
READ: dict[str, tuple[str, list[list[int]]]] = {
    # The default dict is made once and changed by each instance: b2's GRU is 12 wide, b2's proj 4 out.
    # Items of a local dict and list set with known values are followed too.
    "default_dict_changed_in_place": (
        HEADER + "class Block(nn.Module):\n"
        '    def __init__(self, n_in, cfg={"hidden": 8, "layers": [4, 8]}):\n'
        "        super().__init__()\n"
        '        self.rnn = nn.GRU(n_in, cfg["hidden"], batch_first=True)\n'
        '        cfg["hidden"] += 4\n'
        '        cfg["layers"].append(n_in)\n'
        '        self.proj = nn.Linear(cfg["hidden"], len(cfg["layers"]))\n\n'
        "    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n"
        "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        '        sizes = {"a": 3}\n        sizes["a"] *= 2\n        sizes["b"] = sizes["a"] + 1\n'
        "        dims = [1, 2]\n        dims[1] = 5\n"
        "        self.b1 = Block(4)\n        self.b2 = Block(8)\n"
        '        self.fc = nn.Linear(12, sizes["b"] + dims[1])\n\n'
        "    def forward(self, x):\n        return self.fc(self.b2.rnn(self.b1.rnn(x)[0])[0])\n\n\n"
        "model = Model()\n",
        [[2, 5, 4]],
    ),
    # What module-level code does to a model that leaves what it holds as __init__ made it.
    "harmless_calls_after_making": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(4, 8, batch_first=True)\n        self.fc = nn.Linear(8, 2)\n\n"
        "    def size(self):\n        return sum(p.numel() for p in self.parameters())\n\n"
        "    def forward(self, x):\n        return self.fc(self.rnn(x)[0])\n\n\n"
        'model = Net()\nmodel.rnn.flatten_parameters()\nmodel.eval()\nmodel.train()\nmodel = model.to("cpu")\n'
        "model.float()\nmodel.zero_grad()\ncount = model.size()\n"
        "model.apply(lambda m: nn.init.zeros_(m.bias) if isinstance(m, nn.Linear) else None)\n",
        [[2, 5, 4]],
    ),
    # Values changed in place (a tensor's methods ending in _), a tensor's methods read, and a dataset's own `to`
    # that sets an attribute: none of them is the model's method.
    "values_changed_after_making": (
        HEADER + "class Data:\n    def to(self, device):\n        self.device = device\n        return self\n\n\n"
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.emb = nn.Embedding(10, 4)\n        self.rnn = nn.GRU(4, 8, batch_first=True)\n"
        "        self.fc = nn.Linear(8, 2)\n\n"
        "    def forward(self, x):\n        return self.fc(self.rnn(self.emb(x))[0])\n\n\n"
        "model = Net()\nmodel.emb.weight.data.copy_(torch.randn(10, 4))\nmodel.fc.weight.data.normal_(0, 0.02)\n"
        'norm = model.fc.weight.norm().item()\nmodel.to("cpu")\ndata = Data().to("cpu")\n',
        [[2, 5]],
    ),
}

#: Read with --set values as torch builds them: name -> (code, --set options, input shapes); the golden file is
#: torchinfo's table.
SET_READ: dict[str, tuple[str, list[str], list[list[int]]]] = {
    # args.hidden is read before and after extra.update(vars(args)), which changes extra, not args.
    "set_value_read_around_a_change_of_another_dict": (
        "import argparse\n\n" + HEADER + "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--hidden", type=int, default=8)\nargs = parser.parse_args([])\n\n\n'
        "class Net(nn.Module):\n    def __init__(self, args):\n        super().__init__()\n"
        "        blocks = [nn.Linear(4, 4)]\n        blocks.append(nn.Linear(4, args.hidden))\n"
        "        extra = {}\n        extra.update(vars(args))\n        self.fc = nn.Linear(args.hidden, 2)\n"
        "        self.seq = nn.Sequential(*blocks)\n\n"
        "    def forward(self, x):\n        return self.fc(self.seq(x))\n\n\nmodel = Net(args)\n",
        ["args.hidden=8"],
        [[3, 4]],
    ),
}

_CONFIG_BLOCKS = (
    HEADER + 'CONFIG = {"hidden": 8, "layers": [4, 8]}\n\n\n'
    "class Block(nn.Module):\n    def __init__(self, n_in, cfg=CONFIG):\n        super().__init__()\n"
    '        self.rnn = nn.GRU(n_in, cfg["hidden"], batch_first=True)\n        cfg["hidden"] += 4\n'
    '        cfg["layers"].append(n_in)\n\n    def forward(self, x):\n        return self.rnn(x)[0]\n\n\n'
    "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.b1 = Block(4)\n        self.b2 = Block(8)\n"
    '        self.fc = nn.Linear(CONFIG["hidden"], len(CONFIG["layers"]))\n\n'
    "    def forward(self, x):\n        return self.fc(self.b2(self.b1(x)))\n\n\nmodel = Model()\n"
)
_BOTH = "one --set value cannot stand for both; make the values known in the code"

#: A --set value the code would read at two states of what it changes in place: name -> (code, --set options,
#: where, the start of lstmcalc's message, torch's total, the total one value for both reads would give).
SET_REFUSED: dict[str, tuple[str, list[str], str, str, int, int]] = {
    # cfg['hidden'] is 8 for b1's GRU, 12 for b2's: --set "cfg['hidden']=8" made b2's GRU 8 wide (836).
    "mutable_default_read_by_two_instances": (
        _CONFIG_BLOCKS,
        ["cfg['hidden']=8", "CONFIG['hidden']=16", "CONFIG['layers']=[4, 8, 4, 8]"],
        "11:33",
        "--set cfg['hidden']: lstmcalc reads cfg['hidden'] a second time (for another instance or call), and in "
        "between the code changes a list or dict in place at line 12, column 9 (cfg['hidden'] += 4), which "
        f"lstmcalc cannot follow: cfg['hidden'] may hold another value here than there, and {_BOTH}",
        1196,
        836,
    ),
    # A --set list is not the list the code then changes: sizes[-1] is 3 after the append, not 8.
    "set_list_appended_to": (
        "import json\nimport os\n\n" + HEADER + "class Net(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n"
        '        sizes = json.loads(os.environ.get("LSTMCALC_SIZES", "[4, 8]"))\n        sizes.append(3)\n'
        "        self.fc = nn.Linear(4, sizes[-1])\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n"
        "model = Net()\n",
        ["sizes=[4, 8]"],
        "13:32",
        "--set sizes: lstmcalc reads sizes here and at line 12, column 9, and in between the code changes a list "
        f"or dict in place at line 12, column 9 (sizes.append(3)), which lstmcalc cannot follow: sizes may hold "
        f"another value here than there, and {_BOTH}",
        15,
        40,
    ),
}

_NET = (
    HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.rnn = nn.GRU(4, 8, batch_first=True)\n        self.layers = nn.ModuleList([nn.Linear(8, 8)])\n"
    "        self.fc = nn.Linear(8, 2)\n\n"
    "    def grow(self, n):\n        self.head = nn.Linear(8, n)\n\n"
    "    def add_head(self, n):\n        self.layers.append(nn.Linear(8, n))\n\n"
    "    def widen(self, n):\n        self._widen(n)\n\n"
    "    def _widen(self, n):\n        self.fc = nn.Linear(8, n)\n\n"
    "    def forward(self, x):\n        return self.fc(self.rnn(x)[0])\n\n\n"
)
#: What Net holds as its __init__ makes it.
NET_TOTAL = 426
_MADE = "lstmcalc reads model as its class's __init__ makes it; "
_CANNOT = ": lstmcalc cannot follow that yet; make the change in __init__ (or give the model as a YAML spec)"
_GROW = "runs grow (line 12), which may change the model afterwards (line 13 sets self.head)"

#: Module-level code that changes the model after making it: name -> (code after the classes, where,
#: lstmcalc's message, torch's total after the change).
CHANGED_AFTER: dict[str, tuple[str, str, str, int]] = {
    "method_sets_a_module": ("model = Net()\nmodel.grow(3)\n", "29:1", f"{_MADE}model.grow(3) {_GROW}{_CANNOT}", 453),
    "method_appends_to_a_module_list": (
        "model = Net()\nmodel.add_head(10)\n",
        "29:1",
        f"{_MADE}model.add_head(10) runs add_head (line 15), which may change the model afterwards (line 16: "
        f"self.layers.append(nn.Linear(8, n))){_CANNOT}",
        516,
    ),
    "method_through_another_method": (
        "model = Net()\nmodel.widen(6)\n",
        "29:1",
        f"{_MADE}model.widen(6) runs widen (line 18), which may change the model afterwards (line 22 sets "
        f"self.fc){_CANNOT}",
        462,
    ),
    "method_called_on_the_class": (
        "model = Net()\nNet.grow(model, 3)\n",
        "29:1",
        f"{_MADE}Net.grow(model, 3) {_GROW}{_CANNOT}",
        453,
    ),
    "bound_method_called_later": (
        "model = Net()\ngrow = model.grow\ngrow(3)\n",
        "29:8",
        f"{_MADE}model.grow {_GROW}{_CANNOT}",
        453,
    ),
    "method_in_a_function": (
        "def main():\n    model = Net()\n    model.grow(3)\n    return model\n\n\nmodel = main()\n",
        "30:5",
        f"{_MADE}model.grow(3) {_GROW}{_CANNOT}",
        453,
    ),
    "torch_set_submodule": (
        'model = Net()\nmodel.set_submodule("fc", nn.Linear(8, 3))\n',
        "29:1",
        f"{_MADE}model.set_submodule('fc', nn.Linear(8, 3)) may change the model afterwards (torch's set_submodule "
        f"does){_CANNOT}",
        435,
    ),
    "torch_weight_norm_of_a_part": (
        "model = Net()\nnn.utils.weight_norm(model.fc)\n",
        "29:1",
        f"{_MADE}nn.utils.weight_norm(model.fc) changes a module it is given, after __init__ made it{_CANNOT}",
        428,
    ),
    "applied_function_removes_a_bias": (
        "def drop_bias(m):\n    if isinstance(m, nn.GRU):\n        m.bias_hh_l0 = None\n\n\n"
        "model = Net()\nmodel.apply(drop_bias)\n",
        "34:1",
        f"{_MADE}model.apply(drop_bias) runs a function on each of its modules that may change the model (line 30 "
        f"sets m.bias_hh_l0){_CANNOT}",
        402,
    ),
}


def changed_after_code(name: str) -> str:
    """The whole file of the CHANGED_AFTER case ``name``."""
    return _NET + CHANGED_AFTER[name][0]


#: A method called on the model that neither the file's classes nor torch's nn.Module define (Lightning's
#: freeze() changes which parameters train): code, where, lstmcalc's message; torch's AttributeError words.
UNKNOWN_METHOD = (
    _NET + "model = Net()\nmodel.freeze()\n",
    "29:1",
    f"{_MADE}model.freeze() calls freeze, which neither the file's classes nor torch's nn.Module define, so it may "
    f"change the model afterwards{_CANNOT}",
    "'Net' object has no attribute 'freeze'",
)
