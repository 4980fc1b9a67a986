"""An index out of range of a tensor's sizes in ``forward`` (``self.e.weight.shape[5]`` of a 2-D weight,
``x.size()[-3]`` of a 2-D activation, ``x.size(-4)`` of a 3-D input): torch's IndexError, refused at its line in
the words ``__init__`` refuses it (tests/torch_helper_value_cases.py), where the shapes stopped with a note. Read by
tests/test_torch_probe_findings.py and its oracle module, which runs each in torch 2.13."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"
_INDEX = "torch would refuse this (IndexError: tuple index out of range): "

#: None read: each case is refused.
READ: dict[str, tuple[str, list[list[int]]]] = {}

#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    "an_index_out_of_a_weight_s_shape_in_forward": (
        HEADER + "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.e = nn.Linear(4, 6)\n\n    def forward(self, x):\n        x = self.e(x)\n"
        "        return x.view(-1, self.e.weight.shape[5])\n\n\nmodel = M()\n",
        [[2, 4]],
        "12:27",
        _INDEX + "self.e.weight.shape is (6, 4), of 2 dimensions, which has no index 5",
        "tuple index out of range",
    ),
    "an_index_out_of_an_activation_s_size_in_forward": (
        HEADER + "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(4, 6)\n\n    def forward(self, x):\n        h = self.fc(x)\n"
        "        return h.reshape(h.size()[-3], -1)\n\n\nmodel = M()\n",
        [[2, 4]],
        "12:26",
        _INDEX + "h.size() is (2, 6), of 2 dimensions, which has no index -3",
        "tuple index out of range",
    ),
    "a_dimension_out_of_an_input_s_size_in_forward": (
        HEADER + "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(8, 16, batch_first=True)\n\n    def forward(self, x):\n"
        "        steps = x.size(-4)\n        out, _ = self.lstm(x)\n        return out[:, -1] * steps\n\n\n"
        "model = M()\n",
        [[2, 5, 8]],
        "11:17",
        "torch would refuse this: dimension -4 is out of range for a 3-D tensor",
        "Dimension out of range (expected to be in range of [-3, 2], but got -4)",
    ),
    "a_dimension_out_of_a_scalar_s_size_in_forward": (
        HEADER + "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(8, 1)\n\n    def forward(self, x):\n        total = self.fc(x).sum()\n"
        "        return x * total.size(dim=0)\n\n\nmodel = M()\n",
        [[2, 8]],
        "12:20",
        "torch would refuse this: dimension 0 is out of range for a 0-D tensor",
        "Dimension specified as 0 but tensor has no dimensions",
    ),
}

#: The --set option that gives a case's expression a value: refused with it as without (no value stands for it).
GIVEN = {
    "an_index_out_of_a_weight_s_shape_in_forward": "self.e.weight.shape[5]=4",
    "an_index_out_of_an_activation_s_size_in_forward": "h.size()[-3]=2",
}
