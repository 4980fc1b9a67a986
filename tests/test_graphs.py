"""Graph specs: named inputs, connections, shared layers, initial states, merges and their errors.

Figures were printed by Keras 3.15's ``model.summary()`` for the same functional models;
tests/oracle/test_graph_oracle.py re-checks them against a live install.
"""

from __future__ import annotations

import pytest

from lstm_calc.api import summarize_file, summarize_text
from lstm_calc.render.json_output import summary_to_dict
from tests.case_ids import error_ids
from tests.conftest import SPECS


def rows(summary):
    return [
        (row.name, row.type, row.output_shape, row.params, [str(c) for c in row.connected_to]) for row in summary.layers
    ]


def test_seq2seq_matches_keras():
    summary = summarize_file(str(SPECS / "seq2seq.yaml"))
    assert rows(summary) == [
        ("encoder_inputs", "InputLayer", (None, None, 71), 0, []),
        ("decoder_inputs", "InputLayer", (None, None, 93), 0, []),
        ("encoder", "LSTM", [(None, 256), (None, 256), (None, 256)], 335_872, ["encoder_inputs[0][0]"]),
        (
            "decoder_lstm",
            "LSTM",
            [(None, None, 256), (None, 256), (None, 256)],
            358_400,
            ["decoder_inputs[0][0]", "encoder[0][1]", "encoder[0][2]"],
        ),
        ("decoder_dense", "Dense", (None, None, 93), 23_901, ["decoder_lstm[0][0]"]),
    ]
    assert (summary.total_params, summary.param_bytes) == (718_173, 2_872_692)  # 2.74 MB
    assert not summary.sequential_like


SHARED = """
inputs:
  a: {shape: [10]}
  b: {shape: [12]}
layers:
  - {type: Embedding, input_dim: 100, output_dim: 8, inputs: a}
  - {name: emb_b, shares: embedding, inputs: b}
  - {type: LSTM, units: 4, inputs: embedding}
  - {type: LSTM, units: 4, inputs: emb_b}
  - {type: Concatenate, inputs: [lstm, lstm_1]}
  - {type: Dense, units: 1}
outputs: [dense]
"""


def test_shared_layer_counts_once_and_shows_both_uses():
    summary = summarize_text(SHARED)
    assert summary.name == "functional"
    assert rows(summary) == [
        ("a", "InputLayer", (None, 10), 0, []),
        ("b", "InputLayer", (None, 12), 0, []),
        ("embedding", "Embedding", (None, 12, 8), 800, ["a[0][0]", "b[0][0]"]),
        ("lstm", "LSTM", (None, 4), 208, ["embedding[0][0]"]),
        ("lstm_1", "LSTM", (None, 4), 208, ["embedding[1][0]"]),
        ("concatenate", "Concatenate", (None, 8), 0, ["lstm[0][0]", "lstm_1[0][0]"]),
        ("dense", "Dense", (None, 1), 9, ["concatenate[0][0]"]),
    ]
    assert summary.total_params == 1_225


def test_a_chain_graph_is_printed_without_connected_to_but_with_its_input():
    summary = summarize_text(
        "inputs: {x: {shape: [10, 3]}}\nlayers:\n  - {type: LSTM, units: 4}\n  - {type: Dense, units: 2}\n"
    )
    assert summary.sequential_like
    assert [(row.name, row.params) for row in summary.layers] == [("x", 0), ("lstm", 128), ("dense", 10)]


def test_graph_table_has_keras_connected_to_column(run, golden, tmp_path):
    (tmp_path / "shared.yaml").write_text(SHARED)
    result = run("summary", str(tmp_path / "shared.yaml"))
    assert result.exit_code == 0
    golden("summary/shared_embedding.table.out", result.stdout)


def test_json_lists_inbound_connections():
    document = summary_to_dict(summarize_file(str(SPECS / "seq2seq.yaml")))
    assert document["input_shape"] == [[None, None, 71], [None, None, 93]]
    assert [(layer["name"], layer["inbound"]) for layer in document["layers"]] == [
        ("encoder_inputs", []),
        ("decoder_inputs", []),
        ("encoder", ["encoder_inputs[0][0]"]),
        ("decoder_lstm", ["decoder_inputs[0][0]", "encoder[0][1]", "encoder[0][2]"]),
        ("decoder_dense", ["decoder_lstm[0][0]"]),
    ]


def test_graph_works_under_the_pytorch_convention():
    summary = summarize_file(str(SPECS / "seq2seq.yaml"), framework="pytorch")
    # torch.nn.LSTM: 4h(i + h + 2); its states are (num_layers, batch, h).
    assert [(row.name, row.output_shape, row.params) for row in summary.layers[2:]] == [
        ("encoder", [(None, 256), (1, None, 256), (1, None, 256)], 4 * 256 * (71 + 256 + 2)),
        ("decoder_lstm", [(None, None, 256), (1, None, 256), (1, None, 256)], 4 * 256 * (93 + 256 + 2)),
        ("decoder_dense", (None, None, 93), 23_901),
    ]


