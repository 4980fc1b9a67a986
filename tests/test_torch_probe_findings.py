"""What probes against torch 2.13 found lstmcalc misread (tests/torch_probe_cases.py, and a class of the file
calling its torch.nn base's forward, tests/torch_base_forward_cases.py): calls torch refuses are refused, at their
line, in torch's words where it has them; the models read print torchinfo's table (the golden files of each
collection, tests/golden/<collection>, from tests/oracle/test_torch_probe_findings_oracle.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lstm_calc.cli import main
from tests import (
    torch_base_forward_cases,
    torch_container_insert_cases,
    torch_forward_index_cases,
    torch_mixin_cases,
    torch_partial_cases,
    torch_probe_cases,
    torch_record_call_cases,
)
from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_code import as_torch_gives, summarize

GOLDEN = ROOT / "tests" / "golden" / "torch_probe_findings"
#: The collections of cases: each one's golden directory under tests/golden, and its module (READ, REFUSED).
COLLECTIONS = {
    "torch_probe_findings": torch_probe_cases,
    "torch_base_forward": torch_base_forward_cases,
    "torch_container_insert": torch_container_insert_cases,
    "torch_forward_index": torch_forward_index_cases,
    "torch_mixins": torch_mixin_cases,
    "torch_partial": torch_partial_cases,
    "torch_record_calls": torch_record_call_cases,
}
READ_CASES = [(collection, name) for collection, cases in COLLECTIONS.items() for name in sorted(cases.READ)]
REFUSED_CASES = [(collection, name) for collection, cases in COLLECTIONS.items() for name in sorted(cases.REFUSED)]
#: The cases whose state_dict torch names otherwise than the order they are made in (STATE_DICTS of a collection).
STATE_DICT_CASES = [
    (collection, name)
    for collection, cases in COLLECTIONS.items()
    for name in sorted(getattr(cases, "STATE_DICTS", {}))
]


def summary_of(
    tmp_path: Path, code: str, shapes: list[list[int]], options: tuple[str, ...] = ()
) -> tuple[Path, Result]:
    """``lstmcalc summary`` of ``code``, written to a file, on inputs of ``shapes`` and ``options``: the file and
    the result."""
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    inputs = [option for shape in shapes for option in ("--input-shape", ",".join(map(str, shape)))]
    return path, CliRunner().invoke(main, ["summary", str(path), *inputs, *options])


def assert_prints_golden(tmp_path: Path, golden: Path, code: str, shapes: list[list[int]], notes: str = "") -> None:
    """``lstmcalc summary`` of ``code`` on inputs of ``shapes`` prints the torchinfo table of the file ``golden``
    (as this platform's torchinfo would print it), then ``notes``, and nothing on stderr."""
    _, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here(golden.read_text(encoding="utf-8")) + notes


def state_dict_read(tmp_path: Path, code: str) -> dict[str, tuple[int, ...]]:
    """The state_dict ``lstmcalc summary --format json`` gives for ``code``: each parameter's and buffer's name and
    shape, in its order."""
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return {
        f"{layer['name']}.{weight['name']}": tuple(weight["shape"])
        for layer in json.loads(result.stdout)["layers"]
        for weight in (*layer["weights"], *layer["buffers"])
    }


def assert_refused_at(
    tmp_path: Path, code: str, shapes: list[list[int]], where: str, message: str, options: tuple[str, ...] = ()
) -> None:
    """``lstmcalc summary`` of ``code`` on inputs of ``shapes`` (and ``options``) prints nothing but the error
    ``message`` at ``where`` (``line:column``) of the file, and exits with 2."""
    path, result = summary_of(tmp_path, code, shapes, options)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize(("collection", "name"), REFUSED_CASES)
def test_what_torch_refuses_is_refused_at_its_line(tmp_path: Path, collection: str, name: str) -> None:
    code, shapes, where, message, _ = COLLECTIONS[collection].REFUSED[name]
    assert_refused_at(tmp_path, code, shapes, where, message)


@pytest.mark.parametrize(("collection", "name"), READ_CASES)
def test_the_table_is_torchinfo_s(tmp_path: Path, collection: str, name: str) -> None:
    cases = COLLECTIONS[collection]
    notes = getattr(cases, "READ_NOTES", {}).get(name, "")
    assert_prints_golden(tmp_path, ROOT / "tests" / "golden" / collection / f"{name}.txt", *cases.READ[name], notes)


@pytest.mark.parametrize(("collection", "name"), STATE_DICT_CASES)
def test_the_state_dict_and_totals_are_torch_s(collection: str, name: str) -> None:
    code, shapes = COLLECTIONS[collection].READ[name]
    read = as_torch_gives(summarize(code, shapes))  # type: ignore[arg-type]
    expected = COLLECTIONS[collection].STATE_DICTS[name]
    assert read["state_dict"] == expected
    assert read["params"] == read["trainable"] == sum(math.prod(shape) for shape in expected.values())


@pytest.mark.parametrize("name", sorted(torch_forward_index_cases.GIVEN))
def test_no_set_value_stands_for_an_index_torch_refuses(tmp_path: Path, name: str) -> None:
    code, shapes, where, message, _ = torch_forward_index_cases.REFUSED[name]
    option = ("--set", torch_forward_index_cases.GIVEN[name])
    assert_refused_at(tmp_path, code, shapes, where, message, option)


def test_a_partial_not_the_standard_library_s_stays_unknown(tmp_path: Path) -> None:
    message = (
        "lstmcalc cannot tell which module self.enc is: rnn(8, 16) is not known without running the code; make the "
        "module in __init__ (for example nn.GRU(...) or a class of this file), or give the model as a YAML spec"
    )
    assert_refused_at(tmp_path, torch_partial_cases.NOT_FUNCTOOLS, [[2, 5, 8]], "12:20", message)
