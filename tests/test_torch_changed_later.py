"""Values and models that change after lstmcalc first reads them (tests/torch_changed_later_cases.py): a dict or
list ``__init__`` changes in place with known values is followed, as torch builds the model (torchinfo's table,
the golden files); a --set value the code would read before and after a change lstmcalc cannot follow, and a
model changed by module-level code through its methods or torch's functions, are refused at their line (each
would have given another total than torch's: tests/oracle/test_torch_changed_later_oracle.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_probe_findings import summary_of
from tests.torch_changed_later_cases import (
    CHANGED_AFTER,
    READ,
    SET_READ,
    SET_REFUSED,
    UNKNOWN_METHOD,
    changed_after_code,
)

GOLDEN = ROOT / "tests" / "golden" / "torch_changed_later"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path, name: str) -> None:
    _, result = summary_of(tmp_path, *READ[name])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SET_READ))
def test_a_set_value_read_around_another_change_is_torchinfo_s(tmp_path, name: str) -> None:
    code, sets, shapes = SET_READ[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    options = [part for value in sets for part in ("--set", value)]
    options += [part for shape in shapes for part in ("--input-shape", ",".join(map(str, shape)))]
    result = CliRunner().invoke(main, ["summary", str(path), *options])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SET_REFUSED))
def test_a_set_value_read_at_two_states_is_refused(tmp_path, name: str) -> None:
    code, sets, where, message, _, _ = SET_REFUSED[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    options = [part for value in sets for part in ("--set", value)]
    result = CliRunner().invoke(main, ["summary", str(path), *options])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:{where}: error: {message}")


@pytest.mark.parametrize("name", sorted(CHANGED_AFTER))
def test_a_model_changed_after_making_it_is_refused_at_the_change(tmp_path, name: str) -> None:
    _, where, message, _ = CHANGED_AFTER[name]
    path, result = summary_of(tmp_path, changed_after_code(name), [])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


def test_a_method_lstmcalc_cannot_read_is_refused_at_the_call(tmp_path) -> None:
    code, where, message, _ = UNKNOWN_METHOD
    path, result = summary_of(tmp_path, code, [])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")
