"""PyTorch code whose forward calls ``x.view(...)`` on tensors laid out in memory otherwise than contiguously (a
permuted or transposed tensor, an RNN's batch_first output, a slice with a step, an expanded tensor), as a probe
against torch 2.13 found it: lstmcalc printed a table for views torch refuses (``.view`` where ``.reshape`` or
``.contiguous()`` is needed). Shared by tests/test_torch_view_layout.py and its oracle module."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"


def net(init: str, forward: str) -> str:
    """A module ``Net`` of ``__init__``'s lines ``init`` and ``forward(self, x)``'s lines ``forward``."""
    return (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        f"{init}\n    def forward(self, x):\n{forward}\n\nmodel = Net()\n"
    )


_GRU = "        self.rnn = nn.GRU(4, 8, batch_first=True)\n        self.fc = nn.Linear(8 * 5, 2)\n"
_LSTM = "        self.rnn = nn.LSTM(4, 6, batch_first=True)\n        self.fc = nn.Linear(6, 3)\n"
_LINEAR = "        self.proj = nn.Linear(4, 6)\n        self.head = nn.Linear(3, 2)\n"

#: Read, with torchinfo's table (tests/golden/torch_view_layout): name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    # The fix torch's message asks for: .contiguous() before the view.
    "permuted_gru_output_made_contiguous": (
        net(
            _GRU,
            "        o, _ = self.rnn(x)\n        o = o.permute(0, 2, 1).contiguous().view(o.size(0), -1)\n"
            "        return self.fc(o)\n",
        ),
        [[3, 5, 4]],
    ),
    # Time first, transposed to batch first, made contiguous, flattened by view.
    "transposed_then_contiguous_view": (
        net(
            "        self.rnn = nn.GRU(4, 8)\n        self.fc = nn.Linear(8 * 5, 2)\n",
            "        o, _ = self.rnn(x)\n        o = o.transpose(0, 1).contiguous().view(x.size(1), -1)\n"
            "        return self.fc(o)\n",
        ),
        [[5, 3, 4]],
    ),
    # A view that splits the last axis of a permuted tensor: its one chunk of memory stays one.
    "permuted_then_last_axis_split": (
        net(
            _LINEAR,
            "        h = self.proj(x).permute(0, 2, 1)\n        h = h.view(h.size(0), 6, 2, 3)\n"
            "        return self.head(h)\n",
        ),
        [[2, 6, 4]],
    ),
    # An expanded tensor (stride 0 along the repeated axis) viewed with its last axis split.
    "expanded_then_last_axis_split": (
        net(
            _LINEAR,
            "        h = self.proj(x).unsqueeze(1).expand(-1, 5, -1)\n"
            "        return self.head(h.view(x.size(0), 5, 2, 3))\n",
        ),
        [[2, 4]],
    ),
    # A slice with a step, viewed with its last axis split; the last step of a batch_first LSTM, viewed whole.
    "slice_with_a_step_and_last_step": (
        net(
            _LSTM + "        self.head = nn.Linear(2, 2)\n",
            "        out, _ = self.rnn(x)\n        every_other = out[:, ::2].view(x.size(0), 3, 3, 2)\n"
            "        last = out[:, -1].view(x.size(0), 6)\n        return self.fc(last), self.head(every_other)\n",
        ),
        [[2, 6, 4]],
    ),
    # A view that adds an axis of 1, whatever the layout; view_as of a contiguous tensor; a transpose undone.
    "views_torch_takes_of_any_layout": (
        net(
            _LINEAR,
            "        h = self.proj(x).transpose(1, 2)\n        h = h.view(2, 1, 6, 4).view(2, 6, 4)\n"
            "        flat = self.proj(x).view_as(torch.zeros(2, 24))\n"
            "        back = h.transpose(1, 2).view(2, 4, 2, 3)\n        return self.head(back), flat\n",
        ),
        [[2, 4, 4]],
    ),
}

_REFUSAL = (
    "torch would refuse this: view size is not compatible with input tensor's size and stride (at least one "
    "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
)
#: torch's words for each refusal below.
WORDS = "view size is not compatible with input tensor's size and stride"

#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message).
REFUSED: dict[str, tuple[str, list[list[int]], str, str]] = {
    # The probe's finding: .contiguous() forgotten between permute and view.
    "permuted_gru_output_viewed": (
        net(
            _GRU,
            "        o, _ = self.rnn(x)\n        o = o.permute(0, 2, 1).view(o.size(0), -1)\n"
            "        return self.fc(o)\n",
        ),
        [[3, 5, 4]],
        "14:13",
        _REFUSAL,
    ),
    # A batch_first RNN computes time first and hands its output back transposed: (batch, time) do not merge.
    "batch_first_lstm_output_viewed_flat": (
        net(_LSTM, "        out, _ = self.rnn(x)\n        return self.fc(out.view(-1, 6))\n"),
        [[2, 5, 4]],
        "14:24",
        _REFUSAL,
    ),
    "transposed_then_viewed": (
        net(_LINEAR, "        h = self.proj(x).transpose(1, 2)\n        return self.head(h.view(x.size(0), -1, 3))\n"),
        [[2, 4, 4]],
        "14:26",
        _REFUSAL,
    ),
    # An activation lays its output out as its input: the transpose stays.
    "activation_of_transposed_viewed": (
        net(_LINEAR, "        h = F.relu(self.proj(x).transpose(1, 2))\n        return self.head(h.view(2, -1, 3))\n"),
        [[2, 4, 4]],
        "14:26",
        _REFUSAL,
    ),
    "slice_with_a_step_viewed_flat": (
        net(_LINEAR, "        h = self.proj(x)[:, ::2]\n        return self.head(h.view(2, -1, 3))\n"),
        [[2, 4, 4]],
        "14:26",
        _REFUSAL,
    ),
    "expanded_viewed_flat": (
        net(
            _LINEAR,
            "        h = self.proj(x).unsqueeze(1).expand(-1, 5, -1)\n"
            "        return self.head(h.view(x.size(0), -1, 3))\n",
        ),
        [[2, 4]],
        "14:26",
        _REFUSAL,
    ),
}
