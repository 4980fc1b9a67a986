"""Sizes a helper of the file computes in ``__init__`` (tests/torch_helper_value_cases.py): torchinfo's table and
torch's state_dict where lstmcalc asked for ``double(hidden)``, ``self.out_dim`` or
``self.encoder.get_output_dim()`` with --set; a helper that changes or calls anything else is still asked for at
its line, and given torch's value, lstmcalc counts torch's total. One that registers a module, never returns, or
reads a weight's shape out of range is refused there, with --set as without. The helpers' reader is imported
only for code that calls such a helper."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.readers.set_values import set_option
from tests.conftest import ROOT
from tests.test_code_startup import modules_after_summary
from tests.test_torch_probe_findings import assert_prints_golden, assert_refused_at, state_dict_read
from tests.torch_corpus_cases import CASES
from tests.torch_helper_value_cases import ASKED, COUNTED, READ, REFUSED, STATE_DICTS

GOLDEN = ROOT / "tests" / "golden" / "torch_helper_values"
HELPER_READERS = {"lstm_calc.readers.torch_helper_values", "lstm_calc.readers.torch_helper_purity"}


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path, name: str) -> None:
    assert_prints_golden(tmp_path, GOLDEN / f"{name}.txt", *READ[name])


@pytest.mark.parametrize("name", sorted(STATE_DICTS))
def test_the_state_dict_is_torch_s(tmp_path, name: str) -> None:
    assert state_dict_read(tmp_path, READ[name][0]) == STATE_DICTS[name]


@pytest.mark.parametrize("name", sorted(ASKED))
def test_a_helper_not_followed_is_asked_for_at_its_line(tmp_path, name: str) -> None:
    code, (line, column), text, value, total = ASKED[name]
    message = (
        f"lstmcalc cannot know the value of {text} for in_features of nn.Linear without running the code; "
        f"give it with {set_option(text)}"
    )
    assert_refused_at(tmp_path, code, [], f"{line}:{column}", message)
    path = tmp_path / "model.py"
    given = CliRunner().invoke(main, ["summary", str(path), "--set", f"{text}={value}", "--format", "json"])
    assert given.exit_code == 0, given.stderr
    assert json.loads(given.stdout)["total_params"] == total


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_what_python_runs_there_is_counted(tmp_path, name: str) -> None:
    code, total = COUNTED[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total_params"] == total


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_no_value_can_stand_for_is_refused_at_its_line(tmp_path, name: str) -> None:
    code, where, message, given, _ = REFUSED[name]
    assert_refused_at(tmp_path, code, [], where, message)
    assert_refused_at(tmp_path, code, [], where, message, ("--set", given))


def test_the_helpers_reader_is_imported_only_for_code_that_calls_a_helper(tmp_path) -> None:
    case = CASES["mpi_lstm_classifier"]
    arguments = case.arguments(str(ROOT / case.path))
    assert not HELPER_READERS & modules_after_summary(*arguments[: arguments.index("--format")])
    path = tmp_path / "model.py"
    path.write_text(READ["module_functions"][0], encoding="utf-8")
    assert HELPER_READERS <= modules_after_summary(str(path))
