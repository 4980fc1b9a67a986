"""tests/test_sequence_values.py's model in torch 2.13: what it holds."""

from __future__ import annotations

import pytest

from tests.test_sequence_values import MLP_HEAD, MLP_HEAD_HELD
from tests.torch_code_cases import built_module, held_in_torch

pytestmark = pytest.mark.oracle
pytest.importorskip("torch")


def test_torch_holds_what_the_test_says() -> None:
    held = held_in_torch(built_module(MLP_HEAD))
    assert (held["state_dict"], held["parameters"]) == (MLP_HEAD_HELD["state_dict"], MLP_HEAD_HELD["parameters"])
