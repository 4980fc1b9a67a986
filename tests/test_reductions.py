"""Keras 3's reductions of a tensor (``keras.ops.mean(x, axis=1)``, ``max``, ``min``, ``sum`` of a functional
model's tensor): read from functional code, from the JSON and ``.keras`` Keras 3.15.1 writes, and from a graph spec
(``type: Mean, axis: 1``); their rows, output shapes and names are Keras's, and Keras's own words refuse what Keras
refuses. The tables are Keras 3.15.1's (tests/golden/reductions, from tests/oracle/test_reductions_oracle.py); the
tests of every input (code, JSON, .keras) and of the round trips through convert and export are GetItem's, in
tests/test_get_item.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reduction_cases import CODE, HEADER, REDUCED_IN_A_COMPREHENSION, REFUSED, YAML_SPEC

GOLDEN = ROOT / "tests" / "golden" / "reductions"
FIXTURES = ROOT / "tests" / "fixtures" / "reductions"
LINE_LENGTH = "110"
_SEQUENCE = "inputs = keras.Input(shape=(10, 8))\nx = layers.LSTM(16, return_sequences=True)(inputs)\n"


def _written(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table(run, path: Path, *options: str) -> str:
    result = run("summary", str(path), "--line-length", LINE_LENGTH, *options)
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


def _golden(name: str) -> str:
    return (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


def _refused(run, path: Path) -> str:
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    return str(result.stderr)


def test_a_graph_spec_reduces_with_keras_s_arguments(run, tmp_path: Path) -> None:
    assert _table(run, _written(tmp_path, YAML_SPEC, "model.yaml")) == _golden("lstm_mean_over_time")


def test_the_export_calls_keras_ops_and_names_only_what_keras_would_not(run, tmp_path: Path) -> None:
    exported = run("export", str(_written(tmp_path, CODE["named_operation"])), "--to", "keras").stdout
    assert 'pooled = keras.src.ops.numpy.Mean(axis=1, name="pooled")(lstm)\n' in exported
    assert 'top = keras.src.ops.numpy.Max(axis=(1,), keepdims=True, initial=0.0, name="top")(lstm)\n' in exported
    assert "mean = keras.ops.mean(lstm, axis=2)\n" in exported


def test_the_export_makes_an_operation_called_twice_once(run, tmp_path: Path) -> None:
    exported = run("export", str(_written(tmp_path, CODE["shared_operation"])), "--to", "keras").stdout
    assert 'mean_layer = keras.src.ops.numpy.Mean(axis=1, name="mean")\nmean = mean_layer(lstm)\n' in exported
    assert "mean_node1 = mean_layer(gru)\n" in exported
    assert 'mean_1 = keras.src.ops.numpy.Mean(axis=2, name="mean_1")(lstm)\n' in exported


def test_the_converted_spec_writes_keras_s_arguments(run, tmp_path: Path) -> None:
    converted = run("convert", str(_written(tmp_path, CODE["reductions"]))).stdout
    assert "- {type: Mean, axis: 1, name: mean, inputs: lstm}\n" in converted
    assert "- {type: Min, axis: 1, keepdims: true, initial: 0.5, name: min, inputs: lstm}\n" in converted
    assert "- {type: Sum, name: sum, inputs: lstm}\n" in converted
    assert "  axis: [1, 2]\n" in converted


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_keras_refuses_is_refused_in_keras_s_words(run, tmp_path: Path, name: str) -> None:
    code, message, (line, column) = REFUSED[name]
    path = _written(tmp_path, code)
    stderr = _refused(run, path)
    assert stderr.startswith(f"{path}:{line}:{column}: error: ")
    assert f'Keras: "{message}"' in stderr


def test_an_axis_named_twice_is_refused(run, tmp_path: Path) -> None:
    # Keras's reduce_shape removes an axis written twice twice, a shape no backend computes: lstmcalc refuses it.
    path = _written(tmp_path, HEADER + _SEQUENCE + "model = keras.Model(inputs, ops.sum(x, axis=(1, -2)))\n")
    assert _refused(run, path).startswith(
        f"{path}:6:45: error: layer 'sum' (Sum) reduces an axis of (None, 10, 16) twice: [1, -2] name the same axis"
    )
    path = _written(tmp_path, HEADER + _SEQUENCE + "model = keras.Model(inputs, ops.sum(x, axis=(1, 1)))\n")
    assert _refused(run, path).startswith(f"{path}:6:45: error: Sum argument 'axis': names an axis twice: [1, 1]")


@pytest.mark.parametrize(
    ("call", "column", "message"),
    [
        (
            'ops.mean(x, axis=1, name="m")',
            49,
            "keras.ops.mean has no argument 'name': it takes (x, axis, keepdims) (Python refuses it: unexpected "
            "keyword argument 'name')",
        ),
        ("ops.max(x, 1, True, 0.5, 2)", 29, "keras.ops.max takes (x, axis, keepdims, initial); Python refuses"),
        ("ops.sum(x, 1, x=x)", 29, "keras.ops.sum takes (x, axis, keepdims); Python refuses this call"),
        ("ops.mean(x, axis=1.5)", 46, "Mean argument 'axis': expected an axis (an int), a list of them or null"),
        ("ops.min(x, axis=1, initial='a')", 56, "Min argument 'initial': expected a number or null, got 'a'"),
        ("ops.mean(x, keepdims=1)", 50, "Mean argument 'keepdims': expected true or false, got 1"),
        ("ops.mean(*[x])", 29, "*arguments and **keyword arguments of keras.ops.mean cannot be read"),
    ],
)
def test_a_call_keras_s_functions_do_not_take_is_refused_where_it_is(
    run, tmp_path: Path, call: str, column: int, message: str
) -> None:
    path = _written(tmp_path, HEADER + _SEQUENCE + f"model = keras.Model(inputs, {call})\n")
    assert _refused(run, path).startswith(f"{path}:6:{column}: error: {message}")


def test_an_axis_the_code_cannot_give_is_asked_for(run, tmp_path: Path) -> None:
    code = CODE["lstm_mean_over_time"].replace("keras.ops.mean(x, axis=1)", "keras.ops.mean(x, axis=int(sys.argv[1]))")
    path = _written(tmp_path, "import sys\n" + code)
    assert _refused(run, path) == (
        f"{path}:7:37: error: cannot evaluate 'sys.argv[1]' (Mean's axis) without running the code; give its value "
        "with --set 'sys.argv[1]=VALUE'\n"
    )
    assert _table(run, path, "--set", "sys.argv[1]=1") == _golden("lstm_mean_over_time")


def test_a_reduction_named_after_reductions_in_a_comprehension_is_refused(run, tmp_path: Path) -> None:
    path = _written(tmp_path, REDUCED_IN_A_COMPREHENSION)
    assert _refused(run, path).startswith(
        f"{path}:7:5: error: cannot tell the name Keras gives this Mean: the code makes Mean layers in a "
        "comprehension or lambda (line 6) before it"
    )


@pytest.mark.parametrize("call", ["ops.mean([x, x], axis=0)", "ops.mean(layers.LSTM(3, return_state=True)(x))"])
def test_a_list_of_tensors_is_not_followed(run, tmp_path: Path, call: str) -> None:
    path = _written(tmp_path, HEADER + _SEQUENCE + f"model = keras.Model(inputs, {call})\n")
    assert f"cannot follow the tensor {call!r}" in _refused(run, path)


@pytest.mark.parametrize("call", ["max(x, 1)", "numpy.mean(x, axis=1)", "np.sum(x)"])
def test_python_s_and_numpy_s_functions_are_no_keras_operation(run, tmp_path: Path, call: str) -> None:
    code = "import numpy\nimport numpy as np\n" + HEADER + _SEQUENCE + f"model = keras.Model(inputs, {call})\n"
    assert f"cannot follow the tensor {call!r}" in _refused(run, _written(tmp_path, code))


def test_keras_s_metric_mean_is_no_operation(run, tmp_path: Path) -> None:
    # keras.metrics.Mean shares the operation's class name; made in the code, it takes no name from Mean's counter.
    code = CODE["lstm_mean_over_time"].replace("pooled =", 'tracker = keras.metrics.Mean(name="loss")\npooled =')
    assert _table(run, _written(tmp_path, code)) == _golden("lstm_mean_over_time")


def test_a_plain_stack_cannot_hold_it(run, tmp_path: Path) -> None:
    spec = "input: {shape: [10, 8]}\nlayers:\n  - {type: LSTM, units: 16, return_sequences: true}\n"
    spec += "  - {type: Mean, axis: 1}\n  - {type: Dense, units: 3}\n"
    path = _written(tmp_path, spec, "model.yaml")
    stderr = _refused(run, path)
    assert stderr.startswith(f"{path}:4:12: error: Mean in a plain 'layers:' list (a Sequential model): ")
    assert "is Keras's reduction of a tensor (keras.ops.mean(x, axis=1)), an operation on a tensor" in stderr


def test_a_wrapper_cannot_hold_it(run, tmp_path: Path) -> None:
    spec = "inputs: {x: {shape: [10, 8]}}\nlayers:\n  - type: TimeDistributed\n    inputs: x\n"
    spec += "    layer: {type: Max, axis: -1}\n"
    stderr = _refused(run, _written(tmp_path, spec, "model.yaml"))
    assert ":5:19: error: Max in TimeDistributed's layer: it is Keras's reduction of a tensor (keras.ops.max" in stderr


@pytest.mark.parametrize(
    ("arguments", "shape"),
    [  # the shapes Keras 3.15.1 gives these reductions of x (None, 10, 16) (tests/golden/reductions)
        ("axis: 1", [None, 16]),
        ("axis: [1, 2], keepdims: true", [None, 1, 1]),
        ("axis: -1", [None, 10]),
        ("axis: 0", [10, 16]),
        ("axis: [-1, 0]", [10]),
        ("axis: null", []),
        ("keepdims: true", [1, 1, 1]),
        ("axis: []", [None, 10, 16]),
    ],
)
def test_a_graph_spec_s_axes_give_keras_s_shape(run, tmp_path: Path, arguments: str, shape: list[int | None]) -> None:
    spec = YAML_SPEC.replace("axis: 1", arguments).replace("outputs: [dense]", "outputs: [mean]")
    spec = spec.replace("  - {name: dense, type: Dense, units: 3, inputs: mean}\n", "")
    result = run("summary", str(_written(tmp_path, spec, "model.yaml")), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["layers"][-1]["output_shape"] == shape


def test_a_graph_spec_s_axis_out_of_bounds_is_refused_in_keras_s_words(run, tmp_path: Path) -> None:
    path = _written(tmp_path, YAML_SPEC.replace("axis: 1", "axis: 3"), "model.yaml")
    stderr = _refused(run, path)
    assert stderr.startswith(f"{path}:6:36: error: ")
    assert 'Keras: "axis 3 is out of bounds for an array with dimension 3."' in stderr


@pytest.mark.parametrize("kind", ["Mean", "Max", "Min", "Sum"])
def test_the_json_summary_gives_its_row_no_weights(run, tmp_path: Path, kind: str) -> None:
    spec = YAML_SPEC.replace("name: mean, type: Mean", f"name: mean, type: {kind}")
    result = run("summary", str(_written(tmp_path, spec, "model.yaml")), "--format", "json")
    row = next(layer for layer in json.loads(result.stdout)["layers"] if layer["type"] == kind)
    assert (row["name"], row["output_shape"], row["params"], row["weights"]) == ("mean", [None, 16], 0, [])
