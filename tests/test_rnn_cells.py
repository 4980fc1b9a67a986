"""Keras's RNN layer over cells (issue 14, part 2): LSTMCell, GRUCell, SimpleRNNCell, StackedRNNCells.

Every name, type, output shape, count and weight below was printed by Keras 3.15.1 (backend torch,
CPU) for the same model, built as tests/oracle/test_rnn_cells_oracle.py builds it from the mapping
in tests/rnn_cells_cases.py, then each layer's ``name``, ``type(layer).__name__``, flat outputs'
shapes, ``count_params()`` and each weight's path inside the layer with its ``trainable`` flag.
The oracle module re-checks them against a live install; what Keras refuses is listed there and here.
"""

from __future__ import annotations

import pytest
import yaml

from lstm_calc.api import summarize_file
from lstm_calc.graph import infer
from lstm_calc.spec_mapping import model_from_mapping
from tests.rnn_cells_cases import FIXTURES, MODELS, REFUSED

LSTM_CELL = [("lstm_cell/kernel", (3, 32), True), ("lstm_cell/recurrent_kernel", (8, 32), True)]
LSTM_CELL.append(("lstm_cell/bias", (32,), True))

#: (name, type, output shapes, params, [(weight, shape, trainable)]) per layer, as Keras 3.15.1 built each model.
KERAS_LAYERS = {
    "one_cell": [("rnn", "RNN", (None, 8), 384, LSTM_CELL)],
    "a_list_of_cells": [
        ("rnn", "RNN", (None, 5, 8), 384, LSTM_CELL),
        (
            "rnn_1",
            "RNN",
            [(None, 5, 4), (None, 8), (None, 8), (None, 4)],
            712,
            [
                ("stacked_rnn_cells/lstm_cell_1/kernel", (8, 32), True),
                ("stacked_rnn_cells/lstm_cell_1/recurrent_kernel", (8, 32), True),
                ("stacked_rnn_cells/lstm_cell_1/bias", (32,), True),
                ("stacked_rnn_cells/gru_cell/kernel", (8, 12), True),
                ("stacked_rnn_cells/gru_cell/recurrent_kernel", (4, 12), True),
                ("stacked_rnn_cells/gru_cell/bias", (2, 12), True),
            ],
        ),
    ],
    "stacked_rnn_cells": [
        (
            "rnn",
            "RNN",
            (None, 4),
            210,
            [
                ("stacked_rnn_cells/simple_rnn_cell/kernel", (6, 6), True),
                ("stacked_rnn_cells/simple_rnn_cell/recurrent_kernel", (6, 6), True),
                ("stacked_rnn_cells/simple_rnn_cell/bias", (6,), True),
                ("stacked_rnn_cells/gru_cell/kernel", (6, 12), True),
                ("stacked_rnn_cells/gru_cell/recurrent_kernel", (4, 12), True),
                ("stacked_rnn_cells/gru_cell/bias", (12,), True),
            ],
        ),
        ("dense", "Dense", (None, 2), 10, [("kernel", (4, 2), True), ("bias", (2,), True)]),
    ],
    "bidirectional_cells": [
        (
            "bidirectional",
            "Bidirectional",
            (None, 10),
            402,
            [
                (f"{direction}_rnn/stacked_rnn_cells/{weight}", shape, True)
                for direction in ("forward", "backward")
                for weight, shape in (
                    ("simple_rnn_cell/kernel", (4, 3)),
                    ("simple_rnn_cell/recurrent_kernel", (3, 3)),
                    ("lstm_cell/kernel", (3, 20)),
                    ("lstm_cell/recurrent_kernel", (5, 20)),
                    ("lstm_cell/bias", (20,)),
                )
            ],
        )
    ],
    "stateful_with_states": [
        (
            "rnn",
            "RNN",
            [(2, 3), (2, 3)],
            63,
            [("gru_cell/kernel", (2, 9), True), ("gru_cell/recurrent_kernel", (3, 9), True)]
            + [("gru_cell/bias", (2, 9), True)],
        )
    ],
    "frozen_cell_in_a_list": [
        (
            "rnn",
            "RNN",
            (None, 2),
            126,
            [
                ("stacked_rnn_cells/frozen/kernel", (3, 12), False),
                ("stacked_rnn_cells/frozen/recurrent_kernel", (3, 12), False),
                ("stacked_rnn_cells/frozen/bias", (12,), False),
                ("stacked_rnn_cells/gru_cell/kernel", (3, 6), True),
                ("stacked_rnn_cells/gru_cell/recurrent_kernel", (2, 6), True),
                ("stacked_rnn_cells/gru_cell/bias", (2, 6), True),
            ],
        )
    ],
}


def rows(spec):
    summary = infer(model_from_mapping(spec))
    return [
        (row.name, row.type, row.output_shape, row.params, [(w.name, w.shape, w.trainable) for w in row.weights])
        for row in summary.layers
    ]


def test_every_model_has_its_keras_numbers():
    assert sorted(KERAS_LAYERS) == sorted(MODELS)


