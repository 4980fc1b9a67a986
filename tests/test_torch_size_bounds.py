"""PyTorch code (and specs) asking for a model larger than any real one gets one located error, in
bounded time and memory, where it passes the bound: calls of the file's own functions and classes
(a function calling itself twice is 2**n calls), modules held (a module nested in itself n times
over is held under 2**n names), modules nested inside one another, lists of modules from ``+`` and
``*``, parameters and buffers, and the layers one module stacks (``num_layers``)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from lstm_calc.layers.stacked_layers import MAX_STACKED_LAYERS
from lstm_calc.readers.torch_builder import MAX_CALLS
from lstm_calc.readers.torch_containers import MAX_MODULE_DEPTH, MAX_MODULES, MAX_TENSORS

HEADER = (
    "import copy\n\nimport torch.nn as nn\n\n\n"
    "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
)
FORWARD = "\n    def forward(self, x):\n        return x\n"
#: How long any of them may take, the start of Python included: each was minutes (or gigabytes) before.
SECONDS = 10

CALLS = (
    f"__init__ calls the file's classes, methods and functions more than {MAX_CALLS:,} times in all; "
    "lstmcalc follows no more (real models make a few hundred such calls)"
)
HELD = (
    f"would hold more than {MAX_MODULES:,} modules, one held under several names counted under each as torch's "
    "state_dict lists it; lstmcalc reads no larger model (real models hold a few thousand at most)"
)
NESTED = (
    f"would nest modules more than {MAX_MODULE_DEPTH} deep; lstmcalc reads none deeper (real models nest a few "
    "dozen deep at most)"
)
LISTED = (
    f"this list holds more than {MAX_MODULES:,} modules; lstmcalc reads no larger model (real models hold a few "
    "thousand at most)"
)
TENSORS = (
    f"the modules __init__ makes hold more than {MAX_TENSORS:,} parameters and buffers in all; lstmcalc reads "
    "no larger model (real models hold tens of thousands at most)"
)


def stacked(kind: str, argument: str, given: int) -> str:
    """The refusal of ``given`` layers stacked by ``kind``'s ``argument``."""
    return (
        f"{kind} argument '{argument}': expected at most {MAX_STACKED_LAYERS:,} stacked layers (the deepest real "
        f"models stack about a hundred), got {given}"
    )


