"""Follow-ups of the Keras readers: a Bidirectional layer's initial_state (the forward layer's states, then
the backward layer's), a layer's tensor given by the name of the call's first parameter (``sequences=x``),
one check for a call that gives a later tensor by name without an earlier one (``call_gap``), and explain
bounded on a model with thousands of recurrent layers. The tables are Keras 3.15.1's own
(tests/golden/keras_followups, from tests/oracle/test_keras_followups_oracle.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_calc.explain import MAX_EXPLAINED_LAYERS, MAX_EXPLAINED_TENSORS
from lstm_calc.spec_records import call_gap
from tests.conftest import ROOT
from tests.keras_followups_cases import CODE, DICT_OUTPUTS, JSON_CASES, NOT_FOLLOWED, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "keras_followups"
FIXTURES = ROOT / "tests" / "fixtures" / "keras"
#: Keras JSON lstmcalc refuses, kept out of FIXTURES, whose files all convert.
REFUSED_JSON = ROOT / "tests" / "fixtures" / "keras_followups"
LINE_LENGTH = "110"


def _written(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table(run, path: Path) -> str:
    result = run("summary", str(path), "--line-length", LINE_LENGTH)
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


def _golden(name: str) -> str:
    return (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


# -- Bidirectional's initial_state, and sequences= -------------------------------------------


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_code_is_summarised_as_keras_summarises_it(run, tmp_path: Path, name: str) -> None:
    assert _table(run, _written(tmp_path, CODE[name])) == _golden(name)


@pytest.mark.parametrize("name", JSON_CASES)
def test_keras_json_is_summarised_as_keras_summarises_it(run, name: str) -> None:
    assert _table(run, FIXTURES / f"{name}.json") == _golden(name)


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_converted_graph_spec_and_the_exported_code_keep_the_table(run, tmp_path: Path, name: str) -> None:
    source = _written(tmp_path, CODE[name])
    converted = run("convert", str(source))
    exported = run("export", str(source), "--to", "keras")
    assert (converted.exit_code, exported.exit_code) == (0, 0)
    assert _table(run, _written(tmp_path, converted.stdout, "model.yaml")) == _golden(name)
    assert _table(run, _written(tmp_path, exported.stdout, "exported.py")) == _golden(name)


def test_the_converted_spec_gives_the_bidirectional_layer_its_four_states(run, tmp_path: Path) -> None:
    converted = run("convert", str(_written(tmp_path, CODE["bidirectional_lstm_initial_state"])))
    assert "  initial_state: [h1, c1, h2, c2]\n" in converted.stdout


GRAPH = """\
name: functional
inputs:
  x: {shape: [5, 4]}
  h1: {shape: [8]}
  c1: {shape: [8]}
  h2: {shape: [8]}
  c2: {shape: [8]}
layers:
  - type: Bidirectional
    layer: {type: LSTM, units: 8, return_state: true}
    inputs: x
    initial_state: STATES