@pytest.mark.parametrize("case", sorted(MODELS))
def test_every_layer_is_as_keras_builds_it(case):
    assert rows(MODELS[case]) == KERAS_LAYERS[case]


def test_an_rnn_of_one_cell_counts_and_computes_as_its_layer():
    """RNN(LSTMCell(8)) is LSTM(8): the same count, the same MACs per time step, the same torch twin."""
    for cell, layer in (("LSTMCell", "LSTM"), ("GRUCell", "GRU"), ("SimpleRNNCell", "SimpleRNN")):
        specs = [
            f"input: {{shape: [5, 3]}}\nlayers:\n  - {{type: RNN, cell: {{type: {cell}, units: 8}}}}\n",
            f"input: {{shape: [5, 3]}}\nlayers:\n  - {{type: {layer}, units: 8}}\n",
        ]
        (first,), (second,) = (infer(model_from_mapping(yaml.safe_load(spec))).layers for spec in specs)
        assert (first.params, first.macs) == (second.params, second.macs)
        assert first.macs.fixed == 5 * sum(w.size for w in first.weights if not w.name.endswith("bias"))
        twins = [
            model_from_mapping(yaml.safe_load(spec)).layers[0].layer.counterpart_params((None, 5, 3)) for spec in specs
        ]
        assert twins[0] == twins[1] is not None


# -- refusals: what Keras refuses, at the line and column ------------------------------------------


REFUSALS = [
    (
        "  - {type: RNN, cell: {type: LSTMCell}}\n",
        "<stdin>:3:23: error: LSTMCell needs 'units'",
    ),
    (
        "  - {type: RNN, cell: {type: Dense, units: 3}}\n",
        "<stdin>:3:23: error: layer 'rnn' (RNN) has cell 'dense' (Dense), which is no RNN cell: give one of "
        "LSTMCell, GRUCell, SimpleRNNCell or StackedRNNCells",
    ),
    (
        "  - type: RNN\n"
        "    cell: {type: StackedRNNCells, cells: [{type: GRUCell, units: 2}, {type: LSTM, units: 3}]}\n",
        "<stdin>:4:70: error: layer 'rnn' (RNN) has cell 'lstm' (LSTM), which is no RNN cell: give one of "
        "LSTMCell, GRUCell, SimpleRNNCell or StackedRNNCells",
    ),
    (
        "  - {type: RNN, cell: []}\n",
        "<stdin>:3:23: error: RNN argument 'cell': expected a cell such as {type: LSTMCell, units: 8} or a "
        "non-empty list of them, got an empty list",
    ),
    (
        "  - {type: LSTMCell, units: 4}\n",
        "<stdin>:3:5: error: layer 'lstm_cell' (LSTMCell) is a cell: one time step, which Keras runs over a "
        "sequence only inside an RNN layer; wrap it, as in {type: RNN, cell: {type: LSTMCell, units: 8}}",
    ),
    (
        "  - {type: RNN, cell: {type: GRUCell, units: 4}, stateful: true}\n",
        "<stdin>:3:60: error: layer 'rnn' (RNN) is stateful, so it needs a fixed batch size, but the batch size "
        "is unknown; set input.batch_size (or batch_input_shape on the first layer)",
    ),
    (
        "  - {type: RNN, cell: {type: SimpleRNNCell, units: 0}}\n",
        "<stdin>:3:52: error: SimpleRNNCell argument 'units': expected a positive integer, got 0",
    ),
    (
        "  - {type: RNN, cell: {type: LSTMCell, units: 4, return_sequences: true}}\n",
        "<stdin>:3:50: error: LSTMCell has no argument 'return_sequences'",
    ),
    (
        "  - {type: RNN, units: 4}\n",
        "<stdin>:3:17: error: RNN has no argument 'units'",
    ),
    (
        "  - {type: Bidirectional, layer: {type: RNN, cell: {type: LSTMCell, units: 4}, go_backwards: true}}\n",
        "<stdin>:3:34: error: layer 'bidirectional' (Bidirectional) wraps 'rnn', which has go_backwards: true, "
        "so both copies would run backwards; leave go_backwards out (Bidirectional makes the backward copy)",
    ),
    (
        "  - type: RNN\n    cell:\n      type: StackedRNNCells\n"
        "      cells: [{type: StackedRNNCells, cells: [{type: GRUCell, units: 2}]}]\n",
        "<stdin>:6:15: error: layer 'rnn' (RNN) nests a StackedRNNCells in another, which lstmcalc does not "
        "support; list all the cells in one",
    ),
    (
        "  - {type: RNN, cell: [{type: GRUCell, units: 2, dtype: float16}, {type: GRUCell, units: 2}]}\n",
        "<stdin>:3:23: error: layer 'rnn' (RNN) has cells of different dtypes (float16, None), but lstmcalc sizes "
        "one dtype a layer",
    ),
]


