"""A class based on a torch.nn module and a mixin of the file's (``class LSTM(RNNLayer, nn.LSTM)``, a base
giving the file's RNN wrappers their shared helpers): Python's method resolution order puts nn.LSTM before nn.Module,
which both bases are based on, so ``super().__init__(*args, **kwargs)`` runs nn.LSTM's ``__init__``. lstmcalc
ran nn.Module's, and refused the call as torch would refuse nn.Module given an LSTM's arguments. The order
that puts nn.Module first, which Python refuses, is refused. Read by tests/test_torch_probe_findings.py and
its oracle module, which runs each in torch 2.13."""

from __future__ import annotations

_HEADER = "import torch.nn as nn\n\n\nclass RNNLayer(nn.Module):\n    def flat(self):\n        return self\n\n\n"
_NET = (
    "\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.rnn = {made}\n        self.fc = nn.Linear(16, 3)\n\n"
    "    def forward(self, x):\n        out, _ = self.rnn(x)\n        return self.fc(out[:, -1])\n\n\nmodel = Net()\n"
)

#: Read as torch reads them: name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    "mixin_before_nn_lstm_given_its_arguments_on": (
        _HEADER + "class LSTM(RNNLayer, nn.LSTM):\n    def __init__(self, *args, **kwargs):\n"
        "        super().__init__(*args, **kwargs)\n" + _NET.format(made="LSTM(8, 16, num_layers=2, batch_first=True)"),
        [[2, 5, 8]],
    ),
    "nn_gru_before_a_mixin_with_its_own_init": (
        _HEADER.replace(
            "    def flat(self):\n        return self\n",
            "    def __init__(self):\n        super().__init__()\n        self.scale = nn.Linear(16, 16)\n",
        )
        + "class GRU(nn.GRU, RNNLayer):\n    pass\n"
        + _NET.format(made="GRU(8, 16, batch_first=True)"),
        [[2, 5, 8]],
    ),
}

#: Refused as Python refuses them: name -> (code, input shapes, where, lstmcalc's message, Python's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    "nn_module_before_nn_lstm": (
        _HEADER + "class LSTM(nn.Module, nn.LSTM):\n    pass\n" + _NET.format(made="LSTM(8, 16, batch_first=True)"),
        [[2, 5, 8]],
        "9:1",
        "class LSTM(nn.Module, nn.LSTM) has no consistent method resolution order, which Python refuses "
        "(TypeError: Cannot create a consistent method resolution order (MRO)); reorder its bases",
        "order (MRO) for bases Module, LSTM",
    ),
}
