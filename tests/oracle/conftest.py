"""Fixtures of the oracle suite that do not need Keras itself (its helpers are in scaffold.py).

The oracle tests compare lstmcalc with a real Keras 3 and torch.nn install. Everything
here only touches lstmcalc, YAML and the environment, so this file imports fine without
Keras; each ``test_*_oracle.py`` skips itself when Keras or torch is missing, and imports
``keras_side.py`` (which imports Keras) only after that check.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

# Keras reads the backend once, at import; pick torch before anything imports Keras.
os.environ.setdefault("KERAS_BACKEND", "torch")

#: Both Keras and lstmcalc size the summary table from the terminal width.
TERMINAL_COLUMNS = 80


@dataclass(frozen=True)
class CliResult:
    """What ``lstmcalc`` printed and how it exited."""

    exit_code: int
    stdout: str
    stderr: str
    spec_path: str


@pytest.fixture
def terminal_columns(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pretend the terminal is ``TERMINAL_COLUMNS`` wide for Keras, rich and lstmcalc alike."""
    monkeypatch.setenv("COLUMNS", str(TERMINAL_COLUMNS))
    monkeypatch.delenv("LINES", raising=False)
    return TERMINAL_COLUMNS


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., CliResult]:
    """Write spec text to ``spec.yaml`` in a temporary directory and run ``lstmcalc summary`` on it.

    Extra arguments go after the spec path, e.g. ``run_cli(text, "--format", "json")``.
    The command runs as in a terminal ``columns`` wide.
    """
    from lstm_calc.cli import main

    def run(spec_text: str, *arguments: str, columns: int = TERMINAL_COLUMNS) -> CliResult:
        path = tmp_path / "spec.yaml"
        path.write_text(spec_text, encoding="utf-8")
        runner = CliRunner()
        result = runner.invoke(
            main,
            ["summary", str(path), *arguments],
            env={"COLUMNS": str(columns), "LINES": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None},
            catch_exceptions=False,
        )
        return CliResult(result.exit_code, result.stdout, result.stderr, str(path))

    return run
