"""Shared fixtures: the CLI runner, paths, and golden files.

Golden files pin whole outputs. To rewrite them on purpose after a deliberate change,
run ``pytest --update-golden`` and review the diff.

Parametrized cases are named for ``pytest -v`` and for failures: numbers and flags by
their argument (``depth1001``, ``bias``, ``no_bias``) here, in ``pytest_make_parametrize_id``;
anything larger by an ``ids=`` at the test (helpers in ``tests/case_ids.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.case_ids import LIMIT, slug

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from current output")


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """A number, a flag or None named by its argument; a string with spaces or line breaks made one word.

    pytest would write a bare ``1001`` or ``True``, which says nothing in ``pytest -v``. Other values
    are left to pytest (strings as they are); tests that parametrize lists or mappings give ``ids=``.
    """
    if val is None:
        return f"no_{argname}"
    if isinstance(val, bool):
        return argname if val else f"no_{argname}"
    if isinstance(val, (int, float)):
        return f"{argname}{val}"
    if isinstance(val, str) and (not val.isprintable() or " " in val or len(val) > LIMIT):
        return slug(val)
    return None


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Run ``lstmcalc`` with arguments (and optional stdin) in a pipe-like 80-column environment."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):
        return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)

    return invoke


def as_torchinfo_prints_here(text: str) -> str:
    """``text`` recorded from torchinfo 1.8 on Python 3.11 or later, as it prints on this Python: its
    mult-adds unit is a str Enum, ``(Units.MEGABYTES)`` from 3.11 and ``(M)`` before (lstmcalc does the same)."""
    if sys.version_info >= (3, 11):
        return text
    for name, letter in (("MEGABYTES", "M"), ("GIGABYTES", "G"), ("TERABYTES", "T")):
        text = text.replace(f"(Units.{name})", f"({letter})")
    return text


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with ``tests/golden/NAME``, or rewrite it under ``--update-golden``."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
        assert text == as_torchinfo_prints_here(path.read_text(encoding="utf-8"))

    return check


def stats_or_none(summary):
    """The ``--stats`` figures of a generated summary, or None where ``--stats`` asks for sizes
    instead (a shape with two axes of unknown size: tests/test_stats_compare.py pins that)."""
    from lstm_calc.stats import StatsError, model_stats

    try:
        return model_stats(summary, None, None)
    except StatsError:
        return None
