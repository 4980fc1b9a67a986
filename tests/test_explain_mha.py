"""``lstmcalc explain`` for MultiHeadAttention: the Q, K, V and output projections per head and
packed, the scores and weighted sums, in Keras's and torch.nn's conventions, from the options
(``explain mha``) and for each MultiHeadAttention layer of a spec.

The weights' shapes are those Keras 3.15.1 and torch 2.13 create (tests/test_multi_head_attention*.py
pin them); the per-head shapes, the projected tensors and the scores were read from the real layers
(``layer._query_dense(query).shape``, the scores of ``return_attention_scores=True``, torch's
``attn_weights``), which tests/oracle/test_attention_quick_commands_oracle.py checks live.
"""

from __future__ import annotations

import json

import pytest
import yaml

from lstm_calc.explain import explain_layer, recurrent_layers
from lstm_calc.graph import infer
from lstm_calc.spec_mapping import model_from_mapping
from tests.multi_head_attention_cases import MODELS
from tests.multi_head_attention_torch_cases import TORCH_MODELS

E64_H4 = ("explain", "mha", "--embed-dim", "64", "--num-heads", "4")


def spec_text(spec) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def test_keras_per_head_projections(run, golden):
    result = run(*E64_H4)
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    assert "  query  Q_h = q·W^Q_h + b^Q_h\n         q (64,), W^Q_h (64, 16), b^Q_h (16,) -> Q_h (16,)\n" in out
    assert "Q_h (Tq, 16), K_h (Tv, 16) -> S_h (Tq, Tv)" in out
    golden("explain/mha_64_4.out", out)


def test_torch_packed_projections(run, golden):
    result = run(*E64_H4, "--framework", "pytorch")
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    assert "q (64,), W_q (64, 64), b_q (64,) -> Q (64,), heads of 16" in out
    assert "(0:64 W_q, 64:128 W_k, 128:192 W_v)" in out
    golden("explain/mha_64_4.pytorch.out", out)


def test_explain_a_spec_explains_each_attention_layer(run, golden):
    result = run("explain", "-", stdin=spec_text(MODELS["cross_attention"]))
    assert (result.exit_code, result.stderr) == (0, "")
    golden("explain/mha_cross_attention.out", result.stdout)


def test_explain_a_torch_spec(run, golden):
    result = run("explain", "-", stdin=spec_text(TORCH_MODELS["added_positions_on_unknown_lengths"]))
    assert (result.exit_code, result.stderr) == (0, "")
    golden("explain/mha_torch_added_positions.out", result.stdout)


def test_scores_over_chosen_attention_axes(run):
    """attention_axes [2] on (5, 6, 16): each of the 5 rows attends over the 6 columns; Keras's forward
    pass gives the scores (batch, 5, heads, 6, 6)."""
    result = run("explain", "-", stdin=spec_text(MODELS["images_and_unknown_lengths"]))
    assert result.exit_code == 0, result.stderr
    assert "Attention, for each head h and each position of the unattended axes [1]" in result.stdout
    assert "the scores are (None, 5, 2, 6, 6)" in " ".join(result.stdout.split())


def test_explain_json(run):
    document = json.loads(run(*E64_H4, "--format", "json").stdout)
    (layer,) = document["layers"]
    assert layer["calculation"]["params"] == 16_640
    assert layer["other_params"] == 16_640
    sections = layer["lesson"]["sections"]
    assert [step["label"] for step in sections[0]["steps"]] == ["query", "key", "value"]
    assert sections[1]["steps"][0]["terms"] == ["Q_h (Tq, 16)", "K_h (Tv, 16) -> S_h (Tq, Tv)"]


def test_explain_mha_takes_attention_options_only(run):
    result = run("explain", "mha", "--embed-dim", "64", "--num-heads", "4", "--units", "3")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: --units does not apply to mha; mha takes --embed-dim, --num-heads, --key-dim, --value-dim, --no-bias\n"
    )


SPECS = {**MODELS, **TORCH_MODELS}


@pytest.mark.parametrize("case", sorted(SPECS))
def test_every_formula_equals_the_count(case):
    model = model_from_mapping(SPECS[case])
    summary = infer(model)
    explained = [explain_layer(spec, row) for spec, row in recurrent_layers(model.layers, summary.layers)]
    assert explained
    for explanation in explained:
        assert explanation.calculation.expression.value() == explanation.params
        shown = explanation.calculation.expression.substituted().replace("×", "*")
        assert eval(shown, {"__builtins__": {}}) == explanation.params  # noqa: S307 - digits and operators only