@pytest.mark.parametrize(("layers", "message"), REFUSALS, ids=[message[8:60] for _, message in REFUSALS])
def test_a_wrong_rnn_is_refused_at_its_line_and_column(run, layers, message):
    result = run("summary", "-", stdin="input: {shape: [5, 3]}\nlayers:\n" + layers)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_every_model_keras_refuses_is_refused(run, case):
    result = run("summary", "-", stdin=yaml.safe_dump(REFUSED[case], sort_keys=False))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("<stdin>:") and ": error: " in result.stderr


# -- files Keras wrote, the golden table, conversions and exports -----------------------------------


def test_the_keras_files_read_as_the_spec_does(golden, run):
    expected = run("summary", str(FIXTURES / "cells.yaml"))
    assert expected.exit_code == 0, expected.stderr
    golden("summary/rnn_cells.table.out", expected.stdout)
    for name in ("cells.json", "cells.keras"):
        assert run("summary", str(FIXTURES / name)).stdout == expected.stdout, name
    spec = summarize_file(str(FIXTURES / "cells.yaml"))
    assert [row.output_shape for row in spec.layers][1] == [(None, None, 4), (None, 8), (None, 8), (None, 4)]


def test_a_converted_keras_file_keeps_the_cells(run):
    converted = run("convert", str(FIXTURES / "cells.json"))
    assert converted.exit_code == 0, converted.stderr
    assert "  cell:\n    type: StackedRNNCells\n    cells:\n    - {type: LSTMCell, units: 8}\n" in converted.stdout
    assert "outputs: [summary, 'encoder[2]', 'encoder[3]']" in converted.stdout


def test_keras_code_with_cells_reads_as_the_spec_does(run):
    code = (
        "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((5, 3)), "
        "layers.RNN(layers.LSTMCell(8), return_sequences=True), "
        "layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)], return_sequences=True, return_state=True)])\n"
    )
    spec = yaml.safe_dump(MODELS["a_list_of_cells"], sort_keys=False)
    assert run("summary", "-", "--input-format", "python", stdin=code).stdout == run("summary", "-", stdin=spec).stdout


def test_export_to_keras_writes_cells_and_lists_of_cells(run):
    result = run("export", "-", "--to", "keras", stdin=yaml.safe_dump(MODELS["a_list_of_cells"], sort_keys=False))
    assert result.exit_code == 0, result.stderr
    assert "        layers.RNN(layers.LSTMCell(8), return_sequences=True),\n" in result.stdout
    assert (
        "        layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)], return_sequences=True, return_state=True),\n"
        in result.stdout
    )


def test_one_cell_under_pytorch_is_its_torch_layer(run):
    spec = "framework: pytorch\ninput: {shape: [5, 3]}\nlayers:\n  - {type: RNN, cell: {type: LSTMCell, units: 8}}\n"
    summary = infer(model_from_mapping(yaml.safe_load(spec)))
    (row,) = summary.layers
    assert (row.name, row.type, row.output_shape, row.params) == ("lstm", "LSTM", (None, 8), 416)
    assert [w.name for w in row.weights] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
    exported = run("export", "-", "--to", "pytorch", stdin=spec)
    assert "        self.lstm = nn.LSTM(3, 8, batch_first=True)\n" in exported.stdout


def test_rnn_without_a_cell_is_still_torch_rnn_under_pytorch():
    spec = {"framework": "pytorch", "input": {"shape": [5, 3]}, "layers": [{"type": "RNN", "hidden_size": 4}]}
    (row,) = infer(model_from_mapping(spec)).layers
    assert (row.type, row.params) == ("RNN", 4 * (3 + 4 + 2))


def test_stacked_cells_have_no_pytorch_export(run):
    result = run("export", "-", "--to", "pytorch", stdin=yaml.safe_dump(MODELS["a_list_of_cells"], sort_keys=False))
    assert result.exit_code == 2
    assert result.stderr == (
        "<stdin>:13:3: error: layer 'rnn' (RNN) stacks 2 cells, which lstmcalc's PyTorch convention does not "
        "build (no one torch.nn module steps them); stack LSTM, GRU or RNN layers instead\n"
    )


def test_compare_counts_one_torch_cell_per_keras_cell(run):
    result = run("summary", "-", "--compare", stdin=yaml.safe_dump(MODELS["a_list_of_cells"], sort_keys=False))
    assert result.exit_code == 0, result.stderr
    # nn.LSTMCell(8, 8): 4·8·(8 + 8 + 2) = 576; nn.GRUCell(8, 4): 3·4·(8 + 4 + 2) = 168.
    assert "rnn_1 (RNN)     712      744   +32  one torch.nn cell per Keras cell;" in result.stdout


def test_explain_explains_one_cell_as_its_layer(run):
    result = run("explain", "-", stdin=yaml.safe_dump(MODELS["one_cell"], sort_keys=False))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "rnn (RNN): 384 params\nLSTM params = 4 × units × (input_dim + units + 1) = 4 × 8 × (3 + 8 + 1) = 384\n"
    )
    assert "forget gate     f_t = σ(W_f·x_t + U_f·h_{t-1} + b_f)" in result.stdout
