"""MultiHeadAttention given its tensors by keyword, in Keras code, Keras files and graph specs: Keras lists a
call's keyword tensors after its positional ones, sorted by name, in Connected to and so in the order of the
input rows. The tables are Keras 3.15.1's own (tests/golden/mha_keywords, from
tests/oracle/test_mha_keyword_calls_oracle.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.mha_keyword_cases import CODE, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "mha_keywords"
LINE_LENGTH = "110"

#: The every_tensor_by_keyword model as a graph spec, its tensors given by name.
BY_NAME_SPEC = """\
name: functional
inputs:
  decoded: {shape: [6, 8]}
  memory: {shape: [9, 8]}
  keys: {shape: [9, 4]}
layers:
  - {type: MultiHeadAttention, num_heads: 2, key_dim: 4, query: decoded, value: memory, key: keys}
  - {type: Dense, units: 3}
"""


def _table(run, path: Path, *arguments: str) -> str:
    result = run("summary", str(path), "--line-length", LINE_LENGTH, *arguments)
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_code_is_connected_as_keras_lists_the_call(run, tmp_path: Path, name: str) -> None:
    path = tmp_path / "model.py"
    path.write_text(CODE[name], encoding="utf-8")
    assert _table(run, path) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_converted_graph_spec_keeps_the_keywords(run, tmp_path: Path, name: str) -> None:
    code = tmp_path / "model.py"
    code.write_text(CODE[name], encoding="utf-8")
    converted = run("convert", str(code))
    assert converted.exit_code == 0
    spec = tmp_path / "model.yaml"
    spec.write_text(converted.stdout, encoding="utf-8")
    assert _table(run, spec) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


def test_a_graph_spec_gives_tensors_by_name(run, tmp_path: Path) -> None:
    spec = tmp_path / "model.yaml"
    spec.write_text(BY_NAME_SPEC, encoding="utf-8")
    assert _table(run, spec) == (GOLDEN / "every_tensor_by_keyword.table.out").read_text(encoding="utf-8")


def test_the_keras_file_is_connected_as_keras_lists_the_call(run) -> None:
    connected = [
        line.split("│")[4].strip()
        for line in _table(run, ROOT / "tests" / "fixtures" / "keras" / "cross_attention_by_keyword.json").splitlines()
        if line.count("│") == 5 and line.split("│")[4].strip()
    ]
    assert connected[:6] == [
        "-",
        "-",
        "-",
        "keys[0][0], decoded[0][0],",
        "memory[0][0]",
        "multi_head_attention[0][0…",
    ]


def test_export_writes_the_keywords_back(run, tmp_path: Path) -> None:
    code = tmp_path / "model.py"
    code.write_text(CODE["the_query_by_position"], encoding="utf-8")
    exported = run("export", str(code), "--to", "keras")
    assert exported.exit_code == 0
    assert "    decoded, value=memory, key=keys\n)" in exported.stdout


def _assert_refused(run, path: Path, text: str, where: str, message: str) -> None:
    path.write_text(text, encoding="utf-8")
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_call_python_refuses_is_refused(run, tmp_path: Path, name: str) -> None:
    code, where, message = REFUSED[name]
    _assert_refused(run, tmp_path / "model.py", code, where, message)


def _spec_with(entry: str, *more: str) -> str:
    return (
        "inputs:\n  q: {shape: [6, 8]}\n  v: {shape: [9, 8]}\nlayers:\n"
        f"  - {{type: MultiHeadAttention, num_heads: 2, key_dim: 4, {entry}}}\n" + "".join(f"  - {m}\n" for m in more)
    )


GRAPH_REFUSALS = {
    "given_twice": (
        _spec_with("inputs: [q, v], value: v"),
        "5:74",
        "'value' is given twice, by position in 'inputs' and by name (Python refuses such a call: got multiple "
        "values for argument 'value')",
    ),
    "a_key_without_a_value": (
        _spec_with("query: q, key: v"),
        "5:68",
        "MultiHeadAttention is given its 'key' but not its 'value'; give 'value' too (Python refuses such a call: "
        "missing argument 'value')",
    ),
    "a_list_for_one_parameter": (
        _spec_with("query: q, value: [q, v]"),
        "5:75",
        "'value' takes one tensor",
    ),
    "a_keyword_in_a_stack": (
        "input: {shape: [6, 8]}\nlayers:\n  - {type: MultiHeadAttention, num_heads: 2, key_dim: 4, value: x}\n",
        "3:58",
        "'value' connects layers in a graph spec; name the model's inputs in a top-level 'inputs:' mapping to use "
        "it (in a plain 'layers:' list each layer takes the previous one)",
    ),
    "a_keyword_on_a_wrapped_layer": (
        "inputs:\n  q: {shape: [6, 8]}\nlayers:\n"
        "  - {type: TimeDistributed, layer: {type: MultiHeadAttention, num_heads: 2, key_dim: 4, value: q}}\n",
        "4:89",
        "MultiHeadAttention has no argument 'value' (did you mean 'value_dim'?)",
    ),
}


@pytest.mark.parametrize("name", sorted(GRAPH_REFUSALS))
def test_a_graph_spec_call_python_refuses_is_refused(run, tmp_path: Path, name: str) -> None:
    text, where, message = GRAPH_REFUSALS[name]
    _assert_refused(run, tmp_path / "model.yaml", text, where, message)


def test_a_shared_layer_takes_its_tensors_by_name_too(run, tmp_path: Path) -> None:
    spec = tmp_path / "model.yaml"
    spec.write_text(
        _spec_with(
            "name: attention, inputs: [q, v]", "{shares: attention, name: again, query: attention, value: q, key: q}"
        ),
        encoding="utf-8",
    )
    rows = run("summary", str(spec), "--format", "json")
    assert rows.exit_code == 0, rows.stderr
    inbound = ["q[0][0]", "v[0][0]", "q[0][0]", "attention[0][0]", "q[0][0]"]
    # The first call's tensors, then the second's, its key first.
    assert json.loads(rows.stdout)["layers"][2]["inbound"] == inbound


def test_under_pytorch_a_torch_module_takes_torchs_names(run, tmp_path: Path) -> None:
    spec = tmp_path / "model.yaml"
    spec.write_text(
        "framework: pytorch\ninputs:\n  q: {shape: [6, 8]}\n  kv: {shape: [9, 8]}\nlayers:\n"
        "  - {type: MultiheadAttention, embed_dim: 8, num_heads: 2, batch_first: true, query: q, key: kv, value: kv}\n",
        encoding="utf-8",
    )
    result = run("summary", str(spec))
    assert result.exit_code == 0, result.stderr
    assert "├─MultiheadAttention: 1-1                [1, 6, 8]                 288" in result.stdout
