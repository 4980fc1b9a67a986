"""tests/custom_layer_dtype_cases.py run in real Keras 3: the summaries whose byte sizes lstmcalc reads are
Keras's, line for line; and what lstmcalc refuses is what Keras sizes otherwise than lstmcalc could, or
refuses itself, or prints unbuilt (TimeDistributed around a layer without compute_output_shape)."""

from __future__ import annotations

import contextlib
import io
import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.custom_layer_dtype_cases import (  # noqa: E402
    MIXED_POLICY,
    MIXED_POLICY_SUMMARY,
    READ,
    REFUSED,
    UNBUILT_SUMMARY,
)

pytestmark = pytest.mark.oracle


def keras_summary(code: str) -> str:
    """The summary Keras prints of the code's ``model`` (the oracle runs the code; lstmcalc never does)."""
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        exec(compile(code, "case.py", "exec"), namespace)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            namespace["model"].summary()
        return printed.getvalue()
    finally:
        keras.config.set_floatx("float32")
        keras.config.set_dtype_policy("float32")


@pytest.fixture(autouse=True)
def _columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize("name", sorted(READ))
def test_keras_sizes_each_weight_as_lstmcalc_does(run, tmp_path, name: str) -> None:
    case = READ[name]
    text = keras_summary(case.code)
    assert tuple(line for line in text.splitlines() if "params:" in line) == case.totals
    path = tmp_path / "model.py"
    path.write_text(case.code)
    assert run("summary", str(path), *(f"--set={value}" for value in case.sets)).stdout == text


def test_the_pinned_summary_is_keras_s() -> None:
    assert keras_summary(MIXED_POLICY) == MIXED_POLICY_SUMMARY


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_does_what_the_refusal_says(name: str) -> None:
    case = REFUSED[name]
    if not case.keras.startswith(" Total params"):
        with pytest.raises((ValueError, NotImplementedError)) as raised:
            keras_summary(case.code)
        assert case.keras in str(raised.value)
        return
    text = keras_summary(case.code)
    assert case.keras in text.splitlines()
    if name == "time_distributed_sequential":
        assert text == UNBUILT_SUMMARY
