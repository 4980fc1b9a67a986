"""The cases of tests/torch_changed_later_cases.py in torch 2.13 and torchinfo: the golden tables of the models
read; for each --set refused, torch's total and the other total one --set value for both reads gave before
the refusal; for each model changed after making it, torch's total after the change, which is not the one of
the model as its class's __init__ makes it (the count lstmcalc gave before the refusal)."""

from __future__ import annotations

import pytest

from tests.test_torch_changed_later import GOLDEN
from tests.torch_changed_later_cases import (
    CHANGED_AFTER,
    NET_TOTAL,
    READ,
    SET_READ,
    SET_REFUSED,
    UNKNOWN_METHOD,
    changed_after_code,
)
from tests.torch_code_cases import built_module, golden_table_holds, torch_totals

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(SET_READ))
def test_torchinfo_prints_the_golden_table_of_the_set_values(name: str) -> None:
    code, _, shapes = SET_READ[name]
    assert golden_table_holds(GOLDEN, name, code, shapes)


@pytest.mark.parametrize("name", sorted(SET_REFUSED))
def test_one_set_value_for_both_reads_gave_another_total(name: str) -> None:
    code, _, _, _, total, one_value = SET_REFUSED[name]
    assert torch_totals(code)[0] == total != one_value


def test_the_class_alone_holds_what_init_makes() -> None:
    assert torch_totals(changed_after_code("method_sets_a_module").replace("model.grow(3)\n", ""))[0] == NET_TOTAL


@pytest.mark.parametrize("name", sorted(CHANGED_AFTER))
def test_torch_s_total_after_the_change_is_not_init_s(name: str) -> None:
    assert torch_totals(changed_after_code(name))[0] == CHANGED_AFTER[name][3] != NET_TOTAL


def test_torch_has_no_such_method() -> None:
    with pytest.raises(AttributeError, match=UNKNOWN_METHOD[3]):
        built_module(UNKNOWN_METHOD[0])
