"""MultiHeadAttention's ``return_attention_scores`` (a Keras call argument) in graph specs, Keras JSON,
``convert`` and ``export --to keras``: the layer outputs [output, scores].

The scores' shapes are those Keras 3.15.1's forward pass returns (batch, unattended axes, heads,
attended query axes, attended value axes), as tests/oracle/test_attention_scores_oracle.py checks
live; Keras's symbolic call (and so its summary) says (batch, heads, Tq, Tq) instead, a shape the
layer never returns unless Tv = Tq, so lstmcalc prints the real one.
"""

from __future__ import annotations

import pytest
import yaml

from lstm_calc.api import summarize_text
from tests.attention_scores_cases import SCORES_MODELS
from tests.multi_head_attention_cases import FIXTURES, mha, sequences
from tests.multi_head_attention_torch_cases import torch_graph, torch_mha

#: Each MultiHeadAttention's [output, scores].
SCORES = {
    "cross_attention": [[(None, 10, 16), (None, 2, 10, 7)]],
    "unknown_lengths": [[(None, None, 5), (None, 3, None, None)]],
    "images": [
        [(None, 5, 6, 16), (None, 5, 2, 6, 3)],
        [(None, 5, 6, 16), (None, 2, 5, 6, 4, 3)],
        [(None, 5, 6, 16), (None, 3, 5, 6, 5, 3)],
    ],
}


def spec_text(spec) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


@pytest.mark.parametrize("case", sorted(SCORES_MODELS))
def test_the_scores_are_the_forward_pass_shapes(case):
    summary = summarize_text(spec_text(SCORES_MODELS[case]), "graph.yaml")
    assert [row.output_shape for row in summary.layers if row.type != "InputLayer"] == SCORES[case]


def test_every_case_is_pinned():
    assert sorted(SCORES) == sorted(SCORES_MODELS)


def test_keras_json_call_argument_reads_as_the_layer_argument(run, golden):
    path = str(FIXTURES / "mha_scores.json")
    result = run("summary", path)
    assert (result.exit_code, result.stderr) == (0, "")
    golden("summary/mha_scores.table.out", result.stdout)
    converted = run("convert", path)
    assert converted.exit_code == 0, converted.stderr
    assert "  return_attention_scores: true\n" in converted.stdout
    assert "outputs: [dense, 'multi_head_attention[1]']\n" in converted.stdout


def test_export_to_keras_passes_it_to_the_call(run):
    result = run("export", str(FIXTURES / "mha_scores.json"), "--to", "keras")
    assert result.exit_code == 0, result.stderr
    assert 'layers.MultiHeadAttention(2, 4, value_dim=4, attention_axes=(1,), name="multi_head_attention")(\n' in (
        result.stdout
    )
    assert "    q, v, return_attention_scores=True\n)\n" in result.stdout
    assert 'dense = layers.Dense(3, name="dense")(multi_head_attention[0])\n' in result.stdout


def test_a_shared_layer_takes_one_value(run):
    path = str(FIXTURES.parent / "keras_refused" / "mha_shared_scores.json")
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:150:6: error: layer 'shared' is called with return_attention_scores=False here but True in its "
        "first call; lstmcalc reads one value for a shared layer\n"
    )


def one_layer(**options):
    return {
        "inputs": sequences(q=[10, 16]),
        "layers": [mha(2, 4, ["q", "q"], return_attention_scores=True, **options)],
        "outputs": ["multi_head_attention[1]"],
    }


def test_flash_attention_computes_no_scores(run):
    result = run("summary", "-", stdin=spec_text(one_layer(flash_attention=True)))
    assert (result.exit_code, result.stderr) == (
        2,
        "<stdin>:8:28: error: layer 'multi_head_attention' (MultiHeadAttention) returns attention scores with "
        "flash_attention: true, which Keras refuses (flash attention computes no scores); set flash_attention: null\n",
    )


def test_torch_returns_its_weights_by_need_weights(run):
    spec = torch_graph({"q": [10, 16]}, [torch_mha(16, 2, ["q", "q", "q"], return_attention_scores=True)], ["q"])
    result = run("summary", "-", stdin=spec_text(spec))
    assert (result.exit_code, result.stderr) == (
        2,
        "<stdin>:9:28: error: layer 'multihead_attention' (MultiheadAttention) has return_attention_scores: true, an "
        "argument of Keras's MultiHeadAttention, which torch.nn.MultiheadAttention has not (a layer in Keras's terms "
        "gives key_dim)\n",
    )


def scores_then(query_length: int, value_length: int, *layers: dict) -> dict:
    return {
        "inputs": sequences(q=[query_length, 8], v=[value_length, 8]),
        "layers": [
            mha(2, 4, ["q", "v"], return_attention_scores=True),
            {"type": "Flatten", "inputs": "multi_head_attention[1]"},
            *layers,
        ],
        "outputs": ["multi_head_attention[0]", layers[-1]["name"] if layers else "flatten"],
    }


def test_a_layer_with_weights_on_disputed_scores_is_refused(run):
    # Keras builds the Dense on its summary's (None, 2, 10, 10), 402 params; the model runs it on (None, 2, 10, 6),
    # where it fails: no count is both (a probe printed 242, neither).
    dense = {"name": "head", "type": "Dense", "units": 2, "inputs": "flatten"}
    result = run("summary", "-", stdin=spec_text(scores_then(10, 6, dense)))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "<stdin>:13:3: error: layer 'head' has weights built on an output of 'multi_head_attention' whose shape "
        "Keras's summary disputes (Keras's summary gives its attention scores (None, 2, 10, 10), its forward pass "
        "(None, 2, 10, 6)): no count could be both Keras's and the model's; build no layer with weights on it\n"
    )


def test_layers_on_undisputed_scores_or_without_weights_are_read(run):
    dense = {"name": "head", "type": "Dense", "units": 2, "inputs": "flatten"}
    same_lengths = summarize_text(spec_text(scores_then(10, 10, dense)))
    assert [row.params for row in same_lengths.layers][-1] == 2 * 2 * 10 * 10 + 2  # Keras's count: 402
    without_weights = summarize_text(spec_text(scores_then(10, 6)))
    assert without_weights.layers[-1].output_shape == (None, 120)  # the forward pass's, as documented
