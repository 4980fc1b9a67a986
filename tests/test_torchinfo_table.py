"""``summary`` of a PyTorch model prints torchinfo's table: pinned texts (tests/golden/torchinfo, held
to real torchinfo by tests/oracle/test_torchinfo_table_oracle.py), --depth and the table options."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lstm_calc import terminal
from tests.conftest import SPECS
from tests.torchinfo_table_cases import CASES, NESTED_COLUMNS, NESTED_DEPTHS, TorchinfoCase, nested_calls


def _spec_path(tmp_path: Path, case: TorchinfoCase) -> str:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(case.spec, sort_keys=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_pytorch_summary_is_torchinfo_text(run, golden, tmp_path: Path, case: TorchinfoCase) -> None:
    result = run("summary", _spec_path(tmp_path, case), *case.options)
    assert result.exit_code == 0
    golden(f"torchinfo/{case.name}.out", result.output)


def test_same_text_on_a_terminal(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """torchinfo prints one text wherever stdout goes; so does lstmcalc (no rich, no width)."""
    path = _spec_path(tmp_path, CASES[0])
    piped = run("summary", path).output
    monkeypatch.setattr(terminal, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    assert run("summary", path).output == piped


def test_unknown_sizes_are_named_under_the_table(run) -> None:
    output = run("summary", str(SPECS / "bidirectional_encoder_pytorch.yaml")).output
    assert output.splitlines()[3] == "BidirectionalEncoder                     [1, 5]                    --"
    assert output.endswith("=" * 90 + "\nUnknown sizes set to 8 (batch 1) for torchinfo's input_size: (1, 8, 80)\n")


def test_notes_follow_the_last_rule(tmp_path: Path) -> None:
    from lstm_calc.api import summarize_file
    from lstm_calc.render.torchinfo_table import render_torchinfo

    summary = summarize_file(_spec_path(tmp_path, CASES[0]))
    text = render_torchinfo(summary._replace(notes=("line 3: forward was not followed past here",)))
    assert text.endswith("=" * 90 + "\nline 3: forward was not followed past here\n")


def test_ascii_only_output_uses_torchinfo_ascii_prefixes(tmp_path: Path) -> None:
    from lstm_calc.api import summarize_file
    from lstm_calc.render.torchinfo_table import render_torchinfo

    text = render_torchinfo(summarize_file(_spec_path(tmp_path, CASES[0]), torchinfo_table=True), ascii_only=True)
    assert "+ LSTM: 1-1  " in text
    assert "├" not in text


def test_keras_summary_keeps_keras_table(run) -> None:
    result = run("summary", str(SPECS / "gru_sentiment.yaml"))
    assert result.exit_code == 0
    assert "Layer (type:depth-idx)" not in result.output
    assert "Layer (type)" in result.output


@pytest.mark.parametrize(
    ("spec", "options", "message"),
    [
        (
            "gru_sentiment.yaml",
            ("--depth", "1"),
            "Error: --depth is torchinfo's depth, for PyTorch models (framework: pytorch); 'gru_sentiment' is a "
            "Keras model whose table has one row per layer\n",
        ),
        (
            "bidirectional_encoder_pytorch.yaml",
            ("--depth", "1", "--format", "json"),
            "Error: --depth sets how deep torchinfo's table goes; --format json has every layer\n",
        ),
        (
            "bidirectional_encoder_pytorch.yaml",
            ("--depth", "1", "--stats"),
            "Error: --depth sets how deep torchinfo's table goes; --stats prints lstmcalc's own table\n",
        ),
        (
            "bidirectional_encoder_pytorch.yaml",
            ("--line-length", "100"),
            "Error: --line-length sets Keras's table width; torchinfo's columns are 25 characters wide\n",
        ),
        (
            "bidirectional_encoder_pytorch.yaml",
            ("--columns", "output_size,connected_to"),
            "Error: torchinfo's table has no connected_to column; choose from input_size, output_size, "
            "num_params, params_percent, mult_adds, trainable\n",
        ),
    ],
)
def test_refused_table_options(run, spec: str, options: tuple[str, ...], message: str) -> None:
    result = run("summary", str(SPECS / spec), *options)
    assert result.exit_code == 2
    assert result.stderr.endswith(message)
    assert result.stdout == ""


def test_negative_depth_is_a_usage_error(run) -> None:
    result = run("summary", str(SPECS / "bidirectional_encoder_pytorch.yaml"), "--depth", "-1")
    assert result.exit_code == 2
    assert "Invalid value for '--depth': -1 is not in the range x>=0." in result.stderr


@pytest.mark.parametrize("depth", NESTED_DEPTHS)
def test_nested_module_calls(golden, depth: int) -> None:
    """A container (Sequential) with a frozen child: leftover counts, Partial, its children's Mult-Adds."""
    from lstm_calc.render.torchinfo_table import render_torchinfo
    from lstm_calc.summary import ModelSummary

    summary = ModelSummary(
        "nested", "pytorch", "float32", (None, 7, 10), (), module_calls=nested_calls(), torchinfo_calls=nested_calls(1)
    )
    golden(f"torchinfo/nested_calls.depth{depth}.out", render_torchinfo(summary, depth, NESTED_COLUMNS))
