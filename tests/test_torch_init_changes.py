"""Lists and dicts that a PyTorch module's ``__init__`` changes in place: followed as Python runs the
change where its arguments are known (tests/torch_code_cases.py, lists_changed_in_init, is checked
against torch), and asked for, never read stale, where lstmcalc cannot follow the change."""

from __future__ import annotations

import pytest

from lstm_calc.errors import SpecError
from tests.test_torch_code import summarize

_MODEL = """
import torch
import torch.nn as nn


def grow(values):
    values.append(values[-1] * 2)


class Model(nn.Module):
    def __init__(self, unknown, first=4):
        super().__init__()
        sizes = [first, first]
{changes}
        self.fc = nn.Linear(len(sizes), sizes[-1])

    def forward(self, x):
        return self.fc(x)
"""


def _count(changes: str) -> int:
    return summarize(_MODEL.format(changes=changes)).layers[-1].params


@pytest.mark.parametrize(
    ("changes", "params"),
    [
        ("        sizes.append(6)", 3 * 6 + 6),  # Linear(3, 6)
        ("        sizes.extend([5, 7])", 4 * 7 + 7),
        ("        sizes.insert(0, 9)", 3 * 4 + 4),
        ("        sizes.pop()", 1 * 4 + 4),
        ("        more = sizes\n        more.append(10)", 3 * 10 + 10),  # one list under two names
        ("        for _ in range(2):\n            sizes.append(sizes[-1] + 1)", 4 * 6 + 6),
        ("        sizes.clear()\n        sizes.append(2)", 1 * 2 + 2),
        ("        other = [3]\n        sizes.extend(other)\n        sizes.append(other[-1] + len(other))", 4 * 4 + 4),
        ("        for _ in range(3):\n            sizes.extend(sizes)", 16 * 4 + 4),  # 2, 4, 8, 16 items
        # torch reads what it is given: the list stays known
        ("        self.register_buffer('table', torch.zeros(sizes))\n        sizes.append(5)", 3 * 5 + 5),
    ],
)
def test_a_change_with_known_arguments_is_run_as_python_runs_it(changes: str, params: int) -> None:
    assert _count(changes) == params


@pytest.mark.parametrize(
    "changes",
    [
        "        sizes.append(unknown)",  # an argument not known
        "        sizes[0] = unknown",
        "        sizes += [unknown]",
        "        del sizes[0]",
        "        more = sizes\n        more[1] = unknown",  # through a second name
        "        grow(sizes)",  # a function lstmcalc does not follow here may change it
        "        getattr(self, 'extend_sizes')(sizes)",  # self.extend_sizes(sizes) is refused: defined nowhere
        "        while len(sizes) < 5:\n            sizes.append(1)",  # a loop it does not unroll
        "        try:\n            sizes.append(1)\n        except ValueError:\n            pass",
        "        [sizes.append(step) for step in range(2)]",  # a comprehension runs its body any number of times
        "        self.grow = lambda: sizes.append(1)",  # a lambda runs later, if ever
        "        for _ in range(64):\n            sizes.extend(sizes)",  # 2**65 items: longer than lstmcalc follows
        # a change inside an expression: Python reads len(sizes) before the pop, in the same statement
        "        sizes.append(len(sizes) + sizes.pop())",
    ],
)
def test_a_change_lstmcalc_cannot_follow_is_asked_for_where_the_list_is_read(changes: str) -> None:
    with pytest.raises(SpecError) as caught:
        _count(changes)
    assert "without running the code; give it with --set" in str(caught.value)
    assert "sizes" in str(caught.value) or "unknown" in str(caught.value)


_SHARED_DEFAULT = """
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, sizes=[4]):
        super().__init__()
        sizes.append(sizes[-1] + 1)
        self.fc = nn.Linear(sizes[-2], sizes[-1])


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = Block()
        self.b = Block()

    def forward(self, x):
        return x
"""


def test_a_list_default_is_made_once_and_shared_by_the_instances_as_python_shares_it() -> None:
    # torch 2.13 gives a.fc.weight (5, 4) and b.fc.weight (6, 5): the second Block sees the first's append.
    summary = summarize(_SHARED_DEFAULT)
    assert [(layer.name, [weight.shape for weight in layer.weights]) for layer in summary.layers] == [
        ("a.fc", [(5, 4), (5,)]),
        ("b.fc", [(6, 5), (6,)]),
    ]


_LIST_ON_SELF = """
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = []
        self.blocks.append(nn.Linear(4, 6))
        self.blocks.append(nn.Linear(6, 6))
        self.head = nn.Linear(6, 2)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(x)
"""


def test_modules_in_a_plain_list_on_self_are_not_read_as_an_empty_list_in_forward() -> None:
    # torch registers neither block (a plain list): 14 parameters, the head's. forward calls them;
    # lstmcalc read self.blocks as the [] __init__ starts it with and refused head's call on 4 features.
    summary = summarize(_LIST_ON_SELF, [[3, 4]])
    assert sum(layer.params for layer in summary.layers) == 14
    assert any("self.blocks" in note for note in summary.notes)
