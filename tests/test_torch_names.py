"""What a probe against torch 2.13 found lstmcalc misread in the names a model registers (tests/torch_names_cases.py):
names written with a format spec or a conversion are Python's; names torch refuses are refused, at their line, in
torch's words; a buffer set again or replaced holds what torch holds; a Linear holding a tied weight multiplies by
it. The tables read are torchinfo's (the golden files, from tests/oracle/test_torch_names_oracle.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_calc.readers.text_values import format_field, format_text, percent_text
from tests.conftest import ROOT
from tests.test_torch_code import summarize
from tests.test_torch_probe_findings import assert_prints_golden, summary_of
from tests.torch_names_cases import READ, REFUSED, STATE_DICTS

GOLDEN = ROOT / "tests" / "golden" / "torch_names"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_torch_refuses_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    code, shapes, where, message, _ = REFUSED[name]
    path, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted(STATE_DICTS))
def test_the_state_dict_is_torch_s(name: str) -> None:
    code, state_dict = STATE_DICTS[name]
    held = [
        (f"{layer.name}.{weight.name}" if layer.name else weight.name, weight.shape)
        for layer in summarize(code).layers
        for weight in (*layer.weights, *layer.buffers)
    ]  # a list, not a dict: a name listed twice (as a parameter and a buffer) shows
    assert held == list(state_dict.items())


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path: Path, name: str) -> None:
    assert_prints_golden(tmp_path, GOLDEN / f"{name}.txt", *READ[name])


def test_an_unknown_key_is_asked_for_not_an_internal_error(tmp_path: Path) -> None:
    code = REFUSED["module_dict_int_key"][0].replace("{1: nn.Linear(3, 4)}", "{name_of(1): nn.Linear(3, 4)}")
    path, result = summary_of(tmp_path, "from helpers import name_of\n" + code, [])
    assert (result.exit_code, result.stderr) == (
        2,
        f"{path}:12:33: error: lstmcalc cannot know the value of name_of(1) to know the names of the "
        "nn.ModuleDict's modules without running the code; give it with --set 'name_of(1)=VALUE'\n",
    )


def test_formats_are_written_as_python_writes_them_and_stay_short() -> None:
    assert format_text("v{:02d}{!r}", [3, "a"]) == "v03'a'"
    assert percent_text("v%02d_%s%%", [7, 1.5]) == "v07_1.5%"
    assert format_field(2.5, "", ".0f") == "2"
    for text in [format_text("{0}{}", [1, 2]), format_text("{:99999999d}", [1]), format_text("{:{}}", [1, 2])]:
        assert text is None  # Python refuses the first; the others could ask for a billion characters
    for template in ["%0999999d", "%(a)s", "%*d", "%c"]:
        assert percent_text(template, [1]) is None
    assert format_field("a", "", "d") is None  # Python's ValueError: no table, the value is asked for