GRAPH_ERRORS = [
    (
        "inputs: {x: {shape: [5, 3]}}\nlayers:\n  - {type: LSTM, units: 4, inputs: y}\n",
        "g.yaml:3:36: error: unknown reference 'y', which is not an input or a layer above",
    ),
    (
        "inputs: {text: {shape: [5, 3]}}\nlayers:\n  - {type: LSTM, units: 4, inputs: txt}\n",
        "g.yaml:3:36: error: unknown reference 'txt', which is not an input or a layer above (did you mean 'text'?)",
    ),
    (
        "inputs: {x: {shape: [5, 3]}}\nlayers:\n  - {type: Dense, units: 4, inputs: later}\n"
        "  - {type: Dense, units: 4, name: later}\n",
        "g.yaml:3:37: error: unknown reference 'later', which is defined below; a layer takes tensors only "
        "from inputs and layers above it (so no cycles)",
    ),
    (
        "inputs: {x: {shape: [5, 3]}}\nlayers:\n  - {type: Dense, units: 4, name: me, inputs: me}\n",
        "g.yaml:3:47: error: unknown reference 'me', which is defined below; a layer takes tensors only "
        "from inputs and layers above it (so no cycles)",
    ),
    (
        "inputs: {x: {shape: [5, 3]}}\nlayers:\n  - {type: LSTM, units: 4, return_state: true}\n"
        "  - {type: Dense, units: 2, inputs: 'lstm[3]'}\n",
        "g.yaml:4:37: error: 'lstm[3]' is out of range: 'lstm' has 3 outputs (0 to 2)",
    ),
    (
        "inputs: {x: {shape: [5, 3]}}\nlayers:\n  - {type: LSTM, units: 4, inputs: x}\n"
        "  - {type: Dense, units: 4, inputs: x}\noutputs: [lstm]\n",
        "g.yaml:4:5: error: layer 'dense' does not lead to any output (Keras would leave it out); "
        "add it to 'outputs:' or remove it",
    ),
    (
        "inputs: {a: {shape: [6]}, b: {shape: [5]}}\nlayers:\n  - {type: Add, inputs: [a, b]}\n",
        "g.yaml:3:5: error: layer 'add' (Add) needs inputs of the same shape (or shapes that broadcast), "
        "but receives (None, 6), (None, 5)",
    ),
    (
        "inputs: {a: {shape: [6]}, b: {shape: [6]}, c: {shape: [6]}}\nlayers:\n"
        "  - {type: Subtract, inputs: [a, b, c]}\n",
        "g.yaml:3:5: error: layer 'subtract' (Subtract) takes 2 tensors but receives 3",
    ),
    (
        "inputs: {a: {shape: [5, 3]}, b: {shape: [5, 3]}}\nlayers:\n"
        "  - {name: enc, type: LSTM, units: 4, return_state: true, inputs: a}\n"
        "  - type: LSTM\n    units: 6\n    inputs: b\n    initial_state:\n      - enc[1]\n      - enc[2]\n",
        "g.yaml:8:7: error: layer 'lstm' (LSTM) starts from initial_state [(None, 4), (None, 4)], "
        "but its states have the shapes [(None, 6), (None, 6)]",
    ),
    (
        "inputs: {a: {shape: [5, 3]}}\nlayers:\n  - {type: Dense, units: 4, initial_state: [a]}\n",
        "g.yaml:3:29: error: 'initial_state' is for recurrent layers (LSTM, GRU, SimpleRNN, Bidirectional, "
        "ConvLSTM1D, ConvLSTM2D, RNN, CuDNNLSTM, CuDNNGRU), not Dense",
    ),
    (
        "inputs: {a: {shape: [6]}, b: {shape: [5]}}\nlayers:\n  - {type: Dense, units: 2, inputs: a}\n"
        "  - {name: again, shares: dense, inputs: b}\noutputs: [dense, again]\n",
        "g.yaml:4:5: error: layer 'dense' is shared, but receives (None, 5) here and (None, 6) where it is "
        "first used; one set of weights cannot fit both",
    ),
    (
        "inputs: {a: {shape: [6]}}\nlayers:\n  - {type: Dense, units: 2}\n  - {shares: dense, units: 3}\n",
        "g.yaml:4:21: error: 'units' cannot go on a 'shares' entry, which reuses another layer as it is "
        "(only name, inputs, initial_state and mask)",
    ),
    (
        "inputs: {a: {shape: [6]}}\nlayers:\n  - {type: Dense, units: 2}\n  - {shares: dens}\n",
        "g.yaml:4:14: error: 'shares' names a layer defined above, got 'dens' (did you mean 'dense'?)",
    ),
    (
        "inputs: {a: {shape: [6]}, b: {shape: [6]}}\nlayers:\n  - {type: Dense, units: 2}\n",
        "g.yaml:3:5: error: the first layer needs 'inputs:' to say which of the inputs (a, b) it takes",
    ),
    (
        "input: {shape: [6]}\ninputs: {a: {shape: [6]}}\nlayers:\n  - {type: Dense, units: 2}\n",
        "g.yaml:2:1: error: a spec has either 'input' (a stack) or 'inputs' (a graph with named inputs), not both",
    ),
    (
        "input: {shape: [6]}\nlayers:\n  - {type: Dense, units: 2, inputs: x}\n",
        "g.yaml:3:29: error: 'inputs' connects layers in a graph spec; name the model's inputs in a top-level "
        "'inputs:' mapping to use it (in a plain 'layers:' list each layer takes the previous one)",
    ),
    (
        "inputs: {x: {shape: [5, 3]}}\nlayers:\n  - {type: LSTM, units: 4, return_state: true}\n"
        "  - {type: Dense, units: 2}\n",
        "g.yaml:4:5: error: layer 'dense' (Dense) receives 3 tensors [(None, 4), (None, 4), (None, 4)] from "
        "'lstm', but takes one; pick one output with name[index], or set return_state: false on the recurrent layer",
    ),
    (
        "inputs: {x: {shape: [5, 3]}}\nlayers:\n  - {type: LSTM, units: 4, initial_state: [x[1], x[2]]}\n",
        "g.yaml:3:45: error: did not find expected ',' or ']' (inside [...], quote a reference such as "
        '"encoder[1]", or write the list one item a line)',
    ),
]


