"""A Keras class name the file binds to something else too is refused at the call that names it
(tests/keras_rebinding_cases.py; the oracle module checks Keras's totals for each): lstmcalc would read
the class the name says. Aliases that keep the class are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.code_summaries import read_summary, summarize_code
from tests.keras_rebinding_cases import READ, REFUSED


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_rebound_class_name_is_refused_at_its_call(tmp_path: Path, name: str) -> None:
    code, where, called, binding, _ = REFUSED[name]
    path, result = summarize_code(tmp_path, code)
    root = called.split(".")[0]
    message = (
        f"{called} would be read as Keras's {called.split('.')[-1]}, but {binding} binds the name {root} to "
        "something else, so this call may make another layer; lstmcalc reads a Keras class only by a name that "
        "stands for it alone: call it as imported (layers.GRU(8)), or rename the other"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted(READ))
def test_an_alias_that_keeps_the_class_is_read(tmp_path: Path, name: str) -> None:
    code, total = READ[name]
    assert read_summary(tmp_path, code)["total_params"] == total
