"""Lists and tuples joined and repeated as Python does (lstm_calc/readers/sequence_values.py), through the
shared evaluator; Python itself is the oracle for every expression, and torch for the model built from one
(tests/oracle/test_sequence_values_oracle.py)."""

from __future__ import annotations

import ast

import pytest

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedTuple
from lstm_calc.readers.evaluate import BUILTINS, Evaluator, Snapshot, Unknown
from tests.test_torch_code import as_torch_gives, summarize

READ = [
    "[8] + [6, 3]",
    "(8,) + (6, 3)",
    "[8] + list((6, 3))",
    "tuple([8, 6]) + (3,)",
    "[0.1] * 3",
    "2 * (4,)",
    "[8] * 2 + [3]",
    "[1] * 0",
    "[1] * -2",
    "list((6, 3))[:-1] + [2]",
    "(5, 4, 3)[1:] + (2,)",
]
REFUSED = ["[8] + (6, 3)", "(8,) + [6, 3]", "list((8,)) + (3,)"]


def _evaluated(expression: str) -> object:
    node = ast.parse(expression, mode="eval").body
    return Evaluator("model.py", {}).evaluate(node, Snapshot({}, builtins=BUILTINS))


@pytest.mark.parametrize("expression", READ)
def test_as_python_gives_it(expression: str) -> None:
    python = eval(expression)  # noqa: S307 - the test's own literals
    ours = _evaluated(expression)
    assert list(ours) == list(python)  # type: ignore[call-overload]
    assert isinstance(ours, LocatedTuple) == isinstance(python, tuple)


@pytest.mark.parametrize("expression", REFUSED)
def test_a_list_joined_with_a_tuple_is_refused_in_python_s_words(expression: str) -> None:
    with pytest.raises(TypeError) as python:
        eval(expression)  # noqa: S307
    with pytest.raises(SpecError) as ours:
        _evaluated(expression)
    assert ours.value.message == f"Python refuses this (TypeError: {python.value})"


@pytest.mark.parametrize("expression", ["[0] * 100_000", "[1, 2] * 5_001", "[1] + 2", "[1] * 2.0", "[1] * True"])
def test_what_is_too_long_or_not_a_sequence_operation_is_not_known(expression: str) -> None:
    with pytest.raises(Unknown):
        _evaluated(expression)


# The MLP head the probe wrote (sizes joined as [hidden] + list(fc_dims)), as in many classifiers' heads.
MLP_HEAD = """import torch
import torch.nn as nn


class MLPHead(nn.Module):
    def __init__(self, n_in=4, hidden=8, fc_dims=(6, 3)):
        super().__init__()
        self.rnn = nn.LSTM(n_in, hidden, batch_first=True)
        dims = [hidden] + list(fc_dims)
        self.mlp = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:])])

    def forward(self, x):
        return self.mlp(self.rnn(x)[0][:, -1])


model = MLPHead()
"""
#: What torch 2.13 holds of MLP_HEAD (tests/oracle/test_sequence_values_oracle.py).
MLP_HEAD_HELD = {
    "state_dict": {
        "rnn.weight_ih_l0": (32, 4),
        "rnn.weight_hh_l0": (32, 8),
        "rnn.bias_ih_l0": (32,),
        "rnn.bias_hh_l0": (32,),
        "mlp.0.weight": (6, 8),
        "mlp.0.bias": (6,),
        "mlp.1.weight": (3, 6),
        "mlp.1.bias": (3,),
    },
    "parameters": 523,
}


def test_the_model_s_sizes_joined_so_are_torch_s() -> None:
    read = as_torch_gives(summarize(MLP_HEAD))
    assert (read["state_dict"], read["params"]) == (MLP_HEAD_HELD["state_dict"], MLP_HEAD_HELD["parameters"])