"""
STATES = "[h1, c1, h2, c2]"


def test_a_graph_spec_gives_a_bidirectional_layer_its_states(run, tmp_path: Path) -> None:
    path = _written(tmp_path, GRAPH.replace("STATES", STATES), "model.yaml")
    assert _table(run, path) == _golden("bidirectional_lstm_initial_state")


@pytest.mark.parametrize(
    ("states", "where", "given"),
    [
        ("[h1, c1, h2]", "12:20", "[(None, 8), (None, 8), (None, 8)]"),
        ("[h1, c1]", "12:20", "[(None, 8), (None, 8)]"),
        ("[h1, c1, h2, x]", "12:20", "[(None, 8), (None, 8), (None, 8), (None, 5, 4)]"),
    ],
    ids=["three", "the_forward_layers_only", "a_sequence_among_them"],
)
def test_states_that_do_not_fit_both_directions_are_refused(run, tmp_path: Path, states, where, given) -> None:
    result = run("summary", str(_written(tmp_path, GRAPH.replace("STATES", states), "model.yaml")))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"{tmp_path / 'model.yaml'}:{where}: error: layer 'bidirectional' (Bidirectional) starts from initial_state "
        f"{given}, but its states have the shapes [(None, 8), (None, 8), (None, 8), (None, 8)]\n",
    )


def test_a_backward_layer_of_another_state_count_cannot_take_states(run, tmp_path: Path) -> None:
    spec = GRAPH.replace(
        "    layer: {type: LSTM, units: 8, return_state: true}\n",
        "    layer: {type: LSTM, units: 8}\n    backward_layer: {type: GRU, units: 8, go_backwards: true}\n",
    ).replace("STATES", "[h1, c1, h2]")
    result = run("summary", str(_written(tmp_path, spec, "model.yaml")))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"{tmp_path / 'model.yaml'}:13:20: error: layer 'bidirectional' (Bidirectional) keeps 2 states in its layer "
        "and 1 in its backward_layer, but Keras hands each direction half of initial_state; give backward_layer "
        "the layer's kind\n",
    )


@pytest.mark.parametrize("name", sorted(REFUSED) + sorted(NOT_FOLLOWED))
def test_a_call_keras_refuses_or_lstmcalc_does_not_follow_is_refused(run, tmp_path: Path, name: str) -> None:
    code, where, message = REFUSED[name] if name in REFUSED else NOT_FOLLOWED[name][:3]
    result = run("summary", str(_written(tmp_path, code)))
    expected = f"{tmp_path / 'model.py'}:{where}: error: {message}\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


def test_sequences_by_name_beside_initial_state_is_refused_in_keras_json(run) -> None:
    path = REFUSED_JSON / "sequences_by_keyword_with_initial_state.json"
    result = run("summary", str(path))
    message = NOT_FOLLOWED["sequences_by_keyword_with_initial_state"][2]
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:1:1970: error: {message}\n")


# -- one check for a tensor given by name after a missing one ---------------------------------


@pytest.mark.parametrize(
    ("given", "named", "gap"),
    [
        (1, {"key"}, ("key", "value")),
        (1, {"value", "key"}, None),
        (2, {"key"}, None),
        (0, {"value"}, ("value", "query")),
        (0, {"key"}, ("key", "query")),
        (1, set(), None),
        (3, set(), None),
    ],
)
def test_call_gap(given: int, named: set[str], gap: tuple[str, str] | None) -> None:
    assert call_gap(("query", "value", "key"), given, named) == gap


# -- explain on a model of thousands of layers ------------------------------------------------


def _stack(count: int, layer: str = "{type: LSTM, units: 8, return_sequences: true}") -> str:
    return "name: big\ninput: {shape: [5, 8]}\nlayers:\n" + f"  - {layer}\n" * count


def test_the_bounds() -> None:
    assert (MAX_EXPLAINED_LAYERS, MAX_EXPLAINED_TENSORS) == (1_000, 20_000)


@pytest.mark.parametrize("output_format", ["text", "json", "svg"])
def test_explain_refuses_more_layers_than_it_explains_at_once(run, tmp_path: Path, output_format: str) -> None:
    path = _written(tmp_path, _stack(MAX_EXPLAINED_LAYERS + 5), "big.yaml")
    result = run("explain", str(path), "--format", output_format)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"{path}:1004:5: error: too much to explain at once: 1,005 recurrent and attention layers with 3,015 "
        "weight tensors (at most 1,000 layers and 20,000 tensors), this layer the first past them; explain a "
        "smaller model, or one layer alone by its kind and sizes (lstmcalc explain lstm --units 8 --input-dim "
        "80; see lstmcalc explain --help)\n",
    )


def test_explain_refuses_more_weight_tensors_than_it_lists_at_once(run, tmp_path: Path) -> None:
    layer = "{type: LSTM, units: 4, num_layers: 1000, bidirectional: true, return_sequences: true}"
    spec = _stack(3, layer).replace("name: big\n", "name: big\nframework: pytorch\n")
    path = _written(tmp_path, spec, "big.yaml")
    result = run("explain", str(path), "--format", "svg")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"{path}:7:5: error: too much to explain at once: 3 recurrent and attention layers with 24,000 weight "
        "tensors (at most 1,000 layers and 20,000 tensors), this layer the first past them; explain a smaller "
        "model, or one layer alone by its kind and sizes (lstmcalc explain lstm --units 8 --input-dim 80; see "
        "lstmcalc explain --help)\n",
    )


def test_explain_draws_as_many_layers_as_it_explains(run, tmp_path: Path) -> None:
    path = _written(tmp_path, _stack(MAX_EXPLAINED_LAYERS), "big.yaml")
    result = run("explain", str(path), "--format", "svg")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.count('class="part"') == 2 * MAX_EXPLAINED_LAYERS  # unrolled, then the cell


def test_a_dict_of_outputs_lists_its_heads_by_sorted_key_as_keras_does(run) -> None:
    # The dict is written zz, aa, mm (DICT_OUTPUTS), and Keras's JSON keeps that order; Keras lists aa, mm, zz.
    written = json.loads((FIXTURES / "dict_outputs.json").read_text(encoding="utf-8"))
    assert list(written["config"]["output_layers"]) == ["zz", "aa", "mm"] and '"zz"' in DICT_OUTPUTS
    table = _table(run, FIXTURES / "dict_outputs.json")
    assert table == (GOLDEN / "dict_outputs.table.out").read_text(encoding="utf-8")
