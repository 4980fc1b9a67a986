"""Sequential and Keras 2-era scripts (tests/sequential_code_corpus.py) run in real Keras 3 and
read by lstmcalc without running them: every layer's name, output shape, count and weights agree.

Keras 3 runs each case after the case's ``keras3`` edits (a Keras 2 spelling in Keras 3's, data
the code would load as arrays of its shape). CuDNNLSTM/CuDNNGRU run as LSTM/GRU: the same output
shapes, while the counts are torch.nn.LSTM's and GRU's (CuDNN's two bias vectors per gate).
Running the cases' code here is for the oracle only: lstmcalc itself never runs code.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.api import build  # noqa: E402
from lstm_calc.readers import PYTHON, read_text  # noqa: E402
from tests.sequential_code_corpus import CORPUS, SequentialCase  # noqa: E402

pytestmark = pytest.mark.oracle

#: Keras 2's CuDNN layers, the torch.nn module with their weights, and their Keras 2 layer names.
CUDNN = {"CuDNNLSTM": (torch.nn.LSTM, "cu_dnnlstm"), "CuDNNGRU": (torch.nn.GRU, "cu_dnngru")}


def keras_model(case: SequentialCase) -> Any:
    keras.utils.clear_session(free_memory=False)
    code = case.code
    for written, keras3 in case.keras3:
        assert written in code, written
        code = code.replace(written, keras3)
    code = code.replace("tensorflow.keras", "keras")
    namespace: dict[str, Any] = {"__name__": "__main__"}  # run as the script it is
    exec(compile(code, "case.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    return namespace[case.model]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_sequential_corpus_matches_keras(name: str) -> None:
    case = CORPUS[name]
    model = keras_model(case)
    summary = build(read_text(PYTHON, case.code, "case.py", case.sets), "case.py", None)[1]
    assert len(summary.layers) == len(model.layers)
    for row, layer in zip(summary.layers, model.layers):
        assert row.output_shape == tuple(layer.output.shape), layer.name
        if row.type in CUDNN:
            module, keras2_name = CUDNN[row.type]
            assert row.name == layer.name.replace(type(layer).__name__.lower(), keras2_name)
            twin = module(row.input_shape[-1], row.output_shape[-1], batch_first=True)
            assert row.params == sum(parameter.numel() for parameter in twin.parameters()), row.name
            continue
        assert (row.name, row.type) == (layer.name, type(layer).__name__)
        assert row.params == layer.count_params(), layer.name
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in row.weights] == weights, layer.name
