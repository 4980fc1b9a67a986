"""``explain --format svg`` against a live Keras 3 and torch: the weight names and shapes written on
every copy of the cell, the parameter count in the title and the output shape the last step hands
on are those of ``keras.layers.LSTM/GRU/SimpleRNN`` built on 4 steps of 1 feature (the seed
question's LSTM(3) on ``[1], [2], [3], [4]``) and of ``torch.nn.LSTM/GRU/RNN``.
"""

from __future__ import annotations

import itertools
import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.explain import explain_options  # noqa: E402
from lstm_calc.formulas import LayerOptions  # noqa: E402
from lstm_calc.render.explain_svg import render_explanations_svg  # noqa: E402
from tests.test_explain_svg import svg_texts, text_explanations  # noqa: E402

pytestmark = pytest.mark.oracle

KINDS = {"lstm": "LSTM", "gru": "GRU", "simplernn": "SimpleRNN"}
TORCH_KINDS = {"lstm": "LSTM", "gru": "GRU", "simplernn": "RNN"}
SPEC = """\
name: seed
input: {shape: [4, 1]}
layers:
  - {type: %s, units: %d, return_sequences: %s}
"""


def cell_lines(document: str, type_name: str) -> list[str]:
    """The weight lines of the drawn copies of the cell (after each copy's ``LSTM cell, step n``)."""
    _, texts = svg_texts(document)
    starts = [index for index, text in enumerate(texts) if text.startswith(f"{type_name} cell, step ")]
    return texts[starts[0] + 1 : starts[1]]


@pytest.mark.parametrize(("kind", "units", "sequences"), list(itertools.product(KINDS, (3, 5), (False, True))), ids=str)
def test_keras_weights_count_and_output_are_on_the_picture(kind, units, sequences):
    keras.utils.clear_session(free_memory=False)
    layer = getattr(keras.layers, KINDS[kind])(units, return_sequences=sequences)
    model = keras.Sequential([keras.Input((4, 1)), layer])
    (explanation,) = text_explanations(SPEC % (KINDS[kind], units, str(sequences).lower()))
    document = render_explanations_svg([explanation])
    assert cell_lines(document, KINDS[kind]) == [f"{w.name} {tuple(w.shape)}" for w in layer.weights]
    _, texts = svg_texts(document)
    assert texts[0].startswith(f"{explanation.name} ({KINDS[kind]}, Keras): {model.count_params():,} params;")
    handed = "every h_t" if sequences else "only this h"
    assert f"output: {handed}, {tuple(layer.compute_output_shape((None, 4, 1)))}" in texts
    # Four copies of the cell, one per step of the sequence.
    assert sum(text.startswith(f"{KINDS[kind]} cell, step ") for text in texts) == 4


@pytest.mark.parametrize(("kind", "units"), list(itertools.product(KINDS, (3, 5))), ids=str)
def test_torch_weights_and_count_are_on_the_picture(kind, units):
    module = getattr(torch.nn, TORCH_KINDS[kind])(1, units)
    explanation = explain_options(LayerOptions(kind, "pytorch", units=units, input_dim=1))
    document = render_explanations_svg([explanation])
    expected = [f"{name} {tuple(parameter.shape)}" for name, parameter in module.named_parameters()]
    assert cell_lines(document, explanation.type_name) == expected
    _, texts = svg_texts(document)
    count = sum(parameter.numel() for parameter in module.parameters())
    assert f": {count:,} params;" in texts[0]
