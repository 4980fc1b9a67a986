"""The configuration-dict cases (tests/config_reads_cases.py) run in real torch 2.13 and Keras 3: their
pinned totals are what the frameworks count, those lstmcalc reads included, and a dict changed between
two reads does change the count (so reading the second as the first would be wrong)."""

from __future__ import annotations

import math
import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras")
torch = pytest.importorskip("torch")

from tests.config_reads_cases import CHANGED_CASES, READ_CASES, RECORD_ASKED  # noqa: E402
from tests.torch_code_cases import torch_totals  # noqa: E402

pytestmark = pytest.mark.oracle


def _totals(framework: str, code: str) -> tuple[int, int]:
    if framework == "torch":
        return torch_totals(code)
    keras.backend.clear_session()
    namespace: dict[str, Any] = {}
    exec(compile(code, "case.py", "exec"), namespace)  # noqa: S102 - the oracle runs the case; lstmcalc never does
    model = namespace["model"]
    return model.count_params(), sum(math.prod(weight.shape) for weight in model.trainable_weights)


@pytest.mark.parametrize("name", READ_CASES)
def test_the_framework_counts_what_is_pinned(name: str) -> None:
    framework, code, totals = READ_CASES[name]
    assert _totals(framework, code) == totals


@pytest.mark.parametrize("name", CHANGED_CASES)
def test_the_change_between_two_reads_changes_the_count(name: str) -> None:
    framework, code, _, _, totals = CHANGED_CASES[name]
    assert _totals(framework, code) == totals
    # The same change to the value the dict already held (12): the count the first read would give.
    assert _totals(framework, code.replace("20", "12")) != totals


@pytest.mark.parametrize("name", RECORD_ASKED)
def test_python_refuses_a_dataclass_read_as_a_dict_and_reads_a_named_tuple_s_position(name: str) -> None:
    code, _, read = RECORD_ASKED[name]
    if read.startswith("pair"):
        assert torch_totals(code) == (27, 27)  # pair[0] is 8: nn.Linear(8, 3)
        return
    with pytest.raises(TypeError, match="has no len|is not subscriptable"):
        torch_totals(code)
