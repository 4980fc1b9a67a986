"""A Sequential model used as a layer of a Keras functional model, read from model JSON and ``.keras`` archives
(tests/keras_nested_json_cases.py): one row, as Keras 3's summary of the loaded model shows it (the tables are
Keras 3.15.1's own, tests/golden/keras_nested_json; tests/oracle/test_keras_nested_json_oracle.py holds them to a
live Keras). What lstmcalc does not read inside such a model is refused where the file writes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.keras_nested_json_cases import CASES, LINE_LENGTH, REFUSED

FIXTURES = ROOT / "tests" / "fixtures" / "keras" / "nested"
GOLDEN = ROOT / "tests" / "golden" / "keras_nested_json"
FILES = sorted(
    f"{name}{suffix}" for name, (_, archive) in CASES.items() for suffix in (".json", ".keras")[: 1 + archive]
)


@pytest.mark.parametrize("file", FILES)
def test_the_summary_is_keras_summary_of_the_loaded_model(run, file: str) -> None:
    result = run("summary", str(FIXTURES / file), "--line-length", LINE_LENGTH)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (GOLDEN / f"{Path(file).stem}.table.out").read_text(encoding="utf-8")


def _document(run, name: str) -> dict:
    return _document_of(run, FIXTURES / f"{name}.json")


def _document_of(run, path: Path) -> dict:
    result = run("summary", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("name", "row", "totals"),
    [
        # Keras 3.15.1: encoder (Sequential) (None, 8) 384; Total 402, all trainable.
        ("built_on_its_input", ("encoder", "Sequential", [None, 8], 384, 384), (402, 402, 0)),
        # called twice, counted once: Total 384
        ("called_twice", ("encoder", "Sequential", [None, 8], 384, 384), (384, 384, 0)),
        # encoder.trainable = False: Total 425, Trainable 5, Non-trainable 420
        ("frozen", ("encoder", "Sequential", [None, 4], 420, 0), (425, 5, 420)),
        # the Dense inside frozen (36 weights): Trainable 389, Non-trainable 36
        ("one_inner_layer_frozen", ("encoder", "Sequential", [None, 4], 420, 384), (425, 389, 36)),
        # Sequential(..., trainable=False): the loaded model's layers are trainable, as Keras counts them
        ("trainable_false_given_to_the_constructor", ("encoder", "Sequential", [None, 2], 402, 402), (402, 402, 0)),
        # the last call's shape, (None, None, 2), and the weights built on (None, 10, 3)
        ("called_on_a_fixed_then_a_free_length", ("encoder", "Sequential", [None, None, 2], 402, 402), (402, 402, 0)),
    ],
)
def test_the_json_document_has_the_nested_row_and_keras_totals(
    run, name: str, row: tuple, totals: tuple[int, int, int]
) -> None:
    document = _document(run, name)
    nested = next(layer for layer in document["layers"] if layer["type"] == "Sequential")
    assert (
        nested["name"],
        nested["type"],
        nested["output_shape"],
        nested["params"],
        nested["trainable_params"],
    ) == row
    assert (document["total_params"], document["trainable_params"], document["non_trainable_params"]) == totals


def test_the_nested_row_lists_every_inner_weight(run) -> None:
    nested = _document(run, "frozen")["layers"][1]
    assert [(weight["name"], weight["shape"], weight["trainable"]) for weight in nested["weights"]] == [
        ("lstm/kernel", [3, 32], False),
        ("lstm/recurrent_kernel", [8, 32], False),
        ("lstm/bias", [32], False),
        ("dense/kernel", [8, 4], False),
        ("dense/bias", [4], False),
    ]


def test_inner_dtypes_size_the_bytes_as_keras_does(run) -> None:
    # Keras 3.15.1: Total params: 405 (3.08 KB): the LSTM's 384 weights in float64, the Dense's 18 in float32.
    document = _document(run, "inner_dtypes")
    assert (document["total_params"], document["param_bytes"]) == (405, 384 * 8 + 18 * 4 + 3 * 4)


def test_a_keras2_functional_model_reads_its_nested_sequential_model(run) -> None:
    """tf.keras 2.x writes the nested model's InputLayer with batch_input_shape; its Dense saved frozen. Keras 3's
    legacy loader prints Total 425, Trainable 389, Non-trainable 36 (tests/oracle/test_interop_oracle.py)."""
    document = _document_of(run, ROOT / "tests" / "fixtures" / "keras" / "keras2_nested_sequential.json")
    assert [(layer["name"], layer["output_shape"], layer["params"]) for layer in document["layers"]] == [
        ("input_1", [None, 5, 3], 0),
        ("encoder", [None, 4], 420),
        ("dense_1", [None, 1], 5),
    ]
    assert (document["total_params"], document["trainable_params"], document["non_trainable_params"]) == (425, 389, 36)


@pytest.mark.parametrize("name", sorted(CASES))
def test_convert_writes_a_spec_that_summarises_the_same(run, tmp_path: Path, name: str) -> None:
    """convert goes through the same spec: the nested model is a Sequential entry of the graph spec."""
    converted = run("convert", str(FIXTURES / f"{name}.json"))
    assert converted.exit_code == 0, converted.stderr
    spec = yaml.safe_load(converted.stdout)
    assert [entry["type"] for entry in spec["layers"] if "layers" in entry] == ["Sequential"]
    path = tmp_path / f"{name}.yaml"
    path.write_text(converted.stdout, encoding="utf-8")
    again = run("summary", str(path), "--line-length", LINE_LENGTH)
    assert again.stdout == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


def test_the_converted_spec_validates(run) -> None:
    from tests.test_schema import _errors

    for name in sorted(CASES):
        assert _errors(run("convert", str(FIXTURES / f"{name}.json")).stdout) == [], name


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_export_refuses_the_nested_model_where_it_is_written(run, framework: str) -> None:
    path = FIXTURES / "built_on_its_input.json"
    result = run("export", str(path), "--to", framework)
    assert (result.exit_code, result.stdout) == (2, "")
    # export --to keras refuses the layer where its config starts, the PyTorch convention at its class_name
    column = _column(path, "Sequential", "encoder", at_class_name=framework == "pytorch")
    assert result.stderr.startswith(f"{path}:1:{column}: error: ")
    assert ("export --to keras does not write" if framework == "keras" else "no torch.nn counterpart") in result.stderr


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_lstmcalc_does_not_read_is_refused_where_it_is_written(run, name: str) -> None:
    _, message, where = REFUSED[name]
    path = FIXTURES / f"{name}.json"
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    class_name, layer = where
    # an inner layer's own refusal (a mask it makes) is placed where its config starts
    column = _column(path, class_name, layer, at_class_name=name != "mask_made_inside")
    assert result.stderr.startswith(f"{path}:1:{column}: error: {message}")


def _column(path: Path, class_name: str, layer: str, at_class_name: bool = True) -> int:
    """The column of the ``class_name`` of the layer config named ``layer`` in a one-line Keras JSON file, or
    of the brace that starts that config."""
    text = path.read_text(encoding="utf-8")
    marker = f'"class_name": "{class_name}", "config": {{"name": "{layer}"'
    assert text.count(marker) == 1, marker
    if at_class_name:
        return text.index(marker) + len('"class_name": ') + 1
    return text.rindex('{"module": ', 0, text.index(marker)) + 1


def test_expand_nested_is_refused_over_a_nested_sequential_model(run) -> None:
    """Keras's expand_nested draws a row for each layer inside (└ lstm (LSTM)), which lstmcalc does not draw."""
    result = run("summary", str(FIXTURES / "frozen.keras"), "--expand-nested")
    assert result.exit_code == 2
    assert "--expand-nested: Keras draws a row for each layer inside the nested model 'encoder'" in result.stderr
