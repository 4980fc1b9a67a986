"""Which parameters are trainable, as torch 2.13 makes them (tests/torch_trainable_cases.py): read where
lstmcalc can tell what a requires_grad change applies to, refused at its line where it cannot, and a
class made twice with different arguments refused rather than read from its first instance."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.code_summaries import assert_refused, read_summary, summarize_code, totals
from tests.torch_trainable_cases import READ_CASES, REFUSED_CASES, SHARED_DEFAULT, TWICE, TWICE_ALIKE, TWICE_REFUSED

TWICE_MESSAGE = (
    "Net is made more than once at module level (lines {first} and {second}), and the instances may differ: "
    "lstmcalc cannot tell which is the model; keep one instantiation, or give __init__'s arguments with --set "
    "(they then hold for every instance)"
)


@pytest.mark.parametrize("name", READ_CASES)
def test_requires_grad_is_read_as_torch_sets_it(tmp_path: Path, name: str) -> None:
    code, expected = READ_CASES[name]
    assert totals(read_summary(tmp_path, code)) == expected


@pytest.mark.parametrize("name", REFUSED_CASES)
def test_a_freeze_lstmcalc_cannot_place_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    code, where, message, _ = REFUSED_CASES[name]
    assert_refused(tmp_path, code, where, message)


def test_a_class_made_twice_with_different_arguments_is_refused(tmp_path: Path) -> None:
    path, result = summarize_code(tmp_path, TWICE)
    assert (result.exit_code, result.stdout) == (2, "")
    where, _ = TWICE_REFUSED
    assert result.stderr == f"{path}:{where}: error: {TWICE_MESSAGE.format(first=13, second=14)}\n"


def test_the_arguments_given_with_set_settle_which_instance(tmp_path: Path) -> None:
    assert totals(read_summary(tmp_path, TWICE, "--set", "hidden=100")) == TWICE_REFUSED[1]


def test_a_class_made_twice_alike_is_read(tmp_path: Path) -> None:
    code, expected = TWICE_ALIKE
    assert totals(read_summary(tmp_path, code)) == expected


def test_a_list_default_the_first_instance_changes_makes_them_differ(tmp_path: Path) -> None:
    code, where, _ = SHARED_DEFAULT
    path, result = summarize_code(tmp_path, code)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{path}:{where}: error: {TWICE_MESSAGE.format(first=14, second=15)}\n"
