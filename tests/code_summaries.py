"""Running ``lstmcalc summary`` on a piece of model code written to ``model.py``, as the tests of the
code readers do: its JSON totals when it is read, its one located error when it is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from lstm_calc.cli import main


def summarize_code(tmp_path: Path, code: str, *arguments: str) -> tuple[Path, Result]:
    """``lstmcalc summary model.py --format json ARGUMENTS`` of ``code``: the file's path and the run."""
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    return path, CliRunner().invoke(main, ["summary", str(path), "--format", "json", *arguments])


def read_summary(tmp_path: Path, code: str, *arguments: str) -> dict[str, Any]:
    """The JSON summary of ``code``, which must be read (exit 0)."""
    _, result = summarize_code(tmp_path, code, *arguments)
    assert result.exit_code == 0, result.stderr
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def totals(summary: dict[str, Any]) -> tuple[int, int]:
    """A JSON summary's total and trainable parameter counts."""
    return summary["total_params"], summary["trainable_params"]


def assert_refused(tmp_path: Path, code: str, where: str, message: str, *arguments: str) -> None:
    """``code`` is refused with exit 2, nothing on stdout and one error line at ``where`` (``line:col``)
    that starts with ``message``."""
    path, result = summarize_code(tmp_path, code, *arguments)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:{where}: error: {message}")
    assert result.stderr.count("\n") == 1
