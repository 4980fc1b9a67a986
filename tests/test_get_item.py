"""Keras 3's GetItem (``x[:, -1, :]`` on a tensor of a functional model): read from functional code, from the
JSON and ``.keras`` Keras 3.15.1 writes, and from a graph spec (``type: GetItem, key: "[:, -1, :]"``); its row,
output shape and name are Keras's, and Keras's own words refuse what Keras refuses. The tables are Keras
3.15.1's (tests/golden/get_item, from tests/oracle/test_get_item_oracle.py). The tests of every input and of the
round trips through convert and export run for the reductions too (tests/reduction_cases.py, tests/golden/reductions):
Keras's operations on a tensor are read alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_calc.layers.get_item import GetItem, key_text, parse_key
from tests import get_item_cases, reduction_cases
from tests.conftest import ROOT
from tests.get_item_cases import CODE, REFUSED, SLICED_IN_A_COMPREHENSION, YAML_SPEC

GOLDEN = ROOT / "tests" / "golden" / "get_item"
FIXTURES = ROOT / "tests" / "fixtures" / "get_item"
LINE_LENGTH = "110"
#: Keras's operations on a tensor whose cases the tests of every input read: each one's directory under
#: tests/golden and tests/fixtures, and its module of cases (CODE, SAVED_CASES).
OPERATIONS = {"get_item": get_item_cases, "reductions": reduction_cases}
CODE_CASES = [(kind, name) for kind, cases in OPERATIONS.items() for name in sorted(cases.CODE)]
SAVED = [(kind, name) for kind, cases in OPERATIONS.items() for name in cases.SAVED_CASES]


def _written(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table(run, path: Path, *options: str) -> str:
    result = run("summary", str(path), "--line-length", LINE_LENGTH, *options)
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


def _golden(name: str, kind: str = "get_item") -> str:
    return (ROOT / "tests" / "golden" / kind / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize(("kind", "name"), CODE_CASES)
def test_keras_code_is_summarised_as_keras_summarises_it(run, tmp_path: Path, kind: str, name: str) -> None:
    assert _table(run, _written(tmp_path, OPERATIONS[kind].CODE[name])) == _golden(name, kind)


@pytest.mark.parametrize("suffix", ["json", "keras"])
@pytest.mark.parametrize(("kind", "name"), SAVED)
def test_what_keras_saves_is_summarised_as_keras_summarises_it(run, kind: str, name: str, suffix: str) -> None:
    assert _table(run, ROOT / "tests" / "fixtures" / kind / f"{name}.{suffix}") == _golden(name, kind)


def test_a_graph_spec_slices_with_python_s_subscript(run, tmp_path: Path) -> None:
    assert _table(run, _written(tmp_path, YAML_SPEC, "model.yaml")) == _golden("lstm_last_step")


def _round_trips(run, tmp_path: Path, source: Path, golden: str) -> None:
    """The graph spec ``lstmcalc convert`` writes for ``source``, and the Keras code ``export`` writes, give the
    table ``golden``."""
    converted = run("convert", str(source))
    exported = run("export", str(source), "--to", "keras")
    assert (converted.exit_code, exported.exit_code) == (0, 0)
    assert _table(run, _written(tmp_path, converted.stdout, "model.yaml")) == golden
    assert _table(run, _written(tmp_path, exported.stdout, "exported.py")) == golden


@pytest.mark.parametrize(("kind", "name"), CODE_CASES)
def test_the_converted_graph_spec_and_the_exported_code_keep_the_table(
    run, tmp_path: Path, kind: str, name: str
) -> None:
    source = _written(tmp_path, OPERATIONS[kind].CODE[name])
    _round_trips(run, tmp_path, source, _golden(name, kind))


@pytest.mark.parametrize(("kind", "name"), SAVED)
def test_a_saved_model_converts_and_exports_to_the_same_table(run, tmp_path: Path, kind: str, name: str) -> None:
    _round_trips(run, tmp_path, ROOT / "tests" / "fixtures" / kind / f"{name}.keras", _golden(name, kind))


def test_the_export_slices_with_python_s_subscript_and_names_only_what_keras_would_not(run, tmp_path: Path) -> None:
    exported = run("export", str(_written(tmp_path, CODE["named_operation"])), "--to", "keras").stdout
    assert 'last = keras.src.ops.numpy.GetItem(name="last")(lstm, (slice(None, None, None), -1, ' in exported
    assert "get_item = lstm[:, 0]\n" in exported


def test_the_converted_spec_writes_the_key_as_python_s_subscript(run, tmp_path: Path) -> None:
    converted = run("convert", str(_written(tmp_path, CODE["keys"]))).stdout
    for key in ("[:, -1]", "[..., 0]", "[:, None, :]", "[:, 2:8:2]", "[-1]", "[:, 9]", "[1:3, ..., None]", "[:, ::-3]"):
        assert f"key: '{key}'" in converted


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_keras_refuses_is_refused_in_keras_s_words(run, tmp_path: Path, name: str) -> None:
    code, message, (line, column) = REFUSED[name]
    path = _written(tmp_path, code)
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:{line}:{column}: error: ")
    assert f'Keras: "{message}"' in result.stderr


def test_an_index_the_code_cannot_give_is_asked_for(run, tmp_path: Path) -> None:
    code = CODE["lstm_last_step"].replace("last = x[:, -1, :]", "last = x[:, int(sys.argv[1]) - 1, :]")
    path = _written(tmp_path, "import sys\n" + code)
    refused = run("summary", str(path))
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"{path}:7:17: error: cannot evaluate 'sys.argv[1]' (an index of the tensor) without running the code; "
        "give its value with --set 'sys.argv[1]=VALUE'\n"
    )
    assert _table(run, path, "--set", "sys.argv[1]=10") == _golden("lstm_last_step")


def test_a_slice_named_after_slices_in_a_comprehension_is_refused(run, tmp_path: Path) -> None:
    path = _written(tmp_path, SLICED_IN_A_COMPREHENSION)
    result = run("summary", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{path}:7:5: error: cannot tell the name Keras gives this GetItem: the code makes GetItem layers in a "
        "comprehension or lambda (line 6) before it"
    )


def test_a_tensor_as_an_index_is_not_followed(run, tmp_path: Path) -> None:
    path = _written(tmp_path, CODE["lstm_last_step"].replace("x[:, -1, :]", "x[:, inputs]"))
    result = run("summary", str(path))
    assert result.exit_code == 2
    assert "cannot follow the tensor 'x[:, inputs]'" in result.stderr


def test_a_plain_stack_cannot_hold_it(run, tmp_path: Path) -> None:
    spec = "input: {shape: [10, 8]}\nlayers:\n  - {type: LSTM, units: 16, return_sequences: true}\n"
    spec += '  - {type: GetItem, key: "[:, -1, :]"}\n  - {type: Dense, units: 3}\n'
    path = _written(tmp_path, spec, "model.yaml")
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:4:12: error: GetItem in a plain 'layers:' list (a Sequential model): ")
    assert "an operation on a tensor, not a layer: only a functional model holds it" in result.stderr


def test_a_wrapper_cannot_hold_it(run, tmp_path: Path) -> None:
    spec = "inputs: {x: {shape: [10, 8]}}\nlayers:\n  - type: TimeDistributed\n    inputs: x\n"
    spec += '    layer: {type: GetItem, key: "[0]"}\n'
    result = run("summary", str(_written(tmp_path, spec, "model.yaml")))
    assert result.exit_code == 2
    assert ":5:19: error: GetItem in TimeDistributed's layer: it is Keras's tensor slicing" in result.stderr


@pytest.mark.parametrize(
    ("key", "shape"),
    [  # the shapes Keras 3.15.1 gives these keys of x (None, 10, 16) (tests/golden/get_item/keys.table.out)
        ("-1", [10, 16]),
        ("0", [10, 16]),
        ('"[..., 0]"', [None, 10]),
        ('":, None, :"', [None, 1, 10, 16]),
        ('"[:, 2:8:2]"', [None, 3, 16]),
        ('"[1:3, ..., None]"', [None, 10, 16, 1]),
        ('"[:, ::-3]"', [None, 4, 16]),
    ],
)
def test_a_graph_spec_s_key_gives_keras_s_shape(run, tmp_path: Path, key: str, shape: list[int | None]) -> None:
    spec = YAML_SPEC.replace('"[:, -1, :]"', key).replace("outputs: [dense]", "outputs: [get_item]")
    spec = spec.replace("  - {name: dense, type: Dense, units: 3, inputs: get_item}\n", "")
    result = run("summary", str(_written(tmp_path, spec, "model.yaml")), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["layers"][-1]["output_shape"] == shape


def test_the_json_summary_gives_its_row_no_weights(run, tmp_path: Path) -> None:
    result = run("summary", str(_written(tmp_path, YAML_SPEC, "model.yaml")), "--format", "json")
    row = next(layer for layer in json.loads(result.stdout)["layers"] if layer["type"] == "GetItem")
    assert (row["name"], row["output_shape"], row["params"], row["weights"]) == ("get_item", [None, 16], 0, [])


@pytest.mark.parametrize(
    ("text", "items", "single", "canonical"),
    [
        ("[:, -1, :]", (slice(None), -1, slice(None)), False, "[:, -1, :]"),
        (":, -1", (slice(None), -1), False, "[:, -1]"),
        ("[0]", (0,), True, "[0]"),
        ("[0,]", (0,), False, "[0,]"),
        ("[..., None, 1:]", (Ellipsis, None, slice(1, None)), False, "[..., None, 1:]"),
        ("[::-2]", (slice(None, None, -2),), True, "[::-2]"),
    ],
)
def test_a_key_reads_and_writes_as_python_s_subscript(
    text: str, items: tuple[object, ...], single: bool, canonical: str
) -> None:
    assert parse_key(text) == (items, single)
    assert key_text(items, single) == canonical


@pytest.mark.parametrize("key", ["[x]", "[1.5]", "[[0, 1]]", "[:, 'a']", "[True]", "[0", "[0] + x[1]", "[0]\u0000", ""])
def test_a_key_other_than_ints_slices_none_and_ellipsis_is_refused(run, tmp_path: Path, key: str) -> None:
    spec = YAML_SPEC.replace('"[:, -1, :]"', json.dumps(key))
    result = run("summary", str(_written(tmp_path, spec, "model.yaml")))
    assert result.exit_code == 2
    assert "GetItem argument 'key': " in result.stderr


def test_a_saved_key_reads_as_keras_writes_it() -> None:
    whole = {"class_name": "__slice__", "config": {"start": None, "stop": None, "step": None}}
    stepped = {"class_name": "__slice__", "config": {"start": 2, "stop": 8, "step": 2}}
    ellipsis = {"class_name": "__ellipsis__", "config": {}}
    assert GetItem.keras_call_constant("key", [whole, -1, whole]) == "[:, -1, :]"
    assert GetItem.keras_call_constant("key", [ellipsis, None, stepped]) == "[..., None, 2:8:2]"
    assert GetItem.keras_call_constant("key", 0) == "[0]"
    with pytest.raises(ValueError, match="is no index"):
        GetItem.keras_call_constant("key", [{"class_name": "__tensor__"}])
