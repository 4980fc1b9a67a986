"""A configuration record made without a field it has no default for (``Config()`` of a dataclass or a
``typing.NamedTuple`` whose ``hidden`` has none): Python's TypeError, refused at the call in Python's words,
where lstmcalc asked for ``cfg.hidden`` and printed a table once given it with --set. Records whose
``__init__`` lstmcalc cannot tell from the fields (``kw_only``, ``InitVar``, ``field(init=False)``) are read
as before. Read by tests/test_torch_probe_findings.py and its oracle module, which runs each in torch 2.13."""

from __future__ import annotations

_NET = (
    "\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        cfg = {made}\n"
    "        self.lstm = nn.LSTM(8, cfg.hidden, cfg.layers, batch_first=True)\n\n"
    "    def forward(self, x):\n        out, _ = self.lstm(x)\n        return out[:, -1]\n\n\nmodel = Net()\n"
)
_DATACLASS = "import torch.nn as nn\nfrom dataclasses import dataclass, field\n\n\n@dataclass{options}\nclass Config:\n"
_NAMED_TUPLE = "import torch.nn as nn\nfrom typing import NamedTuple\n\n\nclass Config(NamedTuple):\n"
_MISSING = "Python refuses this (TypeError: Config.{maker}() missing {count}: {names})"

#: Refused as Python refuses them: name -> (code, input shapes, where, lstmcalc's message, Python's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    "dataclass_made_without_a_field_it_has_no_default_for": (
        _DATACLASS.format(options="") + "    hidden: int\n    layers: int = 1\n" + _NET.format(made="Config()"),
        [[2, 5, 8]],
        "14:15",
        _MISSING.format(maker="__init__", count="1 required positional argument", names="'hidden'"),
        "missing 1 required positional argument: 'hidden'",
    ),
    "named_tuple_made_without_two_fields": (
        _NAMED_TUPLE
        + "    hidden: int\n    dropout: float\n    layers: int = 1\n"
        + _NET.format(made="Config(layers=2)"),
        [[2, 5, 8]],
        "14:15",
        _MISSING.format(maker="__new__", count="2 required positional arguments", names="'hidden' and 'dropout'"),
        "missing 2 required positional arguments: 'hidden' and 'dropout'",
    ),
    "frozen_dataclass_without_three_fields_one_a_bare_field_call": (
        _DATACLASS.format(options="(frozen=True)")
        + "    hidden: int\n    layers: int = field()\n    bias: bool = field(repr=False)\n    dropout: float = 0.0\n"
        + _NET.format(made="Config(dropout=0.1)"),
        [[2, 5, 8]],
        "16:15",
        _MISSING.format(
            maker="__init__", count="3 required positional arguments", names="'hidden', 'layers', and 'bias'"
        ),
        "missing 3 required positional arguments: 'hidden', 'layers', and 'bias'",
    ),
}

#: Read as before: name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    "keyword_only_dataclass_given_its_fields": (
        _DATACLASS.format(options="(kw_only=True)")
        + "    hidden: int\n    layers: int = 2\n    names: list = field(default_factory=list)\n"
        + _NET.format(made="Config(hidden=16)"),
        [[2, 5, 8]],
    ),
    "named_tuple_given_its_fields_by_position": (
        _NAMED_TUPLE + "    hidden: int\n    layers: int = 1\n" + _NET.format(made="Config(12, 3)"),
        [[2, 5, 8]],
    ),
}
