"""Modules made out of lstmcalc's sight are refused at the call (tests/torch_unseen_cases.py), never
left out of the counts; a module under a second local name is that module."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.code_summaries import assert_refused, read_summary, summarize_code, totals
from tests.torch_unseen_cases import (
    ALIAS_CASES,
    IMPORTED_HELPER,
    NO_FORWARD,
    NOT_MODULES,
    UNKNOWN_MAKERS,
    UNSEEN_CASES,
)


@pytest.mark.parametrize("name", UNSEEN_CASES)
def test_a_module_made_out_of_sight_is_refused_at_its_call(tmp_path: Path, name: str) -> None:
    code, where, message, _ = UNSEEN_CASES[name]
    assert_refused(tmp_path, code, where, message)


@pytest.mark.parametrize("name", UNKNOWN_MAKERS)
def test_a_module_made_by_a_call_that_cannot_run_here_is_refused(tmp_path: Path, name: str) -> None:
    assert_refused(tmp_path, *UNKNOWN_MAKERS[name])


def test_unknown_values_that_are_no_module_are_read(tmp_path: Path) -> None:
    code, expected = NOT_MODULES
    assert totals(read_summary(tmp_path, code)) == expected


def test_an_imported_helper_given_self_is_refused(tmp_path: Path) -> None:
    assert_refused(tmp_path, *IMPORTED_HELPER)


@pytest.mark.parametrize("name", ALIAS_CASES)
def test_a_module_under_a_second_local_name_is_that_module(tmp_path: Path, name: str) -> None:
    code, expected = ALIAS_CASES[name]
    assert totals(read_summary(tmp_path, code)) == expected


def test_a_module_without_forward_has_its_parameters_read(tmp_path: Path) -> None:
    code, expected = NO_FORWARD
    data = read_summary(tmp_path, code)
    assert totals(data) == expected
    assert [layer["name"] for layer in data["layers"]] == ["lstm", "fc"]
    assert data["notes"] == ["Net has no forward method: its parameters are exact; it has no shapes to show"]
    path, refused = summarize_code(tmp_path, code, "--input-shape", "2,3,4")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert (
        refused.stderr
        == f"{path}:4:1: error: class Net has no forward method, so --input-shape has nothing to follow\n"
    )
