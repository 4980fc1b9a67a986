"""Keras's global dtype settings in code: one literal setting made before anything is read into the
weights' byte sizes, any other is refused at its line (tests/keras_dtype_setting_cases.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.code_summaries import assert_refused, read_summary
from tests.keras_dtype_setting_cases import READ, REFUSED


@pytest.mark.parametrize("name", sorted(READ))
def test_read_as_keras_sizes_it(name: str, tmp_path: Path) -> None:
    assert read_summary(tmp_path, READ[name].code)["param_bytes"] == READ[name].param_bytes


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_at_its_line(name: str, tmp_path: Path) -> None:
    assert_refused(tmp_path, REFUSED[name].code, REFUSED[name].where, REFUSED[name].message + "\n")


def test_an_int8_policy_is_refused_at_its_value(tmp_path: Path) -> None:
    code = (
        'import keras\nfrom keras import layers\nkeras.config.set_dtype_policy("int8")\n'
        "model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(2)])\n"
    )
    assert_refused(
        tmp_path,
        code,
        "3:31",
        "keras.config.set_dtype_policy(...): lstmcalc reads the dtypes float16, bfloat16, "
        "float32, float64, mixed_float16, mixed_bfloat16 here, not 'int8'\n",
    )


def test_an_exported_float16_spec_reads_back_in_float16(tmp_path: Path) -> None:
    spec = tmp_path / "model.yaml"
    spec.write_text("dtype: float16\ninput: {shape: [6]}\nlayers:\n  - {type: Dense, units: 8}\n", encoding="utf-8")
    code = tmp_path / "exported.py"
    exported = CliRunner().invoke(main, ["export", str(spec), "--to", "keras", "-o", str(code)])
    assert exported.exit_code == 0, exported.stderr
    result = CliRunner().invoke(main, ["summary", str(code), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert (json.loads(result.stdout)["dtype"], json.loads(result.stdout)["param_bytes"]) == ("float16", 112)
