"""The cases of tests/keras_code_names_cases.py in real Keras 3: for each read case the whole summary
text is Keras's, every layer's weights (name, shape, trainable) are, and the pinned model name and rows
are its summary's; for each refused case, the names pinned beside the refusal are Keras's."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.api import build  # noqa: E402
from lstm_calc.readers import PYTHON, read_text  # noqa: E402
from tests.keras_code_names_cases import EXPECTED, NAMES_COUNTED, NAMES_UNKNOWN, PICKED  # noqa: E402
from tests.oracle.keras_code_run import run_model_code  # noqa: E402
from tests.oracle.test_keras_code_corpus_oracle import COLUMNS, keras_model, keras_text, lstmcalc_text  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(NAMES_COUNTED))
def test_case_matches_keras(name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    case = NAMES_COUNTED[name]
    model = keras_model(case)
    capsys.readouterr()  # what the case's own model.summary() printed
    model_name = case.model if name in PICKED else None
    summary = build(read_text(PYTHON, case.code, "case.py", case.sets, model_name), "case.py", None)[1]
    assert lstmcalc_text(summary) == keras_text(model)
    operations = model.layers if type(model).__name__ == "Sequential" else model.operations
    rows = [(op.name, _shapes(op.output), op.count_params() if hasattr(op, "count_params") else 0) for op in operations]
    assert (model.name, rows) == EXPECTED[name]
    by_name = {row.name: row for row in summary.layers}
    for layer in model.layers:
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in by_name[layer.name].weights] == weights


@pytest.mark.parametrize("name", sorted(NAMES_UNKNOWN))
def test_keras_names_what_lstmcalc_asks_a_name_for(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    model = run_model_code(NAMES_UNKNOWN[name][0])
    capsys.readouterr()
    assert (model.name, tuple(layer.name for layer in model.layers)) == NAMES_UNKNOWN[name][3]


def _shapes(output: Any) -> Any:
    """An output's shape, or its outputs' shapes listed flat, as the summary lists them."""
    if hasattr(output, "shape"):
        return tuple(output.shape)
    return [tuple(tensor.shape) for tensor in keras.tree.flatten(output)]
