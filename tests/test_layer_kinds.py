"""A layer kind answers what the features ask of it: the other convention's count and note
(``--compare``), its formula (``params``), its cell (``explain``) and its PyTorch code (``export``).

Figures are Keras 3 ``count_params()`` and torch.nn ``sum(p.numel() ...)`` values, as pinned in
``tests/test_params.py``: LSTM(12) on 80 features 4,464 in Keras, 4,512 in torch.nn.
"""

from __future__ import annotations

import json

import pytest

from lstm_calc.api import build, export_file
from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.cli.options import EXPLAIN_KINDS, PARAMS_KINDS
from lstm_calc.errors import SpecError
from lstm_calc.formulas import EXPLAIN_KINDS as REGISTRY_EXPLAIN_KINDS
from lstm_calc.formulas import EXPLAINED_TYPES, KINDS, QUICK_KINDS
from lstm_calc.layers import LAYER_TYPES, Layer
from lstm_calc.layers.core import Dense
from lstm_calc.layers.recurrent import GRU, LSTM, Recurrent, SimpleRNN
from lstm_calc.readers.yaml_spec import load_spec_text


def _built(layers: list, shape: list, framework: str = KERAS):
    text = json.dumps({"framework": framework, "input": {"shape": shape}, "layers": layers})
    model, summary = build(load_spec_text(text, "<test>"), "<test>")
    return model.layers[-1].layer, summary.layers[-1]


# -- the kinds the quick commands take come from the registry ------------------------------


def test_the_cli_kinds_are_the_registry_kinds_in_registry_order():
    assert (
        PARAMS_KINDS
        == tuple(KINDS)
        == ("lstm", "gru", "simplernn", "dense", "embedding", "conv1d", "convlstm1d", "convlstm2d", "mha")
    )
    assert EXPLAIN_KINDS == REGISTRY_EXPLAIN_KINDS == ("lstm", "gru", "simplernn", "convlstm1d", "convlstm2d", "mha")
    assert EXPLAINED_TYPES == "LSTM, GRU, SimpleRNN, ConvLSTM1D, ConvLSTM2D, MultiHeadAttention"


def test_a_kind_with_quick_options_has_its_own_formula_and_mapping():
    for cls in QUICK_KINDS.values():
        assert cls.params_formula is not Layer.params_formula, cls.class_name
        assert cls.quick_layer.__func__ is not Layer.quick_layer.__func__, cls.class_name


# -- params: the formula states the facts the weights state -------------------------------


@pytest.mark.parametrize("cls", [LSTM, GRU, SimpleRNN], ids=lambda cls: cls.class_name)
def test_gate_blocks_are_the_gates_in_both_orders(cls):
    assert cls.gate_blocks == len(cls.gate_orders[KERAS]) == len(cls.gate_orders[PYTORCH])
    assert cls.gate_blocks == {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}[cls.class_name]


@pytest.mark.parametrize(
    ("layer", "framework", "bias_shapes", "formula"),
    [
        ({"type": "GRU", "units": 5}, KERAS, [(2, 15)], "3 × units × (input_dim + units + 2)"),
        ({"type": "GRU", "units": 5, "reset_after": False}, KERAS, [(15,)], "3 × units × (input_dim + units + 1)"),
        ({"type": "GRU", "units": 5}, PYTORCH, [(15,), (15,)], "3 × units × (input_dim + units + 2)"),
        ({"type": "LSTM", "units": 5, "use_bias": False}, KERAS, [], "4 × units × (input_dim + units)"),
        ({"type": "SimpleRNN", "units": 5}, PYTORCH, [(5,), (5,)], "units × (input_dim + units + 2)"),
    ],
)
def test_bias_vectors_size_the_weights_and_the_formula_alike(layer, framework, bias_shapes, formula):
    built, row = _built([layer], [None, 7], framework)
    assert [weight.shape for weight in row.weights if "bias" in weight.name] == bias_shapes
    expression = built.params_formula(row.input_shape)
    assert expression.symbolic() == formula
    assert expression.value() == row.params


