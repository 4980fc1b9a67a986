"""Gaps found in lstmcalc's PyTorch code reader (tests/torch_gaps_a_cases.py), each held to what torch 2.13 and
torchinfo 1.8 give (tests/oracle/test_torch_gaps_a_oracle.py checks the pinned figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lstm_calc.cli import main
from tests.code_summaries import read_summary, summarize_code
from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.torch_gaps_a_cases import (
    ACTIVATION_HELD_AFTER,
    FORWARD_TENSOR_SETS_READ,
    FORWARD_TENSOR_SETS_REFUSED,
    ISINSTANCE_READ,
    ISINSTANCE_REFUSED,
    MODULE_DICTS_ASKED,
    MODULE_DICTS_READ,
    MODULE_DICTS_REFUSED,
    NOT_A_TYPE,
    TIED_FROZEN,
    TIED_FROZEN_COUNTS,
    TORCH_NN_IMPORTS,
    TRANSFORMER_ACTIVATIONS,
    TRANSFORMER_ACTIVATIONS_REFUSED,
)

GOLDEN = ROOT / "tests" / "golden" / "torch_gaps_a"


def _check(tmp_path: Path, code: str, *arguments: str) -> tuple[Path, Result]:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    return path, CliRunner().invoke(main, ["check", str(path), *arguments])


def test_check_counts_a_tied_parameter_once_as_torch_s_parameters_does(tmp_path: Path) -> None:
    _, result = _check(tmp_path, TIED_FROZEN, "--format", "json")
    assert result.exit_code == 0, result.stderr
    spec = json.loads(result.stdout)["specs"][0]
    counts = TIED_FROZEN_COUNTS
    assert (spec["total_params"], spec["trainable_params"], spec["param_bytes"]) == (
        counts["parameters"],
        counts["trainable"],
        counts["bytes"],
    )


def test_a_budget_of_torch_s_count_is_met_and_one_less_is_not(tmp_path: Path) -> None:
    count = TIED_FROZEN_COUNTS["parameters"]
    path, result = _check(tmp_path, TIED_FROZEN, "--max-params", str(count))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert f"LM      {count:,}   {count:,}  100.0%" in result.stdout
    path, result = _check(tmp_path, TIED_FROZEN, "--max-params", str(count - 1), "--quiet")
    assert result.exit_code == 1
    assert f"{path}: error: the model has {count:,} params, over --max-params {count - 1:,} (100.0%)" in result.stdout


def test_summary_s_totals_stay_torchinfo_s_with_torch_s_count_in_its_note(tmp_path: Path) -> None:
    summary = read_summary(tmp_path, TIED_FROZEN)
    counts = TIED_FROZEN_COUNTS
    assert (summary["total_params"], summary["trainable_params"], summary["param_bytes"]) == (
        counts["torchinfo_total"],
        counts["torchinfo_trainable"],
        counts["torchinfo_bytes"],
    )
    assert f"torch's parameters() counts {counts['parameters']:,} in all" in summary["notes"][-1]


@pytest.mark.parametrize("name", sorted(ISINSTANCE_REFUSED))
def test_isinstance_of_what_is_no_class_is_refused_in_python_s_words(tmp_path: Path, name: str) -> None:
    code, shapes, where = ISINSTANCE_REFUSED[name]
    for given in (["--input-shape", ",".join(map(str, shape))] for shape in shapes):
        path, result = summarize_code(tmp_path, code, *given)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"{path}:{where}: error: Python refuses this call (TypeError: {NOT_A_TYPE})\n"


@pytest.mark.parametrize("name", sorted(ISINSTANCE_READ))
def test_isinstance_stops_at_the_class_that_matches(tmp_path: Path, name: str) -> None:
    code, shapes, output = ISINSTANCE_READ[name]
    given = [part for shape in shapes for part in ("--input-shape", ",".join(map(str, shape)))]
    summary = read_summary(tmp_path, code, *given)
    assert summary["layers"][-1]["output_shape"] == list(output)
    assert "notes" not in summary


@pytest.mark.parametrize("name", sorted(MODULE_DICTS_READ))
def test_a_module_level_dict_unpacked_into_a_new_one_is_read(tmp_path: Path, name: str) -> None:
    code, parameters = MODULE_DICTS_READ[name]
    assert read_summary(tmp_path, code)["total_params"] == parameters


@pytest.mark.parametrize("name", sorted(MODULE_DICTS_REFUSED))
def test_a_dict_call_given_a_keyword_twice_is_refused_as_python_refuses_it(tmp_path: Path, name: str) -> None:
    code, where, message = MODULE_DICTS_REFUSED[name]
    path, result = summarize_code(tmp_path, code)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted(MODULE_DICTS_ASKED))
def test_a_dict_sharing_a_list_with_the_one_unpacked_is_still_asked_for(tmp_path: Path, name: str) -> None:
    code, where, message = MODULE_DICTS_ASKED[name]
    path, result = summarize_code(tmp_path, code)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted([*TORCH_NN_IMPORTS, *TRANSFORMER_ACTIVATIONS]))
def test_the_table_is_torchinfo_s(tmp_path: Path, name: str) -> None:
    code, shapes = {**TORCH_NN_IMPORTS, **TRANSFORMER_ACTIVATIONS}[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    given = [part for shape in shapes for part in ("--input-shape", ",".join(map(str, shape)))]
    result = CliRunner().invoke(main, ["summary", str(path), *given])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(TRANSFORMER_ACTIVATIONS_REFUSED))
def test_an_activation_module_not_applied_to_each_element_is_refused_at_it(tmp_path: Path, name: str) -> None:
    code, where, message, _ = TRANSFORMER_ACTIVATIONS_REFUSED[name]
    path, result = summarize_code(tmp_path, code, "--input-shape", "2,5,16")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


def test_an_activation_module_held_again_after_its_layer_is_refused(tmp_path: Path) -> None:
    code, where, message = ACTIVATION_HELD_AFTER
    path, result = summarize_code(tmp_path, code, "--input-shape", "2,5,16")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted(FORWARD_TENSOR_SETS_REFUSED))
def test_a_set_of_a_tensor_forward_takes_is_refused_pointing_to_input_shape(tmp_path: Path, name: str) -> None:
    code, arguments, where, message = FORWARD_TENSOR_SETS_REFUSED[name]
    path, result = summarize_code(tmp_path, code, *arguments)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted(FORWARD_TENSOR_SETS_READ))
def test_a_set_of_the_model_s_argument_leaves_forward_s_tensor_of_its_name(tmp_path: Path, name: str) -> None:
    code, arguments, parameters, output = FORWARD_TENSOR_SETS_READ[name]
    summary = read_summary(tmp_path, code, *arguments)
    assert (summary["total_params"], summary["layers"][0]["output_shape"]) == (parameters, list(output))
    assert "notes" not in summary


def test_a_spec_gives_a_transformer_layer_an_activation_module_and_export_writes_it(tmp_path: Path) -> None:
    spec = tmp_path / "model.yaml"
    spec.write_text(
        "name: tr\nframework: pytorch\ninput:\n  shape: [5, 16]\nlayers:\n"
        "  - {type: TransformerEncoderLayer, d_model: 16, nhead: 4, dim_feedforward: 32, activation: {type: GELU}}\n",
        encoding="utf-8",
    )
    summary = CliRunner().invoke(main, ["summary", str(spec)])
    assert summary.exit_code == 0, summary.stderr
    assert "│    └─GELU: 2-5                         [1, 5, 32]                --\n" in summary.stdout
    exported = CliRunner().invoke(main, ["export", str(spec), "--to", "pytorch"])
    assert exported.exit_code == 0, exported.stderr
    assert "nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, activation=nn.GELU(), batch_first=True)" in (
        exported.stdout
    )
