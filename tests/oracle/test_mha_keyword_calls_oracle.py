"""The MultiHeadAttention keyword-call cases (tests/mha_keyword_cases.py) in a live Keras 3: each model's
summary is the golden table lstmcalc is held to (tests/golden/mha_keywords), and each call lstmcalc refuses
Keras refuses too."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from tests.mha_keyword_cases import CODE, REFUSED  # noqa: E402
from tests.oracle.keras_code_run import keras_table, run_model_code  # noqa: E402
from tests.test_mha_keyword_calls import GOLDEN, LINE_LENGTH  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_summary_is_the_golden_table(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # rich draws Keras's table no wider than the terminal
    assert keras_table(run_model_code(CODE[name]), int(LINE_LENGTH)) == (GOLDEN / f"{name}.table.out").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_refuses_the_call(name: str) -> None:
    with pytest.raises(TypeError, match="missing a required argument: 'value'"):
        run_model_code(REFUSED[name][0])