@pytest.mark.parametrize(
    ("layers", "framework"),
    [
        ([{"type": "Bidirectional", "layer": {"type": "GRU", "units": 6, "reset_after": False}}], KERAS),
        ([{"type": "LSTM", "units": 6, "num_layers": 3, "bidirectional": True, "proj_size": 2}], PYTORCH),
        ([{"type": "RNN", "units": 6, "num_layers": 2, "bias": False}], PYTORCH),
        ([{"type": "Linear", "units": 6}], PYTORCH),
        ([{"type": "Conv1D", "filters": 6, "kernel_size": 3, "use_bias": False}], KERAS),
        ([{"type": "Embedding", "input_dim": 30, "output_dim": 6}], KERAS),
    ],
)
def test_a_spec_layers_formula_equals_its_weights(layers, framework):
    shape = [None] if layers[0]["type"] == "Embedding" else [10, 9]
    layer, row = _built(layers, shape, framework)
    assert layer.params_formula(row.input_shape).value() == row.params > 0


# -- --compare: each kind answers the other convention's count and why ---------------------


@pytest.mark.parametrize(
    ("layers", "framework", "counterpart", "note"),
    [
        (
            [{"type": "LSTM", "units": 12}],
            KERAS,
            4_512,
            "PyTorch keeps two bias vectors per gate: +4·h per layer and direction",
        ),
        (
            [{"type": "Bidirectional", "layer": {"type": "LSTM", "units": 12}}],
            KERAS,
            9_024,
            "PyTorch keeps two bias vectors per gate: +4·h per layer and direction (both directions)",
        ),
        (
            [{"type": "GRU", "units": 12}],
            KERAS,
            3_384,
            "the same: Keras's GRU with reset_after also keeps two bias vectors, as PyTorch does",
        ),
        (
            [{"type": "LSTM", "units": 12, "num_layers": 2, "bidirectional": True}],
            PYTORCH,
            # Keras: two Bidirectional(LSTM(12)), the second on the first's 24 features.
            2 * 4 * 12 * (80 + 12 + 1) + 2 * 4 * 12 * (24 + 12 + 1),
            "PyTorch keeps two bias vectors per gate: +4·h per layer and direction",
        ),
        (
            [{"type": "LSTM", "units": 12, "proj_size": 4}],
            PYTORCH,
            None,
            "Keras's LSTM has no projection (proj_size), so no Keras layer matches it",
        ),
        (
            [{"type": "Dense", "units": 12}],
            KERAS,
            972,
            "same weights; torch.nn.Linear stores the matrix transposed, (units, features)",
        ),
    ],
)
def test_a_layer_answers_its_counterpart_and_note(layers, framework, counterpart, note):
    layer, row = _built(layers, [None, 80], framework)
    other = layer.counterpart_params(row.input_shape)
    assert other == counterpart
    keras, torch = (row.params, other) if framework == KERAS else (other, row.params)
    assert layer.count_note(keras, torch) == note


def test_time_distributed_asks_the_layer_it_wraps():
    layer, row = _built([{"type": "TimeDistributed", "layer": {"type": "Dense", "units": 4}}], [5, 3])
    assert layer.counterpart_params(row.input_shape) == 16 == row.params
    assert layer.count_note(16, 16) == "same weights; torch.nn.Linear stores the matrix transposed, (units, features)"


def test_a_layer_without_torch_counterpart_says_so():
    layer, row = _built([{"type": "Masking"}], [5, 3])
    assert layer.counterpart_params(row.input_shape) is None
    assert layer.count_note(0, None) == "no torch.nn counterpart in lstmcalc's PyTorch convention (it has no weights)"


# -- explain: the recurrent kinds describe their cell -----------------------------------------


