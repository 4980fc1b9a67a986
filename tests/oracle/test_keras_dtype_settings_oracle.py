"""The byte sizes of tests/keras_dtype_setting_cases.py checked in real Keras 3: each case's code is run
(for the oracle only: lstmcalc never runs code) and its model's weights take the pinned bytes."""

from __future__ import annotations

import math
import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.keras_dtype_setting_cases import READ, REFUSED  # noqa: E402

pytestmark = pytest.mark.oracle

BYTES = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}


def _param_bytes(code: str) -> int:
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        exec(compile(code, "case.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
        model = namespace["model"]
        return sum(math.prod(weight.shape) * BYTES[weight.dtype] for weight in model.weights)
    finally:
        keras.config.set_floatx("float32")
        keras.config.set_dtype_policy("float32")


@pytest.mark.parametrize("name", sorted(READ))
def test_keras_sizes_what_lstmcalc_reads(name: str) -> None:
    assert _param_bytes(READ[name].code) == READ[name].param_bytes


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_sizes_what_lstmcalc_refuses(name: str) -> None:
    assert _param_bytes(REFUSED[name].code) == REFUSED[name].param_bytes
