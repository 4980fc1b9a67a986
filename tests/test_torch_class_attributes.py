"""Class attributes read as Python looks them up (tests/torch_class_attribute_cases.py, totals from
torch 2.13): ``self.hidden`` from the class body through the method resolution order, ``Config.hidden``
of a plain class, in ``__init__`` and in ``forward``; asked for at the use wherever the class attribute
may not be what the code reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.readers.set_values import set_option
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_class_attribute_cases import ASKED_CASES, FORWARD_CASE, READ_CASES


def _summary(tmp_path: Path, code: str) -> tuple[Path, object]:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    return path, CliRunner().invoke(main, ["summary", str(path), "--format", "json"])


@pytest.mark.parametrize("name", READ_CASES)
def test_a_class_attribute_is_read_as_python_looks_it_up(tmp_path: Path, name: str) -> None:
    code, totals = READ_CASES[name]
    _, result = _summary(tmp_path, code)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["total_params"], data["trainable_params"]) == totals


def test_forward_reads_class_attributes_too() -> None:
    code, shapes, totals, output = FORWARD_CASE
    found = as_torch_gives(summarize(code, shapes))
    assert (found["params"], found["trainable"]) == totals
    assert found["calls"][-1] == ("fc", 1, (output,))


@pytest.mark.parametrize("name", ASKED_CASES)
def test_a_class_attribute_that_may_differ_is_asked_for_at_its_use(tmp_path: Path, name: str) -> None:
    code, (line, column), text, _ = ASKED_CASES[name]
    path, result = _summary(tmp_path, code)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:{line}:{column}: error: lstmcalc cannot know the value of {text} ")
    assert result.stderr.endswith(f"give it with {set_option(text)}\n")
