"""MultiHeadAttention with ``return_attention_scores=True`` against a live Keras 3: every graph of
tests/attention_scores_cases.py built with the call argument, run on zeros, compared output by
output with what the forward pass returns (run twice where a length is unknown: an axis lstmcalc
calls None must change between the runs). Keras's symbolic call, and so its summary, gives the
scores (batch, heads, Tq, Tq) whatever the value's length and rank: lstmcalc follows the forward
pass, and the last test pins the difference so that a Keras that fixes it shows up here.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import numpy  # noqa: E402

from lstm_calc.api import summarize_file, summarize_text  # noqa: E402
from tests.attention_scores_cases import SCORES_MODELS, scores_model  # noqa: E402

pytestmark = pytest.mark.oracle

RUN_SIZES = ((2, 5), (3, 9))
CALL_OPTIONS = ("return_attention_scores",)


def dump(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def build(spec: dict[str, Any]) -> Any:
    keras.utils.clear_session(free_memory=False)
    tensors: dict[str, Any] = {
        name: keras.Input(tuple(block["shape"]), name=name) for name, block in spec["inputs"].items()
    }
    for entry in spec["layers"]:
        options = {key: value for key, value in entry.items() if key not in ("type", "inputs", *CALL_OPTIONS)}
        call = {key: entry[key] for key in CALL_OPTIONS if key in entry}
        layer = keras.layers.MultiHeadAttention(**options)
        tensors[layer.name] = layer(*(tensors[name] for name in entry["inputs"]), **call)
    outputs = []
    for reference in spec["outputs"]:
        name, _, index = reference.partition("[")
        outputs.append(tensors[name][int(index.rstrip("]"))] if index else tensors[name])
    return keras.Model([tensors[name] for name in spec["inputs"]], outputs)


def forward_shapes(model: Any, batch: int, length: int) -> list[tuple[int, ...]]:
    arrays = [numpy.zeros((batch, *(size or length for size in t.shape[1:])), "float32") for t in model.inputs]
    return [tuple(output.shape) for output in model(arrays)]


def agrees(stated: tuple, first: tuple, second: tuple) -> bool:
    return len(stated) == len(first) == len(second) and all(
        (axis is None and a != b) or (axis is not None and axis == a == b) for axis, a, b in zip(stated, first, second)
    )


def lstmcalc_outputs(summary: Any) -> list[tuple]:
    shape = summary.output_shape
    return shape if isinstance(shape, list) else [shape]


@pytest.mark.parametrize("case", sorted(SCORES_MODELS))
def test_scores_are_what_the_forward_pass_returns(case: str) -> None:
    spec = SCORES_MODELS[case]
    model = build(spec)
    summary = summarize_text(dump(spec), "graph.yaml")
    first, second = (forward_shapes(model, *sizes) for sizes in RUN_SIZES)
    stated = lstmcalc_outputs(summary)
    assert len(stated) == len(first)
    for mine, one, two in zip(stated, first, second):
        assert agrees(mine, one, two), (mine, one, two)
    assert summary.total_params == model.count_params()


def test_the_keras_json_of_a_model_with_scores_reads_as_it_runs(tmp_path: Any) -> None:
    keras.utils.clear_session(free_memory=False)
    model = scores_model(keras)
    path = tmp_path / "model.json"
    path.write_text(model.to_json(indent=1), encoding="utf-8")
    summary = summarize_file(str(path))
    real = forward_shapes(model, 2, 1)
    assert [(None, *shape[1:]) for shape in real] == lstmcalc_outputs(summary)
    assert summary.total_params == model.count_params()


def test_keras_symbolic_scores_take_the_query_length_for_the_value() -> None:
    """Why lstmcalc's summary differs from Keras's own on the scores: Keras's summary shows (None, 2, 10, 10)."""
    model = build(SCORES_MODELS["cross_attention"])
    assert tuple(model.outputs[1].shape) == (None, 2, 10, 10)
    assert forward_shapes(model, 2, 1)[1] == (2, 2, 10, 7)


@pytest.mark.parametrize(("query_length", "value_length"), [(10, 10), (10, 6)])
def test_keras_builds_a_layer_on_its_summary_s_scores(query_length, value_length):
    # What tests/test_attention_scores.py relies on: Keras sizes a Dense on the scores by its summary's
    # (batch, heads, Tq, Tq). Where Tv = Tq that is the forward pass's too, and lstmcalc's count is Keras's;
    # where not, lstmcalc refuses the model (the forward pass would give the Dense another input).
    keras.utils.clear_session(free_memory=False)
    query, value = keras.Input((query_length, 8)), keras.Input((value_length, 8))
    output, scores = keras.layers.MultiHeadAttention(2, 4)(query, value, return_attention_scores=True)
    head = keras.layers.Dense(2)(keras.layers.Flatten()(scores))
    assert head.shape == (None, 2)
    assert keras.Model([query, value], [output, head]).layers[-1].count_params() == 2 * 10 * 10 * 2 + 2
