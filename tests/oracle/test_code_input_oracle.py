"""Keras code that never gives its input, built by real Keras 3 on the input lstmcalc was given
(or any length, for an Embedding first): every layer's output shape and count agree."""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras")

from lstm_calc.api import build  # noqa: E402
from lstm_calc.readers import PYTHON, read_text  # noqa: E402
from tests.code_input_cases import UNBUILT  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(UNBUILT))
def test_keras_builds_what_lstmcalc_counts(name: str) -> None:
    code, given, built_on = UNBUILT[name]
    keras.backend.clear_session()  # Keras's automatic names start again, as in a script of its own
    namespace: dict[str, Any] = {}
    exec(compile(code, "case.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    model = namespace["model"]
    model.build((None, *built_on))
    data = read_text(PYTHON, code, "case.py", input_shapes=[given] if given else [])
    summary = build(data, "case.py")[1]
    assert [(row.name, row.output_shape, row.params) for row in summary.layers] == [
        (layer.name, tuple(layer.output.shape), layer.count_params()) for layer in model.layers
    ]
