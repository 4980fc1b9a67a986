"""PyTorch code whose loops would run for ever (or make a list of a billion items) gets one located
error, in bounded time and memory: forward's loops and __init__'s loops and comprehensions are
counted, and a range is never made whole to learn its length."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEADER = "import torch.nn as nn\n\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"

CASES = {
    "forward_range": (
        HEADER + "        self.fc = nn.Linear(4, 4)\n\n    def forward(self, x):\n        total = 0\n"
        "        for i in range(1000000000):\n            total = total + i\n        return self.fc(x)\n",
        "2,4",
        "11:9: error: forward's loops run more than 100,000 times in all",
    ),
    "forward_rows_of_a_huge_input": (
        HEADER + "        self.fc = nn.Linear(4, 4)\n\n    def forward(self, x):\n"
        "        for row in x:\n            x = x + 1\n        return self.fc(x)\n",
        "1000000000,4",
        "10:9: error: forward's loops run more than 100,000 times in all",
    ),
    "init_nested_loops": (
        HEADER + "        self.layers = nn.ModuleList()\n        for i in range(10000):\n"
        "            for j in range(10000):\n                self.layers.append(nn.Identity())\n\n"
        "    def forward(self, x):\n        return x\n",
        "2,4",
        "9:22: error: the loops and comprehensions of __init__ run more than 100,000 times in all",
    ),
    # each copy.deepcopy counts the modules it copies: 5,000 copies of 5,000 layers are refused
    "init_deep_copies": (
        "import copy\n" + HEADER + "        big = nn.Sequential(*[nn.Linear(2, 2) for _ in range(5000)])\n"
        "        self.copies = nn.ModuleList([copy.deepcopy(big) for _ in range(5000)])\n\n"
        "    def forward(self, x):\n        return x\n",
        "2,4",
        "9:38: error: the loops and comprehensions of __init__ run more than 100,000 times in all",
    ),
    # a method or function of the file that calls itself
    "init_recursive_function": (
        HEADER.replace(
            "import torch.nn as nn\n", "import torch.nn as nn\n\n\ndef grow(m):\n    return nn.Sequential(grow(m))\n"
        )
        + "        self.fc = grow(nn.Linear(2, 2))\n\n    def forward(self, x):\n        return x\n",
        "2,4",
        "4:1: error: classes and methods are nested more than 50 deep",
    ),
    # 3,000 classes each based on the one before: was minutes (every class checked against every
    # other, again for each); now the chain is followed 100 deep and refused at the class made
    "classes_based_on_one_another": (
        HEADER.replace("class M(nn.Module)", "class C0(nn.Module)")
        + "        self.fc = nn.Linear(2, 2)\n\n"
        + "".join(f"\nclass C{i}(C{i - 1}):\n    pass\n" for i in range(1, 3000))
        + "\n\nmodel = C2999()\n",
        "2,2",
        "9004:1: error: the classes are based on one another more than 100 deep",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_loop_without_end_is_one_located_error_in_bounded_time(name: str, tmp_path: Path) -> None:
    code, shape, message = CASES[name]
    path = tmp_path / "model.py"
    path.write_text(code)
    completed = subprocess.run(
        [sys.executable, "-m", "lstm_calc", "summary", str(path), "--input-shape", shape],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (completed.returncode, completed.stdout, completed.stderr) == (2, "", f"{path}:{message}\n")


def test_a_comprehension_over_a_billion_is_refused_without_making_the_range(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(
        HEADER + "        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(1000000000)])\n\n"
        "    def forward(self, x):\n        return x\n"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "lstm_calc", "summary", str(path)], capture_output=True, text=True, timeout=60
    )
    assert (completed.returncode, completed.stderr) == (
        2,
        f"{path}:7:63: error: lstmcalc follows a range of at most 10,000 steps here; this one has 1,000,000,000\n",
    )
