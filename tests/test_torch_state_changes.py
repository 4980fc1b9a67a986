"""What changes a module past ``self.x = ...`` (tests/torch_state_changes_cases.py): nn.Module.__init__ run again
drops what was registered before, as torch does (torchinfo's table, the golden files); a forward reading what it
dropped is refused in torch's words; writes to torch's own dicts and a child's ``__init__`` run again are refused
at their line; a hook or a class's own ``__call__`` stops forward's shapes at that call, with a note naming it
(lstmcalc's golden tables, which tests/oracle/test_torch_state_changes_oracle.py checks against torchinfo's)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.test_torch_probe_findings import assert_prints_golden, assert_refused_at, state_dict_read
from tests.torch_state_changes_cases import READ, REFUSED, STATE_DICTS, STOPPED, UNFOLLOWED

GOLDEN = ROOT / "tests" / "golden" / "torch_state_changes"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path, name: str) -> None:
    assert_prints_golden(tmp_path, GOLDEN / f"{name}.txt", *READ[name])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_torch_refuses_is_refused_at_its_line(tmp_path, name: str) -> None:
    code, shapes, where, message, _ = REFUSED[name]
    assert_refused_at(tmp_path, code, shapes, where, message)


@pytest.mark.parametrize("name", sorted(UNFOLLOWED))
def test_what_lstmcalc_cannot_count_is_refused_at_its_line(tmp_path, name: str) -> None:
    code, where, message = UNFOLLOWED[name]
    assert_refused_at(tmp_path, code, [], where, message)


@pytest.mark.parametrize("name", sorted(STOPPED))
def test_shapes_stop_at_a_hook_or_own_call(tmp_path, name: str) -> None:
    assert_prints_golden(tmp_path, GOLDEN / f"stopped_{name}.txt", *STOPPED[name])


@pytest.mark.parametrize("name", sorted(STATE_DICTS))
def test_the_state_dict_is_torch_s(tmp_path, name: str) -> None:
    assert state_dict_read(tmp_path, READ[name][0]) == STATE_DICTS[name]
