"""A user's Keras layer whose weights are not float32 (tests/custom_layer_dtype_cases.py): each weight sized by
the dtype Keras gives it, the layer's policy or its own; a dtype lstmcalc cannot know asked for with --set;
and a layer without compute_output_shape in TimeDistributed refused as Keras refuses it. The totals are real
Keras 3's (tests/oracle/test_custom_layer_dtypes_oracle.py runs every case)."""

from __future__ import annotations

import json

import pytest

from tests.custom_layer_dtype_cases import MIXED_POLICY, MIXED_POLICY_SUMMARY, READ, REFUSED


def _summary(run, tmp_path, code: str, *options: str):
    path = tmp_path / "model.py"
    path.write_text(code)
    return path, run("summary", str(path), *options)


@pytest.mark.parametrize("name", sorted(READ))
def test_each_custom_weight_is_sized_by_its_dtype(run, tmp_path, name: str) -> None:
    case = READ[name]
    _, result = _summary(run, tmp_path, case.code, *(f"--set={value}" for value in case.sets))
    assert result.exit_code == 0, result.stderr
    assert tuple(result.stdout.splitlines()[-3:]) == case.totals


def test_the_whole_summary_is_keras_s(run, tmp_path) -> None:
    # float32 LSTM 576 B; gate (frozen) 40*4 + 4 + 5*4 (int32) + 20*8 (float64) = 344 B; gate_1 416 B.
    _, result = _summary(run, tmp_path, MIXED_POLICY)
    assert result.stdout == MIXED_POLICY_SUMMARY
    _, as_json = _summary(run, tmp_path, MIXED_POLICY, "--format", "json")
    assert json.loads(as_json.stdout)["param_bytes"] == 1336


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_lstmcalc_cannot_size_or_keras_refuses_is_refused(run, tmp_path, name: str) -> None:
    path, result = _summary(run, tmp_path, REFUSED[name].code)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"{path}:{REFUSED[name].message}"


def test_the_unknown_dtype_given_with_set_is_read(run, tmp_path) -> None:
    case = READ["dtype_given_with_set"]
    _, float64 = _summary(run, tmp_path, case.code, "--set", "DT=float64")
    assert float64.stdout.splitlines()[-3] == " Total params: 148 (608.00 B)"  # 144 * 4 + 4 * 8


def test_a_converted_model_keeps_each_weight_s_dtype(run, tmp_path) -> None:
    code = tmp_path / "model.py"
    code.write_text(MIXED_POLICY)
    converted = run("convert", str(code))
    assert converted.exit_code == 0, converted.stderr
    assert "  - name: count\n    shape: [5]\n    trainable: false\n    dtype: int32\n" in converted.stdout
    spec = tmp_path / "model.yaml"
    spec.write_text(converted.stdout)
    assert run("summary", str(spec)).stdout == MIXED_POLICY_SUMMARY


SPEC = (
    "input: {shape: [5, 3]}\nlayers:\n"
    "  - {type: CustomLayer, keras_class: Gate, dtype: float64, weights: [{name: g, shape: [3, 1]}, "
    "{name: s, shape: [4], trainable: false, dtype: DTYPE}], output_shape: [5, 3]}\n"
)


def test_a_spec_gives_a_weight_its_own_dtype(run, tmp_path) -> None:
    path = tmp_path / "gate.yaml"
    path.write_text(SPEC.replace("DTYPE", "int16"))
    assert run("summary", str(path)).stdout.splitlines()[-3:] == [
        " Total params: 7 (32.00 B)",  # 3 float64 numbers (the layer's), 4 of int16
        " Trainable params: 3 (24.00 B)",
        " Non-trainable params: 4 (8.00 B)",
    ]
    path.write_text(SPEC.replace("DTYPE", "bool"))
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0].endswith(
        "error: CustomLayer argument 'weights': expected weight 's' dtype: one of float16, float32, float64, "
        "bfloat16, int8, int16, int32, int64, uint8, uint16, uint32, uint64 (or none: the layer's), got 'bool'"
    )
