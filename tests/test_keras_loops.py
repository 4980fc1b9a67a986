"""Keras code that builds layers in for loops: lstmcalc unrolls a loop over known values and prints
Keras's rows and totals, or refuses at the loop with one located error saying why; and residual
connections written with operators (``x + y``), shown as Keras 3 shows them. The pins are
Keras 3's (tests/keras_loop_cases.py); the bounds are those the PyTorch reader keeps."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.readers.loop_values import MAX_RANGE, MAX_UNROLLED
from tests.code_summaries import assert_refused, read_summary
from tests.keras_loop_cases import OPERATIONS, READ, REFUSED

if TYPE_CHECKING:
    from pathlib import Path

HEADER = "import keras\nfrom keras import layers\n\n"


def _summary(path: Path, *options: str) -> dict:
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json", *options])
    assert result.exit_code == 0, result.stderr
    summary: dict = json.loads(result.stdout)
    return summary


def _rows(summary: dict) -> tuple[tuple[str, tuple[int | None, ...], int], ...]:
    return tuple((row["name"], tuple(row["output_shape"]), row["params"]) for row in summary["layers"])


def _totals(summary: dict) -> tuple[int, int, int]:
    return summary["total_params"], summary["trainable_params"], summary["non_trainable_params"]


def _refusal(path: Path, code: str, *options: str) -> tuple[int, str, str]:
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), *options])
    return result.exit_code, result.stdout, result.stderr.removeprefix(f"{path}:")


@pytest.mark.parametrize("name", sorted({**READ, **OPERATIONS}))
def test_unrolled_as_keras_builds_it(name: str, tmp_path: Path) -> None:
    case = READ[name] if name in READ else OPERATIONS[name]
    (tmp_path / "model.py").write_text(case.code, encoding="utf-8")
    summary = _summary(tmp_path / "model.py")
    assert (_rows(summary), _totals(summary)) == (case.rows, case.totals)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_at_the_loop(name: str, tmp_path: Path) -> None:
    case = REFUSED[name]
    assert _refusal(tmp_path / "model.py", case.code) == (2, "", f"{case.where}: error: {case.message}\n")


def test_a_loop_over_a_set_value_is_unrolled(tmp_path: Path) -> None:
    """The loop over values read while running, once --set gives them, is the stacked case Keras prints."""
    case = REFUSED["loop_over_values_read_while_running"]
    path = tmp_path / "model.py"
    path.write_text(case.code, encoding="utf-8")
    summary = _summary(path, "--set", "sizes=[32, 16]")
    assert [row["name"] for row in summary["layers"]] == ["input_layer", "lstm", "lstm_1", "dense"]
    assert _totals(summary) == case.totals


def test_a_range_longer_than_the_bound_is_refused_at_the_range(tmp_path: Path) -> None:
    code = HEADER + f"x = inputs = keras.Input((4,))\nfor i in range({MAX_RANGE + 1}):\n    x = layers.Dense(4)(x)\n"
    code += "model = keras.Model(inputs, x)\n"
    assert _refusal(tmp_path / "model.py", code) == (
        2,
        "",
        f"5:10: error: lstmcalc follows a range of at most {MAX_RANGE:,} steps here; this one has {MAX_RANGE + 1:,}\n",
    )


def test_loops_past_the_bound_in_all_are_refused_at_the_loop_that_passes_it(tmp_path: Path) -> None:
    """Each range is within its bound; the third loop's passes take the steps in all past MAX_UNROLLED."""
    code = HEADER + "x = inputs = keras.Input((4,))\n"
    code += f"for i in range({MAX_RANGE}):\n    units = i * 2\n" * 3  # 5 steps a pass (a statement, 4 expressions)
    code += "model = keras.Model(inputs, layers.Dense(units)(x))\n"
    assert 2 * 5 * MAX_RANGE <= MAX_UNROLLED < 3 * 5 * MAX_RANGE
    assert _refusal(tmp_path / "model.py", code) == (
        2,
        "",
        f"9:10: error: the loops of this code take more than {MAX_UNROLLED:,} steps in all (a step: a statement "
        "or expression of one pass); lstmcalc unrolls no more\n",
    )


def test_a_training_loop_lstmcalc_cannot_unroll_leaves_the_model_read(tmp_path: Path) -> None:
    """A loop the model does not need (over data, epochs given on the command line) refuses nothing."""
    code = HEADER + (
        "import sys\n"
        "model = keras.Sequential([keras.Input(shape=(10, 4)), layers.LSTM(8), layers.Dense(1)])\n"
        "for epoch in range(int(sys.argv[1])):\n"
        "    history = model.fit(x, y)\n"
        "while True:\n"
        "    break\n"
    )
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    assert _totals(_summary(path)) == (425, 425, 0)


def test_a_layer_chosen_by_a_condition_only_running_the_code_decides_is_asked_for(tmp_path) -> None:
    code = (
        "import sys\n\nimport keras\nfrom keras import layers\n\n"
        "inputs = keras.Input(shape=(12, 3))\n"
        "x = layers.GRU(4)(inputs) if sys.argv[1] == 'gru' else layers.LSTM(4)(inputs)\n"
        "model = keras.Model(inputs, x)\n"
    )
    assert_refused(
        tmp_path,
        code,
        "7:30",
        "cannot evaluate 'sys.argv[1]' (which of the two the code takes) without running the code; give its value "
        "with --set 'sys.argv[1]=VALUE'",
    )
    # Keras 3.15 counts 128 for LSTM(4) on 3 features.
    assert read_summary(tmp_path, code, "--set", "sys.argv[1]=lstm")["total_params"] == 128
