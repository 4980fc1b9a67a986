"""An index out of range of a tensor's sizes in ``forward`` (``self.e.weight.shape[5]`` of a 2-D weight,
``x.size()[-3]`` of a 2-D activation): torch's IndexError, refused at its line in the words ``__init__`` refuses it
(tests/torch_helper_value_cases.py), where the shapes stopped with a note. Read by tests/test_torch_probe_findings.py
and its oracle module, which runs each in torch 2.13."""

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
}

#: The --set option that gives a case's expression a value: refused with it as without (no value stands for it).
GIVEN = {
    "an_index_out_of_a_weight_s_shape_in_forward": "self.e.weight.shape[5]=4",
    "an_index_out_of_an_activation_s_size_in_forward": "h.size()[-3]=2",
}
