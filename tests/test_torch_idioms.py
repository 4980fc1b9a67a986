"""The idioms of tests/torch_idiom_cases.py as torch builds and runs them: state_dict names and shapes,
totals and every module call as torch 2.13 gives them (the oracle runs each), torchinfo 1.8's table
(golden files the oracle checks), and what torch refuses refused at its line."""

from __future__ import annotations

from typing import Any

import pytest

from lstm_calc.errors import SpecError
from tests.test_torch_code import as_torch_gives, summarize, torchinfo_table
from tests.torch_idiom_cases import (
    CASES,
    EXPECTED,
    NONE_REFUSED,
    REFUSED,
    SHARED_CASES,
    SHARED_EXPECTED,
    refused_code,
)


@pytest.mark.parametrize("name", CASES)
def test_read_as_torch_builds_and_runs_it(name: str) -> None:
    code, shapes = CASES[name]
    read = as_torch_gives(summarize(code, shapes))
    assert read == EXPECTED[name]
    assert list(read["state_dict"]) == list(EXPECTED[name]["state_dict"])  # in torch's order


@pytest.mark.parametrize("name", SHARED_CASES)
def test_modules_of_a_slice_are_the_same_modules(name: str) -> None:
    code, shapes = SHARED_CASES[name]
    summary = summarize(code, shapes)
    read, expected = as_torch_gives(summary), SHARED_EXPECTED[name]
    assert read["state_dict"] == expected["named_parameters"]  # each parameter once, under its first name
    assert (read["params"], read["trainable"]) == (expected["parameters"], expected["trainable"])
    # every other name the state_dict lists is in a note
    others = [key for key in expected["state_dict"] if key not in expected["named_parameters"]]
    assert others and all(any(key in note for note in summary.notes) for key in others[:4])


@pytest.mark.parametrize("name", [*CASES, *SHARED_CASES])
def test_torchinfo_s_table(name: str, golden: Any) -> None:
    code, shapes = {**CASES, **SHARED_CASES}[name]
    summary = summarize(code, shapes)
    table, notes = torchinfo_table(summary)
    golden(f"torchinfo/idioms_{name}.out", table)
    assert notes == list(summary.notes)
    assert bool(notes) == (name in SHARED_CASES)  # the notes on modules held under two names


@pytest.mark.parametrize(("container", "where", "message"), REFUSED)
def test_what_cannot_be_followed_is_refused_at_its_line(container: str, where: str, message: str) -> None:
    with pytest.raises(SpecError) as refused:
        summarize(refused_code(container), [[2, 4]])
    assert str(refused.value) == f"model.py:{where}: error: {message}"


def test_a_none_registered_under_a_child_s_name_is_refused_as_torch_refuses_it() -> None:
    statement, words = NONE_REFUSED
    with pytest.raises(SpecError) as refused:
        summarize(refused_code("None").replace("self.x = None", statement), [[2, 4]])
    assert str(refused.value) == f'model.py:19:9: error: torch refuses this (KeyError: "{words}")'
