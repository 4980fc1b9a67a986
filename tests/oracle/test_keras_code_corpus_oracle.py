"""Functional Keras code from public repositories (tests/keras_code_corpus.py), run in real
Keras 3 and read by lstmcalc without running it: the whole summary text (rows in Keras's
order, names, shapes, counts, Connected to) and every layer's weights must agree.

Running the cases' code here is for the oracle only: lstmcalc itself never runs code.
``tensorflow.keras`` imports run as ``keras`` imports (no TensorFlow is installed).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import rich.console  # noqa: E402

from lstm_calc.api import build  # noqa: E402
from lstm_calc.readers import PYTHON, read_text  # noqa: E402
from lstm_calc.render.table import line_length_for, render_table  # noqa: E402
from tests.keras_code_corpus import CORPUS, CodeCase  # noqa: E402

pytestmark = pytest.mark.oracle

COLUMNS = 120


def keras_model(case: CodeCase) -> Any:
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "corpus_case"}
    code = case.code.replace("from tensorflow import keras", "import keras").replace("tensorflow.keras", "keras")
    for written, stand_in in case.keras3:
        code = code.replace(written, stand_in)
    exec(compile(code, "case.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    return namespace[case.model]


def keras_text(model: Any) -> str:
    captured: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: captured.append(text))
    return "".join(captured)


def lstmcalc_summary(case: CodeCase) -> Any:
    return build(read_text(PYTHON, case.code, "case.py", case.sets), "case.py", None)[1]


def lstmcalc_text(summary: Any) -> str:
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None, width=COLUMNS)
    console.begin_capture()
    render_table(summary, console, line_length_for(COLUMNS, summary))
    return console.end_capture()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_code_corpus_matches_keras(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    case = CORPUS[name]
    model = keras_model(case)
    summary = lstmcalc_summary(case)
    # Keras's summary has rows for the operations computing a mask (Embedding(mask_zero=True)), as lstmcalc's.
    assert lstmcalc_text(summary) == keras_text(model)
    rows = {row.name: row for row in summary.layers if row.type not in ("NotEqual", "Any")}
    assert sorted(rows) == sorted(layer.name for layer in [*model.layers]), "every layer, by Keras's name"
    for layer in model.layers:
        row = rows[layer.name]
        assert row.params == layer.count_params(), layer.name
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in row.weights] == weights, layer.name
