"""PyTorch code that changes what a module holds, or what calling it runs, past what ``self.x = ...`` says:
nn.Module.__init__ run again (torch empties the module's modules, parameters and buffers; plain attributes
stay), writes to torch's own ``_modules``, ``_parameters`` and ``_buffers``, a child's ``__init__`` run
again, forward hooks and pre-hooks, and a class's own ``__call__``. Shared by
tests/test_torch_state_changes.py and its oracle module, which runs each in real torch 2.13."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: Read as torch builds them: name -> (code, input shapes); the golden file is torchinfo's table.
READ: dict[str, tuple[str, list[list[int]]]] = {
    # A copy-pasted second super().__init__() drops the embedding made before it.
    "super_init_run_again": (
        HEADER + "class Tagger(nn.Module):\n    def __init__(self, vocab=100, emb=16, hidden=8, tags=5):\n"
        "        super(Tagger, self).__init__()\n        self.embedding = nn.Embedding(vocab, emb)\n"
        "        super().__init__()\n        self.lstm = nn.LSTM(emb, hidden, batch_first=True)\n"
        "        self.fc = nn.Linear(hidden, tags)\n\n"
        "    def forward(self, x):\n        return self.fc(self.lstm(x)[0])\n\n\nmodel = Tagger()\n",
        [[2, 7, 16]],
    ),
    # nn.Module.__init__ again: the module, parameter and buffer before it go; a plain number stays.
    "module_init_again_keeps_plain_attributes": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.hidden = 8\n        self.fc = nn.Linear(4, 3)\n        self.scale = nn.Parameter(torch.ones(5))\n"
        "        self.register_buffer('steps', torch.zeros(2))\n        nn.Module.__init__(self)\n"
        "        self.gru = nn.GRU(4, self.hidden, batch_first=True)\n        self.fc = nn.Linear(self.hidden, 2)\n\n"
        "    def forward(self, x):\n        return self.fc(self.gru(x)[0])\n\n\nmodel = Net()\n",
        [[2, 5, 4]],
    ),
}

#: torch's state_dict of the READ cases, names and shapes: what was registered before the second
#: nn.Module.__init__ is gone.
STATE_DICTS: dict[str, dict[str, tuple[int, ...]]] = {
    "super_init_run_again": {
        "lstm.weight_ih_l0": (32, 16),
        "lstm.weight_hh_l0": (32, 8),
        "lstm.bias_ih_l0": (32,),
        "lstm.bias_hh_l0": (32,),
        "fc.weight": (5, 8),
        "fc.bias": (5,),
    },
    "module_init_again_keeps_plain_attributes": {
        "gru.weight_ih_l0": (24, 4),
        "gru.weight_hh_l0": (24, 8),
        "gru.bias_ih_l0": (24,),
        "gru.bias_hh_l0": (24,),
        "fc.weight": (2, 8),
        "fc.bias": (2,),
    },
}

#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    # Two parents, each running nn.Module.__init__: the second drops the first's GRU, which forward reads.
    "two_parents_each_running_module_init": (
        HEADER + "class Encoder(nn.Module):\n    def __init__(self):\n        nn.Module.__init__(self)\n"
        "        self.rnn = nn.GRU(4, 8, batch_first=True)\n\n\n"
        "class Decoder(nn.Module):\n    def __init__(self):\n        nn.Module.__init__(self)\n"
        "        self.fc = nn.Linear(8, 2)\n\n\n"
        "class Model(Encoder, Decoder):\n    def __init__(self):\n        Encoder.__init__(self)\n"
        "        Decoder.__init__(self)\n\n    def forward(self, x):\n        return self.fc(self.rnn(x)[0])\n\n\n"
        "model = Model()\n",
        [[2, 7, 4]],
        "23:24",
        "torch would refuse this: AttributeError: 'Model' object has no attribute 'rnn'",
        "'Model' object has no attribute 'rnn'",
    ),
}

_NET = HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
_GRU = "        self.rnn = nn.GRU(4, 8, batch_first=True)\n"
_FORWARD = "\n    def forward(self, x):\n        return self.rnn(x)[0]\n\n\nmodel = Net()\n"
_WAYS = (
    "register with self.name = ..., setattr(self, name, ...), self.add_module(name, module) or "
    "self.register_buffer(name, tensor)"
)

#: What lstmcalc refuses to read, though torch builds it (it would count it wrong): name -> (code, where,
#: lstmcalc's message).
UNFOLLOWED: dict[str, tuple[str, str, str]] = {
    "module_written_into_modules_dict": (
        _NET
        + _GRU
        + "        for i in range(2):\n            self._modules['head%d' % i] = nn.Linear(8, 2)\n"
        + _FORWARD,
        "10:13",
        "lstmcalc cannot follow self._modules['head%d' % i] yet: it changes torch's own dict of a module's "
        f"modules, parameters or buffers; {_WAYS}",
    ),
    "parameter_written_into_parameters_dict": (
        _NET + _GRU + "        self._parameters['temperature'] = nn.Parameter(torch.ones(1))\n" + _FORWARD,
        "9:9",
        "lstmcalc cannot follow self._parameters['temperature'] yet: it changes torch's own dict of a module's "
        f"modules, parameters or buffers; {_WAYS}",
    ),
    "buffer_written_into_a_child_s_buffers_dict": (
        _NET + _GRU + "        self.rnn._buffers['steps'] = torch.zeros(3)\n" + _FORWARD,
        "9:9",
        "lstmcalc cannot follow self.rnn._buffers['steps'] yet: it changes torch's own dict of a module's "
        f"modules, parameters or buffers; {_WAYS}",
    ),
    "module_deleted_from_modules_dict": (
        _NET + _GRU + "        self.fc = nn.Linear(8, 2)\n        del self._modules['fc']\n" + _FORWARD,
        "10:13",
        "lstmcalc cannot follow self._modules['fc'] yet: it changes torch's own dict of a module's "
        f"modules, parameters or buffers; {_WAYS}",
    ),
    "module_popped_from_modules_dict": (
        _NET + _GRU + "        self.fc = nn.Linear(8, 2)\n        self._modules.pop('fc')\n" + _FORWARD,
        "10:9",
        "lstmcalc cannot follow self._modules.pop('fc') yet: it changes torch's own dict of a module's "
        f"modules, parameters or buffers; {_WAYS}",
    ),
    "child_made_again_by_its_init": (
        _NET + _GRU + "        self.rnn.__init__(4, 16, batch_first=True)\n" + _FORWARD,
        "9:9",
        "lstmcalc cannot follow self.rnn.__init__(4, 16, batch_first=True) yet: it runs __init__ again on a "
        "module already made; make the module once, with the arguments it should have",
    ),
    "hook_on_every_module": (
        _NET + _GRU + "        nn.modules.module.register_module_forward_hook(lambda m, i, o: None)\n" + _FORWARD,
        "9:9",
        "lstmcalc cannot follow register_module_forward_hook yet: a hook on every module changes what each "
        "returns; summarise the model without it",
    ),
    "hook_registered_on_the_model_after_making_it": (
        _NET + _GRU + _FORWARD + "model.rnn.register_forward_hook(lambda m, i, o: o[0][:, -1])\n",
        "15:1",
        "lstmcalc reads model as its class's __init__ makes it; this statement changes it afterwards, which "
        "lstmcalc cannot follow yet: make the change in __init__ (or give the model as a YAML spec)",
    ),
    "hook_on_every_module_after_making_the_model": (
        _NET + _GRU + _FORWARD + "nn.modules.module.register_module_forward_hook(lambda m, i, o: None)\n",
        "15:1",
        "lstmcalc reads the model as its class's __init__ makes it; this statement changes it afterwards, which "
        "lstmcalc cannot follow yet: make the change in __init__ (or give the model as a YAML spec)",
    ),
}

#: Where a hook or a class's own __call__ runs around forward: name -> (code, input shapes); the golden
#: file is lstmcalc's table, shapes unknown (--) from that call on, each shown one torchinfo's.
STOPPED: dict[str, tuple[str, list[list[int]]]] = {
    "forward_hook_on_a_child": (
        HEADER + "class Tagger(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(3, 8, batch_first=True)\n        self.fc = nn.Linear(8, 1)\n"
        "        self.fc.register_forward_hook(lambda module, inputs, output: output.squeeze(-1))\n\n"
        "    def forward(self, x):\n        o, _ = self.lstm(x)\n        return self.fc(o)\n\n\nmodel = Tagger()\n",
        [[2, 7, 3]],
    ),
    "forward_hook_method_on_a_gru": (
        HEADER + "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(5, 9, batch_first=True)\n        self.fc = nn.Linear(9, 3)\n"
        "        self.gru.register_forward_hook(self._last_step)\n\n    @staticmethod\n"
        "    def _last_step(module, inputs, output):\n        out, h = output\n        return out[:, -1], h\n\n"
        "    def forward(self, x):\n        o, _ = self.gru(x)\n        return self.fc(o)\n\n\nmodel = Model()\n",
        [[2, 7, 5]],
    ),
    "pre_hook_on_the_model": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(5, 9, batch_first=True)\n        self.fc = nn.Linear(9, 1)\n"
        "        self.register_forward_pre_hook(lambda module, args: (args[0].transpose(0, 1),))\n\n"
        "    def forward(self, x):\n        o, _ = self.gru(x)\n        return self.fc(o)\n\n\nmodel = Net()\n",
        [[2, 7, 5]],
    ),
    "hooks_on_modules_of_a_loop": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(5, 9, batch_first=True)\n        self.fc = nn.Linear(9, 1)\n"
        "        for m in self.modules():\n            m.register_forward_hook(lambda m, i, o: o)\n\n"
        "    def forward(self, x):\n        o, _ = self.gru(x)\n        return self.fc(o)\n\n\nmodel = Net()\n",
        [[2, 7, 5]],
    ),
    # torch calls the hooked layer inside nn.TransformerEncoder's own forward, which lstmcalc does not follow.
    "hook_on_a_layer_inside_a_transformer_encoder": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2)\n"
        "        self.enc.layers[0].register_forward_hook(lambda m, i, o: o[:, :1])\n"
        "        self.fc = nn.Linear(8, 1)\n\n"
        "    def forward(self, x):\n        return self.fc(self.enc(x))\n\n\nmodel = Net()\n",
        [[2, 5, 8]],
    ),
    "own_call_around_module_call": (
        HEADER + "class Head(nn.Module):\n    def __init__(self, d):\n        super().__init__()\n"
        "        self.fc = nn.Linear(d, 1)\n\n    def __call__(self, x):\n"
        "        return super().__call__(x).squeeze(-1)\n\n"
        "    def forward(self, x):\n        return self.fc(x)\n\n\n"
        "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(5, 9, batch_first=True)\n        self.head = Head(9)\n\n"
        "    def forward(self, x):\n        o, _ = self.gru(x)\n        return self.head(o)\n\n\nmodel = Model()\n",
        [[2, 7, 5]],
    ),
    "own_call_running_forward_itself": (
        HEADER + "class Head(nn.Module):\n    def __init__(self, d):\n        super().__init__()\n"
        "        self.fc = nn.Linear(d, 3)\n\n    def __call__(self, x):\n        return self.forward(x)\n\n"
        "    def forward(self, x):\n        return self.fc(x).softmax(-1)\n\n\n"
        "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(5, 9, batch_first=True)\n        self.head = Head(9)\n\n"
        "    def forward(self, x):\n        o, _ = self.gru(x)\n        return self.head(o[:, -1])\n\n\n"
        "model = Model()\n",
        [[2, 7, 5]],
    ),
}