def test_only_recurrent_layers_and_their_bidirectional_wrapper_have_a_cell():
    lstm, _ = _built([{"type": "LSTM", "units": 3}], [None, 2])
    assert lstm.explained_cell() == (lstm, 1)
    wrapped, _ = _built([{"type": "Bidirectional", "layer": {"type": "GRU", "units": 3}}], [None, 2])
    assert wrapped.explained_cell() == (wrapped.inner, 2)
    dense, _ = _built([{"type": "Dense", "units": 3}], [None, 2])
    assert dense.explained_cell() is None


def test_the_cell_tables_belong_to_each_kind():
    gru, _ = _built([{"type": "GRU", "units": 3, "reset_after": False}], [None, 2])
    assert gru.equation_texts()[2] == ("candidate", "h̃_t = tanh(W_h·x_t + U_h·(r_t ⊙ h_{t-1}) + b_h)")
    projected, row = _built([{"type": "LSTM", "units": 3, "proj_size": 2}], [None, 4], PYTORCH)
    assert projected.equation_texts()[-1] == ("hidden state", "h_t = W_hr·(o_t ⊙ tanh(c_t))")
    assert projected.cell_states((7, None, 4), 1) == [
        ("h", "hidden state", (1, 2), (1, 7, 2)),
        ("c", "cell state", (1, 3), (1, 7, 3)),
    ]
    assert projected.gate_layout("weight_ih_l0", (12, 4), PYTORCH) == (
        "rows 0:3 W_ii, 3:6 W_if, 6:9 W_ig, 9:12 W_io; each (3, 4)"
    )


# -- export: each kind writes its own PyTorch module --------------------------------------


def test_every_pytorch_kind_writes_its_own_module():
    one_tensor = {cls for cls in LAYER_TYPES.values() if cls.torch_class_name and cls.input_count is None}
    assert {cls.class_name for cls in one_tensor} >= {"LSTM", "GRU", "SimpleRNN", "Dense", "Embedding", "Dropout"}
    for cls in one_tensor:
        assert cls.torch_module is not Layer.torch_module, cls.class_name


def test_a_recurrent_kind_is_exported_as_its_own_torch_class():
    layer, row = _built([{"type": "RNN", "units": 4, "nonlinearity": "relu"}], [None, 3], PYTORCH)
    module = layer.torch_module(row.input_shape)
    assert (module.torch_class, module.positional) == ("nn.RNN", [3, 4])
    assert module.options["nonlinearity"] == "relu"

    class Peephole(Recurrent):
        class_name = torch_class_name = "Peephole"
        arguments = LSTM.arguments
        gate_blocks = 4

    peephole = Peephole(layer.config, PYTORCH)
    assert peephole.torch_module(row.input_shape).torch_class == "nn.Peephole"


def test_a_kind_without_pytorch_code_is_a_located_error(tmp_path, monkeypatch):
    spec = tmp_path / "model.yaml"
    spec.write_text("framework: pytorch\ninput: {shape: [4]}\nlayers:\n  - {type: Linear, units: 2}\n")
    monkeypatch.setattr(Dense, "torch_module", Layer.torch_module)
    with pytest.raises(SpecError) as raised:
        export_file(str(spec), "pytorch")
    assert str(raised.value) == f"{spec}:4:5: error: layer 'linear' (Linear) has no PyTorch code in lstmcalc"
    assert raised.value.path == "layers[0]"


@pytest.mark.parametrize("kind", ["lstm", "gru", "simplernn"])
def test_the_states_a_recurrent_kind_returns_in_forward(kind):
    cls = QUICK_KINDS[kind]
    assert cls.state_count == (2 if cls is LSTM else 1)
    layer, row = _built([{"type": cls.class_name, "units": 2, "return_state": True}], [None, 3], PYTORCH)
    lines, outputs = layer.torch_stack_lines("self.rnn", "x", ["x"], row.input_shape, row.output_shape)
    states = "(h, c)" if cls is LSTM else "h"
    assert lines[0] == f"x, {states} = self.rnn(x)"
    assert outputs == ["x", "h", "c"][: 1 + cls.state_count]