CASES = {
    # 2**41 calls within the nesting bound (the tester's make(16) took 22 s and 360 MB)
    "function_calling_itself_twice": (
        "import torch.nn as nn\n\n\ndef make(n):\n    if n == 0:\n        return nn.Linear(2, 2)\n"
        "    return nn.Sequential(make(n - 1), make(n - 1))\n\n\nclass M(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.tree = make(40)\n" + FORWARD,
        f"7:39: error: {CALLS}",
    ),
    "class_made_twice_inside_itself": (
        "import torch.nn as nn\n\n\nclass M(nn.Module):\n    def __init__(self, n=20):\n        super().__init__()\n"
        "        if n > 0:\n            self.left = M(n - 1)\n            self.right = M(n - 1)\n        else:\n"
        "            self.fc = nn.Linear(2, 2)\n" + FORWARD + "\n\nmodel = M()\n",
        f"9:26: error: {CALLS}",
    ),
    # one Linear, shared: torch builds it at once (6 parameters), but lists 2**61 names in its state_dict
    "module_nested_in_itself_twice_over": (
        HEADER + "        s = nn.Linear(2, 2)\n        for _ in range(60):\n            s = nn.Sequential(s, s)\n"
        "        self.tree = s\n" + FORWARD,
        f"11:17: error: nn.Sequential {HELD}",
    ),
    "class_holding_one_module_under_many_names": (
        HEADER + "        self.layers = nn.ModuleList()\n        for _ in range(100):\n"
        "            block = nn.Linear(2, 2)\n            for _ in range(101):\n"
        "                self.layers.append(block)\n" + FORWARD + "\n\nmodel = M()\n",
        f"19:9: error: M {HELD}",
    ),
    "list_doubled_again_and_again": (
        HEADER
        + "        layers = [nn.Linear(2, 2)]\n        for _ in range(60):\n            layers = layers + layers\n"
        "        self.layers = nn.ModuleList(layers)\n" + FORWARD,
        f"11:22: error: {LISTED}",
    ),
    "list_repeated": (
        HEADER + "        self.layers = nn.ModuleList([nn.Linear(2, 2)] * 50000)\n" + FORWARD,
        f"9:37: error: {LISTED}",
    ),
    "sequential_inside_sequential_ten_thousand_deep": (
        HEADER + "        s = nn.Linear(2, 2)\n        for _ in range(9999):\n            s = nn.Sequential(s)\n"
        "        self.chain = s\n" + FORWARD,
        f"11:17: error: nn.Sequential {NESTED}",
    ),
    "module_list_appended_to_the_next_one": (
        HEADER + "        inner = nn.ModuleList()\n        for _ in range(9999):\n            outer = nn.ModuleList()\n"
        "            outer.append(inner)\n            inner = outer\n        self.chain = inner\n" + FORWARD,
        f"12:13: error: nn.ModuleList {NESTED}",
    ),
    # add_module nests without making a container around what it holds: the copy is refused
    "copy_of_a_chain": (
        HEADER + "        inner = nn.Linear(2, 2)\n        for _ in range(300):\n            outer = nn.Sequential()\n"
        '            outer.add_module("x", inner)\n            inner = outer\n'
        "        self.chain = copy.deepcopy(inner)\n" + FORWARD,
        f"14:22: error: this copy {NESTED}",
    ),
    "lstm_of_a_hundred_million_layers": (
        HEADER + "        self.lstm = nn.LSTM(4, 4, num_layers=10**8)\n" + FORWARD,
        f"9:46: error: {stacked('LSTM', 'num_layers', 10**8)}",
    ),
    "transformer_encoder_of_a_hundred_million_layers": (
        HEADER
        + "        self.encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 10**8)\n"
        + FORWARD,
        f"9:84: error: {stacked('TransformerEncoder', 'num_layers', 10**8)}",
    ),
    "transformer_of_a_hundred_million_encoder_layers": (
        HEADER + "        self.transformer = nn.Transformer(8, 2, num_encoder_layers=10**8)\n" + FORWARD,
        f"9:28: error: {stacked('Transformer', 'num_encoder_layers', 10**8)}",
    ),
    "five_thousand_encoders_of_five_thousand_layers": (
        HEADER + "        self.encoders = nn.ModuleList(\n"
        "            [nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 5000) for _ in range(5000)]\n"
        "        )\n" + FORWARD,
        f"10:74: error: {stacked('TransformerEncoder', 'num_layers', 5000)}",
    ),
    # each as deep as allowed: 16 of them pass the bound of parameters and buffers
    "five_thousand_encoders_of_a_thousand_layers": (
        HEADER + "        self.encoders = nn.ModuleList(\n"
        "            [nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 1000) for _ in range(5000)]\n"
        "        )\n" + FORWARD,
        f"10:14: error: {TENSORS}",
    ),
}


def lstmcalc_summary(path: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """``lstmcalc summary PATH`` in a child, and its wall time in seconds."""
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "lstm_calc", "summary", str(path)], capture_output=True, text=True, timeout=60
    )
    return completed, time.monotonic() - started


@pytest.mark.parametrize("name", CASES)
def test_a_model_larger_than_any_real_one_is_one_located_error_in_bounded_time(name: str, tmp_path: Path) -> None:
    code, message = CASES[name]
    path = tmp_path / "model.py"
    path.write_text(code)
    completed, seconds = lstmcalc_summary(path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (2, "", f"{path}:{message}\n")
    assert seconds < SECONDS


def test_a_spec_of_a_hundred_million_stacked_layers_is_refused_at_its_value(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(
        "framework: pytorch\ninput:\n  shape: [null, 80]\nlayers:\n"
        "  - {type: LSTM, input_size: 80, hidden_size: 12, num_layers: 100000000}\n"
    )
    completed, seconds = lstmcalc_summary(path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        "",
        f"{path}:5:63: error: {stacked('LSTM', 'num_layers', 100000000)}\n",
    )
    assert seconds < SECONDS


@pytest.mark.parametrize(
    ("line", "params"),
    [
        # as deep a stack as allowed: torch's 4 * 4 * (4 + 4 + 2) per layer
        (f"self.lstm = nn.LSTM(4, 4, num_layers={MAX_STACKED_LAYERS})", 160 * MAX_STACKED_LAYERS),
        # 2**13 - 1 names over one Linear, whose parameters torch counts once
        (
            "s = nn.Linear(2, 2)\n        for _ in range(12):\n            s = nn.Sequential(s, s)\n"
            "        self.tree = s",
            6,
        ),
        # as many modules as a model may hold: the model, its ModuleList and 9,998 Linear
        ("self.layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(9998)])", 6 * 9998),
    ],
)
def test_models_within_the_bounds_are_read(line: str, params: int, tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(HEADER + f"        {line}\n" + FORWARD)
    completed, seconds = lstmcalc_summary(path)
    assert (completed.returncode, completed.stderr) == (0, "")
    assert f"Total params: {params:,}\n" in completed.stdout
    assert seconds < SECONDS