@pytest.mark.parametrize(("spec", "message"), GRAPH_ERRORS, ids=error_ids(GRAPH_ERRORS))
def test_bad_graph_gets_one_located_error(run, tmp_path, monkeypatch, spec, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_text(spec)
    result = run("summary", "g.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_stats_compare_and_explain_work_on_graphs(run):
    stats = run("summary", str(SPECS / "seq2seq.yaml"), "--stats", "--format", "json")
    document = __import__("json").loads(stats.stdout)
    # 4·u·(i + u) per time step for each LSTM, units·i for the Dense, all per step (T unknown).
    assert [layer["macs"] for layer in document["layers"][2:]] == [
        {"fixed": 0, "per_time_step": 4 * 256 * (71 + 256)},
        {"fixed": 0, "per_time_step": 4 * 256 * (93 + 256)},
        {"fixed": 0, "per_time_step": 256 * 93},
    ]
    assert document["stats"]["input_bytes"] == {"fixed": 0, "per_time_step": (71 + 93) * 4}
    compare = run("summary", str(SPECS / "seq2seq.yaml"), "--compare")
    assert compare.exit_code == 0
    assert "Total                  718,173  720,221  +2,048\n" in compare.stdout
    explain = run("explain", str(SPECS / "seq2seq.yaml"))
    assert explain.exit_code == 0
    assert "decoder_lstm (LSTM): 358,400 params\n" in explain.stdout


def test_multi_head_attention_s_own_dropout_takes_a_name_as_in_keras():
    # Keras 3.15: the MultiHeadAttention's first call makes an unnamed Softmax and Dropout of its own (checked
    # by tests/oracle/test_graph_oracle.py's attention_then_an_unnamed_dropout).
    summary = summarize_text(
        "inputs: {x: {shape: [10, 8]}}\n"
        "layers:\n"
        "- {type: MultiHeadAttention, num_heads: 2, key_dim: 4, inputs: [x, x]}\n"
        "- {type: Dropout, rate: 0.1}\n"
        "- {type: Add, inputs: [x, dropout_1]}\n"
        "- {type: Dropout, rate: 0.1}\n"
        "outputs: [dropout_2]\n",
        "graph.yaml",
    )
    assert rows(summary) == [
        ("x", "InputLayer", (None, 10, 8), 0, []),
        ("multi_head_attention", "MultiHeadAttention", (None, 10, 8), 288, ["x[0][0]", "x[0][0]"]),
        ("dropout_1", "Dropout", (None, 10, 8), 0, ["multi_head_attention[0][0]"]),
        ("add", "Add", (None, 10, 8), 0, ["x[0][0]", "dropout_1[0][0]"]),
        ("dropout_2", "Dropout", (None, 10, 8), 0, ["add[0][0]"]),
    ]
